//go:build !js

package main

// Browser tests of the one way in (keys on the canvas and on the page, the
// page under a strict Content-Security-Policy), the lecture's tour and its
// scenes' URLs, the map's framing, a surface undefined somewhere, and the
// ball limit.

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"downhill/build/internal/browser"
	"downhill/build/internal/site"
	"downhill/game/sim"
)

// worldView is the part of state() a key can change that does not move
// with time, to compare two pages.
type worldView struct {
	Paused    bool               `json:"paused"`
	Speed     float64            `json:"speed"`
	Camera    map[string]float64 `json:"camera"`
	Box       [4]float64         `json:"box"`
	Mode      string             `json:"mode"`
	BallCount int                `json:"ballCount"`
	Tour      bool               `json:"tour"`
	Scene     *struct {
		Name string `json:"name"`
	} `json:"scene"`
	Guesses []any `json:"guesses"`
}

const worldViewJS = `(() => { const s = downhill.state({balls: 0, last: false});
	return {paused: s.paused, speed: s.speed, camera: s.camera, box: s.box, mode: s.mode, ballCount: s.ballCount,
		tour: s.tour, scene: s.scene, guesses: s.guesses}; })()`

// TestKeysCanvasAndPageAgree: every key means the same on the focused
// canvas and on the page itself (one command, downhill.key): pressed in turn
// on two pages set up alike, the worlds stay alike. Home, which used to
// zoom 1.1 on the page and 1 on the canvas, gives the default camera on both.
func TestKeysCanvasAndPageAgree(t *testing.T) {
	e := appEnv(t)
	q := "?balls=-2,-2;1,1&opt=gd,momentum&speed=20&yaw=10&pitch=50&zoom=1.3&box=-4,4,-4,4&paused=1#panel=off"
	pages := make([]*browser.Page, 2)
	for i := range pages {
		pages[i] = newPage(t, e, 1024, 640, 1)
		must(t, pages[i].Load(e.appURL+q))
	}
	canvas, page := pages[0], pages[1]
	focusCanvas := func() {
		eval[bool](t, canvas, `(document.querySelector("canvas").focus(), document.activeElement === document.querySelector("canvas"))`)
	}
	focusPage := func() {
		eval[bool](t, page, `(document.activeElement && document.activeElement.blur(), document.activeElement === document.body)`)
	}
	press := func(key string) {
		t.Helper()
		focusCanvas()
		must(t, canvas.Key(key))
		focusPage()
		must(t, page.Key(key))
	}
	same := func(what string) worldView {
		t.Helper()
		var views [2]worldView
		for i, p := range pages {
			// Keys act at once (not at a tick): read right away.
			views[i] = eval[worldView](t, p, worldViewJS)
		}
		a, _ := json.Marshal(views[0])
		b, _ := json.Marshal(views[1])
		if string(a) != string(b) {
			t.Errorf("after %s the canvas's world and the page's differ:\ncanvas %s\npage   %s", what, a, b)
		}
		return views[0]
	}
	steps := func(p *browser.Page) int {
		return eval[int](t, p, `downhill.state().balls.reduce((m, b) => Math.max(m, b.steps), 0)`)
	}
	// Home first: the known drift.
	press(kb.Home)
	v := same("Home")
	d := sim.DefaultCamera()
	if math.Abs(v.Camera["yaw"]-d.Yaw/sim.Degree) > 1e-9 || math.Abs(v.Camera["pitch"]-d.Pitch/sim.Degree) > 1e-9 || v.Camera["zoom"] != d.Zoom {
		t.Errorf("Home gives the camera %v, want the default (yaw %v, pitch %v, zoom %v)", v.Camera, d.Yaw/sim.Degree, d.Pitch/sim.Degree, d.Zoom)
	}
	if v.Box != [4]float64{-6, 6, -6, 6} {
		t.Errorf("Home should show the whole box again, the framing is %v", v.Box)
	}
	// Steps while paused: the same number of steps on both.
	for _, k := range []string{"s", "s", "s"} {
		press(k)
		same(k)
	}
	if a, b := steps(canvas), steps(page); a != 3 || b != 3 {
		t.Errorf("three step keys took %d steps on the canvas, %d on the page", a, b)
	}
	for _, k := range []string{"+", "+", "-", "f", "g", "g", "r", "c", " ", " "} {
		press(k)
		v = same(fmt.Sprintf("%q", k))
	}
	if v.Speed != 40 || !v.Paused || v.BallCount != 0 || v.Mode != "guess" || len(v.Guesses) != 1 {
		t.Errorf("after the keys: speed %v (want 40), paused %v, %d balls, mode %s with %d tries", v.Speed, v.Paused, v.BallCount, v.Mode, len(v.Guesses))
	}
	// The convergence map's keys: m shows it, the arrows move its cursor,
	// Enter drops a race at the cursor's cell, m again hides it.
	for _, k := range []string{"m", kb.ArrowUp, kb.ArrowRight, kb.ArrowRight, kb.Enter, "m"} {
		press(k)
		v = same(fmt.Sprintf("%q", k))
	}
	if v.Mode != "roll" || v.BallCount != 2 {
		t.Errorf("after m, ↑, →, →, Enter, m: mode %s with %d balls, want rolling with the race Enter dropped", v.Mode, v.BallCount)
	}
	// The tour's keys: some scenes turn the camera, so the camera is left
	// out of the comparison.
	for _, k := range []string{kb.PageDown, kb.PageDown, kb.PageDown, kb.PageUp, kb.PageUp} {
		press(k)
		for _, p := range pages {
			eval[any](t, p, `downhill.set({spin: 0, yaw: 0})`)
		}
		v = same(fmt.Sprintf("%q", k))
	}
	if !v.Tour || v.Scene == nil || v.Scene.Name != sim.Scenes[0].Name {
		t.Errorf("after PageDown three times and PageUp twice: tour %v at %+v, want the first scene", v.Tour, v.Scene)
	}
	// A key the world does not take stays the browser's.
	for _, p := range pages {
		if eval[bool](t, p, `downhill.key("q")`) {
			t.Error(`downhill.key("q") says it is handled`)
		}
	}
}

// TestPageUnderStrictCSP: served with the policy a careful university server
// sends, the page starts, its panel is styled and works, and the browser
// reports no violation.
func TestPageUnderStrictCSP(t *testing.T) {
	e := appEnv(t)
	const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"
	h := site.Handler(filepath.Join(e.tmp, "app"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	p := newPage(t, e, 1300, 760, 1)
	must(t, p.Load(srv.URL+"/?balls=-2,-2#panel=open"))
	if got := eval[string](t, p, `getComputedStyle(document.getElementById("panel")).backgroundColor`); got != "rgb(27, 31, 38)" {
		t.Errorf("the panel's background is %q: the stylesheet did not apply", got)
	}
	if !eval[bool](t, p, `document.querySelectorAll("#hp-rows .row").length > 5 && !!document.getElementById("opt-momentum")`) {
		t.Fatal("the panel was not built from info()")
	}
	// The panel works: check momentum, and a click drops two balls.
	must(t, p.WaitFor(`!document.getElementById("panel-body").inert`))
	eval[any](t, p, `document.getElementById("opt-momentum").click()`)
	must(t, p.WaitFor(`downhill.state().enabled.join() === "gd,momentum"`))
	must(t, p.Click(toScreen(t, p, 1, 1)))
	must(t, p.WaitFor(`downhill.state().ballCount === 3`))
	// The picture and the panel's data: a screenshot PNG and the CSV.
	if !eval[bool](t, p, `downhill.screenshot().then((u) => u.startsWith("data:image/png"))`) {
		t.Error("screenshot() under the policy is not a PNG")
	}
	for _, m := range p.Console() {
		if strings.Contains(m.Text, "Content Security Policy") || strings.Contains(m.Text, "Refused to") {
			t.Errorf("a violation: %s", m.Text)
		}
	}
	noConsoleErrors(t, p)
}

type sceneState struct {
	Surface string   `json:"surface"`
	Enabled []string `json:"enabled"`
	Tour    bool     `json:"tour"`
	Scene   *struct {
		Name  string `json:"name"`
		Index int    `json:"index"`
		Count int    `json:"count"`
	} `json:"scene"`
}

// expectedScene is what scene i sets up, computed by the world in Go.
func expectedScene(t *testing.T, i int) (surface string, enabled []string) {
	w, errs := sim.NewFromQuery("scene="+sim.Scenes[i].Name, 1)
	if len(errs) > 0 {
		t.Fatalf("scene %s: %v", sim.Scenes[i].Name, errs)
	}
	for _, r := range w.Enabled {
		enabled = append(enabled, r.String())
	}
	surface = w.Info.Name
	if w.Mode == sim.ModeQuiz {
		surface = "" // hidden until answered
	}
	return surface, enabled
}

// TestTourWalksTheLecture: from the first scene to the last with Page Down
// on the canvas (what a presentation clicker sends) and back with Page Up,
// each scene's surface and optimizers are what the world sets up for it,
// and the tour bar says where it is ("5.4 Momentum in a narrow valley · 9 of 27").
func TestTourWalksTheLecture(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?tour=1#panel=off"))
	eval[bool](t, p, `(document.querySelector("canvas").focus(), true)`)
	n := len(sim.Scenes)
	check := func(i int) {
		t.Helper()
		s := eval[sceneState](t, p, `downhill.state({balls: 0, last: false})`)
		if s.Scene == nil || s.Scene.Index != i || s.Scene.Name != sim.Scenes[i].Name || s.Scene.Count != n || !s.Tour {
			t.Fatalf("scene %d (%s): state says %+v, tour %v", i, sim.Scenes[i].Name, s.Scene, s.Tour)
		}
		surface, enabled := expectedScene(t, i)
		if s.Surface != surface || strings.Join(s.Enabled, ",") != strings.Join(enabled, ",") {
			t.Errorf("scene %s: surface %q optimizers %v, want %q %v", sim.Scenes[i].Name, s.Surface, s.Enabled, surface, enabled)
		}
		want := fmt.Sprintf("%s %s · %d of %d", sim.Scenes[i].Section, sim.Scenes[i].Title, i+1, n)
		must(t, p.WaitFor(fmt.Sprintf(`document.getElementById("tour-where").textContent === %q`, want)))
		if got := eval[string](t, p, `document.getElementById("tour-caption").textContent`); got != sim.Scenes[i].Caption {
			t.Errorf("scene %s: the tour bar's caption is %q", sim.Scenes[i].Name, got)
		}
	}
	check(0)
	for i := 1; i < n; i++ {
		must(t, p.Key(kb.PageDown))
		check(i)
	}
	must(t, p.Key(kb.PageDown)) // at the end it stays
	check(n - 1)
	for i := n - 2; i >= 0; i-- {
		must(t, p.Key(kb.PageUp))
		check(i)
	}
	noConsoleErrors(t, p)
}

// TestFramingBoxAndFitPaths: box= frames the map (toScreen and fromScreen
// agree with it at the plot's corners), query() keeps it, the wheel zooms
// the map at the pointer (the point under it stays), and "Fit the paths"
// frames every trail point inside the map.
func TestFramingBoxAndFitPaths(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?box=-3,1,-4,0&paused=1#panel=off"))
	l := getLayout(t, p)
	cp := l.ContourPlot
	for _, c := range []struct{ w, b, x, y float64 }{{-3, 0, cp.X, cp.Y}, {1, -4, cp.X + cp.W, cp.Y + cp.H}, {-1, -2, cp.X + cp.W/2, cp.Y + cp.H/2}} {
		at := toScreen(t, p, c.w, c.b)
		if math.Abs(at.X-c.x) > 0.01 || math.Abs(at.Y-c.y) > 0.01 {
			t.Errorf("toScreen(%v, %v) = %v, want the plot's (%v, %v)", c.w, c.b, at, c.x, c.y)
		}
		back := eval[[2]float64](t, p, fmt.Sprintf(`downhill.fromScreen(%v, %v)`, c.x, c.y))
		if math.Abs(back[0]-c.w) > 1e-9 || math.Abs(back[1]-c.b) > 1e-9 {
			t.Errorf("fromScreen(%v, %v) = %v, want (%v, %v)", c.x, c.y, back, c.w, c.b)
		}
	}
	if q := eval[string](t, p, `downhill.query()`); !strings.Contains(q, "box=-3,1,-4,0") {
		t.Errorf("query() %q lost the framing", q)
	}
	// The wheel at a point of the map zooms about it (standalone: a plain
	// wheel).
	at := browser.Point{X: cp.X + cp.W*0.25, Y: cp.Y + cp.H*0.75}
	before := eval[[2]float64](t, p, fmt.Sprintf(`downhill.fromScreen(%v, %v)`, at.X, at.Y))
	box0 := eval[[4]float64](t, p, `downhill.state().box`)
	must(t, p.MouseMove(at)) // the wheel zooms where the pointer is
	must(t, browser.Sleep(p.Context(), p.Hold))
	must(t, p.Wheel(at, 0, -200))
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().box[1] - downhill.state().box[0] < %v`, box0[1]-box0[0])))
	after := eval[[2]float64](t, p, fmt.Sprintf(`downhill.fromScreen(%v, %v)`, at.X, at.Y))
	if math.Abs(after[0]-before[0]) > 0.02 || math.Abs(after[1]-before[1]) > 0.02 {
		t.Errorf("zooming moved the point under the pointer from %v to %v", before, after)
	}
	// Fit the paths: every point of every trail inside the map.
	must(t, p.Load(e.appURL+"?surface=valley&opt=gd,momentum&balls=-2,5&step=100&paused=1#panel=off"))
	eval[any](t, p, `downhill.fit()`)
	waitDrawn(t, p, 2)
	l = getLayout(t, p)
	pts := eval[[][2]float64](t, p, `downhill.csv().split("\n").filter((l) => l && !l.startsWith("#") && !l.startsWith("ball,")).map((l) => { const c = l.split(","); return [Number(c[9]), Number(c[10])]; })`)
	if len(pts) < 100 {
		t.Fatalf("only %d trail points", len(pts))
	}
	box := eval[[4]float64](t, p, `downhill.state().box`)
	for _, q := range pts {
		s := toScreen(t, p, q[0], q[1])
		if !l.ContourPlot.contains(s, 0.5) {
			t.Fatalf("trail point %v is drawn at %v, outside the map %+v (framing %v)", q, s, l.ContourPlot, box)
		}
	}
	if w := box[1] - box[0]; w > 11.9 {
		t.Errorf("fitting the paths left the whole box (%v wide)", w)
	}
}

// TestUndefinedSurfaceInTheBrowser: f = sqrt(w)*b + log(b) is undefined
// where w < 0 or b <= 0: there the map is grey (no colour of the map), the
// 3D view shows no mesh, a click drops nothing and says why, and a ball
// from (1, 1) with η 1 stops as it enters the undefined region, the panel
// giving its real step and η.
func TestUndefinedSurfaceInTheBrowser(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1300, 760, 1)
	must(t, p.Load(e.appURL+"?f=sqrt(w)*b%2Blog(b)&paused=1#panel=open"))
	img := screenshot(t, p)
	at := toScreen(t, p, -3, -3)
	c := browser.Pixel(img, at, p.Scale)
	if _, dist := viridisPos(c); dist < 40 || int(c.R)-int(c.G) > 4 || int(c.G)-int(c.B) > 4 || int(c.B)-int(c.R) > 4 {
		t.Errorf("the undefined (-3, -3) is painted %s, a colour of the map (distance %.0f) or not grey", hex(c), dist)
	}
	if c2 := browser.Pixel(img, toScreen(t, p, 3, 3), p.Scale); int(c2.R) == int(c2.G) && int(c2.G) == int(c2.B) {
		t.Errorf("the defined (3, 3) is grey %s", hex(c2))
	}
	// The 3D view: where (-3, -3) would be, no colour of the mesh.
	s3 := eval[struct {
		X, Y    float64
		Visible bool
	}](t, p, `downhill.toSurface(-3, -3)`)
	if m := browser.Pixel(img, browser.Point{X: s3.X, Y: s3.Y}, p.Scale); !isBackground(m) {
		t.Errorf("the 3D view draws %s where the loss is undefined: the mesh should leave a hole (the background)", hex(m))
	}
	// A click there drops nothing, and says why.
	must(t, p.Click(at))
	must(t, p.WaitFor(`downhill.state().notice.includes("undefined at")`))
	if n := eval[int](t, p, `downhill.state().ballCount`); n != 0 {
		t.Errorf("a click on the undefined region dropped %d balls", n)
	}
	// A ball that rolls into it stops with its real step and η.
	eval[int](t, p, `downhill.addBall({start: [1, 1], lr: 1})`)
	eval[any](t, p, `downhill.step(5)`)
	b := eval[struct {
		Status     string  `json:"status"`
		DivergedAt int     `json:"divergedAt"`
		DivergedLR float64 `json:"divergedLR"`
		Loss       float64 `json:"loss"`
	}](t, p, `downhill.state().balls[0]`)
	if b.Status != "diverged" || b.DivergedAt != 1 || b.DivergedLR != 1 {
		t.Errorf("the ball from (1, 1) is %s at step %d (η %v), want diverged at step 1 with η 1", b.Status, b.DivergedAt, b.DivergedLR)
	}
	must(t, p.WaitFor(`document.querySelector("#balls-list .ball-status") && document.querySelector("#balls-list .ball-status").textContent.includes("diverged at step 1 (η = 1")`))
	text := eval[string](t, p, `document.getElementById("panel").innerText + JSON.stringify(downhill.state())`)
	for _, bad := range []string{"NaN", "Infinity"} {
		if strings.Contains(text, bad) {
			t.Errorf("the panel or state() shows %q", bad)
		}
	}
}

// TestBallLimitEverywhere: one limit, sim.MaxBalls, for addBall, balls=,
// clicks; past it a message names it and the balls already there roll on.
func TestBallLimitEverywhere(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1024, 640, 1)
	must(t, p.Load(e.appURL+"?surface=bowl&speed=60#panel=off"))
	limit := fmt.Sprint(sim.MaxBalls)
	msg := eval[string](t, p, fmt.Sprintf(`(() => { try { for (let i = 0; i < %d; i++) downhill.addBall({start: [-5 + (i %% 50) * 0.2, -5 + Math.floor(i / 50) * 0.2]}); return "no error"; } catch (e) { return e.message; } })()`, sim.MaxBalls+1))
	if !strings.Contains(msg, limit) {
		t.Errorf("addBall past the limit says %q, not naming %s", msg, limit)
	}
	if n := eval[int](t, p, `downhill.state({balls: 0}).ballCount`); n != sim.MaxBalls {
		t.Errorf("%d balls after the limit, want %d", n, sim.MaxBalls)
	}
	steps0 := eval[int](t, p, `downhill.state({balls: 1}).balls[0].steps`)
	// A click past it shows the message.
	must(t, p.Click(toScreen(t, p, 5.7, -5.7))) // a corner no ball is near
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state({balls: 0}).notice.includes("%s")`, limit)))
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state({balls: 1}).balls[0].steps > %d`, steps0)))
	// balls= past it says the same.
	var starts []string
	for i := 0; i <= sim.MaxBalls; i++ {
		starts = append(starts, fmt.Sprintf("%g,%g", -5+float64(i%50)*0.2, -5+float64(i/50)*0.2))
	}
	must(t, p.Load(e.appURL+"?surface=bowl&balls="+strings.Join(starts, ";")+"#panel=off"))
	if got := eval[string](t, p, `document.getElementById("downhill-error").textContent`); !strings.Contains(got, limit) || len(got) > 200 {
		t.Errorf("balls= past the limit says %q", got)
	}
}
