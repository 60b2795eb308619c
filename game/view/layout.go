package view

import "math"

// Layout places the views on the canvas. All rectangles are in device
// pixels; Scale is device pixels per CSS pixel.
type Layout struct {
	W, H, Scale float64
	Wide        bool
	// Panels: the 3D surface, the contour map, the loss curve and the
	// data fit (empty when the surface has no data).
	Surface, Contour, Loss, Fit Rect
	// Plot areas inside the panels (axes drawn around them). ContourPlot is
	// square, so w and b have the same scale.
	ContourPlot, LossPlot, FitPlot Rect
}

// NewLayout lays out a w x h canvas at the given scale: on a wide screen
// the 3D view and the contour map side by side with the loss curve and the
// fit below; on a narrow one (a phone) everything stacked.
func NewLayout(w, h, scale float64, fit bool) Layout {
	if scale <= 0 {
		scale = 1
	}
	l := Layout{W: w, H: h, Scale: scale}
	cssW, cssH := w/scale, h/scale
	l.Wide = cssW >= 640 && cssW >= cssH*1.05
	px := func(css float64) float64 { return css * scale }
	if l.Wide {
		bottom := math.Round(clamp(h*0.3, px(130), px(280)))
		top := h - bottom
		l.Surface = Rect{0, 0, math.Floor(w / 2), top}
		l.Contour = Rect{l.Surface.W, 0, w - l.Surface.W, top}
		if fit {
			lw := math.Floor(w * 0.6)
			l.Loss = Rect{0, top, lw, bottom}
			l.Fit = Rect{lw, top, w - lw, bottom}
		} else {
			l.Loss = Rect{0, top, w, bottom}
		}
	} else {
		bottom := math.Round(clamp(h*0.22, px(110), px(200)))
		each := math.Floor((h - bottom) / 2)
		l.Surface = Rect{0, 0, w, each}
		l.Contour = Rect{0, each, w, each}
		top := 2 * each
		bottom = h - top
		if fit {
			lw := math.Floor(w * 0.55)
			l.Loss = Rect{0, top, lw, bottom}
			l.Fit = Rect{lw, top, w - lw, bottom}
		} else {
			l.Loss = Rect{0, top, w, bottom}
		}
	}
	// The contour plot: a square leaving room for the title above and the
	// tick labels left and below.
	ml, mr, mt, mb := px(46), px(14), px(24), px(36)
	c := l.Contour
	side := math.Max(8, math.Min(c.W-ml-mr, c.H-mt-mb))
	l.ContourPlot = Rect{math.Round(c.X + ml + (c.W-ml-mr-side)/2), math.Round(c.Y + mt + (c.H-mt-mb-side)/2), math.Round(side), math.Round(side)}
	l.LossPlot = inset(l.Loss, px(52), px(14), px(24), px(30))
	if fit {
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
