//go:build js && wasm

// Command ebiten-tuned is ebiten-default with the settings Downhill uses to
// save full-screen passes under a software rasterizer (measured in
// shared/notes/browser-and-wasm.md): the screen is not cleared before each
// frame (Draw paints every pixel anyway), and a FinalScreenDrawer copies the
// offscreen to the screen with BlendCopy instead of ebiten's default filter
// pass. The page that loads it also creates the WebGL2 context with
// antialias: false, as Downhill's index.html does.
//
// It publishes window.benchFrames like ebiten-default.
package main

import (
	"image/color"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

type game struct {
	frames int
	x      float64
	square *ebiten.Image
}

func (g *game) Update() error {
	g.x += 4
	return nil
}

func (g *game) Draw(screen *ebiten.Image) {
	g.frames++
	js.Global().Set("benchFrames", g.frames)
	screen.Fill(color.RGBA{0x20, 0x24, 0x2c, 0xff})
	w := screen.Bounds().Dx()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(int(g.x)%max(w-32, 1)), 32)
	screen.DrawImage(g.square, op)
}

// DrawFinalScreen copies the offscreen as is: Layout returns the device
// size, so geoM is the identity and no filtering is needed.
func (g *game) DrawFinalScreen(screen ebiten.FinalScreen, offscreen *ebiten.Image, geoM ebiten.GeoM) {
	op := &ebiten.DrawImageOptions{GeoM: geoM, Blend: ebiten.BlendCopy}
	screen.DrawImage(offscreen, op)
}

// Layout draws at the device's resolution, as Downhill does.
func (g *game) Layout(w, h int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return int(float64(w) * s), int(float64(h) * s)
}

var _ ebiten.FinalScreenDrawer = (*game)(nil)

func main() {
	ebiten.SetScreenClearedEveryFrame(false)
	g := &game{square: ebiten.NewImage(32, 32)}
	g.square.Fill(color.RGBA{0xff, 0xb0, 0x20, 0xff})
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
}
