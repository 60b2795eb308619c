package picture

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"downhill/game/sim"
	"downhill/game/view"
	"downhill/game/view/soft"
)

// Every scene's picture draws its views (a tenth of its pixels at least
// are not the bare background), and its paletted PNG is within 2 levels
// of it on average and 6 at the balls' starts.
func TestEverySceneDraws(t *testing.T) {
	bg := soft.RGBA8(view.Background())
	for _, sc := range append([]sim.Scene{{Name: ""}}, sim.Scenes...) {
		q := ""
		if sc.Name != "" {
			q = "scene=" + sc.Name + "&panel=off"
		}
		t0 := time.Now()
		wd, errs := sim.NewFromQuery(q, Seed)
		if len(errs) > 0 {
			t.Fatalf("%q: %v", q, errs)
		}
		img, vs := DrawScene(wd, Width, Height, 1)
		d := time.Since(t0)
		data, err := PNG(img)
		if err != nil {
			t.Fatal(err)
		}
		back, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if back.Bounds() != img.Rect {
			t.Fatalf("%q: PNG bounds %v, want %v", q, back.Bounds(), img.Rect)
		}
		var sum, n float64
		other := 0
		for y := 0; y < Height; y += 2 {
			for x := 0; x < Width; x += 2 {
				a := img.RGBAAt(x, y)
				r, g, b, _ := back.At(x, y).RGBA()
				sum += abs(int(a.R)-int(r>>8)) + abs(int(a.G)-int(g>>8)) + abs(int(a.B)-int(b>>8))
				n += 3
				if a != bg {
					other++
				}
			}
		}
		// A convergence map is computed over the first seconds: its first
		// frame is the panels' frames and the balls' starts.
		least := Width * Height / 4 / 10
		if strings.Contains(sc.Setup, "mode=map") {
			least /= 5
		}
		if other < least {
			t.Errorf("%q: only %d of %d pixels are not the background", q, other, Width*Height/4)
		}
		// The balls keep their colours (a few dozen pixels each: a
		// palette of the most used colours alone lost them).
		for _, b := range wd.Balls {
			x, y := vs.ToContour(b.Start[0], b.Start[1])
			if !vs.Layout().ContourPlot.Contains(x, y) {
				continue
			}
			for k := 0; k < 3; k++ {
				var sa, sb float64
				for j := -2; j <= 2; j++ {
					for i := -2; i <= 2; i++ {
						a := img.RGBAAt(int(x)+i, int(y)+j)
						r, g, bb, _ := back.At(int(x)+i, int(y)+j).RGBA()
						sa += float64([]uint8{a.R, a.G, a.B}[k])
						sb += float64([]uint32{r >> 8, g >> 8, bb >> 8}[k])
					}
				}
				if d := abs(int(sa-sb)) / 25; d > 6 {
					t.Errorf("%q: at the start of a ball the PNG is %.1f levels from the picture", q, d)
				}
			}
		}
		if mean := sum / n; mean > 2 {
			t.Errorf("%q: the paletted PNG is %.2f levels from the picture on average, want at most 2", q, mean)
		}
		t.Logf("%-36s %6d bytes, drawn in %v", sc.Name, len(data), d.Round(time.Millisecond))
	}
}

func abs(v int) float64 {
	if v < 0 {
		return float64(-v)
	}
	return float64(v)
}
