package expr

import (
	"math"
	"testing"
)

// hd is an expected value with its gradient and Hessian.
type hd struct{ f, dw, db, hww, hwb, hbb float64 }

// sigmoidAt returns the sigmoid at u and its first two derivatives
// s' = s(1-s), s” = s'(1-2s), for expected values written as formulas.
func sigmoidAt(u float64) (s, s1, s2 float64) {
	s = 1 / (1 + math.Exp(-u))
	s1 = s * (1 - s)
	return s, s1, s1 * (1 - 2*s)
}

func TestValuesAndDerivatives(t *testing.T) {
	ln2 := math.Ln2
	s0, s01, s02 := sigmoidAt(2) // sigmoid(2*w + b) at (1, 0): u = 2
	t5 := math.Tan(0.5)
	th := math.Tanh(-0.25)
	tests := []struct {
		src  string
		w, b float64
		want hd
	}{
		// f = w^2 b: f_w = 2wb = 12, f_b = w^2 = 9, f_ww = 2b = 4, f_wb = 2w = 6, f_bb = 0.
		{"w^2*b", 3, 2, hd{18, 12, 9, 4, 6, 0}},
		// u = 2w + b = 0: s = 1/2, s' = 1/4, s'' = 0; f_w = 2s' = 0.5, f_b = s' = 0.25.
		{"sigmoid(w*2+b)", 0.5, -1, hd{0.5, 0.5, 0.25, 0, 0, 0}},
		// u = 2: f_w = 2s', f_b = s', f_ww = 4s'', f_wb = 2s'', f_bb = s''.
		{"sigmoid(w*2+b)", 1, 0, hd{s0, 2 * s01, s01, 4 * s02, 2 * s02, s02}},
		// f = e^-w sin b at (0, pi/2): sin = 1, cos = 0 (to 6e-17):
		// f_w = -f = -1, f_b = e^-w cos b = 0, f_ww = f = 1, f_wb = -e^-w cos b = 0, f_bb = -f = -1.
		{"exp(-w)*sin(b)", 0, math.Pi / 2, hd{1, -1, 0, 1, 0, -1}},
		// at (1, 1): with E = e^-1, S = sin 1, C = cos 1.
		{"exp(-w)*sin(b)", 1, 1, hd{
			math.Exp(-1) * math.Sin(1), -math.Exp(-1) * math.Sin(1), math.Exp(-1) * math.Cos(1),
			math.Exp(-1) * math.Sin(1), -math.Exp(-1) * math.Cos(1), -math.Exp(-1) * math.Sin(1)}},
		// -w^2 is -(w^2): f = -9, f_w = -2w = -6, f_ww = -2.
		{"-w^2", 3, 1, hd{-9, -6, 0, -2, 0, 0}},
		// (-w)^2 = w^2.
		{"(-w)^2", 3, 1, hd{9, 6, 0, 2, 0, 0}},
		// (-w)^3 with u = -w = -2: f = u^3 = -8, f_w = 3u^2 * (-1) = -12, f_ww = 6u = -12.
		{"(-w)^3", 2, 0, hd{-8, -12, 0, -12, 0, 0}},
		// Non-integer exponent: w^1.5 at 4: 8, 1.5*4^0.5 = 3, 1.5*0.5*4^-0.5 = 0.375.
		{"w^1.5", 4, 0, hd{8, 3, 0, 0.375, 0, 0}},
		// Negative exponent: w^-2 at 2: 1/4, -2*2^-3 = -0.25, (-2)(-3)2^-4 = 0.375.
		{"w^-2", 2, 0, hd{0.25, -0.25, 0, 0.375, 0, 0}},
		// Negative base, negative integer exponent: w^-1 at -2: -0.5, -w^-2 = -0.25, 2w^-3 = -0.25.
		{"w^-1", -2, 0, hd{-0.5, -0.25, 0, -0.25, 0, 0}},
		// Varying exponent: w^b at (2, 3): 8; f_w = b w^(b-1) = 12; f_b = w^b ln w = 8 ln 2;
		// f_ww = b(b-1) w^(b-2) = 12; f_wb = w^(b-1) (1 + b ln w) = 4(1 + 3 ln 2); f_bb = w^b ln^2 w = 8 ln^2 2.
		{"w^b", 2, 3, hd{8, 12, 8 * ln2, 12, 4 * (1 + 3*ln2), 8 * ln2 * ln2}},
		// 2^-w at 1: 1/2, -ln2/2, ln^2(2)/2.
		{"2^-w", 1, 0, hd{0.5, -ln2 / 2, 0, ln2 * ln2 / 2, 0, 0}},
		// ^ is right-associative: 2^(3^2) = 512.
		{"2^3^2", 0, 0, hd{512, 0, 0, 0, 0, 0}},
		// w/b at (3, 2): 1.5, 1/b = 0.5, -w/b^2 = -0.75, 0, -1/b^2 = -0.25, 2w/b^3 = 0.75.
		{"w/b", 3, 2, hd{1.5, 0.5, -0.75, 0, -0.25, 0.75}},
		// log w + sqrt b at (2, 4): ln 2 + 2; 1/w = 0.5; 1/(2 sqrt b) = 0.25; -1/w^2 = -0.25; -b^-1.5/4 = -1/32.
		{"log(w)+sqrt(b)", 2, 4, hd{ln2 + 2, 0.5, 0.25, -0.25, 0, -1.0 / 32}},
		// tan w + tanh(b): (1 + t^2), 2t(1 + t^2); (1 - h^2), -2h(1 - h^2).
		{"tan(w)+tanh(b)", 0.5, -0.25, hd{t5 + th, 1 + t5*t5, 1 - th*th, 2 * t5 * (1 + t5*t5), 0, -2 * th * (1 - th*th)}},
		// cos(wb) at (1, 2): -sin(2) b, -sin(2) w, -cos(2) b^2, -cos(2) wb - sin(2), -cos(2) w^2.
		{"cos(w*b)", 1, 2, hd{math.Cos(2), -2 * math.Sin(2), -math.Sin(2), -4 * math.Cos(2), -2*math.Cos(2) - math.Sin(2), -math.Cos(2)}},
		// abs(w) b at (-2, 3): 6, -b = -3, |w| = 2, 0, -1, 0.
		{"abs(w)*b", -2, 3, hd{6, -3, 2, 0, -1, 0}},
		// min picks the smaller argument with its derivatives.
		{"min(w^2, b)", 1, 3, hd{1, 2, 0, 2, 0, 0}},
		{"min(w^2, b)", 2, 3, hd{3, 0, 1, 0, 0, 0}},
		{"max(w^2, b)", 2, 3, hd{4, 4, 0, 2, 0, 0}},
		{"max(w^2, b)", 1, 3, hd{3, 0, 1, 0, 0, 0}},
		// Rosenbrock at (1.5, -0.5): (1-w)^2 = 0.25, b - w^2 = -2.75, 100*7.5625 = 756.25;
		// f_w = -2(1-w) - 400w(b-w^2) = 1 + 1650; f_b = 200(b-w^2) = -550;
		// f_ww = 2 - 400(b-w^2) + 800w^2 = 2 + 1100 + 1800; f_wb = -400w; f_bb = 200.
		{"(1-x)^2+100*(y-x^2)^2", 1.5, -0.5, hd{756.5, 1651, -550, 2902, -600, 200}},
		// The lecture's neuron loss typed by hand, at its start (-2, -2):
		// checked against the closed form below.
		{"0.5*((0.2 - sigmoid(0.5*w + b))^2 + (0.9 - sigmoid(2.5*w + b))^2)", -2, -2, neuron(-2, -2)},
		{"pi*e", 5, 5, hd{math.Pi * math.E, 0, 0, 0, 0, 0}},
		{"x + 2*y", 1, 1, hd{3, 1, 2, 0, 0, 0}},
		{"1e-3*w + 0x1p-2*b + 1_000", 1, 1, hd{0.001 + 0.25 + 1000, 0.001, 0.25, 0, 0, 0}},
		{"+w - -b", 1, 2, hd{3, 1, 1, 0, 0, 0}},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		f, dw, db, hww, hwb, hbb := e.Hessian(tc.w, tc.b)
		got := hd{f, dw, db, hww, hwb, hbb}
		if !closeHD(got, tc.want, 1e-14) {
			t.Errorf("%s at (%v, %v):\n got %+v\nwant %+v", tc.src, tc.w, tc.b, got, tc.want)
		}
		checkConsistent(t, e, tc.src, tc.w, tc.b)
	}
}

// neuron is the lecture's loss 1/2 sum (y - s(xw + b))^2 over (0.5, 0.2) and
// (2.5, 0.9) with its derivatives written out: with r = s - y,
// d/dw = r s' x, d/db = r s', d2/dw2 = (s'^2 + r s”) x^2, d2/dwdb = (s'^2 + r s”) x,
// d2/db2 = s'^2 + r s”.
func neuron(w, b float64) hd {
	var h hd
	for _, p := range [][2]float64{{0.5, 0.2}, {2.5, 0.9}} {
		x, y := p[0], p[1]
		s, s1, s2 := sigmoidAt(w*x + b)
		r := s - y
		c := s1*s1 + r*s2
		h.f += 0.5 * r * r
		h.dw += r * s1 * x
		h.db += r * s1
		h.hww += c * x * x
		h.hwb += c * x
		h.hbb += c
	}
	return h
}

func closeHD(a, b hd, tol float64) bool {
	x := [6]float64{a.f, a.dw, a.db, a.hww, a.hwb, a.hbb}
	y := [6]float64{b.f, b.dw, b.db, b.hww, b.hwb, b.hbb}
	for i := range x {
		if !close(x[i], y[i], tol) {
			return false
		}
	}
	return true
}

// close compares with a tolerance relative to max(1, |y|); equal infinities
// and two NaNs are close.
func close(x, y, tol float64) bool {
	if math.IsNaN(x) || math.IsNaN(y) {
		return math.IsNaN(x) && math.IsNaN(y)
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return x == y
	}
	return math.Abs(x-y) <= tol*math.Max(1, math.Abs(y))
}

// same is bitwise equality up to the sign of zero, with NaN equal to NaN.
func same(x, y float64) bool { return x == y || x != x && y != y }

// checkConsistent checks that Eval, Grad and Hessian agree exactly on what
// they share.
func checkConsistent(t *testing.T, e *Expr, src string, w, b float64) {
	t.Helper()
	v := e.Eval(w, b)
	f1, dw1, db1 := e.Grad(w, b)
	f2, dw2, db2, _, _, _ := e.Hessian(w, b)
	if !same(v, f1) || !same(v, f2) || !same(dw1, dw2) || !same(db1, db2) {
		t.Errorf("%s at (%v, %v): Eval %v, Grad %v %v %v, Hessian %v %v %v disagree",
			src, w, b, v, f1, dw1, db1, f2, dw2, db2)
	}
}

// TestKinks pins the documented one-sided choices at non-differentiable points.
func TestKinks(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		src  string
		w, b float64
		want hd
	}{
		{"abs(w)", 0, 0, hd{0, 1, 0, 0, 0, 0}},                              // slope +1: right-hand derivative
		{"abs(w-1)*b", 1, 2, hd{0, 2, 0, 0, 1, 0}},                          // the same inside a product
		{"min(w, b)", 1, 1, hd{1, 1, 0, 0, 0, 0}},                           // tie: the first argument
		{"min(b, w)", 1, 1, hd{1, 0, 1, 0, 0, 0}},                           // tie: the first argument
		{"max(w, b)", 1, 1, hd{1, 1, 0, 0, 0, 0}},                           // tie: the first argument
		{"max(b^2, w)", 1, 1, hd{1, 0, 2, 0, 0, 2}},                         // tie: the first argument
		{"sqrt(w)", 0, 5, hd{0, inf, 0, -inf, 0, 0}},                        // right-hand limits; d/db stays 0
		{"sqrt(w^2 + b^2)", 0, 0, hd{0, 0, 0, inf, 0, inf}},                 // zero gradient at the cone's tip
		{"2*sqrt(w) + b", 0, 1, hd{1, inf, 1, -inf, 0, 0}},                  // constants do not poison derivatives
		{"w^0.5", 0, 1, hd{0, inf, 0, -inf, 0, 0}},                          // the power rule, like sqrt
		{"w^1", 0, 0, hd{0, 1, 0, 0, 0, 0}},                                 // no 0*Inf from 0^-1
		{"w^0", 0, 0, hd{1, 0, 0, 0, 0, 0}},                                 // math.Pow(0, 0) = 1
		{"w^2", 0, 0, hd{0, 0, 0, 2, 0, 0}},                                 // squaring
		{"(w - 1)^3", 1, 0, hd{0, 0, 0, 0, 0, 0}},                           // 3u^2, 6u at u = 0
		{"(-8)^(1/3)", 0, 0, hd{math.NaN(), 0, 0, 0, 0, 0}},                 // Pow of a negative base: NaN value
		{"w^(1/3)", -8, 0, hd{math.NaN(), math.NaN(), 0, math.NaN(), 0, 0}}, // (as math.Pow)
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.src, err)
		}
		f, dw, db, hww, hwb, hbb := e.Hessian(tc.w, tc.b)
		got := hd{f, dw, db, hww, hwb, hbb}
		if !closeHD(got, tc.want, 1e-15) {
			t.Errorf("%s at (%v, %v):\n got %+v\nwant %+v", tc.src, tc.w, tc.b, got, tc.want)
		}
		checkConsistent(t, e, tc.src, tc.w, tc.b)
	}
}

// TestDomain checks that points outside a function's domain give NaN or Inf,
// never a panic, and that a varying exponent of a non-positive base gives NaN
// derivatives as documented.
func TestDomain(t *testing.T) {
	tests := []struct {
		src  string
		w, b float64
	}{
		{"log(w)", -1, 0}, {"log(w)", 0, 0}, {"sqrt(w)", -1, 0}, {"1/w", 0, 0},
		{"w/b", 0, 0}, {"w^b", -2, 0.5}, {"w^b", 0, 1}, {"exp(w)", 1000, 0},
		{"w^-1", 0, 0}, {"log(w)*b", 0, 0},
		{"exp(exp(exp(w)))", 10, 0}, {"w*b", math.Inf(1), 0}, {"sin(w)", math.Inf(1), 0},
		{"min(w, b)", math.NaN(), 1}, {"max(w, b)", 1, math.NaN()},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.src, err)
		}
		f, dw, db, hww, hwb, hbb := e.Hessian(tc.w, tc.b)
		finite := true
		for _, x := range []float64{f, dw, db, hww, hwb, hbb} {
			finite = finite && !math.IsNaN(x) && !math.IsInf(x, 0)
		}
		if finite {
			t.Errorf("%s at (%v, %v) = %v %v %v %v %v %v, want something non-finite",
				tc.src, tc.w, tc.b, f, dw, db, hww, hwb, hbb)
		}
		checkConsistent(t, e, tc.src, tc.w, tc.b)
	}
	// min and max propagate NaN from either side.
	for _, src := range []string{"min(w, b)", "min(b, w)", "max(w, b)", "max(b, w)"} {
		e, _ := Parse(src)
		if v := e.Eval(math.NaN(), 1); !math.IsNaN(v) {
			t.Errorf("%s with w = NaN: %v, want NaN", src, v)
		}
	}
}

func TestAllocs(t *testing.T) {
	e, err := Parse("0.5*((0.2 - sigmoid(0.5*w + b))^2 + (0.9 - sigmoid(2.5*w + b))^2) + max(w, b)^b/w")
	if err != nil {
		t.Fatal(err)
	}
	var sink float64
	if n := testing.AllocsPerRun(100, func() { sink += e.Eval(0.3, 0.7) }); n != 0 {
		t.Errorf("Eval allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(100, func() { f, _, _ := e.Grad(0.3, 0.7); sink += f }); n != 0 {
		t.Errorf("Grad allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(100, func() { f, _, _, _, _, _ := e.Hessian(0.3, 0.7); sink += f }); n != 0 {
		t.Errorf("Hessian allocates %v times per call", n)
	}
	_ = sink
}

// TestFolding checks that folding constants never changes a value: the
// folded program evaluates bit for bit like the parsed one.
func TestFolding(t *testing.T) {
	srcs := []string{
		"2*pi*w", "w^(1/3)", "w^(2*1)", "exp(1)*w + log(2)^b", "(1 + 2)*(w - 3/7)",
		"w^-(1/2)", "max(1, 2)^w", "sigmoid(0.3)*w^2 + tan(1)/b", "-(-(2))*w", "2^3^2*w",
	}
	for _, src := range srcs {
		e, err := Parse(src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		if len(e.code) >= len(e.src) {
			t.Errorf("%s: nothing folded (%d instructions)", src, len(e.code))
		}
		raw := unfolded(e)
		for _, p := range [][2]float64{{0.5, 1.5}, {-2, 3}, {1e-3, -7}, {0, 0}} {
			if a, b := e.Eval(p[0], p[1]), raw.Eval(p[0], p[1]); !same(a, b) {
				t.Errorf("%s at %v: folded %v, unfolded %v", src, p, a, b)
			}
		}
	}
}

// unfolded returns e evaluating its parsed program without folding.
func unfolded(e *Expr) *Expr {
	code := make([]instr, len(e.src))
	for i, in := range e.src {
		switch in.op {
		case opPi:
			in = instr{op: opNum, x: math.Pi}
		case opE:
			in = instr{op: opNum, x: math.E}
		}
		code[i] = in
	}
	n := len(code)
	return &Expr{src: e.src, code: code, vals: make([]float64, n), d1: make([]dual1, n), d2: make([]dual2, n)}
}

func TestClone(t *testing.T) {
	e, _ := Parse("w^2*b")
	c := e.Clone()
	if &c.vals[0] == &e.vals[0] || c.String() != e.String() {
		t.Fatal("Clone shares its stack or differs")
	}
	if f, dw, db := c.Grad(3, 2); f != 18 || dw != 12 || db != 9 {
		t.Errorf("clone: %v %v %v", f, dw, db)
	}
}
