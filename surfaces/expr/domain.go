package expr

import (
	"math"
	"strings"
)

// MaxUndefinedLen is the longest Undefined string, in characters, except that
// a first condition longer than that is kept whole (a condition is never cut).
const MaxUndefinedLen = 80

// Undefined says where e is not a number, for the legend of a map: the
// conditions under which one of its parts is undefined, joined with " or ",
// such as "w < 0 or b <= 0" for sqrt(w)*b + log(b). It is "" when no part can
// be undefined, as for w^2 + b^2.
//
// The conditions come from the operations that leave their domain:
//
//   - sqrt(u): u < 0 (NaN).
//   - log(u): u < 0 (NaN) and u = 0 (-Inf), printed together as u <= 0.
//   - a/u: u = 0 (±Inf, or NaN for 0/0).
//   - u^k with a constant exponent k (an expression without w and b): u < 0
//     when k is not an integer (NaN), u = 0 when k < 0 (Inf). An integer
//     power such as w^2 or w^3 adds nothing.
//   - u^v with a varying exponent: u < 0 (NaN where v is not an integer) and,
//     when v can be negative, u = 0 (Inf where v < 0).
//
// Each condition is written with the printer of String, so u reads as the
// user would type it ("w - 1 = 0" for 1/(w - 1)). Conditions on the same u
// merge ("u < 0" and "u = 0" make "u <= 0"), at the place where u first
// appears; the rest keep their order of appearance. The whole is at most
// MaxUndefinedLen characters: the conditions that fit, then " or …".
//
// A small sign analysis drops conditions that cannot hold: sqrt(1 + w^2),
// log(exp(w)), 1/(1 + abs(b)) and (1 + w^2)^b add nothing, and constant
// subexpressions are folded, so sqrt(4) adds nothing while sqrt(-1) adds the
// condition "-1 < 0", which holds everywhere. It knows signs, not values:
// log(w^2 + b^2) gives "w^2 + b^2 = 0", 1/w^2 gives "w^2 = 0".
//
// A condition says that a part is undefined, which makes the whole NaN or
// ±Inf except where a later operation absorbs the bad value (sigmoid(log(w))
// is 0 at w = 0, since log(0) = -Inf). Left out, because they are not a
// matter of the domain:
//
//   - tan(u): in floating point cos(u) is never exactly 0, so tan is huge near
//     its poles but never Inf.
//   - Overflow and underflow: exp(1000) = +Inf, and Inf - Inf is NaN;
//     exp(u) and sigmoid(u) count as positive and a product of nonzero
//     factors as nonzero, although they round to 0 far out (1/exp(w) is +Inf
//     at w = -800).
//   - A varying exponent that happens to be an integer: (-2)^w is defined at
//     integer w, yet the condition "-2 < 0" holds for every w; likewise w^b
//     at w = 0 is 0 where b > 0, yet "w <= 0" includes it.
func (e *Expr) Undefined() string {
	const tail = " or …" // 5 characters
	var sb strings.Builder
	conds := e.conditions()
	for i, c := range conds {
		s := c.String() // ASCII: bytes are characters
		limit := MaxUndefinedLen
		if i < len(conds)-1 {
			limit -= 5 // leave room for the tail
		}
		if i > 0 {
			if sb.Len()+len(" or ")+len(s) > limit {
				sb.WriteString(tail)
				break
			}
			sb.WriteString(" or ")
		}
		sb.WriteString(s)
	}
	return sb.String()
}

// signs is a set of the signs a value can take, at the points where none of
// its parts is undefined (and nothing overflows or underflows).
type signs uint8

const (
	sNeg  signs = 1 << iota // < 0
	sZero                   // = 0 (either zero)
	sPos                    // > 0
	sAll  = sNeg | sZero | sPos
)

// signOf is the sign of x; a NaN has none.
func signOf(x float64) signs {
	switch {
	case x < 0:
		return sNeg
	case x == 0:
		return sZero
	case x > 0:
		return sPos
	}
	return 0
}

// pairwise is the union of f(x, y) over the single signs x in a and y in b.
func pairwise(a, b signs, f func(x, y signs) signs) signs {
	var r signs
	for x := sNeg; x <= sPos; x <<= 1 {
		for y := sNeg; y <= sPos; y <<= 1 {
			if a&x != 0 && b&y != 0 {
				r |= f(x, y)
			}
		}
	}
	return r
}

func addSign(x, y signs) signs {
	switch {
	case x == sZero:
		return y
	case y == sZero, x == y:
		return x
	}
	return sAll // a positive and a negative term
}

func mulSign(x, y signs) signs {
	switch {
	case x == sZero || y == sZero:
		return sZero
	case x == y:
		return sPos
	}
	return sNeg
}

// minSign and maxSign: the single signs are ordered sNeg < sZero < sPos.
func minSign(x, y signs) signs { return min(x, y) }
func maxSign(x, y signs) signs { return max(x, y) }

// negSigns is the set of signs of -u.
func negSigns(a signs) signs {
	r := a & sZero
	if a&sNeg != 0 {
		r |= sPos
	}
	if a&sPos != 0 {
		r |= sNeg
	}
	return r
}

// rel is a set of relations of a subexpression to 0.
type rel uint8

const (
	relLT rel = 1 << iota // u < 0
	relEQ                 // u = 0
)

// cond is a condition under which part of the expression is undefined: u,
// printed as String prints it, is < 0, = 0 or <= 0.
type cond struct {
	u   string
	rel rel
}

func (c cond) String() string {
	switch c.rel {
	case relLT:
		return c.u + " < 0"
	case relEQ:
		return c.u + " = 0"
	}
	return c.u + " <= 0"
}

// node describes a subexpression during the walk: where its instructions
// start in the parsed program, its possible signs and, if it is constant
// (without w and b), its value as compile folds it.
type node struct {
	start int
	sg    signs
	konst bool
	x     float64
}

// conditions walks the parsed program, a postfix program in which every
// subexpression is a contiguous run of instructions, with a stack of nodes
// (no recursion), and collects the conditions of Undefined, merged by u, in
// order of appearance and without the length cap.
func (e *Expr) conditions() []cond {
	var conds []cond
	at := map[string]int{} // u -> index in conds
	add := func(prog []instr, r rel) {
		if r == 0 {
			return
		}
		u := (&Expr{src: prog}).String()
		if i, ok := at[u]; ok {
			conds[i].rel |= r
			return
		}
		at[u] = len(conds)
		conds = append(conds, cond{u, r})
	}
	st := make([]node, 0, 16)
	for i, in := range e.src {
		x, konst := in.constant()
		switch {
		case konst:
			st = append(st, node{start: i, sg: signOf(x), konst: true, x: x})
		case in.op == opW || in.op == opB:
			st = append(st, node{start: i, sg: sAll})
		case in.op.unary():
			u := &st[len(st)-1]
			prog := e.src[u.start:i]
			switch in.op {
			case opSqrt:
				add(prog, lt(u.sg))
			case opLog:
				add(prog, lt(u.sg)|eq(u.sg))
			}
			if u.konst {
				u.x = apply1(in.op, u.x, 0)
				u.sg = signOf(u.x)
			} else {
				u.sg = unarySigns(in.op, u.sg)
			}
		default: // binary
			a, v := &st[len(st)-2], st[len(st)-1]
			st = st[:len(st)-1]
			prog := e.src[v.start:i] // the right operand
			switch in.op {
			case opDiv:
				add(prog, eq(v.sg))
			case opPow:
				prog = e.src[a.start:v.start] // the base
				add(prog, powRel(a.sg, v))
			}
			if a.konst && v.konst {
				a.x = apply2(in.op, a.x, v.x)
				a.sg = signOf(a.x)
			} else {
				a.sg = binarySigns(in.op, a.sg, v)
				a.konst = false
			}
		}
	}
	return conds
}

// lt is relLT if u can be negative; eq is relEQ if u can be zero.
func lt(u signs) rel {
	if u&sNeg != 0 {
		return relLT
	}
	return 0
}

func eq(u signs) rel {
	if u&sZero != 0 {
		return relEQ
	}
	return 0
}

// powRel is where u^v, for a base with signs u, is undefined: math.Pow is
// NaN for u < 0 and a non-integer v, and Inf for u = 0 and v < 0.
func powRel(u signs, v node) rel {
	if !v.konst {
		r := lt(u)
		if v.sg&sNeg != 0 {
			r |= eq(u)
		}
		return r
	}
	k := v.x
	var r rel
	if k != math.Trunc(k) && !math.IsNaN(k) { // not an integer; ±Inf is one
		r |= lt(u)
	}
	if k < 0 {
		r |= eq(u)
	}
	return r
}

// unarySigns is the set of signs of op(u) for a varying u with signs a.
func unarySigns(op opcode, a signs) signs {
	switch op {
	case opNeg:
		return negSigns(a)
	case opExp, opSigmoid:
		return sPos
	case opAbs:
		if a&(sNeg|sPos) != 0 {
			return a&sZero | sPos
		}
		return a
	case opSqrt:
		return a &^ sNeg // sqrt of a negative is undefined
	case opTanh:
		return a
	}
	return sAll // log, sin, cos, tan
}

// binarySigns is the set of signs of a op v, not both constant.
func binarySigns(op opcode, a signs, v node) signs {
	b := v.sg
	switch op {
	case opAdd:
		return pairwise(a, b, addSign)
	case opSub:
		return pairwise(a, negSigns(b), addSign)
	case opMul:
		return pairwise(a, b, mulSign)
	case opDiv:
		return pairwise(a, b&^sZero, mulSign) // a division by 0 is undefined
	case opMin:
		return pairwise(a, b, minSign)
	case opMax:
		return pairwise(a, b, maxSign)
	case opPow:
		return powSigns(a, v)
	}
	return sAll
}

// powSigns is the set of signs of u^v, leaving out where it is undefined.
func powSigns(u signs, v node) signs {
	var r signs
	if !v.konst {
		if u&sPos != 0 {
			r |= sPos
		}
		if u&sZero != 0 {
			r |= sZero | sPos // 0^0 = 1
		}
		if u&sNeg != 0 {
			r |= sNeg | sPos // at an integer v
		}
		return r
	}
	k := v.x
	switch {
	case math.IsNaN(k):
		return 0
	case k == 0:
		return sPos // x^0 = 1
	case math.IsInf(k, 0):
		return sAll
	}
	if u&sPos != 0 {
		r |= sPos
	}
	if u&sZero != 0 && k > 0 {
		r |= sZero
	}
	if u&sNeg != 0 && k == math.Trunc(k) {
		if math.Mod(k, 2) == 0 {
			r |= sPos
		} else {
			r |= sNeg
		}
	}
	return r
}
