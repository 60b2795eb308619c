package sim

import (
	"math"

	"downhill/optim"
)

// FocusKind says what kind of object the keyboard acts on inside the
// figure.
type FocusKind uint8

// The objects the keyboard reaches, one by one (FocusNext).
const (
	FocusCursor FocusKind = iota // the contour map's keyboard cursor
	FocusStart                   // a race's start marker (Focus.ID is its group)
	FocusBall                    // a ball (Focus.ID is its id)
)

// Focus is the object the keys act on: the arrows move the cursor or a
// start, Enter drops or selects, Delete removes. The zero Focus is the
// cursor, the one obvious place the keyboard lands first.
type Focus struct {
	Kind FocusKind
	ID   int
}

// Cursor steps: a small step is this share of the map's framing, a large
// one (Shift) five times more.
const (
	CursorStep      = 1.0 / 50
	CursorLargeStep = 5 * CursorStep
)

// resetCursor puts the keyboard cursor at the surface's first suggested
// start (the centre of its box if it has none) and the focus back on it.
func (w *World) resetCursor() {
	if len(w.Info.Starts) > 0 {
		w.Cursor = optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}
	} else {
		b := w.Info.Box
		w.Cursor = optim.Vec{(b.WMin + b.WMax) / 2, (b.BMin + b.BMax) / 2}
	}
	w.Focus = Focus{}
}

// focusValid reports whether the focused object still exists.
func (w *World) focusValid(f Focus) bool {
	switch f.Kind {
	case FocusCursor:
		return true
	case FocusStart:
		for _, b := range w.Balls {
			if b.Group == f.ID {
				return true
			}
		}
	case FocusBall:
		return w.Ball(f.ID) != nil
	}
	return false
}

// fixFocus moves the focus back to the cursor when its object is gone.
func (w *World) fixFocus() {
	if !w.focusValid(w.Focus) {
		w.Focus = Focus{}
	}
}

// focusOrder is the keyboard's order of the figure's objects: the cursor,
// then each race's start followed by its balls, in the order they came.
func (w *World) focusOrder(dst []Focus) []Focus {
	dst = append(dst[:0], Focus{})
	for i, b := range w.Balls {
		first := true
		for _, o := range w.Balls[:i] {
			if o.Group == b.Group {
				first = false
				break
			}
		}
		if !first {
			continue
		}
		dst = append(dst, Focus{FocusStart, b.Group})
		for _, o := range w.Balls[i:] {
			if o.Group == b.Group {
				dst = append(dst, Focus{FocusBall, o.ID})
			}
		}
	}
	return dst
}

// FocusNext moves the keyboard's focus to the next object (Dir 1) or the
// previous one (Dir -1), round the figure's objects (n and p).
type FocusNext struct{ Dir int }

func (c FocusNext) do(w *World) error {
	if c.Dir != 1 && c.Dir != -1 {
		return &optim.Error{Field: "dir", Problem: "is not a direction", Accepted: "1 (next) or -1 (previous)"}
	}
	order := w.focusOrder(nil)
	at := 0
	for i, f := range order {
		if f == w.Focus {
			at = i
		}
	}
	w.Focus = order[(at+c.Dir+len(order))%len(order)]
	return nil
}

// A move of the keyboard's focus changes nothing a host page or a link
// cares about: no change event (the page's live region says it).
func (FocusNext) reason() string { return "" }

// FocusOn puts the keyboard's focus on one object (a page's list of the
// balls does); an object that does not exist is refused.
type FocusOn struct{ Focus Focus }

func (c FocusOn) do(w *World) error {
	if c.Focus.Kind > FocusBall || !w.focusValid(c.Focus) {
		return &optim.Error{Field: "focus", Problem: "names no object of the figure", Accepted: "the cursor, a start's group or a ball's id"}
	}
	w.Focus = c.Focus
	return nil
}
func (FocusOn) reason() string { return "" }

// MoveFocus is an arrow key: it moves the focused cursor or start by
// (DX, DY) steps of the map's framing (CursorStep, or CursorLargeStep when
// Large); a moved start re-runs its balls as a drag does. A ball cannot be
// moved: the refusal says how to reach its start.
type MoveFocus struct {
	DX, DY int
	Large  bool
	// Moved reports whether a start moved (a drag), not the cursor.
	Moved bool
}

func (c *MoveFocus) do(w *World) error {
	if c.DX < -1 || c.DX > 1 || c.DY < -1 || c.DY > 1 {
		return &optim.Error{Field: "move", Problem: "is not an arrow's direction", Accepted: "-1, 0 or 1 in each of w and b"}
	}
	k := CursorStep
	if c.Large {
		k = CursorLargeStep
	}
	dw, db := float64(c.DX)*k*(w.Box.WMax-w.Box.WMin), float64(c.DY)*k*(w.Box.BMax-w.Box.BMin)
	switch w.Focus.Kind {
	case FocusStart:
		var start optim.Vec
		for _, b := range w.Balls {
			if b.Group == w.Focus.ID {
				start = b.Start
				break
			}
		}
		to := optim.Vec{start[0] + dw, start[1] + db}
		if err := w.moveStart(w.Focus.ID, to); err != nil {
			return err
		}
		w.Cursor, c.Moved = to, true
		return nil
	case FocusBall:
		return &optim.Error{Field: "move", Problem: "a ball cannot be moved: it rolls from its start", Accepted: "p to reach its start, then the arrows move the start"}
	}
	// The cursor stays inside the map's framing: what it points at is on
	// the map.
	b := w.Box
	w.Cursor = optim.Vec{
		math.Min(math.Max(w.Cursor[0]+dw, b.WMin), b.WMax),
		math.Min(math.Max(w.Cursor[1]+db, b.BMin), b.BMax),
	}
	if w.Mode == ModeMap {
		// The convergence map's cell follows the cursor.
		w.MapCursor = cellOf(w.Box, w.MapGrid, w.Cursor[0], w.Cursor[1])
	}
	return nil
}

func (c *MoveFocus) reason() string {
	if c.Moved {
		return "drag"
	}
	return "" // the cursor only: no change event
}

// Activate is Enter: on the cursor it drops a race there (Group reports
// it); on a start it selects the race's first ball; on a ball it selects
// the ball.
type Activate struct{ Group int }

func (c *Activate) do(w *World) (err error) {
	switch w.Focus.Kind {
	case FocusStart:
		for _, b := range w.Balls {
			if b.Group == w.Focus.ID {
				w.Selected = b.ID
				return nil
			}
		}
	case FocusBall:
		w.Selected = w.Focus.ID
		return nil
	}
	if w.Mode == ModeMap {
		// On the convergence map, at the centre of the cursor's cell: the
		// race runs the path the cell describes.
		w.MapCursor = cellOf(w.Box, w.MapGrid, w.Cursor[0], w.Cursor[1])
		d := &MapDrop{}
		err = w.Do(d)
		c.Group = d.Group
		return err
	}
	c.Group, err = w.drop(w.Cursor)
	return err
}

func (c *Activate) reason() string {
	if c.Group != 0 {
		return "drop"
	}
	return "select"
}

// RemoveFocused is Delete: it removes the focused ball, or the focused
// start with its race, or (on the cursor) the selected ball. The focus goes
// to the object before it.
type RemoveFocused struct{}

func (RemoveFocused) do(w *World) error {
	f := w.Focus
	if f.Kind != FocusCursor {
		order := w.focusOrder(nil)
		for i, o := range order {
			if o == f && i > 0 {
				w.Focus = order[i-1]
			}
		}
	}
	switch f.Kind {
	case FocusStart:
		w.removeGroup(f.ID)
	case FocusBall:
		w.remove(f.ID)
	default:
		if w.Selected != 0 {
			w.remove(w.Selected)
		}
	}
	w.fixFocus()
	return nil
}
func (RemoveFocused) reason() string { return "remove" }

// Speak asks for the figure's summary in words (the t key): the world only
// counts the asks (Asked), and the page's words view answers.
type Speak struct{}

func (Speak) do(w *World) error { w.Asked++; return nil }
func (Speak) reason() string    { return "" }

// ToggleSound turns the sound on or off (the m key).
type ToggleSound struct{}

func (ToggleSound) do(w *World) error { w.Sound = !w.Sound; return nil }
func (ToggleSound) reason() string    { return "settings" }

// HearCurve asks for the selected ball's whole loss curve as sound (the l
// key): the world counts the asks (Heard), the page plays it; with no ball
// selected it is refused.
type HearCurve struct{}

func (HearCurve) do(w *World) error {
	if w.Ball(w.Selected) == nil {
		return &optim.Error{Field: "sound", Problem: "has no selected ball whose loss curve to play", Accepted: "a ball first: Enter drops a race"}
	}
	if !w.Sound {
		w.Sound = true
	}
	w.Heard++
	return nil
}
func (HearCurve) reason() string { return "" }
