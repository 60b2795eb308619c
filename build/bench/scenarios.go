//go:build !js

package main

import (
	"fmt"
	"strings"
	"time"

	"downhill/build/internal/browser"
)

// againstPrefix names the copy of a Downhill scenario run on the -against
// dist/.
const againstPrefix = "against: "

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
	// Against marks their copies on the -against dist/.
	App, Against bool
	// Balls is how many balls roll (for the targets' table); Spin whether
	// the 3D view turns; Fresh whether they are new balls at the default
	// speed (the comparison with the other demos) rather than balls with
	// 1,000-point trails at 60 steps a second.
	Balls int
	Spin  bool
	Fresh bool
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
	// The recipe of issue 13's comparison with the other optimizer demos
	// on the web: N fresh balls started by script at the page's default
	// speed (30 steps a second), requestAnimationFrame callbacks counted.
	for _, n := range freshBalls {
		sc := downhill(fmt.Sprintf("downhill %d fresh", n), freshQuery, fresh(n))
		sc.Balls, sc.Fresh = n, true
		sc.Measure = countRolling
		s = append(s, sc)
	}
	// Four embeds on a course page, one in view (all four loaded at once:
	// the three below it run their Go runtimes too), against the same
	// page with one embed.
	for _, n := range []int{1, 4} {
		s = append(s, embeds(n))
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

// freshBalls are the N of the comparison with the other demos; freshQuery
// keeps every ball rolling for the whole measurement (gradient descent,
// eta = 0.1) at the default speed.
var freshBalls = []int{1, 10, 50, 100, 500}

const freshQuery = "?surface=neuron&opt=gd&lr=0.1&maxSteps=1000000&paused=1"

// fresh drops n balls and lets them roll.
func fresh(n int) func(p *browser.Page) error {
	return func(p *browser.Page) error {
		if err := dropGrid(p, n); err != nil {
			return err
		}
		_, err := browser.Eval[any](p, `void downhill.set({paused: 0})`)
		return err
	}
}

// embedBalls roll in the visible embed of the embeds scenarios.
const embedBalls = 10

// embedQuery is one embedded figure on the embeds pages (embedsPage).
const embedQuery = "/?embed=1&load=eager&surface=neuron&opt=gd&lr=0.1&maxSteps=1000000&paused=1#panel=off"

// embeds is the course page with n embeds, each a viewport tall, the
// first in view; its embedBalls balls roll. The frames counted are the
// first embed's presented ones; Measure adds how many frames the others
// presented meanwhile (they are out of view: none) and how many loaded.
func embeds(n int) scenario {
	inFirst := func(js string) string { return "((downhill) => " + js + ")(frames[0].downhill)" }
	return scenario{
		Name:   fmt.Sprintf("%d embeds, 1 in view", n),
		Page:   fmt.Sprintf("/bench/embeds%d/", n),
		Ready:  fmt.Sprintf(`(() => { try { return frames.length === %d && [...Array(%d).keys()].every((i) => frames[i].downhill && frames[i].downhill.ready); } catch (e) { return false; } })()`, n, n),
		Frames: `window.frames[0].downhill.perf(false).presented`,
		Balls:  embedBalls,
		Setup: func(p *browser.Page) error {
			got, err := browser.Eval[int](p, inFirst(dropGridJS(embedBalls)))
			if err != nil {
				return err
			}
			if got != embedBalls {
				return fmt.Errorf("dropped %d balls, want %d", got, embedBalls)
			}
			_, err = browser.Eval[any](p, inFirst(`void downhill.set({paused: 0})`)+`, window.benchOthers = Array.from({length: frames.length}, (_, i) => frames[i]).slice(1).reduce((t, f) => t + f.downhill.perf(false).presented, 0)`)
			return err
		},
		Measure: func(p *browser.Page) (map[string]float64, error) {
			got, err := browser.Eval[map[string]float64](p, `({
				others_presented: Array.from({length: frames.length}, (_, i) => frames[i]).slice(1).reduce((t, f) => t + f.downhill.perf(false).presented, 0) - window.benchOthers,
				loaded: Array.from({length: frames.length}, (_, i) => frames[i]).filter((f) => f.downhill && f.downhill.ready).length})`)
			return got, err
		},
	}
}

// embedsPage is a course page of n embeds, one viewport tall each, with
// text between them.
func embedsPage(n int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bench: a course page with embeds</title>
<link rel="icon" href="data:,">
<style>body { margin: 0; font: 16px sans-serif; } iframe { display: block; border: 0; width: 100%; height: 100vh; } p { margin: 1em; }</style>
</head>
<body>
`)
	for i := range n {
		fmt.Fprintf(&b, "<iframe src=\"%s\" title=\"figure %d\" allow=\"fullscreen\"></iframe>\n<p>Text between the figures.</p>\n", embedQuery, i+1)
	}
	b.WriteString("</body>\n</html>\n")
	return b.String()
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

// dropGrid drops n balls (dropGridJS) and checks that they are there.
func dropGrid(p *browser.Page, n int) error {
	got, err := browser.Eval[int](p, dropGridJS(n))
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("dropped %d balls, want %d", got, n)
	}
	return nil
}

// rolling drops n balls, steps them setupSteps at once so that every trail
// holds ~1,000 points, then lets them roll (and the 3D view turn).
func rolling(n int, spin bool) func(p *browser.Page) error {
	return func(p *browser.Page) error {
		if err := dropGrid(p, n); err != nil {
			return err
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
		return waitBacklog(p)
	}
}

// waitBacklog waits until the trails of the burst of steps are drawn: a
// repaint of thousands of long trails is spread over frames (at most
// 64,000 vertices a frame), and the scenario measures the balls rolling,
// not that repaint. (A page without the backlog figure, an older commit's,
// has none to wait for.)
func waitBacklog(p *browser.Page) error {
	old := p.Timeout
	p.Timeout = 2 * time.Minute
	defer func() { p.Timeout = old }()
	return p.WaitFor(`!downhill.perf(false).backlog`)
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
