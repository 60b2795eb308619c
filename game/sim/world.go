// Package sim is Downhill's world: the surface, the balls that roll on it and
// the commands that change them. It knows nothing of pixels or devices: input
// from the mouse, the keyboard and JavaScript becomes calls on a World, and the
// views only read it. A World is not safe for concurrent use; its owner (the
// game) serializes access.
package sim

import (
	"fmt"
	"math"

	"downhill/optim"
	"downhill/surfaces"
)

// RGB is an opaque 8-bit colour.
type RGB [3]uint8

// Hex returns the colour as "#rrggbb".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]) }

// Palette gives each optimizer its colour: the lecture's GD black, momentum
// red and NAG blue, then colour-blind-safe hues of the Okabe-Ito palette.
var Palette = [optim.NumRules]RGB{
	optim.GD:         {0x00, 0x00, 0x00}, // black
	optim.Momentum:   {0xd5, 0x1e, 0x00}, // red (vermillion)
	optim.NAG:        {0x00, 0x62, 0xc8}, // blue
	optim.LineSearch: {0xcc, 0x79, 0xa7}, // reddish purple
	optim.Adagrad:    {0x00, 0x9e, 0x73}, // bluish green
	optim.RMSProp:    {0xe6, 0x9f, 0x00}, // orange
	optim.Adam:       {0x56, 0xb4, 0xe9}, // sky blue
	optim.NAdam:      {0xf0, 0xe4, 0x42}, // yellow
	optim.AMSGrad:    {0x99, 0x99, 0x99}, // grey
	optim.Newton:     {0xff, 0xff, 0xff}, // white
}

// TPS is the number of ticks per second the game calls Tick at.
const TPS = 60

// Defaults of the world's settings.
const (
	DefaultSpeed    = 30   // steps per second
	DefaultMaxSteps = 2000 // steps before a ball stops
	MaxStepsPerTick = 2000 // cap on the steps one tick takes, whatever the speed
)

// World is the surface and the balls on it.
type World struct {
	Surf surfaces.Surface
	Info *surfaces.Info
	// F is the expression of the custom surface ("" otherwise).
	F string
	// SurfaceGen changes whenever the surface does, so views can cache.
	SurfaceGen int

	Balls  []*Ball
	Paused bool
	// Speed is the number of optimizer steps per second while playing
	// (below 1 for a slow class demonstration).
	Speed float64
	// MaxSteps stops a ball after that many steps.
	MaxSteps int
	// Enabled lists the optimizers a drop creates balls for, in order.
	Enabled []optim.Rule
	// Cam is the 3D view's camera (yaw, pitch in radians, zoom), kept here
	// so it can be shared in a URL and set from JS.
	Cam Camera
	// NoGrid hides the 3D surface's grid lines.
	NoGrid bool
	// Spin turns the 3D view by that many radians per second (0: still),
	// for a lecture's ambient demo and the benchmark.
	Spin float64
	// Ticks counts calls to Tick.
	Ticks int
	// Selected is the id of the ball the fit view and the readouts follow
	// (0: none): the latest dropped, or the one clicked.
	Selected int

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
	Seed       uint64
	// Learning-rate sweep (5.7): one row per eta, and what it ran.
	SweepRows  []SweepRow
	SweepRule  optim.Rule
	SweepStart optim.Vec
	SweepSteps int
	SweepGen   int
	// Quiz (5.3): the surfaces offered and the one shown.
	Quiz Quiz

	obj       optim.Objective
	cfg       [optim.NumRules]optim.Config // what a new ball of each rule gets
	hyper     []Param                      // hyperparameter overrides, in order
	acc       float64                      // fractional steps owed
	nextID    int
	nextGroup int
	free      []*Ball // removed balls, reused to keep their trail memory
}

// Camera is the 3D view's orbit: angles in radians, Zoom 1 fits the box.
type Camera struct {
	Yaw, Pitch, Zoom float64
}

// DefaultCamera is the view the app starts with and a double click returns
// to: a three-quarter view from the (-w, -b) corner, 35 degrees above the
// plane (see view.Camera for the conventions).
var DefaultCamera = Camera{Yaw: -math.Pi / 4, Pitch: 35 * math.Pi / 180, Zoom: 1}

// New returns a world showing the lecture's neuron surface, paused off, no balls.
func New() *World {
	w := &World{Speed: DefaultSpeed, MaxSteps: DefaultMaxSteps, Enabled: []optim.Rule{optim.GD}, Cam: DefaultCamera, SearchBest: -1, Seed: 1}
	s, err := surfaces.New("neuron", "")
	if err != nil {
		panic(err) // the built-in surface always exists
	}
	w.setSurface(s, "")
	return w
}

func (w *World) setSurface(s surfaces.Surface, f string) {
	w.Surf = s
	w.obj = s
	w.Info = s.Info()
	w.F = f
	w.SurfaceGen++
	w.Reset()
	w.deriveConfigs()
	// What was found on the old surface means nothing on the new one.
	w.ClearSearch()
	w.Guesses = w.Guesses[:0]
	w.HaveGuess = false
	w.SweepRows = w.SweepRows[:0]
	if w.Mode == ModeQuiz || w.Mode == ModeSweep {
		w.Mode = ModeRoll
	}
}

// Config returns the configuration a new ball of rule r gets: the rule's
// defaults, the surface's recommended eta, then the overrides set so far.
func (w *World) Config(r optim.Rule) optim.Config { return w.cfg[r] }

func (w *World) deriveConfigs() {
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		c := optim.Defaults(r)
		if lr, ok := w.Info.LR[r.String()]; ok {
			c.LR = lr
		}
		if r == optim.LineSearch && w.Info.Etas != nil {
			// Where the lecture's etas all diverge, the surface's own set.
			c.NEtas = copy(c.Etas[:], w.Info.Etas)
		}
		for _, p := range w.hyper {
			if p.rule == allRules || p.rule == r {
				_ = applyHyper(&c, p.base, p.Val) // validated when set
			}
		}
		w.cfg[r] = c
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

// AddBall puts a ball at start that rolls by cfg, and returns it. cfg must
// be valid (see optim.Config.Validate).
func (w *World) AddBall(start optim.Vec, cfg optim.Config) *Ball {
	w.nextGroup++
	return w.addBall(start, cfg, w.nextGroup)
}

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
	if !start.Finite() || math.IsNaN(b.Loss) || math.IsInf(b.Loss, 0) {
		w.diverge(b, "NaN")
		return
	}
	b.Trail.add(start[0], start[1], b.Loss, 0)
	w.checkStop(b)
}

// Drop puts one ball for each enabled optimizer at start, sharing one start
// marker (the lecture's race), and returns the group's id.
func (w *World) Drop(start optim.Vec) int {
	w.nextGroup++
	first := 0
	for _, r := range w.Enabled {
		b := w.addBall(start, w.cfg[r], w.nextGroup)
		if first == 0 {
			first = b.ID
		}
	}
	w.Selected = first
	return w.nextGroup
}

// DropGrid drops n races on a grid spread evenly over the surface's box
// (the benchmark's many balls).
func (w *World) DropGrid(n int) {
	side := int(math.Ceil(math.Sqrt(float64(n))))
	box := w.Info.Box
	k := 0
	for i := 0; i < side && k < n; i++ {
		for j := 0; j < side && k < n; j++ {
			w.Drop(optim.Vec{
				box.WMin + (float64(i)+0.5)/float64(side)*(box.WMax-box.WMin),
				box.BMin + (float64(j)+0.5)/float64(side)*(box.BMax-box.BMin),
			})
			k++
		}
	}
}

// Remove takes the ball with the given id away; it reports whether it existed.
func (w *World) Remove(id int) bool {
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
			return true
		}
	}
	return false
}

// RemoveGroup removes every ball of group g.
func (w *World) RemoveGroup(g int) {
	for i := len(w.Balls) - 1; i >= 0; i-- {
		if b := w.Balls[i]; b.Group == g {
			w.Remove(b.ID)
		}
	}
}

// Reset removes every ball.
func (w *World) Reset() {
	for i, b := range w.Balls {
		w.free = append(w.free, b)
		w.Balls[i] = nil
	}
	w.Balls = w.Balls[:0]
	w.Selected = 0
	w.acc = 0
}

// Restart puts every ball back at its start, keeping its optimizer.
func (w *World) Restart() {
	for _, b := range w.Balls {
		w.restart(b, b.Start)
	}
	w.acc = 0
}

// MoveStart moves the start of every ball of group g to start and re-runs
// them at once until they stop (converge, diverge or reach MaxSteps), so a
// dragged start marker shows the whole path from its new place.
func (w *World) MoveStart(g int, start optim.Vec) {
	for _, b := range w.Balls {
		if b.Group == g {
			w.restart(b, start)
			for b.Status == Rolling {
				w.stepBall(b)
			}
		}
	}
}

// Step advances every rolling ball n steps, whether paused or not.
func (w *World) Step(n int) {
	for i := 0; i < n; i++ {
		for _, b := range w.Balls {
			if b.Status == Rolling {
				w.stepBall(b)
			}
		}
	}
}

// Tick advances the world by one game tick: while playing, Speed/TPS steps
// (fractions carried to the next tick).
func (w *World) Tick() {
	w.Ticks++
	if w.Spin != 0 {
		w.Cam.Yaw = math.Remainder(w.Cam.Yaw+w.Spin/TPS, 2*math.Pi)
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
		w.Step(n)
	}
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

// farOut is how far outside its box, in box widths, a ball may go before
// it counts as diverged.
const farOut = 10

func (w *World) stepBall(b *Ball) {
	x := optim.Step(&b.Cfg, &b.St, b.Pos, w.obj, &b.Last)
	if !x.Finite() {
		w.diverge(b, nonFinite(x[0], x[1]))
		return
	}
	box := w.Info.Box
	sw, sb := box.WMax-box.WMin, box.BMax-box.BMin
	if x[0] < box.WMin-farOut*sw || x[0] > box.WMax+farOut*sw || x[1] < box.BMin-farOut*sb || x[1] > box.BMax+farOut*sb {
		w.diverge(b, "left the box")
		return
	}
	loss := w.Surf.Loss(x[0], x[1], nil)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		w.diverge(b, nonFinite(loss, 0))
		return
	}
	gw, gb := w.Surf.Grad(x[0], x[1], nil)
	b.Pos = x
	b.Loss = loss
	b.GradNorm = math.Hypot(gw, gb)
	b.Trail.add(x[0], x[1], loss, b.St.T)
	w.checkStop(b)
}

func (w *World) checkStop(b *Ball) {
	limit := w.MaxSteps
	if b.Limit > 0 && b.Limit < limit {
		limit = b.Limit
	}
	switch {
	case b.GradNorm < ConvergedNorm:
		b.Status = Converged
	case b.St.T >= limit:
		b.Status = StepLimit
	}
}

// diverge stops b where it was, remembering the step and eta that did it.
func (w *World) diverge(b *Ball, why string) {
	b.Status = Diverged
	b.DivergedAt = b.St.T
	b.DivergedLR = b.Last.LR
	b.Why = why
}

func nonFinite(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) {
		return "NaN"
	}
	return "Inf"
}
