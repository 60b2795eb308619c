package expr

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// randExpr writes a random expression of the given depth over the whole
// syntax: every function, every operator, constant and varying exponents,
// kinks (abs, min, max) and poles (/, tan, log).
func randExpr(r *rand.Rand, depth int) string {
	if depth == 0 || r.IntN(4) == 0 {
		leaves := []string{"w", "b", "x", "y", "2", "0.5", "1.5", "3", "pi", "e", ".25", "1e-1"}
		return leaves[r.IntN(len(leaves))]
	}
	a := func() string { return randExpr(r, depth-1) }
	switch r.IntN(16) {
	case 0:
		return a() + " + " + a()
	case 1:
		return a() + " - " + a()
	case 2, 3:
		return "(" + a() + ")*(" + a() + ")"
	case 4:
		return "(" + a() + ")/(" + a() + ")"
	case 5:
		return "(" + a() + ")/(1 + (" + a() + ")^2)"
	case 6:
		ks := []string{"2", "3", "-1", "-2", "0.5", "1.5", "(1/3)", "-0.5"}
		return "(" + a() + ")^" + ks[r.IntN(len(ks))]
	case 7:
		return "(1 + (" + a() + ")^2)^(" + a() + ")" // varying exponent, positive base
	case 8:
		return "-(" + a() + ")"
	case 9:
		fs := []string{"exp", "sin", "cos", "tanh", "sigmoid", "tan", "abs"}
		return fs[r.IntN(len(fs))] + "(" + a() + ")"
	case 10:
		return "log(1 + (" + a() + ")^2)"
	case 11:
		return "sqrt(1 + (" + a() + ")^2)"
	case 12:
		return "log(" + a() + ")"
	case 13:
		return "sqrt(" + a() + ")"
	case 14:
		return "min(" + a() + ", " + a() + ")"
	default:
		return "max(" + a() + ", " + a() + ")"
	}
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// TestFiniteDifferences compares exact derivatives with central differences
// for many random expressions at many random points: the gradient with
// differences of Eval, the Hessian with differences of the exact gradient
// (which also checks its symmetry: f_wb from d/db of f_w and from d/dw of f_b).
//
// A random expression may have a kink or a pole near a point, where no finite
// difference is meaningful; such points are recognised by differences with
// steps h and h/2 that disagree, and skipped. The test requires most points
// to be checked.
func TestFiniteDifferences(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const exprs, points = 400, 25
	const h = 1e-5
	checked, total := 0, 0
	for range exprs {
		src := randExpr(r, 1+r.IntN(4))
		e, err := Parse(src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", src, err)
		}
		for range points {
			w, b := 4*r.Float64()-2, 4*r.Float64()-2
			total++
			f, dw, db, hww, hwb, hbb := e.Hessian(w, b)
			checkConsistent(t, e, src, w, b)
			if !finite(f, dw, db, hww, hwb, hbb) || math.Abs(f) > 1e6 {
				continue
			}
			// Central differences with step s along w and along b.
			d := func(s float64) (fw, fb, fww, fwb, fbw, fbb float64) {
				fw = (e.Eval(w+s, b) - e.Eval(w-s, b)) / (2 * s)
				fb = (e.Eval(w, b+s) - e.Eval(w, b-s)) / (2 * s)
				_, gw1, gb1 := e.Grad(w+s, b)
				_, gw0, gb0 := e.Grad(w-s, b)
				fww, fbw = (gw1-gw0)/(2*s), (gb1-gb0)/(2*s)
				_, gw1, gb1 = e.Grad(w, b+s)
				_, gw0, gb0 = e.Grad(w, b-s)
				fwb, fbb = (gw1-gw0)/(2*s), (gb1-gb0)/(2*s)
				return
			}
			a := [6]float64{}
			c := [6]float64{}
			a[0], a[1], a[2], a[3], a[4], a[5] = d(h)
			c[0], c[1], c[2], c[3], c[4], c[5] = d(h / 2)
			exact := [6]float64{dw, db, hww, hwb, hwb, hbb}
			scale := 1 + math.Abs(f)
			for _, x := range exact {
				scale += math.Abs(x)
			}
			tol := 2e-6 * scale
			smooth := finite(a[:]...) && finite(c[:]...)
			for i := range a {
				smooth = smooth && math.Abs(a[i]-c[i]) <= tol
			}
			if !smooth {
				continue
			}
			checked++
			names := [6]string{"f_w", "f_b", "f_ww", "f_wb", "f_bw", "f_bb"}
			for i := range a {
				if math.Abs(a[i]-exact[i]) > tol {
					t.Errorf("%s at (%v, %v): %s = %v, central difference %v", src, w, b, names[i], exact[i], a[i])
				}
			}
		}
	}
	t.Logf("checked %d of %d points (%d expressions)", checked, total, exprs)
	if checked < total/2 {
		t.Errorf("only %d of %d points checked", checked, total)
	}
}

// TestRandomRoundTrip checks String on random expressions: it parses back to
// the same function (bit for bit) and is a fixed point.
func TestRandomRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		src := randExpr(r, 1+r.IntN(5))
		if r.IntN(2) == 0 {
			src = strings.ReplaceAll(src, " ", "")
		}
		if len(src) > MaxLen {
			continue
		}
		checkRoundTrip(t, src)
	}
}

// checkRoundTrip parses src, which must parse, and checks its String.
func checkRoundTrip(t *testing.T, src string) {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	s := e.String()
	if len(s) > MaxLen {
		t.Fatalf("String(%q) is %d bytes, over MaxLen", src, len(s))
	}
	if c := render(e.src, true); len(c) > len(src) {
		t.Errorf("compact form %q is longer than its input %q", c, src)
	}
	e2, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(String(%q)) = Parse(%q): %v", src, s, err)
	}
	if s2 := e2.String(); s2 != s {
		t.Errorf("String is not a fixed point: %q -> %q -> %q", src, s, s2)
	}
	for _, p := range [][2]float64{{0.5, -1.25}, {-2, 3}, {1e-3, 0.7}, {0, 0}, {7, -0.1}} {
		a := [6]float64{}
		b := [6]float64{}
		a[0], a[1], a[2], a[3], a[4], a[5] = e.Hessian(p[0], p[1])
		b[0], b[1], b[2], b[3], b[4], b[5] = e2.Hessian(p[0], p[1])
		for i := range a {
			if !same(a[i], b[i]) {
				t.Errorf("%q and its String %q differ at %v: %v vs %v", src, s, p, a, b)
				break
			}
		}
	}
}
