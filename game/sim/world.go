// Package sim is Downhill's world: the surface, the balls that roll on it,
// the exercises and the lecture's scenes, and the commands that change them.
// It knows nothing of pixels or devices.
//
// Every change to a World is a Command handled by World.Do: the canvas
// (game/control's Controller turns pointer input into commands), the keys
// (Key), window.downhill and a host page's messages (wasm/ decodes their
// arguments into commands), the URL (Set), the control panel (through
// window.downhill) and the tour's scenes (EnterScene) all enter there, and
// every user value is checked there, once, against the settings stated next
// to the fields they govern (Settings, optim.Hyperparameters). Time passes
// through Tick. The views only read a World: its exported fields are for
// reading, and nothing outside this package assigns them (a test checks).
//
// A World is not safe for concurrent use; its owner (the game) serializes
// access.
package sim

import (
	"fmt"
	"math"
	"strconv"

	"downhill/optim"
	"downhill/surfaces"
)

// TPS is the number of ticks per second the game calls Tick at.
const TPS = 60

// Defaults of the world's settings (their ranges are in Settings).
const (
	DefaultSpeed    = 30   // steps per second
	DefaultMaxSteps = 2000 // steps before a ball stops
	MaxStepsPerTick = 2000 // cap on the steps one tick takes, whatever the speed
)

// MaxBalls is the most balls a world holds, whichever way they come (a
// click, balls=, addBall, a sweep, a grid, a scene): chosen from the
// browser benchmark, where 2,000 rolling balls with their trails still draw
// at a usable frame rate on two CPUs without a GPU. A drop past it is
// refused with an error that names it; the balls already there keep
// rolling.
const MaxBalls = 2000

// World is the surface and the balls on it. Its exported fields are for
// reading: change them with Do.
type World struct {
	Surf surfaces.Surface
	Info *surfaces.Info
	// F is the expression of the custom surface ("" otherwise).
	F string
	// SurfaceGen changes whenever the surface does, so views can cache.
	SurfaceGen int
	// Box is the part of the (w, b) plane the contour map and the 3D view
	// show (the 2D framing): the surface's box unless zoomed, panned or
	// fitted to the paths. BoxGen changes with it.
	Box    surfaces.Box
	BoxGen int

	Balls  []*Ball
	Paused bool
	// Speed is the number of optimizer steps per second while playing
	// (below 1 for a slow class demonstration).
	Speed float64
	// MaxSteps stops a ball after that many steps.
	MaxSteps int
	// Enabled lists the optimizers a drop creates balls for, in order.
	Enabled []optim.Rule
	// Cam is the 3D view's camera, kept here so it can be shared in a URL
	// and set from JS; always clamped.
	Cam Camera
	// Grid draws grid lines on the 3D surface.
	Grid bool
	// Spin turns the 3D view by that many radians per second (0: still),
	// for a lecture's ambient demo and the benchmark.
	Spin float64
	// Views lists the pictures shown, in order; Present enlarges text and
	// lines for a projector.
	Views   []View
	Present bool
	// Main is the view a frame too small for all of Views keeps first (a
	// scene names the one that carries its point); the others are offered
	// beside it.
	Main View
	// Title and Caption are a lecturer's own words for the figure (title=,
	// caption=): plain text, shown like a scene's and kept by Query.
	Title, Caption string
	// Ticks counts calls to Tick.
	Ticks int
	// Selected is the id of the ball the fit view and the readouts follow
	// (0: none): the latest dropped, or the one clicked.
	Selected int
	// Cursor is the keyboard's point on the contour map (the arrows move
	// it, Enter drops a race there); Focus is the object the keys act on
	// (focus.go). Asked counts the requests for the figure's summary in
	// words (Speak).
	Cursor optim.Vec
	Focus  Focus
	Asked  int
	// Sound plays the selected ball's loss as pitch (the page's Web
	// Audio); Heard counts the requests to play its whole loss curve.
	Sound bool
	Heard int

	// Mode says what a click does and which exercise is shown.
	Mode Mode
	// Guess work (5.1): the hand-placed point and the table of tries.
	Guess     optim.Vec
	HaveGuess bool
	Guesses   []GuessRow
	// Random search (5.1): the points sampled, the best one's index (-1:
	// none); SearchGen changes with every search. Seed seeds the next
	// search and quiz; each one moves it on.
	Search     []Sample
	SearchBest int
	SearchGen  int
	SearchSeed uint64
	Seed       uint64
	// Learning-rate sweep (5.7): one row per eta, and what it ran.
	SweepRows  []SweepRow
	SweepRule  optim.Rule
	SweepStart optim.Vec
	SweepSteps int
	SweepGen   int
	// Quiz (5.3): the surfaces offered and the one shown.
	Quiz Quiz
	// Convergence map (mode=map): the map of the enabled optimizers (up to
	// MaxMapRules), computed a slice per tick while it is shown; MapGrid is
	// its side in cells; MapCursor the cell Enter drops a ball at (i along
	// w, j along b), moved by the arrow keys and set by a click.
	Map       ConvMap
	MapGrid   int
	MapCursor [2]int
	// MapEtas, when set (mapEtas=), makes the map a learning-rate sweep:
	// one panel per eta (up to MaxMapRules) of the first enabled
	// optimizer, and a drop on the map one ball per eta.
	MapEtas []float64

	// The lecture's tour: the scene shown (-1: none) and whether the tour
	// (Previous / Next) is on.
	Scene int
	Tour  bool

	// Changes counts the changes a reader would notice (a command's, or a
	// ball that converged, stopped or diverged); Reason says what the
	// latest was ("drop", "settings", "diverged", ...).
	Changes uint64
	Reason  string
	// Refusal is the latest refusal of a command the world was not
	// Called with (what the canvas asked), and RefusedAt its tick: the
	// canvas shows it for a while (Notice). It is not part of a snapshot.
	Refusal   string
	RefusedAt int

	obj       optim.Objective
	cfg       [optim.NumRules]optim.Config // what a new ball of each rule gets
	hyper     []SetHyper                   // hyperparameter overrides, in order
	depth     int                          // Do's nesting: commands made of commands
	acc       float64                      // fractional steps owed
	nextID    int
	nextGroup int
	free      []*Ball // removed balls, reused to keep their trail memory
	probe     Ball    // a sweep's fresh runs, outside the world
	// edits counts the commands that changed the set-up (not play, pause,
	// step or select); sceneEdits is its value once the scene was entered,
	// so Query knows a scene left as it was.
	edits, sceneEdits uint64
}

// New returns a world showing the lecture's neuron surface, no balls.
func New() *World {
	w := &World{Speed: DefaultSpeed, MaxSteps: DefaultMaxSteps, Enabled: []optim.Rule{optim.GD},
		Cam: DefaultCamera(), Grid: true, Views: AllViews, Main: ViewContour, SearchBest: -1, Seed: 1, Scene: -1, MapGrid: DefaultMapGrid}
	s, err := surfaces.New("neuron", "")
	if err != nil {
		panic(err) // the built-in surface always exists
	}
	w.setSurface(s, "")
	return w
}

// NewFromQuery returns a new world with the settings of a URL query
// applied (as a page starts), its searches and quizzes seeded with seed, and
// the settings it refused.
func NewFromQuery(q string, seed uint64) (*World, []error) {
	w := New()
	w.Seed = seed
	c := &Set{Params: ParseQuery(q)}
	w.Do(Called{c})
	return w, c.Errs
}

func (w *World) setSurface(s surfaces.Surface, f string) {
	w.Surf = s
	w.obj = s
	w.Info = s.Info()
	w.F = f
	w.SurfaceGen++
	w.setBox(w.Info.Box)
	w.reset()
	w.resetCursor()
	w.deriveConfigs()
	// What was found on the old surface means nothing on the new one.
	w.clearSearch()
	w.Guesses = w.Guesses[:0]
	w.HaveGuess = false
	w.SweepRows = w.SweepRows[:0]
	if w.Mode == ModeQuiz || w.Mode == ModeSweep {
		w.Mode = ModeRoll
	}
}

// Loss returns the full-batch loss at (x, y).
func (w *World) Loss(x, y float64) float64 { return w.Surf.Loss(x, y, nil) }

// Grad returns the full-batch gradient at (x, y).
func (w *World) Grad(x, y float64) (float64, float64) { return w.Surf.Grad(x, y, nil) }

// Ball returns the ball with the given id, or nil.
func (w *World) Ball(id int) *Ball {
	for _, b := range w.Balls {
		if b.ID == id {
			return b
		}
	}
	return nil
}

// Rolling returns the number of balls still moving.
func (w *World) Rolling() int {
	n := 0
	for _, b := range w.Balls {
		if b.Status == Rolling {
			n++
		}
	}
	return n
}

// changed records a change a reader would notice.
func (w *World) changed(reason string) {
	w.Changes++
	w.Reason = reason
}

// edited counts a change of the set-up (what a link recreates).
func (w *World) edited(reason string) {
	switch reason {
	case "play", "pause", "step", "select", "words", "":
		return
	}
	w.edits++
}

// MaxWork is the most ball-steps one command takes at once (about two
// seconds of a browser's time): more would freeze the page.
const MaxWork = 20_000_000

// workable checks that n steps of every ball stay within MaxWork.
func (w *World) workable(field string, n int) error {
	if n > 0 && len(w.Balls) > 0 && n > MaxWork/len(w.Balls) {
		return &optim.Error{Field: field, Value: strconv.Itoa(n), Problem: "steps of " + strconv.Itoa(len(w.Balls)) + " balls are too much at once",
			Accepted: "at most " + strconv.Itoa(MaxWork) + " ball-steps, here " + strconv.Itoa(MaxWork/len(w.Balls)) + " steps"}
	}
	return nil
}

// room checks that n more balls fit.
func (w *World) room(n int) error {
	if len(w.Balls)+n > MaxBalls {
		return &optim.Error{Field: "balls", Problem: fmt.Sprintf("%d balls would be more than the %d a page holds", len(w.Balls)+n, MaxBalls),
			Accepted: fmt.Sprintf("at most %d balls; remove some (c clears them)", MaxBalls)}
	}
	return nil
}

// startable checks that a ball can start at p: a finite point not too far
// out, where the loss is defined.
func (w *World) startable(field string, p optim.Vec) error {
	if !p.Finite() || math.Abs(p[0]) > maxCoord || math.Abs(p[1]) > maxCoord {
		return &optim.Error{Field: field, Value: fmtPoint(p), Problem: "is not a starting point", Accepted: "two finite numbers w, b with |w|, |b| <= 1e6"}
	}
	if l := w.Loss(p[0], p[1]); !finite(l) {
		return &optim.Error{Field: field, Problem: "undefined at " + fmtPoint(p) + ": the loss is not a number there",
			Accepted: "a point where L(w, b) is defined"}
	}
	if gw, gb := w.Grad(p[0], p[1]); !finite(gw) || !finite(gb) {
		return &optim.Error{Field: field, Problem: "undefined at " + fmtPoint(p) + ": the gradient is not a number there",
			Accepted: "a point where L(w, b) has a gradient"}
	}
	return nil
}

// maxCoord bounds the coordinates of a starting point.
const maxCoord = 1e6

func fmtPoint(p optim.Vec) string {
	return "(" + fmtNum(p[0]) + ", " + fmtNum(p[1]) + ")"
}

// addBall puts a ball at start that rolls by cfg, and returns it. The
// caller has checked room, the start and cfg.
func (w *World) addBall(start optim.Vec, cfg optim.Config, group int) *Ball {
	var b *Ball
	if n := len(w.free); n > 0 {
		b = w.free[n-1]
		w.free = w.free[:n-1]
		trail := b.Trail
		*b = Ball{Trail: trail}
	} else {
		b = &Ball{}
	}
	w.nextID++
	b.ID = w.nextID
	b.Group = group
	b.Cfg = cfg
	b.Color = Palette[cfg.Rule]
	b.Label = cfg.Rule.Title()
	w.restart(b, start)
	w.Balls = append(w.Balls, b)
	w.Selected = b.ID
	return b
}

// restart puts b back at start with a fresh optimizer state.
func (w *World) restart(b *Ball, start optim.Vec) {
	b.Start = start
	b.Pos = start
	b.St = optim.State{}
	b.Last = optim.Report{}
	b.Status = Rolling
	b.DivergedAt, b.DivergedLR, b.Why = 0, 0, ""
	b.Trail.reset()
	b.Loss = w.Surf.Loss(start[0], start[1], nil)
	gw, gb := w.Surf.Grad(start[0], start[1], nil)
	b.GradNorm = math.Hypot(gw, gb)
	if !finite(b.Loss) {
		// Only a programmer can get here: drops are checked (startable).
		w.diverge(b, "undefined")
		b.Loss = 0
		return
	}
	b.Trail.add(start[0], start[1], b.Loss, 0)
	w.checkStop(b)
}

// drop puts one ball for each enabled optimizer at start, sharing one start
// marker (the lecture's race), and returns the group's id.
func (w *World) drop(start optim.Vec) (int, error) {
	if err := w.startable("start", start); err != nil {
		return 0, err
	}
	if w.Mode == ModeMap && len(w.MapEtas) > 0 {
		return w.dropEtas(start)
	}
	if err := w.room(len(w.Enabled)); err != nil {
		return 0, err
	}
	w.nextGroup++
	first := 0
	for _, r := range w.Enabled {
		b := w.addBall(start, w.cfg[r], w.nextGroup)
		if first == 0 {
			first = b.ID
		}
	}
	w.Selected = first
	return w.nextGroup, nil
}

// dropGrid drops n races on a grid spread evenly over the surface's box
// (the benchmark's many balls).
func (w *World) dropGrid(n int) error {
	if err := w.room(n * len(w.Enabled)); err != nil {
		return err
	}
	side := int(math.Ceil(math.Sqrt(float64(n))))
	box := w.Info.Box
	k := 0
	for i := 0; i < side && k < n; i++ {
		for j := 0; j < side && k < n; j++ {
			p := optim.Vec{
				box.WMin + (float64(i)+0.5)/float64(side)*(box.WMax-box.WMin),
				box.BMin + (float64(j)+0.5)/float64(side)*(box.BMax-box.BMin),
			}
			if w.startable("start", p) == nil {
				w.drop(p)
			}
			k++
		}
	}
	return nil
}

// remove takes the ball with the given id away; it reports whether it
// existed.
func (w *World) remove(id int) bool {
	for i, b := range w.Balls {
		if b.ID == id {
			copy(w.Balls[i:], w.Balls[i+1:])
			w.Balls[len(w.Balls)-1] = nil
			w.Balls = w.Balls[:len(w.Balls)-1]
			w.free = append(w.free, b)
			if w.Selected == id {
				w.Selected = 0
				if n := len(w.Balls); n > 0 {
					w.Selected = w.Balls[n-1].ID
				}
			}
			w.fixFocus()
			return true
		}
	}
	return false
}

// removeGroup removes every ball of group g.
func (w *World) removeGroup(g int) {
	for i := len(w.Balls) - 1; i >= 0; i-- {
		if b := w.Balls[i]; b.Group == g {
			w.remove(b.ID)
		}
	}
}

// reset removes every ball.
func (w *World) reset() {
	for i, b := range w.Balls {
		w.free = append(w.free, b)
		w.Balls[i] = nil
	}
	w.Balls = w.Balls[:0]
	w.Selected = 0
	w.Focus = Focus{}
	w.acc = 0
}

// restartAll puts every ball back at its start, keeping its optimizer.
func (w *World) restartAll() {
	for _, b := range w.Balls {
		w.restart(b, b.Start)
	}
	w.acc = 0
}

// moveStart moves the start of every ball of group g to start and re-runs
// them at once until they stop (converge, diverge or reach MaxSteps), so a
// dragged start marker shows the whole path from its new place.
func (w *World) moveStart(g int, start optim.Vec) error {
	if err := w.startable("start", start); err != nil {
		return err
	}
	n := 0
	for _, b := range w.Balls {
		if b.Group == g {
			n++
		}
	}
	for _, b := range w.Balls {
		if b.Group == g {
			w.restart(b, start)
			// At once, within MaxWork: a longer run goes on rolling.
			for k := 0; b.Status == Rolling && k < MaxWork/max(n, 1); k++ {
				w.stepBall(b)
			}
		}
	}
	return nil
}

// step advances every rolling ball n steps, whether paused or not.
func (w *World) step(n int) {
	for i := 0; i < n; i++ {
		for _, b := range w.Balls {
			if b.Status == Rolling {
				w.stepBall(b)
			}
		}
	}
}

// Tick advances the world by one game tick: while playing, Speed/TPS steps
// (fractions carried to the next tick), the camera's spin, and, while the
// convergence map is shown, a slice of its work (MapTickBudget, played or
// paused). It is the world's clock, the one change that is not a Command.
func (w *World) Tick() {
	w.Ticks++
	if w.Mode == ModeMap {
		w.updateMap(MapTickBudget)
	}
	if w.Spin != 0 {
		w.Cam.Yaw = wrapAngle(w.Cam.Yaw + w.Spin/TPS)
	}
	if w.Paused {
		return
	}
	w.acc += w.Speed / TPS
	n := int(w.acc + 1e-9) // 120 ticks of 0.5/60 must make one step

	w.acc -= float64(n)
	if n > MaxStepsPerTick {
		n = MaxStepsPerTick
	}
	if n > 0 {
		w.step(n)
	}
}

// farOut is how far outside its box, in box widths, a ball may go before
// it counts as diverged.
const farOut = 10

func (w *World) stepBall(b *Ball) {
	x, loss, g, why := w.advance(w.obj, &b.Cfg, &b.St, b.Pos, &b.Last)
	if why != "" {
		w.diverge(b, why)
		return
	}
	b.Pos = x
	b.Loss = loss
	b.GradNorm = g
	b.Trail.add(x[0], x[1], loss, b.St.T)
	w.checkStop(b)
}

// lossGrader is a surface that gives its full-batch loss and gradient in
// one pass (the data sets: one sigmoid per point for both).
type lossGrader interface {
	LossGrad(w, b float64) (loss, dw, db float64)
}

// advance takes one step of the optimizer cfg with state st from pos on
// the surface: the new position, its full-batch loss and gradient norm,
// or why the run diverged there (a ball's step and a map's cell share it,
// so a cell says what a ball dropped there does).
func (w *World) advance(obj optim.Objective, cfg *optim.Config, st *optim.State, pos optim.Vec, rep *optim.Report) (x optim.Vec, loss, gnorm float64, why string) {
	x = optim.Step(cfg, st, pos, obj, rep)
	if !x.Finite() {
		return x, 0, 0, nonFinite(x[0], x[1])
	}
	box := w.Info.Box
	sw, sb := box.WMax-box.WMin, box.BMax-box.BMin
	if x[0] < box.WMin-farOut*sw || x[0] > box.WMax+farOut*sw || x[1] < box.BMin-farOut*sb || x[1] > box.BMax+farOut*sb {
		return x, 0, 0, "left the box"
	}
	var gw, gb float64
	if lg, ok := obj.(lossGrader); ok {
		loss, gw, gb = lg.LossGrad(x[0], x[1])
	} else {
		loss = obj.Loss(x[0], x[1], nil)
		gw, gb = obj.Grad(x[0], x[1], nil)
	}
	if !finite(loss) {
		return x, 0, 0, "the loss is undefined there"
	}
	if g := math.Hypot(gw, gb); !finite(g) {
		return x, 0, 0, "the gradient is undefined there"
	}
	return x, loss, math.Hypot(gw, gb), ""
}

func (w *World) checkStop(b *Ball) {
	limit := w.MaxSteps
	if b.Limit > 0 && b.Limit < limit {
		limit = b.Limit
	}
	was := b.Status
	switch {
	case b.GradNorm < ConvergedNorm:
		b.Status = Converged
	case b.St.T >= limit:
		b.Status = StepLimit
	}
	if b.Status != was && b.St.T > 0 && b.ID != 0 { // not a sweep's probe
		if b.Status == Converged {
			w.changed("converged")
		} else {
			w.changed("stopped")
		}
	}
}

// diverge stops b where it was, remembering the step and eta that did it.
func (w *World) diverge(b *Ball, why string) {
	b.Status = Diverged
	b.DivergedAt = b.St.T
	b.DivergedLR = b.Last.LR
	b.Why = why
	if b.ID != 0 { // not a sweep's probe
		w.changed("diverged")
	}
}

func nonFinite(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) {
		return "NaN"
	}
	return "Inf"
}
