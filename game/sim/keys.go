package sim

import "strings"

// Binding is what a key does on the canvas and on the page: the same
// command either way (the page sends window.downhill.key(name, shift)).
type Binding struct {
	// Keys are the names the browser gives the key (KeyboardEvent.key);
	// letters match in either case.
	Keys []string
	// Label is how the help shows the key; Help what it does.
	Label, Help string
	// command returns the command key k means in this world.
	command func(w *World, k KeyPress) Command
}

// KeyPress is one press of a key: its name (KeyboardEvent.key) and whether
// Shift was held (the arrows then move ten times further).
type KeyPress struct {
	Name  string
	Shift bool
}

// Command returns what the key means in w (Enter drops on the cursor and
// selects on a ball, ...).
func (b *Binding) Command(w *World, k KeyPress) Command { return b.command(w, k) }

// fixed is a binding's command that does not depend on the world or the key.
func fixed(c Command) func(*World, KeyPress) Command {
	return func(*World, KeyPress) Command { return c }
}

// Orbit and zoom steps of the keys: a turn is what a drag of OrbitKeyStep
// CSS pixels does (three times more with Shift), a zoom ZoomKeyStep.
const (
	OrbitKeyStep = 30
	ZoomKeyStep  = 1.25
)

// Bindings lists every key Downhill takes, in the order the help shows
// them. Tab, Shift+Tab and Esc are the browser's and the page's: they move
// the focus out of the figure, which never keeps it. The arrows move what
// the keyboard is on (the map's cursor, or a start): stepping is s, the
// tour's scenes Page Up and Page Down (what a presentation clicker sends).
var Bindings = []Binding{
	{Keys: []string{"ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"}, Label: "← → ↑ ↓",
		Help: "move the map's cursor (with Shift five times further); on a start: move it, and its balls run again from there",
		command: func(w *World, k KeyPress) Command {
			c := &MoveFocus{Large: k.Shift}
			switch k.Name {
			case "ArrowLeft":
				c.DX = -1
			case "ArrowRight":
				c.DX = 1
			case "ArrowUp":
				c.DY = 1
			default:
				c.DY = -1
			}
			return c
		}},
	{Keys: []string{"Enter"}, Label: "Enter", Help: "on the cursor: drop a race there; on a start or a ball: select it",
		command: func(*World, KeyPress) Command { return &Activate{} }},
	{Keys: []string{"n"}, Label: "n", Help: "next object: the cursor, each start, then its balls", command: fixed(FocusNext{Dir: 1})},
	{Keys: []string{"p"}, Label: "p", Help: "previous object", command: fixed(FocusNext{Dir: -1})},
	{Keys: []string{"Delete", "Backspace"}, Label: "Delete", Help: "remove the ball or the start (with its balls) the keyboard is on; on the cursor, the selected ball",
		command: fixed(RemoveFocused{})},
	{Keys: []string{" "}, Label: "Space", Help: "play / pause", command: fixed(TogglePause{})},
	{Keys: []string{"s"}, Label: "s", Help: "one step (pauses): the arrows on the map show the update", command: fixed(Step{N: 1, Pause: true})},
	{Keys: []string{"t"}, Label: "t", Help: "tell: say what the figure shows now (each ball's loss, which is ahead)", command: fixed(Speak{})},
	{Keys: []string{"m"}, Label: "m", Help: "the convergence map on / off: every start of the map coloured by where it ends and how fast (Enter there drops a race at the cursor's cell)",
		command: func(w *World, _ KeyPress) Command {
			if w.Mode == ModeMap {
				return SetMode{Mode: ModeRoll}
			}
			return SetMode{Mode: ModeMap}
		}},
	{Keys: []string{"h"}, Label: "h", Help: "hear: sound on / off: the selected ball's loss as pitch (lower loss, lower pitch), a tick per step, a chime when it converges, a fall when it diverges",
		command: fixed(ToggleSound{})},
	{Keys: []string{"l"}, Label: "l", Help: "listen: play the selected ball's whole loss curve (turns the sound on)", command: fixed(HearCurve{})},
	{Keys: []string{"PageDown"}, Label: "Page Down", Help: "the lecture's next scene (what a presentation clicker sends)", command: fixed(NextScene{})},
	{Keys: []string{"PageUp"}, Label: "Page Up", Help: "the lecture's previous scene", command: fixed(PrevScene{})},
	{Keys: []string{"a", "d"}, Label: "a / d", Help: "turn the 3D view, as a drag to the left / right does (with Shift further)",
		command: func(_ *World, k KeyPress) Command {
			dx := float64(OrbitKeyStep)
			if k.Shift {
				dx *= 3
			}
			if strings.EqualFold(k.Name, "a") {
				dx = -dx
			}
			return Orbit{DX: dx}
		}},
	{Keys: []string{"w", "x"}, Label: "w / x", Help: "tilt the 3D view, as a drag up / down does",
		command: func(_ *World, k KeyPress) Command {
			dy := float64(OrbitKeyStep)
			if strings.EqualFold(k.Name, "w") {
				dy = -dy
			}
			return Orbit{DY: dy}
		}},
	{Keys: []string{"i", "o"}, Label: "i / o", Help: "zoom the 3D view in / out",
		command: func(_ *World, k KeyPress) Command {
			if strings.EqualFold(k.Name, "i") {
				return Zoom{Factor: ZoomKeyStep}
			}
			return Zoom{Factor: 1 / ZoomKeyStep}
		}},
	{Keys: []string{"]", "["}, Label: "] / [", Help: "zoom the map in / out about the cursor",
		command: func(w *World, k KeyPress) Command {
			f := ZoomKeyStep
			if k.Name == "[" {
				f = 1 / f
			}
			return ZoomMap{W: w.Cursor[0], B: w.Cursor[1], Factor: f}
		}},
	{Keys: []string{"r"}, Label: "r", Help: "restart every ball from its start", command: fixed(Restart{})},
	{Keys: []string{"c"}, Label: "c", Help: "clear: remove every ball", command: fixed(Clear{})},
	{Keys: []string{"+", "="}, Label: "+", Help: "faster (×2)", command: fixed(SpeedBy{Factor: 2})},
	{Keys: []string{"-", "_"}, Label: "−", Help: "slower (÷2)", command: fixed(SpeedBy{Factor: 0.5})},
	{Keys: []string{"Home"}, Label: "Home", Help: "reset the 3D camera and the map's framing", command: fixed(ResetView{})},
	{Keys: []string{"f"}, Label: "f", Help: "frame every path in the map", command: fixed(FitPaths{})},
	{Keys: []string{"g"}, Label: "g", Help: "guess work; again: record the guess", command: fixed(GuessKey{})},
}

func binding(name string) (*Binding, bool) {
	for i := range Bindings {
		for _, k := range Bindings[i].Keys {
			if k == name || (len(k) == 1 && strings.EqualFold(k, name)) {
				return &Bindings[i], true
			}
		}
	}
	return nil, false
}

// KeysText is every key and what it does, as one sentence for the figure's
// accessible description ("Keys: ← → ↑ ↓ move the map's cursor …; Enter
// …"), written from Bindings like the help.
func KeysText() string {
	var b strings.Builder
	b.WriteString("Keys: ")
	for i, k := range Bindings {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k.Label + ": " + k.Help)
	}
	b.WriteString("; Tab or Esc: leave the figure.")
	return b.String()
}
