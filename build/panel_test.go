//go:build !js

package main

// Browser tests of the control panel (index.html, issue 5): real clicks,
// drags, taps and keys on the panel and the canvas, checked against
// downhill.state() and against runs computed here in Go. Every wait ends on
// a condition of the page (state, steps, frames), never on elapsed time.

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"downhill/build/internal/browser"
	"downhill/optim"
	"downhill/surfaces"
)

// The desktop viewport of these tests: wide enough that the panel starts
// open beside the canvas.
const panelW, panelH = 1440, 810

type panelState struct {
	Surface  string      `json:"surface"`
	F        string      `json:"f"`
	Paused   bool        `json:"paused"`
	Speed    float64     `json:"speed"`
	MaxSteps int         `json:"maxSteps"`
	Enabled  []string    `json:"enabled"`
	Selected int         `json:"selected"`
	Mode     string      `json:"mode"`
	Points   int         `json:"points"`
	Balls    []ballState `json:"balls"`
	Sweep    []struct {
		LR       float64 `json:"lr"`
		Loss     float64 `json:"loss"`
		Steps    int     `json:"steps"`
		Status   string  `json:"status"`
		Diverged bool    `json:"diverged"`
	} `json:"sweep"`
	Config map[string]map[string]any `json:"config"`
}

func panelStateOf(t *testing.T, p *browser.Page) panelState {
	t.Helper()
	return eval[panelState](t, p, `downhill.state()`)
}

// openPanelPage loads the app with query (and hash) at w x h and waits for
// the panel to be live.
func openPanelPage(t *testing.T, w, h int, scale float64, query string) *browser.Page {
	t.Helper()
	e := appEnv(t)
	p := newPage(t, e, w, h, scale)
	must(t, p.Load(e.appURL+query))
	must(t, p.WaitFor(`!document.getElementById("panel-body").inert && document.getElementById("surface").options.length > 0`))
	return p
}

// panelJS quotes s as a JavaScript string.
func panelJS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// panelOnScreen scrolls the element sel into the middle of its scroll box (the
// panel's), opening the <details> section around it with a real click on
// its summary if it is closed, and returns its centre. It fails if another
// element covers the centre.
func panelOnScreen(t *testing.T, p *browser.Page, sel string) browser.Point {
	t.Helper()
	closed := eval[string](t, p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		const d = el.tagName === "SUMMARY" ? null : el.closest("details");
		return d && !d.open ? "#" + d.id + " > summary" : "";
	})()`, panelJS(sel)))
	if closed != "" {
		must(t, p.Click(panelOnScreen(t, p, closed)))
		must(t, p.WaitFor(fmt.Sprintf(`document.querySelector(%s).closest("details").open`, panelJS(sel))))
	}
	type where struct {
		X, Y float64
		Hit  bool
		What string
	}
	locate := func() where {
		return eval[where](t, p, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		el.scrollIntoView({block: "center", inline: "nearest"});
		const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
		const top = document.elementFromPoint(x, y);
		const hit = !!top && (top === el || el.contains(top) || (top.tagName === "LABEL" && top.control === el));
		return {x, y, hit, what: top ? top.tagName + "#" + top.id + "." + top.className : "nothing"};
	})()`, panelJS(sel)))
	}
	// The panel redraws a few times a second (a new ball adds a row above):
	// wait until the element stays put over two frames.
	r := locate()
	for range 20 {
		must(t, p.WaitFrames(2))
		again := locate()
		if again == r {
			break
		}
		r = again
	}
	if !r.Hit {
		t.Fatalf("%s is not clickable at its centre (%g, %g): %s is on top", sel, r.X, r.Y, r.What)
	}
	return browser.Point{X: math.Round(r.X), Y: math.Round(r.Y)}
}

// panelClick clicks the panel element sel for real.
func panelClick(t *testing.T, p *browser.Page, sel string) {
	t.Helper()
	must(t, p.Click(panelOnScreen(t, p, sel)))
}

// panelType clicks the text field sel, selects its text and types s with
// real key presses, then Enter.
func panelType(t *testing.T, p *browser.Page, sel, s string) {
	t.Helper()
	panelClick(t, p, sel)
	if !eval[bool](t, p, fmt.Sprintf(`document.activeElement === document.querySelector(%s)`, panelJS(sel))) {
		t.Fatalf("clicking %s did not focus it", sel)
	}
	eval[chromedp.Void](t, p, fmt.Sprintf(`document.querySelector(%s).select()`, panelJS(sel)))
	for _, r := range s {
		must(t, p.Key(string(r)))
	}
	must(t, p.Key(kb.Enter))
}

// panelKey presses key and waits two game ticks after its release: ebiten
// samples keys once per tick, and a release and the next press of the same
// key within one tick would look like no new press at all.
func panelKey(t *testing.T, p *browser.Page, key string) {
	t.Helper()
	must(t, p.Key(key))
	ticks := eval[int](t, p, `downhill.state().ticks`)
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().ticks >= %d`, ticks+2)))
}

// panelText returns the text of the element sel.
func panelText(t *testing.T, p *browser.Page, sel string) string {
	t.Helper()
	return eval[string](t, p, fmt.Sprintf(`document.querySelector(%s).textContent`, panelJS(sel)))
}

// panelDrop clicks the contour map at (w, b) and waits for n more balls.
func panelDrop(t *testing.T, p *browser.Page, w, b float64, n int) {
	t.Helper()
	before := len(panelStateOf(t, p).Balls)
	must(t, p.Click(toScreen(t, p, w, b)))
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls.length >= %d`, before+n)))
	// And the panel lists them (when it is open).
	must(t, p.WaitFor(`document.getElementById("panel-body").hidden ||
		document.querySelectorAll("#balls-list li").length === Math.min(60, downhill.state().balls.length)`))
}

// panelFreshRun runs a ball's optimizer from start for steps steps on the named
// surface, in Go, with the ball's eta and batch and the other
// hyperparameters at their defaults.
func panelFreshRun(t *testing.T, surface string, b ballState, start [2]float64, steps int) optim.Vec {
	t.Helper()
	s, err := surfaces.New(surface, "")
	if err != nil {
		t.Fatal(err)
	}
	r, err := optim.ParseRule(b.Optimizer)
	if err != nil {
		t.Fatal(err)
	}
	cfg := optim.Defaults(r)
	cfg.LR, cfg.Batch = b.LR, b.Batch
	var st optim.State
	x := optim.Vec(start)
	for range steps {
		x = optim.Step(&cfg, &st, x, s, nil)
	}
	return x
}

// 1. The lecture's race: GD, momentum and NAG checked in the panel, one
// click, three balls in black, red and blue.
func TestPanelRace(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&opt=adam")
	for _, name := range []string{"gd", "momentum", "nag", "adam"} {
		panelClick(t, p, "#opt-"+name)
	}
	must(t, p.WaitFor(`downhill.state().enabled.join() === "gd,momentum,nag"`))
	checked := eval[[]string](t, p, `[...document.querySelectorAll("#opt-list input:checked")].map((b) => b.value)`)
	if strings.Join(checked, ",") != "gd,momentum,nag" {
		t.Errorf("checked boxes %v, want gd, momentum, nag", checked)
	}

	panelDrop(t, p, -2, -2, 3)
	st := panelStateOf(t, p)
	want := map[string]string{"gd": "#000000", "momentum": "#d51e00", "nag": "#0062c8"}
	if len(st.Balls) != 3 {
		t.Fatalf("one click made %d balls, want 3: %+v", len(st.Balls), st.Balls)
	}
	for _, b := range st.Balls {
		if want[b.Optimizer] != b.Color {
			t.Errorf("%s ball has colour %s, want %s", b.Optimizer, b.Color, want[b.Optimizer])
		}
		delete(want, b.Optimizer)
		if b.Start != st.Balls[0].Start || b.Group != st.Balls[0].Group {
			t.Errorf("the race's balls do not share one start: %v (group %d) and %v (group %d)", b.Start, b.Group, st.Balls[0].Start, st.Balls[0].Group)
		}
	}
	if len(want) != 0 {
		t.Errorf("no ball for %v", want)
	}

	// The panel lists them, each with its colour and a remove button.
	must(t, p.WaitFor(`document.querySelectorAll("#balls-list li").length === 3`))
	rows := eval[[]struct {
		Swatch string
		Text   string
		Remove string
	}](t, p, `[...document.querySelectorAll("#balls-list li")].map((li) => ({
		swatch: getComputedStyle(li.querySelector(".swatch")).backgroundColor,
		text: li.textContent,
		remove: li.querySelector(".ball-remove").getAttribute("aria-label")}))`)
	wantRGB := []string{"rgb(0, 0, 0)", "rgb(213, 30, 0)", "rgb(0, 98, 200)"}
	for i, r := range rows {
		if r.Swatch != wantRGB[i] {
			t.Errorf("ball row %d swatch %s, want %s", i, r.Swatch, wantRGB[i])
		}
		if !strings.Contains(r.Remove, "Remove ball") {
			t.Errorf("ball row %d remove button is labelled %q", i, r.Remove)
		}
	}

	// A click on a row selects its ball (the fit view and the step readout
	// follow it); apart from the others once they have rolled a while.
	eval[chromedp.Void](t, p, `downhill.step(40)`)
	mom := st.Balls[1].ID
	panelClick(t, p, "#balls-list li:nth-child(2) .ball-pick")
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().selected === %d`, mom)))
	must(t, p.WaitFor(`document.querySelector("#balls-list li:nth-child(2) .ball-pick").getAttribute("aria-pressed") === "true" &&
		document.querySelector("#balls-list li:nth-child(1) .ball-pick").getAttribute("aria-pressed") === "false"`))
	if n := len(panelStateOf(t, p).Balls); n != 3 {
		t.Errorf("selecting a ball from the list changed the balls: %d, want 3", n)
	}

	// The remove button takes exactly that ball away.
	nag := st.Balls[2].ID
	panelClick(t, p, "#balls-list li:nth-child(3) .ball-remove")
	must(t, p.WaitFor(`downhill.state().balls.length === 2`))
	for _, b := range panelStateOf(t, p).Balls {
		if b.ID == nag {
			t.Errorf("the NAG ball %d is still there after its remove button", nag)
		}
	}

	// Unchecking the last optimizer is refused with a message.
	panelClick(t, p, "#opt-gd")
	panelClick(t, p, "#opt-momentum")
	must(t, p.WaitFor(`downhill.state().enabled.join() === "nag"`))
	panelClick(t, p, "#opt-nag")
	must(t, p.WaitFor(`document.getElementById("err-opt").textContent !== ""`))
	if got := eval[[]string](t, p, `downhill.state().enabled`); strings.Join(got, ",") != "nag" || !eval[bool](t, p, `document.getElementById("opt-nag").checked`) {
		t.Errorf("unchecking the only optimizer left enabled = %v; want nag kept, checked", got)
	}
	noConsoleErrors(t, p)
}

// 2. Dragging a start marker re-runs its balls from the new start: their
// positions equal a fresh run from there.
func TestPanelDragStartReruns(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&opt=gd,momentum,nag&maxSteps=200")
	panelDrop(t, p, -2, -2, 3)
	st := panelStateOf(t, p)
	from := toScreen(t, p, st.Balls[0].Start[0], st.Balls[0].Start[1])
	to := toScreen(t, p, 1, 3)
	mid := browser.Point{X: math.Round((from.X + to.X) / 2), Y: math.Round((from.Y + to.Y) / 2)}
	must(t, p.Drag(from, browser.Point{X: from.X + 8, Y: from.Y - 8}, mid, to))
	must(t, p.WaitFor(`downhill.state().balls.every((b) => Math.abs(b.start[0] - 1) < 0.1 && Math.abs(b.start[1] - 3) < 0.1 && b.status !== "rolling")`))

	st = panelStateOf(t, p)
	if len(st.Balls) != 3 {
		t.Fatalf("after the drag there are %d balls, want 3", len(st.Balls))
	}
	dw, db := pixelSize(t, p, to)
	for _, b := range st.Balls {
		if math.Abs(b.Start[0]-1) > dw+1e-9 || math.Abs(b.Start[1]-3) > db+1e-9 {
			t.Errorf("%s starts at %v, more than a pixel (%.3g, %.3g) from (1, 3)", b.Optimizer, b.Start, dw, db)
		}
		if b.Steps == 0 || (b.Status == "steplimit" && b.Steps != 200) {
			t.Errorf("%s: %d steps, status %s; the drag should re-run it to the step limit 200 at once", b.Optimizer, b.Steps, b.Status)
		}
		x := panelFreshRun(t, "neuron", b, b.Start, b.Steps)
		if math.Abs(b.Pos[0]-x[0]) > 1e-9 || math.Abs(b.Pos[1]-x[1]) > 1e-9 {
			t.Errorf("%s after %d steps from %v is at %v; a fresh run in Go gets %v", b.Optimizer, b.Steps, b.Start, b.Pos, x)
		}
	}
}

// 3. The eta slider and its field reach rolling balls from their next step,
// without putting them back.
func TestPanelEtaReachesRollingBalls(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?opt=gd&speed=60")
	panelDrop(t, p, -2, -2, 1)
	must(t, p.WaitFor(`downhill.state().balls[0].steps >= 5`))
	before := panelStateOf(t, p).Balls[0]

	// A click on the slider's track, a quarter of the way along.
	at := panelOnScreen(t, p, "#hp-lr-range")
	w := eval[float64](t, p, `document.getElementById("hp-lr-range").getBoundingClientRect().width`)
	must(t, p.Click(browser.Point{X: math.Round(at.X - w/4), Y: at.Y}))
	must(t, p.WaitFor(`document.getElementById("hp-lr-range").value !== "0"`))
	slider := eval[float64](t, p, `Number(document.getElementById("hp-lr-range").value)`)
	want := eval[float64](t, p, fmt.Sprintf(`Number((10 ** %g).toPrecision(3))`, slider))
	if want >= 1 || want < 1e-5 {
		t.Fatalf("the slider at a quarter reads log10(eta) = %g (eta %g); want well below 1", slider, want)
	}
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls[0].lr === %v`, want)))
	mid := panelStateOf(t, p).Balls[0]
	if mid.Steps < before.Steps || mid.Start != before.Start || mid.ID != before.ID {
		t.Errorf("the slider reset the ball: before %+v, after %+v", before, mid)
	}
	if field := eval[string](t, p, `document.getElementById("hp-lr").value`); field != fmt.Sprint(want) {
		t.Errorf("the eta field shows %q after the slider set %v", field, want)
	}
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls[0].steps > %d`, mid.Steps+3)))

	// Typing in the field.
	panelType(t, p, "#hp-lr", "0.05")
	must(t, p.WaitFor(`downhill.state().balls[0].lr === 0.05`))
	after := panelStateOf(t, p).Balls[0]
	if after.Steps < mid.Steps || after.Start != before.Start {
		t.Errorf("typing eta reset the ball: before %+v, after %+v", mid, after)
	}
	must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls[0].steps > %d`, after.Steps+3)))
	if got := eval[float64](t, p, `downhill.state().config.gd.lr`); got != 0.05 {
		t.Errorf("new GD balls get eta %v, want 0.05", got)
	}
	// Its last step used it.
	if lr := eval[float64](t, p, `downhill.state().balls[0].last.lr`); lr != 0.05 {
		t.Errorf("the ball's last step used eta %v, want 0.05", lr)
	}

	// A bad value is refused next to the field, naming the key.
	panelType(t, p, "#hp-lr", "abc")
	must(t, p.WaitFor(`document.getElementById("err-lr").textContent !== ""`))
	if msg := panelText(t, p, "#err-lr"); !strings.Contains(msg, "lr") {
		t.Errorf("error for eta %q does not name lr", msg)
	}
	if eval[string](t, p, `document.getElementById("hp-lr").getAttribute("aria-invalid")`) != "true" {
		t.Error("the refused eta field is not marked aria-invalid")
	}
	if lr := panelStateOf(t, p).Balls[0].LR; lr != 0.05 {
		t.Errorf("a refused eta changed the ball's to %v", lr)
	}
}

// "Apply to: just <optimizer>" sets the prefixed key, for that optimizer only.
func TestPanelApplyToOneOptimizer(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&opt=momentum,nag")
	panelDrop(t, p, -2, -2, 2)
	// Choose "just Momentum" with the keyboard on the focused select.
	panelClick(t, p, "#hp-gamma") // focus moves into the section
	eval[chromedp.Void](t, p, `document.getElementById("hp-target").focus()`)
	must(t, p.Key(kb.ArrowDown))
	must(t, p.WaitFor(`document.getElementById("hp-target").value === "momentum"`))
	panelType(t, p, "#hp-gamma", "0.5")
	must(t, p.WaitFor(`downhill.state().config.momentum.gamma === 0.5`))
	st := panelStateOf(t, p)
	if g := st.Config["nag"]["gamma"]; g != 0.9 {
		t.Errorf("NAG's gamma became %v; only momentum's should change", g)
	}
	if q := eval[string](t, p, `downhill.query()`); !strings.Contains(q, "momentum.gamma=0.5") {
		t.Errorf("query() %q lacks momentum.gamma=0.5", q)
	}
	// Only the momentum ball's gamma changed: the next step tells.
	eval[chromedp.Void](t, p, `downhill.step(1)`)
	gammas := eval[map[string]float64](t, p, `Object.fromEntries(downhill.state().balls.map((b) => [b.optimizer, b.last.gamma]))`)
	if gammas["momentum"] != 0.5 || gammas["nag"] != 0.9 {
		t.Errorf("the balls stepped with gamma %v; want momentum 0.5, nag 0.9", gammas)
	}
}

// 4. NAG, step by step with the panel's Step button and the canvas's right
// arrow: the look-ahead point is w - gamma * update_{t-1}.
func TestPanelNAGStepByStep(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?opt=nag&paused=1")
	panelDrop(t, p, -2, -2, 1)
	var prev [2]float64 // update_0 = 0
	check := func(k int) {
		t.Helper()
		must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls[0].steps === %d`, k)))
		b := panelStateOf(t, p).Balls[0]
		if b.Last == nil || b.Last.T != k {
			t.Fatalf("after step %d, last = %+v", k, b.Last)
		}
		l := b.Last
		for i := range 2 {
			want := l.From[i] - l.Gamma*prev[i]
			if d := math.Abs(l.At[i] - want); d > 1e-12 {
				t.Errorf("step %d: look-ahead[%d] = %.17g, from - gamma*update_{t-1} = %.17g (off by %.3g)", k, i, l.At[i], want, d)
			}
		}
		if l.Gamma != 0.9 {
			t.Errorf("step %d: gamma %v, want 0.9", k, l.Gamma)
		}
		if k > 1 && l.At == l.From {
			t.Errorf("step %d: the look-ahead point is the position itself", k)
		}
		prev = l.Update
	}
	for k := 1; k <= 3; k++ {
		panelClick(t, p, "#step")
		check(k)
	}
	if !panelStateOf(t, p).Paused {
		t.Error("stepping unpaused the world")
	}

	// The step key on the canvas (focused by a click on the loss plot,
	// where a click drops nothing).
	lp := eval[struct{ X, Y, W, H float64 }](t, p, `downhill.layout().lossPlot`)
	must(t, p.Click(browser.Point{X: math.Round(lp.X + lp.W/2), Y: math.Round(lp.Y + lp.H/2)}))
	if !eval[bool](t, p, `document.activeElement === document.querySelector("canvas")`) {
		t.Fatal("a click on the canvas did not focus it")
	}
	for k := 4; k <= 5; k++ {
		panelKey(t, p, "s")
		check(k)
	}
	if n := len(panelStateOf(t, p).Balls); n != 1 {
		t.Errorf("%d balls; the click on the loss plot should drop none", n)
	}
}

// panelNonFiniteJS lists the paths of NaN and infinite numbers in a value.
const panelNonFiniteJS = `((v) => {
	const bad = [];
	const walk = (x, path) => {
		if (typeof x === "number" && !Number.isFinite(x)) bad.push(path + " = " + x);
		else if (x && typeof x === "object") for (const k of Object.keys(x)) walk(x[k], path + "." + k);
	};
	walk(v, "state");
	return bad;
})(downhill.state())`

// 5. A divergent eta set in the panel: the ball stops, marked, the panel
// says where and with which eta, and nothing in state() is NaN.
func TestPanelDivergence(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?surface=rosenbrock&paused=1")
	panelType(t, p, "#hp-lr", "0.5")
	must(t, p.WaitFor(`downhill.state().config.gd.lr === 0.5`))
	panelDrop(t, p, -1.2, 1, 1)
	panelClick(t, p, "#play")
	must(t, p.WaitFor(`downhill.state().balls[0].diverged`))
	b := panelStateOf(t, p).Balls[0]
	if b.Status != "diverged" || b.DivergedAt < 1 || b.DivergedLR != 0.5 {
		t.Errorf("diverged ball %+v: want status diverged, divergedAt >= 1, divergedLR 0.5", b)
	}
	want := fmt.Sprintf("diverged at step %d (η = 0.5", b.DivergedAt)
	must(t, p.WaitFor(fmt.Sprintf(`document.querySelector("#balls-list li").textContent.includes(%s)`, panelJS(want))))
	if !eval[bool](t, p, `document.querySelector("#balls-list li").classList.contains("diverged")`) {
		t.Error("the diverged ball's row is not marked")
	}
	must(t, p.WaitFor(fmt.Sprintf(`document.getElementById("announce").textContent.includes(%s)`, panelJS(want))))

	if bad := eval[[]string](t, p, panelNonFiniteJS); len(bad) > 0 {
		t.Errorf("state() holds non-finite numbers: %v", bad)
	}
	// As JSON too, where NaN would turn into null; "why" is words ("NaN").
	j := eval[string](t, p, `JSON.stringify(downhill.state(), (k, v) => k === "why" ? undefined : v)`)
	if strings.Contains(j, "NaN") || strings.Contains(j, "Infinity") {
		t.Errorf("JSON.stringify(state()) contains NaN or Infinity: %s", j)
	}
	if strings.Contains(j, `"pos":[null`) || strings.Contains(j, `"loss":null`) {
		t.Errorf("JSON.stringify(state()) has a null position or loss: %s", j)
	}
	if txt := panelText(t, p, "#panel"); strings.Contains(txt, "NaN") || strings.Contains(txt, "Infinity") {
		t.Errorf("the panel shows NaN or Infinity")
	}
	must(t, p.WaitFrames(3))
	noConsoleErrors(t, p)
}

// 6. The learning-rate sweep run from the panel: one row per eta in
// state().sweep, the best marked in the panel's table; then a finer one.
func TestPanelSweep(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1")
	panelClick(t, p, "#sweep-go")
	must(t, p.WaitFor(`downhill.state().sweep.length === 6 && document.querySelectorAll("#sweep-table tbody tr").length === 6`))
	checkSweep := func(etas []float64) {
		t.Helper()
		st := panelStateOf(t, p)
		if st.Mode != "sweep" {
			t.Errorf("mode %q after a sweep, want sweep", st.Mode)
		}
		if len(st.Sweep) != len(etas) {
			t.Fatalf("state().sweep has %d rows, want %d", len(st.Sweep), len(etas))
		}
		best := -1
		for i, r := range st.Sweep {
			if math.Abs(r.LR-etas[i]) > 1e-12*etas[i] {
				t.Errorf("sweep row %d eta %v, want %v", i, r.LR, etas[i])
			}
			if !r.Diverged && (best < 0 || r.Loss < st.Sweep[best].Loss) {
				best = i
			}
		}
		if best < 0 {
			t.Fatal("every run of the sweep diverged")
		}
		rows := eval[[]struct {
			Best bool
			Text string
		}](t, p, `[...document.querySelectorAll("#sweep-table tbody tr")].map((tr) => ({best: tr.classList.contains("best"), text: tr.textContent}))`)
		for i, r := range rows {
			if r.Best != (i == best) || strings.Contains(r.Text, "best") != (i == best) {
				t.Errorf("panel sweep row %d %q marked best %v; the best is row %d (eta %v, loss %v)", i, r.Text, r.Best, best, st.Sweep[best].LR, st.Sweep[best].Loss)
			}
		}
	}
	checkSweep([]float64{1e-4, 1e-3, 1e-2, 0.1, 1, 10})
	best := eval[float64](t, p, `(() => { const s = downhill.state().sweep.filter((r) => !r.diverged); return s.reduce((a, r) => r.loss < a.loss ? r : a).lr; })()`)

	panelClick(t, p, "#sweep-fine")
	must(t, p.WaitFor(`downhill.state().sweep.length === 7 && document.querySelectorAll("#sweep-table tbody tr").length === 7`))
	checkSweep([]float64{best / 4, best / 2, best * 0.75, best, best * 1.5, best * 2, best * 3})

	// Back to rolling.
	panelClick(t, p, "#mode-roll")
	must(t, p.WaitFor(`downhill.state().mode === "roll"`))
}

// 7. Keys: space, r and c on the canvas after clicking it, and on the page
// itself; right arrow on the page.
func TestPanelKeys(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&balls=-2,-2;1,3")
	eval[chromedp.Void](t, p, `downhill.step(5)`)
	lp := eval[struct{ X, Y, W, H float64 }](t, p, `downhill.layout().lossPlot`)

	for _, where := range []string{"canvas", "page"} {
		t.Run(where, func(t *testing.T) {
			if len(panelStateOf(t, p).Balls) == 0 {
				eval[chromedp.Void](t, p, `downhill.set({balls: "-2,-2;1,3"}); downhill.step(5)`)
			}
			if where == "canvas" {
				must(t, p.Click(browser.Point{X: math.Round(lp.X + lp.W/2), Y: math.Round(lp.Y + lp.H/2)}))
				must(t, p.WaitFor(`document.activeElement === document.querySelector("canvas")`))
			} else {
				// A click on the panel's plain text leaves focus on the page.
				panelClick(t, p, "#sec-opt .hint")
				must(t, p.WaitFor(`document.activeElement === document.body`))
			}
			if !panelStateOf(t, p).Paused {
				t.Fatal("not paused at the start")
			}
			panelKey(t, p, " ")
			must(t, p.WaitFor(`!downhill.state().paused`))
			panelKey(t, p, " ")
			must(t, p.WaitFor(`downhill.state().paused`))
			must(t, p.WaitFor(`downhill.state().balls.every((b) => b.steps > 0)`))
			panelKey(t, p, "r")
			must(t, p.WaitFor(`downhill.state().balls.every((b) => b.steps === 0)`))
			if where == "page" {
				panelKey(t, p, "s")
				must(t, p.WaitFor(`downhill.state().balls.every((b) => b.steps === 1)`))
			}
			n := len(panelStateOf(t, p).Balls)
			if n != 2 {
				t.Errorf("%d balls before c, want 2", n)
			}
			panelKey(t, p, "c")
			must(t, p.WaitFor(`downhill.state().balls.length === 0`))
		})
	}

	// A key typed in a text field is text, not a command.
	eval[chromedp.Void](t, p, `downhill.set({balls: "-2,-2"})`)
	panelType(t, p, "#search-n", "c r")
	if st := panelStateOf(t, p); len(st.Balls) != 1 || !st.Paused {
		t.Errorf("typing c, space and r into a field cleared, played or restarted: %d balls, paused %v", len(st.Balls), st.Paused)
	}
	// Escape leaves the field; then c clears.
	panelKey(t, p, kb.Escape)
	must(t, p.WaitFor(`document.activeElement === document.body`))
	panelKey(t, p, "c")
	must(t, p.WaitFor(`downhill.state().balls.length === 0`))
}

// panelTap touches pt with one finger for p.Hold.
func panelTap(t *testing.T, p *browser.Page, pt browser.Point) {
	t.Helper()
	ctx := p.Context()
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchStart, TouchPoints: []*input.TouchPoint{{X: pt.X, Y: pt.Y}}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(p.Hold) // ebiten samples touches once per tick
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{}}); err != nil {
		t.Fatal(err)
	}
}

// 8. A phone: the panel is a sheet below the canvas, collapsed or open; the
// views are stacked above it, nothing overlaps, and a tap drops a ball.
func TestPanelPhone(t *testing.T) {
	p := openPanelPage(t, 390, 844, 2, "?paused=1")
	type geometry struct {
		Sheet  bool
		Open   bool
		Panel  rect
		Canvas rect
		Body   rect
		Layout struct {
			Wide                        bool
			Width, Height               float64
			Surface, Contour, Loss, Fit rect
		}
	}
	look := func() geometry {
		return eval[geometry](t, p, `(() => {
			const r = (el) => { const b = el.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; };
			const l = downhill.layout();
			const c = (q) => ({x: q.x, y: q.y, w: q.w, h: q.h});
			return {sheet: document.documentElement.classList.contains("sheet"), open: document.documentElement.classList.contains("open"),
				panel: r(document.getElementById("panel")), canvas: r(document.querySelector("canvas")), body: r(document.body),
				layout: {wide: l.wide, width: l.width, height: l.height, surface: c(l.surface), contour: c(l.contour), loss: c(l.loss), fit: c(l.fit)}};
		})()`)
	}
	checkGeometry := func(g geometry) {
		t.Helper()
		if !g.Sheet {
			t.Error("on a 390x844 phone the panel is not the bottom sheet")
		}
		if g.Layout.Wide {
			t.Error("the views are side by side on a phone; want them stacked")
		}
		if g.Panel.X != 0 || g.Panel.W != 390 || math.Abs(g.Panel.Y+g.Panel.H-844) > 0.5 || g.Panel.H < 40 {
			t.Errorf("the sheet is at %+v; want the full width at the bottom", g.Panel)
		}
		if g.Canvas.X != 0 || g.Canvas.Y != 0 || g.Canvas.W != 390 || math.Abs(g.Canvas.H-g.Panel.Y) > 0.5 {
			t.Errorf("canvas %+v; want it at the top-left, 390 wide, down to the sheet at y %g", g.Canvas, g.Panel.Y)
		}
		if g.Canvas.overlaps(g.Panel) {
			t.Errorf("canvas %+v overlaps the panel %+v", g.Canvas, g.Panel)
		}
		views := map[string]rect{"surface": g.Layout.Surface, "contour": g.Layout.Contour, "loss": g.Layout.Loss, "fit": g.Layout.Fit}
		for name, v := range views {
			if v.overlaps(g.Panel) {
				t.Errorf("the %s view %+v overlaps the panel %+v", name, v, g.Panel)
			}
			if v.Y+v.H > g.Panel.Y+0.5 {
				t.Errorf("the %s view %+v reaches below the panel's top %g", name, v, g.Panel.Y)
			}
		}
		if !(g.Layout.Surface.Y+g.Layout.Surface.H <= g.Layout.Contour.Y && g.Layout.Contour.H > 100) {
			t.Errorf("3D view %+v and contour map %+v are not stacked, or the map is tiny", g.Layout.Surface, g.Layout.Contour)
		}
	}

	g := look()
	if g.Open {
		t.Error("on a phone the sheet starts open; want it collapsed to its bar")
	}
	checkGeometry(g)
	panelTap(t, p, toScreen(t, p, -2, -2))
	must(t, p.WaitFor(`downhill.state().balls.length === 1`))

	// Open the sheet: the canvas shrinks above it (ebiten follows the body).
	panelClick(t, p, "#panel-toggle")
	must(t, p.WaitFor(fmt.Sprintf(`document.querySelector("canvas").getBoundingClientRect().height < %g && downhill.layout().height < %g`, g.Canvas.H-100, g.Canvas.H-100)))
	g = look()
	if !g.Open || eval[string](t, p, `document.getElementById("panel-toggle").getAttribute("aria-expanded")`) != "true" {
		t.Error("the sheet did not open")
	}
	checkGeometry(g)
	panelTap(t, p, toScreen(t, p, 2, 4))
	must(t, p.WaitFor(`downhill.state().balls.length === 2`))
	// The panel's controls work on the phone too.
	panelClick(t, p, "#opt-momentum")
	must(t, p.WaitFor(`downhill.state().enabled.includes("momentum")`))
}

// 9. A bad custom f: its error shows next to the field and the surface
// keeps drawing; a good one then replaces the surface.
func TestPanelCustomFError(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1")
	// Choose "custom" (the last option) with the keyboard.
	panelOnScreen(t, p, "#surface")
	eval[chromedp.Void](t, p, `document.getElementById("surface").focus()`)
	must(t, p.Key(kb.End))
	must(t, p.WaitFor(`!document.getElementById("custom-row").hidden`))
	panelType(t, p, "#custom-f", "w + * b")
	must(t, p.WaitFor(`document.getElementById("err-f").textContent !== ""`))
	msg := panelText(t, p, "#err-f")
	if !strings.HasPrefix(msg, "f:") || !strings.Contains(msg, "position") {
		t.Errorf("the error %q should name f and the position", msg)
	}
	geo := eval[struct{ Field, Err rect }](t, p, `(() => {
		const r = (el) => { const b = el.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; };
		return {field: r(document.getElementById("custom-f")), err: r(document.getElementById("err-f"))};
	})()`)
	if geo.Err.H == 0 || geo.Err.Y < geo.Field.Y+geo.Field.H || geo.Err.Y > geo.Field.Y+geo.Field.H+60 {
		t.Errorf("the error %+v is not shown just below the field %+v", geo.Err, geo.Field)
	}
	if s := panelStateOf(t, p); s.Surface != "neuron" {
		t.Errorf("a bad f changed the surface to %q", s.Surface)
	}
	// The surface still draws: the contour view has many colours.
	must(t, p.WaitFrames(3))
	img, err := p.Screenshot()
	must(t, err)
	a, b := toScreen(t, p, -6, -6), toScreen(t, p, 6, 6)
	view := image.Rect(int(a.X), int(a.Y), int(b.X), int(b.Y)).Canon()
	if colours, share := variety(img, view); colours < 16 || share > 0.9 {
		t.Errorf("the contour view %v has %d colours, the commonest covering %.0f%%: the surface is not drawn", view, colours, 100*share)
	}

	// Apply with the button, after fixing the expression.
	panelClick(t, p, "#custom-f")
	eval[chromedp.Void](t, p, `document.getElementById("custom-f").select()`)
	for _, r := range "w^2+b^2" {
		must(t, p.Key(string(r)))
	}
	panelClick(t, p, "#custom-apply")
	must(t, p.WaitFor(`downhill.state().surface === "custom"`))
	if f := panelStateOf(t, p).F; f != "w^2+b^2" {
		t.Errorf("custom f %q, want w^2+b^2", f)
	}
	must(t, p.WaitFor(`document.getElementById("err-f").textContent === "" && document.getElementById("surface").value === "custom"`))
}

// Playback: speed below one step per second, the step limit, restart and
// clear buttons, and the share link.
func TestPanelPlaybackAndShare(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&opt=gd,nag")
	panelType(t, p, "#speed", "0.5")
	must(t, p.WaitFor(`downhill.state().speed === 0.5`))
	// The slider's left end is 0.2 steps per second.
	at := panelOnScreen(t, p, "#speed-range")
	w := eval[float64](t, p, `document.getElementById("speed-range").getBoundingClientRect().width`)
	must(t, p.Click(browser.Point{X: math.Round(at.X - w/2 + 1), Y: at.Y}))
	must(t, p.WaitFor(`downhill.state().speed === 0.2`))
	panelType(t, p, "#max-steps", "300")
	must(t, p.WaitFor(`downhill.state().maxSteps === 300`))
	panelType(t, p, "#max-steps", "0")
	must(t, p.WaitFor(`document.getElementById("err-maxSteps").textContent.includes("maxSteps")`))

	panelDrop(t, p, -2, -2, 2)
	eval[chromedp.Void](t, p, `downhill.step(7)`)
	panelClick(t, p, "#restart")
	must(t, p.WaitFor(`downhill.state().balls.length === 2 && downhill.state().balls.every((b) => b.steps === 0)`))
	panelClick(t, p, "#clear")
	must(t, p.WaitFor(`downhill.state().balls.length === 0`))

	panelDrop(t, p, 1, 3, 2)
	panelClick(t, p, "#share-copy")
	want := eval[string](t, p, `location.origin + location.pathname + "?" + downhill.query()`)
	must(t, p.WaitFor(fmt.Sprintf(`document.getElementById("share-url").value === %s`, panelJS(want))))
	for _, part := range []string{"opt=gd,nag", "speed=0.2", "maxSteps=300", "balls=", "paused=1"} {
		if !strings.Contains(want, part) {
			t.Errorf("share link %q lacks %s", want, part)
		}
	}
}

// The exercises' other buttons: guess work with its table, random search,
// the quiz.
func TestPanelExercises(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1")
	panelClick(t, p, "#guess-go")
	must(t, p.WaitFor(`downhill.state().mode === "guess" && downhill.state().guess !== null`))
	panelClick(t, p, "#guess-record")
	panelType(t, p, "#guess-w", "1.79")
	panelType(t, p, "#guess-b", "-2.28")
	panelClick(t, p, "#guess-go")
	panelClick(t, p, "#guess-record")
	must(t, p.WaitFor(`document.querySelectorAll("#guess-table tbody tr").length === 2`))
	rows := eval[[][]string](t, p, `[...document.querySelectorAll("#guess-table tbody tr")].map((tr) => [...tr.cells].map((c) => c.textContent))`)
	// The lecture's table: (0.5, 0) -> 0.0731 and (1.79, -2.28) -> 0.0000.
	want := [][]string{{"1", "0.50", "0.00", "0.0731"}, {"2", "1.79", "-2.28", "0.0000"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("guess table %v, want %v", rows, want)
	}

	panelType(t, p, "#search-n", "500")
	panelClick(t, p, "#search-go")
	must(t, p.WaitFor(`downhill.state().search && downhill.state().search.n === 500`))
	s := eval[struct {
		Best [2]float64
		Loss float64
	}](t, p, `downhill.state().search`)
	if txt := panelText(t, p, "#search-result"); !strings.Contains(txt, "500") || !strings.Contains(txt, "L =") {
		t.Errorf("random search result %q does not give N and the best loss (%v at %v)", txt, s.Loss, s.Best)
	}

	panelClick(t, p, "#quiz-go")
	must(t, p.WaitFor(`downhill.state().mode === "quiz" && !document.getElementById("quiz-0").disabled`))
	if v := eval[string](t, p, `document.getElementById("surface").value`); v != "" {
		t.Errorf("during the quiz the surface select shows %q, giving the answer away", v)
	}
	panelClick(t, p, "#quiz-2")
	must(t, p.WaitFor(`document.getElementById("quiz-feedback").textContent.includes("it is")`))
	q := eval[struct {
		Picked  int  `json:"picked"`
		Correct bool `json:"correct"`
	}](t, p, `downhill.state().quiz`)
	fb := panelText(t, p, "#quiz-feedback")
	if q.Picked != 2 || strings.HasPrefix(fb, "Right") != q.Correct {
		t.Errorf("quiz picked %d correct %v, feedback %q", q.Picked, q.Correct, fb)
	}
	if !eval[bool](t, p, `document.getElementById("quiz-0").disabled`) {
		t.Error("the answer buttons stay enabled after the answer")
	}
	panelClick(t, p, "#mode-roll")
	must(t, p.WaitFor(`downhill.state().mode === "roll"`))
}

// Every control has a name, the panel has no positive tabindex, and Tab
// walks the panel's controls in document order.
func TestPanelAccessibility(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&balls=0,0")
	eval[chromedp.Void](t, p, `document.querySelectorAll("#panel details").forEach((d) => d.open = true)`)
	must(t, p.WaitFor(`document.querySelectorAll("#balls-list li").length === 1`))
	unnamed := eval[[]string](t, p, `[...document.querySelectorAll("#panel input, #panel select, #panel button")].filter((el) => {
		if (el.closest("[hidden]")) return false;
		const label = el.labels && [...el.labels].some((l) => l.textContent.trim() && l.getBoundingClientRect().height > 0);
		const aria = (el.getAttribute("aria-label") || "").trim();
		const own = el.tagName === "BUTTON" && el.textContent.trim();
		return !(label || aria || own);
	}).map((el) => el.outerHTML.slice(0, 120))`)
	if len(unnamed) > 0 {
		t.Errorf("controls without a visible label or aria-label:\n%s", strings.Join(unnamed, "\n"))
	}
	if n := eval[int](t, p, `document.querySelectorAll("#panel [tabindex]:not([tabindex='0']):not([tabindex='-1'])").length`); n > 0 {
		t.Errorf("%d panel elements have a positive tabindex", n)
	}
	for _, sel := range []string{"#announce", "#err-lr", "#err-f", "#err-opt", "#err-sweep"} {
		if live := eval[string](t, p, fmt.Sprintf(`document.querySelector(%s).getAttribute("aria-live")`, panelJS(sel))); live == "" {
			t.Errorf("%s is not a live region", sel)
		}
	}

	// Tab order: from the Play button, the next tabbable elements in order.
	order := eval[[]string](t, p, `(() => {
		const all = [...document.querySelectorAll("#panel button, #panel input, #panel select, #panel summary")]
			.filter((el) => !el.disabled && !el.closest("[hidden]") && el.getClientRects().length > 0 &&
				(el.tagName === "SUMMARY" || !el.closest("details:not([open])") || el.parentElement.tagName === "DETAILS"));
		all.forEach((el, i) => { if (!el.id) el.id = "tab-probe-" + i; });
		return all.map((el) => el.id);
	})()`)
	eval[chromedp.Void](t, p, `document.getElementById("play").focus()`)
	start := -1
	for i, id := range order {
		if id == "play" {
			start = i
		}
	}
	if start < 0 || len(order) < start+8 {
		t.Fatalf("tab order probe found %v", order)
	}
	for i := 1; i <= 7; i++ {
		must(t, p.Key("\t"))
		got := eval[string](t, p, `document.activeElement.id`)
		if got != order[start+i] {
			t.Errorf("Tab %d focused #%s, want #%s (document order)", i, got, order[start+i])
			break
		}
	}
}

// On a narrower desktop the panel starts collapsed to a button above the
// contour map; opened, it sits beside the canvas without covering it.
func TestPanelSideCollapsed(t *testing.T) {
	p := openPanelPage(t, 1024, 700, 1, "?paused=1")
	geo := func() struct {
		Open                       bool
		Panel, Canvas, ContourPlot rect
	} {
		return eval[struct {
			Open                       bool
			Panel, Canvas, ContourPlot rect
		}](t, p, `(() => {
			const r = (el) => { const b = el.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; };
			const c = downhill.layout().contourPlot;
			return {open: document.documentElement.classList.contains("open"), panel: r(document.getElementById("panel")),
				canvas: r(document.querySelector("canvas")), contourPlot: {x: c.x, y: c.y, w: c.w, h: c.h}};
		})()`)
	}
	g := geo()
	if g.Open || g.Canvas.W != 1024 {
		t.Errorf("at 1024x700 the panel is open %v, canvas %+v; want collapsed and the canvas full width", g.Open, g.Canvas)
	}
	if g.Panel.overlaps(g.ContourPlot) {
		t.Errorf("the collapsed panel's button %+v covers the contour map %+v", g.Panel, g.ContourPlot)
	}
	panelClick(t, p, "#panel-toggle")
	must(t, p.WaitFor(`document.querySelector("canvas").getBoundingClientRect().width === 704 && downhill.layout().width === 704`))
	g = geo()
	if !g.Open || g.Panel.X != 704 || g.Panel.W != 320 || g.Panel.H != 700 || g.Canvas.overlaps(g.Panel) {
		t.Errorf("opened: panel %+v, canvas %+v; want the panel at x 704, 320x700, beside the canvas", g.Panel, g.Canvas)
	}
	panelDrop(t, p, -2, -2, 1)
	panelClick(t, p, "#panel-toggle")
	must(t, p.WaitFor(`document.querySelector("canvas").getBoundingClientRect().width === 1024`))
}
