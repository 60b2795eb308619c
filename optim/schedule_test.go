package optim_test

import (
	"math"
	"strings"
	"testing"

	"downhill/optim"
)

func withSchedule(r optim.Rule, eta float64, kind optim.ScheduleKind) optim.Config {
	c := config(r, eta)
	c.Schedule.Kind = kind
	return c
}

// lrs returns the learning rate each of n steps used.
func lrs(cfg optim.Config, obj optim.Objective, x optim.Vec, n int) []float64 {
	out := make([]float64, n)
	for i, r := range run(cfg, obj, x, n) {
		out[i] = r.LR
	}
	return out
}

func TestStepDecay(t *testing.T) {
	// The lecture's "halve eta every 5 epochs": full batch, one step an
	// epoch, so steps 1-5 use eta0, 6-10 eta0/2, 11-15 eta0/4.
	got := lrs(withSchedule(optim.GD, 0.1, optim.StepDecay), bowl{}, optim.Vec{1, 0.5}, 12)
	for i, lr := range got {
		want := 0.1 * math.Pow(0.5, float64(i/5))
		if lr != want {
			t.Errorf("full batch, step %d: eta %v, want %v", i+1, lr, want)
		}
	}
	// Epochs, not steps: 6 points in batches of 2 make 3 steps an epoch,
	// so eta halves after 15 steps.
	cfg := withSchedule(optim.GD, 0.1, optim.StepDecay)
	cfg.Batch = 2
	got = lrs(cfg, manyPoints(6), optim.Vec{}, 31)
	for i, lr := range got {
		want := 0.1 * math.Pow(0.5, float64(i/15))
		if lr != want {
			t.Errorf("batch 2 of 6, step %d: eta %v, want %v", i+1, lr, want)
		}
	}
	// Every 1 with factor 0.1: a tenth each epoch.
	cfg = withSchedule(optim.GD, 1, optim.StepDecay)
	cfg.Schedule.Every, cfg.Schedule.Factor = 1, 0.1
	if got := lrs(cfg, bowl{}, optim.Vec{1, 0.5}, 3); !near(got[2], 0.01, 1e-15) {
		t.Errorf("factor 0.1 every epoch: third eta %v, want 0.01", got[2])
	}
}

func TestExpAndInvDecay(t *testing.T) {
	// t is the number of updates before this one: the first step uses eta0.
	exp := withSchedule(optim.GD, 0.5, optim.ExpDecay)
	exp.Schedule.K = 0.1
	inv := withSchedule(optim.GD, 0.5, optim.InvDecay)
	inv.Schedule.K = 0.5
	e, v := lrs(exp, bowl{}, optim.Vec{1, 0.5}, 11), lrs(inv, bowl{}, optim.Vec{1, 0.5}, 11)
	for i := range e {
		tt := float64(i)
		if want := 0.5 * math.Exp(-0.1*tt); !near(e[i], want, 1e-15) {
			t.Errorf("exp, step %d: %v, want 0.5 exp(-0.1*%v) = %v", i+1, e[i], tt, want)
		}
		if want := 0.5 / (1 + 0.5*tt); !near(v[i], want, 1e-15) {
			t.Errorf("inv, step %d: %v, want 0.5/(1 + 0.5*%v) = %v", i+1, v[i], tt, want)
		}
	}
	// Spot values: exp(-1)/2 = 0.18394 at the 11th step; 1/(1+0.5*2)/2 = 0.25 at the 3rd.
	if !near(e[10], 0.18393972058572117, 1e-15) || v[2] != 0.25 {
		t.Errorf("exp 11th %v, inv 3rd %v", e[10], v[2])
	}
	// LRAt tells the views the eta of the next step.
	var st optim.State
	x := optim.Vec{1, 0.5}
	for range 4 {
		x = optim.Step(&inv, &st, x, bowl{}, nil)
	}
	if got := inv.LRAt(&st); got != 0.5/3 {
		t.Errorf("LRAt after 4 steps: %v, want 0.5/(1+0.5*4) = 1/6", got)
	}
	if got := inv.LRAt(nil); got != 0.5 {
		t.Errorf("LRAt(nil) = %v, want eta0", got)
	}
}

func TestOnRise(t *testing.T) {
	// On L = w^2/2 (the bowl with b = 0), eta = 2.5 overshoots:
	// w = 1 - 2.5*1 = -1.5, the loss rises from 0.5 to 1.125, eta halves to
	// 1.25; then w = -1.5 + 1.25*1.5 = 0.375 (0.0703125) and
	// w = 0.375 - 1.25*0.375 = -0.09375 (0.00439453125): no more rises.
	cfg := withSchedule(optim.GD, 2.5, optim.OnRise)
	var st optim.State
	var rep optim.Report
	x := optim.Vec{1, 0}
	wantLR := []float64{2.5, 1.25, 1.25, 1.25}
	wantX := []float64{-1.5, 0.375, -0.09375, 0.0234375}
	for i := range wantLR {
		x = optim.Step(&cfg, &st, x, bowl{}, &rep)
		if rep.LR != wantLR[i] || x[0] != wantX[i] {
			t.Errorf("step %d: eta %v to %v, want %v to %v", i+1, rep.LR, x[0], wantLR[i], wantX[i])
		}
		if i == 0 && (st.PrevEpochLoss != 0.5 || st.EpochLoss != 1.125 || st.LRScale != 0.5) {
			t.Errorf("after the rising epoch: previous loss %v, loss %v, scale %v; want 0.5, 1.125, 0.5", st.PrevEpochLoss, st.EpochLoss, st.LRScale)
		}
	}
	if got := cfg.LRAt(&st); got != 1.25 {
		t.Errorf("LRAt = %v, want 1.25", got)
	}
	// A loss that stays the same (a ball resting at the minimum) is no rise.
	for i, lr := range lrs(withSchedule(optim.GD, 0.05, optim.OnRise), bowl{}, optim.Vec{}, 3) {
		if lr != 0.05 {
			t.Fatalf("constant loss, step %d: eta %v", i+1, lr)
		}
	}
	// A falling loss never anneals.
	for i, lr := range lrs(withSchedule(optim.GD, 0.05, optim.OnRise), bowl{}, optim.Vec{1, 0.5}, 30) {
		if lr != 0.05 {
			t.Fatalf("falling loss, step %d: eta %v", i+1, lr)
		}
	}
}

// TestOnRiseEpochs: with stochastic steps eta changes only at epoch ends,
// and exactly after the epochs whose full end-of-epoch loss rose.
func TestOnRiseEpochs(t *testing.T) {
	obj := manyPoints(5)
	cfg := withSchedule(optim.GD, 20, optim.OnRise)
	cfg.Batch = 1
	start := optim.Vec{1, -0.5}
	reps := run(cfg, obj, start, 60)
	prevLoss, want, rises := obj.Loss(start[0], start[1], nil), 20.0, 0
	for i, r := range reps {
		if r.LR != want {
			t.Fatalf("step %d (epoch %d): eta %v, want %v", i+1, r.Epoch, r.LR, want)
		}
		if r.EpochEnd {
			l := obj.Loss(r.To[0], r.To[1], nil)
			if l > prevLoss {
				want /= 2
				rises++
			}
			prevLoss = l
		}
	}
	if rises < 2 {
		t.Errorf("%d epochs' losses rose in this run: the test needs a rougher start", rises)
	}
}

func TestSutskeverGamma(t *testing.T) {
	// 1 - 2^(-1 - log2(floor(t/250) + 1)) = 1 - 1/(2 (floor(t/250) + 1))
	for _, c := range []struct {
		t          int
		max, gamma float64
	}{
		{0, 0.999, 0.5},       // floor = 0: 1 - 2^-1
		{249, 0.999, 0.5},     // still the first block of 250
		{250, 0.999, 0.75},    // floor = 1: 1 - 2^-2
		{750, 0.999, 0.875},   // floor = 3: log2(4) = 2, 1 - 2^-3
		{1750, 0.999, 0.9375}, // floor = 7: log2(8) = 3, 1 - 2^-4
		{1750, 0.9, 0.9},      // capped
		{100000, 0.99, 0.99},  // 1 - 1/802 = 0.99875, capped
		{500, 0, 0},           // gammaMax 0: plain GD
		{-5, 0.999, 0.5},
	} {
		if got := optim.SutskeverGamma(c.t, c.max); got != c.gamma {
			t.Errorf("SutskeverGamma(%d, %v) = %v, want %v", c.t, c.max, got, c.gamma)
		}
	}
	// In a run it replaces Gamma: the 250th update uses t = 249, the 251st t = 250.
	cfg := config(optim.Momentum, 1e-3)
	cfg.MomentumSchedule, cfg.GammaMax = true, 0.7
	reps := run(cfg, bowl{}, optim.Vec{1, 0.5}, 252)
	if reps[0].Gamma != 0.5 || reps[249].Gamma != 0.5 || reps[250].Gamma != 0.7 {
		t.Errorf("gamma at updates 1, 250, 251: %v %v %v; want 0.5 0.5 0.7 (0.75 capped)", reps[0].Gamma, reps[249].Gamma, reps[250].Gamma)
	}
	// 2nd update: u2 = 0.5*u1 + eta*g
	if want := 0.5*reps[0].Upd[0] + 1e-3*reps[1].Grad[0]; reps[1].Upd[0] != want {
		t.Errorf("second update %v, want %v", reps[1].Upd[0], want)
	}
}

func TestScheduleNames(t *testing.T) {
	names := optim.Schedules()
	if strings.Join(names, " ") != "constant step rise exp inv" {
		t.Errorf("Schedules() = %v", names)
	}
	for i, n := range names {
		k, err := optim.ParseSchedule(n)
		if err != nil || k != optim.ScheduleKind(i) || k.String() != n {
			t.Errorf("ParseSchedule(%q) = %v, %v", n, k, err)
		}
	}
	names[0] = "changed"
	if optim.Constant.String() != "constant" {
		t.Error("changing the slice of Schedules renamed a schedule")
	}
	_, err := optim.ParseSchedule("cosine")
	if err == nil || !strings.HasPrefix(err.Error(), `schedule: "cosine" is unknown`) || !strings.Contains(err.Error(), "constant, step, rise, exp, inv") {
		t.Errorf("ParseSchedule(cosine): %v", err)
	}
}
