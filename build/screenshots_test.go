//go:build !js

package main

// README screenshots, taken from the real page by the browser harness:
//
//	go test ./build -run TestScreenshots -update
//
// rewrites build/screenshots/*.png. Without -update the test is skipped.

import (
	"os"
	"path/filepath"
	"testing"
)

// shots are the README's pictures: a name (the file is
// build/screenshots/<name>.png), a viewport, URL parameters and a script to
// run once the page is ready (it may return a promise).
var shots = []struct {
	name   string
	w, h   int
	scale  float64
	query  string
	script string
}{
	{
		name: "downhill", w: 1280, h: 720, scale: 1, query: "?paused=1",
		script: `(() => {
			for (const start of [[-2, -2], [1, 3], [-4, 4], [4, -4], [-5, -1]]) {
				downhill.addBall({start: start});
			}
			downhill.step(60);
		})()`,
	},
}

func TestScreenshots(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite build/screenshots/*.png")
	}
	e := appEnv(t)
	dir := filepath.Join(e.root, "build", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, s := range shots {
		t.Run(s.name, func(t *testing.T) {
			p := newPage(t, e, s.w, s.h, s.scale)
			must(t, p.Load(e.appURL+s.query))
			if s.script != "" {
				eval[struct{}](t, p, s.script)
			}
			// Let a few frames draw what the script changed.
			must(t, p.WaitFrames(5))
			png, err := p.ScreenshotPNG()
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, s.name+".png")
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d bytes)", name, len(png))
		})
	}
}
