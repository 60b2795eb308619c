package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
)

// Arrow draws a line from (x0, y0) to (x1, y1) with an arrowhead at the end,
// clipped to the pen's Clip when it has one (no head when the tip is
// outside).
func (p Pen) Arrow(x0, y0, x1, y1, width float32, c Color) {
	dx, dy := x1-x0, y1-y0
	n := float32(math.Hypot(float64(dx), float64(dy)))
	if n < 1e-3 || n != n {
		return
	}
	ux, uy := dx/n, dy/n
	head := min(n*0.45, width*4+4)
	bx, by := x1-ux*head, y1-uy*head
	ex, ey := bx+ux*head*0.3, by+uy*head*0.3
	if p.Clip.W > 0 {
		a, b, c2, d, ok := clipSegment(float64(x0), float64(y0), float64(ex), float64(ey), p.Clip)
		if !ok {
			return
		}
		x0, y0, ex, ey = float32(a), float32(b), float32(c2), float32(d)
		if !p.Clip.Contains(float64(x1), float64(y1)) {
			p.Line(x0, y0, ex, ey, width, c)
			return
		}
	}
	p.Line(x0, y0, ex, ey, width, c)
	h := head * 0.55
	p.L.Tri(x1, y1, bx-uy*h, by+ux*h, bx+uy*h, by-ux*h, c, c, c)
}

// Step-mode colours.
var (
	gradColor    = Color{1, 1, 1, 0.95}
	historyColor = RGB(0xff, 0xa6, 0x2b)
	ghostColor   = Color{1, 1, 1, 0.9}
	rectColor    = RGB(0x7f, 0xe0, 0xc6)
)

// drawStep shows, while the world is paused, what the selected ball's last
// update did, on the contour map: the gradient where it was taken, the
// update applied, momentum's history, NAG's look-ahead (a ghost ball), the
// adaptive rules' per-coordinate learning rates (a rectangle's sides) and
// FitCurveColor is the colour the fit plot draws a ball's model curve in
// (rgbOrLight), as the page's pixels show it.
func FitCurveColor(c sim.RGB) sim.RGB {
	l := rgbOrLight(c)
	return sim.RGB{uint8(l.R*255 + 0.5), uint8(l.G*255 + 0.5), uint8(l.B*255 + 0.5)}
}

// line search's candidates; and a readout of the step's numbers.
func (s *Scene) drawStep(wd *sim.World, pen Pen) {
	if !wd.Paused {
		return
	}
	b := wd.Ball(wd.Selected)
	if b == nil || b.Last.T == 0 {
		return
	}
	r := &b.Last
	p := s.layout.ContourPlot
	if p.W <= 0 {
		return
	}
	fx, fy := s.ToContour(r.From[0], r.From[1])

	// Magnify the arrows by a power of ten when the update is too short to
	// see, but never so much that the longest arrow leaves the map; the
	// readout says so. Everything is clipped to the map besides.
	long := func(v optim.Vec) float64 {
		x, y := s.ToContour(v[0], v[1])
		return math.Hypot(x-fx, y-fy)
	}
	length := long(r.To)
	longest := math.Max(length, math.Max(long(r.From.Sub(r.Grad.Scale(r.LR))), long(r.At)))
	if b.Cfg.Rule == optim.Momentum || b.Cfg.Rule == optim.NAG {
		longest = math.Max(longest, long(r.From.Sub(r.Upd.Sub(r.Grad.Scale(r.LR)))))
	}
	mag := 1.0
	for length*mag < float64(s.px(28)) && mag < 1e6 && length > 0 && longest*mag*10 <= 0.45*p.W {
		mag *= 10
	}
	at := func(v optim.Vec) (float32, float32) {
		// v magnified about From.
		x, y := s.ToContour(r.From[0]+(v[0]-r.From[0])*mag, r.From[1]+(v[1]-r.From[1])*mag)
		return float32(x), float32(y)
	}
	pen.Clip = p
	w := s.px(1.8)
	gx, gy := float32(fx), float32(fy)
	switch b.Cfg.Rule {
	case optim.Momentum, optim.NAG:
		// update_t = gamma*update_{t-1} + eta*g: history first, then the
		// gradient step, tip to tail.
		hist := r.Upd.Sub(r.Grad.Scale(r.LR))
		mid := r.From.Sub(hist)
		mx, my := at(mid)
		pen.Arrow(gx, gy, mx, my, w, historyColor)
		tx, ty := at(r.To)
		pen.Arrow(mx, my, tx, ty, w, gradColor)
		if b.Cfg.Rule == optim.NAG {
			// The look-ahead point, where NAG took its gradient.
			ax, ay := at(r.At)
			if p.Contains(float64(ax), float64(ay)) {
				pen.Circle(ax, ay, s.px(BallRadius), s.px(1.5), ghostColor)
				s.num = append(s.num[:0], "look-ahead"...)
				s.textIn(pen, p, ax+s.px(9), ay, s.num, Small, ghostColor, Left|Middle)
			}
		}
	case optim.LineSearch:
		for k := 0; k < r.NCands; k++ {
			c := r.From.Sub(r.Grad.Scale(r.Cands[k].Eta))
			cx, cy := s.ToContour(c[0], c[1])
			if !p.Contains(cx, cy) {
				continue
			}
			col := Color{1, 1, 1, 0.7}
			rad := s.px(3)
			if k == r.Chosen {
				col, rad = white, s.px(4.5)
			}
			pen.Ring(float32(cx), float32(cy), rad, s.px(1), col, outlineDark)
			s.num = append(s.num[:0], "η "...)
			s.num = AppendNum(s.num, r.Cands[k].Eta, 3)
			s.num = append(s.num, ": "...)
			s.num = AppendNum(s.num, r.Cands[k].Loss, 3)
			s.textIn(pen, p, float32(cx)+s.px(7), float32(cy), s.num, Small, col, Left|Middle)
		}
		tx, ty := at(r.To)
		pen.Arrow(gx, gy, tx, ty, w, rgbOrLight(b.Color))
	default:
		// The plain gradient step from the same point, then the update
		// actually taken (they differ for adaptive rules and Newton).
		g := r.From.Sub(r.Grad.Scale(r.LR))
		if b.Cfg.Rule == optim.Newton {
			g = r.From.Sub(r.Grad)
		}
		hx, hy := at(g)
		pen.Arrow(gx, gy, hx, hy, s.px(1.2), gradColor.WithAlpha(0.6))
		tx, ty := at(r.To)
		pen.Arrow(gx, gy, tx, ty, w, rgbOrLight(b.Color))
		if isAdaptive(b.Cfg.Rule) && r.EffLR[0] > 0 && r.EffLR[1] > 0 {
			// A rectangle whose sides are the per-coordinate learning rates.
			m := math.Max(r.EffLR[0], r.EffLR[1])
			hw := float32(r.EffLR[0]/m) * s.px(22)
			hh := float32(r.EffLR[1]/m) * s.px(22)
			c := rectColor
			pen.ClippedLine(gx-hw, gy-hh, gx+hw, gy-hh, s.px(1.2), c)
			pen.ClippedLine(gx+hw, gy-hh, gx+hw, gy+hh, s.px(1.2), c)
			pen.ClippedLine(gx+hw, gy+hh, gx-hw, gy+hh, s.px(1.2), c)
			pen.ClippedLine(gx-hw, gy+hh, gx-hw, gy-hh, s.px(1.2), c)
		}
	}
	s.readout(wd, b, mag, pen)
}

func isAdaptive(r optim.Rule) bool {
	switch r {
	case optim.Adagrad, optim.RMSProp, optim.Adam, optim.NAdam, optim.AMSGrad:
		return true
	}
	return false
}

func rgbOrLight(c sim.RGB) Color {
	if c == (sim.RGB{}) {
		return Color{0.85, 0.85, 0.88, 1}
	}
	return onChrome(c)
}

// ClippedLine is Line clipped to the pen's Clip (when it has one).
func (p Pen) ClippedLine(x0, y0, x1, y1, width float32, c Color) {
	if p.Clip.W > 0 {
		a, b, c2, d, ok := clipSegment(float64(x0), float64(y0), float64(x1), float64(y1), p.Clip)
		if !ok {
			return
		}
		x0, y0, x1, y1 = float32(a), float32(b), float32(c2), float32(d)
	}
	p.Line(x0, y0, x1, y1, width, c)
}

// readout lists the numbers of the step, as the lecture's derivations do,
// in a box at the contour map's lower left.
func (s *Scene) readout(wd *sim.World, b *sim.Ball, mag float64, pen Pen) {
	r := &b.Last
	// Lines are built into reused buffers: no allocation per frame. The
	// ranks say what a smaller box keeps: the step, the update and the
	// magnification first, then what the adaptive rules add (the
	// bias-corrected moments before the effective rates), then where the
	// step started and its gradient.
	s.lines, s.lineRank = s.lines[:0], s.lineRank[:0]
	l := s.line(0)
	*l = append(*l, b.Cfg.Rule.String()...)
	*l = append(*l, "  step "...)
	*l = AppendNum(*l, float64(r.T), 10)
	*l = append(*l, "  epoch "...)
	*l = AppendNum(*l, float64(r.Epoch+1), 10) // counted from 1, as the lecture does
	*l = append(*l, "  η "...)
	*l = AppendNum(*l, r.LR, 4)
	if b.Cfg.Rule == optim.Momentum || b.Cfg.Rule == optim.NAG {
		*l = append(*l, "  γ "...)
		*l = AppendNum(*l, r.Gamma, 4)
	}
	if pen.TextWidthBytes(*l, Small) > s.boxRoom() {
		// A small map: the rule and the step, which every line after
		// refers to.
		*l = append((*l)[:0], b.Cfg.Rule.String()...)
		*l = append(*l, "  step "...)
		*l = AppendNum(*l, float64(r.T), 10)
	}
	l = s.line(6)
	*l = append(*l, "from w "...)
	*l = AppendNum(*l, r.From[0], 5)
	*l = append(*l, ", b "...)
	*l = AppendNum(*l, r.From[1], 5)
	l = s.line(5)
	*l = append(*l, "gradient at "...)
	if r.At != r.From {
		*l = append(*l, "look-ahead ("...)
		*l = AppendNum(*l, r.At[0], 4)
		*l = append(*l, ", "...)
		*l = AppendNum(*l, r.At[1], 4)
		*l = append(*l, ")"...)
	} else {
		*l = append(*l, "w, b"...)
	}
	*l = append(*l, ": dw "...)
	*l = AppendNum(*l, r.Grad[0], 4)
	*l = append(*l, ", db "...)
	*l = AppendNum(*l, r.Grad[1], 4)
	l = s.line(1)
	*l = append(*l, "update: Δw "...)
	*l = AppendNum(*l, -r.Upd[0], 4)
	*l = append(*l, ", Δb "...)
	*l = AppendNum(*l, -r.Upd[1], 4)
	if isAdaptive(b.Cfg.Rule) {
		l = s.line(4)
		*l = append(*l, "m "...)
		*l = AppendNum(*l, r.M[0], 3)
		*l = append(*l, ", "...)
		*l = AppendNum(*l, r.M[1], 3)
		*l = append(*l, "   v "...)
		*l = AppendNum(*l, r.V[0], 3)
		*l = append(*l, ", "...)
		*l = AppendNum(*l, r.V[1], 3)
		if r.MHat != r.M || r.VHat != r.V {
			l = s.line(2)
			*l = append(*l, "corrected m "...)
			*l = AppendNum(*l, r.MHat[0], 3)
			*l = append(*l, ", "...)
			*l = AppendNum(*l, r.MHat[1], 3)
			*l = append(*l, "   v "...)
			*l = AppendNum(*l, r.VHat[0], 3)
			*l = append(*l, ", "...)
			*l = AppendNum(*l, r.VHat[1], 3)
		}
		l = s.line(3)
		*l = append(*l, "η_eff: w "...)
		*l = AppendNum(*l, r.EffLR[0], 3)
		*l = append(*l, ", b "...)
		*l = AppendNum(*l, r.EffLR[1], 3)
	}
	if mag > 1 {
		l = s.line(1)
		*l = append(*l, "arrows drawn ×"...)
		*l = AppendNum(*l, mag, 7)
	}
	s.keepLines()

	s.textBox(pen, s.lines, wd)
}

// line starts a new line of a text box (s.lines), in a buffer kept from
// earlier frames: text boxes allocate nothing once grown. Append to the
// line through the pointer returned. A box too large for the map leaves
// out the lines of the highest rank first (0: always kept).
func (s *Scene) line(rank uint8) *[]byte {
	s.lineRank = append(s.lineRank, rank)
	s.lines = append(s.lines, nil)
	k := len(s.lines) - 1
	if k < len(s.lineBufs) {
		s.lines[k] = s.lineBufs[k][:0]
	}
	return &s.lines[k]
}

// keepLines keeps the lines' (grown) buffers for the next frame.
func (s *Scene) keepLines() {
	for len(s.lineBufs) < len(s.lines) {
		s.lineBufs = append(s.lineBufs, nil)
	}
	copy(s.lineBufs, s.lines)
}
