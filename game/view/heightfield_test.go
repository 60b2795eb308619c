package view

import (
	"math"
	"math/rand/v2"
	"testing"

	"downhill/surfaces"
)

// testBox is deliberately not square and not centred on 0.
var testBox = surfaces.Box{WMin: -2, WMax: 2, BMin: -1, BMax: 3}

// hills is a smooth test surface with a tall hill, a dip and ripples.
func hills(w, b float64) float64 {
	return 2*math.Exp(-((w-0.3)*(w-0.3)+(b-1.2)*(b-1.2))/0.5) -
		math.Exp(-((w+1.2)*(w+1.2)+(b+0.2)*(b+0.2))/0.3) +
		0.25*math.Sin(3*w)*math.Cos(2*b) + 0.05*(w*w+b*b)
}

// fieldOf samples f on an nw x nb grid over box.
func fieldOf(box surfaces.Box, nw, nb int, f func(w, b float64) float64) *HeightField {
	hf := &HeightField{}
	hf.Resize(box, nw, nb)
	for j := 0; j < nb; j++ {
		for i := 0; i < nw; i++ {
			hf.H[j*nw+i] = f(hf.W(i), hf.B(j))
		}
	}
	hf.UpdateRange()
	return hf
}

// roughField has independent random heights at every vertex: the hardest
// case for painter's order and picking.
func roughField(box surfaces.Box, nw, nb int, r *rand.Rand) *HeightField {
	hf := &HeightField{}
	hf.Resize(box, nw, nb)
	for k := range hf.H {
		hf.H[k] = r.Float64()
	}
	hf.UpdateRange()
	return hf
}

func TestHeightFieldAt(t *testing.T) {
	hf := fieldOf(testBox, 9, 5, func(w, b float64) float64 { return 3*w - 2*b + 1 })
	for j := 0; j < hf.NB; j++ {
		for i := 0; i < hf.NW; i++ {
			if got, want := hf.At(hf.W(i), hf.B(j)), hf.H[j*hf.NW+i]; got != want {
				t.Fatalf("At(vertex %d,%d) = %v, want %v", i, j, got, want)
			}
		}
	}
	// Bilinear reproduces a plane exactly.
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 100; n++ {
		w := testBox.WMin + r.Float64()*(testBox.WMax-testBox.WMin)
		b := testBox.BMin + r.Float64()*(testBox.BMax-testBox.BMin)
		if got, want := hf.At(w, b), 3*w-2*b+1; math.Abs(got-want) > 1e-12 {
			t.Fatalf("At(%v, %v) = %v, want %v", w, b, got, want)
		}
	}
	// Outside the box it clamps to the edge.
	if got, want := hf.At(-10, -10), hf.H[0]; got != want {
		t.Errorf("At outside = %v, want corner %v", got, want)
	}
	if got, want := hf.At(10, 10), hf.H[len(hf.H)-1]; got != want {
		t.Errorf("At outside = %v, want corner %v", got, want)
	}
	if got := hf.At(math.NaN(), 0); math.IsNaN(got) {
		t.Errorf("At(NaN) = NaN")
	}
}

func TestHeightFieldCell(t *testing.T) {
	hf := fieldOf(testBox, 5, 5, func(w, b float64) float64 { return 0 })
	// Cells are 1 wide in both w and b.
	i, j, fw, fb := hf.Cell(-0.5, 0.25)
	if i != 1 || j != 1 || math.Abs(fw-0.5) > 1e-12 || math.Abs(fb-0.25) > 1e-12 {
		t.Errorf("Cell(-0.5, 0.25) = %d %d %v %v", i, j, fw, fb)
	}
	i, j, fw, fb = hf.Cell(2, 3)
	if i != 3 || j != 3 || fw != 1 || fb != 1 {
		t.Errorf("Cell(top right corner) = %d %d %v %v", i, j, fw, fb)
	}
	if dw, db := hf.CellSize(); dw != 1 || db != 1 {
		t.Errorf("CellSize = %v %v", dw, db)
	}
}

func TestHeightFieldUpdateRange(t *testing.T) {
	hf := &HeightField{}
	hf.Resize(testBox, 3, 2)
	copy(hf.H, []float64{1, math.NaN(), math.Inf(1), -2, math.Inf(-1), 5})
	hf.UpdateRange()
	if hf.Lo != -2 || hf.Hi != 5 {
		t.Fatalf("range = [%v, %v], want [-2, 5]", hf.Lo, hf.Hi)
	}
	// The heights that are not numbers are marked undefined (and hold a
	// number, so nothing computes with NaN); a cell with an undefined corner
	// is not drawn.
	want := []float64{1, -2, -2, -2, -2, 5}
	undef := []bool{false, true, true, false, true, false}
	for k := range want {
		if hf.H[k] != want[k] || hf.Undef[k] != undef[k] {
			t.Errorf("H[%d] = %v (undefined %v), want %v (%v)", k, hf.H[k], hf.Undef[k], want[k], undef[k])
		}
	}
	if hf.Defined() || hf.CellDefined(0, 0) || hf.CellDefined(1, 0) {
		t.Errorf("cells with an undefined corner count as defined")
	}
	if got := hf.Norm(1.5); got != 0.5 {
		t.Errorf("Norm(1.5) = %v, want 0.5", got)
	}
	if hf.Norm(-9) != 0 || hf.Norm(9) != 1 || hf.Norm(math.NaN()) != 0 {
		t.Errorf("Norm does not clamp")
	}
	copy(hf.H, []float64{1, 2, 3, 4, 5, 6})
	hf.UpdateRange()
	if !hf.Defined() || !hf.CellDefined(1, 0) {
		t.Errorf("a field of numbers counts as undefined")
	}
}
