package view

import (
	"math"
	"testing"

	"downhill/game/sim"
	"downhill/optim"
)

// Every optimizer's colour reads against its inner ring, and whatever the
// colour beside a mark, one of its two rings reads against it: at least
// 4.5:1 both (any colour has that against black or white).
func TestRingsKeepContrast(t *testing.T) {
	rgbOf := func(c Color) sim.RGB {
		return sim.RGB{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5)}
	}
	for r, c := range sim.Palette {
		inner, outer := haloColors(c)
		if k := Contrast(c, rgbOf(inner)); k < 4.5 {
			t.Errorf("%s %s against its inner ring: %.2f:1", optim.Rule(r), c.Hex(), k)
		}
		for v := 0; v < 256; v += 5 {
			for _, bg := range []sim.RGB{{uint8(v), uint8(v), uint8(v)}, {0x44, 0x01, uint8(v)}, {uint8(v), 0xe7, 0x25}, {0x21, uint8(v), 0x8c}} {
				if k := max(Contrast(bg, rgbOf(inner)), Contrast(bg, rgbOf(outer))); k < 4.5 {
					t.Errorf("%s's rings against %s: at best %.2f:1", optim.Rule(r), bg.Hex(), k)
				}
			}
		}
	}
	if k := Contrast(sim.RGB{}, sim.RGB{0x44, 0x01, 0x54}); k > 1.5 {
		t.Errorf("black on viridis' low end should be the issue's 1.4:1, got %.2f", k)
	}
}

// The lecture's three optimizers differ by shape, not only by colour.
func TestShapesDiffer(t *testing.T) {
	seen := map[string]optim.Rule{}
	for _, r := range []optim.Rule{optim.GD, optim.Momentum, optim.NAG, optim.Adam, optim.RMSProp} {
		s := ShapeOf(sim.Palette[r])
		if o, ok := seen[s.Name]; ok {
			t.Errorf("%s and %s are both a %s", o, r, s.Name)
		}
		seen[s.Name] = r
	}
	// A square's outline is inscribed in the circle: its corner on it,
	// its edge's middle at the inradius.
	sq := Shapes[optim.Momentum]
	if e := sq.edge(0.7071, 0.7071); math.Abs(e-0.7071) > 1e-3 || math.Abs(sq.inset()-0.7071) > 1e-3 {
		t.Errorf("the square's corner at radius 1: edge %.3f, inset %.3f; want both 0.707", e, sq.inset())
	}
}

// The loss plot's curves and the fit plot's model curve are drawn without
// rings, on the plain background (and its faint grid): every colour a ball
// can have reads there at 3:1 or more (WCAG 1.4.11), GD's black as light
// grey, and momentum's red and NAG's blue a little lighter than the
// slides' (2.7:1 and 2.4:1 against a grid line as they are).
func TestCurvesKeepContrastOnThePlots(t *testing.T) {
	rgbOf := func(c Color) sim.RGB {
		return sim.RGB{uint8(c.R*255 + 0.5), uint8(c.G*255 + 0.5), uint8(c.B*255 + 0.5)}
	}
	// The grid's 8% white over the background, the lightest place a curve
	// crosses.
	bg, grid := rgbOf(bgColor), chromeGrid()
	for r, c := range sim.Palette {
		for what, col := range map[string]Color{"loss curve": lightColor(c), "fit curve": rgbOrLight(c)} {
			if c != (sim.RGB{}) && Contrast(c, grid) >= 3.05 && rgbOf(col) != c {
				t.Errorf("%s's %s changed though it read as it was", optim.Rule(r), what)
			}
			for _, under := range []sim.RGB{bg, grid} {
				if k := Contrast(rgbOf(col), under); k < 3 {
					t.Errorf("%s's %s %s on %s: %.2f:1", optim.Rule(r), what, rgbOf(col).Hex(), under.Hex(), k)
				}
			}
		}
	}
}
