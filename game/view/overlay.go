package view

import (
	"math"

	"downhill/game/sim"
)

// drawOverlay draws what moves every frame, on the final screen: the trails'
// moving heads, start markers, balls in both views, the fit curve, the
// step counter, the legend with each ball's loss now, the linked hover
// cursors and the notice.
func (s *Scene) drawOverlay(wd *sim.World) {
	pen := s.pen(&s.Overlay)
	l := &s.layout
	p := l.ContourPlot
	r := s.px(BallRadius * ballScale(len(wd.Balls)))

	// Trail heads: from the last kept point to the ball, in every view.
	for _, b := range wd.Balls {
		n := len(b.Trail.Pts)
		if n == 0 {
			continue
		}
		last := b.Trail.Pts[n-1]
		if int(last.Step) == b.St.T {
			continue
		}
		// Heads under half a pixel long do not show: skip them.
		p := s.onPanel(wd, b)
		hx0, hy0 := s.ToContour(last.W, last.B)
		hx1, hy1 := s.ToContour(b.Pos[0], b.Pos[1])
		if dx, dy := hx1-hx0, hy1-hy0; dx*dx+dy*dy < 0.25*s.scale*s.scale {
			continue
		}
		passes := s.trailPasses(wd, b.Color)
		for _, ps := range passes[s.firstPass(wd):] {
			if p.W > 0 {
				s.contourSegment(pen, last.W, last.B, b.Pos[0], b.Pos[1], ps.w, ps.col, ps.band)
			}
			if l.Surface.W > 0 {
				s.d3.segment(s, pen, last.W, last.B, b.Pos[0], b.Pos[1], ps.w, ps.col, ps.band)
			}
		}
		if wd.Mode == sim.ModeSweep || l.LossPlot.W <= 0 {
			continue
		}
		x0, y0 := s.loss.xy(s, float64(last.Step), float64(last.Loss))
		x1, y1 := s.loss.xy(s, float64(b.St.T), b.Loss)
		if cx0, cy0, cx1, cy1, ok := clipSegment(float64(x0), float64(y0), float64(x1), float64(y1), l.LossPlot); ok {
			pen.Line(float32(cx0), float32(cy0), float32(cx1), float32(cy1), s.px(1.4), lightColor(b.Color))
		}
	}

	// Balls: contour map, then the 3D view (hidden behind hills), with the
	// selected one ringed.
	for _, b := range wd.Balls {
		if p := s.onPanel(wd, b); p.W > 0 {
			x, y := s.ToContour(b.Pos[0], b.Pos[1])
			if p.Contains(x, y) {
				s.ball(pen, b, float32(x), float32(y), r, b.ID == wd.Selected)
			}
		}
		if sx, sy, ok := s.surfacePoint(b.Pos[0], b.Pos[1]); ok {
			s.ball(pen, b, sx, sy-r*0.6, r, b.ID == wd.Selected)
		}
	}

	pen.View = sim.ViewContour
	s.plot = p
	s.drawSearchBest(wd, pen)
	if wd.Mode == sim.ModeGuess {
		s.drawGuess(wd, pen)
	} else {
		s.drawStep(wd, pen)
		// The selected ball over its step's arrows, which start at its
		// centre: the ball stays visible, the arrows leave its edge.
		if b := wd.Ball(wd.Selected); b != nil && p.W > 0 {
			if p := s.onPanel(wd, b); p.W > 0 {
				if x, y := s.ToContour(b.Pos[0], b.Pos[1]); p.Contains(x, y) {
					s.ball(pen, b, float32(x), float32(y), r, false)
				}
			}
			s.plot = l.ContourPlot
		}
	}
	pen.View = sim.ViewFit
	s.drawFitCurve(wd, pen)
	pen.View = sim.ViewLoss
	s.drawCounter(wd, pen)
	s.drawLegend(wd, pen)
	pen.View = CanvasLabel
	s.drawHover(wd, pen)
	s.drawKeyFocus(wd, pen)
	s.drawNotice(wd, pen)
}

// drawKeyFocus shows what the keyboard is on, while the canvas has the
// focus: the cursor as a cross-hair ring with its (w, b) and loss beside
// it, or a ring round the focused start or ball, on the map and on the 3D
// surface. Each ring is white over a dark one, so that it reads on any
// colour of the map.
func (s *Scene) drawKeyFocus(wd *sim.World, pen Pen) {
	if !s.KeyFocus {
		return
	}
	p := s.layout.ContourPlot
	ring := func(w, b float64, r float32) {
		if p.W > 0 {
			if x, y := s.ToContour(w, b); p.Contains(x, y) {
				pen.Circle(float32(x), float32(y), r, s.px(4), outlineDark)
				pen.Circle(float32(x), float32(y), r, s.px(2), white)
			}
		}
		if sx, sy, ok := s.surfacePoint(w, b); ok {
			pen.Circle(sx, sy, r, s.px(4), outlineDark)
			pen.Circle(sx, sy, r, s.px(2), white)
		}
	}
	r := s.px(BallRadius*ballScale(len(wd.Balls))) + s.px(6)
	switch wd.Focus.Kind {
	case sim.FocusStart:
		for _, b := range wd.Balls {
			if b.Group == wd.Focus.ID {
				ring(b.Start[0], b.Start[1], r+s.px(2))
				return
			}
		}
		return
	case sim.FocusBall:
		if b := wd.Ball(wd.Focus.ID); b != nil {
			ring(b.Pos[0], b.Pos[1], r)
		}
		return
	}
	c := wd.Cursor
	ring(c[0], c[1], s.px(7))
	if p.W <= 0 {
		return
	}
	x, y := s.ToContour(c[0], c[1])
	if !p.Contains(x, y) {
		return
	}
	d := s.px(3)
	for _, k := range [2]float32{s.px(4), s.px(2)} {
		col := white
		if k > s.px(3) {
			col = outlineDark
		}
		pen.Line(float32(x)-s.px(14), float32(y), float32(x)-s.px(7)-d, float32(y), k, col)
		pen.Line(float32(x)+s.px(7)+d, float32(y), float32(x)+s.px(14), float32(y), k, col)
		pen.Line(float32(x), float32(y)-s.px(14), float32(x), float32(y)-s.px(7)-d, k, col)
		pen.Line(float32(x), float32(y)+s.px(7)+d, float32(x), float32(y)+s.px(14), k, col)
	}
	s.num = append(s.num[:0], "w "...)
	s.num = AppendNum(s.num, c[0], 3)
	s.num = append(s.num, "  b "...)
	s.num = AppendNum(s.num, c[1], 3)
	s.num = append(s.num, "  L "...)
	s.num = AppendNum(s.num, wd.Loss(c[0], c[1]), 4)
	tw := pen.TextWidthBytes(s.num, Small)
	tx, ty := float32(x)+s.px(16), float32(y)+s.px(10)
	if float64(tx+tw+s.px(8)) > p.X+p.W {
		tx = float32(x) - tw - s.px(16)
	}
	if float64(ty+s.px(16)) > p.Y+p.H {
		ty = float32(y) - s.px(26)
	}
	pen.L.Rect(Rect{float64(tx - s.px(4)), float64(ty - s.px(2)), float64(tw + s.px(8)), float64(s.px(16))}, Color{0.06, 0.07, 0.09, 0.9})
	pen.TextBytes(tx, ty, s.num, Small, textColor, Left|Top)
}

// ballScale shrinks the balls when there are many, so hundreds of them do
// not cover the surface (and cost less to draw): full size up to 300 balls,
// down to half of it.
func ballScale(n int) float64 {
	if n <= 300 {
		return 1
	}
	return math.Max(0.5, math.Sqrt(300/float64(n)))
}

// ball draws one ball: its colour with an outline that reads on any
// background; a diverged ball is a red ring with a cross.
func (s *Scene) ball(pen Pen, b *sim.Ball, x, y, r float32, selected bool) {
	if selected {
		pen.Circle(x, y, r+s.px(3), s.px(1.2), Color{1, 1, 1, 0.85})
	}
	if b.Status == sim.Diverged {
		pen.Ring(x, y, r, s.px(1.8), bgColor, warnColor)
		d := r * 0.55
		pen.Line(x-d, y-d, x+d, y+d, s.px(1.6), warnColor)
		pen.Line(x-d, y+d, x+d, y-d, s.px(1.6), warnColor)
		return
	}
	a := s.atlas
	if sp, ok := a.Ball(b.Color); ok {
		// One quad of the pre-drawn ball, scaled to this radius: the
		// sprite's outer radius is (BallSize-2)/2 texels for BallRadius.
		full := s.px(BallRadius + 1.5)
		k := (r + s.px(1.5)) / full
		h := a.BallSize / 2 * k * (full / ((a.BallSize - 2) / 2))
		pen.Sprite(x, y, h, sp.SX, sp.SY, a.BallSize)
		return
	}
	pen.Ring(x, y, r, s.px(1.5), rgb(b.Color), outlineFor(b.Color))
}

// drawFitCurve draws the sigmoid of the selected ball's (w, b) over the
// data, updating as it rolls.
func (s *Scene) drawFitCurve(wd *sim.World, pen Pen) {
	fp := s.layout.FitPlot
	if fp.W <= 0 || wd.Info.Model == nil {
		return
	}
	// The guess in guess work, else the selected ball.
	var pos [2]float64
	var loss float64
	c := guessColor
	if wd.Mode == sim.ModeGuess && wd.HaveGuess {
		pos = wd.Guess
		loss = wd.Loss(pos[0], pos[1])
	} else if b := wd.Ball(wd.Selected); b != nil {
		pos, loss = b.Pos, b.Loss
		c = rgbOrLight(b.Color)
	} else {
		return
	}
	x0, x1 := s.fitRange()
	const n = 64
	px, py := s.fitXY(x0, wd.Info.Model(pos[0], pos[1], x0))
	for k := 1; k <= n; k++ {
		x := x0 + (x1-x0)*float64(k)/n
		qx, qy := s.fitXY(x, wd.Info.Model(pos[0], pos[1], x))
		if cx0, cy0, cx1, cy1, ok := clipSegment(float64(px), float64(py), float64(qx), float64(qy), fp); ok {
			pen.Line(float32(cx0), float32(cy0), float32(cx1), float32(cy1), s.px(2), c)
		}
		px, py = qx, qy
	}
	// The current (w, b) and loss at the plot's top (just the loss if the
	// plot is narrow).
	s.num = s.num[:0]
	if fp.W >= float64(s.px(240)) {
		s.num = append(s.num, "w "...)
		s.num = AppendNum(s.num, pos[0], 4)
		s.num = append(s.num, "  b "...)
		s.num = AppendNum(s.num, pos[1], 4)
		s.num = append(s.num, "  "...)
	}
	s.num = append(s.num, "L "...)
	s.num = AppendNum(s.num, loss, 4)
	s.textIn(pen, fp, float32(fp.X)+s.px(4), float32(fp.Y)+s.px(4), s.num, Small, textColor, Left|Top)
}

// drawCounter shows the selected ball's step and epoch (and its status)
// in the loss panel's title row, after the title.
func (s *Scene) drawCounter(wd *sim.World, pen Pen) {
	b := wd.Ball(wd.Selected)
	l := s.layout.Loss
	if b == nil || wd.Mode == sim.ModeSweep || l.W <= 0 {
		return // the sweep chart has its own caption
	}
	x := float32(l.X) + s.px(10) + s.loss.titleW + s.px(12)
	room := float32(l.X+l.W) - s.px(8) - x
	s.num = s.num[:0]
	full := func() {
		s.num = append(s.num, b.Label...)
		s.num = append(s.num, "  step "...)
		s.num = AppendNum(s.num, float64(b.St.T), 10)
		s.num = append(s.num, "  epoch "...)
		s.num = AppendNum(s.num, float64(b.St.Epoch), 10)
		s.num = append(s.num, "  L "...)
		s.num = AppendNum(s.num, b.Loss, 4)
		switch b.Status {
		case sim.Converged:
			s.num = append(s.num, "  converged"...)
		case sim.StepLimit:
			s.num = append(s.num, "  step limit"...)
		case sim.Diverged:
			s.num = append(s.num, "  diverged at step "...)
			s.num = AppendNum(s.num, float64(b.DivergedAt), 10)
			s.num = append(s.num, " (η "...)
			s.num = AppendNum(s.num, b.DivergedLR, 4)
			s.num = append(s.num, ")"...)
		}
	}
	full()
	if pen.TextWidthBytes(s.num, Small) > room {
		// A narrow panel: just the counts.
		s.num = append(s.num[:0], "step "...)
		s.num = AppendNum(s.num, float64(b.St.T), 10)
		s.num = append(s.num, " · epoch "...)
		s.num = AppendNum(s.num, float64(b.St.Epoch), 10)
		if b.Status == sim.Diverged {
			s.num = append(s.num, " · diverged"...)
		}
	}
	s.textIn(pen, l, x, float32(l.Y)+s.px(6), s.num, Small, dimColor, Left|Top)
}

// legendMax is the most entries the loss panel's legend lists.
const legendMax = 6

// drawLegend lists, inside the loss plot's top right, each kind of ball in
// its colour with its loss now (the numbers of the lecture's races, live):
// every ball when there are few, else each label once, with the loss of
// the selected ball's race where it has one.
func (s *Scene) drawLegend(wd *sim.World, pen Pen) {
	p := s.layout.LossPlot
	if p.W <= 0 || wd.Mode == sim.ModeSweep || len(wd.Balls) == 0 {
		return
	}
	sel := wd.Ball(wd.Selected)
	lh := s.px(14)
	type entry struct {
		b    *sim.Ball
		loss bool
	}
	var buf [legendMax]entry
	es := buf[:0]
	few := len(wd.Balls) <= legendMax
	for _, b := range wd.Balls {
		if few {
			es = append(es, entry{b, true})
			continue
		}
		dup := false
		for k, e := range es {
			if e.b.Label == b.Label && e.b.Color == b.Color {
				dup = true
				if sel != nil && b.Group == sel.Group {
					es[k] = entry{b, true}
				}
			}
		}
		if !dup && len(es) < legendMax {
			es = append(es, entry{b, sel != nil && b.Group == sel.Group})
		}
	}
	// Widest entry first, to place the column.
	wmax := float32(0)
	for _, e := range es {
		s.legendText(e.b, e.loss)
		wmax = max(wmax, pen.TextWidthBytes(s.num, Small))
	}
	bw := wmax + s.px(26)
	bh := lh*float32(len(es)) + s.px(6)
	if float64(bw) > p.W*0.6 || float64(bh) > p.H*0.8 {
		return // no room: the panel's ball list says it
	}
	x0 := float32(p.X+p.W) - bw - s.px(4)
	y0 := float32(p.Y) + s.px(4)
	pen.L.Rect(Rect{float64(x0), float64(y0), float64(bw), float64(bh)}, Color{0.06, 0.07, 0.09, 0.75})
	pen.Lab.cover(Rect{float64(x0), float64(y0), float64(bw), float64(bh)})
	for k, e := range es {
		y := y0 + s.px(3) + lh*float32(k) + lh/2
		c := e.b.Color
		if e.b.Status == sim.Diverged {
			pen.Ring(x0+s.px(9), y, s.px(4), s.px(1.2), bgColor, warnColor)
		} else {
			pen.Ring(x0+s.px(9), y, s.px(4), s.px(1), rgb(c), outlineFor(c))
		}
		s.legendText(e.b, e.loss)
		pen.TextBytes(x0+s.px(18), y, s.num, Small, textColor, Left|Middle)
	}
}

// legendText writes a legend entry into s.num: the ball's label and, when
// asked, its loss now (or that it diverged).
func (s *Scene) legendText(b *sim.Ball, loss bool) {
	s.num = append(s.num[:0], b.Label...)
	if !loss {
		return
	}
	if b.Status == sim.Diverged {
		s.num = append(s.num, "  diverged"...)
		return
	}
	s.num = append(s.num, "  "...)
	s.num = AppendNum(s.num, b.Loss, 3)
}

// drawHover marks the point under the pointer in both views, with its
// coordinates and loss.
func (s *Scene) drawHover(wd *sim.World, pen Pen) {
	if !s.HoverOn {
		return
	}
	w, b, ok := s.At(wd, s.HoverX, s.HoverY)
	if !ok {
		return
	}
	loss := wd.Loss(w, b)
	p := s.layout.ContourPlot
	if q, ok := s.mapPlotAt(s.HoverX, s.HoverY); ok {
		p = q
		s.plot = q
		defer func() { s.plot = s.layout.ContourPlot }()
	}
	c := Color{1, 1, 1, 0.8}
	if p.W > 0 {
		cx, cy := s.ToContour(w, b)
		pen.Line(float32(p.X), float32(cy), float32(p.X+p.W), float32(cy), s.px(1), c.WithAlpha(0.25))
		pen.Line(float32(cx), float32(p.Y), float32(cx), float32(p.Y+p.H), s.px(1), c.WithAlpha(0.25))
		pen.Circle(float32(cx), float32(cy), s.px(4), s.px(1.2), c)
	}
	if sx, sy, ok := s.surfacePoint(w, b); ok {
		pen.Circle(sx, sy, s.px(4), s.px(1.2), c)
	}
	s.num = append(s.num[:0], "w "...)
	s.num = AppendNum(s.num, w, 3)
	s.num = append(s.num, "  b "...)
	s.num = AppendNum(s.num, b, 3)
	s.num = append(s.num, "  L "...)
	s.num = AppendNum(s.num, loss, 4)
	s.num = s.appendMapCell(wd, s.num, w, b)
	tw := pen.TextWidthBytes(s.num, Small)
	x, y := float32(s.HoverX)+s.px(12), float32(s.HoverY)+s.px(14)
	if float64(x+tw+s.px(8)) > s.layout.W {
		x = float32(s.HoverX) - tw - s.px(12)
	}
	if float64(y+s.px(16)) > s.layout.H {
		y = float32(s.HoverY) - s.px(20)
	}
	box := Rect{float64(x - s.px(4)), float64(y - s.px(2)), float64(tw + s.px(8)), float64(s.px(16))}
	pen.L.Rect(box, Color{0.06, 0.07, 0.09, 0.85})
	pen.Lab.cover(box)
	pen.TextBytes(x, y, s.num, Small, textColor, Left|Top)
}

// drawNotice draws the world's notice (a refusal of what the canvas
// asked), wrapped at spaces, in a dark red box at the
// top of the canvas's middle.
func (s *Scene) drawNotice(wd *sim.World, pen Pen) {
	msg := wd.Notice()
	if msg == "" {
		return
	}
	maxW := float32(math.Min(s.layout.W-float64(s.px(24)), float64(s.px(560))))
	if len(s.noticeLines) == 0 || msg != s.notice {
		s.notice = msg
		s.noticeLines = wrapText(pen, msg, Normal, maxW, s.noticeLines[:0])
	}
	lh := s.px(17)
	w := float32(0)
	for _, l := range s.noticeLines {
		w = max(w, pen.TextWidth(l, Normal))
	}
	h := lh*float32(len(s.noticeLines)) + s.px(10)
	x := float32(s.layout.W)/2 - w/2 - s.px(8)
	y := s.px(30)
	pen.L.Rect(Rect{float64(x), float64(y), float64(w + s.px(16)), float64(h)}, Color{0.36, 0.1, 0.08, 0.95})
	pen.Lab.cover(Rect{float64(x), float64(y), float64(w + s.px(16)), float64(h)})
	for k, l := range s.noticeLines {
		pen.Text(x+s.px(8), y+s.px(5)+lh*float32(k), l, Normal, white, Left|Top)
	}
}

// wrapText splits text into lines no wider than maxW, breaking at spaces
// (a word wider than maxW stays whole on its own line).
func wrapText(pen Pen, text string, size Size, maxW float32, dst []string) []string {
	start, lastSpace := 0, -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ' ' {
			continue
		}
		if pen.TextWidth(text[start:i], size) > maxW && lastSpace > start {
			dst = append(dst, text[start:lastSpace])
			start = lastSpace + 1
		}
		lastSpace = i
	}
	if start < len(text) {
		dst = append(dst, text[start:])
	}
	return dst
}
