package view

import (
	"fmt"
	"math"
	"testing"
)

func checkLevels(t *testing.T, lv []float64, lo, hi float64, n int) {
	t.Helper()
	if len(lv) == 0 || len(lv) > n {
		t.Fatalf("Levels(%v, %v, %d) = %v: want 1..%d levels", lo, hi, n, lv, n)
	}
	for k, v := range lv {
		if !(v > lo && v < hi) {
			t.Errorf("level %v outside (%v, %v)", v, lo, hi)
		}
		if k > 0 && !(v > lv[k-1]) {
			t.Errorf("levels not increasing: %v", lv)
		}
	}
}

func TestLevelsLogRosenbrock(t *testing.T) {
	// Rosenbrock over [-2, 2] x [-1, 3]: minimum 0, maximum 2509.
	lv := Levels(0, 2509, 12, true, nil)
	checkLevels(t, lv, 0, 2509, 12)
	want := []float64{0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}
	if fmt.Sprint(lv) != fmt.Sprint(want) {
		t.Errorf("Levels(0, 2509, 12, log) = %v, want %v", lv, want)
	}
	// Log spaced: the ratios stay in [2, 2.5], not the differences.
	for k := 1; k < len(lv); k++ {
		if r := lv[k] / lv[k-1]; r < 2 || r > 2.5 {
			t.Errorf("ratio %v between %v and %v", r, lv[k-1], lv[k])
		}
	}
	// A positive minimum: the levels start there.
	lv = Levels(0.02, 150, 12, true, lv)
	checkLevels(t, lv, 0.02, 150, 12)
	if lv[0] != 0.05 || lv[len(lv)-1] != 100 {
		t.Errorf("Levels(0.02, 150) = %v", lv)
	}
	// Many decades thin out to fewer per decade, never past n.
	for _, tc := range []struct{ lo, hi float64 }{{1e-3, 1e4}, {1e-9, 1e9}, {1e-300, 1e300}, {0, 1e6}} {
		lv = Levels(tc.lo, tc.hi, 12, true, lv)
		checkLevels(t, lv, tc.lo, tc.hi, 12)
		if len(lv) < 4 {
			t.Errorf("Levels(%v, %v) = %v: too few", tc.lo, tc.hi, lv)
		}
	}
	if got := Levels(1e-3, 1e4, 12, true, nil); fmt.Sprint(got) != "[0.01 0.1 1 10 100 1000]" {
		t.Errorf("Levels(1e-3, 1e4) = %v", got)
	}
}

func TestLevelsLinear(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		log    bool
		want   string
	}{
		{0, 8, 10, false, "[1 2 3 4 5 6 7]"},
		{1, 5, 10, true, "[1.5 2 2.5 3 3.5 4 4.5]"}, // log asked, but no decades to span
		{0.2, 0.9, 10, false, "[0.3 0.4 0.5 0.6 0.7 0.8]"},
		{-3, 2, 6, false, "[-2 -1 0 1]"},
		{100, 101, 5, false, "[100.2 100.4 100.6 100.8]"},
		{0, 80, 12, false, "[10 20 30 40 50 60 70]"},
	} {
		got := Levels(tc.lo, tc.hi, tc.n, tc.log, nil)
		if fmt.Sprint(got) != tc.want {
			t.Errorf("Levels(%v, %v, %d, %v) = %v, want %v", tc.lo, tc.hi, tc.n, tc.log, got, tc.want)
		}
		checkLevels(t, got, tc.lo, tc.hi, tc.n)
		for k := 2; k < len(got); k++ {
			if math.Abs((got[k]-got[k-1])-(got[1]-got[0])) > 1e-9 {
				t.Errorf("not evenly spaced: %v", got)
			}
		}
	}
	for _, tc := range [][2]float64{{1, 1}, {2, 1}, {math.NaN(), 1}, {0, math.Inf(1)}, {math.Inf(-1), 0}} {
		if got := Levels(tc[0], tc[1], 10, true, nil); len(got) != 0 {
			t.Errorf("Levels(%v, %v) = %v, want none", tc[0], tc[1], got)
		}
	}
	if got := Levels(0, 1, 0, false, nil); len(got) != 1 {
		t.Errorf("n = 0 gives %v, want one level", got)
	}
}

func TestSpansDecades(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   bool
	}{
		{0, 2500, true}, {1, 1000, true}, {1, 99, false}, {-1, 5, true}, {-5, -1, false}, {3, 3, false},
	} {
		if got := SpansDecades(tc.lo, tc.hi); got != tc.want {
			t.Errorf("SpansDecades(%v, %v) = %v", tc.lo, tc.hi, got)
		}
	}
}

func TestLabelLevels(t *testing.T) {
	lab := func(lv []float64, max int) []float64 {
		var out []float64
		for k, on := range LabelLevels(lv, max, nil) {
			if on {
				out = append(out, lv[k])
			}
		}
		return out
	}
	if got := lab([]float64{0.5, 1, 1.5, 2, 2.5, 3, 3.5}, 4); fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("labels %v, want whole numbers", got)
	}
	if got := lab([]float64{1, 2, 3, 4, 5, 6, 7}, 4); fmt.Sprint(got) != "[2 4 6]" {
		t.Errorf("labels %v", got)
	}
	if got := lab([]float64{1, 2, 3}, 5); fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("labels %v", got)
	}
	log := []float64{0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000}
	if got := lab(log, 5); fmt.Sprint(got) != "[1 10 100 1000]" {
		t.Errorf("log labels %v, want the powers of ten", got)
	}
	if got := lab(log, 2); len(got) != 2 || got[0] != 1 || got[1] != 100 {
		t.Errorf("log labels %v, want every other power of ten", got)
	}
	if got := lab([]float64{2, 5, 20, 50}, 2); len(got) != 2 {
		t.Errorf("labels %v, want 2 of them", got)
	}
	if got := LabelLevels(nil, 3, nil); len(got) != 0 {
		t.Errorf("labels of no levels: %v", got)
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{-2, 2, 5, "[-2 -1 0 1 2]"},
		{-6, 6, 5, "[-5 0 5]"},
		{0, 2509, 5, "[0 1000 2000]"},
		{-1, 3, 5, "[-1 0 1 2 3]"},
		{0.1, 0.7, 5, "[0.2 0.4 0.6]"},
		{0, 0, 5, "[]"},
	} {
		if got := NiceTicks(tc.lo, tc.hi, tc.n, nil); fmt.Sprint(got) != tc.want {
			t.Errorf("NiceTicks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
		}
	}
}

// Rosenbrock's loss runs from 0 to about 2,500 over its box: the levels are
// log spaced, and the powers of ten get labels.
func ExampleLevels() {
	levels := Levels(0, 2509, 12, true, nil)
	labels := LabelLevels(levels, 4, nil)
	fmt.Println(levels)
	var labelled []float64
	for k, on := range labels {
		if on {
			labelled = append(labelled, levels[k])
		}
	}
	fmt.Println(labelled)
	fmt.Println(Levels(0, 0.75, 8, false, nil))
	// Output:
	// [0.5 1 2 5 10 20 50 100 200 500 1000 2000]
	// [1 10 100 1000]
	// [0.1 0.2 0.3 0.4 0.5 0.6 0.7]
}
