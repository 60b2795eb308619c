package sim_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"downhill/game/sim"
	"downhill/optim"
	"downhill/surfaces"
)

// world returns a world with the settings of query q, failing on any
// refusal.
func world(t *testing.T, q string) *sim.World {
	t.Helper()
	w, errs := sim.NewFromQuery(q, 1)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", q, errs)
	}
	return w
}

// do applies c, failing on a refusal.
func do(t *testing.T, w *sim.World, c sim.Command) {
	t.Helper()
	if err := w.Do(c); err != nil {
		t.Fatalf("%T%+v: %v", c, c, err)
	}
}

// refused applies c and checks it is refused with an *optim.Error whose
// message starts with field and contains each of want; the world's link
// must not change.
func refused(t *testing.T, w *sim.World, c sim.Command, field string, want ...string) {
	t.Helper()
	before := w.Query()
	n := len(w.Balls)
	err := w.Do(c)
	if err == nil {
		t.Errorf("%T%+v was accepted, want a refusal naming %q", c, c, field)
		return
	}
	if _, ok := err.(*optim.Error); !ok {
		t.Errorf("%T%+v: refusal %q is a %T, not an *optim.Error", c, c, err, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, field+": ") {
		t.Errorf("%T%+v: refusal %q does not start with %q", c, c, msg, field+": ")
	}
	for _, s := range want {
		if !strings.Contains(msg, s) {
			t.Errorf("%T%+v: refusal %q does not mention %q", c, c, msg, s)
		}
	}
	if after := w.Query(); after != before || len(w.Balls) != n {
		t.Errorf("%T%+v was refused but changed the world: %q -> %q, %d -> %d balls", c, c, before, after, n, len(w.Balls))
	}
}

func steps(w *sim.World) []int {
	out := make([]int, len(w.Balls))
	for i, b := range w.Balls {
		out[i] = b.Steps()
	}
	return out
}

func TestDropAndDropGrid(t *testing.T) {
	w := world(t, "opt=gd,momentum")
	d := &sim.Drop{At: optim.Vec{-2, -2}}
	do(t, w, d)
	if len(w.Balls) != 2 {
		t.Fatalf("a drop with two optimizers made %d balls", len(w.Balls))
	}
	for i, b := range w.Balls {
		if b.Group != d.Group || b.Start != d.At || b.Pos != d.At || b.Steps() != 0 || b.Status != sim.Rolling {
			t.Errorf("ball %d: group %d (drop's %d), start %v, pos %v, %d steps, %v", i, b.Group, d.Group, b.Start, b.Pos, b.Steps(), b.Status)
		}
	}
	if w.Balls[0].Cfg.Rule != optim.GD || w.Balls[1].Cfg.Rule != optim.Momentum {
		t.Errorf("rules %v, %v", w.Balls[0].Cfg.Rule, w.Balls[1].Cfg.Rule)
	}
	if w.Selected != w.Balls[0].ID {
		t.Errorf("selected %d, want the drop's first ball %d", w.Selected, w.Balls[0].ID)
	}
	d2 := &sim.Drop{At: optim.Vec{1, 1}}
	do(t, w, d2)
	if d2.Group == d.Group || len(w.Balls) != 4 {
		t.Errorf("second drop: group %d (first %d), %d balls", d2.Group, d.Group, len(w.Balls))
	}
	refused(t, w, &sim.Drop{At: optim.Vec{math.NaN(), 0}}, "start", "accepted:")
	refused(t, w, &sim.Drop{At: optim.Vec{2e6, 0}}, "start", "1e6")

	g := world(t, "opt=gd,adam")
	do(t, g, sim.DropGrid{N: 9})
	if len(g.Balls) != 18 {
		t.Fatalf("a grid of 9 races of two optimizers made %d balls", len(g.Balls))
	}
	box := g.Info.Box
	starts := map[optim.Vec]int{}
	for _, b := range g.Balls {
		starts[b.Start]++
		if b.Start[0] <= box.WMin || b.Start[0] >= box.WMax || b.Start[1] <= box.BMin || b.Start[1] >= box.BMax {
			t.Errorf("grid start %v outside the box %+v", b.Start, box)
		}
	}
	if len(starts) != 9 {
		t.Errorf("a grid of 9 has %d distinct starts", len(starts))
	}
	refused(t, g, sim.DropGrid{N: -1}, "n", "accepted:")
	refused(t, g, sim.DropGrid{N: sim.MaxBalls + 1}, "n", strconv.Itoa(sim.MaxBalls))
}

func TestUndefinedStartsAreRefused(t *testing.T) {
	w := world(t, "f=sqrt(w)*b%2Blog(b)")
	refused(t, w, &sim.AddBall{Start: optim.Vec{-1, -1}}, "start", "undefined at", "(-1, -1)", "accepted:")
	refused(t, w, &sim.Drop{At: optim.Vec{-1, -1}}, "start", "undefined at")
	refused(t, w, &sim.AddBall{Start: optim.Vec{1, 0}}, "start", "undefined at") // log(0)
	add := &sim.AddBall{Start: optim.Vec{1, 1}}
	do(t, w, add)
	refused(t, w, sim.MoveStart{Group: w.Balls[0].Group, To: optim.Vec{-1, 2}}, "start", "undefined at")
	_, errs := sim.NewFromQuery("f=sqrt(w)*b%2Blog(b)&balls=-1,-1", 1)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "balls: ") || !strings.Contains(errs[0].Error(), "undefined at") {
		t.Errorf("balls= at an undefined point: %v", errs)
	}
}

func TestAddBall(t *testing.T) {
	w := world(t, "opt=gd")
	c := &sim.AddBall{Start: optim.Vec{-2, 1}, Rule: "adam", Params: []sim.Param{{Key: "lr", Val: "0.05"}, {Key: "color", Val: "orange"}, {Key: "beta1", Val: "0.5"}}}
	do(t, w, c)
	b := w.Ball(c.ID)
	if b == nil || len(w.Balls) != 1 {
		t.Fatalf("AddBall reported id %d; %d balls", c.ID, len(w.Balls))
	}
	if b.Cfg.Rule != optim.Adam || b.Cfg.LR != 0.05 || b.Cfg.Beta1 != 0.5 || b.Cfg.Beta2 != w.Config(optim.Adam).Beta2 {
		t.Errorf("ball's configuration %+v", b.Cfg)
	}
	if b.Color != sim.Palette[optim.RMSProp] { // orange
		t.Errorf("color=orange gave %s", b.Color.Hex())
	}
	if !strings.Contains(b.Label, "lr=0.05") || !strings.HasPrefix(b.Label, "Adam") {
		t.Errorf("label %q", b.Label)
	}
	if b.Start != c.Start || w.Selected != b.ID {
		t.Errorf("start %v, selected %d", b.Start, w.Selected)
	}
	// Without a rule: the first enabled, with the world's settings.
	d := &sim.AddBall{Start: optim.Vec{0, 0}}
	do(t, w, d)
	if b := w.Ball(d.ID); b == nil || b.Cfg != w.Config(optim.GD) || b.Group == w.Ball(c.ID).Group {
		t.Errorf("AddBall without a rule: %+v", b)
	}
	refused(t, w, &sim.AddBall{Start: optim.Vec{0, 0}, Rule: "sgd"}, "optimizer", `"sgd" is unknown`)
	refused(t, w, &sim.AddBall{Start: optim.Vec{0, 0}, Params: []sim.Param{{Key: "lr", Val: "-1"}}}, "lr", "out of range")
	refused(t, w, &sim.AddBall{Start: optim.Vec{0, 0}, Params: []sim.Param{{Key: "color", Val: "pink"}}}, "color", "orange")
	refused(t, w, &sim.AddBall{Start: optim.Vec{0, 0}, Params: []sim.Param{{Key: "speed", Val: "2"}}}, "speed", "option", "accepted:")
	refused(t, w, &sim.AddBall{Start: optim.Vec{math.Inf(1), 0}}, "start")
}

func TestMoveStartSelectRemove(t *testing.T) {
	w := world(t, "opt=gd,momentum&maxSteps=300")
	do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
	do(t, w, &sim.Drop{At: optim.Vec{1, 1}})
	g := w.Balls[0].Group
	to := optim.Vec{0.5, -1}
	do(t, w, sim.MoveStart{Group: g, To: to})
	for _, b := range w.Balls {
		if b.Group == g {
			if b.Start != to || b.Status == sim.Rolling || len(b.Trail.Pts) < 2 {
				t.Errorf("moved ball %d: start %v, %v after %d steps", b.ID, b.Start, b.Status, b.Steps())
			}
		} else if b.Steps() != 0 || b.Start != (optim.Vec{1, 1}) {
			t.Errorf("ball %d of another drop moved: %v, %d steps", b.ID, b.Start, b.Steps())
		}
	}
	refused(t, w, sim.MoveStart{Group: g, To: optim.Vec{math.NaN(), 1}}, "start")

	id := w.Balls[1].ID
	sel := &sim.Select{ID: id}
	do(t, w, sel)
	if !sel.Selected || w.Selected != id {
		t.Errorf("Select{%d}: %v, selected %d", id, sel.Selected, w.Selected)
	}
	none := &sim.Select{ID: 9999}
	do(t, w, none)
	if none.Selected || w.Selected != id {
		t.Errorf("Select of no ball: %v, selected %d", none.Selected, w.Selected)
	}

	rm := &sim.Remove{ID: id}
	do(t, w, rm)
	if !rm.Removed || w.Ball(id) != nil || len(w.Balls) != 3 {
		t.Errorf("Remove{%d}: %v, %d balls", id, rm.Removed, len(w.Balls))
	}
	again := &sim.Remove{ID: id}
	do(t, w, again)
	if again.Removed {
		t.Errorf("removing ball %d twice reported it removed", id)
	}

	sel = &sim.Select{ID: w.Balls[2].ID}
	do(t, w, sel)
	do(t, w, sim.RemoveSelected{})
	if w.Ball(sel.ID) != nil || len(w.Balls) != 2 {
		t.Errorf("RemoveSelected left the selected ball %d (%d balls)", sel.ID, len(w.Balls))
	}

	g2 := w.Balls[len(w.Balls)-1].Group
	do(t, w, sim.RemoveGroup{Group: g2})
	for _, b := range w.Balls {
		if b.Group == g2 {
			t.Errorf("RemoveGroup{%d} left ball %d", g2, b.ID)
		}
	}

	do(t, w, &sim.Drop{At: optim.Vec{0, 0}})
	do(t, w, sim.Clear{})
	if len(w.Balls) != 0 || w.Selected != 0 {
		t.Errorf("Clear left %d balls, selected %d", len(w.Balls), w.Selected)
	}
}

func TestRestartPlayPauseStep(t *testing.T) {
	w := world(t, "opt=gd,nag")
	do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
	do(t, w, sim.Step{N: 7})
	for _, b := range w.Balls {
		if b.Steps() != 7 || b.Pos == b.Start {
			t.Errorf("Step{7}: ball %d took %d steps, at %v", b.ID, b.Steps(), b.Pos)
		}
	}
	do(t, w, sim.Restart{})
	for _, b := range w.Balls {
		if b.Steps() != 0 || b.Pos != b.Start || len(b.Trail.Pts) != 1 || !reflect.DeepEqual(b.Last, optim.Report{}) {
			t.Errorf("Restart: ball %d at %v after %d steps, trail %d", b.ID, b.Pos, b.Steps(), len(b.Trail.Pts))
		}
	}

	do(t, w, sim.Pause{})
	if !w.Paused {
		t.Error("Pause did not pause")
	}
	for i := 0; i < sim.TPS; i++ {
		w.Tick()
	}
	if s := steps(w); s[0] != 0 {
		t.Errorf("a paused world stepped: %v", s)
	}
	do(t, w, sim.Play{})
	if w.Paused {
		t.Error("Play did not play")
	}
	for i := 0; i < sim.TPS; i++ {
		w.Tick()
	}
	if s := steps(w); s[0] != sim.DefaultSpeed {
		t.Errorf("one second of play at %d steps/s: %v steps", sim.DefaultSpeed, s)
	}
	do(t, w, sim.TogglePause{})
	if !w.Paused {
		t.Error("TogglePause while playing did not pause")
	}
	do(t, w, sim.TogglePause{})
	if w.Paused {
		t.Error("TogglePause while paused did not play")
	}

	before := steps(w)
	do(t, w, sim.Step{N: 1, Pause: true})
	if !w.Paused || steps(w)[0] != before[0]+1 {
		t.Errorf("Step{1, Pause}: paused %v, %v -> %v steps", w.Paused, before, steps(w))
	}
	do(t, w, sim.Step{N: 0})
	if steps(w)[0] != before[0]+1 {
		t.Errorf("Step{0} stepped")
	}
	refused(t, w, sim.Step{N: -1}, "n", "-1 is out of range", "accepted:")
	refused(t, w, sim.Step{N: 1000001}, "n", "out of range")
}

func TestSpeedAndCamera(t *testing.T) {
	w := sim.New()
	do(t, w, sim.SpeedBy{Factor: 2})
	if w.Speed != 2*sim.DefaultSpeed {
		t.Errorf("SpeedBy{2}: %v", w.Speed)
	}
	do(t, w, sim.SpeedBy{Factor: 0.25})
	if w.Speed != sim.DefaultSpeed/2.0 {
		t.Errorf("SpeedBy{0.25}: %v", w.Speed)
	}
	for i := 0; i < 5; i++ {
		do(t, w, sim.SpeedBy{Factor: 1000})
	}
	if speed := settingByKey(t, "speed"); w.Speed != speed.Max {
		t.Errorf("speed after ×1000⁵: %v, want the setting's maximum %v", w.Speed, speed.Max)
	}
	refused(t, w, sim.SpeedBy{Factor: math.NaN()}, "factor", "accepted:")
	refused(t, w, sim.SpeedBy{Factor: 0}, "factor")
	refused(t, w, sim.SpeedBy{Factor: math.Inf(1)}, "factor")

	def := sim.DefaultCamera()
	do(t, w, sim.Orbit{DX: 100, DY: -20})
	if want := def.Orbited(100, -20); w.Cam != want || w.Cam == def {
		t.Errorf("Orbit{100, -20}: %+v, want %+v", w.Cam, want)
	}
	if math.Abs(w.Cam.Yaw-(def.Yaw-100*sim.OrbitRadPerPx)) > 1e-12 {
		t.Errorf("Orbit{100} turned the yaw from %v to %v", def.Yaw, w.Cam.Yaw)
	}
	refused(t, w, sim.Orbit{DX: math.NaN()}, "orbit", "finite")
	refused(t, w, sim.Orbit{DY: math.Inf(-1)}, "orbit")
	do(t, w, sim.Orbit{DY: 1e9})
	if w.Cam.Pitch != sim.MaxPitch {
		t.Errorf("a huge drag down: pitch %v, want the limit %v", w.Cam.Pitch, sim.MaxPitch)
	}

	do(t, w, sim.Zoom{Factor: 2})
	if w.Cam.Zoom != 2 {
		t.Errorf("Zoom{2}: %v", w.Cam.Zoom)
	}
	do(t, w, sim.Zoom{Factor: 1000})
	if w.Cam.Zoom != sim.MaxZoom {
		t.Errorf("Zoom{1000}: %v, want MaxZoom", w.Cam.Zoom)
	}
	refused(t, w, sim.Zoom{Factor: 0}, "factor")
	refused(t, w, sim.Zoom{Factor: -2}, "factor")

	do(t, w, sim.ZoomMap{W: 1, B: 1, Factor: 2})
	framed := w.Box
	do(t, w, sim.ResetCamera{})
	if w.Cam != def || w.Box != framed {
		t.Errorf("ResetCamera: camera %+v, framing %+v (was %+v)", w.Cam, w.Box, framed)
	}
	do(t, w, sim.Orbit{DX: 50})
	do(t, w, sim.ResetFrame{})
	if w.Box != w.Info.Box || w.Cam == def {
		t.Errorf("ResetFrame: framing %+v (surface's %+v), camera %+v", w.Box, w.Info.Box, w.Cam)
	}
	do(t, w, sim.ZoomMap{W: 1, B: 1, Factor: 2})
	do(t, w, sim.ResetView{})
	if w.Cam != def || w.Box != w.Info.Box {
		t.Errorf("ResetView: camera %+v, framing %+v", w.Cam, w.Box)
	}
}

func TestMapFraming(t *testing.T) {
	w := sim.New()
	box := w.Box
	do(t, w, sim.ZoomMap{W: 1, B: -1, Factor: 2})
	b := w.Box
	if !near(b.WMax-b.WMin, (box.WMax-box.WMin)/2) || !near(b.BMax-b.BMin, (box.BMax-box.BMin)/2) {
		t.Errorf("ZoomMap{2}: %+v from %+v", b, box)
	}
	// The point under the pointer stays where it is on the map.
	if !near((1-b.WMin)/(b.WMax-b.WMin), (1-box.WMin)/(box.WMax-box.WMin)) || !near((-1-b.BMin)/(b.BMax-b.BMin), (-1-box.BMin)/(box.BMax-box.BMin)) {
		t.Errorf("ZoomMap about (1, -1) moved it: %+v from %+v", b, box)
	}
	refused(t, w, sim.ZoomMap{W: 1, B: 1, Factor: 0}, "factor")
	refused(t, w, sim.ZoomMap{W: math.NaN(), B: 1, Factor: 2}, "at", "finite")
	// Within the framing's limits, however far it is asked.
	for i := 0; i < 20; i++ {
		do(t, w, sim.ZoomMap{W: 0, B: 0, Factor: 1000})
	}
	if iw := w.Info.Box.WMax - w.Info.Box.WMin; w.Box.WMax-w.Box.WMin < iw*sim.MinFrame*(1-1e-9) {
		t.Errorf("zoomed in to %+v, closer than MinFrame", w.Box)
	}

	do(t, w, sim.ResetFrame{})
	do(t, w, sim.PanMap{DW: 1, DB: -0.5})
	if b := w.Box; b.WMin != box.WMin+1 || b.WMax != box.WMax+1 || b.BMin != box.BMin-0.5 || b.BMax != box.BMax-0.5 {
		t.Errorf("PanMap{1, -0.5}: %+v from %+v", b, box)
	}
	refused(t, w, sim.PanMap{DW: math.Inf(1)}, "by", "finite")

	// FitPaths frames every path, start and position.
	do(t, w, sim.ResetFrame{})
	do(t, w, &sim.Set{Params: sim.ParseQuery("opt=gd,momentum")})
	do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
	do(t, w, &sim.Drop{At: optim.Vec{3, 3}})
	do(t, w, sim.Step{N: 40})
	do(t, w, sim.FitPaths{})
	fb := w.Box
	if fb == w.Info.Box {
		t.Errorf("FitPaths kept the surface's box")
	}
	in := func(x, y float64) bool { return x >= fb.WMin && x <= fb.WMax && y >= fb.BMin && y <= fb.BMax }
	for _, bl := range w.Balls {
		if !in(bl.Start[0], bl.Start[1]) || !in(bl.Pos[0], bl.Pos[1]) {
			t.Errorf("FitPaths %+v leaves out ball %d (start %v, at %v)", fb, bl.ID, bl.Start, bl.Pos)
		}
		for _, p := range bl.Trail.Pts {
			if !in(p.W, p.B) {
				t.Errorf("FitPaths %+v leaves out (%v, %v) of ball %d's trail", fb, p.W, p.B, bl.ID)
				break
			}
		}
	}
	do(t, w, sim.Clear{})
	do(t, w, sim.FitPaths{})
	if w.Box != w.Info.Box {
		t.Errorf("FitPaths without balls: %+v, want the surface's box", w.Box)
	}
}

// TestFramingStaysABox: however far the map is panned or zoomed by finite
// numbers, its framing stays a finite box with w0 < w1 and b0 < b1 (the
// views divide by its width), or the command is refused.
func TestFramingStaysABox(t *testing.T) {
	for _, cs := range [][]sim.Command{
		{sim.PanMap{DW: 1e300}},
		{sim.PanMap{DW: math.MaxFloat64}, sim.PanMap{DW: math.MaxFloat64}},
		{sim.PanMap{DB: -1e20}},
		{sim.ZoomMap{W: 1e300, B: 0, Factor: 1000}},
		{sim.ZoomMap{W: 1e300, B: 1e300, Factor: 0.001}, sim.ZoomMap{W: 1e300, B: 1e300, Factor: 0.001}, sim.ZoomMap{W: 1e300, B: 1e300, Factor: 0.001}},
	} {
		w := sim.New()
		for _, c := range cs {
			w.Do(c)
		}
		b := w.Box
		if !isFinite(b.WMin) || !isFinite(b.WMax) || !isFinite(b.BMin) || !isFinite(b.BMax) || !(b.WMin < b.WMax) || !(b.BMin < b.BMax) {
			t.Errorf("%+v: the framing is %+v, not a box", cs, b)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

func TestModesAndGuessWork(t *testing.T) {
	w := sim.New()
	refused(t, w, &sim.RecordGuess{}, "recordGuess", "accepted:")
	refused(t, w, sim.SetMode{Mode: sim.Mode(99)}, "mode", "roll, guess, sweep, quiz")

	g := &sim.Guess{At: optim.Vec{0.5, 0}}
	do(t, w, g)
	if w.Mode != sim.ModeGuess || !w.HaveGuess || w.Guess != g.At || g.Loss != w.Loss(0.5, 0) {
		t.Errorf("Guess{0.5, 0}: mode %v, guess %v, loss %v", w.Mode, w.Guess, g.Loss)
	}
	if math.Abs(g.Loss-0.0731) > 0.00005 { // the lecture's table (5.1)
		t.Errorf("loss at (0.5, 0) is %.5f, the lecture's 0.0731", g.Loss)
	}
	refused(t, w, &sim.Guess{At: optim.Vec{math.NaN(), 0}}, "guess", "finite")
	rec := &sim.RecordGuess{}
	do(t, w, rec)
	if rec.Row != (sim.GuessRow{W: 0.5, B: 0, Loss: g.Loss}) || len(w.Guesses) != 1 || w.Guesses[0] != rec.Row {
		t.Errorf("RecordGuess: row %+v, table %v", rec.Row, w.Guesses)
	}

	// The g key: guess work on, then each press records.
	k := sim.New()
	do(t, k, sim.GuessKey{})
	if k.Mode != sim.ModeGuess || !k.HaveGuess || len(k.Guesses) != 0 {
		t.Errorf("first g: mode %v, guess %v, %d rows", k.Mode, k.HaveGuess, len(k.Guesses))
	}
	if s := k.Info.Starts[0]; k.Guess != (optim.Vec{s.X, s.Y}) {
		t.Errorf("guess work starts at %v, not the surface's first start %v", k.Guess, s)
	}
	do(t, k, sim.GuessKey{})
	do(t, k, sim.GuessKey{})
	if len(k.Guesses) != 2 {
		t.Errorf("two more g: %d rows", len(k.Guesses))
	}

	do(t, w, sim.SetMode{Mode: sim.ModeRoll})
	if w.Mode != sim.ModeRoll {
		t.Errorf("SetMode{roll}: %v", w.Mode)
	}
	do(t, w, sim.SetMode{Mode: sim.ModeSweep})
	if w.Mode != sim.ModeSweep || len(w.SweepRows) != len(sim.LectureSweep) {
		t.Errorf("SetMode{sweep}: mode %v, %d rows (the lecture's sweep has %d)", w.Mode, len(w.SweepRows), len(sim.LectureSweep))
	}
	do(t, w, sim.SetMode{Mode: sim.ModeQuiz})
	if w.Mode != sim.ModeQuiz || w.Quiz.Picked != -1 {
		t.Errorf("SetMode{quiz}: mode %v, quiz %+v", w.Mode, w.Quiz)
	}
}

func TestRandomSearch(t *testing.T) {
	w := sim.New()
	c := &sim.RandomSearch{N: 300, Seed: 3, HaveSeed: true}
	do(t, w, c)
	if len(w.Search) != 300 || w.SearchSeed != 3 || w.SearchBest < 0 || w.Search[w.SearchBest] != c.Best {
		t.Fatalf("RandomSearch{300, seed 3}: %d samples, seed %d, best %+v", len(w.Search), w.SearchSeed, c.Best)
	}
	for _, s := range w.Search {
		if s.Loss < c.Best.Loss {
			t.Errorf("sample %+v is lower than the best %+v", s, c.Best)
		}
	}
	again := &sim.RandomSearch{N: 300, Seed: 3, HaveSeed: true}
	do(t, sim.New(), again)
	if again.Best != c.Best {
		t.Errorf("the same seed found %+v, then %+v", c.Best, again.Best)
	}
	// Without a seed: the world's, which moves on.
	seed := w.Seed
	do(t, w, &sim.RandomSearch{N: 10})
	if w.SearchSeed != seed || w.Seed != seed+1 {
		t.Errorf("unseeded search used seed %d (world's %d, now %d)", w.SearchSeed, seed, w.Seed)
	}
	refused(t, w, &sim.RandomSearch{N: 0}, "n", "accepted:")
	refused(t, w, &sim.RandomSearch{N: sim.MaxSearch + 1}, "n")
}

func TestSweepAndFineSweep(t *testing.T) {
	w := sim.New()
	refused(t, w, &sim.FineSweep{}, "sweep", "accepted:")
	c := &sim.Sweep{Start: optim.Vec{-2, -2}, HaveStart: true, Etas: []float64{1, 0.01, 0.1}, Steps: 20, HaveSteps: true}
	do(t, w, c)
	if len(c.Rows) != 3 || w.Mode != sim.ModeSweep || w.SweepRule != optim.GD || w.SweepSteps != 20 || w.SweepStart != c.Start {
		t.Fatalf("Sweep: %d rows, mode %v, rule %v, %d steps from %v", len(c.Rows), w.Mode, w.SweepRule, w.SweepSteps, w.SweepStart)
	}
	for i, r := range c.Rows {
		if want := []float64{0.01, 0.1, 1}[i]; r.LR != want {
			t.Errorf("row %d: eta %v, want %v (sorted)", i, r.LR, want)
		}
		b := w.Ball(r.Ball)
		if b == nil || b.Limit != 20 || b.Cfg.LR != r.LR || b.Start != c.Start {
			t.Errorf("row %d's ball: %+v", i, b)
		}
	}
	do(t, w, sim.Step{N: 25})
	for i, r := range c.Rows {
		b := w.Ball(r.Ball)
		if b.Steps() != r.Steps || b.Loss != r.Loss || b.Status != r.Status {
			t.Errorf("row %d says %d steps to loss %v (%v); its ball took %d to %v (%v)", i, r.Steps, r.Loss, r.Status, b.Steps(), b.Loss, b.Status)
		}
	}
	best := c.Rows[w.SweepBest()].LR
	fine := &sim.FineSweep{}
	do(t, w, fine)
	if len(fine.Rows) != 7 {
		t.Fatalf("FineSweep: %d rows", len(fine.Rows))
	}
	found := false
	for i, r := range fine.Rows {
		found = found || r.LR == best
		if r.LR < best/4 || r.LR > best*3 || (i > 0 && r.LR <= fine.Rows[i-1].LR) {
			t.Errorf("fine sweep row %d: eta %v around %v", i, r.LR, best)
		}
	}
	if !found {
		t.Errorf("the fine sweep around %v does not try it", best)
	}
	n := 0
	for _, b := range w.Balls {
		if b.Limit > 0 {
			n++
		}
	}
	if n != 7 {
		t.Errorf("after the fine sweep %d sweep balls, want its 7 (the coarse sweep's removed)", n)
	}
	refused(t, w, &sim.Sweep{Etas: []float64{}}, "etas", "accepted:")
	refused(t, w, &sim.Sweep{Etas: []float64{-1, 1}}, "etas")
	refused(t, w, &sim.Sweep{Etas: []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}}, "etas")
	refused(t, w, &sim.Sweep{Steps: 0, HaveSteps: true}, "steps")
	refused(t, w, &sim.Sweep{Rule: "sgd"}, "optimizer")
	refused(t, w, &sim.Sweep{Start: optim.Vec{math.NaN(), 0}, HaveStart: true}, "start")
}

func TestQuiz(t *testing.T) {
	w := sim.New()
	refused(t, w, &sim.Answer{Choice: 0}, "answer", "accepted:")
	c := &sim.StartQuiz{Seed: 5, HaveSeed: true}
	do(t, w, c)
	q := c.Quiz
	if w.Mode != sim.ModeQuiz || w.Quiz != q || q.Seed != 5 || q.Picked != -1 {
		t.Fatalf("StartQuiz: mode %v, quiz %+v", w.Mode, q)
	}
	seen := map[string]bool{}
	for _, o := range q.Options {
		if seen[o] || o == "custom" || o == "" {
			t.Errorf("quiz options %v", q.Options)
		}
		seen[o] = true
	}
	if w.Info.Name != q.Options[q.Answer] {
		t.Errorf("the quiz shows %s, its answer is %s", w.Info.Name, q.Options[q.Answer])
	}
	other := &sim.StartQuiz{Seed: 5, HaveSeed: true}
	do(t, sim.New(), other)
	if other.Quiz != q {
		t.Errorf("the same seed drew %+v, then %+v", q, other.Quiz)
	}
	wrong := &sim.Answer{Choice: (q.Answer + 1) % sim.QuizOptions}
	do(t, w, wrong)
	if wrong.Correct || w.Quiz.Picked != wrong.Choice {
		t.Errorf("a wrong answer: correct %v, picked %d", wrong.Correct, w.Quiz.Picked)
	}
	right := &sim.Answer{Choice: q.Answer}
	do(t, w, right)
	if !right.Correct || w.Quiz.Picked != q.Answer {
		t.Errorf("the right answer: correct %v, picked %d", right.Correct, w.Quiz.Picked)
	}
	refused(t, w, &sim.Answer{Choice: sim.QuizOptions}, "i", "accepted:")
	refused(t, w, &sim.Answer{Choice: -1}, "i")
	// Unseeded: the world's seed, which moves on.
	seed := w.Seed
	u := &sim.StartQuiz{}
	do(t, w, u)
	if u.Quiz.Seed != seed || w.Seed != seed+1 {
		t.Errorf("unseeded quiz: seed %d (world's %d, now %d)", u.Quiz.Seed, seed, w.Seed)
	}
}

func TestSetCommand(t *testing.T) {
	w := world(t, "opt=gd,adam")
	do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
	c := &sim.Set{Params: sim.ParseQuery("lr=0.5&speed=60&adam.beta1=0.5&bogus=1&gamma=2")}
	err := w.Do(c)
	if err == nil || len(c.Errs) != 2 {
		t.Fatalf("Set: %v, refusals %v", err, c.Errs)
	}
	if !strings.HasPrefix(c.Errs[0].Error(), "bogus: ") || !strings.HasPrefix(c.Errs[1].Error(), "gamma: ") {
		t.Errorf("refusals %v", c.Errs)
	}
	if w.Speed != 60 {
		t.Errorf("speed=60: %v", w.Speed)
	}
	// Hyperparameters reach the running balls of their optimizers and new
	// balls.
	if gd, adam := w.Balls[0], w.Balls[1]; gd.Cfg.LR != 0.5 || adam.Cfg.LR != 0.5 || adam.Cfg.Beta1 != 0.5 || gd.Cfg.Beta1 == 0.5 {
		t.Errorf("running balls: gd %+v, adam %+v", gd.Cfg, adam.Cfg)
	}
	if w.Config(optim.Adam).Beta1 != 0.5 || w.Config(optim.GD).LR != 0.5 || w.Config(optim.GD).Gamma != 0.9 {
		t.Errorf("new balls' configurations: %+v, %+v", w.Config(optim.GD), w.Config(optim.Adam))
	}
	if !strings.Contains(w.Query(), "lr=0.5") || !strings.Contains(w.Query(), "adam.beta1=0.5") {
		t.Errorf("the link %q does not keep the settings", w.Query())
	}
	none := &sim.Set{}
	if err := w.Do(none); err != nil || len(none.Errs) != 0 {
		t.Errorf("an empty Set: %v", err)
	}
}

// TestBallLimit: past sim.MaxBalls every way of adding balls is refused
// with a message naming the limit, and the balls there keep rolling.
func TestBallLimit(t *testing.T) {
	w := sim.New()
	do(t, w, sim.DropGrid{N: sim.MaxBalls})
	if len(w.Balls) != sim.MaxBalls {
		t.Fatalf("a grid of %d made %d balls", sim.MaxBalls, len(w.Balls))
	}
	limit := strconv.Itoa(sim.MaxBalls)
	refused(t, w, &sim.Drop{At: optim.Vec{0, 0}}, "balls", limit)
	refused(t, w, &sim.AddBall{Start: optim.Vec{0, 0}}, "balls", limit)
	refused(t, w, sim.DropGrid{N: 1}, "balls", limit)
	refused(t, w, &sim.Sweep{}, "balls", limit)
	c := &sim.Set{Params: sim.ParseQuery("balls=0,0&ball=gd,0,0")}
	w.Do(c)
	if len(c.Errs) != 2 || len(w.Balls) != sim.MaxBalls {
		t.Errorf("balls= and ball= past the limit: %v, %d balls", c.Errs, len(w.Balls))
	}
	for _, err := range c.Errs {
		if !strings.Contains(err.Error(), limit) || utf8Len(err.Error()) >= maxMessage {
			t.Errorf("refusal %q does not name the limit %s briefly", err, limit)
		}
	}
	before := steps(w)
	rolling := w.Rolling()
	do(t, w, sim.Step{N: 2})
	after := steps(w)
	moved := 0
	for i := range after {
		if after[i] == before[i]+2 {
			moved++
		}
	}
	if rolling == 0 || moved != rolling {
		t.Errorf("after the refusals %d of %d rolling balls took two steps", moved, rolling)
	}
	do(t, w, &sim.Remove{ID: w.Balls[0].ID})
	do(t, w, &sim.Drop{At: optim.Vec{0, 0}})
	if len(w.Balls) != sim.MaxBalls {
		t.Errorf("a drop after a removal: %d balls", len(w.Balls))
	}
}

func utf8Len(s string) int { return len([]rune(s)) }

// TestKeys: every key of sim.Bindings means something, letters in either
// case, and does what its help says.
func TestKeys(t *testing.T) {
	setup := func(t *testing.T) *sim.World {
		w := world(t, "opt=gd,momentum")
		do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
		do(t, w, &sim.Drop{At: optim.Vec{1, 2}})
		do(t, w, sim.Step{N: 10})
		do(t, w, sim.Orbit{DX: 40, DY: 30})
		do(t, w, sim.Zoom{Factor: 1.7})
		do(t, w, sim.ZoomMap{W: 0, B: 0, Factor: 1.5})
		return w
	}
	effects := map[string]func(t *testing.T, name string, before, w *sim.World){
		"Space": func(t *testing.T, name string, before, w *sim.World) {
			if w.Paused == before.Paused {
				t.Error("did not toggle pause")
			}
		},
		"← → ↑ ↓": func(t *testing.T, name string, before, w *sim.World) {
			// On the cursor (the first focus): it moves one small step
			// of the framing, that way; nothing else changes.
			dw, db := w.Cursor[0]-before.Cursor[0], w.Cursor[1]-before.Cursor[1]
			sw, sb := sim.CursorStep*(w.Box.WMax-w.Box.WMin), sim.CursorStep*(w.Box.BMax-w.Box.BMin)
			want := map[string][2]float64{"ArrowLeft": {-sw, 0}, "ArrowRight": {sw, 0}, "ArrowUp": {0, sb}, "ArrowDown": {0, -sb}}[name]
			if math.Abs(dw-want[0]) > 1e-12 || math.Abs(db-want[1]) > 1e-12 || len(w.Balls) != len(before.Balls) {
				t.Errorf("%s moved the cursor by (%g, %g), want (%g, %g)", name, dw, db, want[0], want[1])
			}
		},
		"Enter": func(t *testing.T, name string, before, w *sim.World) {
			if len(w.Balls) != len(before.Balls)+2 || w.Balls[len(w.Balls)-1].Start != before.Cursor {
				t.Errorf("Enter on the cursor: %d -> %d balls", len(before.Balls), len(w.Balls))
			}
		},
		"n": func(t *testing.T, name string, before, w *sim.World) {
			if w.Focus != (sim.Focus{Kind: sim.FocusStart, ID: w.Balls[0].Group}) {
				t.Errorf("n from the cursor: focus %+v, want the first start", w.Focus)
			}
		},
		"p": func(t *testing.T, name string, before, w *sim.World) {
			if w.Focus != (sim.Focus{Kind: sim.FocusBall, ID: w.Balls[len(w.Balls)-1].ID}) {
				t.Errorf("p from the cursor: focus %+v, want the last ball", w.Focus)
			}
		},
		"h": func(t *testing.T, name string, before, w *sim.World) {
			if w.Sound == before.Sound {
				t.Error("h did not turn the sound on")
			}
		},
		"l": func(t *testing.T, name string, before, w *sim.World) {
			if w.Heard != before.Heard+1 || !w.Sound {
				t.Errorf("l: heard %d -> %d, sound %v", before.Heard, w.Heard, w.Sound)
			}
		},
		"t": func(t *testing.T, name string, before, w *sim.World) {
			if w.Asked != before.Asked+1 {
				t.Errorf("asked %d -> %d", before.Asked, w.Asked)
			}
		},
		"a / d": func(t *testing.T, name string, before, w *sim.World) {
			turned := w.Cam.Yaw - before.Cam.Yaw
			// As a drag to the left (a) or the right (d) turns it.
			if (strings.EqualFold(name, "a")) != (turned > 0) || turned == 0 || w.Cam.Pitch != before.Cam.Pitch {
				t.Errorf("%s: yaw %v -> %v, pitch %v -> %v", name, before.Cam.Yaw, w.Cam.Yaw, before.Cam.Pitch, w.Cam.Pitch)
			}
		},
		"w / x": func(t *testing.T, name string, before, w *sim.World) {
			if w.Cam.Pitch == before.Cam.Pitch || w.Cam.Yaw != before.Cam.Yaw {
				t.Errorf("%s: pitch %v -> %v", name, before.Cam.Pitch, w.Cam.Pitch)
			}
		},
		"i / o": func(t *testing.T, name string, before, w *sim.World) {
			if (strings.EqualFold(name, "i")) != (w.Cam.Zoom > before.Cam.Zoom) || w.Cam.Zoom == before.Cam.Zoom {
				t.Errorf("%s: zoom %v -> %v", name, before.Cam.Zoom, w.Cam.Zoom)
			}
		},
		"] / [": func(t *testing.T, name string, before, w *sim.World) {
			wide, was := w.Box.WMax-w.Box.WMin, before.Box.WMax-before.Box.WMin
			if (name == "]") != (wide < was) || wide == was {
				t.Errorf("%s: map width %v -> %v", name, was, wide)
			}
		},
		"s": func(t *testing.T, name string, before, w *sim.World) {
			if !w.Paused || w.Balls[0].Steps() != before.Balls[0].Steps()+1 {
				t.Errorf("paused %v, %d -> %d steps", w.Paused, before.Balls[0].Steps(), w.Balls[0].Steps())
			}
		},
		"r": func(t *testing.T, name string, before, w *sim.World) {
			for _, b := range w.Balls {
				if b.Steps() != 0 || b.Pos != b.Start {
					t.Errorf("ball %d not restarted", b.ID)
				}
			}
		},
		"c": func(t *testing.T, name string, before, w *sim.World) {
			if len(w.Balls) != 0 {
				t.Errorf("%d balls left", len(w.Balls))
			}
		},
		"+": func(t *testing.T, name string, before, w *sim.World) {
			if w.Speed != 2*before.Speed {
				t.Errorf("speed %v -> %v", before.Speed, w.Speed)
			}
		},
		"−": func(t *testing.T, name string, before, w *sim.World) {
			if w.Speed != before.Speed/2 {
				t.Errorf("speed %v -> %v", before.Speed, w.Speed)
			}
		},
		"Home": func(t *testing.T, name string, before, w *sim.World) {
			if w.Cam != sim.DefaultCamera() || w.Box != w.Info.Box {
				t.Errorf("camera %+v (default %+v), framing %+v", w.Cam, sim.DefaultCamera(), w.Box)
			}
		},
		"f": func(t *testing.T, name string, before, w *sim.World) {
			if w.Box == before.Box || w.Box == w.Info.Box {
				t.Errorf("framing %+v unchanged", w.Box)
			}
		},
		"Delete": func(t *testing.T, name string, before, w *sim.World) {
			if len(w.Balls) != len(before.Balls)-1 || w.Ball(before.Selected) != nil {
				t.Errorf("%d -> %d balls, selected %d still there", len(before.Balls), len(w.Balls), before.Selected)
			}
		},
		"g": func(t *testing.T, name string, before, w *sim.World) {
			if w.Mode != sim.ModeGuess {
				t.Errorf("mode %v", w.Mode)
			}
		},
		"m": func(t *testing.T, name string, before, w *sim.World) {
			if w.Mode != sim.ModeMap {
				t.Errorf("mode %v, want the convergence map", w.Mode)
			}
			// On the map, Enter drops a race at the centre of the
			// cursor's cell: it runs the path the cell describes.
			do(t, w, &sim.Key{Name: "Enter"})
			if len(w.Balls) != len(before.Balls)+2 {
				t.Fatalf("Enter on the map: %d -> %d balls, want a race of two", len(before.Balls), len(w.Balls))
			}
			c, n, b := w.MapCursor, float64(w.MapGrid), w.Box
			want := optim.Vec{b.WMin + (float64(c[0])+0.5)/n*(b.WMax-b.WMin), b.BMin + (float64(c[1])+0.5)/n*(b.BMax-b.BMin)}
			if got := w.Balls[len(w.Balls)-1].Start; math.Abs(got[0]-want[0]) > 1e-12 || math.Abs(got[1]-want[1]) > 1e-12 {
				t.Errorf("dropped at %v, want the cursor cell's centre %v", got, want)
			}
			if cw, cb := w.Cursor[0], w.Cursor[1]; math.Abs(cw-want[0]) > (b.WMax-b.WMin)/n || math.Abs(cb-want[1]) > (b.BMax-b.BMin)/n {
				t.Errorf("the cell %v is not the cursor's %v", c, w.Cursor)
			}
		},
	}
	scenesKeys := map[string]bool{"Page Down": true, "Page Up": true}
	for _, b := range sim.Bindings {
		for _, name := range b.Keys {
			names := []string{name}
			if len(name) == 1 && strings.ToUpper(name) != name {
				names = append(names, strings.ToUpper(name))
			}
			for _, name := range names {
				t.Run(b.Label+"/"+name, func(t *testing.T) {
					if scenesKeys[b.Label] && len(sim.Scenes) == 0 {
						t.Skip("sim.Scenes is empty")
					}
					w := setup(t)
					before := snapshotOf(w)
					k := &sim.Key{Name: name}
					if err := w.Do(k); err != nil {
						t.Errorf("key %q: %v", name, err)
					}
					if !k.Handled {
						t.Fatalf("key %q (%s: %s) is not handled", name, b.Label, b.Help)
					}
					if effect, ok := effects[b.Label]; ok {
						effect(t, name, before, w)
					} else if !scenesKeys[b.Label] {
						t.Errorf("no effect check for the binding %q (%s)", b.Label, b.Help)
					}
				})
			}
		}
	}
	w := setup(t)
	q := w.Query()
	for _, name := range []string{"q", "F5", "Escape", "Tab", ""} {
		k := &sim.Key{Name: name}
		if err := w.Do(k); err != nil || k.Handled {
			t.Errorf("key %q: handled %v, %v", name, k.Handled, err)
		}
	}
	if w.Query() != q {
		t.Errorf("unbound keys changed the world")
	}
}

// snapshotOf copies what the key effects compare (not through Snapshot, so
// that the keys test does not depend on it).
func snapshotOf(w *sim.World) *sim.World {
	c := *w
	c.Balls = nil
	for _, b := range w.Balls {
		bb := *b
		c.Balls = append(c.Balls, &bb)
	}
	return &c
}

// TestScenes goes through the lecture's tour, when it has scenes.
func TestScenes(t *testing.T) {
	if len(sim.Scenes) == 0 {
		t.Skip("sim.Scenes is empty")
	}
	w := sim.New()
	first := sim.Scenes[0].Name
	do(t, w, sim.EnterScene{Name: first})
	if w.Scene != 0 || w.Query() != "scene="+first {
		t.Errorf("EnterScene{%s}: scene %d, link %q", first, w.Scene, w.Query())
	}
	refused(t, w, sim.EnterScene{Name: "no-such-scene"}, "scene", "accepted:")

	w = sim.New()
	do(t, w, sim.Tour{On: true})
	if !w.Tour || w.Scene != 0 {
		t.Errorf("Tour{on}: tour %v, scene %d", w.Tour, w.Scene)
	}
	do(t, w, sim.PrevScene{})
	if w.Scene != 0 {
		t.Errorf("PrevScene at the first scene went to %d", w.Scene)
	}
	for i := 1; i < len(sim.Scenes); i++ {
		do(t, w, sim.NextScene{})
		if w.Scene != i {
			t.Fatalf("NextScene %d: scene %d", i, w.Scene)
		}
	}
	do(t, w, sim.NextScene{})
	if w.Scene != len(sim.Scenes)-1 {
		t.Errorf("NextScene at the last scene went to %d", w.Scene)
	}
	if len(sim.Scenes) > 1 {
		do(t, w, sim.PrevScene{})
		if w.Scene != len(sim.Scenes)-2 {
			t.Errorf("PrevScene: scene %d", w.Scene)
		}
		k := &sim.Key{Name: "PageDown"}
		do(t, w, k)
		if !k.Handled || w.Scene != len(sim.Scenes)-1 {
			t.Errorf("Page Down in the tour: scene %d", w.Scene)
		}
	}
	do(t, w, sim.Tour{On: false})
	if w.Tour {
		t.Error("Tour{off} left the tour on")
	}
	// Without the tour, NextScene turns it on at the first scene.
	w = sim.New()
	do(t, w, sim.NextScene{})
	if !w.Tour || w.Scene != 0 {
		t.Errorf("NextScene outside the tour: tour %v, scene %d", w.Tour, w.Scene)
	}
	for i, s := range sim.Scenes {
		w := sim.New()
		if err := w.Do(sim.EnterScene{Name: s.Name}); err != nil {
			t.Errorf("scene %d %s: %v", i, s.Name, err)
		}
	}
}

// restoreInto restores data into a fresh world, failing the test (not the
// binary) on a panic.
func restoreInto(t *testing.T, data []byte) *sim.World {
	t.Helper()
	w := sim.New()
	err, panicked := restoreSnapshot(w, data)
	if panicked != nil {
		t.Fatalf("Restore panicked: %v", panicked)
	}
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	return w
}

// TestSnapshotRoundTrip: a world restored from its snapshot has the same
// balls, optimizer state, trails and last steps, and goes on exactly as the
// original does.
func TestSnapshotRoundTrip(t *testing.T) {
	w := world(t, "surface=valley&opt=gd,momentum,nag,linesearch,rmsprop,adam,amsgrad&batch=1&seed=5&nag.gammaMax=0.99&schedule=exp&k=0.001&speed=45&yaw=30&views=contour,loss&paused=1")
	do(t, w, &sim.Drop{At: optim.Vec{-1, 2}})
	do(t, w, &sim.AddBall{Start: optim.Vec{2, -1}, Rule: "adagrad", Params: []sim.Param{{Key: "lr", Val: "0.5"}, {Key: "color", Val: "white"}}})
	do(t, w, sim.Step{N: 1100}) // past MaxTrail: thinned trails
	do(t, w, &sim.Guess{At: optim.Vec{0.5, 0}})
	do(t, w, &sim.RecordGuess{})
	do(t, w, sim.SetMode{Mode: sim.ModeRoll})
	thinned := false
	for _, b := range w.Balls {
		thinned = thinned || b.Trail.Stride > 1
	}
	if !thinned {
		t.Fatal("no trail was thinned: the round trip would not cover it")
	}

	data := w.Snapshot()
	r := restoreInto(t, data)
	if len(r.Balls) != len(w.Balls) {
		t.Fatalf("restored %d balls of %d", len(r.Balls), len(w.Balls))
	}
	for i, b := range w.Balls {
		c := r.Balls[i]
		if b.Pos != c.Pos || b.St != c.St || !reflect.DeepEqual(b.Last, c.Last) || b.Cfg != c.Cfg || b.Status != c.Status {
			t.Errorf("ball %d: position, state, last report, configuration or status differ", b.ID)
		}
		if !reflect.DeepEqual(b.Trail.Pts, c.Trail.Pts) || b.Trail.Stride != c.Trail.Stride {
			t.Errorf("ball %d: trail differs (%d points, stride %d; restored %d, %d)", b.ID, len(b.Trail.Pts), b.Trail.Stride, len(c.Trail.Pts), c.Trail.Stride)
		}
		if !reflect.DeepEqual(*b, *c) {
			t.Errorf("ball %d: restored %+v, want %+v", b.ID, *c, *b)
		}
	}
	if r.Query() != w.Query() || r.Speed != w.Speed || r.Cam != w.Cam || r.Paused != w.Paused || !reflect.DeepEqual(r.Guesses, w.Guesses) || r.Selected != w.Selected {
		t.Errorf("restored world %q, want %q", r.Query(), w.Query())
	}
	do(t, w, sim.Step{N: 50})
	do(t, r, sim.Step{N: 50})
	for i, b := range w.Balls {
		if c := r.Balls[i]; b.Pos != c.Pos || b.Steps() != c.Steps() {
			t.Errorf("50 steps on, ball %d is at %v (%d steps), restored at %v (%d steps)", b.ID, b.Pos, b.Steps(), c.Pos, c.Steps())
		}
	}
	// New balls get fresh ids in both.
	a, b := &sim.Drop{At: optim.Vec{0, 0}}, &sim.Drop{At: optim.Vec{0, 0}}
	do(t, w, a)
	do(t, r, b)
	if a.Group != b.Group || w.Balls[len(w.Balls)-1].ID != r.Balls[len(r.Balls)-1].ID {
		t.Errorf("a drop after the round trip: group %d vs %d", a.Group, b.Group)
	}
}

// TestRestoreRefusesBadData: a snapshot that is not one is refused and the
// world stays as it was.
func TestRestoreRefusesBadData(t *testing.T) {
	w := world(t, "opt=gd&balls=1,1")
	q := w.Query()
	for _, data := range [][]byte{nil, []byte("junk"), make([]byte, 64)} {
		err, panicked := restoreSnapshot(w, data)
		if panicked != nil {
			t.Errorf("Restore of %d bytes panicked: %v", len(data), panicked)
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "snapshot: ") {
			t.Errorf("Restore of %d bytes: %v", len(data), err)
		}
		if w.Query() != q || len(w.Balls) != 1 {
			t.Errorf("a refused Restore changed the world")
		}
	}
	data := w.Snapshot()
	for _, n := range []int{1, len(data) / 2, len(data) - 1} {
		if err, panicked := restoreSnapshot(w, data[:n]); panicked != nil || err == nil {
			t.Errorf("Restore of the first %d of %d bytes: %v, panic %v", n, len(data), err, panicked)
		}
	}
}

// csvRows splits CSV() into its comment lines, header and rows.
func csvRows(t *testing.T, csv string) (comments []string, rows [][]string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(csv, "\n"), "\n")
	i := 0
	for i < len(lines) && strings.HasPrefix(lines[i], "#") {
		comments = append(comments, lines[i])
		i++
	}
	if i >= len(lines) || lines[i] != sim.CSVHeader {
		t.Fatalf("CSV has no header after %d comment lines: %.200q", i, csv)
	}
	cols := len(strings.Split(sim.CSVHeader, ","))
	for _, l := range lines[i+1:] {
		r := strings.Split(l, ",")
		if len(r) != cols {
			t.Fatalf("row %q has %d columns, the header %d", l, len(r), cols)
		}
		rows = append(rows, r)
	}
	return comments, rows
}

func col(t *testing.T, row []string, name string) string {
	t.Helper()
	for i, h := range strings.Split(sim.CSVHeader, ",") {
		if h == name {
			return row[i]
		}
	}
	t.Fatalf("no column %q", name)
	return ""
}

func colNum(t *testing.T, row []string, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(col(t, row, name), 64)
	if err != nil {
		t.Fatalf("column %s of %v: %v", name, row, err)
	}
	return v
}

func TestCSV(t *testing.T) {
	w := world(t, "opt=gd,adam")
	do(t, w, &sim.Drop{At: optim.Vec{-2, -2}})
	do(t, w, sim.Step{N: 3})
	comments, rows := csvRows(t, w.CSV())
	if len(comments) != 0 {
		t.Errorf("comments without a thinned trail: %q", comments)
	}
	want := 0
	for _, b := range w.Balls {
		want += len(b.Trail.Pts)
		if last := b.Trail.Pts[len(b.Trail.Pts)-1]; int(last.Step) != b.Steps() {
			want++ // the current position
		}
	}
	if len(rows) != want {
		t.Fatalf("%d rows, want one per trail point plus the current positions: %d", len(rows), want)
	}
	gd := w.Balls[0]
	var gdRows [][]string
	for _, r := range rows {
		if col(t, r, "ball") == strconv.Itoa(gd.ID) {
			gdRows = append(gdRows, r)
		}
	}
	if len(gdRows) != 4 || col(t, gdRows[0], "optimizer") != "gd" {
		t.Fatalf("GD ball's rows: %v", gdRows)
	}
	// The first row is the start, the second the first GD step, by hand.
	if colNum(t, gdRows[0], "step") != 0 || colNum(t, gdRows[0], "w") != -2 || colNum(t, gdRows[0], "b") != -2 {
		t.Errorf("first row %v, want the start (-2, -2) at step 0", gdRows[0])
	}
	surf, err := surfaces.New("neuron", "")
	if err != nil {
		t.Fatal(err)
	}
	cfg := optim.Defaults(optim.GD)
	if lr, ok := surf.Info().LR["gd"]; ok {
		cfg.LR = lr
	}
	if cfg != gd.Cfg {
		t.Fatalf("the GD ball's configuration %+v, not the defaults on the neuron %+v", gd.Cfg, cfg)
	}
	var st optim.State
	x1 := optim.Step(&cfg, &st, optim.Vec{-2, -2}, surf, nil)
	dw, db := surf.Grad(-2, -2, nil)
	if byHand := (optim.Vec{-2 - cfg.LR*dw, -2 - cfg.LR*db}); x1 != byHand {
		t.Errorf("optim.Step gave %v, w - eta*g is %v", x1, byHand)
	}
	if colNum(t, gdRows[1], "step") != 1 || colNum(t, gdRows[1], "w") != x1[0] || colNum(t, gdRows[1], "b") != x1[1] {
		t.Errorf("second row %v, want the first step to %v", gdRows[1], x1)
	}
	if colNum(t, gdRows[1], "loss") != surf.Loss(x1[0], x1[1], nil) {
		t.Errorf("second row's loss %v, the loss there %v", col(t, gdRows[1], "loss"), surf.Loss(x1[0], x1[1], nil))
	}
	if gw, gb := surf.Grad(x1[0], x1[1], nil); colNum(t, gdRows[1], "dw") != gw || colNum(t, gdRows[1], "db") != gb {
		t.Errorf("second row's gradient %s,%s, want %v,%v", col(t, gdRows[1], "dw"), col(t, gdRows[1], "db"), gw, gb)
	}
	if colNum(t, gdRows[0], "lr") != cfg.LR || col(t, gdRows[0], "batch") != "0" || col(t, gdRows[0], "beta1") != "" {
		t.Errorf("GD's hyperparameter columns: %v", gdRows[0])
	}
	last := gdRows[len(gdRows)-1]
	if colNum(t, last, "w") != gd.Pos[0] || colNum(t, last, "b") != gd.Pos[1] || colNum(t, last, "step") != float64(gd.Steps()) {
		t.Errorf("last row %v, want where the ball is now %v", last, gd.Pos)
	}
	adamRow := rows[len(gdRows)]
	if col(t, adamRow, "optimizer") != "adam" || colNum(t, adamRow, "beta1") != 0.9 || colNum(t, adamRow, "beta2") != 0.999 {
		t.Errorf("Adam's first row %v", adamRow)
	}

	// A thinned trail: a comment line before the table says so, and the
	// rows are every k-th step, then where the ball is now.
	long := world(t, "opt=gd&lr=0.1")
	do(t, long, &sim.Drop{At: optim.Vec{-2, -2}})
	do(t, long, sim.Step{N: 1101})
	b := long.Balls[0]
	if b.Trail.Stride < 2 || b.Steps() != 1101 {
		t.Fatalf("after 1101 steps: stride %d, %d steps", b.Trail.Stride, b.Steps())
	}
	comments, rows = csvRows(t, long.CSV())
	if len(comments) != 1 || !strings.HasPrefix(comments[0], "# ball "+strconv.Itoa(b.ID)+": ") || !strings.Contains(comments[0], "thinned") || !strings.Contains(comments[0], strconv.Itoa(b.Trail.Stride)) {
		t.Errorf("comment lines %q", comments)
	}
	if len(rows) != len(b.Trail.Pts)+1 {
		t.Errorf("%d rows for %d trail points and the current position", len(rows), len(b.Trail.Pts))
	}
	for i, r := range rows[:len(rows)-1] {
		if s := int(colNum(t, r, "step")); s%b.Trail.Stride != 0 || (i > 0 && s <= int(colNum(t, rows[i-1], "step"))) {
			t.Errorf("row %d at step %d, stride %d", i, s, b.Trail.Stride)
			break
		}
	}
	if last := rows[len(rows)-1]; colNum(t, last, "step") != 1101 || colNum(t, last, "w") != b.Pos[0] {
		t.Errorf("last row %v, want step 1101 at %v", last, b.Pos)
	}
}

// commandsTested are the commands this file drives; a command added to
// commands.go without a test here fails TestEveryCommandIsTested.
var commandsTested = []string{
	"Drop", "DropGrid", "AddBall", "MoveStart", "Select", "Remove", "RemoveSelected", "RemoveGroup", "Clear", "Restart",
	"Play", "Pause", "TogglePause", "Step", "SpeedBy", "Orbit", "Zoom", "ResetView", "ResetCamera", "ResetFrame",
	"ZoomMap", "PanMap", "FitPaths", "SetMode", "Guess", "RecordGuess", "GuessKey", "RandomSearch", "Sweep", "FineSweep",
	"StartQuiz", "Answer", "Set", "Key", "Restore", "EnterScene", "NextScene", "PrevScene", "Tour",
	"MapCursor", "MapDrop", // convmap_test.go and TestKeys (the arrows, Enter)
}

// TestEveryCommandIsTested reads commands.go for the types with a do
// method (the commands) and checks each is in commandsTested.
func TestEveryCommandIsTested(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "commands.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	tested := map[string]bool{}
	for _, name := range commandsTested {
		tested[name] = true
	}
	found := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || fd.Name.Name != "do" || len(fd.Recv.List) != 1 {
			continue
		}
		typ := fd.Recv.List[0].Type
		if s, ok := typ.(*ast.StarExpr); ok {
			typ = s.X
		}
		id, ok := typ.(*ast.Ident)
		if !ok || !id.IsExported() {
			continue
		}
		found++
		if !tested[id.Name] {
			t.Errorf("command %s (commands.go) has no test: drive it here and add it to commandsTested", id.Name)
		}
	}
	if found < len(commandsTested)/2 {
		t.Fatalf("found only %d commands in commands.go", found)
	}
}
