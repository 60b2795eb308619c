package view

import "math"

// SpansDecades reports whether the loss range [lo, hi] covers more than two
// decades (hi > 100*lo, or lo <= 0 < hi): contour levels should then be log
// spaced, or almost every line crowds around the highest values.
func SpansDecades(lo, hi float64) bool {
	if !(hi > 0) || math.IsInf(hi, 0) {
		return false
	}
	return !(lo > 0) || hi > 100*lo
}

// Levels appends to dst[:0] about n contour levels strictly inside (lo, hi),
// in increasing order, and returns it (n < 1 counts as 1; an empty or
// non-finite range gives none).
//
// With logScale and a range that spans decades (SpansDecades) the levels
// are log spaced on nice numbers: 1, 2, 5 in every decade, or 1 and 3, or
// only the powers of ten, or every other power, the densest pattern that
// gives at most n levels. A lower end at or below zero (a minimum of 0, as
// on Rosenbrock) is replaced by hi / 10^max(2, ceil(n/3)): as many decades
// below the top as n levels fill with 1-2-5 steps.
//
// Otherwise the levels are linear: the multiples of the smallest nice step
// (1, 2 or 5 times a power of ten) that gives at most n levels.
func Levels(lo, hi float64, n int, logScale bool, dst []float64) []float64 {
	dst = dst[:0]
	if n < 1 {
		n = 1
	}
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return dst
	}
	if logScale && SpansDecades(lo, hi) {
		return logLevels(lo, hi, n, dst)
	}
	step, m, e := niceStepAtLeast((hi - lo) / float64(n+1))
	for count(lo, hi, step) > n {
		step, m, e = niceStepAtLeast(step * 1.0001)
	}
	k0 := math.Floor(lo/step) + 1
	for k := k0; ; k++ {
		v := pow10Times(k*m, e)
		if v >= hi {
			break
		}
		if v > lo {
			dst = append(dst, v)
		}
	}
	return dst
}

// count returns how many multiples of step lie strictly inside (lo, hi).
func count(lo, hi, step float64) int {
	a := math.Floor(lo/step) + 1
	b := math.Ceil(hi/step) - 1
	if b < a {
		return 0
	}
	return int(b - a + 1)
}

// niceStepAtLeast returns the smallest number of the form 1, 2 or 5 times a
// power of ten that is >= x (x > 0), and its mantissa m and exponent e.
func niceStepAtLeast(x float64) (step, m float64, e int) {
	e = int(math.Floor(math.Log10(x)))
	for {
		for _, m := range [3]float64{1, 2, 5} {
			if v := pow10Times(m, e); v >= x*(1-1e-12) {
				return v, m, e
			}
		}
		e++
	}
}

// pow10Times returns m * 10^e, computed so that decimal values such as 0.2
// come out as the nearest float64 (m / 10^-e for negative e).
func pow10Times(m float64, e int) float64 {
	if e < 0 && e >= -22 { // 10^-e is exact up to 10^22
		return m / math.Pow10(-e)
	}
	return m * math.Pow10(e)
}

// logPatterns are the mantissas of the log-spaced levels in a decade, from
// densest to sparsest; past the last, whole decades are skipped.
var logPatterns = [...][]float64{{1, 2, 5}, {1, 3}, {1}}

func logLevels(lo, hi float64, n int, dst []float64) []float64 {
	if !(lo > 0) {
		lo = hi / math.Pow10(max(2, (n+2)/3))
	}
	e0 := int(math.Floor(math.Log10(lo)))
	e1 := int(math.Ceil(math.Log10(hi)))
	// each calls f for the levels of a pattern: mantissas ms in the decades
	// that are multiples of stride.
	each := func(ms []float64, stride int, f func(v float64)) {
		for e := e0; e <= e1; e++ {
			if floorMod(e, stride) != 0 {
				continue
			}
			for _, m := range ms {
				if v := pow10Times(m, e); v > lo && v < hi {
					f(v)
				}
			}
		}
	}
	for _, ms := range logPatterns {
		c := 0
		each(ms, 1, func(float64) { c++ })
		if c <= n {
			each(ms, 1, func(v float64) { dst = append(dst, v) })
			return dst
		}
	}
	// Powers of ten every stride decades, stride a nice number.
	stride := 1
	for _, m := range [...]int{2, 5, 10, 20, 50, 100, 200} {
		stride = m
		c := 0
		each(logPatterns[2], stride, func(float64) { c++ })
		if c <= n {
			break
		}
	}
	each(logPatterns[2], stride, func(v float64) { dst = append(dst, v) })
	return dst
}

func floorMod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// LabelLevels marks which of the levels (as Levels returns them) get a
// label, at most maxLabels of them (< 1 counts as 1): it sets dst[k] (dst
// is resized to len(levels)) and returns dst.
//
// Evenly spaced levels are labelled on the multiples of k steps, the
// smallest k in 1, 2, 5, 10, ... that keeps within maxLabels; so with
// levels every 0.5 the labels fall on whole numbers. Log-spaced levels are
// labelled on the powers of ten (every other one, or fewer, if there are too
// many); when no power of ten is among them, every k-th level is.
func LabelLevels(levels []float64, maxLabels int, dst []bool) []bool {
	if maxLabels < 1 {
		maxLabels = 1
	}
	if cap(dst) < len(levels) {
		dst = make([]bool, len(levels))
	}
	dst = dst[:len(levels)]
	clear(dst)
	n := len(levels)
	if n == 0 {
		return dst
	}
	if n == 1 {
		dst[0] = true
		return dst
	}
	if evenlySpaced(levels) {
		step := levels[1] - levels[0]
		for _, k := range [...]float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
			c := 0
			for _, v := range levels {
				if onMultiple(v, k*step) {
					c++
				}
			}
			if c <= maxLabels && c > 0 {
				for i, v := range levels {
					dst[i] = onMultiple(v, k*step)
				}
				return dst
			}
		}
		dst[n/2] = true
		return dst
	}
	for _, stride := range [...]int{1, 2, 3, 5, 10, 20} {
		c := 0
		for _, v := range levels {
			if e, ok := powerOfTen(v); ok && floorMod(e, stride) == 0 {
				c++
			}
		}
		if c == 0 {
			break
		}
		if c <= maxLabels {
			for i, v := range levels {
				e, ok := powerOfTen(v)
				dst[i] = ok && floorMod(e, stride) == 0
			}
			return dst
		}
	}
	k := (n + maxLabels - 1) / maxLabels
	for i := 0; i < n; i += k {
		dst[i] = true
	}
	return dst
}

func evenlySpaced(levels []float64) bool {
	if len(levels) < 2 {
		return true
	}
	step := levels[1] - levels[0]
	for i := 2; i < len(levels); i++ {
		if math.Abs(levels[i]-levels[i-1]-step) > 1e-9*math.Abs(step) {
			return false
		}
	}
	return step > 0
}

// onMultiple reports whether v is a multiple of step, to rounding.
func onMultiple(v, step float64) bool {
	q := v / step
	return math.Abs(q-math.Round(q)) < 1e-6
}

// powerOfTen reports whether v > 0 is a power of ten (to rounding) and which.
func powerOfTen(v float64) (int, bool) {
	if !(v > 0) {
		return 0, false
	}
	e := math.Round(math.Log10(v))
	return int(e), math.Abs(v/math.Pow(10, e)-1) < 1e-9
}

// NiceTicks appends to dst[:0] the axis ticks for [lo, hi]: the multiples of
// the smallest nice step (1, 2 or 5 times a power of ten) that gives at most
// n of them inside the closed range (ends included). It returns dst.
func NiceTicks(lo, hi float64, n int, dst []float64) []float64 {
	dst = dst[:0]
	if n < 2 {
		n = 2
	}
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return dst
	}
	step, m, e := niceStepAtLeast((hi - lo) / float64(n))
	for {
		a := math.Ceil(lo/step - 1e-9)
		b := math.Floor(hi/step + 1e-9)
		if int(b-a+1) <= n {
			for k := a; k <= b; k++ {
				v := pow10Times(k*m, e)
				if v == 0 {
					v = 0 // no -0
				}
				dst = append(dst, v)
			}
			return dst
		}
		step, m, e = niceStepAtLeast(step * 1.0001)
	}
}
