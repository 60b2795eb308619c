package optim_test

import (
	"slices"
	"testing"

	"downhill/optim"
)

func TestStepsPerEpoch(t *testing.T) {
	for _, c := range []struct{ n, batch, want int }{
		{10, 0, 1},    // full batch
		{10, 1, 10},   // stochastic: N steps
		{10, 3, 4},    // ceil(10/3): 3, 3, 3, 1
		{10, 5, 2},    // N/B
		{10, 10, 1},   // a batch of everything is full batch
		{10, 20, 1},   //
		{2, 1, 2},     // the lecture's neuron, stochastic
		{1, 1, 1},     // an analytic function
		{300, 1, 1},   // more than MaxPoints: full batch
		{256, 1, 256}, // MaxPoints itself is sampled
		{10, -1, 1},
	} {
		if got := optim.StepsPerEpoch(c.n, c.batch); got != c.want {
			t.Errorf("StepsPerEpoch(%d, %d) = %d, want %d", c.n, c.batch, got, c.want)
		}
	}
}

// epochs runs GD with the given batch size on n points and returns, for
// each completed epoch, the batches it used (copied).
func epochs(t *testing.T, n, batch int, seed uint64, steps int) [][][]uint8 {
	t.Helper()
	obj := manyPoints(n)
	cfg := config(optim.GD, 0.01)
	cfg.Batch, cfg.Seed = batch, seed
	var st optim.State
	var rep optim.Report
	var out [][][]uint8
	var cur [][]uint8
	x := optim.Vec{0.5, 0}
	for i := range steps {
		x = optim.Step(&cfg, &st, x, obj, &rep)
		if rep.Epoch != len(out) {
			t.Fatalf("step %d: report epoch %d, want %d", i+1, rep.Epoch, len(out))
		}
		// The gradient is the one over the batch, at the ball.
		dw, db := obj.Grad(rep.At[0], rep.At[1], rep.Batch)
		if rep.Grad != (optim.Vec{dw, db}) {
			t.Fatalf("step %d: gradient %v is not the batch's %v", i+1, rep.Grad, optim.Vec{dw, db})
		}
		cur = append(cur, slices.Clone(rep.Batch))
		if rep.EpochEnd {
			out = append(out, cur)
			cur = nil
			if st.Epoch != len(out) {
				t.Fatalf("step %d: state epoch %d, want %d", i+1, st.Epoch, len(out))
			}
		}
	}
	return out
}

func TestSamplerCoversEveryPointOncePerEpoch(t *testing.T) {
	const n = 10
	for _, c := range []struct {
		batch int
		sizes []int
	}{
		{1, []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}},
		{3, []int{3, 3, 3, 1}}, // the last batch of an epoch is shorter
		{4, []int{4, 4, 2}},
		{5, []int{5, 5}},
		{9, []int{9, 1}},
	} {
		eps := epochs(t, n, c.batch, 1, 3*len(c.sizes))
		if len(eps) != 3 {
			t.Fatalf("batch %d: %d steps made %d epochs, want 3", c.batch, 3*len(c.sizes), len(eps))
		}
		for e, batches := range eps {
			var seen []uint8
			var sizes []int
			for _, b := range batches {
				seen = append(seen, b...)
				sizes = append(sizes, len(b))
			}
			if !slices.Equal(sizes, c.sizes) {
				t.Errorf("batch %d, epoch %d: batch sizes %v, want %v", c.batch, e, sizes, c.sizes)
			}
			slices.Sort(seen)
			if !slices.Equal(seen, []uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
				t.Errorf("batch %d, epoch %d: points %v, want each of 0..9 once", c.batch, e, seen)
			}
		}
	}
	// Full batch: a nil batch (all points) and an epoch every step.
	for _, b := range []int{0, n, 100} {
		eps := epochs(t, n, b, 1, 4)
		if len(eps) != 4 || len(eps[0]) != 1 || eps[0][0] != nil {
			t.Errorf("batch %d: %d epochs of %v, want 4 of one nil batch", b, len(eps), eps[0])
		}
	}
	// More points than MaxPoints: full batch.
	if eps := epochs(t, optim.MaxPoints+44, 1, 1, 2); len(eps) != 2 || eps[0][0] != nil {
		t.Errorf("%d points with batch 1: not full batch", optim.MaxPoints+44)
	}
}

func order(eps [][][]uint8) []uint8 {
	var o []uint8
	for _, e := range eps {
		for _, b := range e {
			o = append(o, b...)
		}
	}
	return o
}

func TestSamplerSeeds(t *testing.T) {
	a, b := order(epochs(t, 10, 1, 7, 30)), order(epochs(t, 10, 1, 7, 30))
	if !slices.Equal(a, b) {
		t.Errorf("seed 7 twice: %v and %v", a, b)
	}
	if c := order(epochs(t, 10, 1, 8, 30)); slices.Equal(a, c) {
		t.Errorf("seeds 7 and 8 gave the same order %v", a)
	}
	// Each epoch is a fresh shuffle, and not the identity.
	if slices.Equal(a[:10], a[10:20]) || slices.Equal(a[10:20], a[20:]) {
		t.Errorf("consecutive epochs repeat the same order: %v", a)
	}
	if slices.IsSorted(a[:10]) {
		t.Errorf("the first epoch is not shuffled: %v", a[:10])
	}
	// Zeroing NPerm and Pos restarts the shuffle from the (new) seed, as
	// the world does when batch or seed change.
	obj := manyPoints(10)
	cfg := config(optim.GD, 0.01)
	cfg.Batch, cfg.Seed = 1, 8
	var st optim.State
	var rep optim.Report
	x := optim.Vec{0.5, 0}
	for range 13 {
		x = optim.Step(&cfg, &st, x, obj, &rep)
	}
	cfg.Seed = 7
	st.NPerm, st.Pos = 0, 0
	var restarted []uint8
	for range 10 {
		x = optim.Step(&cfg, &st, x, obj, &rep)
		restarted = append(restarted, rep.Batch...)
	}
	if !slices.Equal(restarted, a[:10]) {
		t.Errorf("restarted with seed 7: %v, want seed 7's first epoch %v", restarted, a[:10])
	}
	// Seed 0 is a seed like any other.
	if z := order(epochs(t, 10, 1, 0, 10)); slices.Equal(z, a[:10]) || slices.IsSorted(z) {
		t.Errorf("seed 0 gave %v", z)
	}
}

// TestSnapshot: a State is a value: a copy continues exactly like the
// original, and a zeroed one replays the run from the start.
func TestSnapshot(t *testing.T) {
	for r := range optim.NumRules {
		cfg := optim.Defaults(r)
		cfg.LR /= 10
		cfg.Batch = 4 // 4, 4, 2: no one-point batch, whose Hessian is singular
		cfg.Schedule.Kind = optim.OnRise
		obj := manyPoints(10)
		var st optim.State
		x := optim.Vec{1.4, -0.4}
		for range 7 {
			x = optim.Step(&cfg, &st, x, obj, nil)
		}
		snap, xs := st, x
		for range 9 {
			x = optim.Step(&cfg, &st, x, obj, nil)
		}
		for range 9 {
			xs = optim.Step(&cfg, &snap, xs, obj, nil)
		}
		if !x.Finite() {
			t.Fatalf("%v: diverged to %v; the test needs a gentler start", r, x)
		}
		if x != xs || st != snap {
			t.Errorf("%v: the snapshot went to %v, the original to %v", r, xs, x)
		}
		var again optim.State
		y := optim.Vec{1.4, -0.4}
		for range 16 {
			y = optim.Step(&cfg, &again, y, obj, nil)
		}
		if y != x {
			t.Errorf("%v: a zero State replayed to %v, the first run reached %v", r, y, x)
		}
	}
}
