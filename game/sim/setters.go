package sim

import (
	"strconv"
	"strings"

	"downhill/optim"
	"downhill/surfaces"
)

// The commands the settings table decodes its keys into (settings.go), one
// for each part of the world a setting governs. Each checks its values
// against the setting's range, as every command does, whichever way it
// came in.

// SetSurface puts the balls on a new surface: Name (surfaces.Names), with
// F its expression when Name is "custom" (another surface takes no F). A
// new surface removes every ball.
type SetSurface struct{ Name, F string }

// errFOnlyCustom refuses an f given with a surface other than custom.
func errFOnlyCustom() error {
	return &optim.Error{Field: "f", Problem: "is only used with surface=custom", Accepted: "f with surface=custom, or no f"}
}

func (c SetSurface) do(w *World) error {
	if _, err := surfaceSetting.ParseChoice(c.Name); err != nil {
		return err
	}
	if c.Name != "custom" && c.F != "" {
		return errFOnlyCustom()
	}
	s, err := surfaces.New(c.Name, c.F)
	if err != nil {
		return err
	}
	w.setSurface(s, c.F)
	return nil
}
func (SetSurface) reason() string { return "surface" }

// SetOptimizers chooses the optimizers a drop creates balls for, in order:
// at least one, none twice.
type SetOptimizers struct{ Rules []optim.Rule }

func (c SetOptimizers) do(w *World) error {
	if len(c.Rules) == 0 {
		return optSetting.Refuse("", "is not a list of optimizers")
	}
	for i, r := range c.Rules {
		if r >= optim.NumRules {
			return optSetting.Refuse(r.String(), "is not a list of optimizers")
		}
		for _, q := range c.Rules[:i] {
			if q == r {
				return optSetting.Refuse(r.String(), "names "+r.String()+" twice")
			}
		}
	}
	w.Enabled = append([]optim.Rule(nil), c.Rules...)
	return nil
}
func (SetOptimizers) reason() string { return "settings" }

// SetSpeed sets the steps per second while playing.
type SetSpeed struct{ Speed float64 }

func (c SetSpeed) do(w *World) error {
	return checked(&speedSetting, c.Speed, func() { w.Speed = c.Speed })
}
func (SetSpeed) reason() string { return "settings" }

// SetMaxSteps sets the step limit; balls stopped by the old one roll on.
type SetMaxSteps struct{ N int }

func (c SetMaxSteps) do(w *World) error {
	return checked(&maxStepsSetting, float64(c.N), func() {
		w.MaxSteps = c.N
		for _, b := range w.Balls {
			if b.Status == StepLimit && b.St.T < c.N {
				b.Status = Rolling
			}
			w.checkStop(b)
		}
	})
}
func (SetMaxSteps) reason() string { return "settings" }

// SetCamera puts the 3D view's camera at Cam (clamped to its limits).
type SetCamera struct{ Cam Camera }

func (c SetCamera) do(w *World) error {
	if !finite(c.Cam.Yaw) || !finite(c.Cam.Pitch) || !finite(c.Cam.Zoom) {
		return &optim.Error{Field: "camera", Problem: "needs finite numbers"}
	}
	w.Cam = c.Cam.Clamped()
	return nil
}
func (SetCamera) reason() string { return "camera" }

// SetSpin turns the 3D view by Deg degrees per second (0: still).
type SetSpin struct{ Deg float64 }

func (c SetSpin) do(w *World) error {
	return checked(&spinSetting, c.Deg, func() { w.Spin = c.Deg * Degree })
}
func (SetSpin) reason() string { return "settings" }

// SetGrid draws grid lines on the 3D surface, or not.
type SetGrid struct{ On bool }

func (c SetGrid) do(w *World) error { w.Grid = c.On; return nil }
func (SetGrid) reason() string      { return "settings" }

// SetViews chooses the views shown, in order: at least one, none twice.
type SetViews struct{ Views []View }

func (c SetViews) do(w *World) error {
	if len(c.Views) == 0 {
		return viewsSetting.Refuse("", "is not a list of views")
	}
	for i, v := range c.Views {
		if v >= NumViews {
			return viewsSetting.Refuse(v.String(), "is not a list of views")
		}
		for _, u := range c.Views[:i] {
			if u == v {
				return viewsSetting.Refuse(v.String(), "names "+v.String()+" twice")
			}
		}
	}
	w.Views = append([]View(nil), c.Views...)
	return nil
}
func (SetViews) reason() string { return "settings" }

// SetMain names the view a frame too small for all the views keeps.
type SetMain struct{ View View }

func (c SetMain) do(w *World) error {
	if c.View >= NumViews {
		return mainSetting.Refuse(c.View.String(), "is unknown")
	}
	w.Main = c.View
	return nil
}
func (SetMain) reason() string { return "words" }

// SetTitle and SetCaption give the figure a lecturer's own words (plain
// text, folded as parseWords does).
type (
	SetTitle   struct{ Text string }
	SetCaption struct{ Text string }
)

func (c SetTitle) do(w *World) (err error) {
	w.Title, err = setWords(&titleSetting, c.Text, MaxTitle, w.Title)
	return err
}
func (c SetCaption) do(w *World) (err error) {
	w.Caption, err = setWords(&captionSetting, c.Text, MaxCaption, w.Caption)
	return err
}
func (SetTitle) reason() string   { return "words" }
func (SetCaption) reason() string { return "words" }

// setWords returns text as parseWords keeps it, or was and the refusal.
func setWords(s *optim.Setting, text string, max int, was string) (string, error) {
	t, err := parseWords(s, text, max)
	if err != nil {
		return was, err
	}
	return t, nil
}

// SetPresent enlarges text and lines for a projector, or not.
type SetPresent struct{ On bool }

func (c SetPresent) do(w *World) error { w.Present = c.On; return nil }
func (SetPresent) reason() string      { return "settings" }

// SetSound plays the selected ball's loss as pitch, or not.
type SetSound struct{ On bool }

func (c SetSound) do(w *World) error { w.Sound = c.On; return nil }
func (SetSound) reason() string      { return "settings" }

// SetBox frames the contour map and the 3D view on Box.
type SetBox struct{ Box surfaces.Box }

func (c SetBox) do(w *World) error {
	if err := checkBox(c.Box); err != nil {
		return &optim.Error{Field: "box", Problem: err.Error(), Accepted: boxSetting.Accepted}
	}
	w.setBox(c.Box)
	return nil
}
func (SetBox) reason() string { return "frame" }

// DropRaces drops one race (Drop) at each of At, if all fit and each
// is a start.
type DropRaces struct{ At []optim.Vec }

func (c DropRaces) do(w *World) error {
	if err := w.room(len(c.At) * len(w.Enabled)); err != nil {
		return &optim.Error{Field: "balls", Problem: strconv.Itoa(len(c.At)) + " starting points, more than the " +
			strconv.Itoa(max(0, (MaxBalls-len(w.Balls))/max(1, len(w.Enabled)))) + " that fit",
			Accepted: "at most " + strconv.Itoa(MaxBalls) + " balls in all, one per optimizer and start"}
	}
	for _, s := range c.At { // all or none
		if err := w.startable("start", s); err != nil {
			return err
		}
	}
	for _, s := range c.At {
		if _, err := w.drop(s); err != nil {
			return err
		}
	}
	return nil
}
func (DropRaces) reason() string { return "drop" }

// Guesses records each of At in the table of guess work's tries, with
// its loss, and shows guess work at the last.
type Guesses struct{ At []optim.Vec }

func (c Guesses) do(w *World) error {
	if len(c.At) > MaxGuesses {
		return &optim.Error{Field: "guesses", Problem: strconv.Itoa(len(c.At)) + " points, more than the " + strconv.Itoa(MaxGuesses) + " accepted",
			Accepted: guessesSetting.Accepted}
	}
	for _, q := range c.At {
		if !q.Finite() {
			return &optim.Error{Field: "guesses", Problem: "needs finite numbers", Accepted: guessesSetting.Accepted}
		}
	}
	for _, q := range c.At {
		w.setGuess(q)
		w.recordGuess()
	}
	w.Mode = ModeGuess
	return nil
}
func (Guesses) reason() string { return "guess" }

// SetMapGrid sets the convergence map's cells per side; the cursor keeps
// its place on the new grid.
type SetMapGrid struct{ N int }

func (c SetMapGrid) do(w *World) error {
	return checked(&mapGridSetting, float64(c.N), func() {
		for i, k := range w.cursorCell() {
			w.MapCursor[i] = min((2*k+1)*c.N/(2*w.MapGrid), c.N-1)
		}
		w.MapGrid = c.N
	})
}
func (SetMapGrid) reason() string { return "settings" }

// SetMapEtas makes the convergence map a learning-rate sweep of the first
// enabled optimizer, one panel per eta (nil: one map per optimizer).
type SetMapEtas struct{ Etas []float64 }

func (c SetMapEtas) do(w *World) error {
	if len(c.Etas) > MaxMapRules {
		return &optim.Error{Field: "mapEtas", Problem: strconv.Itoa(len(c.Etas)) + " values", Accepted: mapEtasSetting.Accepted}
	}
	for _, e := range c.Etas {
		if err := mapEtasSetting.Check(e, ""); err != nil {
			return err
		}
	}
	w.MapEtas = nil
	if len(c.Etas) > 0 {
		w.MapEtas = append([]float64(nil), c.Etas...)
	}
	return nil
}
func (SetMapEtas) reason() string { return "settings" }

// checked does set when s takes v, and returns s's refusal otherwise.
func checked(s *optim.Setting, v float64, set func()) error {
	if err := s.Check(v, ""); err != nil {
		return err
	}
	set()
	return nil
}

// rulesOf reads opt='s comma-separated optimizers.
func rulesOf(text string) ([]optim.Rule, error) {
	var rules []optim.Rule
	for _, name := range strings.Split(text, ",") {
		r, err := optim.ParseRule(strings.TrimSpace(name))
		if err != nil {
			return nil, optSetting.Refuse(text, "is not a list of optimizers")
		}
		for _, q := range rules {
			if q == r {
				return nil, optSetting.Refuse(text, "names "+r.String()+" twice")
			}
		}
		rules = append(rules, r)
	}
	return rules, nil
}
