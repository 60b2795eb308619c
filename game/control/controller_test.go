package control

import (
	"math"
	"testing"

	"downhill/game/sim"
	"downhill/game/view"
	"downhill/optim"
)

// newTestScene returns the world of a query and a scene arranged on a
// 1280 x 720 canvas (nothing drawn yet: input counts from the first tick).
func newTestScene(t testing.TB, query string) (*sim.World, *view.Scene) {
	t.Helper()
	w, errs := sim.NewFromQuery(query, 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := view.NewScene(view.NewAtlas(1))
	s.Arrange(w, 1280, 720, 1)
	return w, s
}

// idle feeds the controller n ticks of a pointer resting outside the canvas.
func idle(c *Controller, w *sim.World, s *view.Scene, n int) {
	for range n {
		c.Update(InputFrame{}, w, s)
	}
}

// gesture feeds the controller frames: press at a, move through the
// points, release at the last one, each held for a few ticks.
func gesture(c *Controller, w *sim.World, s *view.Scene, pts ...[2]float64) {
	for _, p := range pts {
		for k := 0; k < 3; k++ {
			c.Update(InputFrame{X: p[0], Y: p[1], In: true, Left: true}, w, s)
			s.Frame(w, 1280, 720, 1)
		}
	}
	last := pts[len(pts)-1]
	c.Update(InputFrame{X: last[0], Y: last[1], In: true}, w, s)
	s.Frame(w, 1280, 720, 1)
}

func TestClickOnTheMapDropsARace(t *testing.T) {
	w, s := newTestScene(t, "opt=gd,momentum,nag&paused=1")
	var c Controller
	x, y := s.ToContour(-2, -2)
	gesture(&c, w, s, [2]float64{x, y})
	if len(w.Balls) != 3 {
		t.Fatalf("a click made %d balls, want 3", len(w.Balls))
	}
	for _, b := range w.Balls {
		if math.Abs(b.Start[0]+2) > 0.03 || math.Abs(b.Start[1]+2) > 0.03 {
			t.Fatalf("ball starts at %v, not at the click (-2, -2)", b.Start)
		}
	}
	// Clicking the ball selects it instead of dropping another race.
	w.Do(&sim.Select{ID: w.Balls[2].ID})
	gesture(&c, w, s, [2]float64{x, y})
	if len(w.Balls) != 3 || w.Selected != w.Balls[0].ID {
		t.Fatalf("clicking a ball should select it: %d balls, selected %d", len(w.Balls), w.Selected)
	}
}

func TestDraggingAStartMarkerRerunsFromTheNewStart(t *testing.T) {
	w, s := newTestScene(t, "opt=gd,momentum&paused=1&maxSteps=200")
	var c Controller
	x, y := s.ToContour(-2, -2)
	gesture(&c, w, s, [2]float64{x, y})
	x1, y1 := s.ToContour(1, 3)
	gesture(&c, w, s, [2]float64{x, y}, [2]float64{(x + x1) / 2, (y + y1) / 2}, [2]float64{x1, y1})
	if len(w.Balls) != 2 {
		t.Fatalf("dragging made %d balls", len(w.Balls))
	}
	for _, b := range w.Balls {
		if math.Abs(b.Start[0]-1) > 0.03 || math.Abs(b.Start[1]-3) > 0.03 {
			t.Fatalf("start at %v after the drag, want (1, 3)", b.Start)
		}
		// The ball ran from its new start to the step limit at once, and
		// is where a fresh run from there is.
		cfg := b.Cfg
		var st optim.State
		p := b.Start
		for i := 0; i < 200; i++ {
			p = optim.Step(&cfg, &st, p, w.Surf, nil)
		}
		if b.Pos != p || b.Steps() != 200 {
			t.Fatalf("%v at %v after %d steps; a fresh run is at %v", b.Cfg.Rule, b.Pos, b.Steps(), p)
		}
	}
}

func TestRightClickRemovesTheBall(t *testing.T) {
	w, s := newTestScene(t, "balls=-2,-2;2,2&paused=1")
	var c Controller
	x, y := s.ToContour(2, 2)
	c.Update(InputFrame{X: x, Y: y, In: true, Right: true}, w, s)
	c.Update(InputFrame{X: x, Y: y, In: true}, w, s)
	if len(w.Balls) != 1 || w.Balls[0].Start != (optim.Vec{-2, -2}) {
		t.Fatalf("right click should remove the ball at (2, 2): %d left", len(w.Balls))
	}
}

func TestDragOrbitsWheelZoomsDoubleClickResets(t *testing.T) {
	w, s := newTestScene(t, "paused=1")
	var c Controller
	r := s.Layout().Surface
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	before := w.Cam
	gesture(&c, w, s, [2]float64{cx, cy}, [2]float64{cx + 60, cy + 20}, [2]float64{cx + 120, cy + 40})
	if w.Cam.Yaw == before.Yaw || w.Cam.Pitch == before.Pitch {
		t.Fatalf("a drag on the 3D view should orbit: %+v -> %+v", before, w.Cam)
	}
	if len(w.Balls) != 0 {
		t.Fatal("a drag should not drop a ball")
	}
	z := w.Cam.Zoom
	c.Update(InputFrame{X: cx, Y: cy, In: true, Wheel: 200}, w, s)
	if w.Cam.Zoom <= z {
		t.Fatalf("wheel up should zoom in: %v -> %v", z, w.Cam.Zoom)
	}
	// A click on the surface drops a ball where the click was, once it
	// cannot be the first of a double click.
	s.Frame(w, 1280, 720, 1)
	pw, pb, _ := s.PickSurface(w, cx, cy)
	gesture(&c, w, s, [2]float64{cx, cy})
	if len(w.Balls) != 0 {
		t.Fatalf("a click dropped at once, before a double click was ruled out: %d balls", len(w.Balls))
	}
	idle(&c, w, s, doubleClickTicks+1)
	if len(w.Balls) != 1 {
		t.Fatalf("a click on the 3D surface made %d balls", len(w.Balls))
	}
	if b := w.Balls[0]; math.Abs(b.Start[0]-pw) > 1e-9 || math.Abs(b.Start[1]-pb) > 1e-9 {
		t.Fatalf("ball at %v, the click picked (%v, %v)", b.Start, pw, pb)
	}
	// A double click resets the camera and drops nothing: no ball shows
	// up and vanishes.
	w.Do(sim.Orbit{DX: 40, DY: 10})
	for range 2 {
		gesture(&c, w, s, [2]float64{cx + 30, cy})
		if len(w.Balls) != 1 {
			t.Fatalf("during a double click: %d balls, want the 1 from before", len(w.Balls))
		}
	}
	idle(&c, w, s, 2*doubleClickTicks)
	if w.Cam != sim.DefaultCamera() || len(w.Balls) != 1 {
		t.Fatalf("double click: camera %+v, %d balls (want the default camera, 1 ball)", w.Cam, len(w.Balls))
	}
	// Two clicks far apart are two drops; the first drops as soon as the
	// second press shows it was no double click.
	gesture(&c, w, s, [2]float64{cx - 40, cy})
	gesture(&c, w, s, [2]float64{cx + 40, cy})
	if len(w.Balls) != 2 {
		t.Fatalf("a click elsewhere should drop the first click's race: %d balls, want 2", len(w.Balls))
	}
	idle(&c, w, s, doubleClickTicks+1)
	if len(w.Balls) != 3 {
		t.Fatalf("two clicks apart: %d balls, want 3", len(w.Balls))
	}
}

// Input counts from the first tick: a tap before anything is drawn drops
// where the world's framing puts it, and a wheel on the map zooms it at
// once.
func TestInputBeforeTheFirstFrame(t *testing.T) {
	w, errs := sim.NewFromQuery("paused=1&opt=gd", 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := view.NewScene(view.NewAtlas(1))
	s.Arrange(w, 1280, 720, 1)
	var c Controller
	p := s.Layout().ContourPlot
	// (w, b) at the plot's centre is the box's centre.
	x, y := p.X+p.W/2, p.Y+p.H/2
	c.Update(InputFrame{X: x, Y: y, In: true, Left: true}, w, s)
	c.Update(InputFrame{X: x, Y: y, In: true}, w, s)
	if len(w.Balls) != 1 {
		t.Fatalf("a click before the first frame made %d balls", len(w.Balls))
	}
	b := w.Box
	if got, want := w.Balls[0].Start, (optim.Vec{(b.WMin + b.WMax) / 2, (b.BMin + b.BMax) / 2}); math.Abs(got[0]-want[0]) > 1e-9 || math.Abs(got[1]-want[1]) > 1e-9 {
		t.Fatalf("dropped at %v, want the box's centre %v", got, want)
	}
	// The map zooms at the pointer, then a click there reads the new box
	// in the same tick's framing, with no frame drawn in between.
	gen := w.BoxGen
	c.Update(InputFrame{X: p.X + p.W/4, Y: y, In: true, Wheel: 300}, w, s)
	if w.BoxGen == gen {
		t.Fatal("the wheel on the map did not zoom it")
	}
	qx, qy := p.X+p.W/4, p.Y+p.H/4
	c.Update(InputFrame{X: qx, Y: qy, In: true, Left: true}, w, s)
	c.Update(InputFrame{X: qx, Y: qy, In: true}, w, s)
	nb := w.Box
	want := optim.Vec{nb.WMin + (nb.WMax-nb.WMin)/4, nb.BMax - (nb.BMax-nb.BMin)/4}
	if len(w.Balls) != 2 || math.Abs(w.Balls[1].Start[0]-want[0]) > 1e-9 || math.Abs(w.Balls[1].Start[1]-want[1]) > 1e-9 {
		t.Fatalf("after the zoom a click dropped %d balls, the last at %v; want one at %v in the new box", len(w.Balls), w.Balls[len(w.Balls)-1].Start, want)
	}
}

// The view reads the hover from the controller; a held button hides it.
func TestHover(t *testing.T) {
	w, s := newTestScene(t, "paused=1")
	var c Controller
	c.Update(InputFrame{X: 100, Y: 200, In: true}, w, s)
	if x, y, on := c.Hover(); !on || x != 100 || y != 200 {
		t.Fatalf("hover %v, %v, %v; want 100, 200, true", x, y, on)
	}
	c.Update(InputFrame{X: 100, Y: 200, In: true, Left: true}, w, s)
	if _, _, on := c.Hover(); on {
		t.Fatal("a held button should hide the hover")
	}
}

func TestTouchTapDropsAndTwoFingersOrbit(t *testing.T) {
	w, s := newTestScene(t, "paused=1")
	var c Controller
	// A tap (one finger, as the adapter reports it: Left held) drops a race.
	x, y := s.ToContour(1, 1)
	gesture(&c, w, s, [2]float64{x, y})
	if len(w.Balls) != 1 {
		t.Fatalf("a tap made %d balls", len(w.Balls))
	}
	// Two fingers moving together orbit the 3D view, and drop nothing.
	r := s.Layout().Surface
	cx, cy := r.X+r.W/2, r.Y+r.H/2
	before := w.Cam
	for k := 0; k < 6; k++ {
		c.Update(InputFrame{Fingers: 2, TwoX: cx + float64(10*k), TwoY: cy + float64(3*k), In: true}, w, s)
	}
	c.Update(InputFrame{}, w, s)
	if w.Cam.Yaw == before.Yaw || w.Cam.Pitch == before.Pitch || len(w.Balls) != 1 {
		t.Fatalf("two fingers: camera %+v -> %+v, %d balls", before, w.Cam, len(w.Balls))
	}
	wantYaw := before.Yaw - 50*sim.OrbitRadPerPx
	if math.Abs(w.Cam.Yaw-wantYaw) > 1e-9 {
		t.Fatalf("yaw %v after a 50 px two-finger drag, want %v", w.Cam.Yaw, wantYaw)
	}
	// Fingers spreading from 100 to 150 px apart zoom in by 1.5.
	z := w.Cam.Zoom
	for _, d := range []float64{100, 120, 150} {
		c.Update(InputFrame{Fingers: 2, TwoX: cx, TwoY: cy, TwoD: d, In: true}, w, s)
	}
	c.Update(InputFrame{}, w, s)
	if math.Abs(w.Cam.Zoom-1.5*z) > 1e-9 {
		t.Fatalf("pinch from 100 to 150 px: zoom %v -> %v, want %v", z, w.Cam.Zoom, 1.5*z)
	}
}
