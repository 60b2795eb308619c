package expr

import "math"

// dual1 is a value with its first derivatives along w and b.
type dual1 struct{ v, w, b float64 }

// dual2 is a value with its first and second derivatives (a second-order
// "hyper-dual" number in two variables).
type dual2 struct{ v, w, b, ww, wb, bb float64 }

// Eval returns f(w, b).
func (e *Expr) Eval(w, b float64) float64 {
	s := e.vals
	n := 0
	for _, in := range e.code {
		switch in.op {
		case opNum:
			s[n] = in.x
			n++
		case opW:
			s[n] = w
			n++
		case opB:
			s[n] = b
			n++
		case opAdd:
			n--
			s[n-1] += s[n]
		case opSub:
			n--
			s[n-1] -= s[n]
		case opMul:
			n--
			s[n-1] *= s[n]
		case opDiv:
			n--
			s[n-1] /= s[n]
		case opPow, opMin, opMax:
			n--
			s[n-1] = apply2(in.op, s[n-1], s[n])
		default:
			s[n-1] = apply1(in.op, s[n-1], in.x)
		}
	}
	return s[0]
}

// Grad returns f(w, b) and its partial derivatives df/dw and df/db.
func (e *Expr) Grad(w, b float64) (f, dw, db float64) {
	s := e.d1
	n := 0
	for _, in := range e.code {
		switch in.op {
		case opNum:
			s[n] = dual1{v: in.x}
			n++
		case opW:
			s[n] = dual1{v: w, w: 1}
			n++
		case opB:
			s[n] = dual1{v: b, b: 1}
			n++
		case opNeg:
			u := &s[n-1] // 0-d, not -d: a zero derivative stays +0
			u.v, u.w, u.b = -u.v, 0-u.w, 0-u.b
		case opAdd:
			n--
			x, y := &s[n-1], &s[n]
			x.v, x.w, x.b = x.v+y.v, x.w+y.w, x.b+y.b
		case opSub:
			n--
			x, y := &s[n-1], &s[n]
			x.v, x.w, x.b = x.v-y.v, x.w-y.w, x.b-y.b
		case opMul:
			n--
			s[n-1] = mul1(s[n-1], s[n])
		case opDiv:
			n--
			s[n-1] = div1(s[n-1], s[n])
		case opPow:
			n--
			s[n-1] = pow1(s[n-1], s[n])
		case opMin:
			n--
			if !pickFirstMin(s[n-1].v, s[n].v) {
				s[n-1] = s[n]
			}
		case opMax:
			n--
			if !pickFirstMax(s[n-1].v, s[n].v) {
				s[n-1] = s[n]
			}
		default:
			u := s[n-1]
			g, g1, _ := deriv(in.op, u.v, in.x, false)
			s[n-1] = chain1(u, g, g1)
		}
	}
	return s[0].v, s[0].w, s[0].b
}

// Hessian returns f(w, b), its gradient (dw, db) and its Hessian
// [[hww, hwb], [hwb, hbb]].
//
// Its loop is Grad's with second-order duals, written out twice on purpose:
// Grad runs at every step of every ball on a custom surface, and one loop
// generic over dual1 and dual2 would reach their arithmetic through a
// method dictionary instead of inlining it.
func (e *Expr) Hessian(w, b float64) (f, dw, db, hww, hwb, hbb float64) {
	s := e.d2
	n := 0
	for _, in := range e.code {
		switch in.op {
		case opNum:
			s[n] = dual2{v: in.x}
			n++
		case opW:
			s[n] = dual2{v: w, w: 1}
			n++
		case opB:
			s[n] = dual2{v: b, b: 1}
			n++
		case opNeg:
			u := &s[n-1]
			*u = dual2{-u.v, 0 - u.w, 0 - u.b, 0 - u.ww, 0 - u.wb, 0 - u.bb}
		case opAdd:
			n--
			x, y := &s[n-1], &s[n]
			*x = dual2{x.v + y.v, x.w + y.w, x.b + y.b, x.ww + y.ww, x.wb + y.wb, x.bb + y.bb}
		case opSub:
			n--
			x, y := &s[n-1], &s[n]
			*x = dual2{x.v - y.v, x.w - y.w, x.b - y.b, x.ww - y.ww, x.wb - y.wb, x.bb - y.bb}
		case opMul:
			n--
			s[n-1] = mul2(&s[n-1], &s[n])
		case opDiv:
			n--
			s[n-1] = div2(&s[n-1], &s[n])
		case opPow:
			n--
			s[n-1] = pow2(&s[n-1], &s[n])
		case opMin:
			n--
			if !pickFirstMin(s[n-1].v, s[n].v) {
				s[n-1] = s[n]
			}
		case opMax:
			n--
			if !pickFirstMax(s[n-1].v, s[n].v) {
				s[n-1] = s[n]
			}
		default:
			u := &s[n-1]
			g, g1, g2 := deriv(in.op, u.v, in.x, true)
			*u = chain2(u, g, g1, g2)
		}
	}
	r := &s[0]
	return r.v, r.w, r.b, r.ww, r.wb, r.bb
}

// deriv returns g(u), its slope g1 and, if second, its curvature g2 at u for the unary operation op
// (k: opPowK's exponent). The value g is exactly apply1's.
func deriv(op opcode, u, k float64, second bool) (g, g1, g2 float64) {
	switch op {
	case opNeg:
		return -u, -1, 0
	case opExp:
		g = math.Exp(u)
		return g, g, g
	case opLog:
		return math.Log(u), 1 / u, -1 / (u * u)
	case opSqrt:
		// At u = 0: +Inf and -Inf, the right-hand limits.
		g = math.Sqrt(u)
		return g, 0.5 / g, -0.25 / (g * u)
	case opAbs:
		if u >= 0 {
			return math.Abs(u), 1, 0 // slope +1 at 0: the right-hand derivative
		}
		return math.Abs(u), -1, 0
	case opSin: // Sin and Cos, not Sincos, so that g is exactly apply1's
		s, c := math.Sin(u), math.Cos(u)
		return s, c, -s
	case opCos:
		s, c := math.Sin(u), math.Cos(u)
		return c, -s, -c
	case opTan:
		g = math.Tan(u)
		g1 = 1 + g*g
		return g, g1, 2 * g * g1
	case opTanh:
		g = math.Tanh(u)
		g1 = 1 - g*g
		return g, g1, -2 * g * g1
	case opSigmoid:
		g = sigmoid(u)
		g1 = g * (1 - g)
		return g, g1, g1 * (1 - 2*g)
	case opPowK:
		g = powK(u, k)
		switch k {
		case 0:
			return g, 0, 0
		case 1:
			return g, 1, 0
		case 2:
			return g, 2 * u, 2
		}
		g1 = k * math.Pow(u, k-1)
		if second {
			g2 = k * (k - 1) * math.Pow(u, k-2)
		}
		return g, g1, g2
	}
	nan := math.NaN()
	return nan, nan, nan
}

// dz is d*x, except that a zero derivative part d stays zero even when x is
// infinite or NaN: a term contributes nothing along a variable it does not
// depend on.
func dz(d, x float64) float64 {
	if d == 0 {
		return 0
	}
	return d * x
}

// mz is x*y for two derivative parts, zero if either is zero.
func mz(x, y float64) float64 {
	if x == 0 || y == 0 {
		return 0
	}
	return x * y
}

// chain1 applies g (value g, slope g1 at u.v) to u.
func chain1(u dual1, g, g1 float64) dual1 {
	return dual1{g, dz(u.w, g1), dz(u.b, g1)}
}

func mul1(a, b dual1) dual1 {
	return dual1{a.v * b.v, dz(a.w, b.v) + dz(b.w, a.v), dz(a.b, b.v) + dz(b.b, a.v)}
}

// div1: q = a/b, q' = (a' - q b')/b.
func div1(a, b dual1) dual1 {
	q := a.v / b.v
	return dual1{q, (a.w - dz(b.w, q)) / b.v, (a.b - dz(b.b, q)) / b.v}
}

// pow1 is a^b for a varying exponent: exp(b*log(a)), with the value math.Pow's.
func pow1(a, b dual1) dual1 {
	v := apply2(opPow, a.v, b.v)
	h := mul1(b, chain1(a, math.Log(a.v), 1/a.v))
	return chain1(h, v, v)
}

// chain2 applies g (value g, slope g1, curvature g2 at u.v) to u:
// (g∘u)_ij = g2 u_i u_j + g1 u_ij.
func chain2(u *dual2, g, g1, g2 float64) dual2 {
	return dual2{
		v:  g,
		w:  dz(u.w, g1),
		b:  dz(u.b, g1),
		ww: dz(mz(u.w, u.w), g2) + dz(u.ww, g1),
		wb: dz(mz(u.w, u.b), g2) + dz(u.wb, g1),
		bb: dz(mz(u.b, u.b), g2) + dz(u.bb, g1),
	}
}

// mul2: (ab)_ij = a_ij b + a_i b_j + a_j b_i + a b_ij.
func mul2(a, b *dual2) dual2 {
	return dual2{
		v:  a.v * b.v,
		w:  dz(a.w, b.v) + dz(b.w, a.v),
		b:  dz(a.b, b.v) + dz(b.b, a.v),
		ww: dz(a.ww, b.v) + 2*mz(a.w, b.w) + dz(b.ww, a.v),
		wb: dz(a.wb, b.v) + mz(a.w, b.b) + mz(a.b, b.w) + dz(b.wb, a.v),
		bb: dz(a.bb, b.v) + 2*mz(a.b, b.b) + dz(b.bb, a.v),
	}
}

// div2: q = a/b from a = q b: q_i = (a_i - q b_i)/b,
// q_ij = (a_ij - q_i b_j - q_j b_i - q b_ij)/b.
func div2(a, b *dual2) dual2 {
	q := a.v / b.v
	qw := (a.w - dz(b.w, q)) / b.v
	qb := (a.b - dz(b.b, q)) / b.v
	return dual2{
		v:  q,
		w:  qw,
		b:  qb,
		ww: (a.ww - 2*mz(qw, b.w) - dz(b.ww, q)) / b.v,
		wb: (a.wb - mz(qw, b.b) - mz(qb, b.w) - dz(b.wb, q)) / b.v,
		bb: (a.bb - 2*mz(qb, b.b) - dz(b.bb, q)) / b.v,
	}
}

// pow2 is a^b for a varying exponent: exp(b*log(a)), with the value math.Pow's.
func pow2(a, b *dual2) dual2 {
	v := apply2(opPow, a.v, b.v)
	l := chain2(a, math.Log(a.v), 1/a.v, -1/(a.v*a.v))
	h := mul2(b, &l)
	return chain2(&h, v, v, v)
}
