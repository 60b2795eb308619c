package view

import (
	"math"
	"strings"
)

// The chrome every region shares: sizes in CSS pixels, titles that fit,
// text that stays inside its view, and plot axes.

// px converts CSS pixels to device pixels at the atlas's scale (larger
// when presenting).
func (s *Scene) px(css float64) float32 { return float32(css * s.atlas.Scale) }

// pen returns a pen drawing into l, its texts labels of the region whose
// chrome l is (the overlay's say their view with Pen.View).
func (s *Scene) pen(l *Layer) Pen {
	p := Pen{L: l, A: s.atlas, Rec: s.texts}
	if l == &s.Overlay {
		p.Lab, p.View = &s.overlayLabels, CanvasLabel
	}
	for _, r := range [...]*region{&s.d3.region, &s.cmap.region, &s.loss.region, &s.fit.region} {
		if l == &r.static {
			p.Lab, p.View = &r.labels, r.view
		}
	}
	return p
}

// counterSample is as wide as the loss panel's step counter usually gets:
// a title leaves room for it.
const counterSample = "momentum  step 2000  epoch 2000  L 1.234e-5"

// title draws the first of the titles that fits in the region's top row
// with reserve pixels left over (a shorter one, or the last one cut at a
// word, never mid-word), and returns its width.
func (s *Scene) title(pen Pen, r Rect, reserve float32, titles ...string) float32 {
	room := float32(r.W) - s.px(20)
	pick := ""
	for _, t := range titles {
		if t == "" {
			continue
		}
		pick = t
		if pen.TextWidth(t, Normal)+reserve <= room {
			break
		}
	}
	// The last resort: drop words from the end.
	for pick != "" && pen.TextWidth(pick, Normal) > room {
		i := strings.LastIndexByte(pick, ' ')
		if i < 0 {
			pick = ""
			break
		}
		pick = strings.TrimRight(pick[:i], " ·:,")
	}
	if pick == "" {
		return 0
	}
	return pen.Text(float32(r.X)+s.px(10), float32(r.Y)+s.px(5), pick, Normal, textColor, Left|Top)
}

// textIn draws text anchored at (x, y) only if all of it lies inside r and
// clear of every label of its view drawn before it: a label that would
// spill out of its view or cover another is left out. It reports whether
// it drew.
func (s *Scene) textIn(pen Pen, r Rect, x, y float32, text []byte, size Size, c Color, al Align) bool {
	b := s.textRect(pen, x, y, text, size, al)
	if b.X < r.X || b.X+b.W > r.X+r.W || b.Y < r.Y || b.Y+b.H > r.Y+r.H || !s.free(pen, b) {
		return false
	}
	pen.TextBytes(x, y, text, size, c, al)
	return true
}

// textRect returns the line box text would take anchored at (x, y), as
// the pen draws it (on whole pixels).
func (s *Scene) textRect(pen Pen, x, y float32, text []byte, size Size, al Align) Rect {
	f := &s.atlas.Fonts[size]
	w := pen.TextWidthBytes(text, size)
	switch al & 3 {
	case Center:
		x -= w / 2
	case Right:
		x -= w
	}
	x, y = pen.anchor(x, y, f, al)
	return textBounds(x, y, w, f)
}

// free reports whether a label at r would be clear of the labels of its
// view drawn so far (for the overlay's, its view's chrome too), with a gap
// beside them: two numbers touching end to end read as one.
func (s *Scene) free(pen Pen, r Rect) bool {
	if pen.Lab == nil {
		return true
	}
	g := float64(s.px(2))
	r = Rect{r.X - g, r.Y, r.W + 2*g, r.H}
	if pen.Lab.hits(pen.View, r) {
		return false
	}
	if pen.Lab == &s.overlayLabels {
		for _, rg := range [...]*region{&s.d3.region, &s.cmap.region, &s.loss.region, &s.fit.region} {
			if rg.view == pen.View && rg.labels.hits(pen.View, r) {
				return false
			}
		}
	}
	return true
}

// plotAxes draws a frame around p with ticks and tick labels for x in
// [x0, x1] and y in [y0, y1] (logX, logY: the values are log10 of the
// label), labels kept inside the region r. Each axis gets as many ticks as
// its labels hold apart: fewer, further apart, where they would crowd.
// It returns the bottom of the x labels and the left of the y labels, for
// the axis names.
func (s *Scene) plotAxes(pen Pen, r, p Rect, x0, x1, y0, y1 float64, logX, logY bool) (bottom, left float32) {
	l, t, rt, b := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
	pen.Line(l, b, rt, b, s.px(1), axisColor)
	pen.Line(l, t, l, b, s.px(1), axisColor)
	pen.Line(l, t, rt, t, s.px(1), axisColor.WithAlpha(0.35))
	pen.Line(rt, t, rt, b, s.px(1), axisColor.WithAlpha(0.35))
	var xbuf, ybuf [32]float64
	// Three ticks at least to start with (a small map showed just "0"
	// on each axis); fewer where their labels would crowd.
	nx := int(math.Max(3, p.W/float64(s.px(70))))
	ny := int(math.Max(3, p.H/float64(s.px(34))))
	if s.squareAxes {
		nx = int(math.Max(3, p.W/float64(s.px(48))))
		ny = nx
	}
	var xt, yt []float64
	// A y label at the top of the plot comes down to stay below the
	// title row (it would be left out there).
	f := &s.atlas.Fonts[Small]
	ylabel := func(y float32) float32 { return max(y, t+(f.Ascent+f.Descent)/2-s.px(3)) }
	for {
		xt = axisTicks(x0, x1, nx, logX, xbuf[:0])
		xOK := s.ticksApart(pen, xt, logX, func(v float64) (float32, float32, Align) {
			return float32(p.X + (v-x0)/(x1-x0)*p.W), b + s.px(5), Center | Top
		})
		if !xOK && nx > 2 {
			nx--
			if s.squareAxes {
				ny = nx // equal scales, the same ticks
			}
			continue
		}
		yt = axisTicks(y0, y1, ny, logY, ybuf[:0])
		yOK := s.ticksApart(pen, yt, logY, func(v float64) (float32, float32, Align) {
			return l - s.px(6), ylabel(float32(p.Y + (y1-v)/(y1-y0)*p.H)), Right | Middle
		})
		if !yOK && ny > 2 {
			ny--
			if s.squareAxes {
				nx = ny
			}
			continue
		}
		break
	}
	bottom, left = b, l
	for _, v := range xt {
		x := float32(p.X + (v-x0)/(x1-x0)*p.W)
		pen.Line(x, b, x, b+s.px(4), s.px(1), axisColor)
		s.tickText(v, logX)
		if s.textIn(pen, r, x, b+s.px(5), s.num, Small, axisColor, Center|Top) {
			rr := s.textRect(pen, x, b+s.px(5), s.num, Small, Center|Top)
			bottom = max(bottom, float32(rr.Y+rr.H))
		}
	}
	for _, v := range yt {
		y := float32(p.Y + (y1-v)/(y1-y0)*p.H)
		pen.Line(l-s.px(4), y, l, y, s.px(1), axisColor)
		if !s.squareAxes {
			pen.Line(l, y, rt, y, s.px(1), gridColor)
		}
		s.tickText(v, logY)
		if !s.noYLabels && s.textIn(pen, r, l-s.px(6), ylabel(y), s.num, Small, axisColor, Right|Middle) {
			left = min(left, float32(s.textRect(pen, l-s.px(6), ylabel(y), s.num, Small, Right|Middle).X))
		}
	}
	return bottom, left
}

// axisTicks returns about n nice values in [lo, hi]; on a log axis (the
// values are log10 of the labels), whole decades, every k-th.
func axisTicks(lo, hi float64, n int, log bool, dst []float64) []float64 {
	if !log {
		return NiceTicks(lo, hi, n, dst)
	}
	dst = dst[:0]
	step := math.Max(1, math.Ceil((hi-lo)/float64(max(n, 1))))
	for d := math.Ceil(lo); d <= hi+1e-9 && len(dst) < cap(dst); d += step {
		dst = append(dst, d)
	}
	return dst
}

// tickText writes a tick's label into s.num.
func (s *Scene) tickText(v float64, log bool) {
	s.num = s.num[:0]
	if log {
		s.num = append(s.num, "1e"...)
		s.num = AppendNum(s.num, v, 3)
	} else {
		s.num = AppendNum(s.num, v, 4)
	}
}

// ticksApart reports whether the labels of the ticks vs, anchored where at
// says, keep a gap between neighbours.
func (s *Scene) ticksApart(pen Pen, vs []float64, log bool, at func(v float64) (float32, float32, Align)) bool {
	var prev Rect
	g := float64(s.px(4))
	for i, v := range vs {
		s.tickText(v, log)
		x, y, al := at(v)
		r := s.textRect(pen, x, y, s.num, Small, al)
		r = Rect{r.X - g/2, r.Y - g/4, r.W + g, r.H + g/2}
		if i > 0 && overlaps(r, prev) {
			return false
		}
		prev = r
	}
	return true
}
