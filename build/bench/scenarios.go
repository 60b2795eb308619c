//go:build !js

package main

import "downhill/build/internal/browser"

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
	// Frames is a JavaScript expression giving the number of frames the
	// game has drawn so far ("" when the page has no such counter).
	Frames string
	// App marks Downhill's scenarios, skipped when its wasm did not build.
	App bool
	// Setup runs once the page is ready, before the warm-up (add balls,
	// start a rotation...).
	Setup func(p *browser.Page) error
	// Measure runs after the frame count and returns the scenario's own
	// numbers (e.g. Update/Draw milliseconds read from the JS API); the
	// table shows the median of each over the runs.
	Measure func(p *browser.Page) (map[string]float64, error)
}

// scenarios lists the measurements in table order. webgl2 must stay: every
// ratio is to it.
func scenarios() []scenario {
	return []scenario{
		{Name: "webgl2", Page: "/bench/webgl2/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		{Name: "ebiten-default", Page: "/bench/ebiten-default/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		{Name: "ebiten-tuned", Page: "/bench/ebiten-tuned/", Ready: "window.benchFrames > 10", Frames: "window.benchFrames"},
		downhill("downhill idle", "?paused=1", nil),
		// The lead adds: balls rolling with trails, the 3D view rotating,
		// Update/Draw timings and heap growth, e.g.
		//
		//	downhill("downhill 500 balls", "", func(p *browser.Page) error {
		//		_, err := browser.Eval[any](p, `for (let i = 0; i < 500; i++) downhill.addBall({start: [...]})`)
		//		return err
		//	}),
		//
		// with Frames reading the app's drawn-frame counter once the JS
		// API has one, and Measure reading its timings.
	}
}

// downhill is a Downhill scenario: the page with query, set up by setup.
func downhill(name, query string, setup func(p *browser.Page) error) scenario {
	return scenario{Name: name, Page: "/" + query, Ready: appReady, App: true, Setup: setup}
}
