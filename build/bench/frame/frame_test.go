package frame

import (
	"fmt"
	"math"
	"testing"

	"downhill/game/sim"
	"downhill/game/view"
)

// The browser benchmark's canvas and world (build/bench/scenarios.go).
const (
	width, height = 1280, 720
	query         = "?surface=neuron&opt=gd&lr=0.1&maxSteps=1000000&speed=60"
	setupSteps    = 1300
)

// newWorld drops n balls on a grid over the box and steps them setupSteps.
func newWorld(tb testing.TB, n int, spin bool) *sim.World {
	q := query
	if n == 0 {
		q += "&paused=1"
	}
	if spin {
		q += "&spin=30"
	}
	w, errs := sim.NewFromQuery(q, 1)
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	if err := w.Do(sim.DropGrid{N: n}); err != nil {
		tb.Fatal(err)
	}
	w.Do(sim.Step{N: setupSteps})
	return w
}

type scenario struct {
	balls int
	spin  bool
}

func (s scenario) String() string {
	if s.balls == 0 {
		return "idle"
	}
	if s.spin {
		return fmt.Sprintf("balls=%d/spin", s.balls)
	}
	return fmt.Sprintf("balls=%d/still", s.balls)
}

var scenarios = []scenario{{0, false}, {100, false}, {100, true}, {500, false}, {500, true}, {2000, false}, {2000, true}}

// newScene returns a scene that has drawn the world's first frame (the
// full repaint), the frames that repaint spreads over (Scene.Backlog), and
// 30 more.
func newScene(tb testing.TB, w *sim.World) *view.Scene {
	a := view.NewAtlas(1)
	s := view.NewScene(a)
	s.Frame(w, width, height, 1)
	for i := 0; s.Backlog(); i++ {
		if i == 2000 {
			tb.Fatal("the first repaint takes more than 2,000 frames")
		}
		w.Tick()
		s.Frame(w, width, height, 1)
	}
	for range 30 {
		w.Tick()
		s.Frame(w, width, height, 1)
	}
	return s
}

// BenchmarkTick times one tick of the world: at 60 steps a second, one
// step of every ball (the work of Update).
func BenchmarkTick(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.String(), func(b *testing.B) {
			w := newWorld(b, sc.balls, sc.spin)
			b.ReportAllocs()
			for b.Loop() {
				w.Tick()
			}
		})
	}
}

// BenchmarkFrame times the scene's Frame (the CPU part of Draw and of
// DrawFinalScreen's overlay), the world ticking between frames outside the
// timer, and reports per frame what the adapter then draws (see count).
func BenchmarkFrame(b *testing.B) {
	for _, sc := range scenarios {
		b.Run(sc.String(), func(b *testing.B) {
			w := newWorld(b, sc.balls, sc.spin)
			s := newScene(b, w)
			var c counts
			const sample = 60
			for range sample {
				w.Tick()
				s.Frame(w, width, height, 1)
				c.add(s)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				w.Tick()
				b.StartTimer()
				s.Frame(w, width, height, 1)
			}
			b.StopTimer()
			c.report(b, sample)
		})
	}
}

// counts sums, over frames, what the adapter draws (game/game.go): the
// scene's Ops onto the canvas image (fills of repainted regions, the colour
// map, layers) and, on the final screen, a copy of the whole canvas image
// and the Overlay.
type counts struct {
	verts, tris, calls     float64 // onto the canvas image
	trailVerts             float64
	px                     float64 // pixels covered on the canvas image (triangles, fills, colour map)
	trailPx                float64
	ovVerts, ovCalls, ovPx float64 // the final screen's overlay
	repaints               float64 // regions repainted
}

func (c *counts) add(s *view.Scene) {
	_, tw, th, _ := s.Texture()
	for _, op := range s.Ops() {
		switch op.Kind {
		case view.OpFill:
			c.repaints++
			c.calls++
			c.px += op.Clip.W * op.Clip.H
		case view.OpTexture:
			c.calls++
			c.px += float64(tw * th)
		case view.OpLayer:
			v, t, n, px := layer(op.Layer)
			c.verts, c.tris, c.calls, c.px = c.verts+v, c.tris+t, c.calls+n, c.px+px
			if op.Trails {
				c.trailVerts += v
				c.trailPx += px
			}
		}
	}
	v, _, n, px := layer(&s.Overlay)
	c.ovVerts, c.ovCalls, c.ovPx = c.ovVerts+v, c.ovCalls+n, c.ovPx+px
}

// layer returns a layer's vertices, triangles, batches (DrawTriangles
// calls) and the pixels its triangles cover (overlaps counted twice).
func layer(l *view.Layer) (verts, tris, calls, px float64) {
	for _, b := range l.Batches() {
		verts += float64(len(b.Verts))
		tris += float64(len(b.Idx) / 3)
		calls++
		for k := 0; k+2 < len(b.Idx); k += 3 {
			p, q, r := b.Verts[b.Idx[k]], b.Verts[b.Idx[k+1]], b.Verts[b.Idx[k+2]]
			px += math.Abs(float64((q.DstX-p.DstX)*(r.DstY-p.DstY)-(r.DstX-p.DstX)*(q.DstY-p.DstY))) / 2
		}
	}
	return
}

func (c *counts) report(b *testing.B, n float64) {
	b.ReportMetric(c.verts/n, "verts/frame")
	b.ReportMetric(c.tris/n, "tris/frame")
	b.ReportMetric(c.calls/n, "calls/frame")
	b.ReportMetric(c.trailVerts/n, "trailverts/frame")
	b.ReportMetric(c.px/n/1e6, "Mpx/frame")
	b.ReportMetric(c.trailPx/n/1e6, "trailMpx/frame")
	b.ReportMetric(c.ovVerts/n, "overlayverts/frame")
	b.ReportMetric(c.ovCalls/n, "overlaycalls/frame")
	b.ReportMetric((c.ovPx/n+width*height)/1e6, "finalMpx/frame")
	b.ReportMetric(c.repaints/n, "repaints/frame")
}
