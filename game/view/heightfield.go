package view

import (
	"math"

	"downhill/surfaces"
)

// HeightField is a surface sampled on a grid of vertices spanning Box: the
// display height (the loss, or its log) above (w_i, b_j) is H[j*NW+i], with
// w_i = WMin + i*(WMax-WMin)/(NW-1) and b_j = BMin + j*(BMax-BMin)/(NB-1),
// the layout of surfaces.Sample. Lo and Hi are the smallest and largest
// heights (see UpdateRange). The grid has (NW-1) x (NB-1) cells.
type HeightField struct {
	NW, NB int
	Box    surfaces.Box
	H      []float64
	Lo, Hi float64
	// Undef marks the vertices where the height is not a number (a loss
	// undefined there): empty when every vertex is defined. A cell with an
	// undefined corner is a hole in the mesh, grey on the map.
	Undef []bool
}

// Defined reports whether the whole field is defined.
func (hf *HeightField) Defined() bool { return len(hf.Undef) == 0 }

// CellDefined reports whether every corner of cell (i, j) is defined.
func (hf *HeightField) CellDefined(i, j int) bool {
	if len(hf.Undef) == 0 {
		return true
	}
	k := j*hf.NW + i
	return !hf.Undef[k] && !hf.Undef[k+1] && !hf.Undef[k+hf.NW] && !hf.Undef[k+hf.NW+1]
}

// Resize sets the box and the grid size and makes H hold nw*nb heights,
// reusing its memory when it is large enough. The heights are left as they
// were; fill H, then call UpdateRange.
func (hf *HeightField) Resize(box surfaces.Box, nw, nb int) {
	if nw < 2 || nb < 2 {
		panic("view: a height field needs at least 2x2 vertices")
	}
	hf.Box, hf.NW, hf.NB = box, nw, nb
	if cap(hf.H) < nw*nb {
		hf.H = make([]float64, nw*nb)
	}
	hf.H = hf.H[:nw*nb]
}

// UpdateRange sets Lo and Hi to the smallest and largest finite heights,
// marks the heights that are not finite (NaN, ±Inf) in Undef and replaces
// them by the nearest finite bound (Lo), so the mesh, the colour map and the
// ray pick only ever compute with numbers, and leave those cells out. With
// no finite height at all every height becomes 0.
func (hf *HeightField) UpdateRange() {
	lo, hi := math.Inf(1), math.Inf(-1)
	undef := false
	for _, h := range hf.H {
		if math.IsNaN(h) || math.IsInf(h, 0) {
			undef = true
			continue
		}
		lo, hi = math.Min(lo, h), math.Max(hi, h)
	}
	if lo > hi {
		lo, hi = 0, 0
	}
	if !undef {
		hf.Undef = hf.Undef[:0] // empty: all defined (the memory is kept)
	} else {
		if cap(hf.Undef) < len(hf.H) {
			hf.Undef = make([]bool, len(hf.H))
		}
		hf.Undef = hf.Undef[:len(hf.H)]
		for k, h := range hf.H {
			bad := math.IsNaN(h) || math.IsInf(h, 0)
			hf.Undef[k] = bad
			if bad {
				hf.H[k] = lo
			}
		}
	}
	hf.Lo, hf.Hi = lo, hi
}

// W returns w_i, the w of the grid's column i.
func (hf *HeightField) W(i int) float64 {
	return hf.Box.WMin + float64(i)*(hf.Box.WMax-hf.Box.WMin)/float64(hf.NW-1)
}

// B returns b_j, the b of the grid's row j.
func (hf *HeightField) B(j int) float64 {
	return hf.Box.BMin + float64(j)*(hf.Box.BMax-hf.Box.BMin)/float64(hf.NB-1)
}

// CellSize returns the width of a cell in w and in b.
func (hf *HeightField) CellSize() (dw, db float64) {
	return (hf.Box.WMax - hf.Box.WMin) / float64(hf.NW-1), (hf.Box.BMax - hf.Box.BMin) / float64(hf.NB-1)
}

// Cell returns the cell (i, j) that holds (w, b), clamped to the grid, and
// the position inside it, fw and fb in [0, 1].
func (hf *HeightField) Cell(w, b float64) (i, j int, fw, fb float64) {
	gx := (w - hf.Box.WMin) / (hf.Box.WMax - hf.Box.WMin) * float64(hf.NW-1)
	gy := (b - hf.Box.BMin) / (hf.Box.BMax - hf.Box.BMin) * float64(hf.NB-1)
	i, fw = gridCell(gx, hf.NW)
	j, fb = gridCell(gy, hf.NB)
	return i, j, fw, fb
}

// gridCell splits the grid coordinate g (vertex units) of a grid of n
// vertices into a cell index in [0, n-2] and a fraction in [0, 1].
func gridCell(g float64, n int) (int, float64) {
	if !(g > 0) { // also NaN
		return 0, 0
	}
	if g >= float64(n-1) {
		return n - 2, 1
	}
	c := int(g)
	return c, g - float64(c)
}

// At returns the bilinear interpolation of the heights at (w, b), clamped to
// the box.
func (hf *HeightField) At(w, b float64) float64 {
	gx := (w - hf.Box.WMin) / (hf.Box.WMax - hf.Box.WMin) * float64(hf.NW-1)
	gy := (b - hf.Box.BMin) / (hf.Box.BMax - hf.Box.BMin) * float64(hf.NB-1)
	return hf.atGrid(gx, gy)
}

// atGrid is At in grid coordinates (vertex units).
func (hf *HeightField) atGrid(gx, gy float64) float64 {
	i, fx := gridCell(gx, hf.NW)
	j, fy := gridCell(gy, hf.NB)
	k := j*hf.NW + i
	h00, h10 := hf.H[k], hf.H[k+1]
	h01, h11 := hf.H[k+hf.NW], hf.H[k+hf.NW+1]
	a := h00 + fx*(h10-h00)
	c := h01 + fx*(h11-h01)
	return a + fy*(c-a)
}

// Norm maps a height to [0, 1] over [Lo, Hi], clamped: the colour map's
// parameter, the same for the contour fill and the 3D mesh. A flat field
// maps to 0.5.
func (hf *HeightField) Norm(h float64) float64 {
	d := hf.Hi - hf.Lo
	if !(d > 0) {
		return 0.5
	}
	t := (h - hf.Lo) / d
	if !(t > 0) {
		return 0
	}
	return math.Min(t, 1)
}
