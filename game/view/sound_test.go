package view_test

import (
	"math"
	"strings"
	"testing"

	"downhill/game/sim"
	"downhill/game/view"
)

// Lower loss, lower pitch, one step per decade; the ends stay in range.
func TestPitch(t *testing.T) {
	if p := view.Pitch(view.PitchHighLoss); math.Abs(p-view.PitchHigh) > 1e-9 {
		t.Errorf("Pitch(%g) = %g", view.PitchHighLoss, p)
	}
	if p := view.Pitch(1e-12); p != view.PitchLow {
		t.Errorf("Pitch(1e-12) = %g", p)
	}
	if p := view.Pitch(math.NaN()); p != view.PitchLow {
		t.Errorf("Pitch(NaN) = %g", p)
	}
	r1, r2 := view.Pitch(1)/view.Pitch(0.1), view.Pitch(0.01)/view.Pitch(0.001)
	if math.Abs(r1-r2) > 1e-9 || r1 <= 1 {
		t.Errorf("a decade is %g times the pitch at 1, %g at 0.01", r1, r2)
	}
}

// The selected ball's curve as pitches: as GD's loss falls on the
// lecture's surface, so does the pitch.
func TestCurvePitchesFall(t *testing.T) {
	w := newWorld(t, "opt=gd&paused=1&sound=1&balls=-2,-2")
	doAll(t, w, sim.Step{N: 300})
	ps := view.CurvePitches(w, nil)
	if len(ps) < 100 || !(ps[len(ps)-1] < ps[0]) {
		t.Fatalf("%d pitches, from %g to %g", len(ps), ps[0], ps[len(ps)-1])
	}
	for i := 1; i < len(ps); i++ {
		if ps[i] > ps[i-1]*(1+1e-6) { // the trail keeps float32 losses
			t.Errorf("pitch rose at point %d: %g -> %g (GD's loss never rises here)", i, ps[i-1], ps[i])
			break
		}
	}
	s := view.SoundOf(w)
	if !s.On || s.ID != w.Selected || s.Freq != ps[len(ps)-1] || s.Step != 300 {
		t.Errorf("sound %+v", s)
	}
	if q := w.Query(); !strings.Contains(q, "sound=1") {
		t.Errorf("the link %q forgets the sound", q)
	}
}
