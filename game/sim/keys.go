package sim

import "strings"

// Binding is what a key does on the canvas and on the page: the same
// command either way (the page sends window.downhill.key(name)).
type Binding struct {
	// Keys are the names the browser gives the key (KeyboardEvent.key);
	// letters match in either case.
	Keys []string
	// Label is how the help shows the key; Help what it does.
	Label, Help string
	// command returns the command the key means in this world.
	command func(w *World) Command
}

// Command returns what the key means in w (→ steps, or goes to the next
// scene while the tour is on).
func (b *Binding) Command(w *World) Command { return b.command(w) }

// Bindings lists every key Downhill takes, in the order the help shows
// them. Tab, Shift+Tab and Esc are the browser's and the page's: they move
// the focus out of the figure.
var Bindings = []Binding{
	{Keys: []string{" "}, Label: "Space", Help: "play / pause", command: func(*World) Command { return TogglePause{} }},
	{Keys: []string{"ArrowRight"}, Label: "→", Help: "one step (pauses): the arrows show the update; in the tour, the next scene; on the convergence map, the cursor one cell right",
		command: func(w *World) Command {
			switch {
			case w.Tour:
				return NextScene{}
			case w.Mode == ModeMap:
				return MapCursor{I: 1, By: true}
			}
			return Step{N: 1, Pause: true}
		}},
	{Keys: []string{"ArrowLeft"}, Label: "←", Help: "in the tour, the previous scene; on the convergence map, the cursor one cell left",
		command: func(w *World) Command {
			switch {
			case w.Tour:
				return PrevScene{}
			case w.Mode == ModeMap:
				return MapCursor{I: -1, By: true}
			}
			return noop{}
		}},
	{Keys: []string{"ArrowUp"}, Label: "↑", Help: "on the convergence map, the cursor one cell up",
		command: func(w *World) Command { return mapOnly(w, MapCursor{J: 1, By: true}) }},
	{Keys: []string{"ArrowDown"}, Label: "↓", Help: "on the convergence map, the cursor one cell down",
		command: func(w *World) Command { return mapOnly(w, MapCursor{J: -1, By: true}) }},
	{Keys: []string{"Enter"}, Label: "Enter", Help: "on the convergence map, drop a ball at the cursor's cell: it runs the path the cell describes",
		command: func(w *World) Command { return mapOnly(w, &MapDrop{}) }},
	{Keys: []string{"m"}, Label: "m", Help: "the convergence map on / off: every start of the map coloured by where it ends and how fast",
		command: func(w *World) Command {
			if w.Mode == ModeMap {
				return SetMode{Mode: ModeRoll}
			}
			return SetMode{Mode: ModeMap}
		}},
	{Keys: []string{"PageDown"}, Label: "Page Down", Help: "the lecture's next scene (what a presentation clicker sends)", command: func(*World) Command { return NextScene{} }},
	{Keys: []string{"PageUp"}, Label: "Page Up", Help: "the lecture's previous scene", command: func(*World) Command { return PrevScene{} }},
	{Keys: []string{"s"}, Label: "s", Help: "one step (pauses), in the tour too", command: func(*World) Command { return Step{N: 1, Pause: true} }},
	{Keys: []string{"r"}, Label: "r", Help: "restart every ball from its start", command: func(*World) Command { return Restart{} }},
	{Keys: []string{"c"}, Label: "c", Help: "clear: remove every ball", command: func(*World) Command { return Clear{} }},
	{Keys: []string{"+", "="}, Label: "+", Help: "faster (×2)", command: func(*World) Command { return SpeedBy{Factor: 2} }},
	{Keys: []string{"-", "_"}, Label: "−", Help: "slower (÷2)", command: func(*World) Command { return SpeedBy{Factor: 0.5} }},
	{Keys: []string{"Home"}, Label: "Home", Help: "reset the 3D camera and the map's framing", command: func(*World) Command { return ResetView{} }},
	{Keys: []string{"f"}, Label: "f", Help: "frame every path in the map", command: func(*World) Command { return FitPaths{} }},
	{Keys: []string{"Delete", "Backspace"}, Label: "Delete", Help: "remove the selected ball", command: func(*World) Command { return RemoveSelected{} }},
	{Keys: []string{"g"}, Label: "g", Help: "guess work; again: record the guess", command: func(*World) Command { return GuessKey{} }},
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

// mapOnly is c on the convergence map; elsewhere the key is left to the
// browser (↑ and ↓ scroll, Enter presses).
func mapOnly(w *World, c Command) Command {
	if w.Mode == ModeMap {
		return c
	}
	return passKey{}
}

// passKey is a key that means nothing now and is left to the browser.
type passKey struct{ noop }

// noop is a key that means nothing now (← outside the tour).
type noop struct{}

func (noop) do(*World) error { return nil }
func (noop) reason() string  { return "" }
