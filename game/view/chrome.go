package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
)

// buildStatic draws the frames, axes, labels and fixed content of the
// regions repainted this frame into Static (and, for the 3D view, Under).
func (s *Scene) buildStatic(wd *sim.World) {
	if s.Redraw[RContour] {
		s.contourChrome(wd)
	}
	if s.Redraw[RSurface] {
		if s.quizOn() {
			s.Under.Reset()
			s.quizChrome(wd)
		} else {
			s.surfaceChrome(wd)
		}
	}
	if len(wd.Search) > 0 && (s.Redraw[RContour] || s.Redraw[RSurface]) {
		s.searchChrome(wd, s.Redraw[RContour], s.Redraw[RSurface])
	}
	if s.Redraw[RLoss] {
		if wd.Mode == sim.ModeSweep {
			s.sweepChrome(wd)
		} else {
			s.lossChrome(wd)
		}
	}
	if s.Redraw[RFit] && s.fit {
		s.fitChrome(wd)
	}
}

func (s *Scene) px(css float64) float32 { return float32(css * s.L.Scale) }

func (s *Scene) title(r Rect, text string) {
	pen := Pen{&s.Static, s.A}
	pen.Text(float32(r.X)+s.px(10), float32(r.Y)+s.px(5), text, Normal, textColor, Left|Top)
}

func (s *Scene) contourChrome(wd *sim.World) {
	pen := Pen{&s.Static, s.A}
	p := s.L.ContourPlot
	for _, sg := range s.isolines {
		x0, y0 := s.ToContour(sg.W0, sg.B0)
		x1, y1 := s.ToContour(sg.W1, sg.B1)
		pen.Line(float32(x0), float32(y0), float32(x1), float32(y1), s.px(0.9), isoColor)
	}
	// Labels: a small dark box with the level's value, along the line.
	for _, sp := range s.spots {
		x, y := s.ToContour(sp.W, sp.B)
		s.num = AppendNum(s.num[:0], s.levels[sp.Level], 2)
		w := pen.TextWidthBytes(s.num, Small)
		pen.L.Rect(Rect{x - float64(w)/2 - float64(s.px(2)), y - float64(s.px(7)), float64(w) + float64(s.px(4)), float64(s.px(13))}, Color{0.08, 0.09, 0.11, 0.7})
		pen.TextBytes(float32(x), float32(y), s.num, Small, textColor, Center|Middle)
	}
	s.squareAxes = true // equal scales: the same ticks on w and b, no grid lines
	s.plotAxes(p, s.box.WMin, s.box.WMax, s.box.BMin, s.box.BMax, false)
	s.squareAxes = false
	x0, y0, x1, y1 := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
	pen.Text((x0+x1)/2, y1+s.px(19), "w", Normal, textColor, Center|Top)
	pen.Text(x0-s.px(36), (y0+y1)/2, "b", Normal, textColor, Center|Middle)
	if s.quizOn() {
		s.title(s.L.Contour, "Contours of a mystery surface")
	} else {
		s.title(s.L.Contour, "Contours of L(w, b) · "+wd.Info.Title)
	}
	// Known minima: small white stars (crosses) so students see the target.
	for _, m := range wd.Info.Minima {
		if s.quizOn() {
			break
		}
		x, y := s.ToContour(m.X, m.Y)
		if p.Contains(x, y) {
			r := s.px(3)
			pen.Line(float32(x)-r, float32(y), float32(x)+r, float32(y), s.px(1.2), white)
			pen.Line(float32(x), float32(y)-r, float32(x), float32(y)+r, s.px(1.2), white)
		}
	}
}

// plotAxes draws a frame around p with ticks and tick labels for x in
// [x0, x1] and y in [y0, y1] (logY: y values are log10 of the label).
func (s *Scene) plotAxes(p Rect, x0, x1, y0, y1 float64, logY bool) {
	s.plotAxesXY(p, x0, x1, y0, y1, false, logY)
}

// plotAxesXY is plotAxes with x too possibly log10 (ticks at whole decades).
func (s *Scene) plotAxesXY(p Rect, x0, x1, y0, y1 float64, logX, logY bool) {
	pen := Pen{&s.Static, s.A}
	l, t, r, b := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
	pen.Line(l, b, r, b, s.px(1), axisColor)
	pen.Line(l, t, l, b, s.px(1), axisColor)
	pen.Line(l, t, r, t, s.px(1), axisColor.WithAlpha(0.35))
	pen.Line(r, t, r, b, s.px(1), axisColor.WithAlpha(0.35))
	var ticks [32]float64
	nx := int(math.Max(2, p.W/float64(s.px(70))))
	if s.squareAxes {
		nx = int(math.Max(2, p.W/float64(s.px(48))))
	}
	xt := NiceTicks(x0, x1, nx, ticks[:0])
	if logX {
		xt = ticks[:0]
		for d := math.Ceil(x0); d <= x1+1e-9; d++ {
			xt = append(xt, d)
		}
	}
	for _, v := range xt {
		x := float32(p.X + (v-x0)/(x1-x0)*p.W)
		pen.Line(x, b, x, b+s.px(4), s.px(1), axisColor)
		s.num = s.num[:0]
		if logX {
			s.num = append(s.num, "1e"...)
			s.num = AppendNum(s.num, v, 3)
		} else {
			s.num = AppendNum(s.num, v, 4)
		}
		pen.TextBytes(x, b+s.px(6), s.num, Small, axisColor, Center|Top)
	}
	var yticks [32]float64
	n := int(math.Max(2, p.H/float64(s.px(34))))
	if s.squareAxes {
		n = nx
	}
	yt := NiceTicks(y0, y1, n, yticks[:0])
	if logY {
		// Whole decades only.
		yt = yticks[:0]
		step := math.Max(1, math.Ceil((y1-y0)/float64(n)))
		for d := math.Ceil(y0); d <= y1+1e-9; d += step {
			yt = append(yt, d)
		}
	}
	for _, v := range yt {
		y := float32(p.Y + (y1-v)/(y1-y0)*p.H)
		pen.Line(l-s.px(4), y, l, y, s.px(1), axisColor)
		if !s.squareAxes {
			pen.Line(l, y, r, y, s.px(1), gridColor)
		}
		s.num = s.num[:0]
		if logY {
			s.num = append(s.num, "1e"...)
			s.num = AppendNum(s.num, v, 3)
		} else {
			s.num = AppendNum(s.num, v, 4)
		}
		pen.TextBytes(l-s.px(6), y, s.num, Small, axisColor, Right|Middle)
	}
}

// buildMesh projects the surface for the current camera and layout: the
// mesh layer, the z-buffer that hides balls and trails behind hills, and
// the box's axes.
func (s *Scene) buildMesh(wd *sim.World, coarse bool) {
	s.meshCoarse = coarse && !s.quizOn()
	if s.quizOn() {
		s.Mesh.Reset()
		s.buildThumbs(wd)
		return
	}
	v := s.L.Surface
	// Room around the box for the axes' tick labels and names, which are
	// clipped to the panel with the rest of the 3D view.
	l, r, t, b := float64(s.px(40)), float64(s.px(24)), float64(s.px(26)), float64(s.px(18))
	view := Rect{v.X + l, v.Y + t, math.Max(8, v.W-l-r), math.Max(8, v.H-t-b)}
	s.proj = NewProjection(s.cam, view, s.box, s.hf.Lo, s.hf.Hi)
	s.Mesh.Reset()
	hf, every := &s.mhf, 16
	if coarse {
		hf, every = &s.chf, 4
	}
	if !s.grid3D {
		every = 0
	}
	s.mesh.Build(hf, &s.proj, &s.Mesh, MeshOptions{GridEvery: every, GridWidth: float64(s.px(1))})
	// A cell per 2x2 CSS pixels: each keeps its triangle's plane, so points
	// are judged at their exact place (view.ZBuffer).
	s.zb.Rasterize(&s.mesh, view, int(math.Max(2, math.Round(2*s.L.Scale))))
	var ht [16]float64
	hticks := ht[:0]
	if s.logScale {
		// Nice losses, placed at their display heights.
		for _, lv := range Levels(s.lo, s.hi, 5, true, ht[8:8]) {
			hticks = append(hticks, s.Height(lv))
		}
	}
	if len(hticks) == 0 {
		hticks = nil
	}
	s.proj.Axes(nil, nil, hticks, &s.axes)
}

func (s *Scene) surfaceChrome(wd *sim.World) {
	s.Under.Reset()
	under := Pen{&s.Under, s.A}
	pen := Pen{&s.Static3D, s.A}
	for _, e := range s.axes.Edges {
		if e.Back {
			under.Line(float32(e.X0), float32(e.Y0), float32(e.X1), float32(e.Y1), s.px(1), axisColor.WithAlpha(0.35))
		}
	}
	axis := func(a *Axis, name string, heights bool) {
		pen.Line(float32(a.X0), float32(a.Y0), float32(a.X1), float32(a.Y1), s.px(1.2), axisColor)
		for _, t := range a.TickList() {
			ox, oy := float32(a.OutX), float32(a.OutY)
			x, y := float32(t.X), float32(t.Y)
			pen.Line(x, y, x+ox*s.px(5), y+oy*s.px(5), s.px(1), axisColor)
			v := t.Value
			if heights && s.logScale {
				v = math.Expm1(v) + s.lo // back to the loss
			}
			s.num = AppendNum(s.num[:0], v, 3)
			al := Center | Middle
			if ox > 0.5 {
				al = Left | Middle
			} else if ox < -0.5 {
				al = Right | Middle
			}
			pen.TextBytes(x+ox*s.px(9), y+oy*s.px(9), s.num, Small, axisColor, al)
		}
		// The axis name beyond its middle; the height axis's above its top.
		mx, my := float32((a.X0+a.X1)/2+a.OutX*float64(s.px(26))), float32((a.Y0+a.Y1)/2+a.OutY*float64(s.px(26)))
		if heights {
			mx, my = float32(a.X1), float32(a.Y1)-s.px(10)
		}
		pen.Text(mx, my, name, Normal, textColor, Center|Bottom)
	}
	axis(&s.axes.W, "w", false)
	axis(&s.axes.B, "b", false)
	hname := "L"
	if s.logScale {
		hname = "L (log)"
	}
	axis(&s.axes.H, hname, true)
	t := "Error surface L(w, b)"
	if s.logScale {
		t += " · height log(1 + L)"
	}
	s.title(s.L.Surface, t)
	r := s.L.Surface
	const hint = "drag: turn · wheel: zoom · double-click: reset"
	if pen.TextWidth(t, Normal)+pen.TextWidth(hint, Small)+s.px(40) < float32(r.W) {
		pen.Text(float32(r.X+r.W)-s.px(10), float32(r.Y)+s.px(5), hint, Small, dimColor, Right|Top)
	}
}

// legendMask is the set of optimizers that have balls.
func legendMask(wd *sim.World) uint32 {
	var m uint32
	for _, b := range wd.Balls {
		m |= 1 << b.Cfg.Rule
	}
	return m
}

func (s *Scene) lossChrome(wd *sim.World) {
	pen := Pen{&s.Static, s.A}
	p := s.L.LossPlot
	s.plotAxes(p, 0, s.lossX, s.lossLo, s.lossHi, s.lossLog)
	s.title(s.L.Loss, s.lossTitle())
	// Legend: each optimizer present, in its colour, right-aligned in the title row.
	// On a phone there is no room for it: the panel's optimizer list shows
	// the colours.
	x := float32(p.X + p.W)
	y := float32(s.L.Loss.Y) + s.px(12)
	for r := optim.NumRules - 1; !s.narrowLoss(); r-- {
		if s.legend&(1<<r) != 0 {
			name := r.String()
			w := pen.TextWidth(name, Small)
			pen.Text(x, y, name, Small, textColor, Right|Middle)
			x -= w + s.px(5)
			c := sim.Palette[r]
			pen.Ring(x-s.px(4), y, s.px(4), s.px(1), rgb(c), outlineFor(c))
			x -= s.px(16)
		}
		if r == 0 {
			break
		}
	}
}

// narrowLoss reports whether the loss panel is too narrow for its title,
// legend and counter on one row (a phone).
func (s *Scene) narrowLoss() bool { return s.L.Loss.W/s.L.Scale < 560 }

func (s *Scene) lossTitle() string {
	switch {
	case s.narrowLoss():
		return "Loss"
	case s.lossLog:
		return "Loss (log scale) vs step"
	}
	return "Loss vs step"
}

// updateLossAxes grows the loss plot's ranges to hold every ball's curve;
// it reports whether they changed (the plot is then repainted).
func (s *Scene) updateLossAxes(wd *sim.World) bool {
	maxStep := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, b := range wd.Balls {
		maxStep = max(maxStep, b.St.T)
		if finite(b.Loss) {
			lo, hi = math.Min(lo, b.Loss), math.Max(hi, b.Loss)
		}
		// The points the plot has not drawn yet (all of them after a
		// repaint): a curve that dips and rises again must fit too.
		from := 0
		if s.lossAxesOK && i < len(s.cursors[RLoss]) && s.cursors[RLoss][i].stride == b.Trail.Stride {
			from = max(s.cursors[RLoss][i].n-1, 0)
		}
		for _, p := range b.Trail.Pts[min(from, len(b.Trail.Pts)):] {
			if v := float64(p.Loss); finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	x := 100.0
	for x < float64(maxStep) {
		x *= 2
	}
	if !s.lossAxesOK {
		s.lossX = x
		s.lossLo, s.lossHi = 0, 1
		if s.lossLog {
			s.lossLo, s.lossHi = -4, 0
		}
	}
	changed := !s.lossAxesOK || x > s.lossX
	s.lossX = math.Max(s.lossX, x)
	s.lossAxesOK = true
	if !(lo <= hi) {
		return changed
	}
	if s.lossLog {
		l, h := math.Floor(math.Log10(math.Max(lo, 1e-12))), math.Ceil(math.Log10(math.Max(hi, 1e-12)))
		if h <= l {
			h = l + 1
		}
		if l < s.lossLo || h > s.lossHi {
			s.lossLo, s.lossHi = math.Min(l, s.lossLo), math.Max(h, s.lossHi)
			changed = true
		}
	} else if lo < s.lossLo || hi > s.lossHi {
		span := math.Max(hi-lo, 1e-9)
		s.lossLo, s.lossHi = math.Min(s.lossLo, lo-0.05*span), math.Max(s.lossHi, hi+0.05*span)
		changed = true
	}
	return changed
}

// lossXY returns the loss plot's pixel position for a step and a loss.
func (s *Scene) lossXY(step, loss float64) (float32, float32) {
	p := s.L.LossPlot
	y := loss
	if s.lossLog {
		y = math.Log10(math.Max(loss, 1e-12))
	}
	return float32(p.X + step/s.lossX*p.W), float32(p.Y + (s.lossHi-y)/(s.lossHi-s.lossLo)*p.H)
}

// fitRange is the fit view's x range: the data's, padded.
func (s *Scene) fitRange() (x0, x1 float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	for _, d := range s.info.Data {
		x0, x1 = math.Min(x0, d.X), math.Max(x1, d.X)
	}
	pad := math.Max(0.5, 0.15*(x1-x0))
	return x0 - pad, x1 + pad
}

func (s *Scene) fitXY(x, y float64) (float32, float32) {
	p := s.L.FitPlot
	x0, x1 := s.fitRange()
	return float32(p.X + (x-x0)/(x1-x0)*p.W), float32(p.Y + (1.1-y)/1.2*p.H)
}

func (s *Scene) fitChrome(wd *sim.World) {
	pen := Pen{&s.Static, s.A}
	x0, x1 := s.fitRange()
	s.plotAxes(s.L.FitPlot, x0, x1, -0.1, 1.1, false)
	if s.L.Fit.W/s.L.Scale < 420 {
		s.title(s.L.Fit, "Fit: σ(w·x + b)")
	} else {
		s.title(s.L.Fit, "Fit: f(x) = σ(w·x + b) and the data")
	}
	for _, d := range wd.Info.Data {
		x, y := s.fitXY(d.X, d.Y)
		pen.Ring(x, y, s.px(4.5), s.px(1.5), Color{1, 0.85, 0.3, 1}, outlineDark)
	}
}
