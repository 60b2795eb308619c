package soft

import (
	"image"
	"image/color"
	"testing"

	"downhill/game/view"
)

// atlas returns the 1x atlas the tests draw from.
func atlas(t *testing.T) *view.Atlas {
	t.Helper()
	return view.NewAtlas(1)
}

func at(img *image.RGBA, x, y int) color.RGBA { return img.RGBAAt(x, y) }

// A solid triangle covers the pixels whose centres are inside it, in its
// vertices' colour, and nothing else; the two triangles of a half-opaque
// quad cover their shared diagonal once (blended twice it would be darker).
func TestTriangle(t *testing.T) {
	a := atlas(t)
	dst := image.NewRGBA(image.Rect(0, 0, 20, 20))
	var l view.Layer
	l.SolidX, l.SolidY = a.SolidX, a.SolidY
	red := view.Color{R: 1, A: 1}
	l.Tri(2, 2, 18, 2, 2, 18, red, red, red)
	for _, b := range l.Batches() {
		DrawTriangles(dst, dst.Rect, b.Verts, b.Idx, a.Img)
	}
	if c := at(dst, 4, 4); c != (color.RGBA{255, 0, 0, 255}) {
		t.Errorf("inside: %v, want opaque red", c)
	}
	if c := at(dst, 16, 16); c != (color.RGBA{}) {
		t.Errorf("beyond the hypotenuse: %v, want untouched", c)
	}
	if c := at(dst, 1, 5); c != (color.RGBA{}) {
		t.Errorf("left of it: %v, want untouched", c)
	}
	n := 0
	for i := 3; i < len(dst.Pix); i += 4 {
		if dst.Pix[i] != 0 {
			n++
		}
	}
	// Pixel centres strictly inside the triangle of legs 16: x+y < 20 from
	// (2.5, 2.5): 16·17/2 = 136, minus the 16 on the hypotenuse (x+y
	// exactly 20 at the centres, a bottom-right edge, not covered).
	if n != 120 {
		t.Errorf("%d pixels covered, want 120", n)
	}

	// A quad at half opacity over white: every pixel blended once.
	dst = image.NewRGBA(image.Rect(0, 0, 10, 10))
	Fill(dst, dst.Rect, view.Color{R: 1, G: 1, B: 1, A: 1})
	l.Reset()
	half := view.Color{A: 0.5}
	l.Quad([4]float32{0, 10, 10, 0}, [4]float32{0, 0, 10, 10}, [4]view.Color{half, half, half, half})
	for _, b := range l.Batches() {
		DrawTriangles(dst, dst.Rect, b.Verts, b.Idx, a.Img)
	}
	for y := 0; y < 10; y++ {
		for x := 0; x < 10; x++ {
			if c := at(dst, x, y); c != (color.RGBA{128, 128, 128, 255}) {
				t.Fatalf("(%d, %d) = %v, want half grey (blended once)", x, y, c)
			}
		}
	}
}

// A layer drawn with a clip rectangle changes only the pixels inside it,
// and a filled clip replaces what was there (ebiten's Fill copies).
func TestClippedLayer(t *testing.T) {
	a := atlas(t)
	dst := image.NewRGBA(image.Rect(0, 0, 40, 30))
	Fill(dst, dst.Rect, view.Color{G: 1, A: 1})
	clip := PixelRect(view.Rect{X: 10.4, Y: 5, W: 10, H: 10}) // [10, 20) x [5, 15)
	Fill(dst, clip, view.Background())
	var l view.Layer
	l.SolidX, l.SolidY = a.SolidX, a.SolidY
	l.Rect(view.Rect{X: 0, Y: 0, W: 40, H: 30}, view.Color{B: 1, A: 1})
	for _, b := range l.Batches() {
		DrawTriangles(dst, clip, b.Verts, b.Idx, a.Img)
	}
	for y := 0; y < 30; y++ {
		for x := 0; x < 40; x++ {
			want := color.RGBA{0, 255, 0, 255}
			if (image.Point{x, y}).In(clip) {
				want = color.RGBA{0, 0, 255, 255}
			}
			if c := at(dst, x, y); c != want {
				t.Fatalf("(%d, %d) = %v, want %v", x, y, c, want)
			}
		}
	}
	// A half-transparent background fill is stored premultiplied.
	Fill(dst, dst.Rect, view.Color{R: 1, A: 0.5})
	if c := at(dst, 0, 0); c != (color.RGBA{128, 0, 0, 128}) {
		t.Errorf("half-transparent fill stored as %v, want premultiplied {128 0 0 128}", c)
	}
}

// A glyph drawn by the scene's pen comes out as the atlas's glyph bitmap,
// tinted by the text colour: at an integer position the linear filter
// samples texel centres exactly, so each pixel is the texel's alpha times
// the colour, over the background.
func TestTexturedGlyph(t *testing.T) {
	a := atlas(t)
	var l view.Layer
	pen := view.NewPen(&l, a)
	g, ok := a.Fonts[view.Large].Glyph('W')
	if !ok {
		t.Fatal("no W in the atlas")
	}
	// Pen position such that the bitmap's top-left is on whole pixels.
	x, y := float32(10)-g.OX, float32(30)-g.OY
	pen.Text(x, y, "W", view.Large, view.Color{R: 1, G: 1, B: 1, A: 1}, view.Left)
	if l.Len() != 4 {
		t.Fatalf("the glyph is %d vertices, want one quad", l.Len())
	}
	v := l.Batches()[0].Verts[0]
	dst := image.NewRGBA(image.Rect(0, 0, 60, 60))
	Fill(dst, dst.Rect, view.Color{A: 1})
	for _, b := range l.Batches() {
		DrawTriangles(dst, dst.Rect, b.Verts, b.Idx, a.Img)
	}
	ink, diff := 0, 0
	for j := 0; j < int(g.H); j++ {
		for i := 0; i < int(g.W); i++ {
			px, py := int(v.DstX)+i, int(v.DstY)+j
			tx, ty := int(v.SrcX)+i, int(v.SrcY)+j
			want := a.Img.RGBAAt(tx, ty).A
			got := at(dst, px, py)
			if got.A != 255 || got.R != got.G || got.G != got.B {
				t.Fatalf("(%d, %d) = %v, want opaque grey", px, py, got)
			}
			if d := int(got.R) - int(want); d < -1 || d > 1 {
				diff++
			}
			if want > 128 {
				ink++
			}
		}
	}
	if ink < 20 {
		t.Errorf("only %d inked texels in W: the glyph was not found", ink)
	}
	if diff > 0 {
		t.Errorf("%d pixels differ from the glyph's texels", diff)
	}
}

// The texture op draws the texture's texels, one block of pixels per texel
// when scaled (nearest), inside the clip.
func TestTexture(t *testing.T) {
	tex := image.NewRGBA(image.Rect(0, 0, 4, 2))
	for i := 0; i < 8; i++ {
		tex.Pix[4*i], tex.Pix[4*i+3] = uint8(30*i), 255
	}
	dst := image.NewRGBA(image.Rect(0, 0, 20, 10))
	DrawTexture(dst, dst.Rect, tex, view.Rect{X: 4, Y: 2, W: 8, H: 4}, view.Rect{X: 2, Y: 0, W: 2, H: 2})
	// Texels (2..3, 0..1) scaled 4 to 2: pixel (4..7, 2..3) is texel (2, 0).
	if c := at(dst, 5, 3); c != (color.RGBA{60, 0, 0, 255}) {
		t.Errorf("(5, 3) = %v, want texel (2, 0)", c)
	}
	if c := at(dst, 11, 5); c != (color.RGBA{210, 0, 0, 255}) {
		t.Errorf("(11, 5) = %v, want texel (3, 1)", c)
	}
	if c := at(dst, 12, 3); c != (color.RGBA{}) {
		t.Errorf("(12, 3) = %v, want untouched", c)
	}
}
