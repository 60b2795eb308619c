//go:build js && wasm

package game

import (
	"runtime"
	"slices"
	"time"
)

// perfSamples is how many recent Update and Draw timings are kept.
const perfSamples = 600

// timings keeps the most recent durations in a ring, in milliseconds.
type timings struct {
	ms [perfSamples]float64
	n  int
}

func (t *timings) add(d time.Duration) {
	t.ms[t.n%perfSamples] = float64(d) / 1e6
	t.n++
}

// quantiles returns the median and the 95th percentile of the kept samples.
func (t *timings) quantiles() (med, p95 float64, n int) {
	n = min(t.n, perfSamples)
	if n == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(t.ms[:n])
	slices.Sort(s)
	return s[n/2], s[min(n-1, n*95/100)], n
}

// Perf is what the benchmark reads from inside the wasm: CPU time of Update,
// Draw and DrawFinalScreen, frame counts and the Go heap.
type Perf struct {
	UpdateMed, UpdateP95 float64 // milliseconds
	DrawMed, DrawP95     float64 // Draw: what changed, onto the canvas image
	FinalMed, FinalP95   float64 // DrawFinalScreen: copy and overlay
	Samples              int
	Drawn, Presented     int
	Backlog              bool   // trail segments wait for the next frames
	HeapAlloc            uint64 // bytes of live heap objects
	HeapSys              uint64
	Mallocs              uint64 // cumulative count of heap allocations
	NumGC                uint32
}

// Perf returns the timings and, if gc, the heap after a collection.
func (g *Game) Perf(gc bool) Perf {
	if gc {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	g.mu.Lock()
	defer g.mu.Unlock()
	var p Perf
	p.UpdateMed, p.UpdateP95, p.Samples = g.upd.quantiles()
	p.DrawMed, p.DrawP95, _ = g.drw.quantiles()
	p.FinalMed, p.FinalP95, _ = g.fin.quantiles()
	p.Drawn, p.Presented = g.drawn, g.presented
	p.Backlog = g.scene != nil && g.scene.Backlog()
	p.HeapAlloc, p.HeapSys, p.Mallocs, p.NumGC = ms.HeapAlloc, ms.HeapSys, ms.Mallocs, ms.NumGC
	return p
}

// ResetPerf forgets the timings kept so far.
func (g *Game) ResetPerf() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.upd, g.drw, g.fin = timings{}, timings{}, timings{}
}

// JS returns the figures as window.downhill.perf() gives them.
func (p Perf) JS() map[string]any {
	return map[string]any{
		"updateMed": p.UpdateMed, "updateP95": p.UpdateP95,
		"drawMed": p.DrawMed, "drawP95": p.DrawP95,
		"finalMed": p.FinalMed, "finalP95": p.FinalP95,
		"samples": p.Samples, "drawn": p.Drawn, "presented": p.Presented, "backlog": p.Backlog,
		"heapAlloc": float64(p.HeapAlloc), "heapSys": float64(p.HeapSys),
		"mallocs": float64(p.Mallocs), "numGC": p.NumGC,
	}
}
