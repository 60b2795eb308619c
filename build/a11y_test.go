//go:build !js

package main

// Browser tests of the figure for a keyboard and a screen reader (issue
// 20): key events only, through the browser, into an embed on another
// origin; what a screen reader gets is read from Chromium's accessibility
// tree.

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"downhill/build/internal/browser"
	"downhill/game/sim"
	"downhill/optim"
)

// journeyState is what the keyboard journey reads of state().
type journeyState struct {
	Cursor [2]float64 `json:"cursor"`
	Focus  struct {
		Kind string `json:"kind"`
		ID   int    `json:"id"`
	} `json:"focus"`
	Box      [4]float64 `json:"box"`
	Selected int        `json:"selected"`
	Camera   struct{ Yaw, Pitch, Zoom float64 }
	Balls    []ballState `json:"balls"`
}

// TestKeyboardJourney: from a button before an embedded figure, keys only:
// Tab lands on the figure's canvas, the arrows move the map's cursor,
// Enter drops a race there, n reaches its start and the arrows move it
// (its balls run again from there, exactly as a drag does), n reaches a
// ball, Enter selects it and Delete removes it, d turns the 3D view, r and
// s restart and step, and Tab goes on to the button after the figure. With
// the panel off (the usual embed) and on.
func TestKeyboardJourney(t *testing.T) {
	for _, panel := range []string{"off", "open"} {
		t.Run("panel="+panel, func(t *testing.T) { keyboardJourney(t, panel) })
	}
}

func keyboardJourney(t *testing.T, panel string) {
	e := appEnv(t)
	em := openHost(t, e, 1200, 800, hostHTML(e, hostOpts{query: "load=eager&paused=1&opt=gd,momentum&panel=" + panel, width: 900, height: 600, above: 50}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	must(t, p.WaitFrames(10))
	eval[bool](t, f, `window.said = [], downhillPage.events.addEventListener("announce", (e) => said.push(e.detail)), true`)
	state := func() journeyState { return eval[journeyState](t, f, `downhill.state()`) }
	key := func(k string, mods int64) {
		t.Helper()
		must(t, p.KeyMod(k, mods))
	}
	focusAt := func() (host, frame string) {
		host = eval[string](t, p, `(() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") : ""; })()`)
		frame = eval[string](t, f, `(() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") : ""; })()`)
		return host, frame
	}

	// One Tab from the button before: the figure's canvas, nothing else
	// of the figure first.
	eval[bool](t, p, `document.getElementById("before").focus(), true`)
	key(kb.Tab, 0)
	if h, fr := focusAt(); h != "iframe#fig" || fr != "canvas" {
		t.Fatalf("the first Tab from #before went to %s > %s, want the figure's canvas", h, fr)
	}
	s0 := state()
	if s0.Focus.Kind != "cursor" {
		t.Fatalf("the keyboard starts on %q, want the cursor", s0.Focus.Kind)
	}
	// The canvas's name says where the cursor is, from the engine's words.
	if err := within(f, 3*time.Second, `document.querySelector("canvas").getAttribute("aria-label").startsWith("Downhill figure: contour map, cursor at w ")`); err != nil {
		t.Errorf("the canvas's accessible name: %v (%q)", err, eval[string](t, f, `document.querySelector("canvas").getAttribute("aria-label")`))
	}

	// The cursor: three small steps right, one large step up.
	for range 3 {
		key(kb.ArrowRight, 0)
	}
	key(kb.ArrowUp, browser.ModShift)
	sw, sb := s0.Box[1]-s0.Box[0], s0.Box[3]-s0.Box[2]
	want := [2]float64{s0.Cursor[0] + 3*sim.CursorStep*sw, s0.Cursor[1] + sim.CursorLargeStep*sb}
	s := state()
	if math.Abs(s.Cursor[0]-want[0]) > 1e-9 || math.Abs(s.Cursor[1]-want[1]) > 1e-9 {
		t.Fatalf("after → → → Shift+↑ the cursor is at %v, want %v (from %v)", s.Cursor, want, s0.Cursor)
	}
	// Enter drops the race there.
	key(kb.Enter, 0)
	if err := within(f, 3*time.Second, `downhill.state().ballCount === 2`); err != nil {
		t.Fatalf("Enter dropped no race: %v", err)
	}
	s = state()
	for _, b := range s.Balls {
		if b.Start != s.Cursor {
			t.Errorf("%s starts at %v, not at the cursor %v", b.Optimizer, b.Start, s.Cursor)
		}
	}
	if err := within(f, 3*time.Second, `said.some((m) => m.includes("Dropped GD and Momentum at w "))`); err != nil {
		t.Errorf("the drop was not said: %v; said %s", err, eval[string](t, f, `JSON.stringify(said)`))
	}

	// n: the race's start; Shift+← moves it, and its balls run again from
	// the new start, as a drag there does (computed here with the same
	// world).
	key("n", 0)
	if s = state(); s.Focus.Kind != "start" || s.Focus.ID != s.Balls[0].Group {
		t.Fatalf("n went to %+v, want the race's start", s.Focus)
	}
	from := s.Balls[0].Start
	key(kb.ArrowLeft, browser.ModShift)
	to := optim.Vec{from[0] - sim.CursorLargeStep*sw, from[1]}
	drag, errs := sim.NewFromQuery("paused=1&opt=gd,momentum", 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	d := &sim.Drop{At: optim.Vec(from)}
	must(t, drag.Do(d))
	must(t, drag.Do(sim.MoveStart{Group: d.Group, To: to}))
	s = state()
	for i, b := range s.Balls {
		db := drag.Balls[i]
		if math.Abs(b.Start[0]-to[0]) > 1e-9 || b.Start[1] != to[1] || b.Steps != db.Steps() || b.Steps == 0 ||
			math.Abs(b.Pos[0]-db.Pos[0]) > 1e-9 || math.Abs(b.Pos[1]-db.Pos[1]) > 1e-9 {
			t.Errorf("%s after Shift+← on its start: from %v at %v after %d steps; a drag to %v: at %v after %d", b.Optimizer, b.Start, b.Pos, b.Steps, to, db.Pos, db.Steps())
		}
	}

	// n: the first ball; Enter selects it, Delete removes it.
	key("n", 0)
	first := s.Balls[0].ID
	if s = state(); s.Focus.Kind != "ball" || s.Focus.ID != first {
		t.Fatalf("n from the start went to %+v, want ball %d", s.Focus, first)
	}
	// An arrow on a ball is refused, and the refusal is said.
	key(kb.ArrowUp, 0)
	if err := within(f, 2*time.Second, `said.some((m) => m.includes("a ball cannot be moved"))`); err != nil {
		t.Errorf("an arrow on a ball: the refusal was not said: %v; said %s", err, eval[string](t, f, `JSON.stringify(said)`))
	}
	key("n", 0)
	key("p", 0)
	key(kb.Enter, 0)
	if s = state(); s.Selected != first {
		t.Errorf("Enter on ball %d selected %d", first, s.Selected)
	}
	key(kb.Delete, 0)
	if s = state(); len(s.Balls) != 1 || s.Balls[0].ID == first {
		t.Errorf("Delete on ball %d: %d balls left", first, len(s.Balls))
	}

	// d turns the 3D view, r restarts, s steps.
	yaw := s.Camera.Yaw
	key("d", 0)
	if s = state(); s.Camera.Yaw == yaw {
		t.Errorf("d did not turn the 3D view (yaw %v)", yaw)
	}
	key("r", 0)
	key("s", 0)
	if s = state(); s.Balls[0].Steps != 1 {
		t.Errorf("r then s: the ball took %d steps, want 1", s.Balls[0].Steps)
	}

	// Tab leaves the figure for the button after it (through the panel's
	// controls when it is open).
	var path []string
	reached := false
	for range 200 {
		key(kb.Tab, 0)
		h, fr := focusAt()
		path = append(path, h+">"+fr)
		if h == "button#after" {
			reached = true
			break
		}
	}
	if !reached {
		t.Errorf("Tab from the canvas never reached #after: %s", strings.Join(path, " "))
	}
	t.Logf("%d Tabs from the canvas to #after", len(path))
	if panel == "off" && len(path) > 3 {
		t.Errorf("without the panel, %d Tabs from the canvas to #after: %s", len(path), strings.Join(path, " "))
	}
}

// TestFigureInWords: the accessibility tree names the surface, each ball
// with its optimizer and loss, and the object the keyboard is on; a ball
// converging is said within a couple of seconds; the live region changes
// at most once a second while the race rolls; t says the summary.
func TestFigureInWords(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 900, 600, 1)
	must(t, p.Load(e.appURL+"?scene=5.4-momentum-valley&panel=off&speed=60&paused=1"))
	must(t, p.WaitReady())
	eval[bool](t, p, `window.said = [], downhillPage.events.addEventListener("announce", (e) => said.push({t: performance.now(), m: e.detail})), true`)
	// The live region's text, each time it changes.
	eval[bool](t, p, `window.changes = [], new MutationObserver(() => changes.push(performance.now())).observe(document.getElementById("live"), {childList: true, characterData: true, subtree: true}), true`)
	must(t, p.WaitFor(`document.getElementById("fw-balls").children.length === 2`))
	tree := axNames(t, p)
	for _, want := range []string{"The loss surface L(w, b): ", "narrow valley", "GD ball (selected), from w −2.00, b 5.00", "Momentum ball, from w −2.00, b 5.00", "loss 0.5, step 0", "rolling", "5.4 Momentum in a narrow valley", "Downhill figure: contour map, cursor at w −2.00, b 5.00"} {
		if !strings.Contains(tree, want) {
			t.Errorf("the accessibility tree lacks %q:\n%s", want, tree)
		}
	}
	eval[bool](t, p, `downhill.play(), true`)
	// Both balls stop (momentum converges or reaches the step limit at
	// 100 steps); each is said within two seconds.
	must(t, p.WaitFor(`downhill.state().rolling === 0`))
	if err := within(p, 3*time.Second, `said.filter((s) => / (converged|stopped)/.test(s.m)).length >= 1 && said.some((s) => s.m.includes("Momentum"))`); err != nil {
		t.Errorf("the balls stopping was not said: %v; said %s", err, eval[string](t, p, `JSON.stringify(said)`))
	}
	gaps := eval[[]float64](t, p, `changes.slice(1).map((x, i) => x - changes[i])`)
	for _, g := range gaps {
		if g < 900 {
			t.Errorf("the live region changed twice within %.0f ms while the race rolled (changes %v)", g, gaps)
			break
		}
	}
	// t: the summary, at once.
	must(t, p.Key("t"))
	if err := within(p, 2*time.Second, `said.some((s) => / is ahead/.test(s.m))`); err != nil {
		t.Errorf("t said no summary: %v; said %s", err, eval[string](t, p, `JSON.stringify(said)`))
	}
	t.Logf("said: %s", eval[string](t, p, `JSON.stringify(said.map((s) => s.m))`))

	// View as table, by keyboard: Tab from the canvas to the Table
	// button, Enter; each ball's table, with its caption and the start's
	// row; Esc closes it and the focus goes back to the button.
	eval[bool](t, p, `document.querySelector("canvas").focus(), true`)
	found := false
	for range 6 {
		must(t, p.Key(kb.Tab))
		if eval[string](t, p, `document.activeElement.id`) == "view-table" {
			found = true
			break
		}
	}
	if !found {
		t.Fatal("Tab from the canvas did not reach the Table button")
	}
	must(t, p.Key(kb.Enter))
	must(t, within(p, 2*time.Second, `document.getElementById("table-dialog").open`))
	tree = axNames(t, p)
	for _, want := range []string{"GD ball 1: its loss and (w, b) at each step", "Momentum ball 2: its loss and (w, b) at each step", "Step", "Loss", "−2.000", "5.000"} {
		if !strings.Contains(tree, want) {
			t.Errorf("the table's accessibility tree lacks %q", want)
		}
	}
	if n := eval[int](t, p, `document.querySelectorAll("#table-dialog table").length`); n != 2 {
		t.Errorf("%d tables, want one per ball", n)
	}
	last := eval[[]string](t, p, `[...document.querySelectorAll("#table-dialog table")[1].rows].pop().innerText.split("\t")`)
	if len(last) != 4 || last[0] != "100" {
		t.Errorf("momentum's last row %q, want step 100", last)
	}
	must(t, p.Key(kb.Escape))
	must(t, within(p, 2*time.Second, `!document.getElementById("table-dialog").open && document.activeElement.id === "view-table"`))
}

// TestPageIDsUnique: every id of the page is given once (the figure in
// words once took the Share section's words-caption, and the panel wrote
// the lecturer's caption into the hidden copy).
func TestPageIDsUnique(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.Load(e.appURL+"?panel=open"))
	if dup := eval[[]string](t, p, `(() => { const seen = new Set(), dup = []; for (const el of document.querySelectorAll("[id]")) { if (seen.has(el.id)) dup.push(el.id); seen.add(el.id); } return dup; })()`); len(dup) > 0 {
		t.Errorf("ids given twice: %v", dup)
	}
}
