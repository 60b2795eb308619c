package view

import (
	"math"
	"testing"
)

func TestViridisEnds(t *testing.T) {
	for _, tc := range []struct {
		t       float64
		r, g, b uint8
	}{
		{0, 68, 1, 84},      // #440154
		{0.5, 33, 145, 140}, // #21918c
		{1, 253, 231, 37},   // #fde725
		{-3, 68, 1, 84},
		{7, 253, 231, 37},
		{math.NaN(), 68, 1, 84},
	} {
		r, g, b := Viridis8(tc.t)
		if absDiff(r, tc.r) > 1 || absDiff(g, tc.g) > 1 || absDiff(b, tc.b) > 1 {
			t.Errorf("Viridis8(%v) = %d %d %d, want %d %d %d", tc.t, r, g, b, tc.r, tc.g, tc.b)
		}
	}
	if c := Viridis(0.3); c.A != 1 {
		t.Errorf("alpha %v", c.A)
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// lightness returns CIE L* (D65) of an sRGB colour.
func lightness(c Color) float64 {
	lin := func(v float32) float64 {
		x := float64(v)
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	if y > 216.0/24389 {
		return 116*math.Cbrt(y) - 16
	}
	return y * 24389 / 27
}

// TestViridisLightness: lightness rises monotonically from end to end, so
// the order of heights survives colour blindness and greyscale, and in
// nearly equal steps (perceptually uniform).
func TestViridisLightness(t *testing.T) {
	prev := -1.0
	minStep, maxStep := math.Inf(1), 0.0
	for k := 0; k <= 255; k++ {
		l := lightness(Viridis(float64(k) / 255))
		if k > 0 {
			if l <= prev {
				t.Fatalf("lightness falls at entry %d: %v after %v", k, l, prev)
			}
			minStep = math.Min(minStep, l-prev)
			maxStep = math.Max(maxStep, l-prev)
		}
		prev = l
	}
	if l0, l1 := lightness(Viridis(0)), lightness(Viridis(1)); l0 > 20 || l1 < 85 {
		t.Errorf("lightness runs %v..%v, want dark to light", l0, l1)
	}
	if maxStep > 3*minStep {
		t.Errorf("lightness steps range %v..%v: not uniform", minStep, maxStep)
	}
	// Interpolation is continuous: no jump between table entries.
	for k := 0; k < 1000; k++ {
		a, b := Viridis(float64(k)/1000), Viridis(float64(k+1)/1000)
		if d := math.Abs(float64(a.R-b.R)) + math.Abs(float64(a.G-b.G)) + math.Abs(float64(a.B-b.B)); d > 0.02 {
			t.Fatalf("jump of %v at %v", d, float64(k)/1000)
		}
	}
}

func TestFillRGBA(t *testing.T) {
	// Height = b: the top row is the highest, the bottom the lowest.
	hf := fieldOf(testBox, 9, 9, func(w, b float64) float64 { return b })
	const W, H = 8, 6
	pix := make([]byte, 4*W*H)
	FillRGBA(hf, pix, W, H)
	at := func(x, y int) (byte, byte, byte, byte) {
		k := 4 * (y*W + x)
		return pix[k], pix[k+1], pix[k+2], pix[k+3]
	}
	for y := 0; y < H; y++ {
		r0, g0, b0, a0 := at(0, y)
		if a0 != 255 {
			t.Fatalf("pixel alpha %d", a0)
		}
		for x := 1; x < W; x++ {
			if r, g, b, _ := at(x, y); r != r0 || g != g0 || b != b0 {
				t.Fatalf("row %d not uniform", y)
			}
		}
		// Pixel centres: b = BMax - (y+0.5)/H * 4.
		bv := testBox.BMax - (float64(y)+0.5)/H*(testBox.BMax-testBox.BMin)
		r, g, b := Viridis8(hf.Norm(bv))
		if r != r0 || g != g0 || b != b0 {
			t.Errorf("row %d = %d %d %d, want %d %d %d", y, r0, g0, b0, r, g, b)
		}
	}
	_, gTop, _, _ := at(0, 0)
	_, gBot, _, _ := at(0, H-1)
	if !(gTop > gBot) {
		t.Errorf("top row is not the lighter")
	}
}
