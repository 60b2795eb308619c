package sim

import (
	"math"
	"strconv"

	"downhill/optim"
	"downhill/surfaces"
)

// Mode is what a click on the views does, and which exercise is shown.
type Mode uint8

// The modes. Names (String) are those of the URL key "mode".
const (
	ModeRoll  Mode = iota // drop balls that roll (the default)
	ModeGuess             // 5.1 guess work: move one (w, b) by hand, record tries
	ModeSweep             // 5.7 learning-rate sweep: final loss against eta
	ModeQuiz              // 5.3 guess the 3D surface from its contour map
	ModeMap               // convergence map: where every start of the box goes
	NumModes
)

const numModes = NumModes

var modeNames = [numModes]string{"roll", "guess", "sweep", "quiz", "map"}

var modeTitles = [numModes]string{"Rolling balls", "Guess work (5.1)", "Learning-rate sweep (5.7)", "Guess the 3D surface (5.3)", "Convergence map: where each start goes"}

// Title returns the mode's name in the panel.
func (m Mode) Title() string {
	if m < numModes {
		return modeTitles[m]
	}
	return m.String()
}

func (m Mode) String() string {
	if m < numModes {
		return modeNames[m]
	}
	return "unknown"
}

// setMode switches the exercise: a quiz starts with a fresh surface, a
// sweep runs the lecture's if none ran yet, guess work starts at the
// surface's first start.
func (w *World) setMode(m Mode) error {
	switch m {
	case ModeQuiz:
		w.startQuiz(w.nextSeed())
	case ModeSweep:
		if len(w.SweepRows) == 0 {
			if err := w.Do(&Sweep{}); err != nil {
				return err
			}
		}
		w.Mode = ModeSweep
	case ModeMap:
		if w.Mode != ModeMap {
			// The cursor starts on the surface's first start (the
			// lecture's, where there is one).
			w.MapCursor = [2]int{w.MapGrid / 2, w.MapGrid / 2}
			if s := w.Info.Starts; len(s) > 0 {
				w.MapCursor = cellOf(w.Box, w.MapGrid, s[0].X, s[0].Y)
			}
		}
		w.Mode = ModeMap
	case ModeGuess:
		if !w.HaveGuess {
			w.setGuess(optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y})
		}
		w.Mode = ModeGuess
	default:
		w.Mode = m
	}
	return nil
}

// GuessRow is one try of the guess-work exercise: a (w, b) and its loss,
// a row of the lecture's table.
type GuessRow struct{ W, B, Loss float64 }

// MaxGuesses is the most tries the guess table keeps (the oldest go).
const MaxGuesses = 50

// setGuess moves the hand-placed point of the guess-work exercise.
func (w *World) setGuess(p optim.Vec) {
	if !p.Finite() {
		return
	}
	w.Guess = p
	w.HaveGuess = true
}

// recordGuess adds the current guess and its loss to the table and returns
// the row; ok is false when there is no guess yet.
func (w *World) recordGuess() (row GuessRow, ok bool) {
	if !w.HaveGuess {
		return GuessRow{}, false
	}
	row = GuessRow{w.Guess[0], w.Guess[1], w.Loss(w.Guess[0], w.Guess[1])}
	if len(w.Guesses) == MaxGuesses {
		copy(w.Guesses, w.Guesses[1:])
		w.Guesses = w.Guesses[:MaxGuesses-1]
	}
	w.Guesses = append(w.Guesses, row)
	return row, true
}

// Sample is one point of a random search.
type Sample struct{ W, B, Loss float64 }

// MaxSearch is the most points one random search may sample.
const MaxSearch = 100000

// randomSearch samples n points uniformly in the surface's box (seeded,
// reproducible), as the lecture's "random search on the error surface",
// keeps them for the views and returns the best.
func (w *World) randomSearch(n int, seed uint64) (best Sample, err error) {
	if err := searchSetting.Check(float64(n), ""); err != nil {
		return Sample{}, err
	}
	box := w.Info.Box
	rng := optim.SplitMix64(seed)
	w.Search = w.Search[:0]
	w.SearchBest = -1
	w.SearchSeed = seed
	for i := 0; i < n; i++ {
		p := Sample{W: box.WMin + rng.Float64()*(box.WMax-box.WMin), B: box.BMin + rng.Float64()*(box.BMax-box.BMin)}
		p.Loss = w.Loss(p.W, p.B)
		w.Search = append(w.Search, p)
		if finite(p.Loss) && (w.SearchBest < 0 || p.Loss < w.Search[w.SearchBest].Loss) {
			w.SearchBest = len(w.Search) - 1
		}
	}
	w.SearchGen++
	if w.SearchBest < 0 {
		return Sample{}, &optim.Error{Field: "search", Problem: "found no point where the loss is defined", Accepted: "a surface defined somewhere in its box"}
	}
	return w.Search[w.SearchBest], nil
}

// clearSearch forgets the random search.
func (w *World) clearSearch() {
	w.Search = w.Search[:0]
	w.SearchBest = -1
	w.SearchGen++
}

// SweepRow is one learning rate of a sweep and where it got.
type SweepRow struct {
	LR     float64
	Loss   float64 // final loss (the last finite one if it diverged)
	Steps  int
	Status Status
	Ball   int // id of the ball that shows the run
}

// LectureSweep is the lecture's log scale of first learning rates to try
// (5.7), with 10 added to show a rate that is too high.
var LectureSweep = []float64{1e-4, 1e-3, 1e-2, 0.1, 1, 10}

// SweepPalette colours a sweep's balls from the smallest eta (dark) to the
// largest (light), so the curves can be told apart.
var SweepPalette = []RGB{
	{0x44, 0x01, 0x54}, {0x46, 0x33, 0x7e}, {0x36, 0x5c, 0x8d}, {0x27, 0x7f, 0x8e},
	{0x1f, 0xa1, 0x87}, {0x4a, 0xc1, 0x6d}, {0x9f, 0xda, 0x3a}, {0xfd, 0xe7, 0x25},
}

// MaxSweep is the most learning rates one sweep runs (one colour each in
// SweepPalette).
const MaxSweep = 8

// sweep runs rule r from start once per eta for steps steps: the table is
// computed at once (fresh runs), and one ball per eta is dropped, limited
// to the same steps, so the runs can be watched. It switches to ModeSweep.
func (w *World) sweep(start optim.Vec, r optim.Rule, etas []float64, steps int) ([]SweepRow, error) {
	if len(etas) < 1 || len(etas) > MaxSweep {
		return nil, &optim.Error{Field: "etas", Problem: strconv.Itoa(len(etas)) + " values", Accepted: SweepEtas.AcceptedText()}
	}
	if err := SweepStepsSetting.Check(float64(steps), ""); err != nil {
		return nil, err
	}
	if err := w.startable("start", start); err != nil {
		return nil, err
	}
	sorted := append([]float64(nil), etas...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for _, e := range sorted {
		if err := SweepEtas.Check(e, ""); err != nil {
			return nil, err
		}
	}
	old := 0
	for _, row := range w.SweepRows {
		if w.Ball(row.Ball) != nil {
			old++
		}
	}
	if err := w.room(len(sorted) - old); err != nil {
		return nil, err
	}
	// Remove the previous sweep's balls.
	for _, row := range w.SweepRows {
		w.remove(row.Ball)
	}
	w.SweepRows = w.SweepRows[:0]
	w.nextGroup++
	for i, e := range sorted {
		cfg := w.cfg[r]
		cfg.LR = e
		row := SweepRow{LR: e}
		// The table: a fresh run, exactly as the ball will go.
		probe := &w.probe
		*probe = Ball{Cfg: cfg, Limit: steps, Trail: probe.Trail}
		w.restart(probe, start)
		for probe.Status == Rolling {
			w.stepBall(probe)
		}
		row.Loss, row.Steps, row.Status = probe.Loss, probe.St.T, probe.Status
		b := w.addBall(start, cfg, w.nextGroup)
		b.Limit = steps
		b.Color = SweepPalette[i*(len(SweepPalette)-1)/max(1, len(sorted)-1)]
		row.Ball = b.ID
		w.SweepRows = append(w.SweepRows, row)
	}
	w.SweepRule, w.SweepStart, w.SweepSteps = r, start, steps
	w.Mode = ModeSweep
	w.SweepGen++
	return append([]SweepRow(nil), w.SweepRows...), nil // the caller's copy
}

// SweepBest returns the index of the sweep's lowest final loss among the
// runs that did not diverge (-1: none).
func (w *World) SweepBest() int {
	best := -1
	for i, r := range w.SweepRows {
		if r.Status != Diverged && !math.IsNaN(r.Loss) && (best < 0 || r.Loss < w.SweepRows[best].Loss) {
			best = i
		}
	}
	return best
}

// fineSweep sweeps again around the best eta of the last sweep, as the
// lecture suggests after the coarse log scale (0.05, 0.2, 0.3 around 0.1).
func (w *World) fineSweep() ([]SweepRow, error) {
	best := w.SweepBest()
	if best < 0 {
		return nil, &optim.Error{Field: "sweep", Problem: "has no earlier run that did not diverge", Accepted: "a sweep first (sweep=1)"}
	}
	e := w.SweepRows[best].LR
	etas := []float64{e / 4, e / 2, e * 0.75, e, e * 1.5, e * 2, e * 3}
	return w.sweep(w.SweepStart, w.SweepRule, etas, w.SweepSteps)
}

// DefaultSweepSteps is how many steps each run of a sweep takes unless
// told.
const DefaultSweepSteps = 100

// nextSeed returns a seed for a search or a quiz and moves the world's on.
func (w *World) nextSeed() uint64 {
	w.Seed++
	return w.Seed - 1
}

// Quiz is the "guess the 3D surface" exercise: the contour map shows one
// surface (the answer, without its name) and the 3D view a few candidates.
type Quiz struct {
	Options [QuizOptions]string // surface names
	Answer  int                 // index of the surface shown
	Picked  int                 // the student's choice, -1 before it
	Seed    uint64              // what drew it
}

// QuizOptions is the number of 3D surfaces the student chooses among.
const QuizOptions = 4

// startQuiz picks a random built-in surface and three others (seeded),
// shows the first's contour map and switches to ModeQuiz.
func (w *World) startQuiz(seed uint64) Quiz {
	var names []string
	for _, n := range surfaces.Names() {
		if n != "custom" {
			names = append(names, n)
		}
	}
	rng := optim.SplitMix64(seed)
	for i := len(names) - 1; i > 0; i-- { // shuffle
		j := int(rng.Below(uint64(i + 1)))
		names[i], names[j] = names[j], names[i]
	}
	var q Quiz
	copy(q.Options[:], names[:QuizOptions])
	q.Answer = int(rng.Below(QuizOptions))
	q.Picked = -1
	q.Seed = seed
	s, err := surfaces.New(q.Options[q.Answer], "")
	if err != nil {
		panic(err) // built-in names always exist
	}
	w.setSurface(s, "")
	w.Quiz = q
	w.Mode = ModeQuiz
	return q
}

// answerQuiz records the student's pick and reports whether it is right.
func (w *World) answerQuiz(i int) (bool, error) {
	if w.Mode != ModeQuiz {
		return false, &optim.Error{Field: "answer", Problem: "has no quiz to answer", Accepted: "an answer while a quiz runs (mode=quiz)"}
	}
	if err := QuizChoice.Check(float64(i), ""); err != nil {
		return false, err
	}
	w.Quiz.Picked = i
	return i == w.Quiz.Answer, nil
}
