//go:build !js

package main

// The views' own labels on the real page (issue 18): tick labels, axis
// names, titles and readouts, as downhill.layout().labels reports them,
// never overlap one another within a view and stay on the canvas, in the
// frames a scene is met in.

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// viewLabel is one of downhill.layout().labels.
type viewLabel struct {
	View, Text string
	X, Y, W, H float64
}

func (l viewLabel) rect() rect { return rect{l.X, l.Y, l.W, l.H} }

func (l viewLabel) String() string {
	return fmt.Sprintf("%s %q at (%.0f, %.0f) %.0fx%.0f", l.View, l.Text, l.X, l.Y, l.W, l.H)
}

// labelLayout is what downhill.layout() says of the views and their labels.
type labelLayout struct {
	Width, Height               float64
	Surface, Contour, Loss, Fit rect
	Labels                      []viewLabel
}

func TestViewLabelsDoNotOverlap(t *testing.T) {
	e := appEnv(t)
	frames := []struct {
		name  string
		w, h  int
		query string
	}{
		{"720x420", 720, 420, "&panel=off"},
		{"320x240", 320, 240, "&panel=off"},
		{"1280x720", 1280, 720, "&panel=off"},
		{"1280x720-present", 1280, 720, "&panel=off&present=1"},
	}
	scenes := []string{"5.9-bias-correction", "5.4-momentum-valley", "5.2-gradient-descent", "5.7-learning-rate-sweep", "5.6-mini-batch"}
	shots := os.Getenv("DOWNHILL_LABEL_SHOTS") // a directory: the screenshots, to look at
	for _, f := range frames {
		// One page a frame; the scenes are entered as a reader does (a
		// page a scene cost 20 loads).
		p := newPage(t, e, f.w, f.h, 1)
		must(t, p.Load(e.appURL+"?scene="+scenes[0]+f.query))
		for i, sc := range scenes {
			t.Run(f.name+"/"+sc, func(t *testing.T) {
				if i > 0 {
					eval[any](t, p, fmt.Sprintf(`void downhill.scene(%q)`, sc))
					must(t, p.WaitFor(fmt.Sprintf(`(downhill.state().scene || {}).name === %q`, sc)))
				}
				must(t, p.WaitFrames(3))
				got := eval[labelLayout](t, p, `downhill.layout()`)
				if shots != "" {
					png, err := p.ScreenshotPNG()
					must(t, err)
					must(t, os.WriteFile(filepath.Join(shots, sc+"-"+f.name+".png"), png, 0o644))
				}
				checkViewLabels(t, got)
			})
		}
	}
}

// checkViewLabels: every view shown has labels, each inside its view and
// the canvas, not empty, and none overlapping another of its view.
func checkViewLabels(t *testing.T, got labelLayout) {
	t.Helper()
	// Every view shown carries its title at least, and the
	// pictures their axes: a list this short is not the
	// views' labels.
	if len(got.Labels) < 6 {
		t.Fatalf("layout().labels lists %d labels: %v", len(got.Labels), got.Labels)
	}
	views := map[string]rect{"3d": got.Surface, "contour": got.Contour, "loss": got.Loss, "fit": got.Fit, "canvas": {0, 0, got.Width, got.Height}}
	seen := map[string]bool{}
	for i, a := range got.Labels {
		seen[a.View] = true
		v, ok := views[a.View]
		if !ok || v.empty() {
			t.Errorf("%v belongs to no view shown", a)
		} else if !insideRect(a.rect(), v) {
			t.Errorf("%v leaves its view %+v", a, v)
		}
		if !insideRect(a.rect(), rect{0, 0, got.Width, got.Height}) {
			t.Errorf("%v leaves the %vx%v canvas", a, got.Width, got.Height)
		}
		if strings.TrimSpace(a.Text) == "" || a.W <= 0 || a.H <= 0 {
			t.Errorf("%v is empty", a)
		}
		for _, b := range got.Labels[:i] {
			if a.View == b.View && overlapping(a.rect(), b.rect()) {
				t.Errorf("%v overlaps %v", a, b)
			}
		}
	}
	for n, r := range views {
		if n != "canvas" && !r.empty() && !seen[n] {
			t.Errorf("the %s view is shown (%+v) but has no label", n, r)
		}
	}
}
