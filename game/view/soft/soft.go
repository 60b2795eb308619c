// Package soft paints a view.Scene's drawings into an image.RGBA in plain
// Go, as the ebiten adapter (game/game.go) has the GPU paint them: the same
// Ops in the same order, each clipped to its rectangle, the layers'
// triangles sampled from the glyph atlas with ebiten's linear filter and
// multiplied by their vertices' colours, the colour map's texture drawn
// nearest, all blended source-over in premultiplied alpha, then the overlay
// on a copy (ebiten's final screen). It needs no GPU and no browser, so the
// build draws every scene's picture with it (build/internal/picture), a
// picture the page can show before its engine runs.
//
// What it follows, from ebiten v2.8's DrawTriangles (image.go) and its
// built-in shader (internal/builtinshader): vertex colours are straight
// alpha, premultiplied before they are interpolated; a pixel is covered
// when its centre is inside a triangle (top-left rule on the edges); the
// linear filter reads the four texels around the sample point, texel
// centres at half-texels, outside the source reading transparent; the
// fragment is the texel times the colour; source-over is out = src +
// dst·(1 − src.a), stored in 8 bits.
package soft

import (
	"image"
	"image/color"
	"math"

	"downhill/game/view"
)

// Canvas is the adapter's canvas image: the screen image ebiten hands to
// Draw, which keeps its pixels from frame to frame.
type Canvas struct {
	// Img holds the canvas's pixels, premultiplied (image.RGBA's own
	// convention).
	Img *image.RGBA
	tex *image.RGBA // the scene's colour-map texture, as last written
	gen int
}

// NewCanvas returns a transparent canvas of w x h device pixels.
func NewCanvas(w, h int) *Canvas {
	return &Canvas{Img: image.NewRGBA(image.Rect(0, 0, w, h))}
}

// Paint runs the scene's Ops of this frame onto the canvas, as the
// adapter's painter.paint does.
func (c *Canvas) Paint(s *view.Scene) {
	if pix, w, h, gen := s.Texture(); w > 0 && (c.tex == nil || gen != c.gen) {
		c.tex = &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
		c.gen = gen
	}
	atlas := s.Atlas().Img
	for _, op := range s.Ops() {
		clip := PixelRect(op.Clip).Intersect(c.Img.Rect)
		switch op.Kind {
		case view.OpFill:
			Fill(c.Img, clip, view.Background())
		case view.OpTexture:
			if c.tex != nil {
				DrawTexture(c.Img, clip, c.tex, op.At, op.Src)
			}
		case view.OpLayer:
			for _, b := range op.Layer.Batches() {
				DrawTriangles(c.Img, clip, b.Verts, b.Idx, atlas)
			}
		}
	}
}

// Final returns what the screen shows: a copy of the canvas with the
// scene's overlay drawn over it (the adapter's DrawFinalScreen).
func (c *Canvas) Final(s *view.Scene) *image.RGBA {
	out := image.NewRGBA(c.Img.Rect)
	copy(out.Pix, c.Img.Pix)
	for _, b := range s.Overlay.Batches() {
		DrawTriangles(out, out.Rect, b.Verts, b.Idx, s.Atlas().Img)
	}
	return out
}

// PixelRect returns the whole pixels a rectangle covers, rounding its edges
// as the adapter does for its clipping sub-images.
func PixelRect(r view.Rect) image.Rectangle {
	return image.Rect(int(math.Round(r.X)), int(math.Round(r.Y)), int(math.Round(r.X+r.W)), int(math.Round(r.Y+r.H)))
}

// RGBA8 returns a straight-alpha colour in 8 bits, rounded as the adapter
// rounds the background it fills with.
func RGBA8(c view.Color) color.RGBA {
	return color.RGBA{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5), uint8(c.A*255 + 0.5)}
}

// Fill replaces the pixels of r with c (ebiten's Image.Fill: a copy, not a
// blend; the colour is premultiplied as it is stored).
func Fill(dst *image.RGBA, r image.Rectangle, c view.Color) {
	r = r.Intersect(dst.Rect)
	p := RGBA8(view.Color{R: c.R * c.A, G: c.G * c.A, B: c.B * c.A, A: c.A})
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := dst.Pix[dst.PixOffset(r.Min.X, y):dst.PixOffset(r.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = p.R, p.G, p.B, p.A
		}
	}
}

// DrawTexture draws tex (premultiplied) at at, clipped to clip, blended
// source-over with the nearest filter: the whole texture at its own size
// when src is empty, else the texels of src scaled to at's size (ebiten's
// DrawImage of a sub-image with a scaling GeoM).
func DrawTexture(dst *image.RGBA, clip image.Rectangle, tex *image.RGBA, at, src view.Rect) {
	if src.W <= 0 || src.H <= 0 {
		b := tex.Rect
		src = view.Rect{X: float64(b.Min.X), Y: float64(b.Min.Y), W: float64(b.Dx()), H: float64(b.Dy())}
		at.W, at.H = src.W, src.H
	}
	sx0, sy0 := int(src.X), int(src.Y)
	sx1, sy1 := sx0+int(src.W), sy0+int(src.H)
	r := clip.Intersect(dst.Rect).Intersect(image.Rect(int(math.Floor(at.X)), int(math.Floor(at.Y)), int(math.Ceil(at.X+at.W)), int(math.Ceil(at.Y+at.H))))
	kx, ky := src.W/at.W, src.H/at.H
	for y := r.Min.Y; y < r.Max.Y; y++ {
		fy := float64(y) + 0.5
		if fy < at.Y || fy >= at.Y+at.H {
			continue
		}
		ty := int(math.Floor(src.Y + (fy-at.Y)*ky))
		if ty < sy0 || ty >= sy1 {
			continue
		}
		for x := r.Min.X; x < r.Max.X; x++ {
			fx := float64(x) + 0.5
			if fx < at.X || fx >= at.X+at.W {
				continue
			}
			tx := int(math.Floor(src.X + (fx-at.X)*kx))
			if tx < sx0 || tx >= sx1 {
				continue
			}
			i := tex.PixOffset(tx, ty)
			s := [4]float32{float32(tex.Pix[i]) / 255, float32(tex.Pix[i+1]) / 255, float32(tex.Pix[i+2]) / 255, float32(tex.Pix[i+3]) / 255}
			over(dst, x, y, s)
		}
	}
}

// over blends a premultiplied colour onto dst's pixel (x, y), source-over.
func over(dst *image.RGBA, x, y int, s [4]float32) {
	i := dst.PixOffset(x, y)
	p := dst.Pix[i : i+4 : i+4]
	k := 1 - s[3]
	for c := 0; c < 4; c++ {
		v := s[c]*255 + float32(p[c])*k
		if v > 255 {
			v = 255
		} else if v < 0 {
			v = 0
		}
		p[c] = uint8(v + 0.5)
	}
}

// texel returns src's premultiplied texel (x, y) in [0, 1], transparent
// outside it.
func texel(src *image.RGBA, x, y int) [4]float32 {
	if !(image.Point{x, y}.In(src.Rect)) {
		return [4]float32{}
	}
	i := src.PixOffset(x, y)
	return [4]float32{float32(src.Pix[i]) / 255, float32(src.Pix[i+1]) / 255, float32(src.Pix[i+2]) / 255, float32(src.Pix[i+3]) / 255}
}

// Linear samples src at (sx, sy) in texels as ebiten's linear filter does:
// the four texels around the point (texel centres at half-texels), mixed
// by the point's position among them.
func Linear(src *image.RGBA, sx, sy float32) [4]float32 {
	p0x, p0y := sx-0.5, sy-0.5
	x0, y0 := int(math.Floor(float64(p0x))), int(math.Floor(float64(p0y)))
	rx, ry := p0x-float32(x0), p0y-float32(y0)
	c0, c1 := texel(src, x0, y0), texel(src, x0+1, y0)
	c2, c3 := texel(src, x0, y0+1), texel(src, x0+1, y0+1)
	var out [4]float32
	for k := 0; k < 4; k++ {
		top := c0[k] + (c1[k]-c0[k])*rx
		bot := c2[k] + (c3[k]-c2[k])*rx
		out[k] = top + (bot-top)*ry
	}
	return out
}

// DrawTriangles draws the indexed triangles of verts onto dst, clipped to
// clip, each fragment the linear sample of src at its interpolated source
// position times its interpolated colour (premultiplied), blended
// source-over: ebiten's DrawTriangles with FilterLinear, the default
// blend and straight-alpha vertex colours.
func DrawTriangles(dst *image.RGBA, clip image.Rectangle, verts []view.Vertex, idx []uint16, src *image.RGBA) {
	clip = clip.Intersect(dst.Rect)
	if clip.Empty() {
		return
	}
	for t := 0; t+2 < len(idx); t += 3 {
		a, b, c := &verts[idx[t]], &verts[idx[t+1]], &verts[idx[t+2]]
		triangle(dst, clip, a, b, c, src)
	}
}

// premul returns a vertex's colour premultiplied, as ebiten uploads it.
func premul(v *view.Vertex) [4]float32 {
	return [4]float32{v.R * v.A, v.G * v.A, v.B * v.A, v.A}
}

func triangle(dst *image.RGBA, clip image.Rectangle, a, b, c *view.Vertex, src *image.RGBA) {
	ax, ay := float64(a.DstX), float64(a.DstY)
	bx, by := float64(b.DstX), float64(b.DstY)
	cx, cy := float64(c.DstX), float64(c.DstY)
	area := (bx-ax)*(cy-ay) - (by-ay)*(cx-ax)
	if area == 0 || math.IsNaN(area) || math.IsInf(area, 0) {
		return
	}
	if area < 0 {
		b, c = c, b
		bx, by, cx, cy = cx, cy, bx, by
		area = -area
	}
	x0 := max(clip.Min.X, int(math.Floor(min(ax, bx, cx))))
	x1 := min(clip.Max.X, int(math.Ceil(max(ax, bx, cx)))+1)
	y0 := max(clip.Min.Y, int(math.Floor(min(ay, by, cy))))
	y1 := min(clip.Max.Y, int(math.Ceil(max(ay, by, cy)))+1)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	// Edge functions, positive inside (the triangle turned clockwise on a
	// y-down screen); a pixel centre on an edge counts for top and left
	// edges only, so that triangles sharing an edge cover its pixels once.
	type edge struct {
		x0, y0, dx, dy float64
		tl             bool
	}
	mk := func(px, py, qx, qy float64) edge {
		dx, dy := qx-px, qy-py
		return edge{px, py, dx, dy, dy < 0 || (dy == 0 && dx > 0)}
	}
	e := [3]edge{mk(bx, by, cx, cy), mk(cx, cy, ax, ay), mk(ax, ay, bx, by)} // opposite a, b, c
	ca, cb, cc := premul(a), premul(b), premul(c)
	for y := y0; y < y1; y++ {
		py := float64(y) + 0.5
		for x := x0; x < x1; x++ {
			px := float64(x) + 0.5
			var w [3]float64
			in := true
			for k := range e {
				f := e[k].dx*(py-e[k].y0) - e[k].dy*(px-e[k].x0)
				if f < 0 || (f == 0 && !e[k].tl) {
					in = false
					break
				}
				w[k] = f / area
			}
			if !in {
				continue
			}
			wa, wb, wc := float32(w[0]), float32(w[1]), float32(w[2])
			sx := wa*a.SrcX + wb*b.SrcX + wc*c.SrcX
			sy := wa*a.SrcY + wb*b.SrcY + wc*c.SrcY
			t := Linear(src, sx, sy)
			if t[3] == 0 && t[0] == 0 && t[1] == 0 && t[2] == 0 {
				continue
			}
			var f [4]float32
			for k := 0; k < 4; k++ {
				f[k] = t[k] * (wa*ca[k] + wb*cb[k] + wc*cc[k])
			}
			over(dst, x, y, f)
		}
	}
}
