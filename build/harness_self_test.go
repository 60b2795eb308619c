//go:build !js

package main

// Tests of the browser harness itself, on a static page that records the
// input it receives (build/testdata/harness): the app's tests rely on
// these helpers doing what they say.

import (
	"image/color"
	"testing"
	"time"

	"downhill/build/internal/browser"
	"github.com/chromedp/chromedp/kb"
)

type event struct {
	Type    string  `json:"type"`
	X       float64 `json:"x"`
	Y       float64 `json:"y"`
	Buttons int     `json:"buttons"`
	T       float64 `json:"t"`
	DY      float64 `json:"dy"`
	Key     string  `json:"key"`
	Code    string  `json:"code"`
}

func harnessPage(t *testing.T, scale float64) *browser.Page {
	t.Helper()
	e := browserEnv(t)
	p := newPage(t, e, 400, 300, scale)
	must(t, p.Navigate(e.base+"/harness/"))
	return p
}

func events(t *testing.T, p *browser.Page, types ...string) []event {
	t.Helper()
	all := eval[[]event](t, p, `events`)
	var out []event
	for _, e := range all {
		for _, ty := range types {
			if e.Type == ty {
				out = append(out, e)
			}
		}
	}
	return out
}

func TestHarnessClickHolds(t *testing.T) {
	p := harnessPage(t, 1)
	must(t, p.Click(browser.Point{X: 30, Y: 40}))
	ev := events(t, p, "mousedown", "mouseup")
	if len(ev) != 2 || ev[0].Type != "mousedown" || ev[1].Type != "mouseup" {
		t.Fatalf("Click sent %+v, want mousedown then mouseup", ev)
	}
	if ev[0].X != 30 || ev[0].Y != 40 || ev[1].X != 30 {
		t.Errorf("Click at (30, 40) arrived at %+v", ev)
	}
	if ev[0].Buttons != 1 {
		t.Errorf("mousedown buttons %d, want 1", ev[0].Buttons)
	}
	// A lower bound only: the press must outlast one ebiten tick.
	if held := ev[1].T - ev[0].T; held < float64(p.Hold/time.Millisecond)*0.9 {
		t.Errorf("button held %.0f ms, want at least %v", held, p.Hold)
	}
}

func TestHarnessDragHoldsButton(t *testing.T) {
	p := harnessPage(t, 1)
	must(t, p.Drag(browser.Point{X: 10, Y: 10}, browser.Point{X: 50, Y: 20}, browser.Point{X: 90, Y: 30}))
	ev := events(t, p, "mousedown", "mousemove", "mouseup")
	var moves []event
	for _, e := range ev {
		if e.Type == "mousemove" && e.Buttons == 1 {
			moves = append(moves, e)
		}
	}
	if len(moves) < 2 || moves[len(moves)-1].X != 90 {
		t.Errorf("Drag sent %+v, want moves with the button held ending at x=90", ev)
	}
	if last := ev[len(ev)-1]; last.Type != "mouseup" || last.X != 90 || last.Y != 30 {
		t.Errorf("Drag ended with %+v, want mouseup at (90, 30)", last)
	}
}

func TestHarnessKeyAndWheel(t *testing.T) {
	p := harnessPage(t, 1)
	must(t, p.Key("r"))
	must(t, p.Key(kb.ArrowLeft))
	ev := events(t, p, "keydown", "keyup")
	want := []event{{Type: "keydown", Key: "r", Code: "KeyR"}, {Type: "keyup", Key: "r", Code: "KeyR"},
		{Type: "keydown", Key: "ArrowLeft", Code: "ArrowLeft"}, {Type: "keyup", Key: "ArrowLeft", Code: "ArrowLeft"}}
	if len(ev) != len(want) {
		t.Fatalf("keys sent %+v, want %+v", ev, want)
	}
	for i := range want {
		if ev[i].Type != want[i].Type || ev[i].Key != want[i].Key || ev[i].Code != want[i].Code {
			t.Errorf("key event %d: %+v, want %+v", i, ev[i], want[i])
		}
	}
	must(t, p.Wheel(browser.Point{X: 20, Y: 20}, 0, 120))
	// Wheel events reach the page asynchronously.
	must(t, p.WaitFor(`events.some((e) => e.type === "wheel")`))
	if ev := events(t, p, "wheel"); len(ev) != 1 || ev[0].DY != 120 {
		t.Errorf("Wheel sent %+v, want one wheel event with deltaY 120", ev)
	}
}

func TestHarnessPixelsAtDPR2(t *testing.T) {
	p := harnessPage(t, 2)
	img, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 600 {
		t.Errorf("screenshot of a 400x300 page at DPR 2 is %v, want 800x600 device pixels", b)
	}
	patch := color.RGBA{0x12, 0x34, 0x56, 0xff}
	for _, pt := range []browser.Point{{X: 100, Y: 50}, {X: 110, Y: 60}, {X: 119.5, Y: 69.5}} {
		if got := browser.Pixel(img, pt, p.Scale); got != patch {
			t.Errorf("pixel at CSS %+v is %v, want %v", pt, got, patch)
		}
	}
	if got := browser.Pixel(img, browser.Point{X: 99, Y: 50}, p.Scale); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("pixel left of the patch is %v, want white", got)
	}
	noConsoleErrors(t, p)
}
