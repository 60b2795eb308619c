package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
)

// Key names the keys the controller acts on.
type Key uint16

// Keys (bit flags in InputFrame.Pressed).
const (
	KeySpace  Key = 1 << iota // play / pause
	KeyRight                  // one step (pauses)
	KeyR                      // restart every ball from its start
	KeyC                      // clear: remove every ball
	KeyHome                   // reset the 3D camera
	KeyPlus                   // faster
	KeyMinus                  // slower
	KeyDelete                 // remove the selected ball
	KeyG                      // guess work: record the guess
)

// InputFrame is one tick of device input, as the adapter samples it:
// positions in device pixels.
type InputFrame struct {
	X, Y    float64
	In      bool // the pointer is over the canvas
	Left    bool // the primary button (or one finger) is held
	Right   bool // the secondary button is held
	Fingers int  // touches held; two fingers orbit the 3D view
	// TwoX, TwoY is the centre of two touches (when Fingers == 2), TwoD
	// their distance apart: moving together orbits, pinching zooms.
	TwoX, TwoY, TwoD float64
	// Wheel is this tick's wheel movement (positive: zoom in).
	Wheel float64
	// Pressed lists the keys pressed this tick.
	Pressed Key
}

// Controller turns input frames into changes of the world: drops, drags of
// start markers, selection, removal, camera moves and keys. It keeps the
// little state a gesture needs (where a press began, what it grabbed).
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
	grabOutside      // elsewhere
	grabGuess        // the guess-work point
)

// guess moves the guess-work point to the pointer, in either view.
func (c *Controller) guess(in InputFrame, w *sim.World, s *Scene) {
	p := s.L.ContourPlot
	if s.L.Contour.Contains(in.X, in.Y) {
		x := math.Min(math.Max(in.X, p.X), p.X+p.W)
		y := math.Min(math.Max(in.Y, p.Y), p.Y+p.H)
		if wv, bv, ok := s.FromContour(x, y); ok {
			w.SetGuess(optim.Vec{wv, bv})
		}
		return
	}
	if wv, bv, ok := s.PickSurface(in.X, in.Y); ok {
		w.SetGuess(optim.Vec{wv, bv})
	}
}

// clickSlop is how far (CSS pixels) a press may move and still be a click;
// doubleClickTicks how close two clicks are to be a double click.
const (
	clickSlop        = 4
	doubleClickTicks = 24
	hitRadius        = 9 // CSS pixels around a marker or ball that grab it
)

// Update applies one frame of input.
func (c *Controller) Update(in InputFrame, w *sim.World, s *Scene) {
	c.tick++
	sc := s.L.Scale
	s.HoverX, s.HoverY = in.X, in.Y
	s.HoverOn = in.In && !in.Left && in.Fingers < 2

	c.keys(in.Pressed, w)

	// Two fingers orbit the 3D view, and a pinch zooms it.
	if in.Fingers >= 2 {
		if c.twoDown {
			c.orbit(w, (in.TwoX-c.twoX)/sc, (in.TwoY-c.twoY)/sc)
			if c.twoD > 0 && in.TwoD > 0 && in.TwoD != c.twoD {
				cam := camOf(w)
				cam.ZoomBy(in.TwoD / c.twoD)
				setCam(w, cam)
			}
		}
		c.twoDown, c.twoX, c.twoY, c.twoD = true, in.TwoX, in.TwoY, in.TwoD
		c.down = false // a second finger cancels the one-finger gesture
		c.grab = grabNone
		return
	}
	c.twoDown = false

	if in.Wheel != 0 && s.L.Surface.Contains(in.X, in.Y) {
		cam := camOf(w)
		cam.ZoomBy(math.Pow(1.1, in.Wheel))
		setCam(w, cam)
	}

	switch {
	case in.Left && !c.down:
		c.press(in, w, s)
	case in.Left && c.down:
		c.drag(in, w, s)
	case !in.Left && c.down:
		c.release(in, w, s)
	}

	// Right button: remove the ball under the pointer.
	if in.Right && !c.rightDown {
		if b := s.BallAt(w, in.X, in.Y); b != nil {
			w.Remove(b.ID)
		}
	}
	c.rightDown = in.Right
}

func (c *Controller) press(in InputFrame, w *sim.World, s *Scene) {
	c.down, c.moved = true, false
	c.downX, c.downY, c.lastX, c.lastY = in.X, in.Y, in.X, in.Y
	if w.Mode == sim.ModeGuess {
		// Guess work: the press puts the point there, a drag moves it.
		c.grab = grabGuess
		c.guess(in, w, s)
		return
	}
	switch {
	case s.L.ContourPlot.Contains(in.X, in.Y):
		if g := s.StartAt(w, in.X, in.Y); g != 0 {
			c.grab, c.group = grabStart, g
		} else {
			c.grab = grabBlank
		}
	case s.L.Surface.Contains(in.X, in.Y):
		c.grab = grabOrbit
	default:
		c.grab = grabOutside
	}
}

func (c *Controller) drag(in InputFrame, w *sim.World, s *Scene) {
	sc := s.L.Scale
	if dx, dy := in.X-c.downX, in.Y-c.downY; dx*dx+dy*dy > clickSlop*clickSlop*sc*sc {
		c.moved = true
	}
	switch c.grab {
	case grabGuess:
		c.guess(in, w, s)
	case grabStart:
		if c.moved && (in.X != c.lastX || in.Y != c.lastY) {
			p := s.L.ContourPlot
			x := math.Min(math.Max(in.X, p.X), p.X+p.W)
			y := math.Min(math.Max(in.Y, p.Y), p.Y+p.H)
			if wv, bv, ok := s.FromContour(x, y); ok {
				w.MoveStart(c.group, optim.Vec{wv, bv})
			}
		}
	case grabOrbit:
		if c.moved {
			c.orbit(w, (in.X-c.lastX)/sc, (in.Y-c.lastY)/sc)
		}
	}
	c.lastX, c.lastY = in.X, in.Y
}

func (c *Controller) release(in InputFrame, w *sim.World, s *Scene) {
	c.down = false
	g := c.grab
	c.grab = grabNone
	if c.moved {
		return
	}
	x, y := c.downX, c.downY
	if k := s.QuizAt(x, y); k >= 0 && g == grabOrbit {
		if w.Quiz.Picked < 0 {
			w.AnswerQuiz(k)
		}
		return
	}
	switch g {
	case grabBlank, grabStart:
		if b := s.BallAt(w, x, y); b != nil {
			w.Selected = b.ID
			return
		}
		if wv, bv, ok := s.FromContour(x, y); ok {
			w.Drop(optim.Vec{wv, bv})
		}
	case grabOrbit:
		sc := s.L.Scale
		dx, dy := x-c.lastClickX, y-c.lastClickY
		if c.tick-c.lastClick <= doubleClickTicks && dx*dx+dy*dy < 36*sc*sc {
			// Double click: back to the default camera. The first click
			// dropped a ball; the second takes it back.
			setCam(w, DefaultCamera())
			if c.lastDrop != 0 {
				w.RemoveGroup(c.lastDrop)
			}
			c.lastClick, c.lastDrop = -1000, 0
			return
		}
		c.lastClick, c.lastClickX, c.lastClickY, c.lastDrop = c.tick, x, y, 0
		if b := s.BallAt(w, x, y); b != nil {
			w.Selected = b.ID
			return
		}
		if wv, bv, ok := s.PickSurface(x, y); ok {
			c.lastDrop = w.Drop(optim.Vec{wv, bv})
		}
	}
}

func (c *Controller) orbit(w *sim.World, dx, dy float64) {
	cam := camOf(w)
	cam.Orbit(dx, dy)
	setCam(w, cam)
}

func camOf(w *sim.World) Camera { return Camera{w.Cam.Yaw, w.Cam.Pitch, w.Cam.Zoom}.Clamped() }

func setCam(w *sim.World, c Camera) { w.Cam = sim.Camera{Yaw: c.Yaw, Pitch: c.Pitch, Zoom: c.Zoom} }

func (c *Controller) keys(k Key, w *sim.World) {
	if k&KeySpace != 0 {
		w.Paused = !w.Paused
	}
	if k&KeyRight != 0 {
		w.Paused = true
		w.Step(1)
	}
	if k&KeyR != 0 {
		w.Restart()
	}
	if k&KeyC != 0 {
		w.Reset()
	}
	if k&KeyHome != 0 {
		setCam(w, DefaultCamera())
	}
	if k&KeyPlus != 0 {
		w.Speed = math.Min(w.Speed*2, 10000)
	}
	if k&KeyMinus != 0 {
		w.Speed = math.Max(w.Speed/2, 0.05)
	}
	if k&KeyDelete != 0 && w.Selected != 0 {
		w.Remove(w.Selected)
	}
	if k&KeyG != 0 {
		if w.Mode != sim.ModeGuess {
			w.Mode = sim.ModeGuess
			if !w.HaveGuess {
				w.SetGuess(optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y})
			}
		} else {
			w.RecordGuess()
		}
	}
}

// StartAt returns the group whose start marker lies under a device-pixel
// position in the contour map (0: none).
func (s *Scene) StartAt(w *sim.World, x, y float64) int {
	best, bd := 0, hitRadius*s.L.Scale
	for _, b := range w.Balls {
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
	bd := hitRadius * s.L.Scale
	for _, b := range w.Balls {
		if cx, cy := s.ToContour(b.Pos[0], b.Pos[1]); s.L.ContourPlot.Contains(cx, cy) {
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
