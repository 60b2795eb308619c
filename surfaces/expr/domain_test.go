package expr

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUndefined(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"sqrt(w)*b+log(b)", "w < 0 or b <= 0"},
		{"w^2 + b^2", ""},
		{"(1 - w)^2 + 100*(b - w^2)^2", ""},
		{"1/(w-1)", "w - 1 = 0"},
		{"1/(x-1)", "w - 1 = 0"}, // printed as String prints it
		{"b/(w^2 - 1)", "w^2 - 1 = 0"},
		{"log(sqrt(w))", "w < 0 or sqrt(w) = 0"},
		{"w^0.5", "w < 0"},
		{"w^-0.5", "w <= 0"},
		{"w^-1 + b^-2", "w = 0 or b = 0"},
		{"(b)^2", ""},
		{"w^3 - b^4 + w^0", ""},
		{"w^b", "w <= 0"},
		{"(1 + w^2)^b", ""},
		{"2^w + e^-b", ""},
		{"(-2)^w", "-2 < 0"},
		{"(w - 1)^(b^2)", "w - 1 < 0"}, // the exponent is never negative
		{"tan(w)", ""},
		{"sqrt(y - x)", "b - w < 0"},

		// Constants fold: a condition on a constant holds everywhere or nowhere.
		{"sqrt(4) + log(pi) + 1/2 + 8^(1/3)", ""},
		{"w + sqrt(-1)", "-1 < 0"},
		{"w*log(cos(pi))", "cos(pi) < 0"},
		{"w/0", "0 = 0"},
		{"(-8)^(1/3)*b", "-8 < 0"},

		// Signs: what cannot be negative or zero adds nothing.
		{"sqrt(1 + w^2) + log(1 + b^2)", ""},
		{"sqrt(w^2 + b^2)", ""},
		{"log(w^2 + b^2)", "w^2 + b^2 = 0"},
		{"log(exp(w)) + 1/sigmoid(b) + 1/(1 + abs(w))", ""},
		{"sqrt(abs(w)) + log(abs(b))", "abs(b) = 0"},
		{"1/(-1 - w^2) + sqrt(max(w, 0)) + log(max(b, 1))", ""},
		{"sqrt(min(w, 0))", "min(w, 0) < 0"},
		{"sqrt(-(w^2) - 1)", "-w^2 - 1 < 0"}, // everywhere
		{"1/tanh(w)", "tanh(w) = 0"},
		{"sqrt(sin(1 + w^2)) + log(cos(b^2))", "sin(1 + w^2) < 0 or cos(b^2) <= 0"},
		{"1/(w*b)", "w*b = 0"},

		// Duplicates: once, at the first appearance; "<" and "=" merge.
		{"sqrt(w) + sqrt(x) + sqrt(w)", "w < 0"},
		{"log(b) + sqrt(w) + 1/b + log(y)", "b <= 0 or w < 0"},
		{"1/w + sqrt(b) + sqrt(w)", "w <= 0 or b < 0"},
	} {
		e, err := Parse(c.src)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.src, err)
		}
		if got := e.Undefined(); got != c.want {
			t.Errorf("Undefined(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

func TestUndefinedCap(t *testing.T) {
	var terms []string
	for i := 1; i <= 12; i++ {
		terms = append(terms, "sqrt(w - "+strconv.Itoa(i)+")")
	}
	e, err := Parse(strings.Join(terms, " + "))
	if err != nil {
		t.Fatal(err)
	}
	const want = "w - 1 < 0 or w - 2 < 0 or w - 3 < 0 or w - 4 < 0 or w - 5 < 0 or w - 6 < 0 or …"
	if got := e.Undefined(); got != want {
		t.Errorf("Undefined = %q, want %q", got, want)
	}
	checkCap(t, e, "12 sqrt terms")

	// Exactly 80 characters fit without a tail; with one more condition the
	// sixth no longer leaves room for " or …".
	six := "sqrt(w - 1) + sqrt(w - 2) + sqrt(w - 3) + sqrt(w - 4) + sqrt(w - 5) + sqrt(w - 1234567)"
	e, _ = Parse(six)
	if got := e.Undefined(); utf8.RuneCountInString(got) != 80 || strings.HasSuffix(got, "…") {
		t.Errorf("Undefined = %q (%d characters), want all 6 conditions in 80", got, utf8.RuneCountInString(got))
	}
	e, _ = Parse(six + " + log(b)")
	if got, want := e.Undefined(), "w - 1 < 0 or w - 2 < 0 or w - 3 < 0 or w - 4 < 0 or w - 5 < 0 or …"; got != want {
		t.Errorf("Undefined = %q, want %q", got, want)
	}
	checkCap(t, e, "seven conditions")

	// A first condition longer than the cap is kept whole.
	long := "w" + strings.Repeat(" + w*b", 20)
	e, _ = Parse("sqrt(" + long + ") + log(b)")
	if got, want := e.Undefined(), long+" < 0 or …"; got != want {
		t.Errorf("Undefined = %q, want %q", got, want)
	}
	e, _ = Parse("sqrt(" + long + ")")
	if got, want := e.Undefined(), long+" < 0"; got != want {
		t.Errorf("Undefined = %q, want %q", got, want)
	}
}

// checkCap checks that Undefined is the longest run of the conditions, in
// order, that fits in MaxUndefinedLen characters with " or …" after it when
// some are left out, and that no condition is cut.
func checkCap(t *testing.T, e *Expr, src string) {
	t.Helper()
	var all []string
	for _, c := range e.conditions() {
		all = append(all, c.String())
	}
	got := e.Undefined()
	full := strings.Join(all, " or ")
	if len(all) <= 1 || utf8.RuneCountInString(full) <= MaxUndefinedLen {
		if got != full {
			t.Errorf("%s: Undefined = %q, want all the conditions, %q", src, got, full)
		}
		return
	}
	head, ok := strings.CutSuffix(got, " or …")
	if !ok {
		t.Errorf("%s: Undefined = %q (%d characters) does not end with \" or …\"", src, got, utf8.RuneCountInString(got))
		return
	}
	n := len(strings.Split(head, " or "))
	if n >= len(all) || head != strings.Join(all[:n], " or ") {
		t.Errorf("%s: Undefined = %q is not a run of whole conditions from %q", src, got, full)
		return
	}
	if n > 1 && utf8.RuneCountInString(got) > MaxUndefinedLen {
		t.Errorf("%s: Undefined = %q is %d characters", src, got, utf8.RuneCountInString(got))
	}
	more := utf8.RuneCountInString(strings.Join(all[:n+1], " or "))
	if n+1 < len(all) {
		more += utf8.RuneCountInString(" or …")
	}
	if more <= MaxUndefinedLen {
		t.Errorf("%s: Undefined = %q left out a condition that fits", src, got)
	}
}

// domainWalk evaluates e's parsed program at (w, b) as Eval does (apply1 and
// apply2 are the folding and evaluation code), and finds the first operation
// that leaves its domain with finite operands: sqrt and log of a negative,
// log of 0, a division by 0, a power of a negative to a non-integer exponent
// or of 0 to a negative one. It returns the operand there, as String prints
// it, and the relation it has to 0 (u = "" when there is none). tainted
// reports an overflow (a non-finite result of finite operands elsewhere) or
// an underflow (a zero result of exp, sigmoid, or of *, / or ^ with nonzero
// operands) before that operation, which Undefined does not describe.
func domainWalk(e *Expr, w, b float64) (u string, r rel, tainted bool, v float64) {
	type val struct {
		x     float64
		start int
	}
	st := make([]val, 0, 16)
	fin := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	event := func(i, start int, x float64) {
		if u == "" && !tainted {
			u = (&Expr{src: e.src[start:i]}).String()
			if x < 0 {
				r = relLT
			} else {
				r = relEQ
			}
		}
	}
	for i, in := range e.src {
		switch {
		case in.op == opNum:
			st = append(st, val{in.x, i})
		case in.op == opPi:
			st = append(st, val{math.Pi, i})
		case in.op == opE:
			st = append(st, val{math.E, i})
		case in.op == opW:
			st = append(st, val{w, i})
		case in.op == opB:
			st = append(st, val{b, i})
		case in.op.unary():
			a := &st[len(st)-1]
			x := apply1(in.op, a.x, 0)
			if fin(a.x) {
				switch {
				case in.op == opSqrt && a.x < 0, in.op == opLog && a.x <= 0:
					event(i, a.start, a.x)
				case !fin(x):
					tainted = true
				case x == 0 && (in.op == opExp || in.op == opSigmoid):
					tainted = true
				}
			}
			a.x = x
		default:
			a, c := &st[len(st)-2], st[len(st)-1]
			st = st[:len(st)-1]
			x := apply2(in.op, a.x, c.x)
			if fin(a.x) && fin(c.x) {
				switch {
				case in.op == opDiv && c.x == 0:
					event(i, c.start, c.x)
				case in.op == opPow && (a.x < 0 && c.x != math.Trunc(c.x) || a.x == 0 && c.x < 0):
					event(c.start, a.start, a.x)
				case !fin(x):
					tainted = true
				case x == 0 && (in.op == opMul && a.x != 0 && c.x != 0 ||
					(in.op == opDiv || in.op == opPow) && a.x != 0):
					tainted = true
				}
			}
			a.x = x
		}
	}
	return u, r, tainted, st[0].x
}

// checkDomain checks at (w, b) that where a part of e leaves its domain,
// Undefined lists the condition that says so, and that where Eval is NaN or
// ±Inf, Undefined is not "" (unless an overflow or underflow explains it).
// It reports whether the point was checked (not tainted).
func checkDomain(t *testing.T, e *Expr, src string, w, b float64) (checked, failed bool) {
	t.Helper()
	u, r, tainted, v := domainWalk(e, w, b)
	f := e.Eval(w, b)
	if !same(f, v) {
		t.Fatalf("%s at (%v, %v): the walk gives %v, Eval %v", src, w, b, v, f)
	}
	if u == "" && tainted {
		return false, false
	}
	if u == "" {
		if !finite(f) {
			t.Errorf("%s at (%v, %v): Eval = %v, but no operation left its domain", src, w, b, f)
		}
		return true, false
	}
	found := false
	for _, c := range e.conditions() {
		if c.u == u && c.rel&r != 0 {
			found = true
		}
	}
	if !found || e.Undefined() == "" {
		t.Errorf("%s at (%v, %v): %v is %s, but Undefined = %q", src, w, b, u, cond{u, r}, e.Undefined())
		return true, true
	}
	// The listed condition holds there: its u, parsed back, has that value.
	ue, err := Parse(u)
	if err != nil {
		t.Fatalf("%s: condition %q does not parse: %v", src, u, err)
	}
	if x := ue.Eval(w, b); r == relLT && !(x < 0) || r == relEQ && x != 0 {
		t.Errorf("%s at (%v, %v): %v evaluates to %v, not %s", src, w, b, u, x, cond{u, r})
	}
	return true, true
}

// domainPoint is a random point, often on round coordinates, where
// conditions such as w - 1 = 0 hold exactly.
func domainPoint(r *rand.Rand) (w, b float64) {
	round := []float64{0, 1, -1, 2, -2, 0.5, -0.5, 3, 1.5, -1.5, 0.25}
	c := func() float64 {
		if r.IntN(2) == 0 {
			return round[r.IntN(len(round))]
		}
		return 6*r.Float64() - 3
	}
	return c(), c()
}

// TestUndefinedConsistent evaluates random expressions at random points: at
// every point where Eval is NaN or ±Inf (or a part of the expression is
// undefined), Undefined must name a condition that holds there. Points where
// the cause is an overflow or underflow are skipped; they must be few.
func TestUndefinedConsistent(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var srcs []string
	for range 3000 {
		switch d := 1 + r.IntN(5); r.IntN(6) {
		case 0: // a power with a varying base and exponent, either sign
			srcs = append(srcs, "("+randExpr(r, d-1)+")^("+randExpr(r, d-1)+")")
		case 1:
			srcs = append(srcs, "("+randExpr(r, d-1)+")/("+randExpr(r, d-1)+" - "+randExpr(r, d-1)+")")
		default:
			srcs = append(srcs, randExpr(r, d))
		}
		srcs = append(srcs, randDomainExpr(r, 1+r.IntN(4)))
	}
	srcs = append(srcs, domainSeeds(t)...)
	var points, checked, failed, nan int
	for _, src := range srcs {
		if len(src) > MaxLen {
			continue
		}
		e, err := Parse(src)
		if err != nil {
			continue // a fuzz seed with a syntax error
		}
		checkCap(t, e, src)
		for range 30 {
			w, b := domainPoint(r)
			points++
			if !finite(e.Eval(w, b)) {
				nan++
			}
			c, f := checkDomain(t, e, src, w, b)
			if c {
				checked++
			}
			if f {
				failed++
			}
		}
	}
	t.Logf("%d points: %d checked, %d with a part out of its domain, %d with Eval not finite", points, checked, failed, nan)
	if checked < points*9/10 || failed < points/20 {
		t.Errorf("only %d of %d points checked, %d out of the domain", checked, points, failed)
	}
}

// randDomainExpr writes a random expression that stresses the sign analysis
// of Undefined: small integers and zeros, operations that keep or flip signs,
// and the operations that can leave their domain.
func randDomainExpr(r *rand.Rand, depth int) string {
	if depth == 0 || r.IntN(5) == 0 {
		leaves := []string{"w", "b", "0", "1", "-1", "2", "0.5", "w - 1", "b + 1", "w*b"}
		return leaves[r.IntN(len(leaves))]
	}
	a := func() string { return "(" + randDomainExpr(r, depth-1) + ")" }
	switch r.IntN(15) {
	case 0:
		return a() + " + " + a()
	case 1:
		return a() + " - " + a()
	case 2:
		return a() + "*" + a()
	case 3, 4:
		return a() + "/" + a()
	case 5:
		ks := []string{"2", "3", "0", "-1", "-2", "0.5", "-0.5", "(1/3)", "-(1/3)"}
		return a() + "^" + ks[r.IntN(len(ks))]
	case 6:
		return a() + "^" + a()
	case 7:
		fs := []string{"exp", "sigmoid", "tanh", "sin", "cos", "tan", "abs"}
		return fs[r.IntN(len(fs))] + a()
	case 8:
		return "min(" + a() + ", " + a() + ")"
	case 9:
		return "max(" + a() + ", " + a() + ")"
	case 10:
		return "-" + a()
	case 11:
		return "1 + " + a() + "^2"
	case 12:
		return "sqrt" + a()
	default:
		return "log" + a()
	}
}

// domainSeeds are the seed corpus of FuzzParse and a few expressions whose
// domain is small or tricky.
func domainSeeds(t testing.TB) []string {
	srcs := []string{
		"sqrt(w)*b+log(b)", "1/(w-1)", "log(sqrt(w))", "w^0.5", "w^-0.5", "w^b", "(-2)^w", "0^w",
		"(w - 1)^(b/2)", "(w*b)^-1.5", "log(w - b)", "1/(w - b)", "sqrt(w*b)", "(w - 1)^-2",
		"b/(w^2 - 1)", "tan(w)^40", "log(sigmoid(w))", "1/exp(-exp(exp(w)))", "exp(exp(exp(w)))",
		"w^(1/3) + b^(-1/3)", "(w + 1)^(b - 1)", "sqrt(w)^0", "1/(1/w)", "sigmoid(log(w))",
		"min(sqrt(w), 1/b)", "max(log(w), b^-1)", "(w - w)^-1", "(-w)^0.5", "(-w^2)^(1/2)",
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if q, ok := strings.CutPrefix(line, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(q, ")")); err == nil {
					srcs = append(srcs, s)
				}
			}
		}
	}
	return srcs
}

// FuzzUndefined checks Undefined against evaluation on any input that
// parses, at a few points. Its seeds are FuzzParse's corpus and domainSeeds.
//
//	go test -run=^$ -fuzz=FuzzUndefined -fuzztime=1m ./surfaces/expr
func FuzzUndefined(f *testing.F) {
	for _, s := range domainSeeds(f) {
		f.Add(s, 1.0, 0.0)
	}
	f.Fuzz(func(t *testing.T, src string, w, b float64) {
		e, err := Parse(src)
		if err != nil {
			return
		}
		checkCap(t, e, src)
		for _, p := range [][2]float64{{w, b}, {0, 0}, {1, -1}, {-1, 1}, {-2.5, 0.5}, {w, 0}, {0, b}} {
			checkDomain(t, e, src, p[0], p[1])
		}
	})
}
