package view

import (
	"math"

	"downhill/game/sim"
	"downhill/surfaces"
)

// DefaultZScale is the height of the box in normalized units, where the box's
// (w, b) extent is [-1, 1] x [-1, 1]: tall enough that slopes read as slopes,
// low enough that the surface does not tower over the view.
const DefaultZScale = 0.7

// Projection maps the box's (w, b, h) to the pixels of a view, and back.
//
// The world is normalized first: w and b map linearly to x, y in [-1, 1]
// (whatever the box's aspect, it is drawn square), the display height h in
// [HLo, HHi] to z in [0, ZScale]. The caller transforms the loss for display
// (log, for surfaces that span decades) before it gets here.
//
// The projection is orthographic. For a height field seen from above this
// makes painter's order exact and cheap (a fixed traversal of the grid that
// depends only on the quadrant of the yaw, see Mesh), depth a linear function
// of (w, b, h), and every picking ray parallel, so a ray cast onto the surface
// is one line march, and nothing distorts near the edge of the view.
//
// Screen coordinates are device pixels with y down, in the same space as
// View (so they include View.X, View.Y). Depth is in normalized world units
// along the viewing direction, measured from the box's centre, larger = nearer
// to the viewer.
//
// A Projection is a plain value: building one costs a few trigonometric
// calls, and every method is allocation-free. Its exported fields describe
// it and are read-only: changing one does not change the mapping; build a
// new Projection instead.
type Projection struct {
	Cam    sim.Camera // clamped
	View   Rect
	Box    surfaces.Box
	HLo    float64
	HHi    float64
	ZScale float64 // normalized height of the box; DefaultZScale
	// Scale is the number of pixels per normalized unit.
	Scale float64

	right, up, eye [3]float64 // camera basis in normalized world: screen right, screen up, towards the viewer
	cx, cy         float64    // view centre in pixels

	// normalization: x = (w-cw)*sw, y = (b-cb)*sb, z = (h-hlo)*sh + z0
	cw, cb, sw, sb, sh, z0 float64

	// (X, Y, depth) = M * (w, b, h, 1)
	mx, my, md [4]float64
}

// NewProjection returns the projection of box, with display heights in
// [hlo, hhi], seen by cam (clamped first) in the view rectangle. If
// hlo == hhi (a flat surface) every height maps to the middle of the box.
func NewProjection(cam sim.Camera, view Rect, box surfaces.Box, hlo, hhi float64) Projection {
	return newProjection(cam, view, box, hlo, hhi, DefaultZScale)
}

func newProjection(cam sim.Camera, view Rect, box surfaces.Box, hlo, hhi, zscale float64) Projection {
	cam = cam.Clamped()
	p := Projection{Cam: cam, View: view, Box: box, HLo: hlo, HHi: hhi, ZScale: zscale}

	sy, cyaw := math.Sincos(cam.Yaw)
	sp, cp := math.Sincos(cam.Pitch)
	// u: horizontal unit vector from the box centre towards the viewer.
	u := [3]float64{sy, -cyaw, 0}
	p.right = [3]float64{cyaw, sy, 0}
	p.eye = [3]float64{cp * u[0], cp * u[1], sp}
	p.up = [3]float64{-sp * u[0], -sp * u[1], cp}

	// Zoom 1: the box's bounding sphere fits the smaller side of the view,
	// so the size does not pulse while the camera turns.
	r := math.Sqrt(2 + zscale*zscale/4)
	p.Scale = cam.Zoom * math.Min(view.W, view.H) / 2 / r
	p.cx = view.X + view.W/2
	p.cy = view.Y + view.H/2

	p.cw = (box.WMin + box.WMax) / 2
	p.cb = (box.BMin + box.BMax) / 2
	p.sw = safeInv((box.WMax - box.WMin) / 2)
	p.sb = safeInv((box.BMax - box.BMin) / 2)
	if d := hhi - hlo; d > 0 && !math.IsInf(d, 0) {
		p.sh = zscale / d
	} else {
		p.sh = 0
		p.z0 = zscale / 2
	}

	// Centred normalized point: (x, y, z - zscale/2), with
	// x = sw*w - sw*cw, y = sb*b - sb*cb, z = sh*h + (z0 - sh*hlo).
	zc := p.z0 - p.sh*hlo - zscale/2
	row := func(a [3]float64) [4]float64 {
		return [4]float64{a[0] * p.sw, a[1] * p.sb, a[2] * p.sh,
			-a[0]*p.sw*p.cw - a[1]*p.sb*p.cb + a[2]*zc}
	}
	rr, ru, re := row(p.right), row(p.up), row(p.eye)
	for k := 0; k < 4; k++ {
		p.mx[k] = p.Scale * rr[k]
		p.my[k] = -p.Scale * ru[k]
		p.md[k] = re[k]
	}
	p.mx[3] += p.cx
	p.my[3] += p.cy
	return p
}

func safeInv(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return 1 / x
}

// Project returns the screen position (pixels, y down) and depth (larger =
// nearer) of the point (w, b, h), h a display height.
func (p *Projection) Project(w, b, h float64) (x, y, depth float64) {
	x = p.mx[0]*w + p.mx[1]*b + p.mx[2]*h + p.mx[3]
	y = p.my[0]*w + p.my[1]*b + p.my[2]*h + p.my[3]
	depth = p.md[0]*w + p.md[1]*b + p.md[2]*h + p.md[3]
	return x, y, depth
}

// ProjectOnSurface projects the point of the height field above (w, b): where
// a ball or a trail point at (w, b) is drawn.
func (p *Projection) ProjectOnSurface(w, b float64, hf *HeightField) (x, y, depth float64) {
	return p.Project(w, b, hf.At(w, b))
}

// Normalize maps (w, b, h) to normalized world coordinates: x, y in [-1, 1]
// over the box, z in [0, ZScale] over [HLo, HHi].
func (p *Projection) Normalize(w, b, h float64) (x, y, z float64) {
	return (w - p.cw) * p.sw, (b - p.cb) * p.sb, (h-p.HLo)*p.sh + p.z0
}

// Unnormalize is the inverse of Normalize. With a flat height range every z
// maps to HLo.
func (p *Projection) Unnormalize(x, y, z float64) (w, b, h float64) {
	w = p.cw + x*(p.Box.WMax-p.Box.WMin)/2
	b = p.cb + y*(p.Box.BMax-p.Box.BMin)/2
	h = p.HLo
	if p.sh != 0 {
		h += z / p.sh
	}
	return w, b, h
}

// Ray returns the viewing ray through the screen point (x, y) in normalized
// world coordinates: it starts at o, outside the box on the viewer's side,
// and runs along the unit vector d into the scene. Every ray has the same d.
func (p *Projection) Ray(x, y float64) (o, d [3]float64) {
	var sx, sy float64
	if p.Scale > 0 {
		sx = (x - p.cx) / p.Scale
		sy = -(y - p.cy) / p.Scale
	}
	back := 2 + p.ZScale // beyond the box's bounding sphere
	for k := 0; k < 3; k++ {
		o[k] = sx*p.right[k] + sy*p.up[k] + back*p.eye[k]
		d[k] = -p.eye[k]
	}
	o[2] += p.ZScale / 2
	return o, d
}

// Pick casts the ray through the screen point (x, y) onto the height field
// and returns the (w, b) of the first point of the surface it meets; ok is
// false when the ray misses the surface (outside the box, or past its edge).
// hf must span the projection's box. The surface between grid vertices is
// bilinear (as HeightField.At): the ray walks the grid cell by cell and
// meets each cell's patch along a quadratic, whose first root is refined by
// bisection. The answer is exact to rounding (no thin ridge slips between
// samples) and agrees with the drawn mesh, whose triangles split the same
// cells, to within a fraction of a cell.
func (p *Projection) Pick(x, y float64, hf *HeightField) (w, b float64, ok bool) {
	if hf == nil || hf.NW < 2 || hf.NB < 2 || len(hf.H) < hf.NW*hf.NB {
		return 0, 0, false
	}
	o, d := p.Ray(x, y)
	// Clip to the box, between the lowest and highest heights.
	zlo := (hf.Lo-p.HLo)*p.sh + p.z0
	zhi := (hf.Hi-p.HLo)*p.sh + p.z0
	if zlo > zhi {
		zlo, zhi = zhi, zlo
	}
	margin := 1e-9 * (1 + zhi - zlo)
	t0, t1 := math.Inf(-1), math.Inf(1)
	lo := [3]float64{-1, -1, zlo - margin}
	hi := [3]float64{1, 1, zhi + margin}
	for k := 0; k < 3; k++ {
		if d[k] == 0 {
			if o[k] < lo[k] || o[k] > hi[k] {
				return 0, 0, false
			}
			continue
		}
		ta := (lo[k] - o[k]) / d[k]
		tb := (hi[k] - o[k]) / d[k]
		if ta > tb {
			ta, tb = tb, ta
		}
		t0 = math.Max(t0, ta)
		t1 = math.Min(t1, tb)
	}
	if !(t0 <= t1) {
		return 0, 0, false
	}

	// Walk the cells in grid coordinates: gx(t) = ax + bx*t, gy likewise.
	fx, fy := float64(hf.NW-1), float64(hf.NB-1)
	ax, bx := (o[0]+1)/2*fx, d[0]/2*fx
	ay, by := (o[1]+1)/2*fy, d[1]/2*fy
	i := min(max(int(math.Floor(ax+bx*t0)), 0), hf.NW-2)
	j := min(max(int(math.Floor(ay+by*t0)), 0), hf.NB-2)
	di, tx, dtx := cellStep(ax, bx, i)
	dj, ty, dty := cellStep(ay, by, j)
	for t := t0; ; {
		tEnd := math.Min(math.Min(tx, ty), t1)
		if tEnd > t {
			if s, hit := p.cellHit(hf, i, j, o, d, ax+bx*t-float64(i), bx, ay+by*t-float64(j), by, t, tEnd-t); hit {
				return p.pickAt(o, d, t+s)
			}
			t = tEnd
		}
		if tEnd >= t1 {
			return 0, 0, false
		}
		if tx <= ty {
			i += di
			tx += dtx
		} else {
			j += dj
			ty += dty
		}
		if i < 0 || j < 0 || i > hf.NW-2 || j > hf.NB-2 {
			return 0, 0, false
		}
	}
}

// cellStep sets up a grid walk along one axis, g(t) = a + b*t, starting in
// cell c: the step direction, the t of the first cell boundary, and the t
// between boundaries.
func cellStep(a, b float64, c int) (step int, next, dt float64) {
	switch {
	case b > 0:
		return 1, (float64(c+1) - a) / b, 1 / b
	case b < 0:
		return -1, (float64(c) - a) / b, -1 / b
	}
	return 0, math.Inf(1), math.Inf(1)
}

// cellHit finds where the ray first meets the bilinear patch of cell (i, j)
// within s in [0, l] past ta, where the ray is at local cell coordinates
// (ua, va) and moves (bx, by) per unit t. Along the ray the patch's height
// is quadratic in s, so the gap f(s) = ray z - surface z is a parabola:
// split at its vertex, each piece is monotone and holds at most one root.
func (p *Projection) cellHit(hf *HeightField, i, j int, o, d [3]float64, ua, bx, va, by, ta, l float64) (s float64, hit bool) {
	if !hf.CellDefined(i, j) {
		return 0, false // a hole where the loss is undefined
	}
	k := j*hf.NW + i
	h00, h10 := hf.H[k], hf.H[k+1]
	h01, h11 := hf.H[k+hf.NW], hf.H[k+hf.NW+1]
	c1, c2, c3 := h10-h00, h01-h00, h11-h10-h01+h00
	h0 := h00 + c1*ua + c2*va + c3*ua*va
	h1 := c1*bx + c2*by + c3*(ua*by+va*bx)
	h2 := c3 * bx * by
	c := o[2] + d[2]*ta - ((h0-p.HLo)*p.sh + p.z0)
	b := d[2] - p.sh*h1
	a := -p.sh * h2
	f := func(s float64) float64 { return c + s*(b+s*a) }

	sa, fa := 0.0, c
	if fa == 0 {
		return 0, true
	}
	ends := [2]float64{l, l}
	if a != 0 {
		if sv := -b / (2 * a); sv > 0 && sv < l {
			ends[0] = sv
		}
	}
	for _, sb := range ends {
		if sb <= sa {
			continue
		}
		fb := f(sb)
		if fb == 0 {
			return sb, true
		}
		if (fa < 0) != (fb < 0) {
			for it := 0; it < 60 && sb-sa > 1e-15; it++ {
				sm := (sa + sb) / 2
				if fm := f(sm); (fm < 0) == (fa < 0) {
					sa, fa = sm, fm
				} else {
					sb = sm
				}
			}
			return (sa + sb) / 2, true
		}
		sa, fa = sb, fb
	}
	return 0, false
}

func (p *Projection) pickAt(o, d [3]float64, t float64) (w, b float64, ok bool) {
	x := math.Min(math.Max(o[0]+t*d[0], -1), 1)
	y := math.Min(math.Max(o[1]+t*d[1], -1), 1)
	w, b, _ = p.Unnormalize(x, y, 0)
	return w, b, true
}
