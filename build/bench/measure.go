//go:build !js

package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"downhill/build/internal/browser"
)

// measurement is one run of one scenario.
type measurement struct {
	fps     float64 // requestAnimationFrame callbacks per second
	gameFPS float64 // frames the game presented per second (baselines: drew)
	extra   map[string]float64
	canvas  string // the largest canvas's backing store, "WxH"
}

// appPerf is downhill.perf()'s answer.
type appPerf struct {
	UpdateMed float64 `json:"updateMed"`
	UpdateP95 float64 `json:"updateP95"`
	DrawMed   float64 `json:"drawMed"`
	DrawP95   float64 `json:"drawP95"`
	FinalMed  float64 `json:"finalMed"`
	FinalP95  float64 `json:"finalP95"`
	Samples   float64 `json:"samples"`
	Drawn     float64 `json:"drawn"`
	Presented float64 `json:"presented"`
	HeapAlloc float64 `json:"heapAlloc"`
	HeapSys   float64 `json:"heapSys"`
	Mallocs   float64 `json:"mallocs"`
	NumGC     float64 `json:"numGC"`
}

// countJS counts animation frames for ms milliseconds. For Downhill (app)
// it resets the in-wasm timings at the start and reads downhill.perf() at
// both ends; "cal" is the allocations of one perf() call itself (two calls
// back to back), subtracted from the window's count. For a baseline it
// reads the frames expression at both ends, and the bare Ebiten pages'
// allocation count (benchMallocs) likewise.
const countJS = `new Promise((done) => {
	const app = %t, ms = %d;
	const frames = () => (%s);
	const bm = !app && window.benchMallocs;
	let p0 = null, cal = 0, m0 = null;
	if (app) {
		const c0 = downhill.perf(false), c1 = downhill.perf(false);
		cal = c1.mallocs - c0.mallocs;
		downhill.resetPerf();
		p0 = downhill.perf(false);
	} else if (bm) {
		const c0 = bm(), c1 = bm();
		cal = c1 - c0;
		m0 = bm();
	}
	const f0 = frames(), t0 = performance.now();
	let n = 0, last = t0;
	const gaps = [];
	const tick = () => {
		n++;
		const t = performance.now();
		gaps.push(t - last);
		last = t;
		if (t - t0 < ms) { requestAnimationFrame(tick); return; }
		gaps.sort((a, b) => a - b);
		const p1 = app ? downhill.perf(false) : null;
		const m1 = bm ? bm() : null;
		done({raf: n, ms: t - t0, frames: frames() - f0, p0, p1, cal, m0, m1,
			gapP95: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))], gapMax: gaps[gaps.length - 1],
			isolated: window.crossOriginIsolated === true,
			canvas: [...document.querySelectorAll("canvas")].map((c) => c.width * c.height).reduce((a, b) => Math.max(a, b), 0),
			canvasSize: (() => { const c = [...document.querySelectorAll("canvas")].sort((a, b) => b.width * b.height - a.width * a.height)[0];
				return c ? c.width + "x" + c.height : ""; })()});
	};
	requestAnimationFrame(tick);
})`

// measure loads the scenario's page in a new tab, waits until it is ready,
// sets it up, warms up, then counts animation frames and the game's frames
// for the configured duration; for Downhill also the in-wasm timings and
// the allocations in that window.
func (e *env) measure(ctx context.Context, s scenario) (*measurement, error) {
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	p.Timeout = max(time.Minute, 3*e.cfg.duration)
	if err := p.Navigate(e.base + s.Page); err != nil {
		return nil, err
	}
	if s.Ready == appReady {
		err = p.WaitReady()
	} else {
		err = p.WaitFor(s.Ready)
	}
	if err != nil {
		return nil, err
	}
	if s.Setup != nil {
		if err := s.Setup(p); err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
	}
	if err := sleep(ctx, e.cfg.warmup); err != nil {
		return nil, err
	}
	if s.App {
		// The page may have changed its resolution during the warm-up
		// (pace.js, while frames run late): the trails are then drawn
		// again over a few frames. Measure once they are.
		if err := waitBacklog(p); err != nil {
			return nil, err
		}
	}
	frames := s.Frames
	if frames == "" {
		frames = "0"
	}
	got, err := browser.Eval[struct {
		RAF    float64  `json:"raf"`
		MS     float64  `json:"ms"`
		Frames float64  `json:"frames"`
		P0     *appPerf `json:"p0"`
		P1     *appPerf `json:"p1"`
		Cal    float64  `json:"cal"`
		M0     *float64 `json:"m0"`
		M1     *float64 `json:"m1"`
		// Isolated: cross-origin isolated, so performance.now() (and the
		// in-wasm timings) have 5 µs resolution instead of 100 µs.
		Isolated   bool    `json:"isolated"`
		GapP95     float64 `json:"gapP95"`
		GapMax     float64 `json:"gapMax"`
		Canvas     float64 `json:"canvas"`
		CanvasSize string  `json:"canvasSize"`
	}](p, fmt.Sprintf(countJS, s.App, e.cfg.duration.Milliseconds(), frames))
	if err != nil {
		return nil, err
	}
	sec := got.MS / 1000
	m := &measurement{fps: got.RAF / sec, extra: map[string]float64{}, canvas: got.CanvasSize}
	if s.Frames != "" {
		m.gameFPS = got.Frames / sec
	}
	if got.M0 != nil && got.M1 != nil && got.Frames > 0 {
		m.extra["mallocs_per_frame"] = max(0, *got.M1-*got.M0-got.Cal) / got.Frames
	}
	m.extra["frame_p95_ms"], m.extra["frame_max_ms"] = got.GapP95, got.GapMax
	if !got.Isolated {
		m.extra["not_isolated"] = 1
	}
	if a, b := got.P0, got.P1; a != nil && b != nil {
		drawn := b.Drawn - a.Drawn
		m.gameFPS = (b.Presented - a.Presented) / sec
		m.extra["drawn_fps"] = drawn / sec
		m.extra["update_med_ms"], m.extra["update_p95_ms"] = b.UpdateMed, b.UpdateP95
		m.extra["draw_med_ms"], m.extra["draw_p95_ms"] = b.DrawMed, b.DrawP95
		m.extra["final_med_ms"], m.extra["final_p95_ms"] = b.FinalMed, b.FinalP95
		if drawn > 0 {
			m.extra["mallocs_per_frame"] = max(0, b.Mallocs-a.Mallocs-got.Cal) / drawn
		}
		m.extra["gc_per_s"] = (b.NumGC - a.NumGC) / sec
	}
	if s.Measure != nil {
		more, err := s.Measure(p)
		if err != nil {
			return nil, fmt.Errorf("measure: %w", err)
		}
		for k, v := range more {
			m.extra[k] = v
		}
	}
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		return nil, fmt.Errorf("console errors: %s", strings.Join(errs, "; "))
	}
	return m, nil
}

// Heap is the wasm heap before and after heapSteps steps of heapBalls
// rolling balls, each figure after a garbage collection.
type Heap struct {
	Balls int `json:"balls"`
	// Steps is how many steps every ball took between the two figures
	// (the page rolls at Speed steps a second for the time they take).
	Steps int `json:"steps"`
	Speed int `json:"speed"`
	// Empty is the page's heap before the balls were dropped.
	Empty     float64 `json:"heap_alloc_empty"`
	Before    float64 `json:"heap_alloc_before"`
	After     float64 `json:"heap_alloc_after"`
	Growth    float64 `json:"growth_bytes"`
	SysBefore float64 `json:"heap_sys_before"`
	SysAfter  float64 `json:"heap_sys_after"`
	// Mallocs is the heap allocations made in between (the perf calls'
	// own subtracted), Frames the frames drawn.
	Mallocs float64 `json:"mallocs"`
	Frames  float64 `json:"frames"`
	GCs     float64 `json:"gcs"`
	// AtLimit is how many balls took every step (the others converged).
	AtLimit float64 `json:"balls_at_step_limit"`
	Error   string  `json:"error,omitempty"`
}

const (
	heapBalls = 500
	heapSteps = 20000
	heapSpeed = 2000 // steps a second asked for: 20,000 steps in 10 s if the page keeps up
	// eta = 0.02: 491 of the 500 balls still roll after 22,000 steps.
	heapQuery = "?surface=neuron&opt=gd&lr=0.02&maxSteps=1000000&paused=1#panel=off"
)

// heapGrowth drops heapBalls balls, steps them 1,300 steps, lets them roll
// at heapSpeed steps a second (as fast as the page manages) for 5 s, so
// that every buffer grows to its size, pauses, reads the heap after a GC,
// lets them roll exactly heapSteps more steps (the step limit stops them
// there) and reads it again. The page is left alone meanwhile (one check
// of the steps at the expected end): downhill.step and downhill.state build
// the whole state (tens of thousands of allocations with 500 balls), so
// the steps are the game's own, Update by Update, with their frames; and
// the page runs without its control panel (#panel=off), which polls
// downhill.state() (see -profile).
func (e *env) heapGrowth(ctx context.Context) *Heap {
	h := &Heap{Balls: heapBalls, Speed: heapSpeed}
	fail := func(err error) *Heap {
		h.Error = firstLine(err.Error())
		return h
	}
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return fail(err)
	}
	defer p.Close()
	p.Timeout = 10 * time.Minute
	if err := p.Load(e.base + "/" + heapQuery); err != nil {
		return fail(err)
	}
	// The same page before any ball: what a ball costs is the difference.
	if err := sleep(ctx, 2*time.Second); err != nil {
		return fail(err)
	}
	empty, err := browser.Eval[appPerf](p, `downhill.perf(true)`)
	if err != nil {
		return fail(err)
	}
	h.Empty = empty.HeapAlloc
	if _, err := browser.Eval[int](p, dropGridJS(heapBalls)); err != nil {
		return fail(err)
	}
	if _, err := browser.Eval[any](p, stepJS(setupSteps)); err != nil {
		return fail(err)
	}
	if _, err := browser.Eval[any](p, fmt.Sprintf(`void downhill.set({speed: %d, paused: 0})`, heapSpeed)); err != nil {
		return fail(err)
	}
	type reading struct {
		P   appPerf `json:"p"`
		Cal float64 `json:"cal"`
	}
	// The steps of the ball that has taken most: state() is big, so it
	// is read on its own, and the heap a moment later after a GC.
	steps := func() (float64, error) {
		return browser.Eval[float64](p, `downhill.state().balls.reduce((m, b) => Math.max(m, b.steps), 0)`)
	}
	heap := func() (reading, error) {
		if err := sleep(ctx, 200*time.Millisecond); err != nil {
			return reading{}, err
		}
		return browser.Eval[reading](p, `(() => { const c0 = downhill.perf(false), c1 = downhill.perf(false);
			return {p: downhill.perf(true), cal: c1.mallocs - c0.mallocs}; })()`)
	}
	// Warm up for 5 s, the last 3 measuring how fast the balls roll: the
	// page keeps heapSpeed only if Update keeps 60 ticks a second.
	if err := sleep(ctx, 2*time.Second); err != nil {
		return fail(err)
	}
	s0, err := steps()
	if err != nil {
		return fail(err)
	}
	t0 := time.Now()
	if err := sleep(ctx, 3*time.Second); err != nil {
		return fail(err)
	}
	s1, err := steps()
	if err != nil {
		return fail(err)
	}
	rate := (s1 - s0) / time.Since(t0).Seconds()
	if rate <= 0 {
		return fail(fmt.Errorf("the balls do not roll (%.0f steps a second)", rate))
	}
	// Pause, read the heap, and roll exactly heapSteps more: the step
	// limit stops every ball there.
	if _, err := browser.Eval[any](p, `void downhill.pause()`); err != nil {
		return fail(err)
	}
	start, err := steps()
	if err != nil {
		return fail(err)
	}
	// What one look at the steps allocates.
	stateCost, err := browser.Eval[float64](p, `(() => { const a = downhill.perf(false);
		downhill.state(); return downhill.perf(false).mallocs - a.mallocs; })()`)
	if err != nil {
		return fail(err)
	}
	a, err := heap()
	if err != nil {
		return fail(err)
	}
	limit := int(start) + heapSteps
	if _, err := browser.Eval[any](p, fmt.Sprintf(`void downhill.set({maxSteps: %d, paused: 0})`, limit)); err != nil {
		return fail(err)
	}
	// Wait by the clock (asking the page allocates), then check.
	wait := time.Duration(heapSteps/rate*1.3*float64(time.Second)) + time.Second
	if wait > 3*time.Minute {
		return fail(fmt.Errorf("the balls roll %.0f steps a second: %d steps would take %s", rate, heapSteps, wait))
	}
	// Read the heap, then check that the balls have done their steps; if
	// not, wait and read again (the checks' own allocations are
	// subtracted from the count).
	var b reading
	end, checks := start, 0.0
	for deadline := time.Now().Add(2 * wait); ; {
		if err := sleep(ctx, wait); err != nil {
			return fail(err)
		}
		if b, err = heap(); err != nil {
			return fail(err)
		}
		if end, err = steps(); err != nil {
			return fail(err)
		}
		if int(end) >= limit || time.Now().After(deadline) {
			break
		}
		checks++
		wait = time.Duration((float64(limit)-end)/rate*1.3*float64(time.Second)) + time.Second
	}
	h.Steps = int(end - start)
	h.Before, h.After, h.Growth = a.P.HeapAlloc, b.P.HeapAlloc, b.P.HeapAlloc-a.P.HeapAlloc
	h.SysBefore, h.SysAfter = a.P.HeapSys, b.P.HeapSys
	// From the GC of the first reading to that of the second: the first
	// reading's answer and the second's perf(false) pair are counted.
	// (The panel is off: nothing else calls into the wasm.)
	h.Mallocs = max(0, b.P.Mallocs-a.P.Mallocs-3*b.Cal-checks*stateCost)
	h.Frames = b.P.Drawn - a.P.Drawn
	h.GCs = b.P.NumGC - a.P.NumGC - 1 - checks // less perf(true)'s own
	if n, err := browser.Eval[float64](p, `downhill.state().balls.filter((b) => b.status === "steplimit").length`); err == nil {
		h.AtLimit = n
	}
	return h
}

// Served is how the page's main.wasm came over the wire.
type Served struct {
	// Encoded and Decoded are the Resource Timing body sizes: with a
	// precompressed file, Encoded is the .gz or .br size.
	Encoded  float64 `json:"encoded_bytes"`
	Decoded  float64 `json:"decoded_bytes"`
	Encoding string  `json:"encoding"`
	Error    string  `json:"error,omitempty"`
}

// served loads Downhill and reads main.wasm's transfer from Resource
// Timing, naming the encoding by the size that matches.
func (e *env) served(sz Size) Served {
	var s Served
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		s.Error = err.Error()
		return s
	}
	defer p.Close()
	if err := p.Load(e.base + "/?paused=1"); err != nil {
		s.Error = firstLine(err.Error())
		return s
	}
	got, err := browser.Eval[struct {
		Enc float64 `json:"enc"`
		Dec float64 `json:"dec"`
	}](p, `(() => {
		const r = performance.getEntriesByType("resource").find((e) => e.name.includes("main.wasm"));
		return r ? {enc: r.encodedBodySize, dec: r.decodedBodySize} : {enc: 0, dec: 0};
	})()`)
	if err != nil {
		s.Error = firstLine(err.Error())
		return s
	}
	s.Encoded, s.Decoded = got.Enc, got.Dec
	switch int64(got.Enc) {
	case 0:
		s.Encoding = "unknown"
	case sz.Brotli:
		s.Encoding = "br"
	case sz.Gzip:
		s.Encoding = "gzip"
	case sz.Raw:
		s.Encoding = "identity"
	default:
		s.Encoding = "other"
	}
	return s
}

// idleHeaps loads pages and leaves them alone for 3 s: the default page
// (standalone, panel open, no parameters: the first visit) and a course
// page with one embed; then reads the Go heap after a GC (twice: the
// second figure, after the first GC's finalizers ran).
func (e *env) idleHeaps(ctx context.Context) []IdleHeap {
	cases := []struct{ name, url, ready, perf string }{
		{"default page, standalone", "/", appReady, "downhill"},
		{"one embed on a course page", "/bench/embeds1/", `(() => { try { return frames[0].downhill.ready; } catch (e) { return false; } })()`, "frames[0].downhill"},
	}
	var out []IdleHeap
	for _, c := range cases {
		h := IdleHeap{Name: c.name}
		err := func() error {
			p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
			if err != nil {
				return err
			}
			defer p.Close()
			if err := p.Navigate(e.base + c.url); err != nil {
				return err
			}
			if c.ready == appReady {
				err = p.WaitReady()
			} else {
				err = p.WaitFor(c.ready)
			}
			if err != nil {
				return err
			}
			if err := sleep(ctx, 3*time.Second); err != nil {
				return err
			}
			var got appPerf
			for range 2 {
				if got, err = browser.Eval[appPerf](p, c.perf+".perf(true)"); err != nil {
					return err
				}
				if err := sleep(ctx, 300*time.Millisecond); err != nil {
					return err
				}
			}
			h.Alloc, h.Sys = got.HeapAlloc, got.HeapSys
			return nil
		}()
		if err != nil {
			h.Error = firstLine(err.Error())
		}
		out = append(out, h)
	}
	return out
}
