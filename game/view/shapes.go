package view

import (
	"math"
	"strconv"
	"unicode/utf8"

	"downhill/game/sim"
)

// Pen draws lines, discs and text from an atlas into a layer.
type Pen struct {
	L *Layer
	A *Atlas
	// Rec, when not nil, records every text drawn and its bounds (tests).
	Rec *[]DrawnText
	// Clip, when not empty, bounds the arrows and clipped lines drawn.
	Clip Rect
	// Lab, when not nil, takes every text drawn as a label of View.
	Lab  *Labels
	View sim.View
}

// NewPen returns a pen drawing into l from a, and points l's solid shapes
// at a's white block.
func NewPen(l *Layer, a *Atlas) Pen {
	l.SolidX, l.SolidY = a.SolidX, a.SolidY
	return Pen{L: l, A: a}
}

// record notes a text drawn from x with the font's line box at baseline y.
func (p Pen) record(text string, x, y, w float32, f *Font) {
	*p.Rec = append(*p.Rec, DrawnText{Text: text, Bounds: textBounds(x, y, w, f)})
}

// textBounds is the line box of a text drawn from x at baseline y, w wide.
func textBounds(x, y, w float32, f *Font) Rect {
	return Rect{float64(x), float64(y - f.Ascent), float64(w), float64(f.Ascent + f.Descent)}
}

// Line draws a segment of the given width (device pixels) with
// anti-aliased edges: a quad one pixel wider on each side, sampling the
// atlas's line profile across it.
func (p Pen) Line(x0, y0, x1, y1, width float32, c Color) {
	dx, dy := x1-x0, y1-y0
	n := float32(math.Hypot(float64(dx), float64(dy)))
	if n < 1e-6 || n != n {
		return
	}
	h := width/2 + 1
	nx, ny := -dy/n*h, dx/n*h
	// Extend the ends by half a pixel so joined segments overlap.
	ex, ey := dx/n*0.5, dy/n*0.5
	a := p.A
	p.segmentQuad(x0, y0, x1, y1, nx, ny, ex, ey, a.LineX+0.5, a.LineX+a.LineW-0.5, a.LineY, c)
}

// segmentQuad adds the quad of a segment from (x0, y0) to (x1, y1),
// widened by (nx, ny) to each side and extended by (ex, ey) at each end;
// its left side samples the atlas at (u0, v), its right side at (u1, v).
func (p Pen) segmentQuad(x0, y0, x1, y1, nx, ny, ex, ey, u0, u1, v float32, c Color) {
	b, i := p.L.Reserve(4)
	b.Verts = append(b.Verts,
		Vertex{DstX: x0 - ex + nx, DstY: y0 - ey + ny, SrcX: u0, SrcY: v, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x1 + ex + nx, DstY: y1 + ey + ny, SrcX: u0, SrcY: v, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x1 + ex - nx, DstY: y1 + ey - ny, SrcX: u1, SrcY: v, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x0 - ex - nx, DstY: y0 - ey - ny, SrcX: u1, SrcY: v, R: c.R, G: c.G, B: c.B, A: c.A},
	)
	b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
}

// Band draws a segment of the given width (device pixels) as a solid quad,
// without anti-aliased edges, its ends extended by half its width so that
// joined segments leave no notch: the rings under a trail (marks.go),
// whose colour must reach its full value across their whole width (an
// anti-aliased edge of a wide line is more than a pixel of blend).
func (p Pen) Band(x0, y0, x1, y1, width float32, c Color) {
	dx, dy := x1-x0, y1-y0
	n := float32(math.Hypot(float64(dx), float64(dy)))
	if n < 1e-6 || n != n {
		return
	}
	h := width / 2
	nx, ny := -dy/n*h, dx/n*h
	ex, ey := dx/n*h, dy/n*h
	p.segmentQuad(x0, y0, x1, y1, nx, ny, ex, ey, p.A.SolidX, p.A.SolidX, p.A.SolidY, c)
}

// Disc draws a filled anti-aliased disc of radius r (device pixels).
func (p Pen) Disc(x, y, r float32, c Color) {
	a := p.A
	// The sprite's disc fills its square; its AA edge is half a texel.
	s0x, s0y := a.DiscX, a.DiscY
	s1x, s1y := a.DiscX+a.DiscSize, a.DiscY+a.DiscSize
	b, i := p.L.Reserve(4)
	b.Verts = append(b.Verts,
		Vertex{DstX: x - r, DstY: y - r, SrcX: s0x, SrcY: s0y, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x + r, DstY: y - r, SrcX: s1x, SrcY: s0y, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x + r, DstY: y + r, SrcX: s1x, SrcY: s1y, R: c.R, G: c.G, B: c.B, A: c.A},
		Vertex{DstX: x - r, DstY: y + r, SrcX: s0x, SrcY: s1y, R: c.R, G: c.G, B: c.B, A: c.A},
	)
	b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
}

// Ring draws a disc of radius r with an outline of width w in colour o.
func (p Pen) Ring(x, y, r, w float32, fill, o Color) {
	p.Disc(x, y, r+w, o)
	p.Disc(x, y, r, fill)
}

// Align says where a text's anchor point is.
type Align uint8

// Horizontal anchors (combine one with a vertical one).
const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
	// Vertical: baseline by default; Middle centres on the x-height-ish
	// middle; Top puts the ascent at y.
	Baseline Align = 0
	Middle   Align = 4
	Top      Align = 8
	Bottom   Align = 12
)

// TextWidth returns the advance width of s in device pixels.
func (p Pen) TextWidth(s string, size Size) float32 {
	f := &p.A.Fonts[size]
	w := float32(0)
	for _, r := range s {
		if g, ok := f.Glyph(r); ok {
			w += g.Adv
		}
	}
	return w
}

// Text draws s with its anchor at (x, y) and returns its width. Glyphs land
// on whole pixels so they stay crisp.
func (p Pen) Text(x, y float32, s string, size Size, c Color, al Align) float32 {
	f := &p.A.Fonts[size]
	switch al & 3 {
	case Center:
		x -= p.TextWidth(s, size) / 2
	case Right:
		x -= p.TextWidth(s, size)
	}
	x, y = p.anchor(x, y, f, al)
	start := x
	for _, r := range s {
		x += p.glyph(x, y, f, r, c)
	}
	if p.Rec != nil {
		p.record(s, start, y, x-start, f)
	}
	if p.Lab != nil {
		p.Lab.addString(p.View, s, textBounds(start, y, x-start, f))
	}
	return x - start
}

// TextBytes is Text for UTF-8 in a byte slice (numbers formatted into a
// reused buffer), without converting it to a string, which would allocate.
func (p Pen) TextBytes(x, y float32, s []byte, size Size, c Color, al Align) float32 {
	f := &p.A.Fonts[size]
	if al&3 != Left {
		w := p.TextWidthBytes(s, size)
		if al&3 == Center {
			x -= w / 2
		} else {
			x -= w
		}
	}
	x, y = p.anchor(x, y, f, al)
	start := x
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		i += n
		x += p.glyph(x, y, f, r, c)
	}
	if p.Rec != nil {
		p.record(string(s), start, y, x-start, f)
	}
	if p.Lab != nil {
		p.Lab.addBytes(p.View, s, textBounds(start, y, x-start, f))
	}
	return x - start
}

func (p Pen) anchor(x, y float32, f *Font, al Align) (float32, float32) {
	switch al &^ 3 {
	case Middle:
		y += (f.Ascent - f.Descent) / 2
	case Top:
		y += f.Ascent
	case Bottom:
		y -= f.Descent
	}
	return float32(math.Round(float64(x))), float32(math.Round(float64(y)))
}

// glyph draws r with its pen at (x, y) and returns its advance.
func (p Pen) glyph(x, y float32, f *Font, r rune, c Color) float32 {
	g, ok := f.Glyph(r)
	if !ok {
		g, _ = f.Glyph('?')
	}
	if g.W > 0 {
		gx, gy := x+g.OX, y+g.OY
		b, i := p.L.Reserve(4)
		b.Verts = append(b.Verts,
			Vertex{DstX: gx, DstY: gy, SrcX: g.SX, SrcY: g.SY, R: c.R, G: c.G, B: c.B, A: c.A},
			Vertex{DstX: gx + g.W, DstY: gy, SrcX: g.SX + g.W, SrcY: g.SY, R: c.R, G: c.G, B: c.B, A: c.A},
			Vertex{DstX: gx + g.W, DstY: gy + g.H, SrcX: g.SX + g.W, SrcY: g.SY + g.H, R: c.R, G: c.G, B: c.B, A: c.A},
			Vertex{DstX: gx, DstY: gy + g.H, SrcX: g.SX, SrcY: g.SY + g.H, R: c.R, G: c.G, B: c.B, A: c.A},
		)
		b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
	}
	return g.Adv
}

// NoNumber is what AppendNum writes for NaN or an infinity: the text path
// refuses to put a non-finite number on the screen.
const NoNumber = "—"

// AppendNum formats v compactly for a label: at most digits significant
// digits, without trailing zeros; in exponent form ("1.5e-5") only when
// very small or very large. Every number drawn goes through it; NaN and the
// infinities come out as NoNumber.
func AppendNum(dst []byte, v float64, digits int) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		// Nothing non-finite reaches the screen: where a number cannot
		// be, a dash.
		return append(dst, NoNumber...)
	}
	if v == 0 {
		return append(dst, '0')
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e6 {
		// Round to the significant digits, then print without exponent.
		e := int(math.Floor(math.Log10(a)))
		dec := max(digits-1-e, 0)
		return strconv.AppendFloat(dst, roundTo(v, dec), 'f', -1, 64)
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, v, 'e', digits-1, 64)
	// Trim "1.500e-05" to "1.5e-5".
	m := dst[n:]
	ei := -1
	for i, c := range m {
		if c == 'e' {
			ei = i
		}
	}
	mant, exp := m[:ei], m[ei+1:]
	if j := len(mant); j > 0 {
		for j > 0 && mant[j-1] == '0' && containsDot(mant) {
			j--
		}
		if j > 0 && mant[j-1] == '.' {
			j--
		}
		mant = mant[:j]
	}
	var buf [24]byte
	out := append(buf[:0], mant...)
	out = append(out, 'e')
	if exp[0] == '-' {
		out = append(out, '-')
	}
	exp = exp[1:]
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	out = append(out, exp...)
	return append(dst[:n], out...)
}

func containsDot(b []byte) bool {
	for _, c := range b {
		if c == '.' {
			return true
		}
	}
	return false
}

func roundTo(v float64, dec int) float64 {
	p := math.Pow(10, float64(dec))
	return math.Round(v*p) / p
}

// TextWidthBytes is TextWidth for UTF-8 in a byte slice.
func (p Pen) TextWidthBytes(s []byte, size Size) float32 {
	f := &p.A.Fonts[size]
	w := float32(0)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRune(s[i:])
		i += n
		if g, ok := f.Glyph(r); ok {
			w += g.Adv
		}
	}
	return w
}

// Circle draws the outline of a circle of radius r with a line of width w.
func (p Pen) Circle(x, y, r, w float32, c Color) {
	const n = 24
	px, py := x+r, y
	for k := 1; k <= n; k++ {
		a := float64(k) * 2 * math.Pi / n
		qx, qy := x+r*float32(math.Cos(a)), y+r*float32(math.Sin(a))
		p.Line(px, py, qx, qy, w, c)
		px, py = qx, qy
	}
}

// Sprite draws the atlas square of side size at (sx, sy) as a quad of
// half-width h centred on (x, y), untinted.
func (p Pen) Sprite(x, y, h, sx, sy, size float32) {
	b, i := p.L.Reserve(4)
	b.Verts = append(b.Verts,
		Vertex{DstX: x - h, DstY: y - h, SrcX: sx, SrcY: sy, R: 1, G: 1, B: 1, A: 1},
		Vertex{DstX: x + h, DstY: y - h, SrcX: sx + size, SrcY: sy, R: 1, G: 1, B: 1, A: 1},
		Vertex{DstX: x + h, DstY: y + h, SrcX: sx + size, SrcY: sy + size, R: 1, G: 1, B: 1, A: 1},
		Vertex{DstX: x - h, DstY: y + h, SrcX: sx, SrcY: sy + size, R: 1, G: 1, B: 1, A: 1},
	)
	b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
}
