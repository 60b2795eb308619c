//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game"
	"downhill/game/sim"
)

// version is the build's version, set by go run ./build (-ldflags -X).
var version = "dev"

func main() {
	mark("main") // the Go runtime and every package's init have run
	// Each page load gets its own random searches and quizzes.
	seed := uint64(js.Global().Get("Math").Call("random").Float()*(1<<53)) + 1
	query := js.Global().Get("location").Get("search").String()
	w, errs := sim.NewFromQuery(query, seed)
	if snap := js.Global().Get("downhillRestore"); snap.Truthy() {
		// A fresh engine after a lost graphics context: the world as it was.
		data := make([]byte, snap.Length())
		js.CopyBytesToGo(data, snap)
		js.Global().Delete("downhillRestore")
		if err := w.Do(sim.Called{Command: sim.Restore{Data: data}}); err != nil {
			errs = append(errs, err)
		} else {
			errs = nil // they were shown when the page first started
		}
	}
	showErrors(errs)

	g := game.New(w)
	g.Mark = mark
	g.Outside = func() (float64, float64) {
		// What ebiten's outside size is on the web (its ui_js.go).
		body := js.Global().Get("document").Get("body")
		return body.Get("clientWidth").Float(), body.Get("clientHeight").Float()
	}
	g.Breathe = breathe
	b := newBridge(g)
	g.OnReady = func() { b.api.Set("ready", true) }

	// Draw accumulates onto a screen image that is not cleared between
	// frames (trails, cached layers); the moving parts are drawn on the
	// final screen (game.DrawFinalScreen).
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetWindowTitle("Downhill")
	mark("world")
	// Nothing takes the focus on load: a course page must not jump to
	// its embed. A click or Tab gives the canvas the keys.
	if err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: true}); err != nil {
		showErrors([]error{err})
		panic(err)
	}
}

// mark records when a part of the start ended, in ms since navigation, in
// the loader's start-up timings (downhillLoader.times), the first time
// only: a fresh engine after a lost context leaves the first start's.
func mark(part string) {
	t := js.Global().Get("downhillLoader")
	if t.Truthy() {
		t = t.Get("times")
	}
	if !t.Truthy() || t.Get(part).Truthy() {
		return
	}
	t.Set(part, js.Global().Get("performance").Call("now"))
}

// breathe returns in a later task of the page's event loop: waiting for
// it, the Go program hands the thread back to the browser.
func breathe() {
	done := make(chan struct{})
	f := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
	<-done
	f.Release()
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
