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
	"math"
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
	img, _ := DrawScene(wd, w, h, scale)
	return img
}

// DrawScene is DrawWorld that also returns the scene it drew with (its
// layout says where the views are).
func DrawScene(wd *sim.World, w, h int, scale float64) (*image.RGBA, *view.Scene) {
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
	return c.Final(s), s
}

// PNG encodes a picture as a paletted PNG of 256 colours (palette), each
// pixel the nearest of them. A picture is mostly the colour map, the
// chrome and a few line colours: the palette keeps them within a few
// levels and the file is a quarter of a full-colour PNG's size.
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

// palette returns 256 colours for img, from its colours counted in buckets
// of 4 levels per channel (each bucket's colour its pixels' mean): the 128
// most used, then, one at a time, the bucket whose pixels are the furthest
// (count times squared distance) from the colours chosen so far. Popularity
// alone would keep 256 shades of the colour map and lose a ball's colour,
// a few dozen pixels of red (measured: 25 levels off at a start).
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
	mean := func(s *acc) color.RGBA {
		return color.RGBA{uint8((s.r + s.n/2) / s.n), uint8((s.g + s.n/2) / s.n), uint8((s.b + s.n/2) / s.n), uint8((s.a + s.n/2) / s.n)}
	}
	const size, popular = 256, 128
	var pal color.Palette
	for _, s := range all[:min(popular, len(all))] {
		pal = append(pal, mean(s))
	}
	// The rest by weighted distance, among the buckets that are not a
	// stray pixel (and at most the 8,192 most used).
	cand := all[min(popular, len(all)):]
	for len(cand) > 0 && cand[len(cand)-1].n < 3 {
		cand = cand[:len(cand)-1]
	}
	cand = cand[:min(len(cand), 8192)]
	cols := make([]color.RGBA, len(cand))
	dist := make([]float64, len(cand))
	d2 := func(a, b color.RGBA) float64 {
		dr, dg, db, da := float64(a.R)-float64(b.R), float64(a.G)-float64(b.G), float64(a.B)-float64(b.B), float64(a.A)-float64(b.A)
		return dr*dr + dg*dg + db*db + da*da
	}
	for i, s := range cand {
		cols[i] = mean(s)
		dist[i] = math.Inf(1)
		for _, p := range pal {
			dist[i] = math.Min(dist[i], d2(cols[i], p.(color.RGBA)))
		}
	}
	for len(pal) < size && len(cand) > 0 {
		best, bw := -1, 0.0
		for i, s := range cand {
			if w := float64(s.n) * dist[i]; w > bw {
				best, bw = i, w
			}
		}
		if best < 0 {
			break
		}
		c := cols[best]
		pal = append(pal, c)
		for i := range cand {
			dist[i] = math.Min(dist[i], d2(cols[i], c))
		}
	}
	return pal
}

// bucket is a colour's bucket of 4 levels a channel.
func bucket(r, g, b, a uint8) uint32 {
	return uint32(r>>2)<<18 | uint32(g>>2)<<12 | uint32(b>>2)<<6 | uint32(a>>2)
}
