// Package picture draws what a Downhill page will show, before any wasm
// runs: the world a URL sets up (sim.NewFromQuery, as the page's engine
// does), laid out and drawn by the engine's own scene (game/view) and
// painted by the software painter (game/view/soft) as the GPU would. The
// build writes one per scene (dist/pictures/NAME.png) and one for the
// default page; the page shows it in its first paint.
package picture

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sort"

	"downhill/game/sim"
	"downhill/game/view"
	"downhill/game/view/soft"
)

// The size of the pictures the build makes: the lecture page's and the
// README's frame, 720 x 420 CSS pixels, at devicePixelRatio 1.
const (
	Width  = 720
	Height = 420
)

// Seed is the seed of the pictures' worlds: the page takes a random one
// (its random search's points differ at every load), a picture must be the
// same at every build.
const Seed = 1

// presentScale is the adapter's (game.go): text and lines 1.5 times larger
// when presenting.
const presentScale = 1.5

// maxFrames bounds the frames a picture takes: a repaint of many long
// trails is spread over frames (view.Scene.Backlog).
const maxFrames = 200

// Draw returns the picture of the page whose URL query is query, on a
// canvas of w x h CSS pixels at scale device pixels per CSS pixel, as its
// engine would draw its first frames (the world as the URL sets it up, not
// stepped), and the settings the world refused.
func Draw(query string, w, h int, scale float64) (*image.RGBA, []error) {
	wd, errs := sim.NewFromQuery(query, Seed)
	return DrawWorld(wd, w, h, scale), errs
}

// DrawWorld returns the picture of wd on a canvas of w x h CSS pixels at
// scale device pixels per CSS pixel.
func DrawWorld(wd *sim.World, w, h int, scale float64) *image.RGBA {
	ui := scale
	if wd.Present {
		ui *= presentScale
	}
	s := view.NewScene(view.NewAtlas(ui))
	pw, ph := int(float64(w)*scale+0.5), int(float64(h)*scale+0.5)
	c := soft.NewCanvas(pw, ph)
	for i := 0; i < maxFrames; i++ {
		s.Frame(wd, float64(pw), float64(ph), scale)
		c.Paint(s)
		if !s.Backlog() {
			break
		}
	}
	return c.Final(s)
}

// PNG encodes a picture as a paletted PNG: its 256 most used colours (in
// steps of 4 per channel, so that the colour map's gradient and the text's
// anti-aliasing share entries), each pixel the nearest of them. A picture
// is mostly the colour map, the chrome and a few line colours: the palette
// keeps them within a few levels and the file is a quarter of a
// full-colour PNG's size.
func PNG(img *image.RGBA) ([]byte, error) {
	pal := palette(img)
	p := image.NewPaletted(img.Rect, pal)
	// One look-up per bucket of 4 levels a channel (the palette's own
	// buckets): a pixel takes the entry nearest the first of its bucket.
	cache := map[uint32]uint8{}
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			c := img.RGBAAt(x, y)
			k := bucket(c.R, c.G, c.B, c.A)
			i, ok := cache[k]
			if !ok {
				i = uint8(pal.Index(c))
				cache[k] = i
			}
			p.Pix[p.PixOffset(x, y)] = i
		}
	}
	var b bytes.Buffer
	// Best compression would save 2.5% at 3.5 times the time.
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// palette returns the 256 colours most used in img, counted in buckets of
// 4 levels per channel (each bucket's colour its pixels' mean).
func palette(img *image.RGBA) color.Palette {
	type acc struct {
		key           uint32
		n, r, g, b, a int
	}
	buckets := map[uint32]*acc{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		r, g, b, a := img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]
		k := bucket(r, g, b, a)
		s := buckets[k]
		if s == nil {
			s = &acc{key: k}
			buckets[k] = s
		}
		s.n++
		s.r += int(r)
		s.g += int(g)
		s.b += int(b)
		s.a += int(a)
	}
	all := make([]*acc, 0, len(buckets))
	for _, s := range buckets {
		all = append(all, s)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].n != all[j].n {
			return all[i].n > all[j].n
		}
		return all[i].key < all[j].key
	})
	if len(all) > 256 {
		all = all[:256]
	}
	pal := make(color.Palette, len(all))
	for i, s := range all {
		pal[i] = color.RGBA{uint8((s.r + s.n/2) / s.n), uint8((s.g + s.n/2) / s.n), uint8((s.b + s.n/2) / s.n), uint8((s.a + s.n/2) / s.n)}
	}
	return pal
}

// bucket is a colour's bucket of 4 levels a channel.
func bucket(r, g, b, a uint8) uint32 {
	return uint32(r>>2)<<18 | uint32(g>>2)<<12 | uint32(b>>2)<<6 | uint32(a>>2)
}
