package frame

import (
	"testing"

	"downhill/game/sim"
	"downhill/game/view"
)

// BenchmarkStartAtlas times the glyph atlas a start makes (Go Regular at
// three sizes, the sprites) at devicePixelRatio 1.
func BenchmarkStartAtlas(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		view.NewAtlas(1)
	}
}

// BenchmarkStartFrame times a fresh scene's first frame of the default
// page (the colour map, isolines, mesh and chrome all made from nothing):
// the Go part of the first picture after a start (issue 19). As js/wasm
// under node, its first iterations run in V8's baseline code, as in a
// page that has just started.
func BenchmarkStartFrame(b *testing.B) {
	w, errs := sim.NewFromQuery("", 1)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	a := view.NewAtlas(1)
	b.ReportAllocs()
	for b.Loop() {
		s := view.NewScene(a)
		s.Frame(w, width, height, 1)
	}
}
