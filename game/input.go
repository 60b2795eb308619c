//go:build js && wasm

package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game/control"
)

// sample reads this tick's pointer input into a control.InputFrame.
// Positions are in the game's screen pixels, which LayoutF makes device
// pixels. All the meaning of the input lives in control.Controller. Keys are not read
// here: the page sends them to the world as sim.Key commands (only Shift
// reaches ebiten, for Shift + drag).
func sample(touches []ebiten.TouchID) (control.InputFrame, []ebiten.TouchID) {
	var in control.InputFrame
	cx, cy := ebiten.CursorPosition()
	in.X, in.Y = float64(cx), float64(cy)
	in.In = cx >= 0 && cy >= 0
	in.Left = ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	in.Right = ebiten.IsMouseButtonPressed(ebiten.MouseButtonRight)
	in.Middle = ebiten.IsMouseButtonPressed(ebiten.MouseButtonMiddle)
	in.Shift = ebiten.IsKeyPressed(ebiten.KeyShift)
	_, wy := ebiten.Wheel()
	in.Wheel = wy
	touches = ebiten.AppendTouchIDs(touches[:0])
	in.Fingers = len(touches)
	switch len(touches) {
	case 0:
	case 1:
		x, y := ebiten.TouchPosition(touches[0])
		in.X, in.Y, in.In, in.Left = float64(x), float64(y), true, true
	default:
		x0, y0 := ebiten.TouchPosition(touches[0])
		x1, y1 := ebiten.TouchPosition(touches[1])
		in.TwoX, in.TwoY = float64(x0+x1)/2, float64(y0+y1)/2
		in.TwoD = math.Hypot(float64(x1-x0), float64(y1-y0))
	}
	return in, touches
}
