package sim

import (
	"fmt"
	"math"

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
	numModes
)

var modeNames = [numModes]string{"roll", "guess", "sweep", "quiz"}

func (m Mode) String() string {
	if m < numModes {
		return modeNames[m]
	}
	return "unknown"
}

// ParseMode returns the mode with the given name.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if n == s {
			return Mode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown mode (accepted: roll, guess, sweep, quiz)")
}

// GuessRow is one try of the guess-work exercise: a (w, b) and its loss,
// a row of the lecture's table.
type GuessRow struct{ W, B, Loss float64 }

// MaxGuesses is the most tries the guess table keeps (the oldest go).
const MaxGuesses = 50

// SetGuess moves the hand-placed point of the guess-work exercise.
func (w *World) SetGuess(p optim.Vec) {
	if !p.Finite() {
		return
	}
	w.Guess = p
	w.HaveGuess = true
}

// RecordGuess adds the current guess and its loss to the table and returns
// the row; ok is false when there is no guess yet.
func (w *World) RecordGuess() (row GuessRow, ok bool) {
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

// RandomSearch samples n points uniformly in the surface's box (seeded,
// reproducible), as the lecture's "random search on the error surface",
// keeps them for the views and returns the best.
func (w *World) RandomSearch(n int, seed uint64) (best Sample, err error) {
	if n < 1 || n > MaxSearch {
		return Sample{}, fmt.Errorf("search: %d points (accepted: 1 to %d)", n, MaxSearch)
	}
	box := w.Info.Box
	rng := seed*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	next := func() float64 {
		rng += 0x9e3779b97f4a7c15
		z := rng
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		z ^= z >> 31
		return float64(z>>11) / (1 << 53)
	}
	w.Search = w.Search[:0]
	w.SearchBest = -1
	for i := 0; i < n; i++ {
		p := Sample{W: box.WMin + next()*(box.WMax-box.WMin), B: box.BMin + next()*(box.BMax-box.BMin)}
		p.Loss = w.Loss(p.W, p.B)
		w.Search = append(w.Search, p)
		if !math.IsNaN(p.Loss) && (w.SearchBest < 0 || p.Loss < w.Search[w.SearchBest].Loss) {
			w.SearchBest = len(w.Search) - 1
		}
	}
	w.SearchGen++
	if w.SearchBest < 0 {
		return Sample{}, fmt.Errorf("search: no point with a finite loss")
	}
	return w.Search[w.SearchBest], nil
}

// ClearSearch forgets the random search.
func (w *World) ClearSearch() {
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

// Sweep runs rule r from start once per eta for steps steps: the table is
// computed at once (fresh runs), and one ball per eta is dropped, limited
// to the same steps, so the runs can be watched. It switches to ModeSweep.
func (w *World) Sweep(start optim.Vec, r optim.Rule, etas []float64, steps int) ([]SweepRow, error) {
	if len(etas) < 1 || len(etas) > MaxSweep {
		return nil, fmt.Errorf("etas: %d values (accepted: 1 to %d positive numbers)", len(etas), MaxSweep)
	}
	if steps < 1 || steps > 100000 {
		return nil, fmt.Errorf("steps: %d (accepted: 1 to 100000)", steps)
	}
	if !start.Finite() {
		return nil, fmt.Errorf("start: not a finite point")
	}
	sorted := append([]float64(nil), etas...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for _, e := range sorted {
		if !(e > 0) || e > 1e6 || math.IsInf(e, 0) {
			return nil, fmt.Errorf("etas: %v is not a learning rate (accepted: positive numbers up to 1e6)", e)
		}
	}
	// Remove the previous sweep's balls.
	for _, row := range w.SweepRows {
		w.Remove(row.Ball)
	}
	w.SweepRows = w.SweepRows[:0]
	w.nextGroup++
	for i, e := range sorted {
		cfg := w.cfg[r]
		cfg.LR = e
		row := SweepRow{LR: e}
		// The table: a fresh run, exactly as the ball will go.
		probe := &Ball{Cfg: cfg, Limit: steps}
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

// FineSweep sweeps again around the best eta of the last sweep, as the
// lecture suggests after the coarse log scale (0.05, 0.2, 0.3 around 0.1).
func (w *World) FineSweep() ([]SweepRow, error) {
	best := w.SweepBest()
	if best < 0 {
		return nil, fmt.Errorf("sweep: no earlier sweep with a run that did not diverge")
	}
	e := w.SweepRows[best].LR
	etas := []float64{e / 4, e / 2, e * 0.75, e, e * 1.5, e * 2, e * 3}
	return w.Sweep(w.SweepStart, w.SweepRule, etas, w.SweepSteps)
}

// Quiz is the "guess the 3D surface" exercise: the contour map shows one
// surface (the answer, without its name) and the 3D view a few candidates.
type Quiz struct {
	Options [QuizOptions]string // surface names
	Answer  int                 // index of the surface shown
	Picked  int                 // the student's choice, -1 before it
}

// QuizOptions is the number of 3D surfaces the student chooses among.
const QuizOptions = 4

// StartQuiz picks a random built-in surface and three others (seeded),
// shows the first's contour map and switches to ModeQuiz.
func (w *World) StartQuiz(seed uint64) Quiz {
	var names []string
	for _, n := range surfaces.Names() {
		if n != "custom" {
			names = append(names, n)
		}
	}
	rng := seed*0x2545f4914f6cdd1d + 1
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	for i := len(names) - 1; i > 0; i-- { // shuffle
		j := next(i + 1)
		names[i], names[j] = names[j], names[i]
	}
	var q Quiz
	copy(q.Options[:], names[:QuizOptions])
	q.Answer = next(QuizOptions)
	q.Picked = -1
	s, err := surfaces.New(q.Options[q.Answer], "")
	if err != nil {
		panic(err) // built-in names always exist
	}
	w.setSurface(s, "")
	w.Quiz = q
	w.Mode = ModeQuiz
	return q
}

// AnswerQuiz records the student's pick and reports whether it is right.
func (w *World) AnswerQuiz(i int) (bool, error) {
	if w.Mode != ModeQuiz {
		return false, fmt.Errorf("answer: no quiz running (start one with mode=quiz)")
	}
	if i < 0 || i >= QuizOptions {
		return false, fmt.Errorf("answer: %d (accepted: 0 to %d)", i, QuizOptions-1)
	}
	w.Quiz.Picked = i
	return i == w.Quiz.Answer, nil
}
