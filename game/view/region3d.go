package view

import (
	"math"

	"downhill/game/sim"
)

// view3D is the 3D view: the lit mesh of the surface on the framing box,
// its axes, the z-buffer that hides balls and trails behind hills, and the
// trails lying on the mesh. Its key is what the mesh depends on besides the
// camera; a camera that turns from where it was gets a coarse mesh and
// thinned trails until it rests for stillFrames, then full detail.
type view3D struct {
	region
	under, mesh3D, out Layer // under the mesh; the quiz's thumbnails; all of it, for the adapter
	key                view3DKey
	built              bool
	cam                sim.Camera
	proj               Projection
	mesh               Mesh
	zb                 ZBuffer
	axes               Axes
	tickBuf            [2 * MaxTicks]float64
	still              int  // frames since the camera last moved
	coarse             bool // the mesh and trails were drawn coarse, for motion
	turning            bool // the camera moved this frame from where it was
}

type view3DKey struct {
	rect   Rect
	surf   int // surfaceCache.Gen
	grid   bool
	quiz   sim.Quiz
	quizOn bool
	search int
}

// The trail budget of the 3D view while the camera moves (it repaints every
// frame: longer trails are drawn through every k-th point; the path's shape
// survives).
const (
	maxMovingSegments = 3000
	// stillFrames is how long the camera must rest before the 3D trails
	// are repainted in full detail.
	stillFrames = 12
)

func (d *view3D) frame(s *Scene, wd *sim.World, force bool) {
	rect := s.layout.Surface
	d.out.Reset()
	if rect.W <= 0 || rect.H <= 0 {
		d.begin(rect, false)
		d.built = false
		return
	}
	key := view3DKey{rect: rect, surf: s.surf.Gen, grid: wd.Grid, quiz: s.lab.quiz, quizOn: s.quizOn(), search: wd.SearchGen}
	cam := wd.Cam.Clamped()
	repaint := false
	switch {
	case force || key != d.key || !d.built:
		d.key, d.cam = key, cam
		d.build(s, wd, false)
		repaint, d.still, d.turning = true, 0, false
	case cam != d.cam:
		d.cam = cam
		d.build(s, wd, true)
		repaint, d.still, d.turning = true, 0, true
	default:
		d.turning = false
		d.still++
		if d.coarse && d.still >= stillFrames {
			// The camera rests: full detail.
			d.build(s, wd, false)
			repaint = true
		}
	}
	d.begin(rect, repaint)
	if repaint {
		d.chrome(s, wd)
		d.out.Rect(rect, bgColor)
		d.out.Append(&d.under)
		if s.quizOn() {
			d.out.Append(&d.mesh3D) // the quiz's four thumbnails
		} else {
			d.mesh.Emit(&d.out)
		}
		d.out.Append(&d.static)
	}
	d.drawTrails(s, wd, d.out.Len())
	d.out.Append(&d.trails)
	s.spent += d.out.Len()
}

// build projects the surface for the current camera and layout: the mesh,
// the z-buffer and the box's axes (or, in the quiz, the four candidates).
func (d *view3D) build(s *Scene, wd *sim.World, coarse bool) {
	d.built = true
	d.coarse = coarse && !s.quizOn()
	d.mesh3D.Reset()
	if s.quizOn() {
		s.lab.buildThumbs(s, wd, &d.mesh3D)
		return
	}
	sf := &s.surf
	d.proj = d.projection(s, d.cam)
	view := d.proj.View
	hf, every := &sf.mhf, 16
	if d.coarse {
		hf, every = &sf.chf, 4
	}
	if !wd.Grid {
		every = 0
	}
	// The mesh is emitted straight into the frame's layer (frame), not
	// kept in a layer of its own: 49,000 vertices at 128x128 cells.
	d.mesh.Build(hf, &d.proj, nil, MeshOptions{GridEvery: every, GridWidth: float64(s.px(1))})
	// A cell per 2x2 CSS pixels: each keeps its triangle's plane, so points
	// are judged at their exact place (view.ZBuffer).
	d.zb.Rasterize(&d.mesh, view, int(math.Max(2, math.Round(2*s.scale))))
	var ht [16]float64
	hticks := ht[:0]
	if sf.logScale {
		// Nice losses, placed at their display heights.
		for _, lv := range Levels(sf.lo, sf.hi, 5, true, ht[8:8]) {
			hticks = append(hticks, sf.Height(lv))
		}
	}
	if len(hticks) == 0 {
		hticks = nil
	}
	d.proj.Axes(nil, nil, hticks, &d.axes)
}

// chrome draws the axes, their labels and the title (or the quiz's
// labels), and a random search's points on the surface.
func (d *view3D) chrome(s *Scene, wd *sim.World) {
	d.under.Reset()
	if s.quizOn() {
		s.lab.quizChrome(s, wd, &d.static)
		return
	}
	sf := &s.surf
	under := s.pen(&d.under)
	pen := s.pen(&d.static)
	// The title first: the axes' labels keep clear of it.
	title := "Error surface L(w, b)"
	if sf.logScale {
		title += " · height log(1 + L)"
	}
	used := s.title(pen, d.rect, 0, title, "Error surface", "L(w, b)")
	const hint = "drag: turn · wheel: zoom · double-click: reset"
	if used+pen.TextWidth(hint, Small)+s.px(30) < float32(d.rect.W) {
		pen.Text(float32(d.rect.X+d.rect.W)-s.px(10), float32(d.rect.Y)+s.px(5), hint, Small, dimColor, Right|Top)
	}
	for _, e := range d.axes.Edges {
		if e.Back {
			under.Line(float32(e.X0), float32(e.Y0), float32(e.X1), float32(e.Y1), s.px(1), axisColor.WithAlpha(0.35))
		}
	}
	axes := [3]*Axis{&d.axes.W, &d.axes.B, &d.axes.H}
	hname := "L"
	if sf.logScale {
		hname = "L (log)"
	}
	names := [3]string{"w", "b", hname}
	// Each axis with as many ticks as its labels hold apart (five at
	// most, two at least), its line and tick marks.
	for k, a := range axes {
		for n := 5; n > 2 && !d.ticksApart(s, pen, a, k == 2); n-- {
			d.proj.SetTicks(a, d.tickValues(s, k, n-1))
		}
		pen.Line(float32(a.X0), float32(a.Y0), float32(a.X1), float32(a.Y1), s.px(1.2), axisColor)
		for _, t := range a.TickList() {
			x, y := float32(t.X), float32(t.Y)
			pen.Line(x, y, x+float32(a.OutX)*s.px(5), y+float32(a.OutY)*s.px(5), s.px(1), axisColor)
		}
	}
	// The names next, beyond their axis' tick labels (the height axis's
	// above its top), then the tick labels that stay clear of every
	// label drawn before them: where two axes meet, one label is left
	// out rather than two printed over each other.
	for k, a := range axes {
		if k == 2 {
			top := float32(a.Y1) - s.px(6)
			for i := range a.TickList() {
				top = min(top, float32(d.tickLabel(s, pen, a, i, true).Y)-s.px(2))
			}
			s.num = append(s.num[:0], names[k]...)
			s.textIn(pen, d.rect, float32(a.X1), top, s.num, Normal, textColor, Center|Bottom)
			continue
		}
		// How far the tick labels reach from the axis line, outwards.
		reach := float64(s.px(9))
		for i, t := range a.TickList() {
			r := d.tickLabel(s, pen, a, i, false)
			for _, c := range [4][2]float64{{r.X, r.Y}, {r.X + r.W, r.Y}, {r.X, r.Y + r.H}, {r.X + r.W, r.Y + r.H}} {
				reach = math.Max(reach, (c[0]-t.X)*a.OutX+(c[1]-t.Y)*a.OutY)
			}
		}
		s.num = append(s.num[:0], names[k]...)
		nw, nh := pen.TextWidthBytes(s.num, Normal), s.atlas.Fonts[Normal].Ascent+s.atlas.Fonts[Normal].Descent
		half := (math.Abs(a.OutX)*float64(nw) + math.Abs(a.OutY)*float64(nh)) / 2
		off := reach + float64(s.px(4)) + half
		mx, my := (a.X0+a.X1)/2+a.OutX*off, (a.Y0+a.Y1)/2+a.OutY*off
		s.textIn(pen, d.rect, float32(mx), float32(my), s.num, Normal, textColor, Center|Middle)
	}
	for k, a := range axes {
		for i := range a.TickList() {
			d.tickLabel(s, pen, a, i, k == 2)
			x, y, al := d.tickAnchor(s, a, i)
			s.textIn(pen, d.rect, x, y, s.num, Small, axisColor, al)
		}
	}
	if len(wd.Search) > 0 {
		r := s.px(1.6)
		if len(wd.Search) > 3000 {
			r = s.px(1.1)
		}
		for _, p := range wd.Search {
			if x, y, ok := s.surfacePoint(p.W, p.B); ok {
				pen.Disc(x, y, r, searchColor)
			}
		}
	}
}

// tickValues returns n or so nice values for axis k of the 3D view (0 w,
// 1 b, 2 height), in the axis' units: on a log display, nice losses at
// their display heights.
func (d *view3D) tickValues(s *Scene, k, n int) []float64 {
	sf := &s.surf
	if k == 2 && sf.logScale {
		v := Levels(sf.lo, sf.hi, n, true, d.tickBuf[MaxTicks:MaxTicks])
		out := d.tickBuf[:0]
		for _, lv := range v {
			out = append(out, sf.Height(lv))
		}
		return out
	}
	lo, hi := d.axes.W.Range()
	if k == 1 {
		lo, hi = d.axes.B.Range()
	} else if k == 2 {
		lo, hi = d.axes.H.Range()
	}
	return NiceTicks(lo, hi, n, d.tickBuf[:0])
}

// tickLabel writes tick i's label into s.num and returns its rectangle.
func (d *view3D) tickLabel(s *Scene, pen Pen, a *Axis, i int, heights bool) Rect {
	v := a.Ticks[i].Value
	if heights && s.surf.logScale {
		v = math.Expm1(v) + s.surf.lo // back to the loss
	}
	s.num = AppendNum(s.num[:0], v, 3)
	x, y, al := d.tickAnchor(s, a, i)
	return s.textRect(pen, x, y, s.num, Small, al)
}

// tickAnchor is where tick i's label is anchored: beyond the tick mark,
// on the side away from the box.
func (d *view3D) tickAnchor(s *Scene, a *Axis, i int) (float32, float32, Align) {
	t := a.Ticks[i]
	ox, oy := float32(a.OutX), float32(a.OutY)
	al := Center | Middle
	if ox > 0.5 {
		al = Left | Middle
	} else if ox < -0.5 {
		al = Right | Middle
	}
	return float32(t.X) + ox*s.px(9), float32(t.Y) + oy*s.px(9), al
}

// ticksApart reports whether the axis' tick labels keep a gap between
// them.
func (d *view3D) ticksApart(s *Scene, pen Pen, a *Axis, heights bool) bool {
	var rs [MaxTicks]Rect
	g := float64(s.px(3))
	for i := range a.TickList() {
		r := d.tickLabel(s, pen, a, i, heights)
		rs[i] = Rect{r.X - g, r.Y - g/2, r.W + 2*g, r.H + g}
		for j := 0; j < i; j++ {
			if overlaps(rs[i], rs[j]) {
				return false
			}
		}
	}
	return true
}

// drawTrails adds the 3D view's new trail segments, lying on the mesh and
// hidden where a hill covers them.
func (d *view3D) drawTrails(s *Scene, wd *sim.World, pending int) {
	if s.quizOn() {
		return
	}
	pen := s.pen(&d.trails)
	every := 1
	s.trails.begin(s.trailBudget(wd, pending))
	if d.repaint && d.coarse {
		// While the camera turns, a repaint every frame: keep it light,
		// and repaint in full once the camera rests.
		every = s.trails.thinning(wd, maxMovingSegments)
		s.trails.begin(maxMovingSegments + len(wd.Balls))
	}
	for i, b := range wd.Balls {
		s.segs = s.trails.appendNewSegments(s.segs[:0], trail3D, d.repaint, i, b, every)
		ps := s.trailPasses(wd, b.Color)
		for _, pass := range ps[s.firstPass(wd):] {
			for _, g := range s.segs {
				d.segment(s, pen, g.p.W, g.p.B, g.q.W, g.q.B, pass.w, pass.col, pass.band)
			}
		}
	}
}

// segment draws the segment from (w0, b0) to (w1, b1) on the 3D surface:
// split into pieces about a mesh cell long that follow the mesh, each drawn
// if its middle is not hidden.
func (d *view3D) segment(s *Scene, pen Pen, w0, b0, w1, b1 float64, width float32, c Color, band bool) {
	if !d.built || s.quizOn() {
		return
	}
	box := s.surf.box
	if !inBox(w0, b0, box) || !inBox(w1, b1, box) {
		return
	}
	mhf := &s.surf.mhf
	cw, cb := mhf.CellSize()
	n := int(math.Ceil(math.Max(math.Abs(w1-w0)/cw, math.Abs(b1-b0)/cb)))
	limit := 64
	if d.coarse && d.repaint {
		limit = 1 // the camera is turning: one piece a segment until it rests
	}
	n = min(max(n, 1), limit)
	rect := s.layout.Surface
	px, py, _ := d.proj.ProjectOnSurface(w0, b0, mhf)
	for k := 1; k <= n; k++ {
		t := float64(k) / float64(n)
		w, b := w0+t*(w1-w0), b0+t*(b1-b0)
		x, y, _ := d.proj.ProjectOnSurface(w, b, mhf)
		tm := (float64(k) - 0.5) / float64(n)
		mx, my, md := d.proj.ProjectOnSurface(w0+tm*(w1-w0), b0+tm*(b1-b0), mhf)
		if d.zb.Visible(mx, my, md) && rect.Contains(px, py) && rect.Contains(x, y) {
			if band {
				pen.Band(float32(px), float32(py), float32(x), float32(y), width, c)
			} else {
				pen.Line(float32(px), float32(py), float32(x), float32(y), width, c)
			}
		}
		px, py = x, y
	}
}

// projection is the 3D view's projection of the surface for a camera, in
// the current layout, with room around the box for the axes' tick labels
// and names (clipped to the panel with the rest of the 3D view). It uses
// the layout's rectangle, not d.rect: build runs before begin, and after a
// resize d.rect is still the old layout's (the mesh was then projected for
// the old size: twice too large after the page halved the resolution at
// devicePixelRatio 2).
func (d *view3D) projection(s *Scene, cam sim.Camera) Projection {
	v := s.layout.Surface
	l, r, t, b := float64(s.px(40)), float64(s.px(24)), float64(s.px(26)), float64(s.px(18))
	view := Rect{v.X + l, v.Y + t, math.Max(8, v.W-l-r), math.Max(8, v.H-t-b)}
	return NewProjection(cam, view, s.surf.box, s.surf.hf.Lo, s.surf.hf.Hi)
}

// ToSurface returns where (w, b) is drawn in the 3D view (device pixels,
// on the surface), whether a hill hides it there, and false when (w, b) is
// outside the framing or the 3D view shows no single surface (the quiz).
func (s *Scene) ToSurface(w, b float64) (x, y float64, visible, ok bool) {
	if !s.d3.built || s.quizOn() || !inBox(w, b, s.surf.box) {
		return 0, 0, false, false
	}
	x, y, d := s.d3.proj.ProjectOnSurface(w, b, &s.surf.mhf)
	return x, y, s.d3.zb.Visible(x, y, d), true
}

// surfacePoint returns where (w, b) lies on the 3D view's surface, and
// false when it is outside the framing or hidden by a hill.
func (s *Scene) surfacePoint(w, b float64) (float32, float32, bool) {
	x, y, visible, ok := s.ToSurface(w, b)
	if !ok || !visible || !s.layout.Surface.Contains(x, y) {
		return 0, 0, false
	}
	return float32(x), float32(y), true
}

// thumb is one of the quiz's candidate surfaces, drawn small in the 3D view.
type thumb struct {
	hf   HeightField
	proj Projection
	mesh Mesh
	rect Rect
}
