package sim

import (
	"math"
	"strings"
	"testing"

	"downhill/optim"
	"downhill/surfaces"
)

// run is a fresh, independent GD run on the neuron surface: the reference the
// world's balls are compared with.
func run(t *testing.T, cfg optim.Config, start optim.Vec, n int) optim.Vec {
	t.Helper()
	s, err := surfaces.New("neuron", "")
	if err != nil {
		t.Fatal(err)
	}
	var st optim.State
	x := start
	for i := 0; i < n; i++ {
		x = optim.Step(&cfg, &st, x, s, nil)
	}
	return x
}

func TestDropRollsByGradientDescent(t *testing.T) {
	w := New()
	g, _ := w.drop(optim.Vec{-2, -2})
	if len(w.Balls) != 1 || w.Balls[0].Group != g {
		t.Fatalf("a drop with the default optimizer should make one ball, got %d", len(w.Balls))
	}
	b := w.Balls[0]
	if b.Cfg.Rule != optim.GD || b.Cfg.LR != 1 {
		t.Fatalf("default ball is %v with eta %v, want gd with eta 1", b.Cfg.Rule, b.Cfg.LR)
	}
	w.step(100)
	want := run(t, optim.Defaults(optim.GD), optim.Vec{-2, -2}, 100)
	if b.Pos != want || b.Steps() != 100 {
		t.Fatalf("after 100 steps at %v (%d steps), a fresh GD run is at %v", b.Pos, b.Steps(), want)
	}
	if b.Loss != w.Loss(b.Pos[0], b.Pos[1]) {
		t.Fatalf("ball's loss %v is not the loss at its position", b.Loss)
	}
}

func TestRaceDropsOneBallPerEnabledOptimizerInLectureColours(t *testing.T) {
	w := New()
	if errs := w.apply(ParseQuery("opt=gd,momentum,nag")); len(errs) > 0 {
		t.Fatal(errs)
	}
	w.drop(optim.Vec{1, 3})
	if len(w.Balls) != 3 {
		t.Fatalf("got %d balls, want 3", len(w.Balls))
	}
	want := []string{"#000000", "#d51e00", "#0062c8"}
	for i, b := range w.Balls {
		if b.Color.Hex() != want[i] {
			t.Errorf("ball %d (%v) colour %s, want %s", i, b.Cfg.Rule, b.Color.Hex(), want[i])
		}
		if b.Group != w.Balls[0].Group {
			t.Errorf("balls of one drop should share a group")
		}
	}
}

func TestTickFollowsSpeedAndPause(t *testing.T) {
	w := New()
	w.Speed = 30 // half a step per tick
	w.drop(optim.Vec{-2, -2})
	for i := 0; i < TPS; i++ {
		w.Tick()
	}
	if got := w.Balls[0].Steps(); got != 30 {
		t.Fatalf("one second at 30 steps/s took %d steps", got)
	}
	w.Paused = true
	for i := 0; i < TPS; i++ {
		w.Tick()
	}
	if got := w.Balls[0].Steps(); got != 30 {
		t.Fatalf("paused world stepped: %d", got)
	}
	w.step(5)
	if got := w.Balls[0].Steps(); got != 35 {
		t.Fatalf("Step while paused should step: %d", got)
	}
	w.Speed = 0.5 // one step every two seconds
	w.Paused = false
	for i := 0; i < 2*TPS; i++ {
		w.Tick()
	}
	if got := w.Balls[0].Steps(); got != 36 {
		t.Fatalf("two seconds at 0.5 steps/s: %d steps, want 36", got)
	}
}

func TestRemoveResetRestart(t *testing.T) {
	w := New()
	w.apply(ParseQuery("opt=gd,momentum"))
	w.drop(optim.Vec{-2, -2})
	w.drop(optim.Vec{1, 1})
	w.step(10)
	id := w.Balls[1].ID
	if !w.remove(id) || w.Ball(id) != nil || len(w.Balls) != 3 {
		t.Fatalf("remove failed")
	}
	if w.remove(id) {
		t.Fatalf("removing twice should report false")
	}
	w.restartAll()
	for _, b := range w.Balls {
		if b.Pos != b.Start || b.Steps() != 0 || len(b.Trail.Pts) != 1 {
			t.Fatalf("restart left ball %d at %v after %d steps", b.ID, b.Pos, b.Steps())
		}
	}
	// New balls after a removal get fresh ids and clean trails.
	w.drop(optim.Vec{0, 0})
	ids := map[int]bool{}
	for _, b := range w.Balls {
		if ids[b.ID] {
			t.Fatalf("duplicate id %d", b.ID)
		}
		ids[b.ID] = true
	}
	last := w.Balls[len(w.Balls)-1]
	if len(last.Trail.Pts) != 1 || last.Trail.Pts[0].W != 0 {
		t.Fatalf("reused ball kept an old trail: %v", last.Trail.Pts)
	}
	w.reset()
	if len(w.Balls) != 0 {
		t.Fatalf("reset left %d balls", len(w.Balls))
	}
}

func TestMoveStartRerunsFromTheNewStart(t *testing.T) {
	w := New()
	w.MaxSteps = 300
	g, _ := w.drop(optim.Vec{-2, -2})
	w.step(10)
	w.moveStart(g, optim.Vec{1, 3})
	b := w.Balls[0]
	want := run(t, optim.Defaults(optim.GD), optim.Vec{1, 3}, 300)
	if b.Start != (optim.Vec{1, 3}) || b.Pos != want || b.Status != StepLimit {
		t.Fatalf("moved ball: start %v pos %v status %v, want start (1,3) pos %v steplimit", b.Start, b.Pos, b.Status, want)
	}
}

func TestDivergenceStopsTheBallWithoutNaN(t *testing.T) {
	w := New()
	if errs := w.apply(ParseQuery("surface=rosenbrock&lr=0.5")); len(errs) > 0 {
		t.Fatal(errs)
	}
	w.drop(optim.Vec{-1.5, 2})
	w.step(50)
	b := w.Balls[0]
	if b.Status != Diverged {
		t.Fatalf("eta 0.5 on Rosenbrock should diverge; status %v at %v", b.Status, b.Pos)
	}
	if !b.Pos.Finite() || math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		t.Fatalf("diverged ball holds a non-finite value: pos %v loss %v", b.Pos, b.Loss)
	}
	if b.DivergedAt < 1 || b.DivergedLR != 0.5 || b.Why == "" {
		t.Fatalf("divergence not reported: at %d lr %v why %q", b.DivergedAt, b.DivergedLR, b.Why)
	}
	steps := b.Steps()
	w.step(10)
	if b.Steps() != steps {
		t.Fatalf("a diverged ball kept stepping")
	}
	for _, p := range b.Trail.Pts {
		if math.IsNaN(float64(p.W)) || math.IsInf(float64(p.W), 0) || math.IsNaN(float64(p.Loss)) {
			t.Fatalf("trail holds %v", p)
		}
	}
}

func TestConvergedAndStepLimit(t *testing.T) {
	w := New()
	w.apply(ParseQuery("surface=bowl&opt=newton&maxSteps=50"))
	w.drop(vec(w.Info.Starts[0]))
	w.step(5)
	if b := w.Balls[0]; b.Status != Converged {
		t.Fatalf("Newton on a quadratic bowl should converge at once; %v after %d steps, |g| = %g", b.Status, b.Steps(), b.GradNorm)
	}
	w.apply(ParseQuery("surface=neuron&opt=gd&maxSteps=50"))
	w.drop(optim.Vec{-2, -2})
	w.step(80)
	if b := w.Balls[0]; b.Status != StepLimit || b.Steps() != 50 {
		t.Fatalf("GD should stop at the 50-step limit; %v after %d", b.Status, b.Steps())
	}
	// Raising the limit lets it roll again.
	w.apply(ParseQuery("maxSteps=60"))
	w.step(80)
	if b := w.Balls[0]; b.Steps() != 60 {
		t.Fatalf("after raising the limit to 60: %d steps", b.Steps())
	}
}

func vec(p surfaces.Point) optim.Vec { return optim.Vec{p.X, p.Y} }

func TestTrailKeepsWholeRunWithinItsCap(t *testing.T) {
	var tr Trail
	tr.reset()
	for s := 0; s <= 5000; s++ {
		tr.add(float64(s), 0, 0, s)
	}
	if len(tr.Pts) > MaxTrail || len(tr.Pts) < MaxTrail/2 {
		t.Fatalf("trail has %d points, want between %d and %d", len(tr.Pts), MaxTrail/2, MaxTrail)
	}
	if tr.Pts[0].Step != 0 || int(tr.Pts[len(tr.Pts)-1].Step) < 5000-tr.Stride {
		t.Fatalf("trail spans steps %d..%d, want 0..~5000", tr.Pts[0].Step, tr.Pts[len(tr.Pts)-1].Step)
	}
	for i := 1; i < len(tr.Pts); i++ {
		if d := tr.Pts[i].Step - tr.Pts[i-1].Step; d != int32(tr.Stride) {
			t.Fatalf("uneven trail spacing %d at %d (stride %d)", d, i, tr.Stride)
		}
	}
}

func TestSettingsErrorsNameTheKeyAndKeepDefaults(t *testing.T) {
	w := New()
	errs := w.apply(ParseQuery("lr=abc&bogus=1&gamma=2&opt=gd,sgdx&balls=1,2;x&speed=-1"))
	text := ""
	for _, e := range errs {
		text += e.Error() + "\n"
	}
	for _, key := range []string{"lr:", "bogus:", "gamma:", "opt:", "balls:", "speed:"} {
		if !strings.Contains(text, key) {
			t.Errorf("errors do not name %q:\n%s", key, text)
		}
	}
	if !strings.Contains(text, "accepted") {
		t.Errorf("errors should say what is accepted:\n%s", text)
	}
	if c := w.Config(optim.GD); c.LR != 1 {
		t.Errorf("bad lr changed eta to %v", c.LR)
	}
	if c := w.Config(optim.Momentum); c.Gamma != 0.9 {
		t.Errorf("bad gamma changed gamma to %v", c.Gamma)
	}
	if len(w.Enabled) != 1 || w.Enabled[0] != optim.GD || w.Speed != DefaultSpeed || len(w.Balls) != 0 {
		t.Errorf("bad values changed settings: %v %v %d", w.Enabled, w.Speed, len(w.Balls))
	}
}

func TestSettingsApply(t *testing.T) {
	w := New()
	errs := w.apply(ParseQuery("balls=-2,-2;1,3&opt=gd,nag&lr=0.5&adam.lr=0.01&paused=1&surface=neuron&speed=2"))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(w.Balls) != 4 || !w.Paused || w.Speed != 2 {
		t.Fatalf("balls %d paused %v speed %v", len(w.Balls), w.Paused, w.Speed)
	}
	if w.Balls[0].Cfg.LR != 0.5 || w.Config(optim.Adam).LR != 0.01 || w.Config(optim.NAG).LR != 0.5 {
		t.Fatalf("lr not applied: %v %v", w.Balls[0].Cfg.LR, w.Config(optim.Adam).LR)
	}
	if w.Balls[2].Start != (optim.Vec{1, 3}) {
		t.Fatalf("second drop at %v", w.Balls[2].Start)
	}
	// A hyperparameter change reaches running balls from their next step.
	w.step(3)
	before := w.Balls[0].Pos
	if errs := w.apply([]Param{{Key: "lr", Val: "0.1"}}); len(errs) > 0 {
		t.Fatal(errs)
	}
	if w.Balls[0].Steps() != 3 || w.Balls[0].Pos != before || w.Balls[0].Cfg.LR != 0.1 {
		t.Fatalf("a running ball should keep its place and take the new eta")
	}
	// A new surface clears the balls.
	if errs := w.apply(ParseQuery("surface=himmelblau")); len(errs) > 0 || len(w.Balls) != 0 || w.Info.Name != "himmelblau" {
		t.Fatalf("surface switch: %v, %d balls, %s", errs, len(w.Balls), w.Info.Name)
	}
}

func TestCustomSurfaceFromURL(t *testing.T) {
	w := New()
	if errs := w.apply(ParseQuery("f=w%5E2%2B2*b%5E2")); len(errs) > 0 {
		t.Fatal(errs)
	}
	if w.Info.Name != "custom" || w.Loss(1, 1) != 3 {
		t.Fatalf("custom surface %q gives %v at (1,1)", w.Info.Name, w.Loss(1, 1))
	}
	errs := w.apply(ParseQuery("f=w%2B%2B"))
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "f:") || !strings.Contains(errs[0].Error(), "position") {
		t.Fatalf("bad expression error: %v", errs)
	}
	if w.Loss(1, 1) != 3 {
		t.Fatalf("a bad expression replaced the surface")
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	w := New()
	w.apply(ParseQuery("opt=gd,momentum,nag,adam&batch=1"))
	for i := 0; i < 20; i++ {
		w.drop(optim.Vec{float64(i%5) - 2, -2})
	}
	w.MaxSteps = 1 << 30
	w.step(2000) // thin the trails once
	if a := testing.AllocsPerRun(100, func() { w.step(1) }); a != 0 {
		t.Fatalf("a step of 80 balls allocates %v times", a)
	}
}

func TestQueryRecreatesTheWorld(t *testing.T) {
	w := New()
	q := "surface=custom&f=(1-w)^2%2B100*(b-w^2)^2&opt=gd,nag&lr=0.001&adam.beta1=0.8&speed=12&maxSteps=500&yaw=30&pitch=60&zoom=1.5&balls=-1,2;0.5,0.5&paused=1"
	if errs := w.apply(ParseQuery(q)); len(errs) > 0 {
		t.Fatal(errs)
	}
	v := New()
	if errs := v.apply(ParseQuery(w.Query())); len(errs) > 0 {
		t.Fatalf("%s: %v", w.Query(), errs)
	}
	if v.F != w.F || v.Info.Name != "custom" || v.Speed != 12 || v.MaxSteps != 500 || !v.Paused || len(v.Balls) != 4 {
		t.Fatalf("query %q made a different world", w.Query())
	}
	if v.Config(optim.Adam).Beta1 != 0.8 || v.Config(optim.NAG).LR != 0.001 || math.Abs(v.Cam.Yaw-w.Cam.Yaw) > 1e-6 {
		t.Fatalf("hyperparameters or camera lost in %q", w.Query())
	}
	if New().Query() != "" {
		t.Fatalf("a default world's query should be empty, got %q", New().Query())
	}
}

func TestDropGridSpreadsRacesOverTheBox(t *testing.T) {
	w := New()
	w.dropGrid(10)
	if len(w.Balls) != 10 {
		t.Fatalf("%d balls, want 10", len(w.Balls))
	}
	seen := map[optim.Vec]bool{}
	box := w.Info.Box
	for _, b := range w.Balls {
		if b.Start[0] <= box.WMin || b.Start[0] >= box.WMax || b.Start[1] <= box.BMin || b.Start[1] >= box.BMax || seen[b.Start] {
			t.Fatalf("start %v outside the box or repeated", b.Start)
		}
		seen[b.Start] = true
	}
}
