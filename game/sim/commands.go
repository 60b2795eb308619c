package sim

import (
	"strconv"
	"strings"

	"downhill/optim"
)

// Command is one change to the world, whichever way it came in: a click or
// a drag on the canvas, a key, a window.downhill call, a host page's
// message, the URL or a scene. World.Do applies it; every value a user gave
// is checked there and a refusal is an *optim.Error that names the field and
// what is accepted. Commands with a result (a new ball's id, a sweep's table)
// report it in their fields: pass those by pointer.
type Command interface {
	do(w *World) error
	// reason is what a host page's "change" event says of it ("" for
	// commands that change nothing a reader would notice as theirs).
	reason() string
}

// Do applies c to the world and returns its refusal, if any. A refused
// command changes nothing; Set is one command per key, each done or
// refused on its own, and its refusal joins theirs. Do is the one caller
// of a command's do: a command made of others (Key, Set, a scene's
// set-up) does them through Do, and only the outermost counts the change
// (Changes, Reason) and keeps its refusal as the world's notice (Notice),
// unless it is Called.
func (w *World) Do(c Command) error {
	w.depth++
	err := c.do(w)
	w.depth--
	if w.depth > 0 {
		return err
	}
	if err == nil {
		if r := c.reason(); r != "" {
			w.changed(r)
			w.edited(r)
		}
	} else if _, called := c.(Called); !called {
		w.Refusal, w.RefusedAt = err.Error(), w.Ticks
	}
	return err
}

// Called is a command whose caller hears its refusal itself: a
// window.downhill call throws it, the page lists the URL's. The world does
// it as Command; its refusal is not kept as the notice the canvas shows,
// which is for what the canvas asked.
type Called struct{ Command }

// NoticeTicks is how long the canvas shows a refusal (5 s).
const NoticeTicks = 5 * TPS

// Notice returns the latest refusal of a command the world was not Called
// with (the canvas's: a drop where the loss is undefined, a ball past the
// limit) while it is fresh, NoticeTicks from its tick; "" otherwise.
func (w *World) Notice() string {
	if w.Refusal == "" || w.Ticks-w.RefusedAt > NoticeTicks {
		return ""
	}
	return w.Refusal
}

// Drop puts a race at At: one ball for each enabled optimizer, sharing a
// start marker. Group reports the drop's group.
type Drop struct {
	At    optim.Vec
	Group int
}

func (c *Drop) do(w *World) (err error) { c.Group, err = w.drop(c.At); return err }
func (*Drop) reason() string            { return "drop" }

// DropGrid drops N races on a grid over the surface's box.
type DropGrid struct{ N int }

func (c DropGrid) do(w *World) error {
	if c.N < 0 || c.N > MaxBalls {
		return &optim.Error{Field: "n", Value: strconv.Itoa(c.N), Problem: "is out of range", Accepted: "0 to " + strconv.Itoa(MaxBalls)}
	}
	return w.dropGrid(c.N)
}
func (DropGrid) reason() string { return "drop" }

// AddBall puts one ball at Start that rolls by Rule (an optimizer's short
// name; empty: the first enabled), with the world's current settings for it
// and Params (hyperparameter keys without prefix, e.g. "lr", and "color",
// a name from the palette) on top. ID reports the new ball's id.
type AddBall struct {
	Start  optim.Vec
	Rule   string
	Params []Param
	ID     int
}

func (c *AddBall) do(w *World) error {
	r := w.Enabled[0]
	if c.Rule != "" {
		var err error
		if r, err = optim.ParseRule(c.Rule); err != nil {
			return optim.Renamed(err, "optimizer")
		}
	}
	color := Palette[r]
	var hyper []Param
	label := r.Title()
	for _, p := range c.Params {
		if p.Key == "color" {
			var ok bool
			if color, ok = colorByName(p.Val); !ok {
				return &optim.Error{Field: "color", Value: p.Val, Problem: "is not a colour of the palette", Accepted: strings.Join(colorNames(), ", ")}
			}
			continue
		}
		hyper = append(hyper, p)
		label += " " + p.Key + "=" + p.Val
	}
	cfg, err := w.ballConfig(r, hyper)
	if err != nil {
		return err
	}
	if err := w.startable("start", c.Start); err != nil {
		return err
	}
	if err := w.room(1); err != nil {
		return err
	}
	w.nextGroup++
	b := w.addBall(c.Start, cfg, w.nextGroup)
	b.Color, b.Label = color, label
	c.ID = b.ID
	return nil
}
func (*AddBall) reason() string { return "drop" }

// MoveStart moves a drop's start marker to To; its balls re-run from there
// at once, to the step limit.
type MoveStart struct {
	Group int
	To    optim.Vec
}

func (c MoveStart) do(w *World) error { return w.moveStart(c.Group, c.To) }
func (MoveStart) reason() string      { return "drag" }

// Select makes ball ID the one the fit view and the readouts follow;
// Selected reports whether it exists.
type Select struct {
	ID       int
	Selected bool
}

func (c *Select) do(w *World) error {
	if w.Ball(c.ID) != nil {
		w.Selected, c.Selected = c.ID, true
	}
	return nil
}
func (*Select) reason() string { return "select" }

// Remove takes ball ID away; Removed reports whether it existed.
type Remove struct {
	ID      int
	Removed bool
}

func (c *Remove) do(w *World) error { c.Removed = w.remove(c.ID); return nil }
func (*Remove) reason() string      { return "remove" }

// RemoveSelected removes the selected ball, if any.
type RemoveSelected struct{}

func (RemoveSelected) do(w *World) error {
	if w.Selected != 0 {
		w.remove(w.Selected)
	}
	return nil
}
func (RemoveSelected) reason() string { return "remove" }

// RemoveGroup removes every ball of one drop.
type RemoveGroup struct{ Group int }

func (c RemoveGroup) do(w *World) error { w.removeGroup(c.Group); return nil }
func (RemoveGroup) reason() string      { return "remove" }

// Clear removes every ball.
type Clear struct{}

func (Clear) do(w *World) error { w.reset(); return nil }
func (Clear) reason() string    { return "clear" }

// Restart puts every ball back at its start.
type Restart struct{}

func (Restart) do(w *World) error { w.restartAll(); return nil }
func (Restart) reason() string    { return "restart" }

// Play, Pause and TogglePause start and stop the clock's steps.
type (
	Play        struct{}
	Pause       struct{}
	TogglePause struct{}
)

func (Play) do(w *World) error        { w.Paused = false; return nil }
func (Pause) do(w *World) error       { w.Paused = true; return nil }
func (TogglePause) do(w *World) error { w.Paused = !w.Paused; return nil }
func (Play) reason() string           { return "play" }
func (Pause) reason() string          { return "pause" }
func (c TogglePause) reason() string  { return "play" }

// Step advances every rolling ball N steps (StepN's range), whether playing
// or not; with Pause it pauses first (the → key: one step to look at).
type Step struct {
	N     int
	Pause bool
}

func (c Step) do(w *World) error {
	if err := StepN.Check(float64(c.N), ""); err != nil {
		return err
	}
	if err := w.workable("n", c.N); err != nil {
		return err
	}
	if c.Pause {
		w.Paused = true
	}
	w.step(c.N)
	return nil
}
func (Step) reason() string { return "step" }

// SpeedBy multiplies the speed by Factor, within the speed setting's range
// (the + and − keys: ×2, ÷2).
type SpeedBy struct{ Factor float64 }

func (c SpeedBy) do(w *World) error {
	if err := Factor.Check(c.Factor, ""); err != nil {
		return err
	}
	w.Speed = min(max(w.Speed*c.Factor, speedSetting.Min), speedSetting.Max)
	return nil
}
func (SpeedBy) reason() string { return "settings" }

// Orbit turns the 3D camera by a drag of (DX, DY) CSS pixels.
type Orbit struct{ DX, DY float64 }

func (c Orbit) do(w *World) error {
	if !finite(c.DX) || !finite(c.DY) {
		return &optim.Error{Field: "orbit", Problem: "needs two finite numbers"}
	}
	w.Cam = w.Cam.Orbited(c.DX, c.DY)
	return nil
}
func (Orbit) reason() string { return "camera" }

// Zoom multiplies the 3D camera's zoom by Factor (> 1: closer), within its
// limits.
type Zoom struct{ Factor float64 }

func (c Zoom) do(w *World) error {
	if err := Factor.Check(c.Factor, ""); err != nil {
		return err
	}
	w.Cam = w.Cam.Zoomed(c.Factor)
	return nil
}
func (Zoom) reason() string { return "camera" }

// ResetView puts the 3D camera back to DefaultCamera and the map's framing
// back to the surface's box (Home, a double click).
type ResetView struct{}

func (ResetView) do(w *World) error {
	w.Cam = DefaultCamera()
	w.setBox(w.Info.Box)
	return nil
}
func (ResetView) reason() string { return "camera" }

// ResetCamera puts the 3D camera back to DefaultCamera (a double click on
// the 3D view).
type ResetCamera struct{}

func (ResetCamera) do(w *World) error { w.Cam = DefaultCamera(); return nil }
func (ResetCamera) reason() string    { return "camera" }

// ResetFrame shows the surface's whole box on the map again.
type ResetFrame struct{}

func (ResetFrame) do(w *World) error { w.setBox(w.Info.Box); return nil }
func (ResetFrame) reason() string    { return "frame" }

// ZoomMap zooms the contour map's framing by Factor (> 1: closer) about
// (W, B), which stays under the pointer.
type ZoomMap struct{ W, B, Factor float64 }

func (c ZoomMap) do(w *World) error {
	if err := Factor.Check(c.Factor, ""); err != nil {
		return err
	}
	if !finite(c.W) || !finite(c.B) {
		return &optim.Error{Field: "at", Problem: "needs two finite numbers"}
	}
	return w.zoomMap(c.W, c.B, c.Factor)
}
func (ZoomMap) reason() string { return "frame" }

// PanMap moves the map's framing by (DW, DB).
type PanMap struct{ DW, DB float64 }

func (c PanMap) do(w *World) error {
	if !finite(c.DW) || !finite(c.DB) {
		return &optim.Error{Field: "by", Problem: "needs two finite numbers"}
	}
	return w.panMap(c.DW, c.DB)
}
func (PanMap) reason() string { return "frame" }

// FitPaths frames every ball's path in the map (F, "Fit the paths").
type FitPaths struct{}

func (FitPaths) do(w *World) error { w.fitPaths(); return nil }
func (FitPaths) reason() string    { return "frame" }

// SetMode switches the exercise.
type SetMode struct{ Mode Mode }

func (c SetMode) do(w *World) error {
	if c.Mode >= numModes {
		return modeSetting.Refuse(strconv.Itoa(int(c.Mode)), "is unknown")
	}
	return w.setMode(c.Mode)
}
func (SetMode) reason() string { return "mode" }

// MapCursor moves the convergence map's cursor cell to (I, J) (I along w,
// J along b from the bottom), or by (I, J) cells when By; it stays on the
// grid. It shows the map.
type MapCursor struct {
	I, J int
	By   bool
}

func (c MapCursor) do(w *World) error {
	at := [2]int{c.I, c.J}
	if c.By {
		cur := w.cursorCell()
		at = [2]int{cur[0] + c.I, cur[1] + c.J}
	} else if c.I < 0 || c.J < 0 || c.I >= w.MapGrid || c.J >= w.MapGrid {
		return &optim.Error{Field: "cell", Value: strconv.Itoa(c.I) + "," + strconv.Itoa(c.J), Problem: "is not a cell of the map",
			Accepted: "i, j from 0 to " + strconv.Itoa(w.MapGrid-1)}
	}
	if w.Mode != ModeMap {
		if err := w.setMode(ModeMap); err != nil {
			return err
		}
	}
	n := w.MapGrid
	w.MapCursor = [2]int{min(max(at[0], 0), n-1), min(max(at[1], 0), n-1)}
	return nil
}
func (MapCursor) reason() string { return "select" }

// MapDrop drops a race at the centre of the map's cursor cell (Enter on
// the map): its balls run the paths the cell describes. Group reports the
// drop's group.
type MapDrop struct{ Group int }

func (c *MapDrop) do(w *World) (err error) {
	cur := w.cursorCell()
	c.Group, err = w.drop(cellCentre(w.Box, w.MapGrid, cur[0], cur[1]))
	return err
}
func (*MapDrop) reason() string { return "drop" }

// Guess puts the guess-work point at At and shows guess work; Loss reports
// the loss there.
type Guess struct {
	At   optim.Vec
	Loss float64
}

func (c *Guess) do(w *World) error {
	if !c.At.Finite() {
		return &optim.Error{Field: "guess", Problem: "needs two finite numbers", Accepted: guessSetting.Accepted}
	}
	w.setGuess(c.At)
	w.Mode = ModeGuess
	c.Loss = w.Loss(c.At[0], c.At[1])
	return nil
}
func (*Guess) reason() string { return "guess" }

// RecordGuess adds the guess and its loss to the table of tries; Row
// reports it.
type RecordGuess struct{ Row GuessRow }

func (c *RecordGuess) do(w *World) error {
	row, ok := w.recordGuess()
	if !ok {
		return &optim.Error{Field: "recordGuess", Problem: "has no guess to record", Accepted: "a guess first: guess(w, b), or the g key"}
	}
	c.Row = row
	return nil
}
func (*RecordGuess) reason() string { return "guess" }

// GuessKey is the g key: guess work on, then each press records the guess.
type GuessKey struct{}

func (GuessKey) do(w *World) error {
	if w.Mode != ModeGuess {
		return w.setMode(ModeGuess)
	}
	w.recordGuess()
	return nil
}
func (GuessKey) reason() string { return "guess" }

// RandomSearch samples N points (searchSetting's range) of the surface's box
// with Seed (when HaveSeed; else the world's next seed); Best reports the
// lowest.
type RandomSearch struct {
	N        int
	Seed     uint64
	HaveSeed bool
	Best     Sample
}

func (c *RandomSearch) do(w *World) (err error) {
	if err := searchSetting.Check(float64(c.N), ""); err != nil {
		return optim.Renamed(err, "n")
	}
	seed := c.Seed
	if !c.HaveSeed {
		seed = w.nextSeed()
	}
	c.Best, err = w.randomSearch(c.N, seed)
	return err
}
func (*RandomSearch) reason() string { return "search" }

// Sweep runs one ball per learning rate from the same start: Start (when
// HaveStart; else the selected ball's start or the surface's first), Rule
// (empty: the first enabled), Etas (nil: the lecture's), Steps (when
// HaveSteps; else DefaultSweepSteps). These defaults are the
// only ones: sweep=, SetMode{ModeSweep} and the panel all come here.
// Rows reports the table.
type Sweep struct {
	Start     optim.Vec
	HaveStart bool
	Rule      string
	Etas      []float64
	Steps     int
	HaveSteps bool
	Rows      []SweepRow
}

func (c *Sweep) do(w *World) error {
	r := w.Enabled[0]
	if c.Rule != "" {
		var err error
		if r, err = optim.ParseRule(c.Rule); err != nil {
			return optim.Renamed(err, "optimizer")
		}
	}
	p := optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}
	if b := w.Ball(w.Selected); b != nil {
		p = b.Start
	}
	if c.HaveStart {
		p = c.Start
	}
	etas := c.Etas
	if etas == nil {
		etas = LectureSweep
	}
	steps := DefaultSweepSteps
	if c.HaveSteps {
		steps = c.Steps
	}
	rows, err := w.sweep(p, r, etas, steps)
	c.Rows = rows
	return err
}
func (*Sweep) reason() string { return "sweep" }

// FineSweep sweeps again around the best learning rate of the last sweep.
type FineSweep struct{ Rows []SweepRow }

func (c *FineSweep) do(w *World) (err error) { c.Rows, err = w.fineSweep(); return err }
func (*FineSweep) reason() string            { return "sweep" }

// StartQuiz starts "guess the 3D surface" with Seed (when HaveSeed; else
// the world's next); Quiz reports it.
type StartQuiz struct {
	Seed     uint64
	HaveSeed bool
	Quiz     Quiz
}

func (c *StartQuiz) do(w *World) error {
	seed := c.Seed
	if !c.HaveSeed {
		seed = w.nextSeed()
	}
	c.Quiz = w.startQuiz(seed)
	return nil
}
func (*StartQuiz) reason() string { return "mode" }

// Answer picks quiz option Choice; Correct reports whether it is right.
type Answer struct {
	Choice  int
	Correct bool
}

func (c *Answer) do(w *World) (err error) { c.Correct, err = w.answerQuiz(c.Choice); return err }
func (*Answer) reason() string            { return "quiz" }

// Key is a key pressed on the canvas or the page, by the name the browser
// gives it (KeyboardEvent.key: " ", "ArrowRight", "r", "Home", ...):
// Bindings says what each does. Handled reports whether the key means
// something here (the page then keeps it from the browser).
type Key struct {
	Name    string
	Shift   bool
	Handled bool
	why     string // the bound command's reason, once done
}

func (c *Key) do(w *World) error {
	b, ok := binding(c.Name)
	c.Handled, c.why = ok, ""
	if !ok {
		return nil
	}
	cmd := b.Command(w, KeyPress{Name: c.Name, Shift: c.Shift})
	if err := w.Do(cmd); err != nil {
		return err
	}
	c.why = cmd.reason()
	return nil
}
func (c *Key) reason() string { return c.why } // the bound command's

// Restore replaces the world by a snapshot (World.Snapshot), after a lost
// graphics context.
type Restore struct{ Data []byte }

func (c Restore) do(w *World) error {
	v, err := restore(c.Data)
	if err != nil {
		return err
	}
	*w = *v
	return nil
}
func (Restore) reason() string { return "" }

// EnterScene resets the world to the lecture's scene Name (see Scenes).
type EnterScene struct{ Name string }

func (c EnterScene) do(w *World) error {
	i, err := sceneSetting.ParseChoice(c.Name)
	if err != nil {
		return err
	}
	return w.enterScene(i)
}
func (EnterScene) reason() string { return "scene" }

// NextScene and PrevScene go through the tour (turning it on); at either
// end they stay.
type (
	NextScene struct{}
	PrevScene struct{}
)

func (NextScene) do(w *World) error { return w.tourStep(1) }
func (PrevScene) do(w *World) error { return w.tourStep(-1) }
func (NextScene) reason() string    { return "scene" }
func (PrevScene) reason() string    { return "scene" }

// Tour turns the lecture's tour on (at its first scene, or the scene shown)
// or off.
type Tour struct{ On bool }

func (c Tour) do(w *World) error {
	if !c.On {
		w.Tour = false
		return nil
	}
	w.Tour = true
	if w.Scene < 0 {
		return w.enterScene(0)
	}
	return nil
}
func (Tour) reason() string { return "scene" }
