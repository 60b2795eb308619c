//go:build js && wasm

// The wasm folder is the page: everything a browser loads to show one
// Downhill figure, and the one place syscall/js appears.
//
// Its Go side, built as main.wasm (GOOS=js GOARCH=wasm, by go run ./build),
// is package main: main.go builds the world from the page's URL (or from
// the snapshot the page kept when the browser took the graphics context
// away) and runs the ebiten game (package game); bridge.go is
// window.downhill, the page's and a host page's way into the world, each
// call decoded into a command or a read under the game's lock (args.go
// decodes JavaScript values, state.go writes state() and info()). It holds
// no logic of its own: that lives in game/sim, game/view and game/control.
//
// Its web side, wasm/web, is the page's scripts and style (loader.js,
// guest.js, pace.js, panel.js, a11y.js, sound.js, downhill.css), the
// host-page library embed.js and the example course page;
// build/internal/site copies them into dist/ with the page's markup
// (index.html, at the repository's root).
package main
