package sim

import (
	"errors"
	"math"
	"strings"
	"testing"

	"downhill/optim"
)

// mapOf returns the finished convergence map of a world set up by q.
func mapOf(t *testing.T, q string) *World {
	t.Helper()
	w, errs := NewFromQuery(q, 1)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", q, errs)
	}
	if w.Mode != ModeMap {
		t.Fatalf("%s: mode %v, want map", q, w.Mode)
	}
	w.finishMap()
	if !w.Map.Done || w.Map.Stride != 0 {
		t.Fatalf("%s: map not done", q)
	}
	return w
}

// On the bowl ½(w² + 25b²) with GD η = 0.07 every start arrives in the one
// basin, and the further out along w (the slow direction, curvature 1),
// the more steps.
func TestMapBowl(t *testing.T) {
	w := mapOf(t, "surface=bowl&opt=gd&lr=0.07&mapGrid=32&mode=map")
	m := &w.Map
	st := m.Stats(0)
	if st.Reached != 32*32 || st.Basin[0] != 32*32 {
		t.Fatalf("%+v: want every start arrived in the minimum's basin", st)
	}
	// Along the middle row (b near 0), from the centre out.
	j := 16
	for i := 17; i < 31; i++ {
		in, out := m.Cell(0, i, j), m.Cell(0, i+1, j)
		if out.Steps < in.Steps {
			t.Errorf("w = %.2f takes %d steps, w = %.2f further out only %d", m.Centre(i, j)[0], in.Steps, m.Centre(i+1, j)[0], out.Steps)
		}
	}
	near, far := m.Cell(0, 16, j).Steps, m.Cell(0, 31, j).Steps
	if far < near+20 {
		t.Errorf("%d steps near the centre, %d at the edge: want the edge much slower", near, far)
	}
	// Along b (fast, curvature 25) the steps grow less over the same
	// distance.
	if d := int(m.Cell(0, 16, 31).Steps) - int(m.Cell(0, 16, 16).Steps); 2*d > int(far)-int(near) {
		t.Errorf("along b the steps grow by %d, along w by %d; want b (the fast direction) much less", d, far-near)
	}
}

// Himmelblau: four basins, each holding its own minimum, for GD, momentum
// and NAG, on one grid.
func TestMapHimmelblauBasins(t *testing.T) {
	w := mapOf(t, "surface=himmelblau&opt=gd,momentum,nag&mapGrid=64&mode=map")
	m := &w.Map
	if m.NBasins != 4 || m.NRules != 3 {
		t.Fatalf("%d basins, %d panels; want 4 and 3", m.NBasins, m.NRules)
	}
	for k := 0; k < m.NRules; k++ {
		st := m.Stats(k)
		for b, p := range w.Info.Minima {
			i, j, ok := m.CellAt(p.X, p.Y)
			if !ok {
				t.Fatalf("minimum %v outside the map", p)
			}
			if c := m.Cell(k, i, j); c.Kind != MapReached || int(c.Basin) != b {
				t.Errorf("%v: the cell of minimum %d (%v) is %v in basin %d", m.Rules[k], b, p, c.Kind, c.Basin)
			}
			if share := float64(st.Basin[b]) / float64(st.Total); share < 0.1 {
				t.Errorf("%v: basin %d holds only %.0f%% of the box", m.Rules[k], b, 100*share)
			}
		}
	}
}

// Too large an η diverges from some starts and not others: on the bowl,
// η = 0.1 multiplies b by −1.5 a step, so every start off b = 0 diverges.
func TestMapDivergence(t *testing.T) {
	w := mapOf(t, "surface=bowl&opt=gd&lr=0.1&mapGrid=16&mode=map")
	m := &w.Map
	i, j, _ := m.CellAt(-5, 2)
	c := m.Cell(0, i, j)
	if c.Kind != MapDiverged || c.Basin != BasinNone {
		t.Fatalf("the cell of (−5, 2) is %v, want diverged", c.Kind)
	}
	d := &Drop{At: m.Centre(i, j)}
	if err := w.Do(d); err != nil {
		t.Fatal(err)
	}
	b := w.Balls[0]
	for b.Status == Rolling {
		w.Do(Step{N: 1})
	}
	if b.Status != Diverged || b.DivergedAt != int(c.Steps) {
		t.Errorf("a ball there: %v at step %d; the cell says diverged at %d", b.Status, b.DivergedAt, c.Steps)
	}
	if st := m.Stats(0); st.Diverged != st.Total {
		t.Errorf("%d of %d starts diverged; the grid has no cell on b = 0", st.Diverged, st.Total)
	}
	// At η = 0.07 none does.
	w = mapOf(t, "surface=bowl&opt=gd&lr=0.07&mapGrid=16&mode=map")
	if st := w.Map.Stats(0); st.Diverged != 0 {
		t.Errorf("η = 0.07: %d starts diverged", st.Diverged)
	}
}

// Every cell says what a ball dropped at its centre through World.Do does:
// the step it first comes within MapTol of L*, or that it never does, or
// where it diverges; a run that arrives does so in the cell's basin.
func TestMapCellsAgreeWithBalls(t *testing.T) {
	for _, q := range []string{
		"surface=neuron&opt=gd,momentum&lr=1&maxSteps=300&mapGrid=12&mode=map",
		"surface=neuron&opt=gd,nag&lr=1&batch=1&seed=3&maxSteps=200&mapGrid=8&mode=map",
		"surface=himmelblau&opt=gd,momentum,nag&maxSteps=200&mapGrid=8&mode=map",
		"surface=bowl&opt=gd,adam&gd.lr=0.079&maxSteps=200&mapGrid=9&mode=map",
		"surface=custom&f=sqrt(w)%2Bb^2&opt=gd&lr=0.5&maxSteps=100&mapGrid=8&mode=map",
	} {
		w := mapOf(t, q)
		m := &w.Map
		for j := 0; j < m.N; j++ {
			for i := 0; i < m.N; i++ {
				p := m.Centre(i, j)
				d := &Drop{At: p}
				err := w.Do(d)
				if c := m.Cell(0, i, j); c.Kind == MapUndefined {
					if err == nil {
						t.Errorf("%s: cell (%d, %d) undefined, yet a drop there was taken", q, i, j)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s: drop at %v: %v", q, p, err)
				}
				first := make([]int, len(w.Balls))
				for k := range first {
					first[k] = -1
				}
				for {
					for k, b := range w.Balls {
						if first[k] < 0 && b.Status != Diverged && b.Loss <= m.Target {
							first[k] = b.Steps()
							if got := w.arrivedIn(b.Pos); got != m.Cell(k, i, j).Basin {
								t.Errorf("%s: %v from cell (%d, %d) arrives in basin %d, the cell says %d", q, m.Rules[k], i, j, got, m.Cell(k, i, j).Basin)
							}
						}
					}
					if w.Rolling() == 0 {
						break
					}
					w.Do(Step{N: 1})
				}
				for k, b := range w.Balls {
					c := m.Cell(k, i, j)
					ok := false
					switch c.Kind {
					case MapReached:
						ok = first[k] == int(c.Steps)
					case MapSlow:
						ok = first[k] < 0 && b.Status != Diverged
					case MapDiverged:
						ok = first[k] < 0 && b.Status == Diverged && b.DivergedAt == int(c.Steps)
					}
					if !ok {
						t.Errorf("%s: %v from cell (%d, %d) %v: the cell says %v after %d steps; the ball %v, first within the tolerance at %d",
							q, m.Rules[k], i, j, p, c.Kind, c.Steps, b.Status, first[k])
					}
				}
				w.Do(Clear{})
			}
		}
	}
}

// The map is computed again when a setting that changes a path changes,
// and only then.
func TestMapKey(t *testing.T) {
	base := "surface=neuron&opt=gd,momentum&lr=1&maxSteps=300&mapGrid=16&mode=map"
	key := func(extra string) mapKey {
		w, errs := NewFromQuery(base+extra, 1)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", extra, errs)
		}
		return w.mapKey()
	}
	k0 := key("")
	for _, extra := range []string{
		"&surface=valley", "&surface=custom&f=w^2%2Bb^2", "&lr=0.5", "&momentum.lr=2", "&gamma=0.8", "&schedule=exp",
		"&schedule=step&every=3", "&gammaMax=0.99", "&batch=1", "&batch=1&seed=2", "&maxSteps=299", "&mapGrid=17",
		"&box=-5,6,-6,6", "&opt=gd,nag", "&opt=momentum,gd", "&opt=gd",
	} {
		if key(extra) == k0 {
			t.Errorf("%s: the map's key did not change", extra)
		}
	}
	for _, extra := range []string{"&speed=5", "&yaw=40", "&views=contour", "&paused=1", "&balls=1,1", "&present=1"} {
		if key(extra) != k0 {
			t.Errorf("%s: the map's key changed (it changes no path)", extra)
		}
	}
	// A change of key starts the map again at the next tick.
	w := mapOf(t, base)
	gen := w.Map.Gen
	if err := w.Do(&Set{Params: []Param{{Key: "lr", Val: "0.5"}}}); err != nil {
		t.Fatal(err)
	}
	w.Tick()
	if w.Map.Gen == gen || w.Map.key.cfg[0].LR != 0.5 {
		t.Errorf("after lr=0.5 the map was not started again")
	}
	w.finishMap()
	gen = w.Map.Gen
	w.Do(SpeedBy{Factor: 2})
	w.Tick()
	if w.Map.Gen != gen || !w.Map.Done {
		t.Errorf("a change of speed recomputed the map")
	}
}

// The map fills coarse to fine: once the first level is done every cell
// shows something (its coarse neighbour's value), and the work allocates
// nothing.
func TestMapCoarseToFine(t *testing.T) {
	w, _ := NewFromQuery("surface=neuron&opt=gd,momentum&lr=1&maxSteps=1000&mode=map", 1)
	w.resetMap(w.mapKey())
	if w.Map.Stride != 16 {
		t.Fatalf("first stride %d, want 16 on a 128 grid (8 x 8 coarse cells)", w.Map.Stride)
	}
	for w.Map.Stride == 16 {
		w.mapWork(1000)
	}
	if w.Map.Cells != 2*8*8 {
		t.Errorf("%d cells computed after the first level, want %d", w.Map.Cells, 2*8*8)
	}
	for k := 0; k < 2; k++ {
		for j := 0; j < 128; j++ {
			for i := 0; i < 128; i++ {
				if w.Map.Cell(k, i, j).Kind == MapTodo {
					t.Fatalf("panel %d cell (%d, %d) empty after the coarse level", k, i, j)
				}
			}
		}
	}
	if a := testing.AllocsPerRun(20, func() { w.mapWork(2000) }); a != 0 {
		t.Errorf("the map's work allocates %.1f times per slice", a)
	}
}

// mapGrid and the map's cursor refuse what they cannot take, by name.
func TestMapRefusals(t *testing.T) {
	for _, v := range []string{"7", "257", "x", "1.5"} {
		_, errs := NewFromQuery("mapGrid="+v, 1)
		var e *optim.Error
		if len(errs) != 1 || !errors.As(errs[0], &e) || e.Field != "mapGrid" {
			t.Errorf("mapGrid=%s: %v, want one error naming mapGrid", v, errs)
		}
	}
	w := New()
	err := w.Do(MapCursor{I: 128, J: 0})
	if err == nil || !strings.HasPrefix(err.Error(), "cell") {
		t.Errorf("cursor off the grid: %v, want an error naming the cell", err)
	}
	if err := w.Do(MapCursor{I: 3, J: 4}); err != nil || w.MapCursor != [2]int{3, 4} || w.Mode != ModeMap {
		t.Errorf("cursor (3, 4): %v, at %v, mode %v", err, w.MapCursor, w.Mode)
	}
	w.Do(MapCursor{I: -10, J: 0, By: true})
	if w.MapCursor != [2]int{0, 4} {
		t.Errorf("cursor moved off the left edge: %v", w.MapCursor)
	}
	if q := w.Query(); !strings.Contains(q, "mode=map") {
		t.Errorf("the link %q does not keep the map", q)
	}
	if w2, errs := NewFromQuery("mapGrid=64&mode=map", 1); len(errs) > 0 || w2.Query() != "mapGrid=64&mode=map" {
		t.Errorf("mapGrid=64&mode=map links as %q (%v)", w2.Query(), errs)
	}
}

// Nothing non-finite in a map's numbers.
func TestMapNumbersFinite(t *testing.T) {
	w := mapOf(t, "surface=custom&f=log(w)%2Bb^2&opt=gd&mapGrid=16&maxSteps=100&mode=map")
	st := w.Map.Stats(0)
	if st.Undefined == 0 {
		t.Errorf("log(w) is undefined for w <= 0, yet no start is undefined: %+v", st)
	}
	if !finite(w.Map.Best) || math.IsNaN(w.Map.Target) {
		t.Errorf("best %v, target %v", w.Map.Best, w.Map.Target)
	}
}

// mapEtas makes the map a learning-rate sweep: one panel per eta of the
// first optimizer; a drop there drops one ball per eta, each drawn on its
// panel; the link keeps it, and "off" ends it.
func TestMapEtas(t *testing.T) {
	w := mapOf(t, "surface=bowl&opt=gd,momentum&mapEtas=0.02,0.09&mapGrid=8&maxSteps=100&mode=map")
	m := &w.Map
	if m.NRules != 2 || m.Config(0).Rule != optim.GD || m.Config(0).LR != 0.02 || m.Config(1).LR != 0.09 || w.MapPanels() != 2 {
		t.Fatalf("panels %d: %v %v", m.NRules, m.Config(0), m.Config(1))
	}
	if s0, s1 := m.Stats(0), m.Stats(1); s0.Diverged != 0 || s1.Diverged != s1.Total {
		t.Errorf("eta 0.02: %d diverged (want none); 0.09: %d of %d (want all)", s0.Diverged, s1.Diverged, s1.Total)
	}
	d := &MapDrop{}
	if err := w.Do(d); err != nil {
		t.Fatal(err)
	}
	if len(w.Balls) != 2 || w.Balls[0].Cfg.LR != 0.02 || w.Balls[1].Cfg.LR != 0.09 || w.MapPanelOf(w.Balls[1]) != 1 || w.MapPanelOf(w.Balls[0]) != 0 {
		t.Errorf("a drop on the sweep's map: %d balls", len(w.Balls))
	}
	if q := w.Query(); !strings.Contains(q, "mapEtas=0.02,0.09") {
		t.Errorf("the link %q does not keep mapEtas", q)
	}
	w.Do(&Set{Params: []Param{{Key: "mapEtas", Val: "off"}}})
	if w.MapPanels() != 2 || len(w.MapEtas) != 0 {
		t.Errorf("mapEtas=off: %d panels (want the two optimizers), etas %v", w.MapPanels(), w.MapEtas)
	}
	for _, bad := range []string{"0", "-1", "1,2,3,4,5", "x"} {
		_, errs := NewFromQuery("mapEtas="+bad, 1)
		var e *optim.Error
		if len(errs) != 1 || !errors.As(errs[0], &e) || e.Field != "mapEtas" {
			t.Errorf("mapEtas=%s: %v, want one error naming mapEtas", bad, errs)
		}
	}
}

// BenchmarkMapNeuronGD is the 5.2 scene's map computed natively: gradient
// descent, eta 1, at most 1000 steps, 128 x 128 starts.
func BenchmarkMapNeuronGD(b *testing.B) {
	w, errs := NewFromQuery("surface=neuron&opt=gd&lr=1&maxSteps=1000&mode=map", 1)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		w.resetMap(w.mapKey())
		w.finishMap()
	}
	b.ReportMetric(float64(w.Map.Steps), "steps/map")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(w.Map.Steps), "ns/step")
}

// A new grid keeps the cursor where it was on the box (a scene's map
// shown at a coarser grid: the cursor stays on the lecture's start).
func TestMapCursorFollowsTheGrid(t *testing.T) {
	w, errs := NewFromQuery("scene=5.2-convergence-map&mapGrid=64", 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := w.MapCursor
	p := cellCentre(w.Box, w.MapGrid, c[0], c[1])
	if math.Abs(p[0]+2) > 12.0/64 || math.Abs(p[1]+2) > 12.0/64 {
		t.Errorf("on the 64 grid the cursor %v is at %v, want the cell of the lecture's start (-2, -2)", c, p)
	}
}
