package surfaces

import "math"

// analytic is what every closed-form function shares: one "point" (batch is
// ignored) and its Info.
type analytic struct{ info *Info }

func (a analytic) Points() int { return 1 }
func (a analytic) Info() *Info { return a.info }

// rosenbrock is (1 - w)^2 + 100*(b - w^2)^2 (a = 1, b = 100): a curved,
// flat-bottomed valley; the minimum (1, 1) is easy to reach and slow to
// walk to along the valley.
type rosenbrock struct{ analytic }

func newRosenbrock() Surface {
	return rosenbrock{analytic{&Info{
		Name:  "rosenbrock",
		Title: "Rosenbrock's banana valley",
		About: "L = (1 − w)² + 100 (b − w²)²: the classic curved valley (a = 1, " +
			"b = 100). Every method finds the valley at once; walking its flat, " +
			"bending floor to the minimum (1, 1) is the hard part. Gradient " +
			"descent needs a small eta (the walls are steep: curvature up to " +
			"about 5000 in the box) and then crawls; momentum and Adam follow " +
			"the bend; Newton's method gets there in a few steps.",
		Box:         Box{-2, 2, -1, 3},
		Starts:      []Point{{-1.2, 1}, {-1.5, 2.5}, {1.5, -0.5}},
		Minima:      []Point{{1, 1}},
		LogHeight:   true,
		HeightLabel: "log(1 + L),  L = (1 − w)² + 100 (b − w²)²",
		Etas:        []float64{0.0001, 0.0002, 0.0005, 0.001, 0.002},
		LR: map[string]float64{
			"gd": 0.001, "momentum": 0.0002, "nag": 0.0002,
			"adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05, "nadam": 0.05,
			"amsgrad": 0.05, "newton": 1,
		},
	}}}
}

func (rosenbrock) Loss(w, b float64, _ []uint8) float64 {
	p, q := 1-w, b-w*w
	return p*p + 100*q*q
}

func (rosenbrock) Grad(w, b float64, _ []uint8) (dw, db float64) {
	q := b - w*w
	return -2*(1-w) - 400*w*q, 200 * q
}

func (rosenbrock) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	return 2 - 400*b + 1200*w*w, -400 * w, 200
}

// beale is Beale's function: three squared residuals, flat on the line
// w = 0 and steep towards the corners.
type beale struct{ analytic }

func newBeale() Surface {
	return beale{analytic{&Info{
		Name:  "beale",
		Title: "Beale's function",
		About: "L = (1.5 − w + wb)² + (2.25 − w + wb²)² + (2.625 − w + wb³)²: " +
			"a flat basin (on the line w = 0 the loss is 14.2 whatever b is) " +
			"walled by slopes that grow like b⁶ towards the corners; one " +
			"minimum, L(3, 0.5) = 0, at the end of a narrow curved valley. " +
			"Fixed steps either stall on the flats or blow up on the walls; the " +
			"adaptive rules handle both.",
		Box:         Box{-4.5, 4.5, -4.5, 4.5},
		Starts:      []Point{{1, 1.5}, {2.5, -2}},
		Minima:      []Point{{3, 0.5}},
		LogHeight:   true,
		HeightLabel: "log(1 + L),  Beale's function",
		Etas:        []float64{0.0001, 0.0005, 0.001, 0.005, 0.01},
		LR: map[string]float64{
			"gd": 0.002, "momentum": 0.0005, "nag": 0.0005,
			"adagrad": 0.5, "rmsprop": 0.01, "adam": 0.05, "nadam": 0.05,
			"amsgrad": 0.05, "newton": 1,
		},
	}}}
}

// bealeTerms returns the residuals t_k = c_k - w + w*b^k, k = 1, 2, 3.
func bealeTerms(w, b float64) (t1, t2, t3 float64) {
	b2 := b * b
	return 1.5 - w + w*b, 2.25 - w + w*b2, 2.625 - w + w*b2*b
}

func (beale) Loss(w, b float64, _ []uint8) float64 {
	t1, t2, t3 := bealeTerms(w, b)
	return t1*t1 + t2*t2 + t3*t3
}

// Grad: dt_k/dw = b^k - 1, dt_k/db = k*w*b^(k-1).
func (beale) Grad(w, b float64, _ []uint8) (dw, db float64) {
	t1, t2, t3 := bealeTerms(w, b)
	b2 := b * b
	dw = 2 * (t1*(b-1) + t2*(b2-1) + t3*(b2*b-1))
	db = 2 * (t1*w + t2*2*w*b + t3*3*w*b2)
	return dw, db
}

// Hessian: 2*sum_k (grad t_k grad t_k^T + t_k * hess t_k), with
// hess t_k = [[0, k*b^(k-1)], [k*b^(k-1), k*(k-1)*w*b^(k-2)]].
func (beale) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	t1, t2, t3 := bealeTerms(w, b)
	b2 := b * b
	w1, w2, w3 := b-1, b2-1, b2*b-1
	v1, v2, v3 := w, 2*w*b, 3*w*b2
	hww = 2 * (w1*w1 + w2*w2 + w3*w3)
	hwb = 2 * (w1*v1 + w2*v2 + w3*v3 + t1 + t2*2*b + t3*3*b2)
	hbb = 2 * (v1*v1 + v2*v2 + v3*v3 + t2*2*w + t3*6*w*b)
	return hww, hwb, hbb
}

// himmelblau is Himmelblau's function: four global minima of equal depth,
// so where a ball ends depends on where it starts and how it moves.
type himmelblau struct{ analytic }

// himmelblauMinima are the four zeros of Himmelblau's function, solved with
// Newton's method to full float64 precision (the tests check them).
var himmelblauMinima = []Point{
	{3, 2},
	{-2.805118086952745, 3.131312518250573},
	{-3.779310253377747, -3.283185991286170},
	{3.584428340330492, -1.848126526964404},
}

func newHimmelblau() Surface {
	return himmelblau{analytic{&Info{
		Name:  "himmelblau",
		Title: "Himmelblau's four minima",
		About: "L = (w² + b − 11)² + (w + b² − 7)²: four minima, all at L = 0 " +
			"(at (3, 2) and three irrational points), a local maximum near " +
			"(−0.27, −0.92) and four saddles. Balls started close together " +
			"can end in different minima; momentum can carry a ball past the " +
			"nearest one.",
		Box:         Box{-6, 6, -6, 6},
		Starts:      []Point{{0, 0}, {-0.5, -1.5}, {0.5, 4.5}},
		Minima:      append([]Point(nil), himmelblauMinima...),
		LogHeight:   true,
		HeightLabel: "log(1 + L),  Himmelblau's function",
		Etas:        []float64{0.001, 0.005, 0.01, 0.02, 0.05},
		LR: map[string]float64{
			"gd": 0.01, "momentum": 0.002, "nag": 0.002,
			"adagrad": 1, "rmsprop": 0.01, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	}}}
}

func (himmelblau) Loss(w, b float64, _ []uint8) float64 {
	p, q := w*w+b-11, w+b*b-7
	return p*p + q*q
}

func (himmelblau) Grad(w, b float64, _ []uint8) (dw, db float64) {
	p, q := w*w+b-11, w+b*b-7
	return 4*w*p + 2*q, 2*p + 4*b*q
}

func (himmelblau) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	return 12*w*w + 4*b - 42, 4 * (w + b), 12*b*b + 4*w - 26
}

// saddle is w^2 - b^2 made bounded below by b^4/8.
type saddle struct{ analytic }

func newSaddle() Surface {
	return saddle{analytic{&Info{
		Name:  "saddle",
		Title: "A saddle point",
		About: "L = w² − b² + b⁴/8: near the origin exactly the saddle w² − b² " +
			"(the gradient is zero there, the curvature +2 along w and −2 along " +
			"b); the b⁴/8 term bends the falling sides back up so that the " +
			"surface is bounded below, with two minima (0, ±2) at L = −2. A " +
			"ball started near the ridge b = 0 slides to the saddle, stalls " +
			"where the gradient vanishes and only slowly rolls off to one side; " +
			"exactly on the ridge it stays. Newton's method, which jumps to " +
			"where the quadratic model is flat, is drawn to the saddle itself.",
		Box:         Box{-4, 4, -4, 4},
		Starts:      []Point{{-3.5, 0.05}, {3, -1}, {-3.5, 0}},
		Minima:      []Point{{0, -2}, {0, 2}},
		MinLoss:     -2,
		HeightLabel: "L = w² − b² + b⁴/8",
		LR: map[string]float64{
			"gd": 0.1, "momentum": 0.05, "nag": 0.05,
			"adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	}}}
}

func (saddle) Loss(w, b float64, _ []uint8) float64 {
	b2 := b * b
	return w*w - b2 + b2*b2/8
}

func (saddle) Grad(w, b float64, _ []uint8) (dw, db float64) {
	return 2 * w, -2*b + b*b*b/2
}

func (saddle) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	return 2, 0, -2 + 1.5*b*b
}

// bowl is an ill-conditioned quadratic, 1/2*(w^2 + 25*b^2).
type bowl struct{ analytic }

// bowlK is the bowl's condition number: the curvature along b over that
// along w.
const bowlK = 25

func newBowl() Surface {
	return bowl{analytic{&Info{
		Name:  "bowl",
		Title: "An ill-conditioned bowl",
		About: "L = ½ (w² + 25 b²): a quadratic whose curvature is 25 times " +
			"larger along b than along w (condition number 25). Gradient " +
			"descent must keep eta below 2/25 = 0.08 or it diverges along b, " +
			"and with such an eta it zig-zags across b while crawling along w. " +
			"Momentum and Nesterov smooth the zig-zag; the adaptive rules, " +
			"which scale each coordinate on its own, undo this axis-aligned " +
			"ill-conditioning; Newton's method lands on the minimum (0, 0) in " +
			"one step.",
		Box:         Box{-6, 6, -6, 6},
		Starts:      []Point{{-5, 2}, {5, -4}, {-2, 5}},
		Minima:      []Point{{0, 0}},
		HeightLabel: "L = ½ (w² + 25 b²)",
		Etas:        []float64{0.01, 0.02, 0.04, 0.07},
		LR: map[string]float64{
			"gd": 0.07, "momentum": 0.02, "nag": 0.02,
			"adagrad": 2, "rmsprop": 0.02, "adam": 0.3, "nadam": 0.3,
			"amsgrad": 0.3, "newton": 1,
		},
	}}}
}

func (bowl) Loss(w, b float64, _ []uint8) float64 { return 0.5 * (w*w + bowlK*b*b) }

func (bowl) Grad(w, b float64, _ []uint8) (dw, db float64) { return w, bowlK * b }

func (bowl) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) { return 1, 0, bowlK }

// rastrigin is Rastrigin's function: a bowl covered in bumps, one local
// minimum near every integer point.
type rastrigin struct{ analytic }

func newRastrigin() Surface {
	return rastrigin{analytic{&Info{
		Name:  "rastrigin",
		Title: "Rastrigin's egg crate",
		About: "L = 20 + w² + b² − 10 cos 2πw − 10 cos 2πb: a bowl covered in " +
			"bumps, with a local minimum near every point of the integer grid " +
			"and the global one at (0, 0), L = 0. Gradient descent stops in the " +
			"nearest dip; momentum with a large eta can hop a few bumps; no " +
			"method here is guaranteed to find the global minimum.",
		Box:         Box{-5.12, 5.12, -5.12, 5.12},
		Starts:      []Point{{-3.2, 2.7}, {4.6, 4.2}, {-0.7, -1.3}},
		Minima:      []Point{{0, 0}},
		HeightLabel: "L = 20 + w² + b² − 10 cos 2πw − 10 cos 2πb",
		Etas:        []float64{0.001, 0.002, 0.005, 0.01},
		LR: map[string]float64{
			"gd": 0.002, "momentum": 0.002, "nag": 0.002,
			"adagrad": 0.5, "rmsprop": 0.05, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	}}}
}

const twoPi = 2 * math.Pi

func (rastrigin) Loss(w, b float64, _ []uint8) float64 {
	return 20 + w*w + b*b - 10*math.Cos(twoPi*w) - 10*math.Cos(twoPi*b)
}

func (rastrigin) Grad(w, b float64, _ []uint8) (dw, db float64) {
	return 2*w + 20*math.Pi*math.Sin(twoPi*w), 2*b + 20*math.Pi*math.Sin(twoPi*b)
}

func (rastrigin) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	k := 40 * math.Pi * math.Pi
	return 2 + k*math.Cos(twoPi*w), 0, 2 + k*math.Cos(twoPi*b)
}

// plateau is a round mesa: a sigmoid cliff of radius 3 around a bowl, with
// a flat top that tilts only gently towards the cliff.
//
//	u = (w - plateauW)^2 + (b - plateauB)^2
//	L = sigmoid(u - 9) + u / (2*(u + 16))
//
// Both terms depend on u alone and grow with it, so the minimum is exactly
// the centre, L = sigmoid(-9).
type plateau struct{ analytic }

const (
	plateauW, plateauB = -2.0, -1.0
	plateauR2          = 9.0  // the cliff's radius squared
	plateauA2          = 16.0 // the rational tilt's scale
)

func newPlateau() Surface {
	min, _ := Sigmoid(-plateauR2)
	return plateau{analytic{&Info{
		Name:  "plateau",
		Title: "A plateau and a cliff",
		About: "u = (w + 2)² + (b + 1)², L = σ(u − 9) + u / (2(u + 16)), with σ " +
			"the sigmoid: a sigmoid-shaped cliff of radius 3 around the point " +
			"(−2, −1) with a high, almost flat top. Up there the sigmoid is " +
			"saturated and only the gentle rational term tilts the ground " +
			"towards the cliff (slope about 0.02 to 0.04), so gradient descent " +
			"crawls, as on the lecture's sigmoid plateaus; momentum gathers " +
			"speed and the adaptive rules rescale the tiny gradient. Below the " +
			"cliff a bowl holds the minimum at (−2, −1), L = σ(−9) ≈ 1.234e-4.",
		Box:         Box{-6, 6, -6, 6},
		Starts:      []Point{{4, 4}, {4.5, -4}, {-5.5, 5}},
		Minima:      []Point{{plateauW, plateauB}},
		MinLoss:     min,
		HeightLabel: "L = σ(u − 9) + u / (2(u + 16))",
		LR: map[string]float64{
			"gd": 1, "momentum": 1, "nag": 1,
			"adagrad": 1, "rmsprop": 0.05, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	}}}
}

func (plateau) Loss(w, b float64, _ []uint8) float64 {
	dw, db := w-plateauW, b-plateauB
	u := dw*dw + db*db
	f, _ := Sigmoid(u - plateauR2)
	return f + u/(2*(u+plateauA2))
}

// lu returns dL/du and d2L/du2:
// sigma' + A2/(2(u+A2)^2) and sigma'*(1-2*sigma) - A2/(u+A2)^3.
func (plateau) lu(u float64) (lu, luu float64) {
	f, g := Sigmoid(u - plateauR2)
	s := f * g
	d := u + plateauA2
	return s + plateauA2/(2*d*d), s*(g-f) - plateauA2/(d*d*d)
}

func (p plateau) Grad(w, b float64, _ []uint8) (dw, db float64) {
	x, y := w-plateauW, b-plateauB
	lu, _ := p.lu(x*x + y*y)
	return 2 * x * lu, 2 * y * lu
}

// Hessian: L_uu * grad u grad u^T + L_u * hess u, grad u = 2(x, y),
// hess u = 2I.
func (p plateau) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	x, y := w-plateauW, b-plateauB
	lu, luu := p.lu(x*x + y*y)
	return 4*x*x*luu + 2*lu, 4 * x * y * luu, 4*y*y*luu + 2*lu
}
