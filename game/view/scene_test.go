package view

import (
	"math"
	"testing"

	"downhill/game/sim"
	"downhill/optim"
)

func newTestScene(t testing.TB, query string) (*sim.World, *Scene) {
	t.Helper()
	w, errs := sim.NewFromQuery(query, 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := NewScene(NewAtlas(1))
	s.Frame(w, 1280, 720, 1)
	return w, s
}

// frameAllocs is how many times a step of the world and a frame of the
// scene allocate, on average over runs.
func frameAllocs(w *sim.World, s *Scene, runs int) float64 {
	step := &sim.Step{N: 1}
	return testing.AllocsPerRun(runs, func() {
		w.Do(step)
		s.Frame(w, 1280, 720, 1)
	})
}

// hasBall reports whether the layer holds a quad centred at (x, y) showing
// the atlas's pre-drawn ball of colour c.
func hasBall(a *Atlas, l *Layer, x, y float64, c sim.RGB) bool {
	sp, ok := a.Ball(c)
	if !ok {
		return false
	}
	for _, b := range l.Batches() {
		for i := 0; i+3 < len(b.Verts); i += 4 {
			v := b.Verts[i : i+4]
			cx := float64(v[0].DstX+v[2].DstX) / 2
			cy := float64(v[0].DstY+v[2].DstY) / 2
			if math.Abs(cx-x) < 0.5 && math.Abs(cy-y) < 0.5 && v[0].SrcX == sp.SX && v[0].SrcY == sp.SY {
				return true
			}
		}
	}
	return false
}

// trailVerts counts this frame's trail vertices in every region.
func trailVerts(s *Scene) int { return s.d3.trails.Len() + s.cmap.trails.Len() + s.loss.trails.Len() }

func TestContourCoordinatesRoundTrip(t *testing.T) {
	wd, s := newTestScene(t, "")
	for _, p := range [][2]float64{{-2, -2}, {1.79, -2.28}, {-6, 6}, {5.5, -0.25}} {
		x, y := s.ToContour(p[0], p[1])
		w, b, ok := s.FromContour(wd, x, y)
		if !ok || math.Abs(w-p[0]) > 1e-9 || math.Abs(b-p[1]) > 1e-9 {
			t.Errorf("(%v) -> (%v, %v) -> (%v, %v, %v)", p, x, y, w, b, ok)
		}
	}
	// b grows upwards, w to the right.
	x0, y0 := s.ToContour(0, 0)
	x1, y1 := s.ToContour(1, 1)
	if x1 <= x0 || y1 >= y0 {
		t.Errorf("w should grow right and b up: (0,0) at %v,%v; (1,1) at %v,%v", x0, y0, x1, y1)
	}
	if _, _, ok := s.FromContour(wd, s.layout.ContourPlot.X-5, y0); ok {
		t.Error("a point left of the map should not map to (w, b)")
	}
}

func TestBallsAreDrawnWhereTheyAreInTheirColours(t *testing.T) {
	w, s := newTestScene(t, "opt=gd,momentum,nag&balls=-2,-2&paused=1")
	w.Do(sim.Step{N: 20})
	s.Frame(w, 1280, 720, 1)
	for _, b := range w.Balls {
		x, y := s.ToContour(b.Pos[0], b.Pos[1])
		if !hasBall(s.atlas, &s.Overlay, x, y, b.Color) {
			t.Errorf("no %v ball drawn at its contour position %v,%v", b.Cfg.Rule, x, y)
		}
	}
}

func TestDivergedBallDrawsNoNaN(t *testing.T) {
	w, s := newTestScene(t, "surface=rosenbrock&lr=0.5&balls=-1.5,2")
	w.Do(sim.Step{N: 50})
	if w.Balls[0].Status != sim.Diverged {
		t.Fatalf("expected divergence, got %v", w.Balls[0].Status)
	}
	s.Frame(w, 1280, 720, 1)
	for _, l := range s.layers() {
		for _, b := range l.Batches() {
			for _, v := range b.Verts {
				if v.DstX != v.DstX || v.DstY != v.DstY || math.IsInf(float64(v.DstX), 0) || math.IsInf(float64(v.DstY), 0) {
					t.Fatalf("a vertex at (%v, %v) would reach the screen", v.DstX, v.DstY)
				}
			}
		}
	}
}

func TestTrailsAreDrawnIncrementally(t *testing.T) {
	w, s := newTestScene(t, "balls=-2,-2&paused=1")
	s.Frame(w, 1280, 720, 1) // settle the first repaint
	for i := 0; i < stillFrames+2; i++ {
		s.Frame(w, 1280, 720, 1)
	}
	if s.Repainting() || trailVerts(s) != 0 {
		t.Fatalf("a still world should repaint nothing: repaint %v, %d trail vertices", s.Repainting(), trailVerts(s))
	}
	w.Do(sim.Step{N: 1})
	s.Frame(w, 1280, 720, 1)
	if s.Repainting() {
		t.Fatalf("one step should not repaint a region")
	}
	// One new segment in the contour map, one in the loss plot, and the
	// 3D segment split into pieces about a mesh cell long.
	if n := trailVerts(s); n < 8 || n > 4*70 {
		t.Fatalf("one step drew %d trail vertices", n)
	}
	if !s.OverlayChanged {
		t.Fatal("the ball moved: the overlay must change")
	}
	s.Frame(w, 1280, 720, 1)
	if s.OverlayChanged || trailVerts(s) != 0 {
		t.Fatal("nothing moved: the frame should be skippable")
	}
	// Removing a ball takes its trail away: the trail regions repaint.
	w.Do(&sim.Remove{ID: w.Balls[0].ID})
	s.Frame(w, 1280, 720, 1)
	if !s.cmap.repaint || !s.d3.repaint || !s.loss.repaint {
		t.Fatalf("removal should repaint the trail regions: map %v, 3D %v, loss %v", s.cmap.repaint, s.d3.repaint, s.loss.repaint)
	}
}

func TestFrameAllocatesNothingWhileBallsRoll(t *testing.T) {
	w, s := newTestScene(t, "opt=gd,momentum,nag,adam&batch=1")
	w.Do(&sim.Set{Params: sim.ParseQuery("maxSteps=1000000")})
	for i := 0; i < 30; i++ {
		w.Do(&sim.Drop{At: optim.Vec{float64(i%6) - 3, float64(i/6) - 2}})
	}
	s.HoverOn, s.HoverX, s.HoverY = true, s.layout.ContourPlot.X+40, s.layout.ContourPlot.Y+40
	w.Do(sim.Pause{})
	for i := 0; i < 300; i++ { // grow every buffer, thin the trails once or twice
		w.Do(sim.Step{N: 5})
		s.Frame(w, 1280, 720, 1)
	}
	if allocs := frameAllocs(w, s, 50); allocs != 0 {
		t.Fatalf("a frame with 120 rolling balls allocates %v times", allocs)
	}
}

func TestHiddenBallIsNotDrawnIn3D(t *testing.T) {
	// The neuron seen level from the -w side: the high ridge at w < 0
	// hides the valley floor behind it.
	w, s := newTestScene(t, "yaw=-90&pitch=5&zoom=1")
	cases := 0
	for _, p := range [][2]float64{{4, -3}, {4, 3}, {-5, 4}} {
		x, y, d := s.d3.proj.ProjectOnSurface(p[0], p[1], &s.surf.mhf)
		if s.d3.zb.Visible(x, y, d) {
			continue
		}
		cases++
		w.Do(sim.Clear{})
		w.Do(&sim.AddBall{Start: optim.Vec{p[0], p[1]}, Rule: "gd"})
		s.Frame(w, 1280, 720, 1)
		b := w.Balls[0]
		if _, _, ok := s.surfacePoint(b.Pos[0], b.Pos[1]); ok {
			t.Errorf("ball at %v is hidden but surfacePoint says visible", p)
		}
		// No ball sprite in the 3D view's rectangle, while the contour
		// map has it.
		sp, _ := s.atlas.Ball(b.Color)
		in3D, inMap := 0, 0
		for _, bt := range s.Overlay.Batches() {
			for _, v := range bt.Verts {
				if v.SrcX != sp.SX || v.SrcY != sp.SY {
					continue
				}
				if s.layout.Surface.Contains(float64(v.DstX), float64(v.DstY)) {
					in3D++
				} else {
					inMap++
				}
			}
		}
		if in3D != 0 || inMap == 0 {
			t.Fatalf("hidden ball at %v: %d sprite vertices in the 3D view, %d elsewhere", p, in3D, inMap)
		}
	}
	if cases == 0 {
		t.Fatal("no hidden point found: the test shows nothing")
	}
}

func TestStepModeShowsNAGLookAhead(t *testing.T) {
	w, s := newTestScene(t, "opt=nag&balls=1,3&paused=1")
	w.Do(sim.Step{N: 5})
	s.Frame(w, 1280, 720, 1)
	b := w.Balls[0]
	r := b.Last
	// The look-ahead is w_t - gamma*update_{t-1}.
	hist := r.Upd.Sub(r.Grad.Scale(r.LR))
	want := r.From.Sub(hist)
	if math.Abs(r.At[0]-want[0]) > 1e-12 || math.Abs(r.At[1]-want[1]) > 1e-12 {
		t.Fatalf("look-ahead %v, want %v", r.At, want)
	}
	if r.At == r.From {
		t.Fatal("NAG's gradient should be taken away from the ball")
	}
	// The overlay holds the ghost ball: line segments around the look-ahead.
	n := s.Overlay.Len()
	w.Do(sim.Play{})
	s.Frame(w, 1280, 720, 1)
	if s.Overlay.Len() >= n {
		t.Fatalf("step mode should add arrows while paused: %d vertices paused, %d playing", n, s.Overlay.Len())
	}
}

func TestStepModeAndExercisesAllocateNothing(t *testing.T) {
	for _, q := range []string{
		"opt=nag,adam,linesearch&balls=1,3;-2,-2&paused=1", // arrows and readout
		"guess=0.5,0&balls=1,3",                            // guess work's table
		"sweep=1",                                          // the sweep chart
		"search=500&balls=1,3",                             // random search's best
	} {
		w, s := newTestScene(t, q)
		w.Do(sim.Step{N: 3})
		w.Do(&sim.RecordGuess{})
		s.HoverOn, s.HoverX, s.HoverY = true, s.layout.Surface.X+s.layout.Surface.W/2, s.layout.Surface.Y+s.layout.Surface.H/2
		for i := 0; i < 3; i++ {
			s.Frame(w, 1280, 720, 1)
		}
		if allocs := frameAllocs(w, s, 20); allocs != 0 {
			t.Errorf("%s: a frame allocates %v times", q, allocs)
		}
	}
}

// With as many balls as a page holds, rolling three steps between frames
// (60 steps a second at 20 frames a second, as the benchmark measures),
// the new segments are more than a frame may draw: every trail must still
// keep up with its ball, and a repaint of the loss plot (its axes grow as
// balls converge) must end within seconds, not fall further behind frame
// after frame.
func TestTrailsKeepUpWithManyBalls(t *testing.T) {
	w, s := newTestScene(t, "surface=neuron&opt=gd&lr=0.1&maxSteps=1000000&speed=60")
	if err := w.Do(sim.DropGrid{N: sim.MaxBalls}); err != nil {
		t.Fatal(err)
	}
	w.Do(sim.Step{N: 300})
	for i := 0; ; i++ {
		s.Frame(w, 1280, 720, 1)
		if !s.Backlog() {
			break
		}
		if i == 2000 {
			t.Fatal("the first repaint takes more than 2,000 frames")
		}
	}
	streak, longest, repaints := 0, 0, 0
	for range 300 {
		for range 3 {
			w.Tick()
		}
		s.Frame(w, 1280, 720, 1)
		if s.loss.repaint {
			repaints++
		}
		if s.trails.ranOut[trailLoss] {
			streak++
			longest = max(longest, streak)
		} else {
			streak = 0
		}
	}
	for _, r := range []int{trail3D, trailMap} {
		worst := 0
		for i, c := range s.trails.cursors[r] {
			worst = max(worst, len(w.Balls[i].Trail.Pts)-c.n)
		}
		if worst > 6 {
			t.Errorf("region %d: after 300 frames of 3 steps each, a trail is %d points behind its ball (want at most 6)", r, worst)
		}
	}
	t.Logf("the loss plot repainted %d times, the longest taking %d frames", repaints, longest)
	if longest > 2*catchFrames {
		t.Errorf("a repaint of the loss plot took %d frames (want at most %d)", longest, 2*catchFrames)
	}
}
