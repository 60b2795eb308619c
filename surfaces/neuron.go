package surfaces

import "math"

// logit is the inverse of the sigmoid: the z with 1/(1+exp(-z)) = y.
func logit(y float64) float64 { return math.Log(y / (1 - y)) }

// fit2 returns the (w, b) whose sigmoid passes exactly through two points
// with different x: w*x_i + b = logit(y_i).
func fit2(p, q Point) Point {
	w := (logit(q.Y) - logit(p.Y)) / (q.X - p.X)
	return Point{w, logit(p.Y) - w*p.X}
}

// neuronData are the lecture's two points (5.1).
var neuronData = []Point{{0.5, 0.2}, {2.5, 0.9}}

func newNeuron() Surface {
	min := fit2(neuronData[0], neuronData[1])
	return newDataSet(neuronData, &Info{
		Name:  "neuron",
		Title: "The lecture's sigmoid neuron",
		About: "The toy problem of the lecture (5.1, 5.2): one sigmoid neuron " +
			"f(x) = 1/(1+exp(-(w*x+b))) fitted to (0.5, 0.2) and (2.5, 0.9) by " +
			"L = 1/2 Σ (y − f(x))². The lecture starts at w = b = −2 with " +
			"eta = 1: gradient descent crawls across the plateau before it " +
			"turns down the slope to the minimum w* = (ln 9 − ln ¼)/2 ≈ 1.79176, " +
			"b* ≈ −2.28217, where the sigmoid passes through both points (L = 0).",
		Box:    Box{-6, 6, -6, 6},
		Starts: []Point{{-2, -2}, {-4, 4}, {4, 5}},
		Minima: []Point{min},
		LR: map[string]float64{
			"gd": 1, "momentum": 1, "nag": 1,
			"adagrad": 1, "rmsprop": 0.02, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	})
}

// valleyData: see the valley surface's About. Two points again, so the
// sigmoid still fits them exactly; they were chosen by a search (below).
var valleyData = []Point{{1, 0.05}, {3, 0.7}}

// valleyStart and valleyLR (with gamma = 0.9, the lecture's and optim's
// default) reproduce the lecture's 5.4 slide claim on valley; the tests hold
// them to it.
var (
	valleyStart = Point{-2, 5}
	valleyLR    = 0.5
)

func newValley() Surface {
	min := fit2(valleyData[0], valleyData[1])
	return newDataSet(valleyData, &Info{
		Name:  "valley",
		Title: "A narrow valley (momentum's U-turns)",
		About: "The lecture's 5.4 and 5.5 change the data so that the error " +
			"surface has a narrow minimum valley; the slides do not give the " +
			"data, so it was searched for: two points (x1, y1), (x2, y2) with x on a " +
			"0.5 grid in [−4, 6] and y on a 0.05 grid, starting points on a 1.0 grid " +
			"in [−5, 5]², eta in {0.2, 0.3, 0.5, 0.7, 1, 1.5} and gamma = 0.9 " +
			"(the lecture's), keeping those where, after 100 full-batch " +
			"iterations, plain gradient descent is still above 0.3, momentum is " +
			"below 1e-5 at every iteration from 100 to 120 (not only at a lucky " +
			"phase of its oscillation), momentum makes U-turns of at least 0.25 " +
			"across the valley and Nesterov's largest overshoot is smaller; then " +
			"ranking by the margins, the valley's narrowness (condition number of " +
			"the Hessian at the minimum) and how far momentum swings. " +
			"The choice: (1, 0.05) and (3, 0.7), start (−2, 5), eta = 0.5, gamma = 0.9. " +
			"The valley runs from the top of the box down to the minimum " +
			"w* = ln(133/3)/2 ≈ 1.8959, b* = −ln 19 − w* ≈ −4.8403 (L = 0; Hessian " +
			"condition number ≈ 500). Gradient descent creeps along the flat top " +
			"(L ≈ 0.41 after 100 iterations); momentum swings in and out of the " +
			"valley with U-turns, then runs down it (L ≈ 1e-6 after 100); " +
			"Nesterov's look-ahead makes fewer U-turns, about a quarter as wide.",
		Box:    Box{-6, 6, -6, 6},
		Starts: []Point{valleyStart, {-2, -2}},
		Minima: []Point{min},
		LR: map[string]float64{
			"gd": valleyLR, "momentum": valleyLR, "nag": valleyLR,
			"adagrad": 1, "rmsprop": 0.02, "adam": 0.1, "nadam": 0.1,
			"amsgrad": 0.1, "newton": 1,
		},
	})
}
