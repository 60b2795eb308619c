package view

import (
	"math"
	"slices"
)

// MeshOptions tunes Mesh.Build. Zero fields take the defaults in brackets.
type MeshOptions struct {
	// GridEvery draws a grid line along every GridEvery-th grid line of
	// cells (and the surface's border); 0 draws none.
	GridEvery int
	// GridWidth is the grid lines' width in pixels [1].
	GridWidth float64
	// GridShade multiplies the colour of the surface under a grid line
	// [0.6]: lines are a darker shade of the surface they lie on.
	GridShade float64
	// Ambient is the light every face gets whatever its slope [0.35]; the
	// rest (1 - Ambient) is Lambertian.
	Ambient float64
}

// Mesh is the shaded 3D surface, built once per height field, camera and
// view (Build) and drawn from the Layer it fills; the ZBuffer rasterizes it
// too. Its buffers are reused: rebuilding at the same grid size allocates
// nothing.
//
// Painter's order. The projection is orthographic and the surface is a
// height field, so a viewing ray, seen from above, crosses the cells in a
// staircase that only ever steps away from the viewer: +i or -i (by the
// sign of the view direction's w component, fixed for the whole picture)
// and +j or -j likewise. A cell can only hide cells further along that
// staircase, so drawing rows from far to near, and each row's cells from far
// to near, is exact at every yaw, whatever the heights; no sorting. Inside a
// cell, the two triangles are split along the diagonal that crosses the
// view direction, and the one holding the far corner is drawn first, so a
// folded cell seen edge-on is right too. (Sorting by the depth of the cell
// centres, the usual shortcut, is not exact: a tall cell behind a low one
// can have the nearer centre.)
type Mesh struct {
	NW, NB int  // grid vertices, as in the height field
	View   Rect // the view the mesh was projected into

	px, py, dep []float32 // projected vertices: pixels and depth
	col         []Color   // lit vertex colours
	farI, farJ  bool      // the far side is +i (+j)
	built       bool
	hf          *HeightField // what it was built from (its undefined cells are holes)
	opts        MeshOptions
}

// Build projects every vertex of hf with p, lights and colours them, and
// appends the cells to l as quads in painter's order (far to near), followed
// cell by cell by their grid lines. Call l.Reset() first for a fresh layer;
// with l nil, Emit appends them later.
//
// A vertex's colour is Viridis(hf.Norm(h)) times its light: Ambient plus
// (1-Ambient) times the Lambert term of the vertex normal (central
// differences, in the projection's normalized coordinates, so what is
// drawn steep is lit steep) against a light from the upper left of the
// viewer.
func (m *Mesh) Build(hf *HeightField, p *Projection, l *Layer, opts MeshOptions) {
	opts.GridWidth = orDefault(opts.GridWidth, 1)
	opts.GridShade = orDefault(opts.GridShade, 0.6)
	opts.Ambient = orDefault(opts.Ambient, 0.35)
	nw, nb := hf.NW, hf.NB
	n := nw * nb
	m.NW, m.NB, m.View, m.hf = nw, nb, p.View, hf
	m.px = growF32(m.px, n)
	m.py = growF32(m.py, n)
	m.dep = growF32(m.dep, n)
	if cap(m.col) < n {
		m.col = make([]Color, n)
	}
	m.col = m.col[:n]

	// Light: left of the viewer, a little towards them, mostly from above.
	e := p.eye
	u0, u1 := e[0], e[1] // horizontal, towards the viewer (scaled by cos pitch)
	if h := math.Hypot(u0, u1); h > 0 {
		u0, u1 = u0/h, u1/h
	}
	lx := -0.55*p.right[0] + 0.35*u0
	ly := -0.55*p.right[1] + 0.35*u1
	lz := 1.0
	ln := math.Sqrt(lx*lx + ly*ly + lz*lz)
	lx, ly, lz = lx/ln, ly/ln, lz/ln

	// Normals in normalized coordinates: x, y step 2/(n-1) per vertex, z is
	// p.sh per unit of height.
	sx := float64(nw-1) / 2 * p.sh // dz/dx per unit height difference per vertex step
	sy := float64(nb-1) / 2 * p.sh
	amb := opts.Ambient
	H := hf.H
	for j := 0; j < nb; j++ {
		b := hf.B(j)
		jm, jp := max(j-1, 0), min(j+1, nb-1)
		for i := 0; i < nw; i++ {
			k := j*nw + i
			h := H[k]
			x, y, d := p.Project(hf.W(i), b, h)
			m.px[k], m.py[k], m.dep[k] = float32(x), float32(y), float32(d)

			im, ip := max(i-1, 0), min(i+1, nw-1)
			gx := (H[j*nw+ip] - H[j*nw+im]) / float64(ip-im) * sx
			gy := (H[jp*nw+i] - H[jm*nw+i]) / float64(jp-jm) * sy
			lam := (-gx*lx - gy*ly + lz) / math.Sqrt(gx*gx+gy*gy+1)
			k2 := amb + (1-amb)*math.Max(lam, 0)
			m.col[k] = Shade(Viridis(hf.Norm(h)), float32(k2))
		}
	}
	m.farI = e[0] <= 0
	m.farJ = e[1] <= 0
	m.built = true
	m.opts = opts
	if l != nil {
		m.emit(l, opts)
	}
}

// Emit appends the mesh built last to l, as Build does.
func (m *Mesh) Emit(l *Layer) {
	if m.built {
		m.emit(l, m.opts)
	}
}

// cellCorners returns the vertex indices of cell (i, j) in the order the
// layer draws them: 0 = (far i, near j), 1 = the far corner, 2 = (near i,
// far j), 3 = the near corner. Quad draws 0-1-2 (holding the far corner)
// before 0-2-3.
func (m *Mesh) cellCorners(i, j int) [4]int {
	iN, iF := i, i+1
	if !m.farI {
		iN, iF = i+1, i
	}
	jN, jF := j, j+1
	if !m.farJ {
		jN, jF = j+1, j
	}
	nw := m.NW
	return [4]int{jN*nw + iF, jF*nw + iF, jF*nw + iN, jN*nw + iN}
}

// cellOrder returns the traversal of cells, far to near: rows j from j0
// stepping dj, nb-1 of them, and in each row i from i0 stepping di.
func (m *Mesh) cellOrder() (i0, di, j0, dj int) {
	i0, di = 0, 1
	if m.farI {
		i0, di = m.NW-2, -1
	}
	j0, dj = 0, 1
	if m.farJ {
		j0, dj = m.NB-2, -1
	}
	return i0, di, j0, dj
}

// emit appends the cells row by row, far to near. A row's cells share the
// row's two lines of grid vertices, and consecutive rows share the line
// between them while they are in the same batch (about a quarter of the
// vertices of separate quads); each cell's grid lines follow it as thin
// quads, so a nearer cell drawn later covers them where it should.
func (m *Mesh) emit(l *Layer, opts MeshOptions) {
	i0, di, j0, dj := m.cellOrder()
	nw := m.NW
	k := opts.GridEvery
	gs := float32(opts.GridShade)
	hw := float32(opts.GridWidth / 2)
	// Grid line quads per row: upright ones are the same in every row.
	upright := 0
	if k > 0 {
		for i := 0; i < nw-1; i++ {
			if i%k == 0 {
				upright++
			}
			if (i+1)%k == 0 || i+1 == nw-1 {
				upright++
			}
		}
	}
	sx, sy := l.SolidX, l.SolidY
	// The corners of cell (i, j) in the order cellCorners gives: on which
	// of the row's lines (0: j, 1: j+1) and how far along it from i.
	var sel, col [4]uint16
	for t, g := range m.cellCorners(0, 0) {
		sel[t], col[t] = uint16(g/nw), uint16(g%nw)
	}
	// line appends grid line j's vertices to b and returns where they start.
	line := func(b *Batch, j int) uint16 {
		start := len(b.Verts)
		b.Verts = b.Verts[:start+nw]
		row := b.Verts[start:]
		for t, q := 0, j*nw; t < nw; t, q = t+1, q+1 {
			c := m.col[q]
			row[t] = Vertex{DstX: m.px[q], DstY: m.py[q], SrcX: sx, SrcY: sy, R: c.R, G: c.G, B: c.B, A: c.A}
		}
		return uint16(start)
	}
	// The line the next row shares with this one: j+1 going up, j going
	// down; prevB is the batch it is in.
	var prevB *Batch
	var prev uint16
	for jj, j := 0, j0; jj < m.NB-1; jj, j = jj+1, j+dj {
		lines := 0
		if k > 0 {
			lines = upright
			if j%k == 0 {
				lines += nw - 1
			}
			if (j+1)%k == 0 || j+1 == m.NB-1 {
				lines += nw - 1
			}
		}
		b, _ := l.Reserve(2*nw + 4*lines)
		b.Verts = slices.Grow(b.Verts, 2*nw+4*lines)
		b.Idx = slices.Grow(b.Idx, 6*(nw-1)+6*lines)
		var at [2]uint16 // where lines j and j+1 start in b
		switch {
		case b != prevB:
			at[0] = line(b, j)
			at[1] = line(b, j+1)
		case dj > 0:
			at[0], at[1] = prev, line(b, j+1)
		default:
			at[0], at[1] = line(b, j), prev
		}
		prevB, prev = b, at[0]
		if dj > 0 {
			prev = at[1]
		}
		for ii, i := 0, i0; ii < nw-1; ii, i = ii+1, i+di {
			if !m.hf.CellDefined(i, j) {
				// A hole where the loss is undefined; its reserved grid
				// line quads stay empty.
				m.emptyLines(b, i, j, k)
				continue
			}
			u := uint16(i)
			// The far triangle (holding corner 1) first.
			c0, c1 := at[sel[0]]+u+col[0], at[sel[1]]+u+col[1]
			c2, c3 := at[sel[2]]+u+col[2], at[sel[3]]+u+col[3]
			b.Idx = append(b.Idx, c0, c1, c2, c0, c2, c3)
			if k <= 0 {
				continue
			}
			v00 := j*nw + i
			v10, v01, v11 := v00+1, v00+nw, v00+nw+1
			if i%k == 0 {
				m.line(b, sx, sy, v00, v01, hw, gs)
			}
			if (i+1)%k == 0 || i+1 == nw-1 {
				m.line(b, sx, sy, v10, v11, hw, gs)
			}
			if j%k == 0 {
				m.line(b, sx, sy, v00, v10, hw, gs)
			}
			if (j+1)%k == 0 || j+1 == m.NB-1 {
				m.line(b, sx, sy, v01, v11, hw, gs)
			}
		}
	}
}

// emptyLines appends the degenerate quads that stand for cell (i, j)'s grid
// lines, so the count reserved for the row stays exact.
func (m *Mesh) emptyLines(b *Batch, i, j, k int) {
	if k <= 0 {
		return
	}
	n := 0
	if i%k == 0 {
		n++
	}
	if (i+1)%k == 0 || i+1 == m.NW-1 {
		n++
	}
	if j%k == 0 {
		n++
	}
	if (j+1)%k == 0 || j+1 == m.NB-1 {
		n++
	}
	for ; n > 0; n-- {
		b.Verts = append(b.Verts, Vertex{}, Vertex{}, Vertex{}, Vertex{})
	}
}

// line appends to b the grid line between vertices a and c as a thin quad,
// in a darker shade of the surface under it.
func (m *Mesh) line(b *Batch, sx, sy float32, a, c int, hw, shade float32) {
	dx, dy := m.px[c]-m.px[a], m.py[c]-m.py[a]
	n := float32(math.Sqrt(float64(dx*dx + dy*dy)))
	if n < 1e-6 {
		// Keep the reserved count exact: a degenerate quad draws nothing.
		n = 1
		dx, dy = 0, 0
	}
	ox, oy := -dy/n*hw, dx/n*hw
	ca, cc := Shade(m.col[a], shade), Shade(m.col[c], shade)
	i := uint16(len(b.Verts))
	b.Verts = append(b.Verts,
		Vertex{DstX: m.px[a] + ox, DstY: m.py[a] + oy, SrcX: sx, SrcY: sy, R: ca.R, G: ca.G, B: ca.B, A: ca.A},
		Vertex{DstX: m.px[c] + ox, DstY: m.py[c] + oy, SrcX: sx, SrcY: sy, R: cc.R, G: cc.G, B: cc.B, A: cc.A},
		Vertex{DstX: m.px[c] - ox, DstY: m.py[c] - oy, SrcX: sx, SrcY: sy, R: cc.R, G: cc.G, B: cc.B, A: cc.A},
		Vertex{DstX: m.px[a] - ox, DstY: m.py[a] - oy, SrcX: sx, SrcY: sy, R: ca.R, G: ca.G, B: ca.B, A: ca.A},
	)
	b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
}

func growF32(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// MaxTicks is the most ticks an Axis holds.
const MaxTicks = 16

// Tick is a tick mark: its value (in the axis' units) and its screen
// position on the axis line.
type Tick struct{ Value, X, Y float64 }

// Axis is one axis of the 3D view on screen.
type Axis struct {
	X0, Y0, X1, Y1 float64 // the axis line, from the low end to the high end
	// OutX, OutY is the unit screen direction pointing away from the box:
	// draw tick marks along it and put the labels beyond them.
	OutX, OutY float64
	Ticks      [MaxTicks]Tick
	N          int // ticks in use

	base   [3]float64 // the low end: w, b, height
	k      int        // the coordinate that changes along the axis
	lo, hi float64    // the axis' range in that coordinate
}

// TickList returns the ticks in use.
func (a *Axis) TickList() []Tick { return a.Ticks[:a.N] }

// Range returns the axis' range in its own units (w, b or display height).
func (a *Axis) Range() (lo, hi float64) { return a.lo, a.hi }

// SetTicks puts a's ticks at the values given, in the axis' units (nil
// takes NiceTicks(lo, hi, 5)), where p projects them on the axis line:
// values off the axis are skipped, and at most MaxTicks are kept. A
// renderer whose labels would crowd asks again with fewer values.
func (p *Projection) SetTicks(a *Axis, values []float64) {
	var buf [MaxTicks]float64
	if values == nil {
		values = NiceTicks(a.lo, a.hi, 5, buf[:0])
	}
	a.N = 0
	for _, v := range values {
		if v >= a.lo && v <= a.hi && a.N < MaxTicks {
			pt := a.base
			pt[a.k] = v
			x, y, _ := p.Project(pt[0], pt[1], pt[2])
			a.Ticks[a.N] = Tick{v, x, y}
			a.N++
		}
	}
}

// BoxEdge is one of the 12 edges of the box on screen. Back edges lie
// behind the surface (both faces they join turn away from the viewer):
// draw them before the mesh, the others (if at all) after it.
type BoxEdge struct {
	X0, Y0, X1, Y1 float64
	Back           bool
}

// Axes is the frame of the 3D view: the w, b and height axes and the box's
// edges, for the renderer to draw with labels.
//
// The w axis runs along the floor edge of the box on the viewer's side
// (b = BMin or BMax, whichever is nearer), the b axis likewise (w = WMin or
// WMax); both are in front of the surface, never hidden by it. The height
// axis stands on the floor corner furthest to the left on screen.
type Axes struct {
	W, B, H Axis
	Edges   [12]BoxEdge
}

// Axes fills a with the frame of the box as p projects it. The tick values
// are given in the axis' units (w, b and display height; for a log display,
// the caller transforms nice loss values to display heights), and each
// axis puts them as SetTicks does.
func (p *Projection) Axes(wTicks, bTicks, hTicks []float64, a *Axes) {
	box := p.Box
	hlo, hhi := p.HLo, p.HHi
	e := p.eye
	sgn := func(v float64) float64 {
		if v > 0 {
			return 1
		}
		return -1
	}
	yn, xn := sgn(e[1]), sgn(e[0]) // the near sides, normalized
	wEdge, bEdge := box.WMin, box.BMin
	if xn > 0 {
		wEdge = box.WMax
	}
	if yn > 0 {
		bEdge = box.BMax
	}
	// w axis along b = bEdge, b axis along w = wEdge.
	p.setAxis(&a.W, [3]float64{box.WMin, bEdge, hlo}, 0, box.WMax, [3]float64{0, yn, 0}, wTicks)
	p.setAxis(&a.B, [3]float64{wEdge, box.BMin, hlo}, 1, box.BMax, [3]float64{xn, 0, 0}, bTicks)

	// Height axis on the leftmost floor corner.
	cw, cb := box.WMin, box.BMin
	cx, cy := -1.0, -1.0
	best := math.Inf(1)
	for _, c := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		w, b, _ := p.Unnormalize(c[0], c[1], 0)
		if x, _, _ := p.Project(w, b, hlo); x < best {
			best, cw, cb, cx, cy = x, w, b, c[0], c[1]
		}
	}
	p.setAxis(&a.H, [3]float64{cw, cb, hlo}, 2, hhi, [3]float64{cx, cy, 0}, hTicks)

	// The 12 edges: 4 on the floor, 4 on the top, 4 upright. A side face
	// (normal along x or y) faces the viewer when the eye vector has a
	// positive component along its normal; the floor never does (pitch > 0)
	// and the top always does.
	facing := func(nx, ny float64) bool { return nx*e[0]+ny*e[1] > 0 }
	k := 0
	corner := func(x, y, z float64) (float64, float64) {
		w, b, _ := p.Unnormalize(x, y, 0)
		h := hlo
		if z > 0 {
			h = hhi
		}
		sx, sy, _ := p.Project(w, b, h)
		return sx, sy
	}
	add := func(x0, y0, z0, x1, y1, z1 float64, back bool) {
		ed := &a.Edges[k]
		ed.X0, ed.Y0 = corner(x0, y0, z0)
		ed.X1, ed.Y1 = corner(x1, y1, z1)
		ed.Back = back
		k++
	}
	for _, s := range [2]float64{-1, 1} {
		// Edges along x at y = s, and along y at x = s.
		add(-1, s, 0, 1, s, 0, !facing(0, s))
		add(-1, s, 1, 1, s, 1, false)
		add(s, -1, 0, s, 1, 0, !facing(s, 0))
		add(s, -1, 1, s, 1, 1, false)
	}
	for _, c := range [4][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		add(c[0], c[1], 0, c[0], c[1], 1, !facing(c[0], 0) && !facing(0, c[1]))
	}
}

// setAxis makes a the axis from base (w, b, height) along coordinate k to
// the value end, its ticks pointing away from the box along the normalized
// world direction out, and puts its ticks (SetTicks).
func (p *Projection) setAxis(a *Axis, base [3]float64, k int, end float64, out [3]float64, ticks []float64) {
	*a = Axis{base: base, k: k, lo: math.Min(base[k], end), hi: math.Max(base[k], end)}
	far := base
	far[k] = end
	a.X0, a.Y0, _ = p.Project(base[0], base[1], base[2])
	a.X1, a.Y1, _ = p.Project(far[0], far[1], far[2])
	a.OutX, a.OutY = p.screenDir(out[0], out[1], out[2])
	p.SetTicks(a, ticks)
}

// screenDir returns the unit screen direction (y down) of the normalized
// world direction (x, y, z).
func (p *Projection) screenDir(x, y, z float64) (dx, dy float64) {
	dx = x*p.right[0] + y*p.right[1] + z*p.right[2]
	dy = -(x*p.up[0] + y*p.up[1] + z*p.up[2])
	n := math.Hypot(dx, dy)
	if n == 0 {
		return 0, 0
	}
	return dx / n, dy / n
}
