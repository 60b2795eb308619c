//go:build !js

package main

// The browser test of issue 22's convergence map: mode=map on the lecture's
// neuron draws gradient descent's slow plateau and momentum's smaller one,
// and a click on a cell drops a race that runs the paths the cell
// describes.

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"downhill/build/internal/browser"
)

type mapPanel struct {
	Optimizer string  `json:"optimizer"`
	Cells     int     `json:"cells"`
	Reached   int     `json:"reached"`
	Slow      int     `json:"slow"`
	Diverged  int     `json:"diverged"`
	Median    int     `json:"median"`
	LR        float64 `json:"lr"`
}

type mapInfo struct {
	Grid     int        `json:"grid"`
	Limit    int        `json:"limit"`
	Done     bool       `json:"done"`
	Computed int        `json:"computed"`
	Cells    int        `json:"cells"`
	Panels   []mapPanel `json:"panels"`
	Summary  string     `json:"summary"`
	Box      [4]float64 `json:"box"`
}

// mapCell is one row of the map's table in csv().
type mapCell struct {
	panel, i, j int
	w, b        float64
	kind        string
	steps       int
}

// mapCells reads the map's table from csv().
func mapCells(t *testing.T, p *browser.Page) map[[3]int]mapCell {
	t.Helper()
	csv := eval[string](t, p, `downhill.csv()`)
	_, table, ok := strings.Cut(csv, "\nmap,optimizer,i,j,w,b,kind,steps,basin,basin_w,basin_b\n")
	if !ok {
		t.Fatalf("csv() has no map table: %.300q", csv)
	}
	out := map[[3]int]mapCell{}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Split(line, ",")
		if len(f) != 11 {
			t.Fatalf("map row %q: %d fields, want 11", line, len(f))
		}
		var c mapCell
		var err [6]error
		c.panel, err[0] = strconv.Atoi(f[0])
		c.i, err[1] = strconv.Atoi(f[2])
		c.j, err[2] = strconv.Atoi(f[3])
		c.w, err[3] = strconv.ParseFloat(f[4], 64)
		c.b, err[4] = strconv.ParseFloat(f[5], 64)
		c.kind = f[6]
		c.steps, err[5] = strconv.Atoi(f[7])
		for _, e := range err {
			if e != nil {
				t.Fatalf("map row %q: %v", line, e)
			}
		}
		out[[3]int{c.panel, c.i, c.j}] = c
	}
	return out
}

// mapTiming is how long a map shown at page load took, measured in the
// page: until the coarse level (8 x 8 starts a panel) was computed and
// until the whole map was, the page's animation frames meanwhile (what a
// reader feels) and their slowest, and the time the map's own work took
// (map.ms) for its steps.
type mapTiming struct {
	Coarse, Full, Frames, Slowest, MS, Steps float64
}

// timeMap waits for the map to be done, polling state() every 50 ms (not
// faster: state() costs the page time too).
func timeMap(t *testing.T, p *browser.Page, panels int) mapTiming {
	t.Helper()
	return eval[mapTiming](t, p, fmt.Sprintf(`new Promise((done) => {
		const t0 = performance.now();
		let coarse = 0, frames = 0, slowest = 0, last = t0, on = true;
		const raf = () => {
			const n = performance.now();
			frames++;
			slowest = Math.max(slowest, n - last);
			last = n;
			if (on) requestAnimationFrame(raf);
		};
		requestAnimationFrame(raf);
		const f = () => {
			const m = downhill.state({balls: 0}).map;
			if (!coarse && m.computed >= %d * 8 * 8) coarse = performance.now() - t0;
			if (m.done) {
				on = false;
				done({Coarse: coarse, Full: performance.now() - t0, Frames: frames, Slowest: slowest, MS: m.ms, Steps: m.steps});
			} else setTimeout(f, 50);
		};
		f();
	})`, panels))
}

// TestConvergenceMapTiming measures (does not assert: the machine is
// shared) the 5.2 scene's map, gradient descent alone: the coarse picture,
// the whole map, the frame rate meanwhile and the wasm's cost a step.
//
// A measurement, not a test: it runs only with DOWNHILL_MEASURE=1.
func TestConvergenceMapTiming(t *testing.T) {
	if os.Getenv("DOWNHILL_MEASURE") != "1" {
		t.Skip("a measurement: DOWNHILL_MEASURE=1 go test ./build -run TestConvergenceMapTiming -v")
	}
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	p.Timeout = 120 * time.Second
	must(t, p.Load(e.appURL+"?scene=5.2-convergence-map&paused=1#panel=off"))
	tm := timeMap(t, p, 1)
	t.Logf("5.2's map (GD, 128 x 128, <= 1000 steps): coarse picture %.0f ms, whole map %.0f ms after the page was ready; %.0f animation frames meanwhile (%.1f a second, the slowest %.0f ms); the map's work %.0f ms for %.0f steps (%.0f ns a step in the wasm)",
		tm.Coarse, tm.Full, tm.Frames, tm.Frames/tm.Full*1000, tm.Slowest, tm.MS, tm.Steps, tm.MS*1e6/tm.Steps)
}

func TestConvergenceMapInBrowser(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	p.Timeout = 120 * time.Second
	const q = "?surface=neuron&opt=gd,momentum&lr=1&gamma=0.9&maxSteps=1000&views=contour&paused=1&mode=map#panel=off"
	must(t, p.Load(e.appURL+q))
	tm := timeMap(t, p, 2)
	t.Logf("GD and momentum, 2 x 128 x 128: coarse %.0f ms, whole %.0f ms, %.1f frames a second meanwhile, %.0f ns a step",
		tm.Coarse, tm.Full, tm.Frames/tm.Full*1000, tm.MS*1e6/tm.Steps)

	m := eval[mapInfo](t, p, `downhill.state({balls: 0}).map`)
	if m.Grid != 128 || m.Limit != 1000 || len(m.Panels) != 2 || m.Panels[0].Optimizer != "gd" || m.Panels[1].Optimizer != "momentum" {
		t.Fatalf("map %+v: want 128 x 128, 1000 steps, gd and momentum", m)
	}
	gd, mo := m.Panels[0], m.Panels[1]
	t.Logf("slow (never within 0.01 of L* in 1000 steps): gd %d, momentum %d of %d", gd.Slow, mo.Slow, gd.Cells)
	if gd.Slow < gd.Cells/5 || mo.Slow*2 > gd.Slow || mo.Slow == 0 {
		t.Errorf("slow starts: gd %d, momentum %d of %d; want gd's plateau (a fifth of the box or more) and momentum's under half of it", gd.Slow, mo.Slow, gd.Cells)
	}
	if !strings.Contains(m.Summary, "Momentum: ") || !strings.Contains(m.Summary, "of the starts arrive within 1000 steps") {
		t.Errorf("the map's summary %q", m.Summary)
	}

	// The picture: a cell that is slow for GD and fast for momentum is
	// dark on GD's map and light on momentum's.
	cells := mapCells(t, p)
	if len(cells) != 2*128*128 {
		t.Fatalf("csv() lists %d cells, want %d", len(cells), 2*128*128)
	}
	var slowFast, fast mapCell
	found, foundFast := false, false
	for j := 0; j < 128 && !(found && foundFast); j++ {
		for i := 0; i < 128; i++ {
			g, m := cells[[3]int{0, i, j}], cells[[3]int{1, i, j}]
			if !found && g.kind == "slow" && m.kind == "reached" && m.steps < 30 {
				slowFast, found = g, true
			}
			if !foundFast && g.kind == "reached" && g.steps > 150 && g.steps < 400 {
				fast, foundFast = g, true
			}
		}
	}
	if !found || !foundFast {
		t.Fatalf("no start slow for GD and fast for momentum, or none GD needs 150 to 400 steps for")
	}
	lay := eval[struct {
		Maps []rect `json:"maps"`
	}](t, p, `downhill.layout()`)
	if len(lay.Maps) != 2 || lay.Maps[0].X+lay.Maps[0].W > lay.Maps[1].X {
		t.Fatalf("maps laid out at %+v: want two side by side", lay.Maps)
	}
	img, err := p.Screenshot()
	must(t, err)
	at := func(k int, c mapCell) browser.Point {
		r := lay.Maps[k]
		return browser.Point{X: r.X + (float64(c.i)+0.5)/128*r.W, Y: r.Y + (128-float64(c.j)-0.5)/128*r.H}
	}
	lum := func(pt browser.Point) float64 {
		r, g, b, _ := img.At(int(pt.X*p.Scale), int(pt.Y*p.Scale)).RGBA()
		return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 257
	}
	if dark, light := lum(at(0, slowFast)), lum(at(1, slowFast)); dark > 30 || light < 100 {
		t.Errorf("start (%.3g, %.3g): GD's map %0.f (want dark: never arrives), momentum's %.0f (want light: %d steps)", slowFast.w, slowFast.b, dark, light, cells[[3]int{1, slowFast.i, slowFast.j}].steps)
	}

	// A click on a cell of GD's map drops a race at its centre: the GD
	// ball first comes within 0.01 of L* at the step the cell says.
	must(t, p.Click(at(0, fast)))
	must(t, p.WaitFor(`downhill.state().balls.length === 2`))
	st := eval[appState](t, p, `downhill.state()`)
	for _, b := range st.Balls {
		if b.Start != [2]float64{fast.w, fast.b} {
			t.Fatalf("the click dropped %s at %v, want the cell's centre (%v, %v)", b.Optimizer, b.Start, fast.w, fast.b)
		}
	}
	if n := fast.steps - 1; n > 0 {
		eval[any](t, p, fmt.Sprintf(`downhill.step(%d)`, n))
	}
	before := eval[appState](t, p, `downhill.state()`).Balls[0]
	eval[any](t, p, `downhill.step(1)`)
	after := eval[appState](t, p, `downhill.state()`).Balls[0]
	if before.Optimizer != "gd" || before.Steps != fast.steps-1 || !(before.Loss > 0.01) || !(after.Loss <= 0.01) {
		t.Errorf("the GD ball from the cell: loss %.5g after %d steps, %.5g after %d; the cell says it comes within 0.01 at step %d",
			before.Loss, before.Steps, after.Loss, after.Steps, fast.steps)
	}

	// screenshot() draws the map too.
	png := eval[string](t, p, `downhill.screenshot()`)
	if !strings.HasPrefix(png, "data:image/png") {
		t.Errorf("screenshot() gave %.40q", png)
	}
	noConsoleErrors(t, p)
}

// The panel's control of the map, built from info(): the grid's field
// sets mapGrid, the button shows the map and hides it, and once the map is
// done its summary is the panel's text (a live region: only the finished
// words, not every refresh).
func TestConvergenceMapPanel(t *testing.T) {
	p := openPanelPage(t, panelW, panelH, 1, "?paused=1&opt=gd,momentum&maxSteps=300")
	eval[bool](t, p, `(document.getElementById("sec-ex").open = true, true)`)
	if got := eval[string](t, p, `document.getElementById("map-grid-label").textContent`); got != "Convergence map: cells per side" {
		t.Errorf("the grid's label %q is not the setting's title from info()", got)
	}
	panelType(t, p, "#map-grid", "16")
	must(t, p.WaitFor(`downhill.state({balls: 0}).mapGrid === 16`))
	panelClick(t, p, "#map-go")
	must(t, p.WaitFor(`downhill.state({balls: 0}).mode === "map"`))
	must(t, p.WaitFor(`document.getElementById("map-go").getAttribute("aria-pressed") === "true"`))
	must(t, p.WaitFor(`downhill.state({balls: 0}).map.done && document.getElementById("map-summary").textContent === downhill.state({balls: 0}).map.summary`))
	if s := eval[string](t, p, `document.getElementById("map-summary").textContent`); !strings.Contains(s, "16 × 16 starts") || !strings.Contains(s, "Momentum: ") {
		t.Errorf("the panel's summary %q", s)
	}
	panelClick(t, p, "#map-go")
	must(t, p.WaitFor(`downhill.state({balls: 0}).mode === "roll" && document.getElementById("map-summary").textContent === ""`))
	panelType(t, p, "#map-grid", "7")
	must(t, p.WaitFor(`document.getElementById("err-map").textContent.includes("mapGrid")`))
}
