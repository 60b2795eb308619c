//go:build js && wasm

// Command probe is Downhill's game (package game, as wasm/ runs it) with
// hooks for profiling, built and served by go run ./build bench -profile:
//
//	probe.drop(n)        n balls on a grid over the box (one per drop)
//	probe.step(n)        every ball n steps at once, returns nothing
//	probe.set(query)     sim settings from a URL query ("spin=30&paused=0")
//	probe.perf(gc)       downhill.perf's numbers
//	probe.resetPerf()
//	probe.heapProfile()  the allocations since the last call (or since
//	                     start) as a gzipped pprof profile, base64
//	probe.skip(what)     draw a part otherwise, to measure what it costs
//	                     (what: "overlay", "copy", "degenerate", "area":
//	                     see DrawFinalScreen; "" draws everything)
//
// The page's query sets the world as Downhill's does; ?memrate=N sets
// runtime.MemProfileRate (default 4096: every allocation is sampled about
// once per 4 KiB).
package main

import (
	"bytes"
	"encoding/base64"
	"image/color"
	"math"
	"net/url"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game"
	"downhill/game/sim"
	"downhill/game/view"
)

// probeGame passes everything to the game, except the parts skipped.
type probeGame struct {
	*game.Game
	skip string
	// The overlay's triangles, taken from the scene when skip is
	// "degenerate" or "area".
	verts []ebiten.Vertex
	idx   []uint16
	area  float64
	white *ebiten.Image
}

// DrawFinalScreen draws the final screen as the game does, except:
//   - "overlay": without the overlay (balls, markers, trail heads...);
//   - "copy": nothing at all (the final screen is not drawn);
//   - "degenerate": the overlay's triangles with every corner at (0, 0):
//     the same vertices and triangles, no pixels (the per-triangle cost);
//   - "area": instead of the overlay, one quad covering as many pixels as
//     its triangles (the per-pixel cost).
func (p *probeGame) DrawFinalScreen(screen ebiten.FinalScreen, off *ebiten.Image, geoM ebiten.GeoM) {
	if p.skip != "" {
		p.Do(func(_ *sim.World, s *view.Scene) {
			if s == nil {
				return
			}
			if p.skip == "degenerate" || p.skip == "area" {
				p.verts, p.idx, p.area = p.verts[:0], p.idx[:0], 0
				for _, b := range s.Overlay.Batches() {
					base := uint16(len(p.verts))
					if len(p.verts)+len(b.Verts) > 65535 {
						break
					}
					for _, v := range b.Verts {
						p.verts = append(p.verts, ebiten.Vertex{SrcX: 1, SrcY: 1, ColorR: v.R, ColorG: v.G, ColorB: v.B, ColorA: v.A})
					}
					for k := 0; k+2 < len(b.Idx); k += 3 {
						a, c, d := b.Verts[b.Idx[k]], b.Verts[b.Idx[k+1]], b.Verts[b.Idx[k+2]]
						p.area += math.Abs(float64((c.DstX-a.DstX)*(d.DstY-a.DstY)-(d.DstX-a.DstX)*(c.DstY-a.DstY))) / 2
					}
					for _, i := range b.Idx {
						p.idx = append(p.idx, base+i)
					}
				}
			}
			s.Overlay.Reset()
		})
	}
	if p.skip == "copy" {
		return
	}
	p.Game.DrawFinalScreen(screen, off, geoM)
	switch p.skip {
	case "degenerate":
		screen.DrawTriangles(p.verts, p.idx, p.white, &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear})
	case "area":
		side := float32(math.Sqrt(p.area))
		c := func(x, y float32) ebiten.Vertex {
			return ebiten.Vertex{DstX: x, DstY: y, SrcX: 1 + x/side*6, SrcY: 1 + y/side*6, ColorR: 1, ColorG: 0.6, ColorB: 0.2, ColorA: 0.8}
		}
		q := []ebiten.Vertex{c(0, 0), c(side, 0), c(side, side), c(0, side)}
		screen.DrawTriangles(q, []uint16{0, 1, 2, 0, 2, 3}, p.white, &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear})
	}
}

func main() {
	search := js.Global().Get("location").Get("search").String()
	q, _ := url.ParseQuery(search[min(1, len(search)):])
	runtime.MemProfileRate = 4096
	if r, err := strconv.Atoi(q.Get("memrate")); err == nil && r > 0 {
		runtime.MemProfileRate = r
	}
	w, _ := sim.NewFromQuery(search, 1)
	g := game.New(w)
	pg := &probeGame{Game: g, white: ebiten.NewImage(8, 8)}
	pg.white.Fill(color.White)

	api := js.Global().Get("Object").New()
	fn := func(name string, f func(args []js.Value) any) {
		api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return f(args) }))
	}
	fn("drop", func(args []js.Value) any {
		n := args[0].Int()
		g.Do(func(w *sim.World, _ *view.Scene) { w.Do(sim.DropGrid{N: n}) })
		return nil
	})
	fn("step", func(args []js.Value) any {
		g.Do(func(w *sim.World, _ *view.Scene) { w.Do(sim.Step{N: args[0].Int()}) })
		return nil
	})
	fn("set", func(args []js.Value) any {
		var errs []any
		g.Do(func(w *sim.World, _ *view.Scene) {
			c := &sim.Set{Params: sim.ParseQuery(args[0].String())}
			w.Do(c)
			for _, e := range c.Errs {
				errs = append(errs, e.Error())
			}
		})
		return errs
	})
	fn("perf", func(args []js.Value) any {
		return g.Perf(len(args) > 0 && args[0].Truthy()).JS()
	})
	fn("resetPerf", func([]js.Value) any { g.ResetPerf(); return nil })
	fn("heapProfile", func([]js.Value) any {
		runtime.GC() // the profile is as of the last GC
		var b bytes.Buffer
		if err := pprof.Lookup("allocs").WriteTo(&b, 0); err != nil {
			return err.Error()
		}
		return base64.StdEncoding.EncodeToString(b.Bytes())
	})
	fn("skip", func(args []js.Value) any {
		what := args[0].String()
		g.Do(func(*sim.World, *view.Scene) { pg.skip = what })
		return nil
	})
	js.Global().Set("probe", api)

	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(pg); err != nil {
		panic(err)
	}
}
