//go:build js && wasm

// Package bare is the benchmark's bare Ebiten page: a game that does
// nothing but move one small square, so that every frame has a change to
// present (an ebiten game whose Draw changes nothing stops presenting) and
// no more. It runs with ebiten's default settings or with the settings
// Downhill uses (see Run).
//
// It publishes window.benchFrames, the number of Draw calls so far, so the
// benchmark can count the frames the game drew next to the browser's
// requestAnimationFrame count, and window.benchMallocs() (the Go heap's
// cumulative allocation count), so that Downhill's allocations per frame
// can be told from ebiten's own.
package bare

import (
	"image/color"
	"runtime"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

const size = 32

type game struct {
	tuned  bool
	frames int
	tick   int
	square *ebiten.Image
	blank  *ebiten.Image
	last   [2]float64
	drawn  bool
}

func (g *game) Update() error {
	g.tick++
	return nil
}

func (g *game) pos(w int) [2]float64 {
	return [2]float64{float64((g.tick * 4) % max(w-size, 1)), size}
}

func (g *game) Draw(screen *ebiten.Image) {
	g.frames++
	js.Global().Set("benchFrames", g.frames)
	p := g.pos(screen.Bounds().Dx())
	if g.tuned && g.drawn {
		// The screen keeps last frame's pixels: erase the old square.
		op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
		op.GeoM.Translate(g.last[0], g.last[1])
		screen.DrawImage(g.blank, op)
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(p[0], p[1])
	screen.DrawImage(g.square, op)
	g.last, g.drawn = p, true
}

// Layout draws at the device's resolution, as Downhill does.
func (g *game) Layout(w, h int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return int(float64(w) * s), int(float64(h) * s)
}

// tunedGame adds the FinalScreenDrawer of the tuned settings.
type tunedGame struct{ *game }

// DrawFinalScreen copies the offscreen as is: Layout returns the device
// size, so geoM is the identity and ebiten's default filtered draw is not
// needed.
func (g tunedGame) DrawFinalScreen(screen ebiten.FinalScreen, offscreen *ebiten.Image, geoM ebiten.GeoM) {
	op := &ebiten.DrawImageOptions{GeoM: geoM, Blend: ebiten.BlendCopy}
	screen.DrawImage(offscreen, op)
}

var _ ebiten.FinalScreenDrawer = tunedGame{}

// Run runs the page. With tuned, it uses the settings Downhill uses to
// save full-screen passes under a software rasterizer (measured in
// shared/notes/browser-and-wasm.md): the screen is not cleared before each
// frame and a FinalScreenDrawer copies the offscreen with BlendCopy. (The
// third setting, a WebGL2 context without antialias, is the page's: its
// script wraps getContext as Downhill's index.html does.)
func Run(tuned bool) {
	js.Global().Set("benchMallocs", js.FuncOf(func(js.Value, []js.Value) any {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.Mallocs)
	}))
	g := &game{tuned: tuned, square: ebiten.NewImage(size, size), blank: ebiten.NewImage(size, size)}
	g.square.Fill(color.RGBA{0xff, 0xb0, 0x20, 0xff})
	var eg ebiten.Game = g
	if tuned {
		ebiten.SetScreenClearedEveryFrame(false)
		eg = tunedGame{g}
	}
	if err := ebiten.RunGame(eg); err != nil {
		panic(err)
	}
}
