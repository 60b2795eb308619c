//go:build !js

package main

// README screenshots, taken from the real page by the browser harness:
//
//	go test ./build -run TestScreenshots -update
//
// rewrites build/screenshots/*.png. Without -update the test is skipped.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	xdraw "golang.org/x/image/draw"

	"downhill/game/sim"
)

// race is the lecture's race: GD, momentum and NAG from two starts, run
// (not paused, so no step readout covers the balls) until the step limit
// the query sets stops them.
const race = `(() => {
	for (const start of [[-2, -2], [1, 3]]) {
		for (const optimizer of ["gd", "momentum", "nag"]) downhill.addBall({start, optimizer});
	}
	return new Promise((done) => {
		const f = () => downhill.state().balls.every((b) => b.status !== "rolling") ? done(true) : requestAnimationFrame(f);
		f();
	});
})()`

// raceQuery enables the race's optimizers and stops it after 60 steps; the
// camera looks up the neuron's valley, where the balls end.
const raceQuery = "?opt=gd,momentum,nag&maxSteps=60&speed=600&yaw=45&pitch=35"

// shots are the README's pictures: a name (the file is
// build/screenshots/<name>.png), a viewport, URL parameters, a script to
// run once the page is ready (it may return a promise), and what to keep: a
// JavaScript expression giving {x, y, w, h} in CSS pixels, or "" for the
// whole page.
var shots = []struct {
	name   string
	w, h   int
	scale  float64
	query  string
	script string
	crop   string
}{
	{
		// The whole app: the race on the lecture's neuron.
		name: "downhill", w: 1280, h: 720, scale: 1, query: raceQuery,
		script: race,
	},
	{
		// The 3D view alone.
		name: "surface-3d", w: 1280, h: 720, scale: 1, query: raceQuery,
		script: race, crop: `downhill.layout().surface`,
	},
	{
		// Step by step: NAG paused, with its arrows, look-ahead and readout.
		name: "contour-steps", w: 1280, h: 720, scale: 1, query: "?paused=1&opt=nag",
		script: `(() => { downhill.addBall({start: [-2, -2]}); downhill.step(12); })()`,
		crop:   `downhill.layout().contour`,
	},
	{
		// The loss curves and the fit of the selected ball.
		name: "loss-and-fit", w: 1280, h: 720, scale: 1, query: raceQuery,
		script: race,
		crop:   `(() => { const l = downhill.layout(); return {x: 0, y: l.loss.y, w: l.width, h: l.loss.h}; })()`,
	},
	{
		// The learning-rate sweep of lecture 5.7.
		name: "sweep", w: 1280, h: 720, scale: 1, query: "?sweep=1",
	},
	{
		// Which 3D surface has this contour map? (5.3)
		name: "quiz", w: 1280, h: 720, scale: 1, query: "?mode=quiz",
		script: `downhill.quiz(1)`, // the same four surfaces every time
		crop:   `(() => { const l = downhill.layout(); return {x: 0, y: 0, w: l.width, h: l.contour.h}; })()`,
	},
	{
		// A sparse feature (5.9): Adam is there in about 20 steps, RMSProp
		// in about 450; Adagrad's rate for b has shrunk; GD moves in b only.
		name: "sparse-adaptive", w: 1280, h: 720, scale: 1, query: "?paused=1&surface=sparse&opt=gd,adagrad,rmsprop,adam",
		script: `(() => {
			const start = downhill.info().starts[0];
			for (const optimizer of ["gd", "adagrad", "rmsprop", "adam"]) downhill.addBall({start, optimizer});
			downhill.step(500);
		})()`,
	},
	// Six of the lecture's scenes, as the tour shows them (the caption and
	// the formula below the views), each run to the end its caption
	// describes.
	{name: "scene-5.2-gradient-descent", w: 1280, h: 720, scale: 1, query: "?scene=5.2-gradient-descent#panel=off", script: `void downhill.step(300)`},
	{name: "scene-5.4-momentum-valley", w: 1280, h: 720, scale: 1, query: "?scene=5.4-momentum-valley#panel=off", script: `void downhill.step(100)`},
	{name: "scene-5.5-nag-valley", w: 1280, h: 720, scale: 1, query: "?scene=5.5-nag-valley#panel=off", script: `void downhill.step(100)`},
	{name: "scene-5.6-stochastic-momentum-nag", w: 1280, h: 720, scale: 1, query: "?scene=5.6-stochastic-momentum-nag#panel=off", script: `void downhill.step(60)`},
	{name: "scene-5.9-adagrad-rmsprop", w: 1280, h: 720, scale: 1, query: "?scene=5.9-adagrad-rmsprop#panel=off", script: `void downhill.step(500)`},
	{name: "scene-5.9-bias-correction", w: 1280, h: 720, scale: 1, query: "?scene=5.9-bias-correction#panel=off"},
	{
		// A phone: the views stacked.
		name: "phone", w: 390, h: 844, scale: 2, query: raceQuery,
		script: race,
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
				eval[any](t, p, s.script)
			}
			// Let the game draw what the script changed.
			waitDrawn(t, p, 3)
			must(t, p.WaitFrames(3))
			img := screenshot(t, p)
			if s.crop != "" {
				r := eval[rect](t, p, s.crop)
				img = cropCSS(img, r, p.Scale)
			}
			var buf bytes.Buffer
			enc := png.Encoder{CompressionLevel: png.BestCompression}
			if err := enc.Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, s.name+".png")
			if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			noConsoleErrors(t, p)
			b := img.Bounds()
			t.Logf("wrote %s (%dx%d, %d KB)", name, b.Dx(), b.Dy(), buf.Len()/1024)
		})
	}
}

// TestScreenshots also draws the contact sheet: every scene of the tour
// as a notes page embeds it (720x420, panel=off), at half size, four to a
// row, in the lecture's order.
func TestContactSheet(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite build/screenshots/scenes-720x420.png")
	}
	e := appEnv(t)
	const w, h, cols = 720, 420, 4
	p := newPage(t, e, w, h, 1)
	must(t, p.Load(e.appURL+"?embed=1&scene="+sim.Scenes[0].Name+"#panel=off"))
	rows := (len(sim.Scenes) + cols - 1) / cols
	sheet := image.NewRGBA(image.Rect(0, 0, cols*(w/2+4)+4, rows*(h/2+4)+4))
	draw.Draw(sheet, sheet.Bounds(), image.NewUniform(color.RGBA{0x0b, 0x0d, 0x10, 0xff}), image.Point{}, draw.Src)
	for i, sc := range sim.Scenes {
		if i > 0 {
			eval[any](t, p, fmt.Sprintf(`void downhill.scene(%q)`, sc.Name))
		}
		must(t, p.WaitFor(fmt.Sprintf(`document.getElementById("tour-where").textContent.startsWith(%q)`, sc.Section+" "+sc.Title)))
		settledBand(t, p)
		waitDrawn(t, p, 3)
		img := screenshot(t, p)
		x, y := 4+(i%cols)*(w/2+4), 4+(i/cols)*(h/2+4)
		xdraw.CatmullRom.Scale(sheet, image.Rect(x, y, x+w/2, y+h/2), img, img.Bounds(), xdraw.Src, nil)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	must(t, enc.Encode(&buf, sheet))
	name := filepath.Join(e.root, "build", "screenshots", "scenes-720x420.png")
	must(t, os.WriteFile(name, buf.Bytes(), 0o644))
	t.Logf("wrote %s (%d KB)", name, buf.Len()/1024)
}

// cropCSS returns the part of img (a screenshot at scale device pixels per
// CSS pixel) inside r, a rectangle in CSS pixels, as a new image at origin.
func cropCSS(img image.Image, r rect, scale float64) image.Image {
	dr := image.Rect(int(r.X*scale), int(r.Y*scale), int((r.X+r.W)*scale), int((r.Y+r.H)*scale)).Intersect(img.Bounds())
	out := image.NewRGBA(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	draw.Draw(out, out.Bounds(), img, dr.Min, draw.Src)
	return out
}
