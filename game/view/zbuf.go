package view

import "math"

// DefaultDepthTol is the ZBuffer's default tolerance, in normalized depth
// units (the box is 2 wide): a point this far behind the surface still
// counts as visible, so balls and trails lying on the surface are not eaten
// by the coarse buffer's sampling.
const DefaultDepthTol = 0.02

// ZBuffer is a coarse CPU depth buffer of the mesh, to hide balls and trail
// points that a hill covers when they are drawn over the cached mesh image.
// Each cell covers Scale x Scale pixels of the view and keeps, of the
// triangles covering its centre, the nearest one's depth there and its
// depth gradient, so Visible can compare a point with the surface's depth
// at the point's exact position, not at the cell centre: points on steep
// slopes are judged as well as points on flat ground, and only a band of
// about half a cell along silhouettes can be misjudged. Rebuild it when the
// mesh is rebuilt (once per camera or surface change); Visible is cheap and
// allocation-free, for the per-frame path.
type ZBuffer struct {
	W, H  int     // cells
	Scale int     // pixels per cell side
	View  Rect    // the view it covers
	Tol   float64 // depth tolerance; Rasterize sets DefaultDepthTol if 0
	// D is the depth at each cell's centre, -Inf where there is no
	// surface; GX, GY its gradient per cell (depth per Scale pixels).
	D, GX, GY []float32

	vx, vy []float32 // the mesh's vertices in cell units
}

// Rasterize fills the buffer with the depth of m's triangles (the same
// triangles Build draws) over view, at one cell per scale x scale pixels
// (scale < 1 counts as 1). Cells the surface does not cover hold -Inf.
// Its memory is reused.
func (z *ZBuffer) Rasterize(m *Mesh, view Rect, scale int) {
	if scale < 1 {
		scale = 1
	}
	z.Scale, z.View = scale, view
	z.W = max(int(math.Ceil(view.W/float64(scale))), 0)
	z.H = max(int(math.Ceil(view.H/float64(scale))), 0)
	n := z.W * z.H
	z.D = growF32(z.D, n)
	z.GX = growF32(z.GX, n)
	z.GY = growF32(z.GY, n)
	ninf := float32(math.Inf(-1))
	for k := range z.D {
		z.D[k] = ninf
	}
	if z.Tol == 0 {
		z.Tol = DefaultDepthTol
	}
	if !m.built || n == 0 {
		return
	}
	inv := 1 / float32(scale)
	ox, oy := float32(view.X), float32(view.Y)
	nv := len(m.px)
	z.vx = growF32(z.vx, nv)
	z.vy = growF32(z.vy, nv)
	for k := range nv {
		z.vx[k] = (m.px[k] - ox) * inv
		z.vy[k] = (m.py[k] - oy) * inv
	}
	// The corners of cell (i, j) as offsets from vertex (i, j), in the
	// order the mesh splits them (triangles 0-1-2 and 0-2-3).
	var off [4]int
	for t, g := range m.cellCorners(0, 0) {
		off[t] = g
	}
	for j := 0; j < m.NB-1; j++ {
		for i := 0; i < m.NW-1; i++ {
			if !m.hf.CellDefined(i, j) {
				continue // a hole: nothing hides what is behind it
			}
			v := j*m.NW + i
			q0, q1, q2, q3 := v+off[0], v+off[1], v+off[2], v+off[3]
			x0, x1, x2, x3 := z.vx[q0], z.vx[q1], z.vx[q2], z.vx[q3]
			y0, y1, y2, y3 := z.vy[q0], z.vy[q1], z.vy[q2], z.vy[q3]
			d0, d1, d2, d3 := m.dep[q0], m.dep[q1], m.dep[q2], m.dep[q3]
			z.tri(x0, y0, d0, x1, y1, d1, x2, y2, d2)
			z.tri(x0, y0, d0, x2, y2, d2, x3, y3, d3)
		}
	}
}

// tri rasterizes a triangle given in cell units with the depth of each
// corner, sampling at cell centres and keeping the nearest triangle's depth
// and gradient.
func (z *ZBuffer) tri(x0, y0, d0, x1, y1, d1, x2, y2, d2 float32) {
	// Cells whose centre (cx+0.5, cy+0.5) can lie inside; most small
	// triangles hold none or one, so this test comes first.
	// (min and max of floats are slow in wasm: they handle NaN and -0.)
	minX, maxX, okX := cellSpan(min3(x0, x1, x2), max3(x0, x1, x2), z.W)
	if !okX {
		return
	}
	minY, maxY, okY := cellSpan(min3(y0, y1, y2), max3(y0, y1, y2), z.H)
	if !okY {
		return
	}
	area := (x1-x0)*(y2-y0) - (x2-x0)*(y1-y0)
	if area == 0 || area != area {
		return
	}
	ia := 1 / area
	// Barycentric weights as affine functions of the sample point:
	// l1 = ((x-x0)(y2-y0) - (x2-x0)(y-y0)) / area, l2 = ((x1-x0)(y-y0) - (x-x0)(y1-y0)) / area.
	a1x, a1y := (y2-y0)*ia, -(x2-x0)*ia
	a2x, a2y := -(y1-y0)*ia, (x1-x0)*ia
	const eps = -1e-5 // a sliver of slack so shared edges leave no holes
	e1, e2 := d1-d0, d2-d0
	for cy := minY; cy <= maxY; cy++ {
		py := float32(cy) + 0.5 - y0
		base := cy * z.W
		for cx := minX; cx <= maxX; cx++ {
			px := float32(cx) + 0.5 - x0
			l1 := a1x*px + a1y*py
			l2 := a2x*px + a2y*py
			if l1 < eps || l2 < eps || 1-l1-l2 < eps {
				continue
			}
			if d := d0 + l1*e1 + l2*e2; d > z.D[base+cx] {
				z.D[base+cx] = d
				z.GX[base+cx] = a1x*e1 + a2x*e2
				z.GY[base+cx] = a1y*e1 + a2y*e2
			}
		}
	}
}

func min3(a, b, c float32) float32 {
	if b < a {
		a = b
	}
	if c < a {
		a = c
	}
	return a
}

func max3(a, b, c float32) float32 {
	if b > a {
		a = b
	}
	if c > a {
		a = c
	}
	return a
}

// cellSpan returns the cells c in [0, n) whose centre c+0.5 lies in
// [lo, hi], and false if there are none.
func cellSpan(lo, hi float32, n int) (first, last int, ok bool) {
	lo -= 0.5
	hi -= 0.5
	if hi < 0 || lo > float32(n-1) || hi != hi || lo != lo {
		return 0, 0, false
	}
	if lo > 0 {
		first = int(lo)
		if float32(first) < lo {
			first++
		}
	}
	last = min(int(hi), n-1)
	return first, last, first <= last
}

// Visible reports whether a point at screen position (x, y) with the given
// depth (as Projection.Project returns them) is in front of the surface, or
// on it within Tol. The surface's depth at (x, y) is taken from the plane of
// the triangle that is nearest at the centre of the cell holding (x, y).
// Points outside the view, or where the surface does not reach, are
// visible.
func (z *ZBuffer) Visible(x, y, depth float64) bool {
	if z.W == 0 || z.H == 0 {
		return true
	}
	gx := (x - z.View.X) / float64(z.Scale)
	gy := (y - z.View.Y) / float64(z.Scale)
	if !(gx >= 0 && gy >= 0 && gx < float64(z.W) && gy < float64(z.H)) {
		return true
	}
	cx, cy := int(gx), int(gy)
	k := cy*z.W + cx
	d := float64(z.D[k])
	if math.IsInf(d, -1) {
		return true
	}
	d += float64(z.GX[k])*(gx-float64(cx)-0.5) + float64(z.GY[k])*(gy-float64(cy)-0.5)
	return depth+z.Tol >= d
}
