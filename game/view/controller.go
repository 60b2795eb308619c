package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
)

// InputFrame is one tick of pointer input, as the adapter samples it:
// positions in device pixels. (Keys do not come this way: the page sends
// them to the world as sim.Key commands, the same on the canvas and off it.)
type InputFrame struct {
	X, Y   float64
	In     bool // the pointer is over the canvas
	Left   bool // the primary button (or one finger) is held
	Right  bool // the secondary button is held
	Middle bool // the middle button is held: it pans the map
	Shift  bool // Shift is held: a drag on the map pans it
	// Fingers is the number of touches held; two fingers orbit the 3D
	// view. TwoX, TwoY is their centre (when Fingers == 2), TwoD their
	// distance apart: moving together orbits, pinching zooms.
	Fingers          int
	TwoX, TwoY, TwoD float64
	// Wheel is this tick's wheel movement in pixels, as the browser gives
	// it (a notch is about 100; positive: zoom in). When the
	// page is embedded, only Ctrl/⌘ + wheel (and a trackpad's pinch) gets
	// here: a plain wheel scrolls the host page.
	Wheel float64
}

// Controller turns input frames into commands on the world (sim.Command):
// drops, drags of start markers, selection, removal, camera and map moves.
// It keeps only the little state a gesture needs (where a press began, what
// it grabbed); a command the world refuses is shown on the canvas (the
// world's Notice).
type Controller struct {
	tick             int
	down             bool
	downX            float64
	downY            float64
	lastX            float64
	lastY            float64
	moved            bool
	grab             grab
	group            int // the start marker being dragged
	rightDown        bool
	middleDown       bool
	lastClick        int // tick of the last click in the 3D view
	lastClickX       float64
	lastClickY       float64
	lastDrop         int // group dropped by the last click in the 3D view
	twoDown          bool
	twoX, twoY, twoD float64
}

type grab uint8

const (
	grabNone    grab = iota
	grabStart        // a start marker in the contour map
	grabOrbit        // the 3D view
	grabBlank        // the contour map's background (a click drops)
	grabPan          // the contour map, with Shift or the middle button
	grabOutside      // elsewhere
	grabGuess        // the guess-work point
)

// clickSlop is how far (CSS pixels) a press may move and still be a click;
// doubleClickTicks how close two clicks are to be a double click.
const (
	clickSlop        = 4
	doubleClickTicks = 24
	hitRadius        = 9 // CSS pixels around a marker or ball that grab it
	// wheelZoom is the zoom per wheel notch (browsers report a notch as
	// about 100 pixels of deltaY; a trackpad's pinch as a few).
	wheelZoom  = 1.1
	wheelNotch = 100
)

// do applies a command; the world keeps a refusal for the canvas to show
// (World.Notice).
func (c *Controller) do(w *sim.World, s *Scene, cmd sim.Command) {
	w.Do(cmd)
}

// Update applies one frame of input.
func (c *Controller) Update(in InputFrame, w *sim.World, s *Scene) {
	c.tick++
	sc := s.layout.Scale
	s.HoverX, s.HoverY = in.X, in.Y
	s.HoverOn = in.In && !in.Left && in.Fingers < 2

	// Two fingers orbit the 3D view, and a pinch zooms it.
	if in.Fingers >= 2 {
		if c.twoDown {
			c.do(w, s, sim.Orbit{DX: (in.TwoX - c.twoX) / sc, DY: (in.TwoY - c.twoY) / sc})
			if c.twoD > 0 && in.TwoD > 0 && in.TwoD != c.twoD {
				c.do(w, s, sim.Zoom{Factor: in.TwoD / c.twoD})
			}
		}
		c.twoDown, c.twoX, c.twoY, c.twoD = true, in.TwoX, in.TwoY, in.TwoD
		c.down = false // a second finger cancels the one-finger gesture
		c.grab = grabNone
		return
	}
	c.twoDown = false

	if in.Wheel != 0 {
		f := math.Min(math.Max(math.Pow(wheelZoom, in.Wheel/wheelNotch), 0.2), 5)
		switch {
		case s.layout.Surface.Contains(in.X, in.Y):
			c.do(w, s, sim.Zoom{Factor: f})
		case s.layout.ContourPlot.Contains(in.X, in.Y):
			// Zoom the map at the pointer: the point under it stays.
			if wv, bv, ok := s.FromContour(in.X, in.Y); ok {
				c.do(w, s, sim.ZoomMap{W: wv, B: bv, Factor: f})
			}
		}
	}

	left := in.Left || in.Middle
	switch {
	case left && !c.down:
		c.press(in, w, s)
	case left && c.down:
		c.drag(in, w, s)
	case !left && c.down:
		c.release(in, w, s)
	}

	// Right button: remove the ball under the pointer.
	if in.Right && !c.rightDown {
		if b := s.BallAt(w, in.X, in.Y); b != nil {
			c.do(w, s, &sim.Remove{ID: b.ID})
		}
	}
	c.rightDown = in.Right
}

func (c *Controller) press(in InputFrame, w *sim.World, s *Scene) {
	c.down, c.moved = true, false
	c.downX, c.downY, c.lastX, c.lastY = in.X, in.Y, in.X, in.Y
	_, inMap := s.mapPlotAt(in.X, in.Y)
	switch {
	case inMap && (in.Shift || in.Middle):
		c.grab = grabPan
	case w.Mode == sim.ModeGuess:
		// Guess work: the press puts the point there, a drag moves it.
		c.grab = grabGuess
		c.guess(in, w, s)
	case inMap:
		if g := s.StartAt(w, in.X, in.Y); g != 0 {
			c.grab, c.group = grabStart, g
		} else {
			c.grab = grabBlank
		}
	case s.layout.Surface.Contains(in.X, in.Y):
		c.grab = grabOrbit
	default:
		c.grab = grabOutside
	}
}

// guess moves the guess-work point to the pointer, in either view.
func (c *Controller) guess(in InputFrame, w *sim.World, s *Scene) {
	if s.layout.Contour.Contains(in.X, in.Y) {
		x, y := s.clampToMap(in.X, in.Y)
		if wv, bv, ok := s.FromContour(x, y); ok {
			c.do(w, s, &sim.Guess{At: optim.Vec{wv, bv}})
		}
		return
	}
	if wv, bv, ok := s.PickSurface(in.X, in.Y); ok {
		c.do(w, s, &sim.Guess{At: optim.Vec{wv, bv}})
	}
}

func (c *Controller) drag(in InputFrame, w *sim.World, s *Scene) {
	sc := s.layout.Scale
	if dx, dy := in.X-c.downX, in.Y-c.downY; dx*dx+dy*dy > clickSlop*clickSlop*sc*sc {
		c.moved = true
	}
	switch c.grab {
	case grabGuess:
		c.guess(in, w, s)
	case grabStart:
		if c.moved && (in.X != c.lastX || in.Y != c.lastY) {
			x, y := s.clampToMap(in.X, in.Y)
			if wv, bv, ok := s.FromContour(x, y); ok {
				c.do(w, s, sim.MoveStart{Group: c.group, To: optim.Vec{wv, bv}})
			}
		}
	case grabOrbit:
		if c.moved {
			c.do(w, s, sim.Orbit{DX: (in.X - c.lastX) / sc, DY: (in.Y - c.lastY) / sc})
		}
	case grabPan:
		if in.X != c.lastX || in.Y != c.lastY {
			p, b := s.layout.ContourPlot, w.Box
			dw := -(in.X - c.lastX) / p.W * (b.WMax - b.WMin)
			db := (in.Y - c.lastY) / p.H * (b.BMax - b.BMin)
			c.do(w, s, sim.PanMap{DW: dw, DB: db})
		}
	}
	c.lastX, c.lastY = in.X, in.Y
}

func (c *Controller) release(in InputFrame, w *sim.World, s *Scene) {
	c.down = false
	g := c.grab
	c.grab = grabNone
	if c.moved || g == grabPan {
		return
	}
	x, y := c.downX, c.downY
	if k := s.QuizAt(x, y); k >= 0 && g == grabOrbit {
		if w.Quiz.Picked < 0 {
			c.do(w, s, &sim.Answer{Choice: k})
		}
		return
	}
	switch g {
	case grabBlank, grabStart:
		if b := s.BallAt(w, x, y); b != nil {
			c.do(w, s, &sim.Select{ID: b.ID})
			return
		}
		if wv, bv, ok := s.FromContour(x, y); ok {
			if w.Mode == sim.ModeMap {
				// On the convergence map a click is a cell: the cursor
				// goes there and a race drops at its centre, running the
				// paths the cell describes.
				if i, j, ok := w.MapCellAt(wv, bv); ok {
					c.do(w, s, sim.MapCursor{I: i, J: j})
					c.do(w, s, &sim.MapDrop{})
					return
				}
			}
			c.do(w, s, &sim.Drop{At: optim.Vec{wv, bv}})
		}
	case grabOrbit:
		sc := s.layout.Scale
		dx, dy := x-c.lastClickX, y-c.lastClickY
		if c.tick-c.lastClick <= doubleClickTicks && dx*dx+dy*dy < 36*sc*sc {
			// Double click: back to the default camera. The first click
			// dropped a ball; the second takes it back.
			c.do(w, s, sim.ResetCamera{})
			if c.lastDrop != 0 {
				c.do(w, s, sim.RemoveGroup{Group: c.lastDrop})
			}
			c.lastClick, c.lastDrop = -1000, 0
			return
		}
		c.lastClick, c.lastClickX, c.lastClickY, c.lastDrop = c.tick, x, y, 0
		if b := s.BallAt(w, x, y); b != nil {
			c.do(w, s, &sim.Select{ID: b.ID})
			return
		}
		if wv, bv, ok := s.PickSurface(x, y); ok {
			d := &sim.Drop{At: optim.Vec{wv, bv}}
			c.do(w, s, d)
			c.lastDrop = d.Group
		}
	}
}

// clampToMap moves a device-pixel position onto the contour map's plot.
func (s *Scene) clampToMap(x, y float64) (float64, float64) {
	p := s.layout.ContourPlot
	return math.Min(math.Max(x, p.X), p.X+p.W), math.Min(math.Max(y, p.Y), p.Y+p.H)
}

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
	case s.inMaps(x, y) && s.StartAt(w, x, y) != 0:
		return "start"
	case w.Mode == sim.ModeGuess && (s.layout.Contour.Contains(x, y) || s.layout.Surface.Contains(x, y)):
		return "start"
	case s.BallAt(w, x, y) != nil:
		return "ball"
	case s.inMaps(x, y):
		return "map"
	case s.layout.Surface.Contains(x, y):
		return "3d"
	}
	return ""
}

// inMaps reports whether a device-pixel position is on the contour map (on
// the convergence map: on any of its small multiples).
func (s *Scene) inMaps(x, y float64) bool {
	_, ok := s.mapPlotAt(x, y)
	return ok
}
