package view

import (
	"fmt"
	"math"
	"testing"

	"downhill/surfaces"
)

// grid samples f on nw x nb vertices over box, the HeightField layout.
func grid(box surfaces.Box, nw, nb int, f func(w, b float64) float64) []float64 {
	return fieldOf(box, nw, nb, f).H
}

func cone(w, b float64) float64 { return math.Hypot(w, b) }

// TestIsolinesCone: on a cone the level-c isoline is the circle of radius
// c, one closed loop, run clockwise (higher values outside, on the left).
func TestIsolinesCone(t *testing.T) {
	box := surfaces.Box{WMin: -1, WMax: 1, BMin: -1, BMax: 1}
	const n = 101
	g := grid(box, n, n, cone)
	cell := 2.0 / (n - 1)
	var segs []Segment
	var pl Polylines
	for _, c := range []float64{0.13, 0.5, 0.77, 0.95} {
		segs = Isolines(g, n, n, box, c, segs[:0])
		if len(segs) < 20 {
			t.Fatalf("level %v: %d segments", c, len(segs))
		}
		// Linear interpolation of a cone along an edge is off by at most
		// cell^2 / (8c) or so.
		tol := cell * cell / c
		for _, s := range segs {
			for _, r := range []float64{math.Hypot(s.W0, s.B0), math.Hypot(s.W1, s.B1)} {
				if math.Abs(r-c) > tol {
					t.Fatalf("level %v: end point at radius %v", c, r)
				}
			}
		}
		pl.Join(segs)
		if pl.Len() != 1 {
			t.Fatalf("level %v: %d polylines, want 1", c, pl.Len())
		}
		pts, closed := pl.Line(0)
		if !closed || pts[0] != pts[len(pts)-1] || len(pts) != len(segs)+1 {
			t.Fatalf("level %v: polyline of %d points (closed %v) from %d segments", c, len(pts), closed, len(segs))
		}
		area, length := 0.0, 0.0
		for k := 1; k < len(pts); k++ {
			a, b := pts[k-1], pts[k]
			area += (a.W*b.B - b.W*a.B) / 2
			length += math.Hypot(b.W-a.W, b.B-a.B)
		}
		if want := -math.Pi * c * c; math.Abs(area-want) > 0.01*math.Abs(want) {
			t.Errorf("level %v: signed area %v, want %v (clockwise circle)", c, area, want)
		}
		if want := 2 * math.Pi * c; math.Abs(length-want) > 0.01*want {
			t.Errorf("level %v: length %v, want %v", c, length, want)
		}
	}
	// Level 1.2 crosses the corners: four open arcs, each from one box
	// edge to another.
	segs = Isolines(g, n, n, box, 1.2, segs[:0])
	pl.Join(segs)
	if pl.Len() != 4 {
		t.Fatalf("level 1.2: %d polylines, want 4 corner arcs", pl.Len())
	}
	for k := 0; k < 4; k++ {
		pts, closed := pl.Line(k)
		onEdge := func(p WB) bool { return math.Abs(math.Abs(p.W)-1) < 1e-12 || math.Abs(math.Abs(p.B)-1) < 1e-12 }
		if closed || !onEdge(pts[0]) || !onEdge(pts[len(pts)-1]) {
			t.Errorf("arc %d: closed %v, ends %v %v", k, closed, pts[0], pts[len(pts)-1])
		}
	}
}

// TestIsolinesOrientation: the higher values lie left of every segment,
// on a surface with saddles, peaks and pits.
func TestIsolinesOrientation(t *testing.T) {
	const n = 61
	hf := fieldOf(testBox, n, n, hills)
	cw, cb := hf.CellSize()
	var segs []Segment
	checked, wrong := 0, 0
	for _, level := range Levels(hf.Lo, hf.Hi, 15, false, nil) {
		segs = Isolines(hf.H, n, n, testBox, level, segs[:0])
		for _, s := range segs {
			dw, db := s.W1-s.W0, s.B1-s.B0
			l := math.Hypot(dw/cw, db/cb)
			if l < 0.2 {
				continue // too short to tell left from right
			}
			// A step of a tenth of a cell to the left of the midpoint.
			mw, mb := (s.W0+s.W1)/2, (s.B0+s.B1)/2
			lw, lb := mw-db/l*0.1, mb+dw/l*0.1
			rw, rb := mw+db/l*0.1, mb-dw/l*0.1
			checked++
			if !(hf.At(lw, lb) > hf.At(rw, rb)) {
				wrong++
			}
		}
	}
	if checked < 500 || wrong > checked/200 {
		t.Errorf("%d of %d segments have the higher side on the right", wrong, checked)
	}
}

func TestIsolinesSaddle(t *testing.T) {
	box := surfaces.Box{WMin: 0, WMax: 1, BMin: 0, BMax: 1}
	// Corners: (0,0)=1, (1,0)=0, (0,1)=0, (1,1)=1: case 5.
	for _, tc := range []struct {
		g      []float64
		level  float64
		joined bool // the high corners join through the centre
	}{
		{[]float64{1, 0, 0, 1}, 0.4, true},  // centre 0.5 above
		{[]float64{1, 0, 0, 1}, 0.6, false}, // centre below
		{[]float64{0, 1, 1, 0}, 0.4, true},  // case 10
		{[]float64{0, 1, 1, 0}, 0.6, false},
	} {
		segs := Isolines(tc.g, 2, 2, box, tc.level, nil)
		if len(segs) != 2 {
			t.Fatalf("%v at %v: %d segments", tc.g, tc.level, len(segs))
		}
		// Each segment cuts off one corner; which corners it cuts off
		// tells how the saddle was resolved: the low ones when joined.
		for _, s := range segs {
			mw, mb := (s.W0+s.W1)/2, (s.B0+s.B1)/2
			cw, cb := math.Round(mw), math.Round(mb) // the corner cut off
			v := tc.g[int(cb)*2+int(cw)]
			if low := v < tc.level; low != tc.joined {
				t.Errorf("%v at %v: segment %+v cuts off corner (%v,%v) of value %v", tc.g, tc.level, s, cw, cb, v)
			}
		}
	}
}

func TestIsolinesNonFinite(t *testing.T) {
	box := surfaces.Box{WMin: -1, WMax: 1, BMin: -1, BMax: 1}
	const n = 21
	g := grid(box, n, n, cone)
	g[10*n+10] = math.NaN()
	g[3*n+4] = math.Inf(1)
	g[15*n+15] = math.Inf(-1)
	for _, level := range []float64{0.05, 0.3, 0.9} {
		segs := Isolines(g, n, n, box, level, nil)
		for _, s := range segs {
			for _, v := range []float64{s.W0, s.B0, s.W1, s.B1} {
				if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1 {
					t.Fatalf("level %v: segment %+v", level, s)
				}
			}
		}
	}
	if segs := Isolines(g, 1, n, box, 0.5, nil); len(segs) != 0 {
		t.Errorf("a one-column grid gives segments")
	}
	if segs := Isolines(g, n, n, box, math.NaN(), nil); len(segs) != 0 {
		t.Errorf("a NaN level gives segments")
	}
}

// TestJoinOpen: on a plane the isoline is a straight open line across the
// box, running with the higher side on its left.
func TestJoinOpen(t *testing.T) {
	g := grid(testBox, 17, 9, func(w, b float64) float64 { return w })
	segs := Isolines(g, 17, 9, testBox, 0.3, nil)
	var pl Polylines
	pl.Join(segs)
	if pl.Len() != 1 {
		t.Fatalf("%d polylines", pl.Len())
	}
	pts, closed := pl.Line(0)
	if closed || len(pts) != 9 {
		t.Fatalf("closed %v, %d points", closed, len(pts))
	}
	// w grows to the right, so the line runs down (b decreasing).
	if pts[0].B != testBox.BMax || pts[len(pts)-1].B != testBox.BMin {
		t.Errorf("line runs from %v to %v", pts[0], pts[len(pts)-1])
	}
	for _, p := range pts {
		if math.Abs(p.W-0.3) > 1e-12 {
			t.Errorf("point %v off w = 0.3", p)
		}
	}
	// Joining again reuses the buffers.
	if a := testing.AllocsPerRun(10, func() { pl.Join(segs) }); a > 1 {
		t.Errorf("Join allocates %v times", a)
	}
}

func TestLabelSpots(t *testing.T) {
	box := surfaces.Box{WMin: -1, WMax: 1, BMin: -1, BMax: 1}
	const n = 81
	g := grid(box, n, n, cone)
	var segs []Segment
	var pl Polylines
	var spots []LabelSpot
	levels := []float64{0.05, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2}
	opt := LabelOptions{}
	for k, c := range levels {
		segs = Isolines(g, n, n, box, c, segs[:0])
		pl.Join(segs)
		spots = LabelSpots(&pl, box, k, opt, spots)
	}
	if len(spots) < 5 {
		t.Fatalf("only %d label spots", len(spots))
	}
	seen := map[int]bool{}
	for i, s := range spots {
		seen[s.Level] = true
		c := levels[s.Level]
		if r := math.Hypot(s.W, s.B); math.Abs(r-c) > 0.01 {
			t.Errorf("spot %+v at radius %v, not on its level %v", s, r, c)
		}
		if math.Abs(s.W) > 1-0.12 || math.Abs(s.B) > 1-0.12 {
			t.Errorf("spot %+v too near the edge", s)
		}
		if math.Abs(math.Hypot(s.DX, s.DY)-1) > 1e-9 {
			t.Errorf("spot direction %v %v not a unit vector", s.DX, s.DY)
		}
		// Tangent to the circle: perpendicular to the radius.
		if d := (s.W*s.DX + s.B*s.DY) / math.Hypot(s.W, s.B); math.Abs(d) > 0.1 {
			t.Errorf("spot %+v direction not along the circle", s)
		}
		for _, o := range spots[:i] {
			if math.Hypot(o.W-s.W, o.B-s.B) < 0.3-1e-9 {
				t.Errorf("spots %+v and %+v too close", o, s)
			}
		}
	}
	if seen[0] {
		t.Errorf("the tiny level-0.05 circle got a label")
	}
	if !seen[6] {
		t.Errorf("the long level-1.0 arcs got no label")
	}
}

func BenchmarkIsolines12x256(b *testing.B) {
	hf := fieldOf(testBox, 256, 256, hills)
	levels := Levels(hf.Lo, hf.Hi, 12, false, nil)
	var segs []Segment
	var pl Polylines
	b.ReportAllocs()
	for b.Loop() {
		for _, lv := range levels {
			segs = Isolines(hf.H, 256, 256, testBox, lv, segs[:0])
			pl.Join(segs)
		}
	}
}

func BenchmarkIsolinesOnly12x256(b *testing.B) {
	hf := fieldOf(testBox, 256, 256, hills)
	levels := Levels(hf.Lo, hf.Hi, 12, false, nil)
	var segs []Segment
	b.ReportAllocs()
	for b.Loop() {
		for _, lv := range levels {
			segs = Isolines(hf.H, 256, 256, testBox, lv, segs[:0])
		}
	}
}

// The level-0.5 isoline of a cone is a circle of radius 0.5: one closed
// polyline, run clockwise (higher values on its left).
func ExampleIsolines() {
	box := surfaces.Box{WMin: -1, WMax: 1, BMin: -1, BMax: 1}
	g := grid(box, 41, 41, cone)
	segs := Isolines(g, 41, 41, box, 0.5, nil)
	var pl Polylines
	pl.Join(segs)
	pts, closed := pl.Line(0)
	fmt.Println(pl.Len(), closed, len(pts) == len(segs)+1)
	fmt.Printf("%.3f\n", math.Hypot(pts[0].W, pts[0].B))
	// Output:
	// 1 true true
	// 0.500
}
