//go:build js && wasm

// Command wasm is Downhill's WebAssembly entry point: it reads the page's URL
// parameters into the world, exposes window.downhill to the page, and runs
// the ebiten game.
package main

import (
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game"
	"downhill/game/sim"
)

func main() {
	w := sim.New()
	// Each page load gets its own random searches and quizzes.
	w.Seed = uint64(js.Global().Get("Math").Call("random").Float()*(1<<53)) + 1
	errs := w.Apply(sim.ParseQuery(js.Global().Get("location").Get("search").String()))
	showErrors(errs)

	g := game.New(w)
	b := newBridge(g)
	g.OnReady = func() { b.api.Set("ready", true) }

	// Draw accumulates onto a screen image that is not cleared between
	// frames (trails, cached layers); the moving parts are drawn on the
	// final screen (game.DrawFinalScreen).
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetWindowTitle("Downhill")
	if err := ebiten.RunGame(g); err != nil {
		showErrors([]error{err})
		panic(err)
	}
}

// showErrors puts the messages, one per line, in the page's #downhill-error
// element, as text (never HTML).
func showErrors(errs []error) {
	if len(errs) == 0 {
		return
	}
	el := js.Global().Get("document").Call("getElementById", "downhill-error")
	if !el.Truthy() {
		for _, e := range errs {
			js.Global().Get("console").Call("error", e.Error())
		}
		return
	}
	text := el.Get("textContent").String()
	for _, e := range errs {
		if text != "" {
			text += "\n"
		}
		text += e.Error()
	}
	el.Set("textContent", text)
	el.Get("style").Set("display", "block")
}
