package view

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"downhill/game/sim"
)

// mapScene is a scene of a world set up by q with its convergence map
// computed (through the world's clock, as the page does).
func mapScene(t *testing.T, q string, w, h float64) (*sim.World, *Scene, *[]DrawnText) {
	t.Helper()
	wd, s := newTestScene(t, q)
	// The map rests between slices as long as it worked: ticks in a
	// tight loop go on until the clock lets it work again.
	start := time.Now()
	for !wd.Map.Done {
		if time.Since(start) > 20*time.Second {
			t.Fatalf("%s: the map is not done after 20 s", q)
		}
		wd.Tick()
	}
	texts := recordTexts(s)
	s.Invalidate()
	s.Frame(wd, w, h, 1)
	return wd, s, texts
}

// The small multiples: one square map per optimizer (up to four), the
// same size, inside the contour view, not overlapping; every text inside
// the view and none over another; each map's optimizer named above it and
// the legend in steps; the texture's cells coloured as MapRGB says.
func TestMapSmallMultiples(t *testing.T) {
	opts := []string{"gd", "gd,momentum", "gd,momentum,nag", "gd,momentum,nag,adam"}
	for _, surf := range []string{"neuron&maxSteps=300", "himmelblau&maxSteps=300", "bowl&lr=0.1&maxSteps=100"} {
		for _, opt := range opts {
			for _, size := range [][2]float64{{1280, 720}, {800, 500}, {480, 700}} {
				for _, views := range []string{"contour", "3d,contour,loss"} {
					q := "surface=" + surf + "&opt=" + opt + "&mapGrid=16&views=" + views + "&mode=map&balls=-2,-2&paused=1"
					t.Run(fmt.Sprintf("%s/%vx%v", q, size[0], size[1]), func(t *testing.T) {
						wd, s, texts := mapScene(t, q, size[0], size[1])
						l := s.Layout()
						k := len(strings.Split(opt, ","))
						if l.NMaps != k || l.ContourPlot != l.Maps[0] {
							t.Fatalf("%d maps laid out for %d optimizers", l.NMaps, k)
						}
						for i, p := range l.Maps[:k] {
							if p.W != p.H || p.W != l.Maps[0].W || p.W < 8 || !inside(p, l.Contour) {
								t.Errorf("map %d at %+v: want equal squares inside the view %+v", i, p, l.Contour)
							}
							for _, o := range l.Maps[:i] {
								if overlap(p, o) {
									t.Errorf("maps %+v and %+v overlap", p, o)
								}
							}
						}
						named, legend := 0, false
						for i, tx := range *texts {
							if !inside(tx.Bounds, l.Contour) && overlap(tx.Bounds, l.Contour) {
								t.Errorf("text %q at %+v spills out of the contour view %+v", tx.Text, tx.Bounds, l.Contour)
							}
							for _, o := range (*texts)[:i] {
								if overlap(tx.Bounds, o.Bounds) && inside(tx.Bounds, l.Contour) {
									t.Errorf("text %q at %+v overlaps %q at %+v", tx.Text, tx.Bounds, o.Text, o.Bounds)
								}
							}
							if strings.Contains(tx.Text, "NaN") || strings.Contains(tx.Text, "Inf") {
								t.Errorf("text %q", tx.Text)
							}
							for _, r := range wd.Enabled {
								if strings.HasPrefix(tx.Text, r.Title()+"  η") {
									named++
								}
							}
							legend = legend || tx.Text == "steps to within 0.01 of L*"
						}
						if k > 1 && named != k && l.Maps[0].W >= 150 {
							t.Errorf("%d of %d maps named", named, k)
						}
						if !legend && l.MapLegend.W >= 400 {
							t.Errorf("no legend in steps")
						}
						// The texture: panel p's cell (i, j) at texel (p*N + i, N-1-j).
						pix, tw, th, _ := s.Texture()
						m := &wd.Map
						if tw != m.N*k || th != m.N {
							t.Fatalf("texture %dx%d, want %dx%d", tw, th, m.N*k, m.N)
						}
						for p := 0; p < k; p++ {
							for _, ij := range [][2]int{{0, 0}, {3, 11}, {15, 15}, {8, 2}} {
								c := m.Cell(p, ij[0], ij[1])
								r, g, b := MapRGB(c, m.Limit, m.NBasins > 1)
								o := 4 * ((m.N-1-ij[1])*tw + p*m.N + ij[0])
								if pix[o] != r || pix[o+1] != g || pix[o+2] != b {
									t.Errorf("panel %d cell %v (%v, %d steps): texel %v, want %v", p, ij, c.Kind, c.Steps, pix[o:o+3], []uint8{r, g, b})
								}
							}
						}
					})
				}
			}
		}
	}
}

// The colours: faster is lighter on every scale, divergence is the
// undefined region's grey, a start that never arrives darker than every
// arrival, the basins' hues apart.
func TestMapColours(t *testing.T) {
	lum := func(r, g, b uint8) float64 { return 0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b) }
	for _, multi := range []bool{false, true} {
		for basin := uint8(0); basin < 4; basin++ {
			prev := 1e9
			for _, steps := range []uint16{0, 1, 3, 10, 30, 100, 300, 1000} {
				l := lum(MapRGB(sim.MapCell{Kind: sim.MapReached, Steps: steps, Basin: basin}, 1000, multi))
				if l >= prev {
					t.Errorf("multi %v basin %d: %d steps not darker than fewer (%.1f after %.1f)", multi, basin, steps, l, prev)
				}
				prev = l
			}
			if s := lum(MapRGB(sim.MapCell{Kind: sim.MapSlow, Basin: sim.BasinNone}, 1000, multi)); s >= prev {
				t.Errorf("a start that never arrives (%.1f) is not darker than the slowest arrival (%.1f)", s, prev)
			}
		}
	}
	if r, g, b := MapRGB(sim.MapCell{Kind: sim.MapDiverged}, 1000, false); r != UndefinedGrey || g != r || b != r {
		t.Errorf("diverged is %d,%d,%d, want the undefined grey", r, g, b)
	}
	seen := map[[3]uint8]bool{}
	for k := 0; k < sim.MaxBasins; k++ {
		r, g, b := MapRGB(sim.MapCell{Kind: sim.MapReached, Steps: 10, Basin: uint8(k)}, 1000, true)
		if seen[[3]uint8{r, g, b}] {
			t.Errorf("basin %d has the colour of another", k)
		}
		seen[[3]uint8{r, g, b}] = true
	}
}

// On the convergence map, once it is computed, a frame with balls rolling
// on their maps and the pointer over a cell allocates nothing (the map's
// work, while it lasts, allocates nothing either: sim's tests).
func TestMapFrameAllocatesNothing(t *testing.T) {
	wd, s := newTestScene(t, "surface=neuron&opt=gd,momentum,nag&mapGrid=32&maxSteps=100000&mode=map&balls=-2,-2;1,3&paused=1")
	for start := time.Now(); !wd.Map.Done; wd.Tick() {
		if time.Since(start) > 20*time.Second {
			t.Fatal("the map is not done after 20 s")
		}
	}
	s.Frame(wd, 1280, 720, 1)
	m := s.Layout().Maps[1]
	s.HoverOn, s.HoverX, s.HoverY = true, m.X+m.W/3, m.Y+m.H/3
	for i := 0; i < 100; i++ {
		wd.Do(sim.Step{N: 5})
		wd.Tick()
		s.Frame(wd, 1280, 720, 1)
	}
	step := &sim.Step{N: 1}
	allocs := testing.AllocsPerRun(50, func() {
		wd.Do(step)
		wd.Tick()
		s.Frame(wd, 1280, 720, 1)
	})
	if allocs != 0 {
		t.Fatalf("a frame on the map allocates %v times", allocs)
	}
	if s.layout.NMaps != 3 || !wd.Map.Done {
		t.Fatalf("%d maps, done %v", s.layout.NMaps, wd.Map.Done)
	}
}
