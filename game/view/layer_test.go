package view

import (
	"math"
	"testing"

	"downhill/game/sim"
)

func TestLayerSplitsAtTheVertexLimit(t *testing.T) {
	var l Layer
	n := MaxVertices/4 + 10 // quads: more than one batch's worth
	for i := 0; i < n; i++ {
		l.Rect(Rect{float64(i), 0, 1, 1}, Color{1, 1, 1, 1})
	}
	bs := l.Batches()
	if len(bs) != 2 || l.Len() != 4*n {
		t.Fatalf("%d quads gave %d batches and %d vertices", n, len(bs), l.Len())
	}
	for _, b := range bs {
		if len(b.Verts) > MaxVertices {
			t.Fatalf("batch of %d vertices", len(b.Verts))
		}
		for _, i := range b.Idx {
			if int(i) >= len(b.Verts) {
				t.Fatalf("index %d beyond the batch's %d vertices", i, len(b.Verts))
			}
		}
	}
	// Reuse: after a reset, the same drawing allocates nothing.
	allocs := testing.AllocsPerRun(5, func() {
		l.Reset()
		for i := 0; i < n; i++ {
			l.Rect(Rect{float64(i), 0, 1, 1}, Color{1, 1, 1, 1})
		}
	})
	if allocs != 0 {
		t.Fatalf("redrawing a layer allocates %v times", allocs)
	}
}

func TestAtlasHasTheGlyphsAndSprites(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		a := NewAtlas(scale)
		for s := Size(0); s < NumSizes; s++ {
			for _, r := range "wbL(0.5)-1e+3 ηγβε" {
				if _, ok := a.Fonts[s].Glyph(r); !ok {
					t.Errorf("scale %v size %d lacks %q", scale, s, r)
				}
			}
		}
		// Glyphs at scale 2 are twice as wide: crisp at devicePixelRatio 2.
		g, _ := a.Fonts[Normal].Glyph('w')
		if want := float32(13*scale) * 0.7; math.Abs(float64(g.Adv-want)) > float64(want)*0.3 {
			t.Errorf("scale %v: advance of w is %v px, want about %v", scale, g.Adv, want)
		}
		// Every palette colour has its ball, its centre in the colour.
		for _, c := range append(sim.Palette[:], sim.SweepPalette...) {
			sp, ok := a.Ball(c)
			if !ok {
				t.Fatalf("no ball sprite for %v", c)
			}
			m := int(a.BallSize / 2)
			got := a.Img.RGBAAt(int(sp.SX)+m, int(sp.SY)+m)
			if got.R != c[0] || got.G != c[1] || got.B != c[2] || got.A != 255 {
				t.Errorf("ball %v centre is %v", c, got)
			}
			if corner := a.Img.RGBAAt(int(sp.SX), int(sp.SY)); corner.A != 0 {
				t.Errorf("ball %v corner is %v, want clear", c, corner)
			}
		}
		// The solid block is opaque white; the disc's centre too, its corner clear.
		if c := a.Img.RGBAAt(int(a.SolidX), int(a.SolidY)); c.A != 255 || c.R != 255 {
			t.Errorf("solid texel %v", c)
		}
		cx, cy := int(a.DiscX+a.DiscSize/2), int(a.DiscY+a.DiscSize/2)
		if c := a.Img.RGBAAt(cx, cy); c.A != 255 {
			t.Errorf("disc centre %v", c)
		}
		if c := a.Img.RGBAAt(int(a.DiscX), int(a.DiscY)); c.A != 0 {
			t.Errorf("disc corner %v", c)
		}
	}
}

func TestTextAllocatesNothingAndMeasures(t *testing.T) {
	a := NewAtlas(1)
	var l Layer
	p := NewPen(&l, a)
	buf := make([]byte, 0, 32)
	allocs := testing.AllocsPerRun(20, func() {
		l.Reset()
		p.Text(10, 10, "loss η = ", Normal, Color{1, 1, 1, 1}, Left)
		buf = AppendNum(buf[:0], 0.07301, 3)
		p.TextBytes(100, 10, buf, Normal, Color{1, 1, 1, 1}, Right|Middle)
	})
	if allocs != 0 {
		t.Fatalf("text allocates %v times", allocs)
	}
	if w1, w2 := p.TextWidth("w", Normal), p.TextWidth("ww", Normal); w2 != 2*w1 || w1 <= 0 {
		t.Fatalf("widths %v %v", w1, w2)
	}
	if got := string(AppendNum(nil, 0.07301, 3)); got != "0.073" {
		t.Fatalf("AppendNum gave %q", got)
	}
}

func TestLayoutSideBySideOrStacked(t *testing.T) {
	wide := NewLayout(1280, 720, 1, 1, sim.AllViews, true)
	if !wide.Wide || wide.Surface.X >= wide.Contour.X || wide.Surface.Y != wide.Contour.Y {
		t.Fatalf("wide layout should put the views side by side: %+v", wide)
	}
	phone := NewLayout(390*3, 844*3, 3, 3, sim.AllViews, true)
	if phone.Wide || phone.Contour.Y <= phone.Surface.Y {
		t.Fatalf("a phone should stack the views: %+v", phone)
	}
	for _, l := range []Layout{wide, phone, NewLayout(1280, 720, 1, 1, sim.AllViews, false)} {
		p := l.ContourPlot
		if p.W != p.H || p.W < 50 {
			t.Errorf("contour plot %v should be a square", p)
		}
		if !inside(p, l.Contour) || !inside(l.LossPlot, l.Loss) {
			t.Errorf("plots outside their panels: %+v", l)
		}
		if l.Fit.W > 0 && !inside(l.FitPlot, l.Fit) {
			t.Errorf("fit plot outside its panel")
		}
		for _, r := range []Rect{l.Surface, l.Contour, l.Loss} {
			if r.X < 0 || r.Y < 0 || r.X+r.W > l.W+0.5 || r.Y+r.H > l.H+0.5 {
				t.Errorf("panel %v outside the %vx%v canvas", r, l.W, l.H)
			}
		}
	}
}

func inside(a, b Rect) bool {
	return a.X >= b.X && a.Y >= b.Y && a.X+a.W <= b.X+b.W+0.5 && a.Y+a.H <= b.Y+b.H+0.5
}

func TestReleaseGivesBackWhatARepaintNeeded(t *testing.T) {
	var l Layer
	big := func(n int) {
		l.Reset()
		for i := 0; i < n; i++ {
			l.Rect(Rect{float64(i), 0, 1, 1}, Color{1, 1, 1, 1})
		}
	}
	big(100000) // a repaint: several full batches
	l.Reset()
	big(100) // the next frame draws little
	l.Release()
	if len(l.batches) < 2 {
		t.Fatalf("one small frame after a repaint already gave the batches back: a frame whose use swings would reallocate them")
	}
	for range releaseAfter { // and the next ones too
		big(100)
		l.Release()
	}
	kept := 0
	for _, b := range l.batches {
		kept += cap(b.Verts)
	}
	if len(l.batches) > 2 || kept > 4096 {
		t.Fatalf("after a small frame the layer keeps %d batches, %d vertices of capacity", len(l.batches), kept)
	}
	if l.Len() != 400 {
		t.Fatalf("release lost vertices: %d left", l.Len())
	}
	// In steady state nothing is reallocated.
	if a := testing.AllocsPerRun(10, func() { big(100); l.Release() }); a != 0 {
		t.Fatalf("a steady frame reallocates: %v", a)
	}
	// Nor when the use swings from frame to frame (rolling balls take two
	// steps in one frame and none in the next).
	big(3000)
	l.Release()
	if a := testing.AllocsPerRun(20, func() { big(3000); l.Release(); big(10); l.Release() }); a != 0 {
		t.Fatalf("frames that draw 12,000 and 40 vertices in turn reallocate: %v per pair", a)
	}
}
