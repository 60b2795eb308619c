//go:build !js

package main

import (
	"testing"
	"time"
)

// soundEntry is one thing sound.js scheduled.
type soundEntry struct {
	Kind  string    `json:"kind"`
	Freq  float64   `json:"freq"`
	Freqs []float64 `json:"freqs"`
}

// TestSound: with sound=1, nothing plays before a gesture; after a key,
// the scheduled pitch falls as a GD ball's loss falls on the lecture's
// surface, with a tick as it steps; l plays the whole curve, falling; on
// the bowl the convergence chime is scheduled once, when the ball
// converges. (What is scheduled, not what a speaker gives out: the test
// reads sound.js's log of its Web Audio calls.)
func TestSound(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.Load(e.appURL+"?panel=off&opt=gd&sound=1&speed=30&paused=1"))
	eval[bool](t, p, `downhill.addBall({start: [-2, -2]}), true`)
	time.Sleep(500 * time.Millisecond)
	if n := eval[int](t, p, `downhillPage.sound.log.length`); n != 0 || eval[bool](t, p, `downhillPage.sound.started`) {
		t.Errorf("before any gesture: %d sounds scheduled", n)
	}
	must(t, p.Key(" ")) // the gesture, and play
	must(t, p.WaitFor(`downhill.state().balls[0].steps >= 90`))
	must(t, p.Key(" "))
	log := eval[[]soundEntry](t, p, `downhillPage.sound.log`)
	var pitches []float64
	ticks := 0
	for _, s := range log {
		switch s.Kind {
		case "pitch":
			pitches = append(pitches, s.Freq)
		case "tick":
			ticks++
		}
	}
	if len(pitches) < 10 || ticks < 10 {
		t.Fatalf("after 90 steps: %d pitches and %d ticks scheduled", len(pitches), ticks)
	}
	for i := 1; i < len(pitches); i++ {
		if pitches[i] > pitches[i-1]*(1+1e-6) {
			t.Errorf("the pitch rose from %.2f to %.2f Hz while GD's loss fell", pitches[i-1], pitches[i])
		}
	}
	if !(pitches[len(pitches)-1] < pitches[0]-5) {
		t.Errorf("the pitch went from %.1f to %.1f Hz: it should fall with the loss", pitches[0], pitches[len(pitches)-1])
	}
	// l: the whole curve, from the start's pitch down.
	must(t, p.Key("l"))
	must(t, p.WaitFor(`downhillPage.sound.log.some((s) => s.kind === "curve")`))
	curve := eval[soundEntry](t, p, `downhillPage.sound.log.find((s) => s.kind === "curve")`)
	if n := len(curve.Freqs); n < 90 || !(curve.Freqs[n-1] < curve.Freqs[0]) {
		t.Errorf("the curve played %d pitches, from %v to %v", n, curve.Freqs[0], curve.Freqs[n-1])
	}

	// The bowl: GD converges; the chime once.
	q := newPage(t, e, 800, 600, 1)
	must(t, q.Load(e.appURL+"?panel=off&surface=bowl&opt=gd&sound=1&speed=120&paused=1"))
	eval[bool](t, q, `downhill.addBall({start: [1, 1]}), true`)
	must(t, q.Key(" "))
	must(t, q.WaitFor(`downhill.state().balls[0].status !== "rolling"`))
	if st := eval[string](t, q, `downhill.state().balls[0].status`); st != "converged" {
		t.Fatalf("GD on the bowl ended %s, not converged", st)
	}
	must(t, within(q, 2*time.Second, `downhillPage.sound.log.some((s) => s.kind === "converged")`))
	time.Sleep(time.Second)
	if n := eval[int](t, q, `downhillPage.sound.log.filter((s) => s.kind === "converged").length`); n != 1 {
		t.Errorf("the convergence chime was scheduled %d times, want once", n)
	}
}
