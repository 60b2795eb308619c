//go:build !js

package main

import (
	"fmt"
	"math"
	"testing"
	"time"

	"downhill/build/internal/browser"
)

// TestPaceHalfResolution: while frames run late and the picture moves, the
// page (pace.js) halves the canvas's backing store; the reader must not
// notice anything but softness. The test asks for it as pace.js does
// (downhillPage.setResolution) while the 3D view turns, at
// devicePixelRatio 2, then checks that the views stay where they were,
// toScreen and a real click still agree with the picture, the 3D surface
// still fits its view, the frames do not each build a new glyph atlas (the
// game's atlas cache missed every frame at a scale below 1: about 570
// allocations a frame instead of about 50), and that full resolution comes
// back once the picture is still.
func TestPaceHalfResolution(t *testing.T) {
	e := appEnv(t)
	p := newPacedPage(t, e, 1024, 700, 2)
	must(t, p.Load(e.appURL+"?paused=1&spin=20#panel=off"))
	eval[int](t, p, `downhill.addBall({start: [1, 1], optimizer: "momentum"})`)
	canvasW := `document.querySelector("canvas").width`
	full := eval[int](t, p, canvasW)
	if full != 2048 {
		t.Fatalf("the canvas is %d device pixels wide at devicePixelRatio 2 in a 1024 px window, want 2048", full)
	}
	before := getLayout(t, p)
	at := toScreen(t, p, 1, 1)

	eval[any](t, p, `downhillPage.setResolution(0.5)`)
	must(t, within(p, 10*time.Second, fmt.Sprintf(`%s === %d`, canvasW, full/2)))
	waitDrawn(t, p, 3)
	if k := eval[float64](t, p, `downhillPage.resolution()`); k != 0.5 {
		t.Fatalf("resolution %v after asking for 0.5 while the view turns", k)
	}

	after := getLayout(t, p)
	for _, c := range []struct {
		name string
		a, b rect
	}{{"3D view", before.Surface, after.Surface}, {"contour plot", before.ContourPlot, after.ContourPlot}, {"loss plot", before.LossPlot, after.LossPlot}} {
		if math.Abs(c.a.X-c.b.X) > 1 || math.Abs(c.a.Y-c.b.Y) > 1 || math.Abs(c.a.W-c.b.W) > 1 || math.Abs(c.a.H-c.b.H) > 1 {
			t.Errorf("at half resolution the %s is at %+v (CSS px), at full %+v", c.name, c.b, c.a)
		}
	}
	if got := toScreen(t, p, 1, 1); math.Hypot(got.X-at.X, got.Y-at.Y) > 1 {
		t.Errorf("toScreen(1, 1) is %+v at half resolution, %+v at full", got, at)
	}
	// The ball is drawn where toScreen says.
	img := screenshot(t, p)
	st := eval[appState](t, p, `downhill.state()`)
	want, err := browser.ParseHex(st.Balls[0].Color)
	if err != nil {
		t.Fatal(err)
	}
	if !colourNear(img, at, p.Scale, 4, want) {
		t.Errorf("at half resolution no %s ball at toScreen(1, 1) = %+v; around it:\n%s", st.Balls[0].Color, at, neighbourhood(img, at, p.Scale))
	}
	// The 3D surface fits its view.
	box := eval[[4]float64](t, p, `downhill.info().box`)
	for _, c := range [][2]float64{{box[0], box[2]}, {box[0], box[3]}, {box[1], box[2]}, {box[1], box[3]}} {
		s := eval[*surfacePt](t, p, fmt.Sprintf(`downhill.toSurface(%g, %g)`, c[0], c[1]))
		if s == nil || !after.Surface.contains(s.pt(), 1) {
			t.Errorf("at half resolution the box's corner (%v, %v) is drawn at %+v, outside the 3D view %+v", c[0], c[1], s, after.Surface)
		}
	}
	// A real click drops a ball where the reader clicked.
	drop := toScreen(t, p, -2, -2)
	must(t, p.Click(drop))
	must(t, p.WaitFor(`downhill.state().balls.length === 2`))
	st = eval[appState](t, p, `downhill.state()`)
	dw, db := pixelSize(t, p, drop)
	if s := st.Balls[1].Start; math.Abs(s[0]+2) > 2*dw || math.Abs(s[1]+2) > 2*db {
		t.Errorf("a click at toScreen(-2, -2) at half resolution dropped a ball at %v", s)
	}
	// Frames at half resolution do not each make a new atlas.
	type perf struct{ Drawn, Mallocs float64 }
	p0 := eval[perf](t, p, `downhill.perf(false)`)
	waitDrawn(t, p, 20)
	p1 := eval[perf](t, p, `downhill.perf(false)`)
	if per := (p1.Mallocs - p0.Mallocs) / (p1.Drawn - p0.Drawn); per > 200 {
		t.Errorf("%.0f allocations per frame at half resolution while the view turns (a new glyph atlas each frame?)", per)
	}

	// Still again: full resolution.
	eval[any](t, p, `downhill.set({spin: 0})`)
	must(t, within(p, 10*time.Second, fmt.Sprintf(`%s === %d`, canvasW, full)))
}
