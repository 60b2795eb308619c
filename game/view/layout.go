package view

import (
	"math"

	"downhill/game/sim"
)

// Layout places the views on the canvas. All rectangles are in device
// pixels; Scale is device pixels per CSS pixel, UI the same for text and
// margins (larger when presenting). A view that is not shown has an empty
// rectangle.
type Layout struct {
	W, H, Scale, UI float64
	// Wide: the canvas is landscape, and the views sit side by side.
	Wide bool
	// Panels: the 3D surface, the contour map, the loss curve and the
	// data fit (empty when the surface has no data).
	Surface, Contour, Loss, Fit Rect
	// Plot areas inside the panels (axes drawn around them). ContourPlot is
	// square, so w and b have the same scale.
	ContourPlot, LossPlot, FitPlot Rect
	// Hidden lists the views asked for that the canvas is too small to
	// show readably (FitLayout); the page offers them.
	Hidden []sim.View
	// On the convergence map: the small multiples in the contour panel,
	// NMaps of them (the first is ContourPlot), in rows of MapCols, and
	// the legend's strip below them.
	Maps      [sim.MaxMapRules]Rect
	NMaps     int
	MapCols   int
	MapLegend Rect
}

// minSize is the smallest readable panel of each view, in CSS pixels: the
// contour map's square plot at least 110 wide inside its axes, the loss
// curve's and the fit's plots at least about 130 x 46.
var minSize = [sim.NumViews][2]float64{
	sim.View3D:      {150, 120},
	sim.ViewContour: {170, 170},
	sim.ViewLoss:    {190, 100},
	sim.ViewFit:     {150, 100},
}

// FitLayout is NewLayout for a canvas that may be too small for all of
// views: it shows as many as fit readably (minSize), main first and then
// the others in the order given, each in its usual place, and lists the
// rest in Hidden. Main alone is shown however small the canvas.
func FitLayout(w, h, scale, ui float64, views []sim.View, main sim.View, fit bool) Layout {
	if ui <= 0 {
		ui = math.Max(scale, 1)
	}
	order := make([]sim.View, 0, len(views))
	for _, v := range views {
		if v == main {
			order = append(order, v)
		}
	}
	for _, v := range views {
		if v != main && (v != sim.ViewFit || fit) {
			order = append(order, v)
		}
	}
	if len(order) == 0 {
		return NewLayout(w, h, scale, ui, views, fit)
	}
	for k := len(order); k >= 1; k-- {
		shown := make([]sim.View, 0, k)
		for _, v := range views {
			for _, o := range order[:k] {
				if v == o {
					shown = append(shown, v)
				}
			}
		}
		l := NewLayout(w, h, scale, ui, shown, fit)
		if k > 1 && !l.readable() {
			continue
		}
		l.Hidden = append([]sim.View(nil), order[k:]...)
		return l
	}
	panic("unreachable")
}

// readable reports whether every view shown has at least its minSize.
func (l *Layout) readable() bool {
	for v := sim.View(0); v < sim.NumViews; v++ {
		r := l.Rect(v)
		if r.W > 0 && (r.W < minSize[v][0]*l.UI-0.5 || r.H < minSize[v][1]*l.UI-0.5) {
			return false
		}
	}
	return true
}

// Rect returns view v's panel (empty when it is not shown).
func (l *Layout) Rect(v sim.View) Rect {
	switch v {
	case sim.View3D:
		return l.Surface
	case sim.ViewContour:
		return l.Contour
	case sim.ViewLoss:
		return l.Loss
	case sim.ViewFit:
		return l.Fit
	}
	return Rect{}
}

// SplitMaps lays out k convergence maps (1 to sim.MaxMapRules) as small
// multiples in the contour panel: equal squares on one row, or two rows
// when that makes them larger, each with its optimizer's name above it,
// the w tick labels below it and the b tick labels left of the first
// column only; the legend's strip under them all. ContourPlot becomes the
// first map.
func (l *Layout) SplitMaps(k int) {
	c := l.Contour
	k = min(max(k, 1), sim.MaxMapRules)
	if c.W <= 0 || c.H <= 0 {
		return
	}
	px := func(css float64) float64 { return css * l.UI }
	ml, mr, mt, mb := px(46), px(14), px(30), px(40)
	head, legend, gap := 0.0, px(40), px(14)
	if k > 1 {
		head = px(16)
	}
	rows, cols, side := 1, k, 0.0
	for r := 1; r <= min(k, 2); r++ {
		cl := (k + r - 1) / r
		sw := (c.W - ml - mr - float64(cl-1)*gap) / float64(cl)
		sh := (c.H - mt - legend - float64(r)*(head+mb)) / float64(r)
		if s := math.Min(sw, sh); s > side {
			rows, cols, side = r, cl, s
		}
	}
	side = math.Max(8, math.Floor(side))
	blockW := float64(cols)*side + float64(cols-1)*gap
	blockH := float64(rows)*(head+side+mb) + legend
	x0 := math.Round(c.X + ml + (c.W-ml-mr-blockW)/2)
	y0 := math.Round(c.Y + mt + math.Max(0, (c.H-mt-blockH)/2))
	l.NMaps, l.MapCols = k, cols
	for i := 0; i < k; i++ {
		row, col := i/cols, i%cols
		l.Maps[i] = Rect{x0 + float64(col)*(side+gap), y0 + head + float64(row)*(head+side+mb), side, side}
	}
	l.ContourPlot = l.Maps[0]
	l.MapLegend = Rect{c.X + px(8), y0 + float64(rows)*(head+side+mb), c.W - px(16), legend}
}

// NewLayout lays out a w x h canvas at the given scales with the views
// listed, in their order: the pictures (the 3D view, the contour map) share
// the canvas, side by side when it is landscape and stacked when it is
// portrait, and the plots (the loss curve, the fit, if the surface has
// data) share a strip below them, or the whole canvas when no picture is
// shown.
func NewLayout(w, h, scale, ui float64, views []sim.View, fit bool) Layout {
	if scale <= 0 {
		scale = 1
	}
	if ui <= 0 {
		ui = scale
	}
	l := Layout{W: w, H: h, Scale: scale, UI: ui}
	cssW, cssH := w/ui, h/ui
	l.Wide = cssW >= cssH*1.05
	px := func(css float64) float64 { return css * ui }
	var pics, plots []sim.View
	for _, v := range views {
		switch v {
		case sim.View3D, sim.ViewContour:
			pics = append(pics, v)
		case sim.ViewLoss:
			plots = append(plots, v)
		case sim.ViewFit:
			if fit {
				plots = append(plots, v)
			}
		}
	}
	full := Rect{0, 0, w, h}
	top, strip := full, Rect{}
	if len(pics) > 0 && len(plots) > 0 {
		var s float64
		if l.Wide {
			s = clamp(h*0.3, px(130), px(280))
		} else {
			s = clamp(h*0.22, px(110), px(200))
		}
		s = math.Round(math.Min(s, h*0.42))
		top = Rect{0, 0, w, h - s}
		strip = Rect{0, h - s, w, s}
	} else if len(pics) == 0 {
		top, strip = Rect{}, full
	}
	// The pictures: equal shares of the top.
	for i, v := range pics {
		var r Rect
		if l.Wide {
			x0 := math.Floor(top.W * float64(i) / float64(len(pics)))
			x1 := math.Floor(top.W * float64(i+1) / float64(len(pics)))
			r = Rect{x0, top.Y, x1 - x0, top.H}
		} else {
			y0 := math.Floor(top.H * float64(i) / float64(len(pics)))
			y1 := math.Floor(top.H * float64(i+1) / float64(len(pics)))
			r = Rect{top.X, top.Y + y0, top.W, y1 - y0}
		}
		if v == sim.View3D {
			l.Surface = r
		} else {
			l.Contour = r
		}
	}
	// The plots: the loss gets 60% beside the fit (55% in a strip that is
	// not wide), side by side in a strip, stacked when they have the whole
	// portrait canvas.
	side := len(pics) > 0 || l.Wide
	share := 0.6
	if len(pics) > 0 && !l.Wide {
		share = 0.55
	}
	at := 0.0
	for i, v := range plots {
		f := 1.0
		if len(plots) == 2 {
			if v == sim.ViewLoss {
				f = share
			} else {
				f = 1 - share
			}
		}
		var r Rect
		if side {
			x1 := math.Floor(strip.W * (at + f))
			if i == len(plots)-1 {
				x1 = strip.W
			}
			r = Rect{strip.X + math.Floor(strip.W*at), strip.Y, x1 - math.Floor(strip.W*at), strip.H}
		} else {
			y1 := math.Floor(strip.H * (at + f))
			if i == len(plots)-1 {
				y1 = strip.H
			}
			r = Rect{strip.X, strip.Y + math.Floor(strip.H*at), strip.W, y1 - math.Floor(strip.H*at)}
		}
		at += f
		if v == sim.ViewLoss {
			l.Loss = r
		} else {
			l.Fit = r
		}
	}
	// The contour plot: a square leaving room for the title above and the
	// tick labels left and below.
	if c := l.Contour; c.W > 0 {
		ml, mr, mt, mb := px(46), px(14), px(24), px(36)
		side := math.Max(8, math.Min(c.W-ml-mr, c.H-mt-mb))
		l.ContourPlot = Rect{math.Round(c.X + ml + (c.W-ml-mr-side)/2), math.Round(c.Y + mt + (c.H-mt-mb-side)/2), math.Round(side), math.Round(side)}
	}
	if l.Loss.W > 0 {
		l.LossPlot = inset(l.Loss, px(52), px(14), px(24), px(30))
	}
	if l.Fit.W > 0 {
		l.FitPlot = inset(l.Fit, px(40), px(14), px(24), px(30))
	}
	return l
}

func inset(r Rect, left, right, top, bottom float64) Rect {
	w := math.Max(4, r.W-left-right)
	h := math.Max(4, r.H-top-bottom)
	return Rect{math.Round(r.X + left), math.Round(r.Y + top), math.Round(w), math.Round(h)}
}

func clamp(v, lo, hi float64) float64 {
	if hi < lo {
		return lo
	}
	return math.Max(lo, math.Min(hi, v))
}
