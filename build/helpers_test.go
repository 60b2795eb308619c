//go:build !js

package main

// The browser tests' shared helpers: the page's rectangles and states as
// the tests read them, its coordinates (toScreen, toSurface), waiting on
// frames, and reading colours off screenshots. A helper used by one test
// file stays in that file; one used by several is here. The harness (the
// served page, the browser, eval and must) is harness_test.go.

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"downhill/build/internal/browser"
	"downhill/game/view"
)

// rect is a rectangle in CSS pixels: a view of downhill.layout(), a
// label, a convergence map's panel, or an element's DOMRect.
type rect struct{ X, Y, W, H float64 }

func (r rect) empty() bool { return r.W <= 0 || r.H <= 0 }

// overlaps reports whether r and o, both not empty, share an area.
func (r rect) overlaps(o rect) bool {
	return r.X < o.X+o.W && o.X < r.X+r.W && r.Y < o.Y+o.H && o.Y < r.Y+r.H && !r.empty() && !o.empty()
}

// contains reports whether pt lies at least margin CSS pixels inside r.
func (r rect) contains(pt browser.Point, margin float64) bool {
	return pt.X >= r.X+margin && pt.Y >= r.Y+margin && pt.X <= r.X+r.W-margin && pt.Y <= r.Y+r.H-margin
}

func (r rect) centre() browser.Point { return browser.Point{X: r.X + r.W/2, Y: r.Y + r.H/2} }

// viewLayout is downhill.layout().
type viewLayout struct {
	Scale, Width, Height          float64
	Wide                          bool
	Surface, Contour, ContourPlot rect
	Loss, LossPlot, Fit, FitPlot  rect
	Camera                        struct{ Yaw, Pitch, Zoom float64 }
	// Hidden: the views asked for that the canvas is too small to show
	// readably (the band offers them).
	Hidden []string
}

func getLayout(t *testing.T, p *browser.Page) viewLayout {
	t.Helper()
	return eval[viewLayout](t, p, `downhill.layout()`)
}

// appState is the part of downhill.state() the tests read.
type appState struct {
	Surface string      `json:"surface"`
	Paused  bool        `json:"paused"`
	Balls   []ballState `json:"balls"`
}

// ballState is the part of downhill.state().balls[i] the tests read.
type ballState struct {
	ID         int        `json:"id"`
	Group      int        `json:"group"`
	Optimizer  string     `json:"optimizer"`
	Start      [2]float64 `json:"start"`
	Pos        [2]float64 `json:"pos"`
	Loss       float64    `json:"loss"`
	Steps      int        `json:"steps"`
	Epoch      int        `json:"epoch"`
	Status     string     `json:"status"`
	Diverged   bool       `json:"diverged"`
	DivergedAt int        `json:"divergedAt"`
	DivergedLR float64    `json:"divergedLR"`
	Why        string     `json:"why"`
	LR         float64    `json:"lr"`
	Batch      int        `json:"batch"`
	Color      string     `json:"color"`
	Last       *struct {
		T      int        `json:"t"`
		From   [2]float64 `json:"from"`
		At     [2]float64 `json:"at"`
		Update [2]float64 `json:"update"`
		To     [2]float64 `json:"to"`
		LR     float64    `json:"lr"`
		Gamma  float64    `json:"gamma"`
	} `json:"last"`
}

// toScreen calls downhill.toScreen(w, b).
func toScreen(t *testing.T, p *browser.Page, w, b float64) browser.Point {
	t.Helper()
	pt := eval[struct{ X, Y float64 }](t, p, fmt.Sprintf(`downhill.toScreen(%g, %g)`, w, b))
	return browser.Point{X: pt.X, Y: pt.Y}
}

// pixelSize returns how far in (w, b) one CSS pixel moves at pt, per axis.
func pixelSize(t *testing.T, p *browser.Page, pt browser.Point) (dw, db float64) {
	t.Helper()
	q := eval[[3][2]float64](t, p, fmt.Sprintf(`[downhill.fromScreen(%[1]g, %[2]g), downhill.fromScreen(%[1]g + 1, %[2]g), downhill.fromScreen(%[1]g, %[2]g + 1)]`, pt.X, pt.Y))
	dw = math.Hypot(q[1][0]-q[0][0], q[2][0]-q[0][0])
	db = math.Hypot(q[1][1]-q[0][1], q[2][1]-q[0][1])
	return dw, db
}

// surfacePt is downhill.toSurface(w, b): where (w, b) is drawn in the 3D
// view, and whether a hill hides it.
type surfacePt struct {
	X, Y    float64
	Visible bool
}

func (s surfacePt) pt() browser.Point { return browser.Point{X: s.X, Y: s.Y} }

// toSurface calls downhill.toSurface(w, b), failing the test on null.
func toSurface(t *testing.T, p *browser.Page, w, b float64) surfacePt {
	t.Helper()
	s := eval[*surfacePt](t, p, fmt.Sprintf(`downhill.toSurface(%g, %g)`, w, b))
	if s == nil {
		t.Fatalf("toSurface(%g, %g) is null: the point is outside the box or there is no 3D view", w, b)
	}
	return *s
}

// waitDrawn waits until the game has drawn n more frames than it had when
// called: a frame drawn after a change of the world (set, addBall) shows
// the change, and toSurface answers for the projection it drew.
func waitDrawn(t *testing.T, p *browser.Page, n int) {
	t.Helper()
	d := eval[int](t, p, `downhill.frames().drawn`)
	must(t, p.WaitFor(fmt.Sprintf(`downhill.frames().drawn >= %d`, d+n)))
}

// within is WaitFor with its own timeout: for conditions that hold at
// once when all is well.
func within(p *browser.Page, d time.Duration, expr string) error {
	old := p.Timeout
	p.Timeout = d
	defer func() { p.Timeout = old }()
	return p.WaitFor(expr)
}

// noConsoleErrors fails the test, and lets it go on, if the page logged
// errors to its console.
func noConsoleErrors(t *testing.T, p *browser.Page) {
	t.Helper()
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
}

// screenshot is p.Screenshot failing the test on error.
func screenshot(t *testing.T, p *browser.Page) image.Image {
	t.Helper()
	img, err := p.Screenshot()
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// patch returns the device pixels within r CSS pixels of pt (a square).
func patch(img image.Image, pt browser.Point, scale, r float64) []color.RGBA {
	var out []color.RGBA
	x0, x1 := int(math.Floor((pt.X-r)*scale)), int(math.Ceil((pt.X+r)*scale))
	y0, y1 := int(math.Floor((pt.Y-r)*scale)), int(math.Ceil((pt.Y+r)*scale))
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			out = append(out, color.RGBAModel.Convert(img.At(x, y)).(color.RGBA))
		}
	}
	return out
}

// near reports whether two colours differ by at most tol per channel.
func near(a, b color.RGBA, tol uint8) bool { return browser.Near(a, b, tol) }

var (
	bgColour    = color.RGBA{0x16, 0x18, 0x1d, 255} // the canvas background
	panelColour = color.RGBA{0x1d, 0x20, 0x27, 255}
)

// isBackground reports whether c is the canvas's or a panel's background.
func isBackground(c color.RGBA) bool { return near(c, bgColour, 6) || near(c, panelColour, 6) }

// colourNear reports whether a pixel within r CSS pixels of pt (a page at
// devicePixelRatio scale) has colour c, to within 8 per channel.
func colourNear(img image.Image, pt browser.Point, scale, r float64, c color.RGBA) bool {
	cx, cy, dr := pt.X*scale, pt.Y*scale, r*scale
	for y := int(cy - dr); y <= int(cy+dr); y++ {
		for x := int(cx - dr); x <= int(cx+dr); x++ {
			if dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy; dx*dx+dy*dy > dr*dr {
				continue
			}
			if browser.Near(color.RGBAModel.Convert(img.At(x, y)).(color.RGBA), c, 8) {
				return true
			}
		}
	}
	return false
}

// neighbourhood formats the 5x5 device pixels around a CSS point.
func neighbourhood(img image.Image, pt browser.Point, scale float64) string {
	var b strings.Builder
	cx, cy := int(pt.X*scale), int(pt.Y*scale)
	for y := cy - 2; y <= cy+2; y++ {
		for x := cx - 2; x <= cx+2; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			fmt.Fprintf(&b, " #%02x%02x%02x", c.R, c.G, c.B)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// variety counts the distinct colours in r and the share of the commonest.
func variety(img image.Image, r image.Rectangle) (int, float64) {
	r = r.Intersect(img.Bounds())
	counts := map[color.RGBA]int{}
	top := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			counts[c]++
			top = max(top, counts[c])
		}
	}
	if r.Empty() {
		return 0, 1
	}
	return len(counts), float64(top) / float64(r.Dx()*r.Dy())
}

// viridisTable is the colour map both views use, as 8-bit sRGB.
var viridisTable = func() (tab [256][3]float64) {
	for i := range tab {
		r, g, b := view.Viridis8(float64(i) / 255)
		tab[i] = [3]float64{float64(r), float64(g), float64(b)}
	}
	return tab
}()

// viridisPos returns where c lies on the viridis map (0 dark violet, the
// lowest loss, to 1 yellow, the highest) and its RGB distance from it.
func viridisPos(c color.RGBA) (pos, dist float64) {
	best, bd := 0, math.Inf(1)
	for i, v := range viridisTable {
		dr, dg, db := float64(c.R)-v[0], float64(c.G)-v[1], float64(c.B)-v[2]
		if d := dr*dr + dg*dg + db*db; d < bd {
			best, bd = i, d
		}
	}
	return float64(best) / 255, math.Sqrt(bd)
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// overlapping reports whether a and b share an area or touch end to end
// (two numbers that touch read as one: "−2.5−2.5"); one above the other
// may touch.
func overlapping(a, b rect) bool {
	return a.X-1 < b.X+b.W && b.X < a.X+a.W+1 && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// insideRect reports whether a lies inside b (half a pixel of rounding
// allowed).
func insideRect(a, b rect) bool {
	return a.X >= b.X-0.5 && a.Y >= b.Y-0.5 && a.X+a.W <= b.X+b.W+0.5 && a.Y+a.H <= b.Y+b.H+0.5
}
