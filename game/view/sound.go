package view

import (
	"math"

	"downhill/game/sim"
)

// The sound's pitch range: a loss of PitchLowLoss or less sounds at
// PitchLow Hz, PitchHighLoss or more at PitchHigh, log-linear between
// (lower loss, lower pitch), so that each decade the loss falls is the same
// step down, as the loss plot's log axis shows it.
const (
	PitchLow      = 200.0
	PitchHigh     = 1000.0
	PitchLowLoss  = 1e-8
	PitchHighLoss = 100.0
)

// Pitch is the frequency (Hz) a loss sounds at.
func Pitch(loss float64) float64 {
	if !(loss > PitchLowLoss) { // and NaN: the lowest
		return PitchLow
	}
	t := math.Log(loss/PitchLowLoss) / math.Log(PitchHighLoss/PitchLowLoss)
	t = math.Min(1, t)
	return PitchLow * math.Pow(PitchHigh/PitchLow, t)
}

// Sound is what the page plays now: the selected ball's pitch while it
// rolls, its step (a tick for each change), its state (a chime when it
// converges, a fall when it diverges), and the asks for its whole curve.
type Sound struct {
	On     bool
	ID     int
	Freq   float64
	Step   int
	Status string
	Heard  int
}

// SoundOf reads the sound of w's selected ball (ID 0: none).
func SoundOf(w *sim.World) Sound {
	s := Sound{On: w.Sound, Heard: w.Heard}
	if b := w.Ball(w.Selected); b != nil {
		s.ID, s.Freq, s.Step, s.Status = b.ID, Pitch(b.Loss), b.St.T, b.Status.String()
	}
	return s
}

// CurvePitches appends the pitch of each recorded point of the selected
// ball's loss curve, from its start to where it is, to dst.
func CurvePitches(w *sim.World, dst []float64) []float64 {
	b := w.Ball(w.Selected)
	if b == nil {
		return dst
	}
	for _, p := range b.Trail.Pts {
		dst = append(dst, Pitch(float64(p.Loss)))
	}
	return append(dst, Pitch(b.Loss))
}
