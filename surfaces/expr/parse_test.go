package expr

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestErrors(t *testing.T) {
	const want = `a number, a variable (w, b), a function or "("`
	tests := []struct {
		src, err string
	}{
		{"", `at position 1: the expression is empty: expected a function of w and b, such as w^2 + b^2`},
		{" \t\n", `at position 1: the expression is empty: expected a function of w and b, such as w^2 + b^2`},
		{"w +", `at position 4: expected ` + want + ` but found end of input`},
		{"w + * b", `at position 5: expected ` + want + ` but found "*"`},
		{"(w", `at position 3: expected ")" but found end of input`},
		{"(w + b", `at position 7: expected ")" but found end of input`},
		{"((w) + b", `at position 9: expected ")" but found end of input`},
		{"(w, b)", `at position 3: expected an operator or ")" but found ","`},
		{"2w", `at position 2: expected an operator but found "w" (implicit multiplication is not supported: write 2*w)`},
		{"2 w", `at position 3: expected an operator but found "w" (implicit multiplication is not supported: write 2*w)`},
		{"w b", `at position 3: expected an operator but found "b" (implicit multiplication is not supported: write w*b)`},
		{"(w)(b)", `at position 4: expected an operator but found "(" (implicit multiplication is not supported: write * between the factors)`},
		{"2(w+1)", `at position 2: expected an operator but found "(" (implicit multiplication is not supported: write * between the factors)`},
		{"(w+1 b)", `at position 6: expected an operator but found "b" (implicit multiplication is not supported: write 1*b)`},
		{"max(w b)", `at position 7: expected an operator but found "b" (implicit multiplication is not supported: write w*b)`},
		{"foo(w)", `at position 1: unknown function "foo": expected one of exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, min, max`},
		{"w + z", `at position 5: unknown name "z": expected a variable (w, b, x, y), a constant (pi, e) or a function (exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, min, max)`},
		{"Exp(w)", `at position 1: unknown name "Exp" (names are lowercase: write exp)`},
		{"ln (w)", `at position 1: unknown name "ln" (log is the natural logarithm)`},
		{"max(w)", `at position 6: expected "," but found ")" (max takes 2 arguments)`},
		{"max(w, b, 1)", `at position 9: expected ")" but found "," (max takes 2 arguments)`},
		{"exp(w, b)", `at position 6: expected ")" but found "," (exp takes 1 argument)`},
		{"min(w,", `at position 7: expected ` + want + ` but found end of input`},
		{"min(w", `at position 6: expected "," but found end of input`},
		{"sin(w", `at position 6: expected ")" but found end of input`},
		{"sin w", `at position 5: expected "(" after sin but found "w"`},
		{"exp", `at position 4: expected "(" after exp but found end of input`},
		{"sin()", `at position 5: expected ` + want + ` but found ")"`},
		{"1e", `at position 1: malformed number "1e": the exponent has no digits`},
		{"w*1e+", `at position 3: malformed number "1e+": the exponent has no digits`},
		{"0x1p", `at position 1: malformed number "0x1p": the exponent has no digits`},
		{"0x10", `at position 1: malformed number "0x10": a hexadecimal number needs a "p" exponent, as in 0x1p-2 or 0x10p0`},
		{"0b101", `at position 1: malformed number "0b101": only decimal and hexadecimal (0x...p...) numbers are accepted`},
		{"1__0", `at position 1: malformed number "1__0": expected Go float syntax, such as 1.5, .5, 1e-3, 1_000 or 0x1p-2`},
		{"1e400*w", `at position 1: the number "1e400" is too large (the largest float64 is about 1.8e308)`},
		{")", `at position 1: expected ` + want + ` but found ")"`},
		{"w)", `at position 2: expected an operator or end of input but found ")" (it has no matching "(")`},
		{"w, b", `at position 2: expected an operator or end of input but found "," (commas separate the arguments of min and max)`},
		{"w**2", `at position 3: expected ` + want + ` but found "*" (use ^ for powers)`},
		{"w × b", `at position 3: expected an operator or end of input but found "×" (type * to multiply)`},
		{"w − b", `at position 3: expected an operator or end of input but found "−" (type - to subtract)`},
		{"2π", `at position 2: expected an operator or end of input but found "π" (type pi)`},
		{"éé+2w", `at position 1: expected ` + want + ` but found "é"`},
		{"w+éé", `at position 3: expected ` + want + ` but found "é"`},
		{"ww + 2w", `at position 1: unknown name "ww": expected a variable (w, b, x, y), a constant (pi, e) or a function (exp, log, sqrt, abs, sin, cos, tan, tanh, sigmoid, min, max)`},
		{"w\xff", `at position 2: expected an operator or end of input but found "\xff"`},
		{"\x00", `at position 1: expected ` + want + ` but found "\x00"`},
		{"w^2 = 1", `at position 5: expected an operator or end of input but found "=" (type only the function, such as w^2 + b^2)`},
		{"[w]", `at position 1: expected ` + want + ` but found "[" (use ( and ))`},
		{"w..5", `at position 2: expected an operator or end of input but found "."`},
		{"w .5", `at position 3: expected an operator but found ".5" (implicit multiplication is not supported: write w*.5)`},
		{"w.", `at position 2: expected an operator or end of input but found "."`},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want error %s", tc.src, e, tc.err)
			continue
		}
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q): error %T is not an *Error", tc.src, err)
			continue
		}
		if err.Error() != tc.err {
			t.Errorf("Parse(%q):\n got %s\nwant %s", tc.src, err, tc.err)
		}
		checkPos(t, tc.src, pe)
	}
}

// checkPos checks that an error's position lies within the input or just
// after it.
func checkPos(t *testing.T, src string, pe *Error) {
	t.Helper()
	if n := utf8.RuneCountInString(src); pe.Pos < 1 || pe.Pos > n+1 {
		t.Errorf("Parse(%q): position %d outside 1..%d", src, pe.Pos, n+1)
	}
}

func TestAccepted(t *testing.T) {
	tests := []struct {
		src  string
		want float64 // at w = 2, b = 3
	}{
		{"1", 1}, {"1.5", 1.5}, {".5", 0.5}, {"1.", 1}, {"1e-3", 0.001}, {"1E3", 1000},
		{"1_000", 1000}, {"0x1p-2", 0.25}, {"0X1P+2", 4}, {"0x.8p1", 1}, {"0x1.8p1", 3},
		{"0x_1p0", 1}, {"017", 17}, {"1e-400", 0},
		{"w", 2}, {"b", 3}, {"x", 2}, {"y", 3}, {"pi", 3.141592653589793}, {"e", 2.718281828459045},
		{"-w^2", -4}, {"(-w)^2", 4}, {"2^3^2", 512}, {"w^-1", 0.5}, {"w*-b", -6}, {"w--b", 5},
		{"+w", 2}, {"- + - w", 2}, {"w^b^0", 2}, {"-2^2", -4}, {"w/b*3", 2}, {"w-b-1", -2},
		{"\tw\n+\u00a0b\u3000", 5}, {"max( w , b )", 3}, {"min(w,b)", 2}, {"sigmoid(0)", 0.5},
		{"abs(-w)", 2}, {"sqrt(4*w^2)", 4}, {"exp(log(b))", 3}, {"tanh(0) + cos(0) + sin(0) + tan(0)", 1},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		if got := e.Eval(2, 3); !close(got, tc.want, 1e-15) {
			t.Errorf("%q at (2, 3) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestLimits(t *testing.T) {
	ok := func(src string) {
		t.Helper()
		e, err := Parse(src)
		if err != nil {
			t.Errorf("Parse(%.40q...) (%d bytes): %v", src, len(src), err)
			return
		}
		checkRoundTrip(t, src)
		e.Hessian(0.5, 0.5)
	}
	bad := func(src string, pos int, msg string) {
		t.Helper()
		_, err := Parse(src)
		var pe *Error
		if !errors.As(err, &pe) || pe.Pos != pos || !strings.Contains(pe.Msg, msg) {
			t.Errorf("Parse(%.40q...) (%d bytes) = %v, want position %d: %s", src, len(src), err, pos, msg)
			return
		}
		checkPos(t, src, pe)
	}
	sum := "w" + strings.Repeat("+w", 249) // 499 bytes
	ok(sum + " ")
	bad(sum+"  ", MaxLen+1, "too long: 501 bytes, at most 500")
	bad(strings.Repeat("é", 251), 251, "too long: 502 bytes") // byte 500 starts the 251st character
	bad(strings.Repeat("w", 10000), MaxLen+1, "too long")

	nest := func(n int) string { return strings.Repeat("(", n) + "w" + strings.Repeat(")", n) }
	ok(nest(MaxDepth))
	bad(nest(MaxDepth+1), MaxDepth+1, "nested too deeply")
	ok("w" + strings.Repeat("^w", MaxDepth))
	bad("w"+strings.Repeat("^w", MaxDepth+1), 2*MaxDepth+2, "nested too deeply")
	calls := strings.Repeat("exp(", 50) + strings.Repeat("(", 50) + "w" + strings.Repeat(")", 100)
	ok(calls)
	bad("("+calls+")", 251, "nested too deeply") // the 50th "(" after the calls
	ok(strings.Repeat("-", MaxLen-1) + "w")      // signs do not nest
	ok(strings.Repeat("-(", 100) + "w" + strings.Repeat(")", 100))
	ok(strings.Repeat("max(w,", 71) + "b" + strings.Repeat(")", 71))

	// The worst inputs still parse in linear time: far below a millisecond
	// each, checked loosely so that a slow machine does not fail.
	worst := []string{
		sum, strings.Repeat("-", 499) + "w", nest(100), strings.Repeat("(", 499),
		strings.Repeat("w^", 249) + "w", strings.Repeat("1", 500), strings.Repeat(" ", 500),
	}
	start := time.Now()
	for range 100 {
		for _, s := range worst {
			Parse(s)
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("700 worst-case parses took %v", d)
	}
}

func TestString(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x^2*(y) + -(.5)", "w^2*b + -0.5"},
		{"(1-x)^2+100*(y-x^2)^2", "(1 - w)^2 + 100*(b - w^2)^2"},
		{"sigmoid(w*2+b)", "sigmoid(w*2 + b)"},
		{"exp(-w)*sin(b)", "exp(-w)*sin(b)"},
		{"w-(b-1)", "w - (b - 1)"},
		{"(w-b)-1", "w - b - 1"},
		{"w+(b+1)", "w + (b + 1)"}, // kept: floating-point addition is not associative
		{"w/(b*2)", "w/(b*2)"},
		{"(w/b)*2", "w/b*2"},
		{"w*(b/2)", "w*(b/2)"},
		{"(w+b)*(w-b)", "(w + b)*(w - b)"},
		{"-(w^2)", "-w^2"},
		{"(-w)^2", "(-w)^2"},
		{"-(w*b)", "-(w*b)"},
		{"(-w)*b", "-w*b"},
		{"2^(-w)", "2^-w"},
		{"(2^3)^2", "(2^3)^2"},
		{"2^(3^2)", "2^3^2"},
		{"w^(b+1)", "w^(b + 1)"},
		{"w^(-b^2)", "w^-b^2"},
		{"w*-b", "w*-b"},
		{"w--b", "w - -b"},
		{"- -w", "--w"},
		{"+w", "w"},
		{"max( w ,b )", "max(w, b)"},
		{"min((w),(b+1))", "min(w, b + 1)"},
		{"pi*e", "pi*e"},
		{"1_000*w", "1000*w"},
		{"0x1p-2", "0.25"},
		{"1e-3", "0.001"},
		{"1e-4", "0.0001"},
		{"1e-5", "1e-5"},
		{"1e3", "1000"},
		{"1e5", "1e5"},
		{"12345678", "12345678"},
		{"1.50", "1.5"},
		{".5", "0.5"},
		{"2.5e-7", "2.5e-7"},
		{"1e21", "1e21"},
		{"0x1p1000", "1.0715086071862673e301"},
		{"1e-400", "0"},
	}
	for _, tc := range tests {
		e, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		if got := e.String(); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.src, got, tc.want)
		}
		checkRoundTrip(t, tc.src)
	}
}

// TestStringCompact checks the fallback for long expressions: without
// spaces, shortest numbers, never longer than the input.
func TestStringCompact(t *testing.T) {
	long := "w" + strings.Repeat("+w", 249)
	e, err := Parse(long)
	if err != nil {
		t.Fatal(err)
	}
	if s := e.String(); s != long {
		t.Errorf("String of a 499-byte sum = %.30q..., want the compact form", s)
	}
	nums := strings.Repeat(".5+", 166) + "1" // 499 bytes; "0.5 + " would not fit
	if e, _ := Parse(nums); e.String() != nums {
		t.Errorf("String of %.30q... = %.30q...", nums, e.String())
	}

	compact := []struct {
		x    float64
		want string
	}{
		{0.25, ".25"}, {1000, "1e3"}, {100, "100"}, {1, "1"}, {0, "0"}, {15e-7, "15e-7"},
		{0.001, ".001"}, {123.5, "123.5"}, {0x1p1000, "0x2p999"}, {0x1p-1074, "5e-324"},
		{0xf.fp-9, "0x.ffp-5"}, {1.7976931348623157e308, "0x1fffffffffffffp971"},
	}
	for _, tc := range compact {
		if got := formatNumber(tc.x, true); got != tc.want {
			t.Errorf("compact %v = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// TestCompactNumbers checks that the compact spelling of random floats reads
// back exactly and is never longer than common ways of writing them.
func TestCompactNumbers(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		var x float64
		switch i % 3 {
		case 0: // any positive finite float64
			x = math.Float64frombits(r.Uint64() >> 1)
		case 1: // short decimals: a few digits and a power of ten
			x, _ = strconv.ParseFloat(strconv.Itoa(r.IntN(10000))+"e"+strconv.Itoa(r.IntN(80)-40), 64)
		default: // short binary fractions
			x = math.Ldexp(float64(r.IntN(4096)), r.IntN(2200)-1100)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			continue
		}
		c := formatNumber(x, true)
		if y, err := strconv.ParseFloat(c, 64); err != nil || y != x {
			t.Fatalf("compact %v = %q reads back as %v, %v", x, c, y, err)
		}
		if y, err := strconv.ParseFloat(formatNumber(x, false), 64); err != nil || y != x {
			t.Fatalf("readable %v = %q reads back as %v, %v", x, formatNumber(x, false), y, err)
		}
		for _, s := range []string{
			strconv.FormatFloat(x, 'g', -1, 64), strconv.FormatFloat(x, 'e', -1, 64),
			strconv.FormatFloat(x, 'f', -1, 64), strconv.FormatFloat(x, 'x', -1, 64),
			strings.Replace(strconv.FormatFloat(x, 'x', -1, 64), "p+", "p", 1),
		} {
			if len(c) > len(s) {
				t.Fatalf("compact %v = %q is longer than %q", x, c, s)
			}
		}
	}
}

func TestStringLongRoundTrips(t *testing.T) {
	srcs := []string{
		strings.Repeat("0x1p-1074*", 49) + "w", // hexadecimal literals shorter than any decimal
		strings.Repeat("1e300+", 83) + "b",
		strings.Repeat("max(.5,", 62) + "w" + strings.Repeat(")", 62),
		strings.Repeat("-", 250) + strings.Repeat("w^", 100) + "2",
		strings.Repeat("(w)-", 124) + "b",
		strings.Repeat("0xf.fp-9*", 55) + "b",
	}
	for _, src := range srcs {
		if len(src) > MaxLen {
			t.Fatalf("test input %.20q... is %d bytes", src, len(src))
		}
		checkRoundTrip(t, src)
	}
}

// A long token is repeated in a message only shortened: the message stays
// short whatever was typed (the settings fuzzer found a 48-digit number
// quoted twice in one message, 200 characters).
func TestLongTokensAreShortenedInMessages(t *testing.T) {
	long := strings.Repeat("7", 60)
	for _, src := range []string{"0A" + long, "w " + long, long + "(w)", "Wq" + long + "(w)", "w + §" + long} {
		_, err := Parse(src)
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		if msg := err.Error(); utf8.RuneCountInString(msg) > 150 || strings.Contains(msg, long) {
			t.Errorf("%q: %d characters, the whole token in it: %s", src, utf8.RuneCountInString(msg), msg)
		}
	}
}
