package expr

import (
	"errors"
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input panics or hangs Parse, that every error is
// an *Error with a position within the input (or just after it), and that
// whatever parses prints, within MaxLen, as a canonical String that parses
// back to the same function: the same values and derivatives, bit for bit, at
// a few points. Its seed corpus is testdata/fuzz/FuzzParse.
//
//	go test -run=^$ -fuzz=FuzzParse -fuzztime=3m ./surfaces/expr
func FuzzParse(f *testing.F) {
	f.Add("(1 - w)^2 + 100*(b - w^2)^2")
	f.Add("2w")
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T is not an *Error", src, err)
			}
			if n := utf8.RuneCountInString(src); pe.Pos < 1 || pe.Pos > n+1 {
				t.Fatalf("Parse(%q): position %d outside 1..%d", src, pe.Pos, n+1)
			}
			if pe.Msg == "" {
				t.Fatalf("Parse(%q): empty message", src)
			}
			return
		}
		if len(src) > MaxLen {
			t.Fatalf("Parse accepted %d bytes", len(src))
		}
		checkRoundTrip(t, src)
		// Evaluation never panics, also at awkward points.
		for _, p := range [][2]float64{{math.Inf(1), 0}, {math.NaN(), 1}, {-0.0, 1e308}, {1e-308, -1}} {
			e.Hessian(p[0], p[1])
			e.Grad(p[0], p[1])
			e.Eval(p[0], p[1])
		}
	})
}
