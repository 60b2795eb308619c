//go:build !js

package main

import (
	"fmt"

	"downhill/build/internal/browser"
)

// appReady as a scenario's Ready means "wait for downhill.ready the way the
// tests do" (failing at once with the loader's message).
const appReady = "downhill.ready"

// scenario is one frame-rate measurement: a page, when it is ready, what to
// set up before counting, and what else to read after.
type scenario struct {
	Name string
	// Page is the URL path and query on the bench server: "/" is dist/
	// (Downhill), "/bench/<baseline>/" the baselines.
	Page string
	// Ready is a JavaScript expression, truthy when the page can be
	// measured (appReady for Downhill).
	Ready string
	// Frames is a JavaScript expression giving the number of frames a
	// baseline page has drawn so far ("" when it has no such counter).
	// Downhill's scenarios read downhill.perf() instead: frames drawn and
	// presented, and the in-wasm timings.
	Frames string
	// App marks Downhill's scenarios, skipped when its wasm did not build.
	App bool
	// Balls is how many balls roll (for the targets' table); Spin whether
	// the 3D view turns.
	Balls int
	Spin  bool
	// Setup runs once the page is ready, before the warm-up (add balls,
	// start a rotation...).
	Setup func(p *browser.Page) error
	// Measure runs after the frame count and returns the scenario's own
	// numbers; the table shows the median of each over the runs.
	Measure func(p *browser.Page) (map[string]float64, error)
}

// Rolling balls: gradient descent with eta = 0.1 on the lecture's neuron,
// so that every ball still rolls after the set-up steps and those of the
// measurement (measured: all 500 of a 23 x 23 grid still roll after 2,200
// steps; with the default eta = 1 a third have converged by step 1,000),
// 60 steps a second. A trail keeps at most 1,024 points and halves beyond:
// after 1,300 steps at once, the 2 s warm-up and 10 s of rolling, every
// trail holds 710 to 1,010 points while frames are counted.
const (
	rollQuery  = "?surface=neuron&opt=gd&lr=0.1&maxSteps=1000000&speed=60&paused=1"
	setupSteps = 1300
	spinDegS   = 30
)

// scenarios lists the measurements in table order. webgl2 must stay: every
// ratio is to it.
func scenarios() []scenario {
	s := []scenario{
		{Name: "webgl2", Page: "/bench/webgl2/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		{Name: "ebiten-default", Page: "/bench/ebiten-default/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		{Name: "ebiten-tuned", Page: "/bench/ebiten-tuned/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		// Both views drawn, nothing moving: ebiten stops presenting, the
		// browser's frame rate is what is left for the rest of the page.
		downhill("downhill idle", "?paused=1", nil),
	}
	for _, n := range []int{100, 500, 2000} {
		for _, spin := range []bool{false, true} {
			name := fmt.Sprintf("downhill %d balls", n)
			if spin {
				name += " spin"
			}
			sc := downhill(name, rollQuery, rolling(n, spin))
			sc.Balls, sc.Spin = n, spin
			sc.Measure = countRolling
			s = append(s, sc)
		}
	}
	return s
}

// downhill is a Downhill scenario: the page with query, set up by setup.
func downhill(name, query string, setup func(p *browser.Page) error) scenario {
	// #panel=off: the canvas fills the 1280x720 viewport as the baselines'
	// do (the control panel opens beside a window that wide) and nothing
	// but the benchmark calls into the wasm.
	return scenario{Name: name, Page: "/" + query + "#panel=off", Ready: appReady, App: true, Setup: setup}
}

// dropGridJS drops n balls (one per drop: opt=gd) on a grid spread over the
// surface's box, and returns how many balls there are.
func dropGridJS(n int) string {
	return fmt.Sprintf(`(() => {
		const n = %d, side = Math.ceil(Math.sqrt(n));
		const [w0, w1, b0, b1] = downhill.info().box;
		let k = 0;
		for (let i = 0; i < side && k < n; i++)
			for (let j = 0; j < side && k < n; j++, k++)
				downhill.addBall({start: [w0 + (i + 0.5) / side * (w1 - w0), b0 + (j + 0.5) / side * (b1 - b0)], optimizer: "gd"});
		return downhill.state().balls.length;
	})()`, n)
}

// rolling drops n balls, steps them setupSteps at once so that every trail
// holds ~1,000 points, then lets them roll (and the 3D view turn).
func rolling(n int, spin bool) func(p *browser.Page) error {
	return func(p *browser.Page) error {
		got, err := browser.Eval[int](p, dropGridJS(n))
		if err != nil {
			return err
		}
		if got != n {
			return fmt.Errorf("dropped %d balls, want %d", got, n)
		}
		if _, err := browser.Eval[any](p, stepJS(setupSteps)); err != nil {
			return err
		}
		deg := 0
		if spin {
			deg = spinDegS
		}
		errs, err := browser.Eval[[]string](p, fmt.Sprintf(`downhill.set({spin: %d, paused: 0})`, deg))
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return fmt.Errorf("set: %v", errs)
		}
		return nil
	}
}

// stepJS steps every ball n steps at once. downhill.step returns the whole
// state; void drops it on the page rather than sending it here.
func stepJS(n int) string { return fmt.Sprintf(`void downhill.step(%d)`, n) }

// countRolling returns how many balls still rolled at the end, and the
// longest trail: a scenario whose balls stopped measures less than it says.
func countRolling(p *browser.Page) (map[string]float64, error) {
	got, err := browser.Eval[struct {
		Rolling float64 `json:"rolling"`
		Trail   float64 `json:"trail"`
	}](p, `(() => {
		const bs = downhill.state().balls;
		return {rolling: bs.filter((b) => b.status === "rolling").length,
			trail: bs.reduce((m, b) => Math.max(m, b.trail), 0)};
	})()`)
	if err != nil {
		return nil, err
	}
	return map[string]float64{"rolling": got.Rolling, "trail": got.Trail}, nil
}
