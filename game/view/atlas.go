package view

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Atlas is the one source image every solid shape, line, ball and glyph is
// drawn from, so a whole layer is one DrawTriangles call. It is built in
// plain Go (an *image.RGBA the adapter uploads once) and knows where each
// sprite and glyph lies in it.
type Atlas struct {
	Img *image.RGBA
	// SolidX, SolidY: centre of an opaque white block.
	SolidX, SolidY float32
	// Disc: a white anti-aliased disc inscribed in the square at DiscX,
	// DiscY of side DiscSize (texels).
	DiscX, DiscY, DiscSize float32
	// Line: a strip LineW texels wide whose alpha ramps up over the first
	// quarter and down over the last; sampled across a line's width it
	// gives a line anti-aliased edges.
	LineX, LineY, LineW float32
	Fonts               [NumSizes]Font
	// Scale is the device pixels per CSS pixel the glyphs were made for.
	Scale float64
}

// Size names a text size.
type Size uint8

// Text sizes, in CSS pixels 11, 13 and 16.
const (
	Small Size = iota
	Normal
	Large
	NumSizes
)

var sizePx = [NumSizes]float64{11, 13, 16}

// Glyph is one character's place in the atlas and its metrics, in device
// pixels: the bitmap's offset from the pen position on the baseline and the
// advance to the next pen position.
type Glyph struct {
	SX, SY, W, H float32 // source rectangle
	OX, OY       float32 // bitmap top-left relative to the pen
	Adv          float32
}

// Font is one size's glyphs.
type Font struct {
	ascii   [128]Glyph
	runes   []rune
	extra   []Glyph
	Ascent  float32
	Descent float32
	Height  float32
}

// Extra characters beyond ASCII the labels and readouts use.
const extraRunes = "ηγβεθσ·×²−→≤≥∞…°√∇Δ"

// Glyph returns the glyph of r, and false if the atlas lacks it.
func (f *Font) Glyph(r rune) (Glyph, bool) {
	if r >= 0 && r < 128 {
		g := f.ascii[r]
		return g, g.Adv > 0
	}
	for i, x := range f.runes {
		if x == r {
			return f.extra[i], true
		}
	}
	return Glyph{}, false
}

// NewAtlas rasterizes the sprites and the Go Regular font at the three text
// sizes for scale device pixels per CSS pixel.
func NewAtlas(scale float64) (*Atlas, error) {
	if scale < 1 {
		scale = 1
	}
	ft, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	a := &Atlas{Scale: scale}
	var faces [NumSizes]font.Face
	for s := range faces {
		faces[s], err = opentype.NewFace(ft, &opentype.FaceOptions{Size: sizePx[s] * scale, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, err
		}
	}
	// Shelf packing: measure, then place.
	const width = 1024
	disc := int(64 * scale)
	type item struct {
		size   Size
		r      rune
		bounds image.Rectangle
		adv    fixed.Int26_6
	}
	var items []item
	for s := Size(0); s < NumSizes; s++ {
		add := func(r rune) {
			b, adv, ok := faces[s].GlyphBounds(r)
			if !ok {
				return
			}
			rect := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
			items = append(items, item{s, r, rect, adv})
		}
		for r := rune(32); r < 127; r++ {
			add(r)
		}
		for _, r := range extraRunes {
			add(r)
		}
	}
	// Sprites take the first shelf.
	x, y, shelf := disc+2+16+2+16+2, 0, disc+2
	type placed struct {
		item
		x, y int
	}
	var places []placed
	for _, it := range items {
		w, h := it.bounds.Dx()+2, it.bounds.Dy()+2
		if x+w > width {
			x, y, shelf = 0, y+shelf, 0
		}
		places = append(places, placed{it, x, y})
		x += w
		if h > shelf {
			shelf = h
		}
	}
	height := 1
	for height < y+shelf {
		height *= 2
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	a.Img = img

	// Sprites: disc, solid block, line profile.
	a.DiscX, a.DiscY, a.DiscSize = 1, 1, float32(disc-2)
	r := float64(disc-2) / 2
	for j := 0; j < disc-2; j++ {
		for i := 0; i < disc-2; i++ {
			d := math.Hypot(float64(i)+0.5-r, float64(j)+0.5-r)
			al := math.Max(0, math.Min(1, r-d+0.5))
			if al > 0 {
				v := uint8(al*255 + 0.5)
				img.SetRGBA(1+i, 1+j, color.RGBA{v, v, v, v})
			}
		}
	}
	bx := disc + 2
	draw.Draw(img, image.Rect(bx, 0, bx+16, 16), image.White, image.Point{}, draw.Src)
	a.SolidX, a.SolidY = float32(bx+8), 8
	lx := bx + 18
	for i := 0; i < 16; i++ {
		al := math.Min(1, math.Min(float64(i)+0.5, 15.5-float64(i))/4)
		v := uint8(al*255 + 0.5)
		for j := 0; j < 16; j++ {
			img.SetRGBA(lx+i, j, color.RGBA{v, v, v, v})
		}
	}
	a.LineX, a.LineY, a.LineW = float32(lx), 8, 16

	for s := Size(0); s < NumSizes; s++ {
		m := faces[s].Metrics()
		f := &a.Fonts[s]
		f.Ascent = float32(m.Ascent.Ceil())
		f.Descent = float32(m.Descent.Ceil())
		f.Height = float32(m.Height.Ceil())
	}
	for _, p := range places {
		f := &a.Fonts[p.size]
		// Draw the glyph with its top-left at (p.x+1, p.y+1).
		dot := fixed.P(p.x+1-p.bounds.Min.X, p.y+1-p.bounds.Min.Y)
		dr, mask, mp, _, ok := faces[p.size].Glyph(dot, p.r)
		if ok {
			draw.DrawMask(img, dr, image.White, image.Point{}, mask, mp, draw.Over)
		}
		g := Glyph{
			SX: float32(p.x + 1), SY: float32(p.y + 1),
			W: float32(p.bounds.Dx()), H: float32(p.bounds.Dy()),
			OX: float32(p.bounds.Min.X), OY: float32(p.bounds.Min.Y),
			Adv: float32(p.adv) / 64,
		}
		if p.r < 128 {
			f.ascii[p.r] = g
		} else {
			f.runes = append(f.runes, p.r)
			f.extra = append(f.extra, g)
		}
	}
	for _, fc := range faces {
		fc.Close()
	}
	return a, nil
}

// Px converts CSS pixels to the atlas's device pixels.
func (a *Atlas) Px(css float64) float32 { return float32(css * a.Scale) }
