package view

import (
	"math"

	"downhill/game/sim"
)

// What lies under a position on the canvas: the hit tests of what the views
// draw, which the controller (game/control) and window.downhill ask.

// hitRadius is how far (CSS pixels) around a start marker or a ball a press
// still takes hold of it.
const hitRadius = 9

// StartAt returns the group whose start marker lies under a device-pixel
// position in the contour map (0: none).
func (s *Scene) StartAt(w *sim.World, x, y float64) int {
	best, bd := 0, hitRadius*s.layout.Scale
	defer func() { s.plot = s.layout.ContourPlot }()
	for _, b := range w.Balls {
		s.onPanel(w, b)
		sx, sy := s.ToContour(b.Start[0], b.Start[1])
		if d := math.Hypot(sx-x, sy-y); d < bd {
			best, bd = b.Group, d
		}
	}
	return best
}

// BallAt returns the ball drawn under a device-pixel position in either
// view (nil: none); the nearest if several.
func (s *Scene) BallAt(w *sim.World, x, y float64) *sim.Ball {
	var best *sim.Ball
	bd := hitRadius * s.layout.Scale
	defer func() { s.plot = s.layout.ContourPlot }()
	for _, b := range w.Balls {
		p := s.onPanel(w, b)
		if cx, cy := s.ToContour(b.Pos[0], b.Pos[1]); p.Contains(cx, cy) {
			if d := math.Hypot(cx-x, cy-y); d < bd {
				best, bd = b, d
			}
		}
		if sx, sy, ok := s.surfacePoint(b.Pos[0], b.Pos[1]); ok {
			sy -= s.px(BallRadius) * 0.6
			if d := math.Hypot(float64(sx)-x, float64(sy)-y); d < bd {
				best, bd = b, d
			}
		}
	}
	return best
}

// Grabs reports what a press at a device-pixel position would take hold
// of: "start" (a start marker, or the guess-work point, which a drag
// moves), "ball", "map", "3d" or "" (nothing). An embedded page asks it to
// tell a touch that drags from one that scrolls the host page.
func (s *Scene) Grabs(w *sim.World, x, y float64) string {
	switch {
	case s.InMaps(x, y) && s.StartAt(w, x, y) != 0:
		return "start"
	case w.Mode == sim.ModeGuess && (s.layout.Contour.Contains(x, y) || s.layout.Surface.Contains(x, y)):
		return "start"
	case s.BallAt(w, x, y) != nil:
		return "ball"
	case s.InMaps(x, y):
		return "map"
	case s.layout.Surface.Contains(x, y):
		return "3d"
	}
	return ""
}

// InMaps reports whether a device-pixel position is on the contour map (on
// the convergence map: on any of its small multiples).
func (s *Scene) InMaps(x, y float64) bool {
	_, ok := s.mapPlotAt(x, y)
	return ok
}
