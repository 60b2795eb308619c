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

// pen returns a pen drawing into l.
func (s *Scene) pen(l *Layer) Pen { return Pen{L: l, A: s.atlas, Rec: s.texts} }

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

// textIn draws text anchored at (x, y) only if all of it lies inside r: a
// label that would spill out of its view is left out.
func (s *Scene) textIn(pen Pen, r Rect, x, y float32, text []byte, size Size, c Color, al Align) {
	f := &s.atlas.Fonts[size]
	w := pen.TextWidthBytes(text, size)
	x0 := x
	switch al & 3 {
	case Center:
		x0 -= w / 2
	case Right:
		x0 -= w
	}
	var top float32
	switch al &^ 3 {
	case Middle:
		top = y - (f.Ascent+f.Descent)/2
	case Top:
		top = y
	case Bottom:
		top = y - f.Ascent - f.Descent
	default:
		top = y - f.Ascent
	}
	if float64(x0) < r.X || float64(x0+w) > r.X+r.W || float64(top) < r.Y || float64(top+f.Ascent+f.Descent) > r.Y+r.H {
		return
	}
	pen.TextBytes(x, y, text, size, c, al)
}

// plotAxes draws a frame around p with ticks and tick labels for x in
// [x0, x1] and y in [y0, y1] (logX, logY: the values are log10 of the
// label), labels kept inside the region r.
func (s *Scene) plotAxes(pen Pen, r, p Rect, x0, x1, y0, y1 float64, logX, logY bool) {
	l, t, rt, b := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
	pen.Line(l, b, rt, b, s.px(1), axisColor)
	pen.Line(l, t, l, b, s.px(1), axisColor)
	pen.Line(l, t, rt, t, s.px(1), axisColor.WithAlpha(0.35))
	pen.Line(rt, t, rt, b, s.px(1), axisColor.WithAlpha(0.35))
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
		s.textIn(pen, r, x, b+s.px(6), s.num, Small, axisColor, Center|Top)
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
			pen.Line(l, y, rt, y, s.px(1), gridColor)
		}
		s.num = s.num[:0]
		if logY {
			s.num = append(s.num, "1e"...)
			s.num = AppendNum(s.num, v, 3)
		} else {
			s.num = AppendNum(s.num, v, 4)
		}
		if !s.noYLabels {
			s.textIn(pen, r, l-s.px(6), y, s.num, Small, axisColor, Right|Middle)
		}
	}
}
