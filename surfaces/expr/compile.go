package expr

import "math"

// opcode is an instruction of the postfix program.
type opcode uint8

const (
	opNum opcode = iota // push x
	opPi                // push pi (parsed program only; folded to opNum)
	opE                 // push e (parsed program only; folded to opNum)
	opW                 // push w
	opB                 // push b

	// Unary: replace the top of the stack.
	opNeg
	opExp
	opLog
	opSqrt
	opAbs
	opSin
	opCos
	opTan
	opTanh
	opSigmoid
	opPowK // top^x, x a constant exponent (compiled program only)

	// Binary: pop the top, combine it with the new top.
	opAdd
	opSub
	opMul
	opDiv
	opPow
	opMin
	opMax
)

func (op opcode) unary() bool  { return opNeg <= op && op <= opPowK }
func (op opcode) binary() bool { return op >= opAdd }

// instr is one instruction: an opcode and its constant, if any.
type instr struct {
	op opcode
	x  float64
}

// fn describes a function of the syntax.
type fn struct {
	op    opcode
	arity int
}

var funcs = map[string]fn{
	"exp": {opExp, 1}, "log": {opLog, 1}, "sqrt": {opSqrt, 1}, "abs": {opAbs, 1},
	"sin": {opSin, 1}, "cos": {opCos, 1}, "tan": {opTan, 1}, "tanh": {opTanh, 1},
	"sigmoid": {opSigmoid, 1}, "min": {opMin, 2}, "max": {opMax, 2},
}

// funcName is the inverse of funcs, for String.
var funcName = func() map[opcode]string {
	m := make(map[opcode]string, len(funcs))
	for name, f := range funcs {
		m[f.op] = name
	}
	return m
}()

// compile folds constant subexpressions of the parsed program prog: an
// operation whose operands are all constants becomes one constant, computed
// by the same code Eval runs (so folding never changes a value), and a power
// with a constant exponent becomes opPowK, which is differentiated by the
// power rule. It returns the program and the stack depth it needs. It runs in
// one pass with a stack of "is constant" flags; no recursion.
func compile(prog []instr) (code []instr, depth int) {
	code = make([]instr, 0, len(prog))
	isConst := make([]bool, 0, 16)
	for _, in := range prog {
		x, konst := in.constant()
		switch {
		case konst:
			code = append(code, instr{op: opNum, x: x})
			isConst = append(isConst, true)
		case in.op == opW || in.op == opB:
			code = append(code, in)
			isConst = append(isConst, false)
		case in.op.unary():
			if isConst[len(isConst)-1] {
				top := &code[len(code)-1]
				top.x = apply1(in.op, top.x, 0)
			} else {
				code = append(code, in)
			}
		default: // binary
			n := len(isConst)
			ca, cb := isConst[n-2], isConst[n-1]
			isConst = isConst[:n-1]
			switch {
			case ca && cb:
				b := code[len(code)-1].x
				code = code[:len(code)-1]
				top := &code[len(code)-1]
				top.x = apply2(in.op, top.x, b)
			case cb && in.op == opPow:
				code[len(code)-1].op = opPowK
			default:
				code = append(code, in)
				isConst[n-2] = false
			}
		}
		depth = max(depth, len(isConst))
	}
	return code, depth
}

// constant is the value of a constant instruction (a number, pi or e), and
// false for any other. Constants are folded in two walks of the parsed
// program, compile's (which builds the program Eval runs) and
// conditions' (which must see every subexpression of the parsed program,
// folded or not, to name where it is undefined); both take the values from
// here and combine them with apply1 and apply2, so they fold alike.
func (in instr) constant() (float64, bool) {
	switch in.op {
	case opNum:
		return in.x, true
	case opPi:
		return math.Pi, true
	case opE:
		return math.E, true
	}
	return 0, false
}

// apply1 is the value of the unary operation op at u (k: opPowK's exponent).
func apply1(op opcode, u, k float64) float64 {
	switch op {
	case opNeg:
		return -u
	case opExp:
		return math.Exp(u)
	case opLog:
		return math.Log(u)
	case opSqrt:
		return math.Sqrt(u)
	case opAbs:
		return math.Abs(u)
	case opSin:
		return math.Sin(u)
	case opCos:
		return math.Cos(u)
	case opTan:
		return math.Tan(u)
	case opTanh:
		return math.Tanh(u)
	case opSigmoid:
		return sigmoid(u)
	case opPowK:
		return powK(u, k)
	}
	return math.NaN()
}

// apply2 is the value of the binary operation op at (a, b).
func apply2(op opcode, a, b float64) float64 {
	switch op {
	case opAdd:
		return a + b
	case opSub:
		return a - b
	case opMul:
		return a * b
	case opDiv:
		return a / b
	case opPow:
		if b == 2 {
			return a * a // as opPowK does, so folding changes nothing
		}
		return math.Pow(a, b)
	case opMin:
		if pickFirstMin(a, b) {
			return a
		}
		return b
	case opMax:
		if pickFirstMax(a, b) {
			return a
		}
		return b
	}
	return math.NaN()
}

// sigmoid is 1/(1+exp(-u)); it saturates to 0 or 1 without NaN.
func sigmoid(u float64) float64 { return 1 / (1 + math.Exp(-u)) }

// powK is u^k; squaring, the common case, skips math.Pow.
func powK(u, k float64) float64 {
	if k == 2 {
		return u * u
	}
	return math.Pow(u, k)
}

// pickFirstMin reports whether min(a, b) is a: on a tie the first argument
// wins, and a NaN argument is propagated.
func pickFirstMin(a, b float64) bool { return a <= b || a != a }

// pickFirstMax reports whether max(a, b) is a (ties and NaN as pickFirstMin).
func pickFirstMax(a, b float64) bool { return a >= b || a != a }
