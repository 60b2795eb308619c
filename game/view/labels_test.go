package view

import (
	"fmt"
	"strings"
	"testing"

	"downhill/game/sim"
)

// labelFrames are the frames a figure is met in: the smallest the README
// promises, a phone, the README's embed (with and without the scene's
// caption below the canvas), a window, and a projector (text and lines
// 1.5 times larger when presenting), in device pixels at devicePixelRatio
// 1, with the atlas's scale.
var labelFrames = []struct {
	name string
	w, h float64
	ui   float64
}{
	{"320x240", 320, 240, 1},
	{"390x844", 390, 844, 1},
	{"720x420", 720, 420, 1},
	{"720x300", 720, 300, 1}, // 720x420 less a caption band
	{"1280x720", 1280, 720, 1},
	{"1280x720-present", 1280, 720, 1.5},
	{"1920x1080-present", 1920, 1080, 1.5},
}

// testAtlases are the atlases of the label tests, made once per scale.
var testAtlases = map[float64]*Atlas{}

func testAtlas(ui float64) *Atlas {
	if testAtlases[ui] == nil {
		testAtlases[ui] = NewAtlas(ui)
	}
	return testAtlases[ui]
}

// viewRect is the rectangle of a label's view (the canvas for the
// canvas's own labels).
func viewRect(l *Layout, v sim.View) Rect {
	if v < sim.NumViews {
		return l.Rect(v)
	}
	return Rect{0, 0, l.W, l.H}
}

// labelProblems lists the labels of the frame that lie outside their view
// or overlap another label of their view, or touch it end to end (two
// numbers that touch read as one: "−2.5−2.5").
func labelProblems(s *Scene) []string {
	var out []string
	ls := s.Labels()
	l := s.Layout()
	for i, a := range ls {
		if r := viewRect(l, a.View); !inside(a.Bounds, r) {
			out = append(out, fmt.Sprintf("%s label %q at %v is outside its view %v", LabelViewName(a.View), a.Text, a.Bounds, r))
		}
		for _, b := range ls[:i] {
			if a.View == b.View && overlaps(Rect{a.Bounds.X - 1, a.Bounds.Y, a.Bounds.W + 2, a.Bounds.H}, b.Bounds) {
				out = append(out, fmt.Sprintf("%s labels %q at %v and %q at %v overlap", LabelViewName(a.View), b.Text, b.Bounds, a.Text, a.Bounds))
			}
		}
	}
	return out
}

// TestViewLabelsDoNotCollide: in every scene of the tour, in every frame
// it is met in, no two labels of a view overlap (tick labels, axis names,
// titles, the readouts) and each lies inside its view. Scenes that pause
// show their step readout; the rolling ones are taken after 30 steps, with
// their curves and legends.
func TestViewLabelsDoNotCollide(t *testing.T) {
	if len(sim.Scenes) == 0 {
		t.Skip("sim.Scenes is empty")
	}
	for _, sc := range sim.Scenes {
		for _, f := range labelFrames {
			t.Run(sc.Name+"/"+f.name, func(t *testing.T) {
				w, errs := sim.NewFromQuery("scene="+sc.Name, 1)
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				w.Do(sim.Step{N: 30})
				s := NewScene(testAtlas(f.ui))
				s.Frame(w, f.w, f.h, 1)
				if len(s.Labels()) < 4 {
					t.Fatalf("only %d labels recorded: %v", len(s.Labels()), s.Labels())
				}
				for _, p := range labelProblems(s) {
					t.Error(p)
				}
			})
		}
	}
}

// TestViewLabelsAtEveryCameraAndSurface: the 3D view's axes turn with the
// camera and the plots' axes change with the surface; labels stay apart
// at every yaw, on every surface, in every view arrangement at small
// sizes.
func TestViewLabelsAtEveryCameraAndSurface(t *testing.T) {
	for _, surf := range []string{"neuron", "valley", "rosenbrock", "saddle", "sparse"} {
		for _, f := range labelFrames {
			q := "surface=" + surf + "&pitch=30&balls=1,1&paused=1"
			w, errs := sim.NewFromQuery(q, 1)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			w.Do(sim.Step{N: 3})
			s := NewScene(testAtlas(f.ui))
			for yaw := -180; yaw < 180; yaw += 30 {
				if err := w.Do(&sim.Set{Params: sim.ParseQuery(fmt.Sprintf("yaw=%d", yaw))}); err != nil {
					t.Fatal(err)
				}
				s.Frame(w, f.w, f.h, 1)
				if s.Layout().Surface.W > 0 && s.d3.cam.Yaw != w.Cam.Clamped().Yaw {
					t.Fatalf("the 3D view did not turn to yaw %d", yaw)
				}
				for _, p := range labelProblems(s) {
					t.Errorf("%s&yaw=%d at %s: %s", q, yaw, f.name, p)
				}
			}
		}
	}
}

// TestLabelsAreRecordedAsDrawn: the labels the scene reports are the texts
// it drew (the same texts, the same places), less what a box drawn over
// them hides; they follow a repaint and a resize.
func TestLabelsAreRecordedAsDrawn(t *testing.T) {
	w, s := newTestScene(t, "balls=1,1&paused=1")
	texts := recordTexts(s)
	s.Invalidate()
	s.Frame(w, 1280, 720, 1)
	ls := s.Labels()
	if len(ls) == 0 || len(ls) > len(*texts) {
		t.Fatalf("%d labels for %d texts drawn", len(ls), len(*texts))
	}
	for _, want := range []struct {
		view sim.View
		text string
	}{
		{sim.ViewContour, "w"}, {sim.ViewContour, "b"}, {sim.View3D, "w"}, {sim.View3D, "b"},
		{sim.ViewLoss, "Loss (log scale) vs step"},
		{sim.ViewLoss, "1e0"}, // the top tick, clear of the title
	} {
		found := false
		for _, l := range ls {
			found = found || (l.View == want.view && string(l.Text) == want.text)
		}
		if !found {
			t.Errorf("no %s label %q", LabelViewName(want.view), want.text)
		}
	}
	for _, l := range ls {
		drawn := false
		for _, tx := range *texts {
			drawn = drawn || (tx.Text == string(l.Text) && tx.Bounds == l.Bounds)
		}
		if !drawn {
			t.Errorf("label %q at %v was not drawn there", l.Text, l.Bounds)
		}
	}
	// A smaller canvas: every label inside it.
	s.Frame(w, 640, 360, 1)
	for _, l := range s.Labels() {
		if !inside(l.Bounds, Rect{0, 0, 640, 360}) {
			t.Errorf("after a resize to 640x360, label %q is at %v", l.Text, l.Bounds)
		}
	}
}

// TestLabelsAllocateNothing: listing the frame's labels reuses its
// buffers.
func TestLabelsAllocateNothing(t *testing.T) {
	w, s := newTestScene(t, "opt=adam&balls=1,3;-2,-2")
	step := &sim.Step{N: 1}
	for i := 0; i < 5; i++ {
		w.Do(step)
		s.Frame(w, 1280, 720, 1)
		s.Labels()
	}
	if a := testing.AllocsPerRun(20, func() {
		w.Do(step)
		s.Frame(w, 1280, 720, 1)
		s.Labels()
	}); a != 0 {
		t.Errorf("a frame and its labels allocate %v times", a)
	}
}

// TestReadoutCoversAModestShare: the step readout never covers more than a
// fifth of the contour map; where it would, it drops its least needed
// lines first and keeps the rule and the step, shortened to fit (in the
// bias-correction scene, presented at 1280x720, it covered most of the
// map).
func TestReadoutCoversAModestShare(t *testing.T) {
	for _, f := range labelFrames {
		w, errs := sim.NewFromQuery("scene=5.9-bias-correction", 1)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		s := NewScene(testAtlas(f.ui))
		s.Frame(w, f.w, f.h, 1)
		p := s.Layout().ContourPlot
		var box Rect
		for _, c := range s.overlayLabels.covers {
			if inside(c.r, p) && c.r.W*c.r.H > box.W*box.H { // not the loss plot's legend
				box = c.r
			}
		}
		if share := box.W * box.H / (p.W * p.H); share > 0.2+1e-9 {
			t.Errorf("%s: the readout %v covers %.0f%% of the map %v", f.name, box, 100*share, p)
		}
		var lines []string
		for _, l := range s.Labels() {
			if l.View == sim.ViewContour && inside(l.Bounds, box) {
				lines = append(lines, string(l.Text))
			}
		}
		all := strings.Join(lines, "\n")
		if f.name == "1280x720" && len(lines) < 7 {
			t.Errorf("%s: the readout has room for all its lines, shows %d:\n%s", f.name, len(lines), all)
		}
		if box.W > 0 && !strings.HasPrefix(all, "adam  step 1") {
			t.Errorf("%s: a folded readout should start with the rule and the step:\n%s", f.name, all)
		}
		if f.name == "1280x720-present" && (len(lines) < 3 || !strings.Contains(all, "corrected m")) {
			t.Errorf("%s: the readout shows %d lines, want the step, the update and the corrected moments (the scene's point):\n%s", f.name, len(lines), all)
		}
	}
}

// TestViewLabelsInEveryArrangement: each view alone (filling the canvas,
// its axes at their longest) and with the others, in step mode with the
// readout, a legend of three balls and the fit's numbers, at every frame.
func TestViewLabelsInEveryArrangement(t *testing.T) {
	names := []string{"3d", "contour", "loss", "fit"}
	for mask := 1; mask < 16; mask++ {
		var vs []string
		for k, n := range names {
			if mask&(1<<k) != 0 {
				vs = append(vs, n)
			}
		}
		for _, f := range labelFrames {
			q := "views=" + strings.Join(vs, ",") + "&balls=-2,-2&opt=gd,momentum,adam&paused=1"
			w, errs := sim.NewFromQuery(q, 1)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			w.Do(sim.Step{N: 20})
			s := NewScene(testAtlas(f.ui))
			s.Frame(w, f.w, f.h, 1)
			if len(s.Labels()) < len(vs) {
				t.Errorf("%s at %s: %d labels for %d views", q, f.name, len(s.Labels()), len(vs))
			}
			for _, p := range labelProblems(s) {
				t.Errorf("%s at %s: %s", q, f.name, p)
			}
		}
	}
}

// TestSmallMapKeepsItsScale: a map about 115 pixels wide (embedded at 720x420
// under the scene's caption) still says its scale with two or more tick
// labels on each axis (it showed a lone "0" on each).
func TestSmallMapKeepsItsScale(t *testing.T) {
	for _, f := range labelFrames[1:4] {
		w, s := newTestScene(t, "surface=sparse&paused=1")
		s.Frame(w, f.w, f.h, 1)
		p := s.Layout().ContourPlot
		below, left := 0, 0
		for _, l := range s.Labels() {
			if l.View != sim.ViewContour || !strings.ContainsAny(string(l.Text[len(l.Text)-1:]), "0123456789") {
				continue
			}
			switch {
			case l.Bounds.Y >= p.Y+p.H:
				below++
			case l.Bounds.X+l.Bounds.W <= p.X:
				left++
			}
		}
		if below < 2 || left < 2 {
			t.Errorf("%s: the map %v has %d tick labels on w and %d on b; want 2 or more on each", f.name, p, below, left)
		}
	}
}

// TestReadoutSparesTheIsolineLabels: of the corners that cover no ball or
// start, the readout (and guess work's table) takes one that cuts no
// isoline label in half (in the line-search and guess-work scenes it
// took the one over a label, at most frames).
func TestReadoutSparesTheIsolineLabels(t *testing.T) {
	for _, sc := range []string{"5.8-line-search", "5.1-guess-work"} {
		for _, f := range labelFrames {
			w, errs := sim.NewFromQuery("scene="+sc, 1)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			s := NewScene(testAtlas(f.ui))
			s.Frame(w, f.w, f.h, 1)
			p := s.Layout().ContourPlot
			for _, c := range s.overlayLabels.covers {
				if !inside(c.r, p) {
					continue // the legend
				}
				for _, l := range s.cmap.labels.list {
					if overlaps(l.Bounds, c.r) {
						t.Errorf("%s at %s: the box %v cuts the isoline label %q at %v", sc, f.name, c.r, s.cmap.labels.text[l.at[0]:l.at[1]], l.Bounds)
					}
				}
			}
		}
	}
}
