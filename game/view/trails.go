package view

import (
	"math"

	"downhill/game/sim"
	"downhill/surfaces"
)

func (s *Scene) trailWidth() float32 { return s.px(1.6) }

// drawContourTrails adds to Trails the contour map's trail segments that
// are not on the canvas yet.
func (s *Scene) drawContourTrails(wd *sim.World) {
	pen := Pen{&s.Trails, s.A}
	every := s.thinning(wd, RContour, maxRepaintSegments)
	for i, b := range wd.Balls {
		// The start marker, once per group: it moves only with a restart,
		// which repaints.
		c := &s.cursors[RContour][i]
		if s.Redraw[RContour] {
			c.marked = false
		}
		if !c.marked && (i == 0 || wd.Balls[i-1].Group != b.Group) {
			c.marked = true
			if x, y := s.ToContour(b.Start[0], b.Start[1]); s.L.ContourPlot.Contains(x, y) {
				s.cross(pen, float32(x), float32(y), s.px(3.5))
			}
		}
		col := trailColor(b.Color)
		s.eachNewSegment(RContour, i, b, every, func(p, q sim.TrailPoint) {
			s.contourSegment(pen, float64(p.W), float64(p.B), float64(q.W), float64(q.B), s.trailWidth(), col)
		})
	}
}

// eachNewSegment calls seg for each segment of ball i's trail that region r
// has not drawn yet (through every every-th point), and moves r's cursor on.
// seg does not escape: no allocation.
func (s *Scene) eachNewSegment(r Region, i int, b *sim.Ball, every int, seg func(p, q sim.TrailPoint)) {
	from, to := s.newPoints(r, i, b, every)
	if from >= to {
		return
	}
	pts := b.Trail.Pts
	prev := pts[from]
	for k := from + every; ; k += every {
		k = min(k, to)
		q := pts[k]
		seg(prev, q)
		prev = q
		if k == to {
			return
		}
	}
}

func (s *Scene) contourSegment(pen Pen, w0, b0, w1, b1 float64, width float32, c Color) {
	x0, y0 := s.ToContour(w0, b0)
	x1, y1 := s.ToContour(w1, b1)
	x0, y0, x1, y1, ok := clipSegment(x0, y0, x1, y1, s.L.ContourPlot)
	if ok {
		pen.Line(float32(x0), float32(y0), float32(x1), float32(y1), width, c)
	}
}

// drawSurfaceTrails adds the 3D view's new trail segments, lying on the
// mesh and hidden where a hill covers them.
func (s *Scene) drawSurfaceTrails(wd *sim.World) {
	if s.quizOn() {
		return
	}
	pen := Pen{&s.Trails3D, s.A}
	budget := maxRepaintSegments
	if s.Redraw[RSurface] {
		// While the camera turns, a repaint every frame: keep it light,
		// and repaint in full once the camera rests.
		s.coarse3D = s.turning
		if s.coarse3D {
			budget = maxMovingSegments
		}
	}
	every := s.thinning(wd, RSurface, budget)
	for i, b := range wd.Balls {
		c := trailColor(b.Color)
		s.eachNewSegment(RSurface, i, b, every, func(p, q sim.TrailPoint) {
			s.surfaceSegment(pen, float64(p.W), float64(p.B), float64(q.W), float64(q.B), s.trailWidth(), c)
		})
	}
}

// surfaceSegment draws the segment from (w0, b0) to (w1, b1) on the 3D
// surface: split into pieces about a mesh cell long that follow the mesh,
// each drawn if its middle is not hidden.
func (s *Scene) surfaceSegment(pen Pen, w0, b0, w1, b1 float64, width float32, c Color) {
	box := s.box
	if !inBox(w0, b0, box) || !inBox(w1, b1, box) {
		return
	}
	cw, cb := s.mhf.CellSize()
	n := int(math.Ceil(math.Max(math.Abs(w1-w0)/cw, math.Abs(b1-b0)/cb)))
	limit := 64
	if s.coarse3D && s.Redraw[RSurface] {
		limit = 1 // the camera is turning: one piece a segment until it rests
	}
	n = min(max(n, 1), limit)
	px, py, _ := s.proj.ProjectOnSurface(w0, b0, &s.mhf)
	for k := 1; k <= n; k++ {
		t := float64(k) / float64(n)
		w, b := w0+t*(w1-w0), b0+t*(b1-b0)
		x, y, _ := s.proj.ProjectOnSurface(w, b, &s.mhf)
		tm := (float64(k) - 0.5) / float64(n)
		mx, my, md := s.proj.ProjectOnSurface(w0+tm*(w1-w0), b0+tm*(b1-b0), &s.mhf)
		if s.zb.Visible(mx, my, md) && s.L.Surface.Contains(px, py) && s.L.Surface.Contains(x, y) {
			pen.Line(float32(px), float32(py), float32(x), float32(y), width, c)
		}
		px, py = x, y
	}
}

func inBox(w, b float64, box surfaces.Box) bool {
	return w >= box.WMin && w <= box.WMax && b >= box.BMin && b <= box.BMax
}

// drawLossCurves adds the loss plot's new segments: loss against step.
func (s *Scene) drawLossCurves(wd *sim.World) {
	if wd.Mode == sim.ModeSweep {
		return // the panel shows the sweep
	}
	pen := Pen{&s.Trails, s.A}
	every := s.thinning(wd, RLoss, maxRepaintSegments)
	p := s.L.LossPlot
	for i, b := range wd.Balls {
		c := rgb(b.Color)
		if b.Color == (sim.RGB{}) {
			c = Color{0.75, 0.75, 0.78, 1} // black would vanish on the dark plot
		}
		s.eachNewSegment(RLoss, i, b, every, func(prev, q sim.TrailPoint) {
			x0, y0 := s.lossXY(float64(prev.Step), float64(prev.Loss))
			x1, y1 := s.lossXY(float64(q.Step), float64(q.Loss))
			if cx0, cy0, cx1, cy1, ok := clipSegment(float64(x0), float64(y0), float64(x1), float64(y1), p); ok {
				pen.Line(float32(cx0), float32(cy0), float32(cx1), float32(cy1), s.px(1.4), c)
			}
		})
	}
}
