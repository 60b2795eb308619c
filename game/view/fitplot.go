package view

import (
	"math"

	"downhill/game/sim"
)

// fitPlot is the fit of the model to the data (data sets only): the data
// points and the axes; the overlay draws the sigmoid of the selected ball
// (or the guess) as it rolls. Its key is its rectangle and the data.
type fitPlot struct {
	region
	key fitKey
}

type fitKey struct {
	rect, plot Rect
	surf       int
}

func (f *fitPlot) frame(s *Scene, wd *sim.World, force bool) {
	l := &s.layout
	key := fitKey{rect: l.Fit, plot: l.FitPlot, surf: s.surf.Gen}
	repaint := force || key != f.key
	f.key = key
	if !f.begin(l.Fit, repaint) || wd.Info.Data == nil || !repaint {
		return
	}
	pen := s.pen(&f.static)
	x0, x1 := s.fitRange()
	s.title(pen, f.rect, 0, "Fit: f(x) = σ(w·x + b) and the data", "Fit: σ(w·x + b)", "Fit")
	s.plotAxes(pen, f.rect, l.FitPlot, x0, x1, -0.1, 1.1, false, false)
	for _, d := range wd.Info.Data {
		x, y := s.fitXY(d.X, d.Y)
		pen.Ring(x, y, s.px(4.5), s.px(1.5), Color{1, 0.85, 0.3, 1}, outlineDark)
	}
}

// fitRange is the fit view's x range: the data's, padded.
func (s *Scene) fitRange() (x0, x1 float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	for _, d := range s.surf.info.Data {
		x0, x1 = math.Min(x0, d.X), math.Max(x1, d.X)
	}
	pad := math.Max(0.5, 0.15*(x1-x0))
	return x0 - pad, x1 + pad
}

func (s *Scene) fitXY(x, y float64) (float32, float32) {
	p := s.layout.FitPlot
	x0, x1 := s.fitRange()
	return float32(p.X + (x-x0)/(x1-x0)*p.W), float32(p.Y + (1.1-y)/1.2*p.H)
}
