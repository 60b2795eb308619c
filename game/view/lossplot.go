package view

import (
	"math"

	"downhill/game/sim"
)

// lossPlot is the loss against step for every ball (log scale when every
// loss is positive), or, in the learning-rate sweep, the final loss against
// eta. Its key is its rectangle, the axes' ranges (which only grow while
// balls roll) and the exercise; the curves are drawn incrementally.
type lossPlot struct {
	region
	key lossKey
	// The axes: steps [0, x], log10 loss or loss in [lo, hi].
	x, lo, hi float64
	log       bool
	axesOK    bool
	// The sweep chart's axes: log10 eta and log10 loss.
	sweepX0, sweepX1 float64
	sweepLo, sweepHi float64
	// titleW is the width the title took: the counter goes after it.
	titleW float32
}

type lossKey struct {
	rect, plot Rect
	surf       int
	x, lo, hi  float64
	sweep      bool
	sweepGen   int
}

func (lp *lossPlot) frame(s *Scene, wd *sim.World, force bool) {
	l := &s.layout
	sweep := wd.Mode == sim.ModeSweep
	if force || l.LossPlot != lp.key.plot || s.surf.Gen != lp.key.surf {
		lp.axesOK = false
	}
	if !sweep {
		lp.updateAxes(s, wd)
	}
	key := lossKey{rect: l.Loss, plot: l.LossPlot, surf: s.surf.Gen, x: lp.x, lo: lp.lo, hi: lp.hi, sweep: sweep}
	if sweep {
		key.x, key.lo, key.hi, key.sweepGen = 0, 0, 0, wd.SweepGen
	}
	repaint := force || key != lp.key
	lp.key = key
	if !lp.begin(l.Loss, repaint) {
		return
	}
	if repaint {
		if sweep {
			lp.sweepChrome(s, wd)
		} else {
			lp.chrome(s)
		}
	}
	if !sweep {
		lp.drawCurves(s, wd)
	}
	s.spent += lp.drawn()
}

// updateAxes grows the plot's ranges to hold every ball's curve.
func (lp *lossPlot) updateAxes(s *Scene, wd *sim.World) {
	if lp.axesOK && s.trails.wasOut[trailLoss] {
		// The curves are still being drawn (a repaint of many long
		// trails takes frames): the axes wait, or every decade a ball
		// went down would start that repaint again. What falls outside
		// meanwhile is clipped, and drawn in full once they grow.
		return
	}
	maxStep := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, b := range wd.Balls {
		maxStep = max(maxStep, b.St.T)
		if finite(b.Loss) {
			lo, hi = math.Min(lo, b.Loss), math.Max(hi, b.Loss)
		}
		// The points the axes have not taken in yet (the axes only grow,
		// so each point is looked at once, however far the drawing lags
		// behind): a curve that dips and rises again must fit too.
		c := s.trails.cursor(trailLoss, i)
		from := 0
		if lp.axesOK && c.seen > 0 {
			// A thinned trail keeps every stride-th point of those seen.
			from = (c.seen-1)*c.seenStride/b.Trail.Stride + 1
		}
		c.seen, c.seenStride = len(b.Trail.Pts), b.Trail.Stride
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
	if !lp.axesOK {
		lp.log = s.surf.lossLog()
		lp.x, lp.lo, lp.hi = x, 0, 1
		if lp.log {
			lp.lo, lp.hi = -4, 0
		}
		lp.axesOK = true
	}
	lp.x = math.Max(lp.x, x)
	if !(lo <= hi) {
		return
	}
	if lp.log {
		l, h := math.Floor(math.Log10(math.Max(lo, 1e-12))), math.Ceil(math.Log10(math.Max(hi, 1e-12)))
		if h <= l {
			h = l + 1
		}
		lp.lo, lp.hi = math.Min(l, lp.lo), math.Max(h, lp.hi)
	} else if lo < lp.lo || hi > lp.hi {
		span := math.Max(hi-lo, 1e-9)
		lp.lo, lp.hi = math.Min(lp.lo, lo-0.05*span), math.Max(lp.hi, hi+0.05*span)
	}
}

func (lp *lossPlot) chrome(s *Scene) {
	pen := s.pen(&lp.static)
	reserve := pen.TextWidth(counterSample, Small)
	if lp.log {
		lp.titleW = s.title(pen, lp.rect, reserve, "Loss (log scale) vs step", "Loss vs step", "Loss")
	} else {
		lp.titleW = s.title(pen, lp.rect, reserve, "Loss vs step", "Loss", "")
	}
	s.plotAxes(pen, lp.rect, s.layout.LossPlot, 0, lp.x, lp.lo, lp.hi, false, lp.log)
}

// xy returns the plot's pixel position for a step and a loss.
func (lp *lossPlot) xy(s *Scene, step, loss float64) (float32, float32) {
	p := s.layout.LossPlot
	y := loss
	if lp.log {
		y = math.Log10(math.Max(loss, 1e-12))
	}
	return float32(p.X + step/lp.x*p.W), float32(p.Y + (lp.hi-y)/(lp.hi-lp.lo)*p.H)
}

// drawCurves adds the plot's new segments: loss against step.
func (lp *lossPlot) drawCurves(s *Scene, wd *sim.World) {
	pen := s.pen(&lp.trails)
	every := 1
	s.trails.begin(s.trailBudget(wd, lp.drawn()))
	p := s.layout.LossPlot
	for i, b := range wd.Balls {
		c := lightColor(b.Color)
		s.trails.eachNewSegment(trailLoss, lp.repaint, i, b, every, func(prev, q sim.TrailPoint) {
			x0, y0 := lp.xy(s, float64(prev.Step), float64(prev.Loss))
			x1, y1 := lp.xy(s, float64(q.Step), float64(q.Loss))
			if cx0, cy0, cx1, cy1, ok := clipSegment(float64(x0), float64(y0), float64(x1), float64(y1), p); ok {
				pen.Line(float32(cx0), float32(cy0), float32(cx1), float32(cy1), s.px(1.4), c)
			}
		})
	}
}

// sweepXY maps an eta and a final loss to the sweep chart (log-log).
func (lp *lossPlot) sweepXY(s *Scene, eta, loss float64) (float32, float32) {
	p := s.layout.LossPlot
	x := (math.Log10(eta) - lp.sweepX0) / (lp.sweepX1 - lp.sweepX0)
	y := (lp.sweepHi - math.Log10(math.Max(loss, 1e-12))) / (lp.sweepHi - lp.sweepLo)
	return float32(p.X + x*p.W), float32(p.Y + math.Min(1, math.Max(0, y))*p.H)
}

// sweepChrome draws the learning-rate sweep: final loss against eta on
// log-log axes, the best marked, diverged runs at the top in red.
func (lp *lossPlot) sweepChrome(s *Scene, wd *sim.World) {
	pen := s.pen(&lp.static)
	rows := wd.SweepRows
	lp.sweepX0, lp.sweepX1 = -4.5, 1.5
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		lp.sweepX0 = math.Min(lp.sweepX0, math.Floor(math.Log10(r.LR)*2)/2-0.25)
		lp.sweepX1 = math.Max(lp.sweepX1, math.Ceil(math.Log10(r.LR)*2)/2+0.25)
		if r.Status != sim.Diverged && finite(r.Loss) {
			lo, hi = math.Min(lo, r.Loss), math.Max(hi, r.Loss)
		}
	}
	lp.sweepLo, lp.sweepHi = -4, 0
	if lo <= hi {
		lp.sweepLo = math.Min(-1, math.Floor(math.Log10(math.Max(lo, 1e-12))))
		lp.sweepHi = math.Max(lp.sweepLo+1, math.Ceil(math.Log10(math.Max(hi, 1e-12))))
	}
	p := s.layout.LossPlot
	used := s.title(pen, lp.rect, 0, "Learning-rate sweep: loss after N steps vs η (log-log)", "Sweep: final loss vs η", "Sweep")
	lp.titleW = used
	s.plotAxes(pen, lp.rect, p, lp.sweepX0, lp.sweepX1, lp.sweepLo, lp.sweepHi, true, true)
	if len(rows) == 0 {
		return
	}
	s.num = append(s.num[:0], wd.SweepRule.String()...)
	s.num = append(s.num, ", "...)
	s.num = AppendNum(s.num, float64(wd.SweepSteps), 10)
	s.num = append(s.num, " steps from ("...)
	s.num = AppendNum(s.num, wd.SweepStart[0], 3)
	s.num = append(s.num, ", "...)
	s.num = AppendNum(s.num, wd.SweepStart[1], 3)
	s.num = append(s.num, ")"...)
	if used+pen.TextWidthBytes(s.num, Small)+s.px(30) < float32(lp.rect.W) {
		pen.TextBytes(float32(p.X+p.W), float32(lp.rect.Y)+s.px(6), s.num, Small, dimColor, Right|Top)
	}
	best := wd.SweepBest()
	var px, py float32
	for i, r := range rows {
		x, y := lp.sweepXY(s, r.LR, r.Loss)
		if r.Status == sim.Diverged || !finite(r.Loss) {
			y = float32(p.Y) + s.px(6)
		}
		if i > 0 && rows[i-1].Status != sim.Diverged && r.Status != sim.Diverged {
			pen.Line(px, py, x, y, s.px(1.2), axisColor.WithAlpha(0.6))
		}
		px, py = x, y
	}
	for i, r := range rows {
		x, y := lp.sweepXY(s, r.LR, r.Loss)
		c := rgb(sim.RGB{0x99, 0x99, 0x99})
		if b := wd.Ball(r.Ball); b != nil {
			c = rgb(b.Color)
		}
		label := s.num[:0]
		label = append(label, "η "...)
		label = AppendNum(label, r.LR, 3)
		if r.Status == sim.Diverged || !finite(r.Loss) {
			y = float32(p.Y) + s.px(6)
			pen.Ring(x, y, s.px(4), s.px(1.5), bgColor, warnColor)
			label = append(label, " diverged"...)
			s.textIn(pen, lp.rect, x, y+s.px(8), label, Small, warnColor, Center|Top)
			s.num = label
			continue
		}
		pen.Ring(x, y, s.px(4.5), s.px(1.5), c, white)
		if i == best {
			pen.Circle(x, y, s.px(9), s.px(1.6), guessColor)
			label = append(label, " best"...)
		}
		if y < float32(p.Y)+s.px(24) {
			s.textIn(pen, lp.rect, x, y+s.px(10), label, Small, textColor, Center|Top)
		} else {
			s.textIn(pen, lp.rect, x, y-s.px(10), label, Small, textColor, Center|Bottom)
		}
		s.num = label
	}
}
