//go:build js && wasm

package game

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"downhill/game/view"
	"downhill/optim"
)

// shot is a picture asked for: at scale device pixels per CSS pixel, done
// receives its RGBA pixels (row by row, width x height) or a refusal.
type shot struct {
	scale float64
	done  func(width, height int, pix []byte, err error)
}

// MaxShotPixels bounds a screenshot's size (width x height): a 4K picture
// and a little more.
const MaxShotPixels = 4096 * 4096

// ShotScale is the range of a screenshot's scale.
var ShotScale = optim.Setting{Key: "scale", Kind: optim.Real, Min: 0.25, Max: 8}

// Screenshot asks for the current picture (every view shown, with its
// legend and readouts) at scale device pixels per CSS pixel (0: the
// device's), read back inside the engine at the next frame; done receives
// it from the game loop. The picture is drawn afresh by a scene of its own,
// at full detail, without the pointer's hover marks.
func (g *Game) Screenshot(scale float64, done func(width, height int, pix []byte, err error)) {
	if scale != 0 {
		if err := ShotScale.Check(scale, ""); err != nil {
			done(0, 0, nil, err)
			return
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.shots = append(g.shots, shot{scale: scale, done: done})
}

// takeShots draws every picture asked for, on a canvas of w x h device
// pixels, and hands it over.
func (g *Game) takeShots(w, h float64) {
	for _, sh := range g.shots {
		k := sh.scale
		if k == 0 {
			k = g.scale
		}
		cw, ch := math.Round(w/g.scale*k), math.Round(h/g.scale*k)
		if cw*ch > MaxShotPixels || cw < 1 || ch < 1 {
			sh.done(0, 0, nil, &optim.Error{Field: "scale", Problem: "makes a picture larger than 4096 x 4096 pixels", Accepted: "a smaller scale"})
			continue
		}
		ui := k
		if g.world.Present {
			ui *= presentScale
		}
		s := view.NewScene(view.NewAtlas(ui))
		s.Frame(g.world, cw, ch, k)
		img := ebiten.NewImage(int(cw), int(ch))
		var p painter
		p.paint(img, s)
		for _, b := range s.Overlay.Batches() {
			img.DrawTriangles(verts(b.Verts), b.Idx, p.atlas, &triOpts)
		}
		pix := make([]byte, 4*int(cw)*int(ch))
		img.ReadPixels(pix)
		img.Deallocate()
		p.release()
		sh.done(int(cw), int(ch), pix, nil)
	}
	g.shots = g.shots[:0]
}

// release frees the painter's images.
func (p *painter) release() {
	for _, k := range p.kept {
		k.img.Deallocate()
	}
	if p.tex != nil {
		p.tex.Deallocate()
	}
	*p = painter{}
}
