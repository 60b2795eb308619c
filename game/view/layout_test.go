package view

import (
	"slices"
	"testing"

	"downhill/game/sim"
)

// A frame too small for every view shows those that fit readably, the
// main one first, and names the rest for the page to offer.
func TestFitLayoutKeepsTheMainViewInSmallFrames(t *testing.T) {
	all := sim.AllViews
	cases := []struct {
		name       string
		w, h, ui   float64
		views      []sim.View
		main       sim.View
		wantShown  []sim.View
		wantHidden []sim.View
	}{
		{"1280x720 shows all four", 1280, 720, 1, all, sim.ViewContour, all, nil},
		{"present 1920x1080 shows all four", 1920, 1080, 1.6, all, sim.ViewContour, all, nil},
		{"320x170 keeps the map", 320, 170, 1, all, sim.ViewContour, []sim.View{sim.ViewContour}, []sim.View{sim.View3D, sim.ViewLoss, sim.ViewFit}},
		{"320x170 keeps the loss when it is main", 320, 170, 1, all, sim.ViewLoss, []sim.View{sim.ViewLoss}, []sim.View{sim.View3D, sim.ViewContour, sim.ViewFit}},
		{"720x260 keeps two pictures", 720, 260, 1, all, sim.ViewContour, []sim.View{sim.View3D, sim.ViewContour}, []sim.View{sim.ViewLoss, sim.ViewFit}},
		{"390x620 phone keeps three", 390, 620, 1, []sim.View{sim.ViewContour, sim.View3D, sim.ViewLoss}, sim.ViewContour, []sim.View{sim.ViewContour, sim.View3D, sim.ViewLoss}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := FitLayout(c.w*c.ui, c.h*c.ui, c.ui, c.ui, c.views, c.main, true)
			var shown []sim.View
			for _, v := range c.views {
				if r := l.Rect(v); r.W > 0 {
					shown = append(shown, v)
				}
			}
			if !slices.Equal(shown, c.wantShown) || !slices.Equal(l.Hidden, c.wantHidden) {
				t.Fatalf("shown %v hidden %v, want %v and %v", shown, l.Hidden, c.wantShown, c.wantHidden)
			}
			if len(shown) > 1 && !l.readable() {
				t.Errorf("views shown below their readable size: %+v", l)
			}
			if r := l.Rect(c.main); r.W <= 0 {
				t.Errorf("the main view %v is not shown", c.main)
			}
		})
	}
}
