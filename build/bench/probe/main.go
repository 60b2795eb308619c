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
//	probe.skip(what)     stop drawing a part (what: "overlay", "copy"),
//	                     to measure what it costs ("" draws everything)
//
// The page's query sets the world as Downhill's does; ?memrate=N sets
// runtime.MemProfileRate (default 4096: every allocation is sampled about
// once per 4 KiB).
package main

import (
	"bytes"
	"encoding/base64"
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
	"downhill/optim"
)

// probeGame passes everything to the game, except the parts skipped.
type probeGame struct {
	*game.Game
	skipOverlay, skipCopy bool
}

func (p *probeGame) DrawFinalScreen(screen ebiten.FinalScreen, off *ebiten.Image, geoM ebiten.GeoM) {
	if p.skipOverlay || p.skipCopy {
		// Empty the overlay (it is rebuilt by the next Draw).
		p.Do(func(_ *sim.World, s *view.Scene) {
			if s != nil && p.skipOverlay {
				s.Overlay.Reset()
			}
		})
	}
	if p.skipCopy {
		return
	}
	p.Game.DrawFinalScreen(screen, off, geoM)
}

func main() {
	search := js.Global().Get("location").Get("search").String()
	q, _ := url.ParseQuery(search[min(1, len(search)):])
	runtime.MemProfileRate = 4096
	if r, err := strconv.Atoi(q.Get("memrate")); err == nil && r > 0 {
		runtime.MemProfileRate = r
	}
	w := sim.New()
	w.Apply(sim.ParseQuery(search))
	g := game.New(w)
	pg := &probeGame{Game: g}

	api := js.Global().Get("Object").New()
	fn := func(name string, f func(args []js.Value) any) {
		api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return f(args) }))
	}
	fn("drop", func(args []js.Value) any {
		n := args[0].Int()
		g.Do(func(w *sim.World, _ *view.Scene) {
			side := int(math.Ceil(math.Sqrt(float64(n))))
			box := w.Info.Box
			k := 0
			for i := 0; i < side && k < n; i++ {
				for j := 0; j < side && k < n; j++ {
					w.Drop(optim.Vec{
						box.WMin + (float64(i)+0.5)/float64(side)*(box.WMax-box.WMin),
						box.BMin + (float64(j)+0.5)/float64(side)*(box.BMax-box.BMin),
					})
					k++
				}
			}
		})
		return nil
	})
	fn("step", func(args []js.Value) any {
		g.Do(func(w *sim.World, _ *view.Scene) { w.Step(args[0].Int()) })
		return nil
	})
	fn("set", func(args []js.Value) any {
		var errs []any
		g.Do(func(w *sim.World, _ *view.Scene) {
			for _, e := range w.Apply(sim.ParseQuery(args[0].String())) {
				errs = append(errs, e.Error())
			}
		})
		return errs
	})
	fn("perf", func(args []js.Value) any {
		p := g.Perf(len(args) > 0 && args[0].Truthy())
		return map[string]any{
			"updateMed": p.UpdateMed, "updateP95": p.UpdateP95,
			"drawMed": p.DrawMed, "drawP95": p.DrawP95,
			"finalMed": p.FinalMed, "finalP95": p.FinalP95,
			"samples": p.Samples, "drawn": p.Drawn, "presented": p.Presented,
			"heapAlloc": float64(p.HeapAlloc), "heapSys": float64(p.HeapSys),
			"mallocs": float64(p.Mallocs), "numGC": p.NumGC,
		}
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
		g.Do(func(*sim.World, *view.Scene) {})
		pg.skipOverlay = what == "overlay" || what == "copy"
		pg.skipCopy = what == "copy"
		return nil
	})
	js.Global().Set("probe", api)

	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(pg); err != nil {
		panic(err)
	}
}
