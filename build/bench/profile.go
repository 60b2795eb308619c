//go:build !js

package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"downhill/build/internal/browser"
)

// Profile is the profiling pass (-profile): where the frame time goes.
type Profile struct {
	Cases []*ProfileCase `json:"cases"`
	// StateMS is how long one downhill.state() call takes with n balls
	// (the control panel polls it).
	StateMS map[string]float64 `json:"state_ms,omitempty"`
	// HeapTop is the in-wasm allocation sites over a window of the probe
	// page rolling 500 balls (go tool pprof -top, alloc_objects), and what
	// holds the live heap at its end (inuse_space).
	HeapTop []string `json:"heap_top,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// ProfileCase is one page state: its frame rates, the in-wasm timings,
// the CPU each browser process used, and a trace's busiest threads.
type ProfileCase struct {
	Name    string             `json:"name"`
	FPS     float64            `json:"fps"`
	GameFPS float64            `json:"game_fps"`
	Perf    map[string]float64 `json:"perf,omitempty"`
	CPU     []ProcessCPU       `json:"cpu,omitempty"`
	Threads []ThreadTime       `json:"threads,omitempty"`
	Error   string             `json:"error,omitempty"`
}

type profileSetup struct {
	name  string
	page  string // path and query on the bench server
	app   string // "downhill" or "probe": the JS object
	balls int
	spin  bool
	skip  string // probe.skip's argument
	trace bool
	// fresh: the balls are dropped and stay paused, trails of one point
	// (the probe only).
	fresh bool
}

func profileSetups() []profileSetup {
	var s []profileSetup
	for _, c := range []struct {
		n    int
		spin bool
	}{{500, false}, {500, true}, {2000, false}} {
		name := fmt.Sprintf("%d balls", c.n)
		if c.spin {
			name += " spin"
		}
		s = append(s,
			profileSetup{name: "downhill " + name, page: "/" + rollQuery, app: "downhill", balls: c.n, spin: c.spin, trace: true},
			profileSetup{name: "downhill " + name + " #panel=off", page: "/" + rollQuery + "#panel=off", app: "downhill", balls: c.n, spin: c.spin},
			profileSetup{name: "probe " + name, page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, spin: c.spin, trace: true},
			profileSetup{name: "probe " + name + " no overlay", page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, spin: c.spin, skip: "overlay"},
		)
		if c.spin {
			s = append(s,
				profileSetup{name: "probe " + name + ", paused, trails of 1 point", page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, spin: true, fresh: true},
				profileSetup{name: "probe spin, no balls", page: "/bench/probe/" + rollQuery, app: "probe", spin: true, fresh: true},
			)
		}
		if !c.spin {
			s = append(s,
				profileSetup{name: "probe " + name + " overlay, zero-area triangles", page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, skip: "degenerate"},
				profileSetup{name: "probe " + name + " overlay as one quad of its area", page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, skip: "area"},
			)
		}
		if !c.spin && c.n == 500 {
			s = append(s, profileSetup{name: "probe " + name + " no final screen", page: "/bench/probe/" + rollQuery, app: "probe", balls: c.n, skip: "copy"})
		}
	}
	return s
}

// profile runs the profiling pass.
func (e *env) profile(ctx context.Context, log io.Writer) *Profile {
	pr := &Profile{StateMS: map[string]float64{}}
	for _, s := range profileSetups() {
		if e.cfg.profileOnly != nil && !e.cfg.profileOnly.MatchString(s.name) {
			continue
		}
		fmt.Fprintf(log, "profile %-44s", s.name)
		c := e.profileCase(ctx, s)
		pr.Cases = append(pr.Cases, c)
		if c.Error != "" {
			fmt.Fprintf(log, " error: %s\n", c.Error)
			continue
		}
		fmt.Fprintf(log, " %5.1f FPS  shown %5.1f  draw p95 %.2f ms  cpu:", c.FPS, c.GameFPS, c.Perf["draw_p95_ms"])
		for _, pc := range c.CPU {
			fmt.Fprintf(log, " %s %.2f", pc.Type, pc.CPU)
		}
		fmt.Fprintln(log)
		if ctx.Err() != nil {
			pr.Error = ctx.Err().Error()
			return pr
		}
	}
	for _, n := range []int{100, 500, 2000} {
		ms, err := e.stateTime(n)
		if err != nil {
			pr.Error = firstLine(err.Error())
			break
		}
		pr.StateMS[fmt.Sprint(n)] = ms
	}
	top, err := e.heapTop(ctx)
	if err != nil {
		pr.Error = firstLine(err.Error())
	}
	pr.HeapTop = top
	return pr
}

func (e *env) profileCase(ctx context.Context, s profileSetup) *ProfileCase {
	c := &ProfileCase{Name: s.name}
	fail := func(err error) *ProfileCase {
		c.Error = firstLine(err.Error())
		return c
	}
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return fail(err)
	}
	defer p.Close()
	if err := p.Navigate(e.base + s.page); err != nil {
		return fail(err)
	}
	if s.app == "downhill" {
		err = p.WaitReady()
	} else {
		err = p.WaitFor(`window.probe && probe.perf(false).drawn > 5`)
	}
	if err != nil {
		return fail(err)
	}
	spin := 0
	if s.spin {
		spin = spinDegS
	}
	setup := fmt.Sprintf(`void downhill.step(%d), void downhill.set({spin: %d, paused: 0})`, setupSteps, spin)
	if s.app == "probe" {
		steps, paused := setupSteps, 0
		if s.fresh {
			steps, paused = 0, 1
		}
		setup = fmt.Sprintf(`probe.drop(%d), probe.step(%d), probe.set("spin=%d&paused=%d"), probe.skip(%q)`, s.balls, steps, spin, paused, s.skip)
	} else if _, err := browser.Eval[int](p, dropGridJS(s.balls)); err != nil {
		return fail(err)
	}
	if _, err := browser.Eval[any](p, setup); err != nil {
		return fail(err)
	}
	if err := sleep(ctx, e.cfg.warmup); err != nil {
		return fail(err)
	}
	window := min(e.cfg.duration, 6*time.Second)
	var got struct {
		RAF   float64 `json:"raf"`
		Shown float64 `json:"shown"`
		P     appPerf `json:"p"`
	}
	c.CPU, err = processCPU(p, func() error {
		var err error
		got, err = browser.Eval[struct {
			RAF   float64 `json:"raf"`
			Shown float64 `json:"shown"`
			P     appPerf `json:"p"`
		}](p, fmt.Sprintf(`new Promise((done) => {
			const app = window.%s;
			app.resetPerf();
			const p0 = app.perf(false), t0 = performance.now();
			let n = 0;
			const tick = () => {
				n++;
				const t = performance.now();
				if (t - t0 < %d) { requestAnimationFrame(tick); return; }
				const p = app.perf(false), s = (t - t0) / 1000;
				done({raf: n / s, shown: (p.presented - p0.presented) / s, p});
			};
			requestAnimationFrame(tick);
		})`, s.app, window.Milliseconds()))
		return err
	})
	if err != nil {
		return fail(err)
	}
	c.FPS, c.GameFPS = got.RAF, got.Shown
	c.Perf = map[string]float64{
		"update_med_ms": got.P.UpdateMed, "update_p95_ms": got.P.UpdateP95,
		"draw_med_ms": got.P.DrawMed, "draw_p95_ms": got.P.DrawP95,
		"final_med_ms": got.P.FinalMed, "final_p95_ms": got.P.FinalP95,
	}
	if s.trace {
		evs, err := record(ctx, p, 3*time.Second)
		if err != nil {
			return fail(err)
		}
		c.Threads = summarize(evs, 20, 12)
	}
	return c
}

// stateTime returns how long downhill.state() takes with n balls.
func (e *env) stateTime(n int) (float64, error) {
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return 0, err
	}
	defer p.Close()
	if err := p.Load(e.base + "/" + rollQuery + "#panel=off"); err != nil {
		return 0, err
	}
	if _, err := browser.Eval[int](p, dropGridJS(n)); err != nil {
		return 0, err
	}
	if _, err := browser.Eval[any](p, stepJS(setupSteps)); err != nil {
		return 0, err
	}
	return browser.Eval[float64](p, `(() => {
		const ts = [];
		for (let i = 0; i < 5; i++) { const t = performance.now(); downhill.state(); ts.push(performance.now() - t); }
		ts.sort((a, b) => a - b);
		return ts[2];
	})()`)
}

// heapTop profiles the probe page's allocations over a window of 500
// balls rolling, and returns go tool pprof's top lines.
func (e *env) heapTop(ctx context.Context) ([]string, error) {
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if err := p.Navigate(e.base + "/bench/probe/" + rollQuery + "&memrate=1"); err != nil {
		return nil, err
	}
	if err := p.WaitFor(`window.probe && probe.perf(false).drawn > 5`); err != nil {
		return nil, err
	}
	if _, err := browser.Eval[any](p, fmt.Sprintf(`probe.drop(500), probe.step(%d), probe.set("paused=0")`, setupSteps)); err != nil {
		return nil, err
	}
	if err := sleep(ctx, e.cfg.warmup); err != nil {
		return nil, err
	}
	// Kept for go tool pprof -list (next to the JSON).
	dir := filepath.Join(filepath.Dir(e.cfg.jsonOut), "bench-heap")
	if e.cfg.jsonOut == "" {
		dir = filepath.Join(os.TempDir(), "downhill-bench-heap")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	for i := range 2 {
		if i == 1 {
			if err := sleep(ctx, 5*time.Second); err != nil {
				return nil, err
			}
		}
		b64, err := browser.Eval[string](p, `probe.heapProfile()`)
		if err != nil {
			return nil, err
		}
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, err
		}
		f := filepath.Join(dir, fmt.Sprintf("heap%d.pb.gz", i))
		if err := os.WriteFile(f, data, 0o644); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	frames, err := browser.Eval[float64](p, `probe.perf(false).drawn`)
	if err != nil {
		return nil, err
	}
	lines := []string{fmt.Sprintf("%.0f frames drawn in all; profiles in %s; allocations between the two (alloc_objects):", frames, dir)}
	for i, args := range [][]string{
		{"-sample_index=alloc_objects", "-ignore=runtime/pprof", "-base", files[0], files[1]},
		{"-sample_index=inuse_space", files[1]},
	} {
		if i == 1 {
			lines = append(lines, "", "live heap at the end (inuse_space):")
		}
		out, err := exec.CommandContext(ctx, "go", append([]string{"tool", "pprof", "-top", "-nodecount=12"}, args...)...).CombinedOutput()
		if err != nil {
			return nil, fmt.Errorf("go tool pprof: %v: %s", err, out)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if strings.HasPrefix(l, "Type:") || strings.HasPrefix(l, "Time:") || strings.HasPrefix(l, "Dropped") {
				continue
			}
			lines = append(lines, strings.TrimRight(l, " "))
		}
	}
	return lines, nil
}
