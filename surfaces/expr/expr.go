// Package expr parses a function of two variables typed by a user, such as
// "(1 - w)^2 + 100*(b - w^2)^2", and evaluates it with exact first and second
// derivatives, so that it can serve as a loss surface for gradient rules and
// for Newton's method.
//
// # Syntax
//
//	expr    = sum
//	sum     = product { ("+" | "-") product }   left-associative
//	product = unary { ("*" | "/") unary }       left-associative
//	unary   = { "-" | "+" } power               -w^2 is -(w^2)
//	power   = primary [ "^" unary ]             right-associative: 2^3^2 = 2^9
//	primary = number | name | func "(" args ")" | "(" sum ")"
//
// In detail:
//
//   - Numbers use Go's float syntax, exactly what strconv.ParseFloat accepts
//     without a sign: 1, 1.5, .5, 1., 1e-3, 1_000, 0x1p-2. Hexadecimal
//     numbers need a p exponent (0x10p0); 0b and 0o prefixes, Inf and NaN are
//     not numbers here. A number too large for a float64 is an error; one too
//     small becomes 0.
//   - Variables: w and b; x and y are accepted as aliases of w and b so that
//     textbook formulas in x and y can be pasted (String prints w and b).
//     Constants: pi and e. Names are case-sensitive and lowercase.
//   - Functions of one argument: exp, log (natural), sqrt, abs, sin, cos, tan,
//     tanh, sigmoid (1/(1+exp(-u))); of two, separated by a comma: min, max.
//   - The exponent of ^ may carry a sign (w^-1, 2^-w), as may the right operand
//     of * and / (w*-b). Implicit multiplication ("2w", "(w)(b)") is not
//     accepted: the error says to write the "*".
//   - Whitespace (any Unicode space) may appear between tokens.
//   - Input is at most MaxLen bytes and nests at most MaxDepth levels of
//     parentheses, function calls and exponents.
//
// # Derivatives
//
// Parse compiles the expression into a flat postfix program (constant
// subexpressions folded) that Eval runs on float64 values, Grad on first-order
// dual numbers and Hessian on second-order ("hyper-dual") numbers
// (f, f_w, f_b, f_ww, f_wb, f_bb). The derivatives are therefore exact up to
// floating-point rounding, never finite differences, and all three methods
// return the same value f for the same point. At points where a function is
// not differentiable a one-sided rule is used:
//
//   - abs(u) at u = 0 has slope +1 (the right-hand derivative).
//   - min(u, v) and max(u, v) on a tie u == v take u, the first argument,
//     with its derivatives.
//   - sqrt(u) at u = 0 has slope +Inf and curvature -Inf (the right-hand
//     limits).
//   - u^c with a constant exponent c (an expression without w and b) uses the
//     power rule, so negative bases work with integer exponents ((-w)^3,
//     w^-1); u^v with a varying exponent is differentiated as exp(v*log(u)),
//     whose derivatives are NaN where u <= 0.
//
// A derivative part that is exactly zero stays zero when multiplied by an
// infinite factor: a term contributes nothing along a variable it does not
// depend on, so sqrt(w) has d/db = 0 at w = 0 and sqrt(w^2 + b^2) has a zero
// gradient at the origin. Apart from that, IEEE arithmetic applies: outside a
// function's domain (log(-1), 1/0, sqrt(-1), overflow) the results are NaN or
// ±Inf, which callers treat as divergence. Nothing panics.
//
// # Resources
//
// Parsing is linear in the input; the recursive-descent parser recurses only
// through parentheses, calls and exponents, which MaxDepth bounds. Eval, Grad
// and Hessian allocate nothing: an Expr owns preallocated stacks, so it is not
// safe for concurrent use. Use Clone to get an independent copy per goroutine.
package expr

import "strconv"

// MaxLen is the longest accepted input, in bytes.
const MaxLen = 500

// MaxDepth is the deepest accepted nesting of parentheses, function calls and
// exponents ("w^w^w" nests two exponents).
const MaxDepth = 100

// Error is a problem with the input of Parse: Pos is the 1-based position, in
// characters (runes; an invalid UTF-8 byte counts as one), of the offending
// token or of the end of input (one past the last character), and Msg says
// what was expected.
type Error struct {
	Pos int
	Msg string
}

// Error formats the error as "at position 5: expected ")" but found end of input".
func (e *Error) Error() string {
	return "at position " + strconv.Itoa(e.Pos) + ": " + e.Msg
}

// Expr is a parsed function of w and b. Its methods reuse internal stacks, so
// an Expr must not be used by several goroutines at once (see Clone).
type Expr struct {
	src  []instr // the program as parsed, for String
	code []instr // src with constants folded, for evaluation

	vals []float64 // Eval's stack
	d1   []dual1   // Grad's stack
	d2   []dual2   // Hessian's stack
}

// Parse parses src, a function of w and b (see the package documentation for
// the syntax). A syntax error is an *Error.
func Parse(src string) (*Expr, error) {
	prog, err := parse(src, MaxLen)
	if err != nil {
		return nil, err
	}
	code, depth := compile(prog)
	return &Expr{
		src:  prog,
		code: code,
		vals: make([]float64, depth),
		d1:   make([]dual1, depth),
		d2:   make([]dual2, depth),
	}, nil
}

// Clone returns a copy of e with its own stacks, for use on another goroutine.
func (e *Expr) Clone() *Expr {
	n := len(e.vals)
	return &Expr{
		src:  e.src,
		code: e.code,
		vals: make([]float64, n),
		d1:   make([]dual1, n),
		d2:   make([]dual2, n),
	}
}
