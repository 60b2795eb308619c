package expr

import (
	"math"
	"strconv"
)

// Precedence classes of printed pieces, loosest first.
const (
	precSum  = 1 // a + b, a - b
	precProd = 2 // a * b, a / b
	precNeg  = 3 // -a
	precPow  = 4 // a ^ b
	precAtom = 5 // numbers, names, calls, parenthesized pieces
)

// String returns a canonical spelling of e that Parse reads back as the same
// function, with the same tree (same rounding) and the same String:
// parentheses only where the grammar needs them, spaces around binary + and -,
// the variables as w and b (not x, y), unary plus dropped, numbers in the
// shortest decimal form that reads back exactly (0.25, 1e-6, 1000). For
// example "x^2*(y) + -(.5)" prints as "w^2*b + -0.5".
//
// If that spelling would be longer than MaxLen, String drops the spaces and
// writes each number in its shortest form (".25", "1e3", "0x1p999"), which
// is never longer than the input Parse was given, so the result always parses.
func (e *Expr) String() string {
	if s := render(e.src, false); len(s) <= MaxLen {
		return s
	}
	return render(e.src, true)
}

// piece is a printed subexpression and its precedence class.
type piece struct {
	s    string
	prec int8
}

// wrap parenthesizes p if it binds looser than need.
func wrap(p piece, need int8) string {
	if p.prec >= need {
		return p.s
	}
	return "(" + p.s + ")"
}

// render prints the parsed program prog. It walks the postfix program with a
// stack of pieces, without recursion; input length bounds the work.
func render(prog []instr, compact bool) string {
	plus, minus, comma := " + ", " - ", ", "
	if compact {
		plus, minus, comma = "+", "-", ","
	}
	st := make([]piece, 0, 16)
	for _, in := range prog {
		switch {
		case in.op == opNum:
			st = append(st, piece{formatNumber(in.x, compact), precAtom})
		case in.op == opPi:
			st = append(st, piece{"pi", precAtom})
		case in.op == opE:
			st = append(st, piece{"e", precAtom})
		case in.op == opW:
			st = append(st, piece{"w", precAtom})
		case in.op == opB:
			st = append(st, piece{"b", precAtom})
		case in.op == opNeg:
			u := &st[len(st)-1]
			*u = piece{"-" + wrap(*u, precNeg), precNeg}
		case in.op.unary():
			u := &st[len(st)-1]
			*u = piece{funcName[in.op] + "(" + u.s + ")", precAtom}
		default:
			b := st[len(st)-1]
			st = st[:len(st)-1]
			a := &st[len(st)-1]
			switch in.op {
			case opAdd:
				*a = piece{a.s + plus + wrap(b, precProd), precSum}
			case opSub:
				*a = piece{a.s + minus + wrap(b, precProd), precSum}
			case opMul:
				*a = piece{wrap(*a, precProd) + "*" + wrap(b, precNeg), precProd}
			case opDiv:
				*a = piece{wrap(*a, precProd) + "/" + wrap(b, precNeg), precProd}
			case opPow:
				*a = piece{wrap(*a, precAtom) + "^" + wrap(b, precNeg), precPow}
			default: // min, max
				*a = piece{funcName[in.op] + "(" + a.s + comma + b.s + ")", precAtom}
			}
		}
	}
	return st[0].s
}

// formatNumber spells x >= 0, a number literal's value. The readable form is
// positional (0.001, 1500) unless scientific notation is more than two
// characters shorter (1e-5, 1.5e20). The compact form is the shortest of all
// spellings that read back exactly, decimal or hexadecimal, so it is never
// longer than the literal it came from.
func formatNumber(x float64, compact bool) string {
	digits, exp := decimal(x)
	if !compact {
		plain := positional(digits, exp, true)
		sci := digits[:1]
		if len(digits) > 1 {
			sci += "." + digits[1:]
		}
		sci += "e" + strconv.Itoa(exp)
		if len(plain) <= len(sci)+2 {
			return plain
		}
		return sci
	}
	best := positional(digits, exp, false)
	try := func(s string) {
		if len(s) < len(best) {
			best = s
		}
	}
	k := len(digits)
	if p := exp - (k - 1); p != 0 { // integer mantissa: 15e-7
		try(digits + "e" + strconv.Itoa(p))
	}
	for j := 1; j < k; j++ { // a point after j digits: 1.5e-6
		if e := exp + 1 - j; e != 0 {
			try(digits[:j] + "." + digits[j:] + "e" + strconv.Itoa(e))
		}
	}
	if x > 0 && !math.IsInf(x, 0) {
		// x = n * 2^q with n odd; every hexadecimal spelling without
		// redundant zeros is n<<s (s < 4) with a point somewhere.
		fr, ex := math.Frexp(x)
		n, q := uint64(math.Ldexp(fr, 53)), ex-53
		for n&1 == 0 {
			n >>= 1
			q++
		}
		for s := 0; s < 4; s++ {
			h := strconv.FormatUint(n<<s, 16)
			for i := 0; i <= len(h); i++ {
				m := h
				if i < len(h) {
					m = h[:i] + "." + h[i:]
				}
				try("0x" + m + "p" + strconv.Itoa(q-s+4*(len(h)-i)))
			}
		}
	}
	return best
}

// decimal returns the shortest decimal digits of x that read back exactly
// and the power of ten of the first digit: x = 0.d1d2... * 10^(exp+1).
func decimal(x float64) (digits string, exp int) {
	s := strconv.FormatFloat(x, 'e', -1, 64) // d.ddde±XX
	i := 0
	for s[i] != 'e' {
		i++
	}
	exp, _ = strconv.Atoi(s[i+1:])
	if i == 1 {
		return s[:1], exp
	}
	return s[:1] + s[2:i], exp
}

// positional writes digits with the decimal point placed for exp, padding
// with zeros; zero0 puts a 0 before a leading point.
func positional(digits string, exp int, zero0 bool) string {
	k, point := len(digits), exp+1 // digits before the point
	switch {
	case point >= k:
		return digits + zeros(point-k)
	case point > 0:
		return digits[:point] + "." + digits[point:]
	}
	s := "." + zeros(-point) + digits
	if zero0 {
		s = "0" + s
	}
	return s
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}
