//go:build !js

package main

// The browser tests of issue 4: the views (3D surface, contour map, loss
// curve, data fit), checked on screenshots of the real page at positions the
// page's own coordinate functions give (toScreen, toSurface, layout), with
// real mouse input. They wait on the app's state and frame counts, never on
// time.

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"downhill/build/internal/browser"
	"downhill/game/sim"
	"downhill/game/view"
	"downhill/surfaces"
)

// shadedViridisPos is viridisPos for a lit surface: c is taken as k times
// a viridis colour (the 3D mesh multiplies the colour by its light), with
// the k that fits best.
func shadedViridisPos(c color.RGBA) (pos, k, dist float64) {
	x := [3]float64{float64(c.R), float64(c.G), float64(c.B)}
	best, bk, bd := 0, 0.0, math.Inf(1)
	for i, v := range viridisTable {
		kk := (x[0]*v[0] + x[1]*v[1] + x[2]*v[2]) / (v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
		d := 0.0
		for j := range 3 {
			e := x[j] - kk*v[j]
			d += e * e
		}
		if d < bd {
			best, bk, bd = i, kk, d
		}
	}
	return float64(best) / 255, bk, math.Sqrt(bd)
}

// mapSample is one point of the contour map: where it is, its loss, and the
// colour map's position of the pixels drawn there.
type mapSample struct {
	W, B, Loss float64
	At         browser.Point
	Pos        float64
}

// contourSamples looks at an n x n grid of (w, b) in the surface's box (a
// little inside it) and keeps the points whose 5 x 5 CSS pixel patch in
// the contour map is pure colour map: no isoline, label, marker, ball or
// cursor crosses it.
func contourSamples(t *testing.T, p *browser.Page, img image.Image, n int) []mapSample {
	t.Helper()
	pts := eval[[]struct {
		W, B, Loss, X, Y float64
	}](t, p, fmt.Sprintf(`(() => {
		const [w0, w1, b0, b1] = downhill.info().box, n = %d, out = [];
		for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
			const w = w0 + (w1 - w0) * (0.03 + 0.94 * i / (n - 1));
			const b = b0 + (b1 - b0) * (0.03 + 0.94 * j / (n - 1));
			const s = downhill.toScreen(w, b);
			out.push({w, b, loss: downhill.loss(w, b), x: s.x, y: s.y});
		}
		return out;
	})()`, n))
	var out []mapSample
	for _, q := range pts {
		if math.IsNaN(q.Loss) || math.IsInf(q.Loss, 0) {
			continue
		}
		at := browser.Point{X: q.X, Y: q.Y}
		var pos []float64
		clean := true
		for _, c := range patch(img, at, p.Scale, 2.5) {
			v, d := viridisPos(c)
			if d > 6 {
				clean = false
				break
			}
			pos = append(pos, v)
		}
		if clean {
			out = append(out, mapSample{W: q.W, B: q.B, Loss: q.Loss, At: at, Pos: median(pos)})
		}
	}
	return out
}

// checkColourOrder checks that the contour map's colours are ordered as
// the losses are. Among the clean samples: whenever one loss is clearly
// larger than another (by 25% and by 1% of the sampled range) its colour is
// further along the viridis map; the rank correlation of loss and colour is
// at least 0.97 (8-bit colours and the bilinear colour map allow small
// inversions between nearly equal losses); the lowest loss is dark violet and
// the highest far towards yellow. It returns the samples, by loss.
func checkColourOrder(t *testing.T, p *browser.Page, img image.Image) []mapSample {
	t.Helper()
	s := contourSamples(t, p, img, 13)
	if len(s) < 20 {
		t.Fatalf("only %d of 169 points of the contour map show pure viridis colours (no isoline or label over them); the colour map is not drawn where toScreen says", len(s))
	}
	sort.Slice(s, func(i, j int) bool { return s[i].Loss < s[j].Loss })
	lo, hi := s[0], s[len(s)-1]
	span := hi.Loss - lo.Loss
	bad := 0
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			a, b := s[i], s[j]
			if b.Loss-a.Loss < 0.01*span || b.Loss < 1.25*a.Loss {
				continue
			}
			if b.Pos <= a.Pos {
				if bad++; bad <= 5 {
					t.Errorf("L(%.3g, %.3g) = %.4g is clearly above L(%.3g, %.3g) = %.4g, but its colour is not further along the viridis map (%.3f <= %.3f)",
						b.W, b.B, b.Loss, a.W, a.B, a.Loss, b.Pos, a.Pos)
				}
			}
		}
	}
	losses, pos := make([]float64, len(s)), make([]float64, len(s))
	for i, q := range s {
		losses[i], pos[i] = q.Loss, q.Pos
	}
	if r := spearman(losses, pos); r < 0.97 {
		t.Errorf("rank correlation of loss and viridis position over %d points is %.3f, want >= 0.97", len(s), r)
	}
	if lo.Pos > 0.2 || hi.Pos < 0.6 {
		t.Errorf("the lowest loss sampled (%.4g) has viridis position %.3f (want dark violet, < 0.2) and the highest (%.4g) %.3f (want > 0.6)",
			lo.Loss, lo.Pos, hi.Loss, hi.Pos)
	}
	if t.Failed() {
		var b strings.Builder
		for _, q := range s {
			fmt.Fprintf(&b, "  L(%.3g, %.3g) = %-10.4g at %5.1f,%5.1f: viridis %.3f\n", q.W, q.B, q.Loss, q.At.X, q.At.Y, q.Pos)
		}
		t.Logf("samples, by loss:\n%s", b.String())
	}
	return s
}

// spearman is the rank correlation of x and y (no tie correction).
func spearman(x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		idx := make([]int, len(v))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
		r := make([]float64, len(v))
		for k, i := range idx {
			r[i] = float64(k)
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	n := float64(len(x))
	d := 0.0
	for i := range rx {
		d += (rx[i] - ry[i]) * (rx[i] - ry[i])
	}
	return 1 - 6*d/(n*(n*n-1))
}

// TestViewsBothPresent: the contour map shows the loss in viridis, ordered
// as the losses are, and the 3D view shows the lit surface in the same
// colours where toSurface says each point is.
func TestViewsBothPresent(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	if lh := eval[bool](t, p, `downhill.info().logHeight`); lh {
		t.Errorf("neuron's losses span less than a decade, but info().logHeight is true")
	}
	l := getLayout(t, p)
	if !l.Wide || l.Surface.empty() || l.Contour.empty() || l.Surface.X+l.Surface.W > l.Contour.X {
		t.Fatalf("at 1280x720 want the 3D view and the contour map side by side, got %+v", l)
	}
	must(t, p.WaitFrames(3))
	img := screenshot(t, p)
	samples := checkColourOrder(t, p, img)

	// The 3D view: at each visible point, a lit surface colour (viridis
	// times a light between ambient and full) that is the colour the
	// contour map has at the same (w, b).
	visible, hidden := 0, 0
	for _, q := range samples {
		sp := toSurface(t, p, q.W, q.B)
		if !l.Surface.contains(sp.pt(), 2) {
			continue // TestViews3DStaysInItsPanel
		}
		if !sp.Visible {
			hidden++
			continue
		}
		if !openSurface(t, p, q.W, q.B) {
			continue // seen edge-on, or next to a hill's silhouette
		}
		visible++
		var pos, ks, ds []float64
		for _, c := range patch(img, sp.pt(), p.Scale, 1.5) {
			if isBackground(c) {
				t.Errorf("the 3D view has background %s at toSurface(%.3g, %.3g) = %.1f,%.1f, a visible point of the surface",
					hex(c), q.W, q.B, sp.X, sp.Y)
				break
			}
			ps, k, d := shadedViridisPos(c)
			pos, ks, ds = append(pos, ps), append(ks, k), append(ds, d)
		}
		if len(pos) == 0 {
			continue
		}
		ps, k, d := median(pos), median(ks), median(ds)
		if d > 6 || k < 0.2 || k > 1.05 || math.Abs(ps-q.Pos) > 0.03 {
			t.Errorf("at (%.3g, %.3g), L = %.4g, the 3D view is %s: %.2f x viridis %.3f (residual %.1f); the contour map there is viridis %.3f",
				q.W, q.B, q.Loss, hex(patch(img, sp.pt(), p.Scale, 0)[0]), k, ps, d, q.Pos)
		}
	}
	if visible < 10 {
		t.Errorf("only %d of %d sampled points are visible in the default 3D view (%d hidden)", visible, len(samples), hidden)
	}
	// Off the surface, the 3D view is background.
	if c := browser.Pixel(img, browser.Point{X: l.Surface.X + 12, Y: l.Surface.Y + l.Surface.H - 12}, p.Scale); !isBackground(c) {
		t.Errorf("the 3D view's bottom-left corner is %s, want the background", hex(c))
	}
	noConsoleErrors(t, p)
}

// TestViewsDragOrbits: a real drag on the 3D view turns the camera by the
// pixels dragged, moves the projection, and drops no ball.
func TestViewsDragOrbits(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	l0 := getLayout(t, p)
	s0 := toSurface(t, p, 2, 1)
	// Start on the surface near the view's centre, then right and down.
	c := l0.Surface.centre()
	c.X, c.Y = math.Round(c.X), math.Round(c.Y)
	path := []browser.Point{c, {X: c.X + 20, Y: c.Y + 5}, {X: c.X + 60, Y: c.Y + 15}, {X: c.X + 100, Y: c.Y + 30}}
	must(t, p.Drag(path...))
	must(t, p.WaitFor(fmt.Sprintf(`downhill.layout().camera.yaw !== %v`, l0.Camera.Yaw)))
	waitDrawn(t, p, 2)
	l1 := getLayout(t, p)
	deg := sim.OrbitRadPerPx / sim.Degree
	if want := l0.Camera.Yaw - 100*deg; math.Abs(l1.Camera.Yaw-want) > 0.5 {
		t.Errorf("a drag 100 px right turned the yaw from %.2f to %.2f degrees, want %.2f (%.3f degrees per pixel)", l0.Camera.Yaw, l1.Camera.Yaw, want, deg)
	}
	if want := l0.Camera.Pitch + 30*deg; math.Abs(l1.Camera.Pitch-want) > 0.5 {
		t.Errorf("a drag 30 px down turned the pitch from %.2f to %.2f degrees, want %.2f", l0.Camera.Pitch, l1.Camera.Pitch, want)
	}
	if l1.Camera.Zoom != l0.Camera.Zoom {
		t.Errorf("the drag changed the zoom from %g to %g", l0.Camera.Zoom, l1.Camera.Zoom)
	}
	s1 := toSurface(t, p, 2, 1)
	if d := math.Hypot(s1.X-s0.X, s1.Y-s0.Y); d < 10 {
		t.Errorf("after the drag toSurface(2, 1) moved only %.1f px (%+v -> %+v)", d, s0, s1)
	}
	if n := eval[int](t, p, `downhill.state().balls.length`); n != 0 {
		t.Errorf("the drag dropped %d balls, want none", n)
	}
	// The picture follows: at the new position the 3D view has the
	// contour map's colour of (2, 1).
	img := screenshot(t, p)
	want, _ := viridisPos(browser.Pixel(img, toScreen(t, p, 2, 1), p.Scale))
	if s1.Visible {
		pos, _, d := shadedViridisPos(browser.Pixel(img, s1.pt(), p.Scale))
		if d > 6 || math.Abs(pos-want) > 0.03 {
			t.Errorf("after the drag the 3D view at toSurface(2, 1) = %.1f,%.1f is %s (viridis %.3f), the contour map's colour there is viridis %.3f",
				s1.X, s1.Y, hex(browser.Pixel(img, s1.pt(), p.Scale)), pos, want)
		}
	}
}

// TestViewsClickOn3DDropsBall: a real click on the 3D surface drops a ball
// where the click was: at fromSurface of the click point, within a pixel's
// worth (and a fraction of a mesh cell) of the (w, b) drawn there.
func TestViewsClickOn3DDropsBall(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1&opt=nag"))
	box := eval[[4]float64](t, p, `downhill.info().box`)
	cell := math.Hypot(box[1]-box[0], box[3]-box[2]) / float64(view.MeshN-1)
	for i, wb := range [][2]float64{{-2, -2}, {-3, 4}, {4, 4.5}} {
		sp := toSurface(t, p, wb[0], wb[1])
		if !sp.Visible {
			t.Fatalf("(%g, %g) is hidden in the default 3D view; pick a visible point", wb[0], wb[1])
		}
		// Chromium delivers whole CSS pixels.
		at := browser.Point{X: math.Round(sp.X), Y: math.Round(sp.Y)}
		pick := eval[[3]*[2]float64](t, p, fmt.Sprintf(`[downhill.fromSurface(%[1]g, %[2]g), downhill.fromSurface(%[1]g + 1, %[2]g), downhill.fromSurface(%[1]g, %[2]g + 1)]`, at.X, at.Y))
		if pick[0] == nil || pick[1] == nil || pick[2] == nil {
			t.Fatalf("fromSurface near %+v is null", at)
		}
		// One CSS pixel's worth of (w, b) here, and the rounding's share.
		px := math.Max(math.Hypot(pick[1][0]-pick[0][0], pick[1][1]-pick[0][1]), math.Hypot(pick[2][0]-pick[0][0], pick[2][1]-pick[0][1]))
		must(t, p.Click(at))
		must(t, p.WaitFor(fmt.Sprintf(`downhill.state().balls.length > %d`, i)))
		st := eval[appState](t, p, `downhill.state()`)
		if len(st.Balls) != i+1 {
			t.Fatalf("click %d on the 3D view: %d balls, want %d", i+1, len(st.Balls), i+1)
		}
		b := st.Balls[i]
		if d := math.Hypot(b.Start[0]-pick[0][0], b.Start[1]-pick[0][1]); d > 1e-9 {
			t.Errorf("the click at %+v dropped a ball at %v, but fromSurface there is %v", at, b.Start, *pick[0])
		}
		tol := 0.75*px + cell/4
		if d := math.Hypot(b.Start[0]-wb[0], b.Start[1]-wb[1]); d > tol {
			t.Errorf("a click where toSurface draws (%g, %g) dropped a ball at %v, %.4f away (> %.4f: a CSS pixel is %.4f, a mesh cell %.4f)",
				wb[0], wb[1], b.Start, d, tol, px, cell)
		} else {
			t.Logf("click at (%g, %g): ball at (%.4f, %.4f), %.4f away (a pixel is %.4f)", wb[0], wb[1], b.Start[0], b.Start[1], d, px)
		}
		if b.Optimizer != "nag" {
			t.Errorf("the ball's optimizer is %q, want nag (opt=nag)", b.Optimizer)
		}
		// Drawn there in the 3D view, just above the point (a ball sits on
		// the surface), in its colour.
		waitDrawn(t, p, 2)
		img := screenshot(t, p)
		c, _ := browser.ParseHex(b.Color)
		s := toSurface(t, p, b.Pos[0], b.Pos[1])
		if !colourNear(img, browser.Point{X: s.X, Y: s.Y - 0.6*view.BallRadius}, p.Scale, 3, c) {
			t.Errorf("the 3D view shows no %s ball at %.1f,%.1f; around it:\n%s", b.Color, s.X, s.Y, neighbourhood(img, s.pt(), p.Scale))
		}
		// Far from the last click: no double click.
		waitDrawn(t, p, 30)
	}
}

// openSurface reports whether the surface around (w, b) faces the 3D view's
// camera openly: the four points a quarter unit away are visible too and
// span a quad of at least 12 square pixels (CSS). Points on a silhouette,
// or on a slope seen edge-on, are drawn within a pixel of another part of
// the surface or the background, where a pixel test cannot tell them apart.
func openSurface(t *testing.T, p *browser.Page, w, b float64) bool {
	t.Helper()
	return eval[bool](t, p, fmt.Sprintf(`(() => {
		const d = 0.25, q = [[%[1]g - d, %[2]g - d], [%[1]g + d, %[2]g - d], [%[1]g + d, %[2]g + d], [%[1]g - d, %[2]g + d]].map(([w, b]) => downhill.toSurface(w, b));
		if (q.some((s) => !s || !s.visible)) return false;
		let a = 0;
		for (let i = 0; i < 4; i++) { const s = q[i], n = q[(i + 1) %% 4]; a += s.x * n.y - n.x * s.y; }
		return Math.abs(a) / 2 >= 12;
	})()`, w, b))
}

// fitXY returns where the fit view draws (x, y), in CSS pixels: x over the
// data's range padded by max(0.5, 15%) each side (the axis reads 0 to 3 for
// neuron's 0.5 and 2.5), y over [-0.1, 1.1].
func fitXY(plot rect, data []surfaces.Point, x, y float64) browser.Point {
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, d := range data {
		x0, x1 = math.Min(x0, d.X), math.Max(x1, d.X)
	}
	pad := math.Max(0.5, 0.15*(x1-x0))
	x0, x1 = x0-pad, x1+pad
	return browser.Point{X: plot.X + (x-x0)/(x1-x0)*plot.W, Y: plot.Y + (1.1-y)/1.2*plot.H}
}

// TestViewsFitView: neuron (a data set) has the fit view with its two data
// points and the selected ball's sigmoid, which follows the ball as it
// rolls; rosenbrock (a function) has none.
func TestViewsFitView(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1&opt=nag"))
	l := getLayout(t, p)
	if l.Fit.empty() || l.FitPlot.empty() {
		t.Fatalf("neuron has no fit view: layout().fit = %+v, fitPlot = %+v", l.Fit, l.FitPlot)
	}
	if !l.Fit.contains(browser.Point{X: l.FitPlot.X, Y: l.FitPlot.Y}, 0) || !l.Fit.contains(browser.Point{X: l.FitPlot.X + l.FitPlot.W, Y: l.FitPlot.Y + l.FitPlot.H}, 0) {
		t.Errorf("the fit plot %+v is not inside the fit panel %+v", l.FitPlot, l.Fit)
	}
	surf, err := surfaces.New("neuron", "")
	if err != nil {
		t.Fatal(err)
	}
	data := surf.Info().Data
	if len(data) != 2 || data[0] != (surfaces.Point{X: 0.5, Y: 0.2}) || data[1] != (surfaces.Point{X: 2.5, Y: 0.9}) {
		t.Fatalf("neuron's data are %v, want the lecture's (0.5, 0.2) and (2.5, 0.9)", data)
	}
	// A ball, selected, so the sigmoid is drawn; then it rolls.
	eval[int](t, p, `downhill.addBall({start: [-2, -2]})`)
	st := eval[appState](t, p, `downhill.step(3)`)
	waitDrawn(t, p, 2)
	img := screenshot(t, p)
	yellow := color.RGBA{0xff, 0xd9, 0x4d, 255}
	for _, d := range data {
		at := fitXY(l.FitPlot, data, d.X, d.Y)
		if !colourNear(img, at, p.Scale, 1.5, yellow) {
			t.Errorf("no yellow data point (%s) at (%g, %g), drawn at %.1f,%.1f; around it:\n%s", hex(yellow), d.X, d.Y, at.X, at.Y, neighbourhood(img, at, p.Scale))
		}
	}
	curveAt := func(img image.Image, b ballState) {
		t.Helper()
		bc, _ := browser.ParseHex(b.Color)
		// The plot lifts a dark colour towards white (3:1 on its grid).
		fc := view.FitCurveColor(sim.RGB{bc.R, bc.G, bc.B})
		c := color.RGBA{fc[0], fc[1], fc[2], 255}
		for _, x := range []float64{0.25, 1.5, 2.75} {
			y := surf.Info().Model(b.Pos[0], b.Pos[1], x)
			at := fitXY(l.FitPlot, data, x, y)
			if !colourNear(img, at, p.Scale, 1.5, c) {
				t.Errorf("no %s sigmoid of the selected ball's (w, b) = (%.4g, %.4g) at x = %g, f = %.4f, drawn at %.1f,%.1f; around it:\n%s",
					hex(c), b.Pos[0], b.Pos[1], x, y, at.X, at.Y, neighbourhood(img, at, p.Scale))
			}
		}
	}
	curveAt(img, st.Balls[0])
	// Rolling on, the curve follows the ball.
	before := st.Balls[0]
	st = eval[appState](t, p, `downhill.step(400)`)
	after := st.Balls[0]
	if y0, y1 := surf.Info().Model(before.Pos[0], before.Pos[1], 2.75), surf.Info().Model(after.Pos[0], after.Pos[1], 2.75); math.Abs(fitXY(l.FitPlot, data, 0, y0).Y-fitXY(l.FitPlot, data, 0, y1).Y) < 5 {
		t.Fatalf("400 steps moved the sigmoid at x = 2.75 by less than 5 px (%.4f -> %.4f); roll further", y0, y1)
	}
	waitDrawn(t, p, 2)
	curveAt(screenshot(t, p), after)

	// Rosenbrock is a function, not a fit to data: no fit view.
	must(t, p.Load(e.appURL+"?paused=1&surface=rosenbrock"))
	l = getLayout(t, p)
	if !l.Fit.empty() || !l.FitPlot.empty() {
		t.Errorf("rosenbrock has a fit view: layout().fit = %+v, fitPlot = %+v", l.Fit, l.FitPlot)
	}
	if l.Loss.W != l.Width {
		t.Errorf("without a fit view the loss curve should take the whole width %g, it has %+v", l.Width, l.Loss)
	}
}

// blur measures how soft the page's lines and text are, in device pixels:
// across the loss plot's left axis, the number of pixels between the
// background and the axis's full colour; and in the loss plot's tick labels,
// the share of inked pixels that are only partly inked.
func blur(t *testing.T, p *browser.Page, name string) (edge int, partial float64) {
	t.Helper()
	must(t, p.WaitFrames(3))
	l := getLayout(t, p)
	img := screenshot(t, p)
	s := p.Scale
	// A row of the axis between two grid lines.
	y := int((l.LossPlot.Y + l.LossPlot.H*0.37) * s)
	x0 := int(l.LossPlot.X * s)
	var row []color.RGBA
	for x := x0 - int(4*s); x <= x0+int(4*s); x++ {
		row = append(row, color.RGBAModel.Convert(img.At(x, y)).(color.RGBA))
	}
	full := color.RGBA{}
	for _, c := range row {
		if int(c.R)+int(c.G)+int(c.B) > int(full.R)+int(full.G)+int(full.B) {
			full = c
		}
	}
	for _, c := range row {
		if !near(c, bgColour, 6) && !near(c, full, 6) {
			edge++
		}
	}
	// The tick labels left of the loss plot.
	r := image.Rect(int((l.Loss.X+2)*s), int((l.LossPlot.Y-4)*s), int((l.LossPlot.X-6)*s), int((l.LossPlot.Y+l.LossPlot.H+4)*s))
	lum := func(c color.Color) float64 {
		q := color.RGBAModel.Convert(c).(color.RGBA)
		return 0.299*float64(q.R) + 0.587*float64(q.G) + 0.114*float64(q.B)
	}
	bl, top := lum(bgColour), 0.0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			top = max(top, lum(img.At(x, y)))
		}
	}
	ink, part := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if v := (lum(img.At(x, y)) - bl) / (top - bl); v > 0.05 {
				ink++
				if v < 0.6 {
					part++
				}
			}
		}
	}
	if ink == 0 {
		t.Fatalf("no tick labels left of the loss plot (%v device px)", r)
	}
	t.Logf("%s: axis row%s; %d of %d text pixels partly inked", name, hexes(row), part, ink)
	return edge, float64(part) / float64(ink)
}

func hexes(cs []color.RGBA) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(" " + hex(c))
	}
	return b.String()
}

// TestViewsCrispAtDPR2: at devicePixelRatio 2 the canvas has twice its CSS
// size in pixels, and lines and text are drawn at that resolution: an axis
// line goes from background to full colour within one device pixel on each
// side, and most of a label's pixels are fully inked. The same page made to
// believe devicePixelRatio is 1 (a canvas at CSS size, scaled up by the
// browser) fails both measures: the test can tell blur from sharpness.
func TestViewsCrispAtDPR2(t *testing.T) {
	e := appEnv(t)
	type box struct {
		W, H, CSSW, CSSH float64
	}
	const canvasJS = `(() => { const c = document.querySelector("canvas"), r = c.getBoundingClientRect();
		return {w: c.width, h: c.height, cssW: r.width, cssH: r.height}; })()`

	p := newPage(t, e, 1000, 600, 2)
	must(t, p.Load(e.appURL+"?paused=1"))
	c := eval[box](t, p, canvasJS)
	if c.CSSW == 0 || c.W != 2*c.CSSW || c.H != 2*c.CSSH {
		t.Errorf("at devicePixelRatio 2 the canvas backing store is %gx%g for %gx%g CSS pixels, want twice", c.W, c.H, c.CSSW, c.CSSH)
	}
	if l := getLayout(t, p); l.Scale != 2 || l.Width != c.CSSW {
		t.Errorf("layout() has scale %g and width %g, want 2 and %g", l.Scale, l.Width, c.CSSW)
	}
	edge, partial := blur(t, p, "devicePixelRatio 2")
	if edge > 2 || partial > 0.55 {
		t.Errorf("at devicePixelRatio 2 the picture is soft: %d device pixels between background and axis colour (want <= 2, one each side), %.0f%% of text pixels partly inked (want <= 55%%)",
			edge, 100*partial)
	}

	// The control: a canvas at CSS size scaled up.
	q := newPage(t, e, 1000, 600, 2)
	must(t, q.AddScriptOnLoad(`Object.defineProperty(window, "devicePixelRatio", {get: () => 1})`))
	must(t, q.Load(e.appURL+"?paused=1"))
	if c := eval[box](t, q, canvasJS); c.W != c.CSSW {
		t.Fatalf("the control page's canvas is %gx%g for %gx%g CSS pixels; it should be at CSS size", c.W, c.H, c.CSSW, c.CSSH)
	}
	edge, partial = blur(t, q, "a canvas at CSS size, scaled up")
	if edge <= 2 || partial <= 0.55 {
		t.Errorf("the blur measures miss a canvas scaled up 2x: %d edge pixels, %.0f%% of text partly inked", edge, 100*partial)
	}
}

// resize changes the page's viewport (a window resize) and waits until the
// app has laid out its canvas anew (the canvas may leave room for the page's
// control panel, so its size is the page's to choose).
func resize(t *testing.T, p *browser.Page, w, h int) viewLayout {
	t.Helper()
	must(t, p.Do(chromedp.EmulateViewport(int64(w), int64(h), chromedp.EmulateScale(p.Scale))))
	p.Width, p.Height = w, h
	must(t, p.WaitFor(fmt.Sprintf(`(() => {
		const l = downhill.layout(), r = document.querySelector("canvas").getBoundingClientRect();
		return innerWidth === %d && innerHeight === %d && l && l.width === r.width && l.height === r.height;
	})()`, w, h)))
	waitDrawn(t, p, 2)
	return getLayout(t, p)
}

// TestViewsResizeKeepsBalls: resizing the window re-lays out (side by side
// on a wide screen, stacked on a phone) and every ball stays where it was,
// drawn where toScreen now says.
func TestViewsResizeKeepsBalls(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	eval[struct{}](t, p, `(() => {
		// Apart, so that no ball covers another, and above the step
		// readout at the contour map's lower left.
		const balls = [[-4, 4, "momentum"], [1, 3, "nag"], [-3, -1, "momentum"], [4, 4, "nag"], [-1, 5, "gd"], [5, 1, "momentum"]];
		for (const [w, b, o] of balls) downhill.addBall({start: [w, b], optimizer: o});
		downhill.step(5);
	})()`)
	before := eval[appState](t, p, `downhill.state()`)
	if len(before.Balls) != 6 {
		t.Fatalf("%d balls, want 6", len(before.Balls))
	}
	check := func(name string, l viewLayout) {
		t.Helper()
		st := eval[appState](t, p, `downhill.state()`)
		if !reflect.DeepEqual(st.Balls, before.Balls) {
			t.Errorf("%s: the balls changed:\nbefore %+v\nafter  %+v", name, before.Balls, st.Balls)
		}
		img := screenshot(t, p)
		for _, b := range st.Balls {
			if b.Optimizer == "gd" {
				continue // black: hard to tell from an outline
			}
			c, _ := browser.ParseHex(b.Color)
			at := toScreen(t, p, b.Pos[0], b.Pos[1])
			if !l.ContourPlot.contains(at, 0) {
				t.Errorf("%s: ball %d at %v is drawn at %+v, outside the contour plot %+v", name, b.ID, b.Pos, at, l.ContourPlot)
				continue
			}
			// Within 3.5 of the 5.5 CSS px radius: the selected ball's
			// step arrows cover its centre.
			if !colourNear(img, at, p.Scale, 3.5, c) {
				t.Errorf("%s: no %s ball at toScreen(%v) = %+v; around it:\n%s", name, b.Color, b.Pos, at, neighbourhood(img, at, p.Scale))
			}
		}
	}
	wide := getLayout(t, p)
	if !wide.Wide || wide.Contour.X < wide.Surface.X+wide.Surface.W {
		t.Fatalf("at 1280x720 the views are not side by side: %+v", wide)
	}
	check("1280x720", wide)

	phone := resize(t, p, 390, 844)
	if phone.Wide || phone.Width != 390 {
		t.Errorf("at 390x844 layout() is %+v, want the narrow (stacked) layout, the page's full width", phone)
	}
	if phone.Contour.Y < phone.Surface.Y+phone.Surface.H || phone.Loss.Y < phone.Contour.Y+phone.Contour.H {
		t.Errorf("at 390x844 the 3D view, the contour map and the loss curve are not stacked: surface %+v contour %+v loss %+v", phone.Surface, phone.Contour, phone.Loss)
	}
	for _, r := range []rect{phone.Surface, phone.Contour, phone.ContourPlot, phone.Loss, phone.Fit} {
		if r.empty() || r.X < 0 || r.Y < 0 || r.X+r.W > phone.Width+0.5 || r.Y+r.H > phone.Height+0.5 {
			t.Errorf("at 390x844 a panel %+v is empty or off the page", r)
		}
	}
	check("390x844", phone)

	again := resize(t, p, 1100, 650)
	if !again.Wide || again.ContourPlot == wide.ContourPlot {
		t.Errorf("back at 1000x600 layout() is %+v, want a new wide layout", again)
	}
	check("1100x650", again)
}

// TestViewsBallBehindHillHidden: with the camera low, a ball in a valley
// behind a ridge is not drawn in the 3D view (it is in the contour map),
// while a ball on an open slope is.
func TestViewsBallBehindHillHidden(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	if errs := eval[[]string](t, p, `downhill.set({yaw: -45, pitch: 15})`); len(errs) > 0 {
		t.Fatal(errs)
	}
	waitDrawn(t, p, 2)
	// A point deep in the hidden part: it and its neighbours half a unit
	// around are all hidden.
	hid := eval[*[2]float64](t, p, `(() => {
		const [w0, w1, b0, b1] = downhill.info().box, n = 25, d = 0.5;
		const hidden = (w, b) => { const s = downhill.toSurface(w, b); return s && !s.visible; };
		for (let i = 2; i < n - 2; i++) for (let j = 2; j < n - 2; j++) {
			const w = w0 + (w1 - w0) * i / (n - 1), b = b0 + (b1 - b0) * j / (n - 1);
			if ([[0, 0], [d, 0], [-d, 0], [0, d], [0, -d], [d, d], [-d, -d], [d, -d], [-d, d]].every(([x, y]) => hidden(w + x, b + y))) return [w, b];
		}
		return null;
	})()`)
	if hid == nil {
		t.Fatal("no point is hidden at yaw -45, pitch 15; the 3D view hides nothing behind neuron's ridge")
	}
	open := [2]float64{-4, 0}
	if !openSurface(t, p, open[0], open[1]) {
		t.Fatalf("(%v) is not openly visible at yaw -45, pitch 15", open)
	}
	ids := eval[[2]int](t, p, fmt.Sprintf(`[downhill.addBall({start: [%g, %g], optimizer: "momentum"}), downhill.addBall({start: [%g, %g], optimizer: "momentum"})]`,
		hid[0], hid[1], open[0], open[1]))
	waitDrawn(t, p, 2)
	st := eval[appState](t, p, `downhill.state()`)
	red, _ := browser.ParseHex(st.Balls[0].Color)
	img := screenshot(t, p)
	r := view.BallRadius
	for i, b := range st.Balls {
		s := toSurface(t, p, b.Pos[0], b.Pos[1])
		drawn := browser.Point{X: s.X, Y: s.Y - 0.6*r} // a ball sits on the surface
		n := countNear(img, drawn, p.Scale, r+1, red, 40)
		if b.ID == ids[0] {
			if s.Visible {
				t.Errorf("toSurface(%v).visible is true after adding the ball there", b.Pos)
			}
			if n > 0 {
				t.Errorf("the ball behind the ridge at %v shows in the 3D view: %d %s pixels around %.1f,%.1f:\n%s",
					b.Pos, n, b.Color, drawn.X, drawn.Y, neighbourhood(img, drawn, p.Scale))
			}
		} else if !colourNear(img, drawn, p.Scale, 3, red) {
			t.Errorf("the ball %d at %v on an open slope is not drawn in the 3D view at %.1f,%.1f:\n%s", i, b.Pos, drawn.X, drawn.Y, neighbourhood(img, drawn, p.Scale))
		}
		// Both are drawn in the contour map.
		if at := toScreen(t, p, b.Pos[0], b.Pos[1]); !colourNear(img, at, p.Scale, 2, red) {
			t.Errorf("the ball at %v is not drawn in the contour map at %+v", b.Pos, at)
		}
	}
}

// countNear counts the device pixels within r CSS pixels of pt within tol
// per channel of c.
func countNear(img image.Image, pt browser.Point, scale, r float64, c color.RGBA, tol uint8) int {
	n := 0
	cx, cy, dr := pt.X*scale, pt.Y*scale, r*scale
	for y := int(cy - dr); y <= int(cy+dr); y++ {
		for x := int(cx - dr); x <= int(cx+dr); x++ {
			if dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy; dx*dx+dy*dy <= dr*dr && near(color.RGBAModel.Convert(img.At(x, y)).(color.RGBA), c, tol) {
				n++
			}
		}
	}
	return n
}

// titleInk returns how far right (CSS px) the 3D view's title reaches.
func titleInk(img image.Image, l viewLayout, scale float64) float64 {
	right := 0
	for y := int(l.Surface.Y * scale); y < int((l.Surface.Y+20)*scale); y++ {
		for x := int(l.Surface.X * scale); x < int((l.Surface.X+l.Surface.W*0.6)*scale); x++ {
			// The title's near-white, not the dimmer hint beside it.
			if c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA); c.R > 190 && c.G > 190 && c.B > 190 {
				right = max(right, x)
			}
		}
	}
	return float64(right) / scale
}

// TestViewsLogHeight: Rosenbrock's losses span five decades, so the views
// show a log height: info() says so, the 3D view's title is longer (it names
// the transform), the colours are still ordered by loss, and low losses get
// a good share of the colour map (on a linear scale, everything below 5% of
// the range would be the same dark violet).
func TestViewsLogHeight(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	must(t, p.WaitFrames(3))
	plain := titleInk(screenshot(t, p), getLayout(t, p), p.Scale)

	must(t, p.Load(e.appURL+"?paused=1&surface=rosenbrock"))
	if !eval[bool](t, p, `downhill.info().logHeight`) {
		t.Errorf("rosenbrock: info().logHeight is false")
	}
	must(t, p.WaitFrames(3))
	img := screenshot(t, p)
	l := getLayout(t, p)
	if logTitle := titleInk(img, l, p.Scale); logTitle < plain+100 {
		t.Errorf("the 3D view's title reaches %.0f px for rosenbrock and %.0f px for neuron: it does not say the height is log", logTitle, plain)
	}
	s := checkColourOrder(t, p, img)
	lo, hi := s[0].Loss, s[len(s)-1].Loss
	low := 0
	for _, q := range s {
		if q.Loss > lo+0.05*(hi-lo) {
			continue
		}
		low++
		if q.Loss > lo+0.005*(hi-lo) && q.Pos < 0.3 {
			t.Errorf("L(%.3g, %.3g) = %.4g, %.1f%% of the way from %.4g to %.4g, has viridis position %.3f: the colours are not on a log scale",
				q.W, q.B, q.Loss, 100*(q.Loss-lo)/(hi-lo), lo, hi, q.Pos)
		}
	}
	if low < 5 {
		t.Errorf("only %d sampled points have losses in the lowest 5%% of the range", low)
	}
}

// TestViewsHoverLinked: moving the mouse over the contour map draws a cursor
// at the same (w, b) in the 3D view (a new frame is presented for it), and
// the other way round.
func TestViewsHoverLinked(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	// Wait until the page is idle: no new frames presented.
	idle := func() int {
		t.Helper()
		last := -1
		for range 50 {
			n := eval[int](t, p, `downhill.frames().presented`)
			if n == last {
				return n
			}
			last = n
			must(t, p.WaitFrames(6))
		}
		t.Fatalf("the page keeps presenting frames while nothing changes (%d)", last)
		return 0
	}
	ring := func(img0, img1 image.Image, c browser.Point) int {
		n := 0
		for k := range 16 {
			a := 2 * math.Pi * float64(k) / 16
			pt := browser.Point{X: c.X + 4*math.Cos(a), Y: c.Y + 4*math.Sin(a)}
			c0, c1 := browser.Pixel(img0, pt, p.Scale), browser.Pixel(img1, pt, p.Scale)
			if int(c1.R)+int(c1.G)+int(c1.B) > int(c0.R)+int(c0.G)+int(c0.B)+60 {
				n++
			}
		}
		return n
	}
	for _, from := range []string{"contour map", "3D view"} {
		p0 := idle()
		img0 := screenshot(t, p)
		w, b := 2.0, 3.0
		var at, other browser.Point
		if from == "contour map" {
			at, other = toScreen(t, p, w, b), toSurface(t, p, w, b).pt()
		} else {
			w, b = -3, 1
			at, other = toSurface(t, p, w, b).pt(), toScreen(t, p, w, b)
		}
		at.X, at.Y = math.Round(at.X), math.Round(at.Y)
		must(t, p.MouseMove(at))
		must(t, p.WaitFor(fmt.Sprintf(`downhill.frames().presented > %d`, p0)))
		waitDrawn(t, p, 3)
		img1 := screenshot(t, p)
		// The pointer is at a whole pixel: find the (w, b) there.
		var wb *[2]float64
		if from == "contour map" {
			wb = eval[*[2]float64](t, p, fmt.Sprintf(`downhill.fromScreen(%g, %g)`, at.X, at.Y))
			other = toSurface(t, p, wb[0], wb[1]).pt()
		} else {
			wb = eval[*[2]float64](t, p, fmt.Sprintf(`downhill.fromSurface(%g, %g)`, at.X, at.Y))
			other = toScreen(t, p, wb[0], wb[1])
		}
		if n := ring(img0, img1, other); n < 8 {
			t.Errorf("hovering the %s at (%.3f, %.3f): only %d of 16 pixels 4 px around the same point in the other view (%.1f,%.1f) got lighter; no linked cursor",
				from, wb[0], wb[1], n, other.X, other.Y)
		}
		if n := ring(img0, img1, at); n < 8 {
			t.Errorf("hovering the %s at %+v: only %d of 16 pixels around the pointer got lighter", from, at, n)
		}
		// Away from both cursors nothing changed.
		far := toScreen(t, p, -5, -5)
		if c0, c1 := browser.Pixel(img0, far, p.Scale), browser.Pixel(img1, far, p.Scale); c0 != c1 {
			t.Errorf("hovering changed the contour map far from the cursor: %s -> %s at %+v", hex(c0), hex(c1), far)
		}
		// Off the canvas again, for the next round.
		must(t, p.MouseMove(browser.Point{X: 1, Y: 1}))
	}
}

// TestViews3DStaysInItsPanel: the 3D view draws inside its panel, whatever
// the panel's shape: with the canvas 960x720 (the control panel open beside
// it at 1280x720), the surface's edge projects inside the 3D panel, and
// turning the camera leaves nothing behind in the contour panel.
func TestViews3DStaysInItsPanel(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.Load(e.appURL+"?paused=1"))
	eval[struct{}](t, p, `document.documentElement.style.setProperty("--panel-width", "320px")`)
	must(t, p.WaitFor(`downhill.layout().width === 960`))
	waitDrawn(t, p, 2)
	var problems []string
	edge := eval[[]struct{ W, B, X, Y float64 }](t, p, `(() => {
		const [w0, w1, b0, b1] = downhill.info().box, out = [];
		for (let k = 0; k <= 40; k++) {
			const f = k / 40;
			for (const [w, b] of [[w0 + f * (w1 - w0), b0], [w0 + f * (w1 - w0), b1], [w0, b0 + f * (b1 - b0)], [w1, b0 + f * (b1 - b0)]]) {
				const s = downhill.toSurface(w, b);
				if (s) out.push({w, b, x: s.x, y: s.y});
			}
		}
		return out;
	})()`)
	l := getLayout(t, p)
	for _, q := range edge {
		if !l.Surface.contains(browser.Point{X: q.X, Y: q.Y}, 0) {
			problems = append(problems, fmt.Sprintf("the surface's edge point (%.3g, %.3g) is drawn at %.1f,%.1f, outside the 3D panel %+v", q.W, q.B, q.X, q.Y, l.Surface))
			break
		}
	}
	for _, yaw := range []int{-20, -35, -55, -70, -45} {
		eval[[]string](t, p, fmt.Sprintf(`downhill.set({yaw: %d})`, yaw))
		waitDrawn(t, p, 2)
	}
	img := screenshot(t, p)
	l = getLayout(t, p)
	// The contour panel's left margin, left of the axis name "b".
	dirty := 0
	for y := l.Contour.Y + 30; y < l.Contour.Y+l.Contour.H-30; y++ {
		for x := l.Contour.X; x < l.Contour.X+5; x++ {
			if c := browser.Pixel(img, browser.Point{X: x, Y: y}, p.Scale); !isBackground(c) {
				dirty++
			}
		}
	}
	if dirty > 0 {
		problems = append(problems, fmt.Sprintf("after turning the camera, %d pixels of the contour panel's left margin (x %g to %g) are not background: the 3D view drew there and nothing repainted them", dirty, l.Contour.X, l.Contour.X+5))
	}
	if len(problems) == 0 {
		return
	}
	t.Error(strings.Join(problems, "\n"))
}
