//go:build !js

package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"downhill/build/internal/browser"
	"downhill/game/sim"
	"downhill/game/view"
	"downhill/optim"
	"downhill/surfaces"
)

// contrastOf is WCAG's contrast ratio of two screen colours.
func contrastOf(a, b color.RGBA) float64 {
	return view.Contrast(sim.RGB{a.R, a.G, a.B}, sim.RGB{b.R, b.G, b.B})
}

// TestMarksKeepTheirContrast samples the pixels across trails and around
// balls of each optimizer, on the contour map and on the 3D view, on the
// default surface with GD, momentum and NAG and in every scene of the
// lecture, at devicePixelRatio 2: the mark with its rings has at least 3:1
// against what is beside it on either side, and its colour at least 3:1
// against its rings (WCAG 1.4.11). Before the rings, GD's black path on
// viridis' dark purple was 1.4:1. (The loss and fit plots draw on the
// plain background: game/view's TestCurvesKeepContrastOnThePlots.)
func TestMarksKeepTheirContrast(t *testing.T) {
	e := appEnv(t)
	type contrastCase struct {
		name, query string
		setup       []sim.Command
		js          string
		steps       int
	}
	cases := []contrastCase{
		{"neuron", "views=contour,3d&paused=1&opt=gd,momentum,nag", []sim.Command{
			&sim.AddBall{Start: optim.Vec{-4, 3}, Rule: "gd"}, &sim.AddBall{Start: optim.Vec{3, -4}, Rule: "momentum"}, &sim.AddBall{Start: optim.Vec{4, 4}, Rule: "nag"},
		}, `downhill.addBall({start: [-4, 3], optimizer: "gd"}), downhill.addBall({start: [3, -4], optimizer: "momentum"}), downhill.addBall({start: [4, 4], optimizer: "nag"})`, 40},
	}
	// Every other optimizer, up to three at a time, from starts apart
	// (whose paths stay clear of the step's readout).
	starts := []optim.Vec{{-4, 3}, {3, -4}, {4, 4}}
	for _, group := range [][3]string{{"linesearch", "adagrad", "rmsprop"}, {"adam", "newton", "nadam"}, {"", "", "amsgrad"}} {
		c := contrastCase{name: "neuron-" + group[2], query: "views=contour,3d&paused=1&lr=0.5", steps: 40}
		var js []string
		for i, r := range group {
			if r != "" {
				c.setup = append(c.setup, &sim.AddBall{Start: starts[i], Rule: r})
				js = append(js, fmt.Sprintf(`downhill.addBall({start: [%g, %g], optimizer: %q})`, starts[i][0], starts[i][1], r))
			}
		}
		c.js = strings.Join(js, ", ")
		cases = append(cases, c)
	}
	for _, sc := range sim.Scenes {
		// Both views, side by side, whatever the scene shows first.
		cases = append(cases, contrastCase{name: sc.Name, query: "scene=" + sc.Name + "&views=contour,3d&main=contour&paused=1", steps: 60})
	}
	p := newPage(t, e, 900, 600, 2)
	must(t, p.Load(e.appURL+"?panel=off&paused=1"))
	shots := os.Getenv("DOWNHILL_CONTRAST_SHOTS") // a folder for the screenshots
	// What was checked in all scenes, by optimizer and view.
	total := map[string]int{}
	var ran []contrastCase
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, errs := sim.NewFromQuery(c.query, 1)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			for _, cmd := range append(c.setup, sim.Step{N: c.steps}) {
				must(t, w.Do(cmd))
			}
			// Each case is one set() on the same page, as the URL would
			// give it (a new page a scene took 8 s).
			q, err := url.ParseQuery(c.query)
			must(t, err)
			m := map[string]string{}
			for k := range q {
				m[k] = q.Get(k)
			}
			js0, _ := json.Marshal(m)
			eval[bool](t, p, fmt.Sprintf(`downhill.reset(), downhill.set(%s), true`, js0))
			if c.js != "" {
				eval[bool](t, p, c.js+", true")
			}
			eval[bool](t, p, fmt.Sprintf(`downhill.step(%d), true`, c.steps))
			must(t, p.WaitFrames(15))
			if len(w.Balls) == 0 {
				t.Skipf("no balls in this scene (%s)", c.query)
			}
			// The page's world is the one computed here.
			pos := eval[[][2]float64](t, p, `downhill.state().balls.map((b) => b.pos)`)
			if len(pos) != len(w.Balls) {
				t.Fatalf("%d balls on the page, %d here", len(pos), len(w.Balls))
			}
			for i, b := range w.Balls {
				if math.Abs(pos[i][0]-b.Pos[0]) > 1e-9 || math.Abs(pos[i][1]-b.Pos[1]) > 1e-9 {
					t.Fatalf("ball %d at %v on the page, %v here", i, pos[i], b.Pos)
				}
			}
			// Every trail point and ball, in model coordinates.
			var pts [][][2]float64
			var drawn3D [][]bool // the 3D view draws only steps with both ends in the box
			for _, b := range w.Balls {
				var bp [][2]float64
				for _, q := range b.Trail.Pts {
					bp = append(bp, [2]float64{q.W, q.B})
				}
				d, in := densifyModel(append(bp, [2]float64{b.Pos[0], b.Pos[1]}), w.Box)
				pts, drawn3D = append(pts, d), append(drawn3D, in)
			}
			js, _ := json.Marshal(pts)
			lay := eval[struct {
				ContourPlot, Surface rect
				Maps                 []rect
				Labels               []rect // every text the views draw
				Plates               []rect // the boxes over them: the step's readout, labels' plates
			}](t, p, `downhill.layout()`)
			// Under a label the mark is behind the label's plate: not
			// sampled there.
			underLabel := func(pt browser.Point) bool {
				for _, l := range append(lay.Labels, lay.Plates...) {
					if pt.X > l.X-8 && pt.X < l.X+l.W+8 && pt.Y > l.Y-8 && pt.Y < l.Y+l.H+8 {
						return true
					}
				}
				return false
			}
			img, err := p.Screenshot()
			must(t, err)
			if shots != "" {
				if b, err := p.ScreenshotPNG(); err == nil {
					os.WriteFile(filepath.Join(shots, c.name+".png"), b, 0o644)
				}
			}
			checked := map[string]int{}
			check := func(where string, scr [][]browser.Point, plot rect, lift float64) {
				heads := make([]browser.Point, len(scr))
				for i := range scr {
					if len(scr[i]) > 0 {
						heads[i] = scr[i][len(scr[i])-1]
					}
				}
				for i, b := range w.Balls {
					if len(scr[i]) == 0 {
						continue
					}
					name := b.Cfg.Rule.String()
					for _, s := range trailSites(scr, i, plot) {
						if underLabel(s[0]) {
							continue
						}
						if msg := checkAcross(img, s[0], s[1], 2); msg != "" {
							t.Errorf("%s: %s's trail at (%.0f, %.0f): %s", where, name, s[0].X, s[0].Y, msg)
						}
						checked[where+" "+name+" trail"]++
					}
					head := heads[i]
					if clearOf(scr, i, 0, len(scr[i]), head, 14) && plot.contains(head, 14) && !underLabel(head) {
						// The 3D view draws a ball sitting on the surface:
						// its centre a little above the point.
						head.Y -= lift
						if msg := checkAround(img, head, view.BallRadius, 2); msg != "" {
							t.Errorf("%s: %s's ball at (%.0f, %.0f): %s", where, name, head.X, head.Y, msg)
						}
						checked[where+" "+name+" ball"]++
					}
				}
			}
			// The contour map (on a convergence map, the balls run on its
			// small multiples: checked in the 3D view only).
			if len(lay.Maps) == 0 && !lay.ContourPlot.empty() {
				scr := eval[[][]browser.Point](t, p, fmt.Sprintf(`%s.map((b) => b.map(([w, v]) => { const s = downhill.toScreen(w, v); return {x: s.x, y: s.y}; }))`, js))
				check("contour", scr, lay.ContourPlot, 0)
			}
			// The 3D view: only the stretches of a path that no hill hides
			// (a hidden point cuts the path: no site spans it).
			// In a learning-rate sweep the 3D view leaves most of the
			// paths out (noticed, not mended this round): its balls only.
			if !lay.Surface.empty() {
				raw := eval[[][]*struct {
					X, Y    float64
					Visible bool
				}](t, p, fmt.Sprintf(`%s.map((b) => b.map(([w, v]) => downhill.toSurface(w, v)))`, js))
				scr := make([][]browser.Point, len(raw))
				for i, path := range raw {
					for k, q := range path {
						if q == nil || !q.Visible || !drawn3D[i][k] || (w.Mode == sim.ModeSweep && k < len(path)-1) {
							// Far away: never clear of anything, never a site.
							scr[i] = append(scr[i], browser.Point{X: -1e6, Y: -1e6})
							continue
						}
						scr[i] = append(scr[i], browser.Point{X: q.X, Y: q.Y})
					}
				}
				check("3d", scr, lay.Surface, 0.6*view.BallRadius)
			}
			t.Logf("checked: %v", checked)
			n := 0
			for k, v := range checked {
				n += v
				total[strings.SplitN(k, " ", 2)[1]] += v
			}
			if n == 0 {
				// Its trails overlap, or bend at every point: the
				// optimizers are sampled in the other scenes (below).
				t.Logf("nothing in this scene was clear enough of the rest to sample")
			}
			ran = append(ran, c)
		})
	}
	t.Logf("checked in all: %v", total)
	// Every optimizer a scene draws was sampled on its trail somewhere.
	for _, c := range ran {
		w, _ := sim.NewFromQuery(c.query, 1)
		for _, cmd := range c.setup {
			w.Do(cmd)
		}
		for _, b := range w.Balls {
			if total[b.Cfg.Rule.String()+" trail"] == 0 {
				t.Errorf("%s's trail was never sampled", b.Cfg.Rule)
			}
		}
	}
}

// densifyModel puts points along each step of a path (in (w, b), where
// both views draw a step: straight on the map, over the surface in 3D),
// so that a long straight step offers sites between its ends; a long path
// is left as it is (its points are close already). in says which points
// lie on a step with both ends in the box (the 3D view draws only those).
func densifyModel(path [][2]float64, box surfaces.Box) (out [][2]float64, in []bool) {
	inBox := func(q [2]float64) bool {
		return q[0] >= box.WMin && q[0] <= box.WMax && q[1] >= box.BMin && q[1] <= box.BMax
	}
	per := 16
	if len(path) > 150 {
		per = 1
	}
	for k, q := range path {
		ok := inBox(q) && (k == 0 || inBox(path[k-1])) && (k == len(path)-1 || inBox(path[k+1]))
		if k > 0 {
			a := path[k-1]
			for j := 1; j < per; j++ {
				f := float64(j) / float64(per)
				out = append(out, [2]float64{a[0] + f*(q[0]-a[0]), a[1] + f*(q[1]-a[1])})
				in = append(in, inBox(a) && inBox(q))
			}
		}
		out, in = append(out, q), append(in, ok)
	}
	return out, in
}

// trailSites picks up to 6 places along ball i's path (a trail point and
// the unit normal there) where the path runs straight for a few pixels
// each way and nothing else is drawn within 14 CSS pixels.
func trailSites(scr [][]browser.Point, i int, plot rect) [][2]browser.Point {
	path := scr[i]
	var out [][2]browser.Point
	last := browser.Point{X: math.Inf(1)}
	for k := 1; k+1 < len(path)-1; k++ {
		m := path[k]
		// The points about 4 pixels before and after: the direction, and
		// whether the path is straight there.
		ja, jb := k-1, k+1
		for ja > 0 && math.Hypot(path[ja].X-m.X, path[ja].Y-m.Y) < 4 {
			ja--
		}
		for jb < len(path)-2 && math.Hypot(path[jb].X-m.X, path[jb].Y-m.Y) < 4 {
			jb++
		}
		a, b := path[ja], path[jb]
		ux, uy := m.X-a.X, m.Y-a.Y
		vx, vy := b.X-m.X, b.Y-m.Y
		lu, lv := math.Hypot(ux, uy), math.Hypot(vx, vy)
		if lu < 3 || lv < 3 || (ux*vx+uy*vy)/(lu*lv) < 0.95 {
			continue // too short to know the direction, or a bend
		}
		// The path's own points within 16 pixels of m on either side are
		// its neighbourhood; beyond, the path must not come back near.
		ca, cb := ja, jb
		for ca > 0 && math.Hypot(path[ca].X-m.X, path[ca].Y-m.Y) < 16 {
			ca--
		}
		for cb < len(path)-1 && math.Hypot(path[cb].X-m.X, path[cb].Y-m.Y) < 16 {
			cb++
		}
		if !plot.contains(m, 16) || !clearOf(scr, i, ca, cb, m, 14) || math.Hypot(m.X-path[0].X, m.Y-path[0].Y) < 16 || math.Hypot(m.X-last.X, m.Y-last.Y) < 20 {
			continue
		}
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		out = append(out, [2]browser.Point{m, {X: -dy / l, Y: dx / l}})
		last = m
		if len(out) == 6 {
			break
		}
	}
	return out
}

// clearOf reports whether no other path's segment, and none of ball i's
// own outside its points ja to jb, comes within d of m.
func clearOf(scr [][]browser.Point, i, ja, jb int, m browser.Point, d float64) bool {
	for j, path := range scr {
		for n := 0; n+1 < len(path); n++ {
			if j == i && n >= ja-1 && n < jb+1 {
				continue // the path's own neighbourhood
			}
			if segDist(m, path[n], path[n+1]) < d {
				return false
			}
		}
		if j != i && len(path) > 0 && math.Hypot(m.X-path[len(path)-1].X, m.Y-path[len(path)-1].Y) < d+view.BallRadius {
			return false
		}
	}
	// The own ball, unless m is it.
	own := scr[i][len(scr[i])-1]
	if d := math.Hypot(m.X-own.X, m.Y-own.Y); d > 0.5 && d < 14+view.BallRadius {
		return false
	}
	return true
}

func segDist(p, a, b browser.Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l2))
	}
	return math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy)
}

// checkAcross samples across a trail at m along the normal n: the colours
// within 3 CSS pixels are the mark (its colour and rings), those at 7 the
// background beside it. It returns what fails ("" when all is well).
func checkAcross(img image.Image, m, n browser.Point, scale float64) string {
	at := func(t float64) color.RGBA {
		return browser.Pixel(img, browser.Point{X: m.X + t*n.X, Y: m.Y + t*n.Y}, scale)
	}
	core := at(0)
	var mark, rings []color.RGBA
	for t := -3.0; t <= 3; t += 0.5 {
		mark = append(mark, at(t))
		if math.Abs(t) >= 1 {
			rings = append(rings, at(t))
		}
	}
	for _, side := range []float64{-7, 7} {
		bg := at(side)
		if best := maxContrast(mark, bg); best < 3 {
			return fmt.Sprintf("the mark's best contrast against the background %v beside it (at %+.0f px) is %.2f:1 (across: %v)", bg, side, best, mark)
		}
	}
	if best := maxContrast(rings, core); best < 3 {
		return fmt.Sprintf("its colour %v has at most %.2f:1 against its rings", core, best)
	}
	return ""
}

// checkAround samples a ball along 8 rays: the mark out to its radius, the
// background 4 CSS pixels beyond; at least 6 rays must read (a ray may run
// along the ball's own trail).
func checkAround(img image.Image, c browser.Point, r, scale float64) string {
	fails := 0
	var last string
	for k := 0; k < 8; k++ {
		a := float64(k) * math.Pi / 4
		at := func(t float64) color.RGBA {
			return browser.Pixel(img, browser.Point{X: c.X + t*math.Cos(a), Y: c.Y + t*math.Sin(a)}, scale)
		}
		var mark []color.RGBA
		for t := 0.0; t <= r; t += 0.5 {
			mark = append(mark, at(t))
		}
		bg := at(r + 4)
		if best := maxContrast(mark, bg); best < 3 {
			fails++
			last = fmt.Sprintf("ray %d: best %.2f:1 against %v", k, best, bg)
		}
	}
	if fails > 2 {
		return fmt.Sprintf("%d of 8 rays below 3:1 (%s)", fails, last)
	}
	return ""
}

func maxContrast(cs []color.RGBA, bg color.RGBA) float64 {
	best := 1.0
	for _, c := range cs {
		best = math.Max(best, contrastOf(c, bg))
	}
	return best
}
