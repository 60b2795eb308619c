package view

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"downhill/game/sim"
	"downhill/optim"
)

// recordTexts makes the scene note every text it draws.
func recordTexts(s *Scene) *[]DrawnText {
	var texts []DrawnText
	s.texts = &texts
	s.SetAtlas(s.atlas)
	return &texts
}

// TestTextRefusesNonFiniteNumbers: the one way a number becomes text
// (AppendNum) writes a dash for NaN and the infinities, and a frame of a
// world full of undefined values draws no "NaN", "Inf" or "undefined"
// where a number belongs.
func TestTextRefusesNonFiniteNumbers(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := string(AppendNum(nil, v, 4)); got != NoNumber {
			t.Errorf("AppendNum(%v) = %q, want %q", v, got, NoNumber)
		}
	}
	if got := string(AppendNum([]byte("L "), 0.25, 3)); got != "L 0.25" {
		t.Errorf("AppendNum(0.25) = %q", got)
	}
	// A custom surface undefined in three quarters of the box, a diverged
	// ball, the hover over an undefined point, step mode paused.
	w, s := newTestScene(t, "f=sqrt(w)*b%2Blog(b)&paused=1")
	texts := recordTexts(s)
	if err := w.Do(&sim.AddBall{Start: optim.Vec{1, 1}, Rule: "gd"}); err != nil {
		t.Fatal(err)
	}
	w.Do(sim.Step{N: 3})
	if b := w.Balls[0]; b.Status != sim.Diverged || b.DivergedAt != 1 || b.DivergedLR != 1 {
		t.Fatalf("the ball from (1, 1) should stop on entering the undefined region at step 1 with η 1: %v at %d (η %v)", b.Status, b.DivergedAt, b.DivergedLR)
	}
	x, y := s.ToContour(-3, -3)
	s.HoverOn, s.HoverX, s.HoverY = true, x, y
	s.Invalidate()
	s.Frame(w, 1280, 720, 1)
	if len(*texts) < 20 {
		t.Fatalf("only %d texts recorded: the recorder does not see the chrome", len(*texts))
	}
	seenUndef := false
	for _, tx := range *texts {
		for _, bad := range []string{"NaN", "Inf", "+Inf", "-Inf"} {
			if strings.Contains(tx.Text, bad) {
				t.Errorf("drawn text %q holds %q", tx.Text, bad)
			}
		}
		if strings.Contains(tx.Text, "undefined where") {
			seenUndef = true
		} else if strings.Contains(tx.Text, "undefined") && !strings.Contains(tx.Text, "diverged") {
			t.Errorf("drawn text %q says undefined where a number belongs", tx.Text)
		}
	}
	if !seenUndef {
		t.Errorf("the map does not say where the loss is undefined; texts: %v", *texts)
	}
}

// TestViewsFitSmallFrames: every subset of the views, in the order given,
// at 320x240, 480x320 and 800x500: the views shown do not overlap, lie on
// the canvas, the others are empty, a view asked for that the canvas is
// too small for is listed in Hidden (never the main view, the contour map,
// nor the only one), and no text is drawn outside the view it belongs to.
func TestViewsFitSmallFrames(t *testing.T) {
	names := []string{"3d", "contour", "loss", "fit"}
	for _, size := range [][2]float64{{320, 240}, {480, 320}, {800, 500}} {
		for mask := 1; mask < 16; mask++ {
			var vs []string
			for k, n := range names {
				if mask&(1<<k) != 0 {
					vs = append(vs, n)
				}
			}
			q := "views=" + strings.Join(vs, ",") + "&balls=-2,-2&opt=gd,momentum,nag&paused=1"
			name := fmt.Sprintf("%vx%v/%s", size[0], size[1], strings.Join(vs, ","))
			t.Run(name, func(t *testing.T) {
				w, s := newTestScene(t, q)
				texts := recordTexts(s)
				w.Do(sim.Step{N: 20})
				s.Frame(w, size[0], size[1], 1)
				l := s.Layout()
				rects := map[string]Rect{"3d": l.Surface, "contour": l.Contour, "loss": l.Loss, "fit": l.Fit}
				canvas := Rect{0, 0, size[0], size[1]}
				var shown []Rect
				for _, n := range names {
					r := rects[n]
					want := mask&(1<<indexOf(names, n)) != 0
					if !want {
						if r.W > 0 && r.H > 0 {
							t.Errorf("%s is not asked for but has %+v", n, r)
						}
						continue
					}
					if r.W <= 0 && slices.ContainsFunc(l.Hidden, func(v sim.View) bool { return v.String() == n }) {
						if n == "contour" || len(vs) == 1 {
							t.Errorf("%s, the main view, is hidden", n)
						}
						continue
					}
					if r.W <= 0 || r.H <= 0 || !inside(r, canvas) {
						t.Errorf("%s: %+v, not a rectangle on the %vx%v canvas", n, r, size[0], size[1])
					}
					for _, o := range shown {
						if overlap(r, o) {
							t.Errorf("%s %+v overlaps %+v", n, r, o)
						}
					}
					shown = append(shown, r)
				}
				for _, tx := range *texts {
					ok := false
					for _, r := range shown {
						ok = ok || inside(tx.Bounds, r)
					}
					if !ok && !inside(tx.Bounds, Rect{0, 0, size[0], float64(s.px(60)) + 0.5}) { // the notice: none here
						t.Errorf("text %q at %+v is outside every view", tx.Text, tx.Bounds)
					}
				}
			})
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func overlap(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// TestUndefinedIsAHole: where the loss is undefined the map is grey, not a
// colour of the map, the mesh has no triangles and hides nothing, and the
// colour scale comes from the finite values.
func TestUndefinedIsAHole(t *testing.T) {
	w, s := newTestScene(t, "f=sqrt(w)*b%2Blog(b)&paused=1")
	sf := &s.surf
	if sf.hf.Defined() {
		t.Fatal("the field of sqrt(w)*b+log(b) should have undefined cells")
	}
	if !finite(sf.lo) || !finite(sf.hi) || !(sf.hi > sf.lo) {
		t.Fatalf("colour range [%v, %v] is not from the finite values", sf.lo, sf.hi)
	}
	// The map: a pixel in the undefined quarter is one of the greys.
	pix, tw, th, _ := s.Texture()
	p := s.Layout().ContourPlot
	x, y := s.ToContour(-3, -3)
	i, j := int(x-p.X), int(y-p.Y)
	if i < 0 || j < 0 || i >= tw || j >= th {
		t.Fatalf("(-3, -3) is off the texture")
	}
	r, g, b := pix[4*(j*tw+i)], pix[4*(j*tw+i)+1], pix[4*(j*tw+i)+2]
	if r != g || g != b || (r != UndefinedGrey && r != UndefinedHatch) {
		t.Errorf("undefined (-3, -3) is painted %02x%02x%02x, want a grey of the hatch", r, g, b)
	}
	// ...and a defined pixel is a colour of viridis.
	x, y = s.ToContour(3, 3)
	i, j = int(x-p.X), int(y-p.Y)
	if r, g, b := pix[4*(j*tw+i)], pix[4*(j*tw+i)+1], pix[4*(j*tw+i)+2]; r == g && g == b {
		t.Errorf("defined (3, 3) is grey %02x%02x%02x", r, g, b)
	}
	// The mesh: no triangle covers the undefined corner's cells.
	mhf := &sf.mhf
	holes := 0
	for jj := 0; jj < mhf.NB-1; jj++ {
		for ii := 0; ii < mhf.NW-1; ii++ {
			if !mhf.CellDefined(ii, jj) {
				holes++
			}
		}
	}
	cells := (mhf.NW - 1) * (mhf.NB - 1)
	var ml Layer
	s.d3.mesh.Emit(&ml)
	tris := len(layerTris(&ml))
	if holes < cells/2 || tris > 2*(cells-holes)+64*64 {
		t.Errorf("the mesh has %d triangles for %d cells of which %d are holes", tris, cells, holes)
	}
	// Picking through a hole finds nothing there; the z-buffer hides
	// nothing behind it.
	sx, sy, _, ok := s.ToSurface(-3, -3)
	if !ok {
		t.Fatal("(-3, -3) is not in the 3D view's box")
	}
	if wv, bv, hit := s.PickSurface(w, sx, sy); hit && wv < 0 && bv < 0 {
		t.Errorf("a pick at the hole hit the surface at (%v, %v)", wv, bv)
	}
	_ = w
}

// TestAtlasAtLoweredResolution: while frames run late the page halves the
// canvas's resolution and the adapter asks for an atlas at half the
// device's scale. Text must then be drawn half as many pixels wide (the
// browser scales the canvas back up), and the atlas must say the scale it
// was made for, or the adapter, which caches atlases by scale, would make a
// new one every frame (it did: 570 allocations and 20 ms a frame).
func TestAtlasAtLoweredResolution(t *testing.T) {
	full, half := NewAtlas(1), NewAtlas(0.5)
	if half.Scale != 0.5 || ClampScale(0.5) != 0.5 {
		t.Fatalf("an atlas asked for at scale 0.5 is at %v (ClampScale %v)", half.Scale, ClampScale(0.5))
	}
	for _, s := range []float64{0.5, 1, 1.5, 2, 3} {
		if got := NewAtlas(s).Scale; got != ClampScale(s) {
			t.Errorf("NewAtlas(%v).Scale = %v, ClampScale says %v", s, got, ClampScale(s))
		}
	}
	var l Layer
	wf := NewPen(&l, full).TextWidth("Error surface L(w, b)", Normal)
	wh := NewPen(&l, half).TextWidth("Error surface L(w, b)", Normal)
	if r := wh / wf; r < 0.4 || r > 0.6 {
		t.Errorf("at half resolution a title is %.0f px wide, at full %.0f: want about half", wh, wf)
	}
	if ClampScale(math.NaN()) != 1 || ClampScale(0.1) != 0.5 || ClampScale(100) != 8 {
		t.Errorf("ClampScale does not keep scales within [0.5, 8]")
	}
}

// TestResizeProjectsForTheNewLayout: after the canvas changes size (the
// page halves its resolution when frames run late, a window is resized),
// the 3D view is projected into the new layout, not the old one (it was:
// the mesh drawn twice too large, balls off the surface).
func TestResizeProjectsForTheNewLayout(t *testing.T) {
	w, errs := sim.NewFromQuery("paused=1", 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := NewScene(NewAtlas(1))
	s.Frame(w, 2048, 1400, 2)
	s.SetAtlas(NewAtlas(1))
	s.Frame(w, 1024, 700, 1)
	r := s.Layout().Surface
	b := w.Box
	for _, c := range [][2]float64{{b.WMin, b.BMin}, {b.WMin, b.BMax}, {b.WMax, b.BMin}, {b.WMax, b.BMax}} {
		x, y, _, ok := s.ToSurface(c[0], c[1])
		if !ok || !r.Contains(x, y) {
			t.Errorf("after the resize, the box's corner (%v, %v) is drawn at (%.0f, %.0f), outside the 3D view %+v", c[0], c[1], x, y, r)
		}
	}
}

// TestReadoutLeavesTheStartsVisible: the step readout takes the corner of
// the map that covers the least of the balls, their starts and their paths
// (in the bias-correction scene, the lower left corner it first took
// covered both balls' start).
func TestReadoutLeavesTheStartsVisible(t *testing.T) {
	w, s := newTestScene(t, "scene=5.9-bias-correction")
	texts := recordTexts(s)
	s.Frame(w, 1280, 720, 1)
	var box Rect
	for _, tx := range *texts {
		if strings.HasPrefix(tx.Text, "from w ") {
			box = tx.Bounds
		}
	}
	if box.W == 0 {
		t.Fatal("no step readout drawn")
	}
	// The readout's other lines start where that one does.
	for _, tx := range *texts {
		if b := tx.Bounds; math.Abs(b.X-box.X) < 1 && math.Abs(b.Y-box.Y) < 120 {
			x0, y0 := math.Min(box.X, b.X), math.Min(box.Y, b.Y)
			x1, y1 := math.Max(box.X+box.W, b.X+b.W), math.Max(box.Y+box.H, b.Y+b.H)
			box = Rect{x0, y0, x1 - x0, y1 - y0}
		}
	}
	for _, b := range w.Balls {
		x, y := s.ToContour(b.Start[0], b.Start[1])
		// The lines are a little inside the readout's box.
		if x >= box.X-8 && x <= box.X+box.W+8 && y >= box.Y-8 && y <= box.Y+box.H+8 {
			t.Errorf("the readout (its lines %+v) covers %s's start at (%.0f, %.0f)", box, b.Label, x, y)
		}
	}
}
