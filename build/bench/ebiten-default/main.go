//go:build js && wasm

// Command ebiten-default is the benchmark's bare Ebiten page with default
// settings: it fills the screen and moves one small square each frame, so
// every frame has new pixels to present, and does nothing else. It is the
// floor Downhill must beat at every ball count (issue 6).
//
// It publishes window.benchFrames, the number of Draw calls so far, so the
// benchmark can count the frames the game drew next to the browser's
// requestAnimationFrame count.
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

// Layout draws at the device's resolution, as Downhill does.
func (g *game) Layout(w, h int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return int(float64(w) * s), int(float64(h) * s)
}

func main() {
	g := &game{square: ebiten.NewImage(32, 32)}
	g.square.Fill(color.RGBA{0xff, 0xb0, 0x20, 0xff})
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
}
