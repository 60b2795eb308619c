// Package control turns pointer input into commands on the world: the
// Controller reads an InputFrame a tick (the ebiten adapter in package game
// samples it; tests write it) and does sim.Commands through World.Do. It
// imports no ebiten, so every gesture is tested natively, without a device.
//
// Where a position falls is read from the world's framing (its box and
// camera) in the scene's layout as it is at this tick (view.Scene.Arrange),
// never from the last frame drawn: input counts from the first tick.
package control

import (
	"math"

	"downhill/game/sim"
	"downhill/game/view"
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
// it grabbed) and where the pointer hovers, which the view reads (Hover); a
// command the world refuses is shown on the canvas (the world's Notice).
type Controller struct {
	tick       int
	down       bool
	downX      float64
	downY      float64
	lastX      float64
	lastY      float64
	moved      bool
	grab       grab
	group      int // the start marker being dragged
	rightDown  bool
	middleDown bool
	lastClick  int // tick of the last click in the 3D view
	lastClickX float64
	lastClickY float64
	// A click on the 3D surface drops its race only once it cannot become
	// a double click (which resets the camera and drops nothing): pending
	// is set until then, at the picked point.
	pending          bool
	pendingAt        optim.Vec
	twoDown          bool
	twoX, twoY, twoD float64
	hoverX, hoverY   float64
	hoverOn          bool
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
	doubleClickSlop  = 6 // CSS pixels between the two clicks of a double click
	// wheelZoom is the zoom per wheel notch (browsers report a notch as
	// about 100 pixels of deltaY; a trackpad's pinch as a few).
	wheelZoom  = 1.1
	wheelNotch = 100
)

// do applies a command; the world keeps a refusal for the canvas to show
// (World.Notice).
func (c *Controller) do(w *sim.World, s *view.Scene, cmd sim.Command) {
	w.Do(cmd)
}

// Hover returns where the pointer is (device pixels) and whether it hovers
// over the canvas with no button held: the view marks the point under it.
func (c *Controller) Hover() (x, y float64, on bool) { return c.hoverX, c.hoverY, c.hoverOn }

// Update applies one frame of input, with s arranged for this tick
// (view.Scene.Arrange).
func (c *Controller) Update(in InputFrame, w *sim.World, s *view.Scene) {
	c.tick++
	l := s.Layout()
	sc := l.Scale
	c.hoverX, c.hoverY = in.X, in.Y
	c.hoverOn = in.In && !in.Left && in.Fingers < 2
	if c.pending && c.tick-c.lastClick > doubleClickTicks {
		c.dropPending(w, s) // no second click came: it was a click
	}

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
		case l.Surface.Contains(in.X, in.Y):
			c.do(w, s, sim.Zoom{Factor: f})
		case l.ContourPlot.Contains(in.X, in.Y):
			// Zoom the map at the pointer: the point under it stays.
			if wv, bv, ok := s.FromContour(w, in.X, in.Y); ok {
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

func (c *Controller) press(in InputFrame, w *sim.World, s *view.Scene) {
	c.down, c.moved = true, false
	c.downX, c.downY, c.lastX, c.lastY = in.X, in.Y, in.X, in.Y
	if c.pending && !c.nearLastClick(in.X, in.Y, s) {
		c.dropPending(w, s) // a press elsewhere: the click was a click
	}
	inMap := s.InMaps(in.X, in.Y)
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
	case s.Layout().Surface.Contains(in.X, in.Y):
		c.grab = grabOrbit
	default:
		c.grab = grabOutside
	}
}

// guess moves the guess-work point to the pointer, in either view.
func (c *Controller) guess(in InputFrame, w *sim.World, s *view.Scene) {
	if s.Layout().Contour.Contains(in.X, in.Y) {
		x, y := clampToMap(s, in.X, in.Y)
		if wv, bv, ok := s.FromContour(w, x, y); ok {
			c.do(w, s, &sim.Guess{At: optim.Vec{wv, bv}})
		}
		return
	}
	if wv, bv, ok := s.PickSurface(w, in.X, in.Y); ok {
		c.do(w, s, &sim.Guess{At: optim.Vec{wv, bv}})
	}
}

func (c *Controller) drag(in InputFrame, w *sim.World, s *view.Scene) {
	sc := s.Layout().Scale
	if dx, dy := in.X-c.downX, in.Y-c.downY; dx*dx+dy*dy > clickSlop*clickSlop*sc*sc {
		c.moved = true
	}
	switch c.grab {
	case grabGuess:
		c.guess(in, w, s)
	case grabStart:
		if c.moved && (in.X != c.lastX || in.Y != c.lastY) {
			x, y := clampToMap(s, in.X, in.Y)
			if wv, bv, ok := s.FromContour(w, x, y); ok {
				c.do(w, s, sim.MoveStart{Group: c.group, To: optim.Vec{wv, bv}})
			}
		}
	case grabOrbit:
		if c.moved {
			c.do(w, s, sim.Orbit{DX: (in.X - c.lastX) / sc, DY: (in.Y - c.lastY) / sc})
		}
	case grabPan:
		if in.X != c.lastX || in.Y != c.lastY {
			p, b := s.Layout().ContourPlot, w.Box
			dw := -(in.X - c.lastX) / p.W * (b.WMax - b.WMin)
			db := (in.Y - c.lastY) / p.H * (b.BMax - b.BMin)
			c.do(w, s, sim.PanMap{DW: dw, DB: db})
		}
	}
	c.lastX, c.lastY = in.X, in.Y
}

func (c *Controller) release(in InputFrame, w *sim.World, s *view.Scene) {
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
		if wv, bv, ok := s.FromContour(w, x, y); ok {
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
		if c.nearLastClick(x, y, s) {
			// Double click: back to the default camera, and nothing
			// dropped (the first click's race was held for this).
			c.pending = false
			c.lastClick = -1000
			c.do(w, s, sim.ResetCamera{})
			return
		}
		c.lastClick, c.lastClickX, c.lastClickY = c.tick, x, y
		if b := s.BallAt(w, x, y); b != nil {
			c.do(w, s, &sim.Select{ID: b.ID})
			return
		}
		// Picked now, where the click was on the surface as it is; dropped
		// when no second click follows (dropPending).
		if wv, bv, ok := s.PickSurface(w, x, y); ok {
			c.pending, c.pendingAt = true, optim.Vec{wv, bv}
		}
	}
}

// nearLastClick reports whether a press at (x, y) is close enough in time
// and place to the last click on the 3D view to make a double click.
func (c *Controller) nearLastClick(x, y float64, s *view.Scene) bool {
	sc := s.Layout().Scale
	dx, dy := x-c.lastClickX, y-c.lastClickY
	return c.lastClick > 0 && c.tick-c.lastClick <= doubleClickTicks && dx*dx+dy*dy < doubleClickSlop*doubleClickSlop*sc*sc
}

// dropPending drops the race of the last click on the 3D surface.
func (c *Controller) dropPending(w *sim.World, s *view.Scene) {
	c.pending = false
	c.do(w, s, &sim.Drop{At: c.pendingAt})
}

// clampToMap moves a device-pixel position onto the contour map's plot.
func clampToMap(s *view.Scene, x, y float64) (float64, float64) {
	p := s.Layout().ContourPlot
	return math.Min(math.Max(x, p.X), p.X+p.W), math.Min(math.Max(y, p.Y), p.Y+p.H)
}
