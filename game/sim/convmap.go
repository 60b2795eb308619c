package sim

import (
	"math"
	"strconv"
	"strings"
	"time"

	"downhill/optim"
	"downhill/surfaces"
)

// The convergence map (mode=map) answers "where does each start go?" for
// every start of the contour map's box at once: each cell of an N x N grid
// over World.Box is one run of an enabled optimizer (the first
// MaxMapRules), with the world's current settings for it, from the cell's
// centre, exactly as a ball dropped there would run (the same step, the
// same stops: World.advance).
//
// What a cell records:
//
//   - Steps: the first step at which the run's loss is within MapTol of
//     the best loss L* (MapReached), or, when it never is, the steps it took
//     before it stopped (MapSlow: the step limit, or it converged, its
//     gradient norm below ConvergedNorm, somewhere else).
//   - Basin: where the run ended. A run that arrived belongs to the known
//     minimum nearest to where it arrived (the surface's minima are the
//     first basins, in order); on a surface without known minima, and for
//     a run that converged at a local minimum without arriving (its
//     gradient vanished where the surface curves up every way), end points
//     within MapBasinRadius of a basin's first end point share it. At most
//     MaxBasins basins; later ones share BasinOther. A run that stalled on
//     a plateau or a saddle, or ran out of steps, ends in no basin.
//   - Diverged runs (a non-finite step, far outside the surface's box, or
//     into a region where the loss is undefined) and starts where the
//     loss is undefined (MapUndefined).
//
// L* is the surface's known minimum loss when it has known minima;
// otherwise the lowest final loss of a pre-pass of 8 x 8 starts with the
// same optimizers (what the optimizers themselves find).
//
// The map fills coarse to fine (a cell every 16 cells of 128 first, an 8 x
// 8 picture of the whole box, then every 8, 4, 2, 1), in slices of work per
// tick so that the page stays
// responsive, and is computed again when anything that changes a path
// changes (mapKey). It holds a few bytes per cell and allocates nothing per
// cell.
type ConvMap struct {
	// N is the grid's side; Rules the optimizers mapped, one panel each
	// (NRules of them).
	N      int
	Rules  [MaxMapRules]optim.Rule
	NRules int
	// Box is the part of the plane mapped; Limit the step limit of each
	// run.
	Box   surfaces.Box
	Limit int
	// Best is L*, the best loss (HaveBest: known); Target is L* + MapTol.
	Best, Target float64
	HaveBest     bool
	// Basins are the basins' centres (the known minima first), NBasins of
	// them.
	Basins  [MaxBasins]optim.Vec
	NBasins int
	// Stride is the spacing of the coarsest level not yet finished (0 once
	// every cell is computed); Done reports the whole map computed. Cells
	// counts the cells computed (over all panels).
	Stride int
	Done   bool
	Cells  int
	// Gen changes whenever a cell is computed or the map starts again, so
	// that views can cache.
	Gen int
	// Steps counts the optimizer steps taken for this map and Spent the
	// time they took (its cost).
	Steps int64
	Spent time.Duration

	key   mapKey
	valid bool
	cells []MapCell // NRules panels of N*N, row-major from (WMin, BMin)
	// The work in progress: the pre-pass (pre < prePass*prePass*NRules) or
	// the next cell position (level stride, index at that level).
	pre    int
	preMin float64
	stride int
	at     int
	run    mapRun
	start  int // the coarsest stride
	memo   memoGrad
	// When the last slice started and how long it took (the pacing of
	// updateMap).
	lastStart time.Time
	lastSlice time.Duration
}

// memoGrad is the surface with its last full-batch gradient remembered: a
// step asks again for the gradient where the previous step's stop check
// took it (gradient descent, momentum), and the map's runs take a third
// less time for it. The values are the surface's own: a cell's run is the
// ball's, bit for bit.
type memoGrad struct {
	surfaces.Surface
	lg     lossGrader // the surface, when it has LossGrad
	have   bool
	w, b   float64
	dw, db float64
}

// LossGrad is the surface's (remembering the gradient), or its Loss and
// Grad.
func (m *memoGrad) LossGrad(w, b float64) (float64, float64, float64) {
	if m.lg == nil {
		l := m.Surface.Loss(w, b, nil)
		dw, db := m.Grad(w, b, nil)
		return l, dw, db
	}
	l, dw, db := m.lg.LossGrad(w, b)
	m.w, m.b, m.dw, m.db, m.have = w, b, dw, db, true
	return l, dw, db
}

func (m *memoGrad) Grad(w, b float64, batch []uint8) (float64, float64) {
	if batch != nil {
		return m.Surface.Grad(w, b, batch)
	}
	if m.have && w == m.w && b == m.b {
		return m.dw, m.db
	}
	m.dw, m.db = m.Surface.Grad(w, b, nil)
	m.w, m.b, m.have = w, b, true
	return m.dw, m.db
}

// MapCell is one start of the convergence map: 4 bytes.
type MapCell struct {
	Steps uint16
	Basin uint8
	Kind  MapKind
}

// MapKind says how a start's run went.
type MapKind uint8

// The kinds of cell.
const (
	MapTodo      MapKind = iota // not computed yet
	MapReached                  // within MapTol of L* after Steps steps
	MapSlow                     // never within MapTol of L* (Steps taken)
	MapDiverged                 // diverged (at step Steps)
	MapUndefined                // the loss or its gradient is undefined at the start
)

var mapKindNames = [...]string{"todo", "reached", "slow", "diverged", "undefined"}

func (k MapKind) String() string {
	if int(k) < len(mapKindNames) {
		return mapKindNames[k]
	}
	return "unknown"
}

// Map constants.
const (
	// MaxMapRules is the most optimizers mapped side by side.
	MaxMapRules = 4
	// MapTol is how close to the best loss L* a run must come to count as
	// arrived (the 5.9 scenes' "within 0.01 of the minimum's loss").
	MapTol = 0.01
	// MaxBasins is the most basins told apart; BasinOther collects the
	// rest, BasinNone marks runs that ended in none (slow, diverged).
	MaxBasins  = 8
	BasinOther = MaxBasins
	BasinNone  = 255
	// MapStepCap caps a map's runs whatever the world's step limit (a
	// million steps from 16,384 starts would take hours).
	MapStepCap = 5000
	// DefaultMapGrid is the grid's side unless mapGrid says otherwise.
	DefaultMapGrid = 128
	// MapTickBudget is the time a tick spends on the map at most: with
	// the frame's own work it keeps frames at half the display's rate or
	// better on two slow CPUs.
	MapTickBudget = 10 * time.Millisecond
	// MapFrame is the frame time the map's slices aim at: 28 ms, a little
	// under two frames of a 60 Hz display (at least half its rate), the
	// page's own work included.
	MapFrame = 28 * time.Millisecond
	prePass  = 8
)

// MapBasinRadius is the radius, as a share of the surface box's larger
// side, within which end points share a basin.
const MapBasinRadius = 0.02

// mapKey is everything that changes a path of the map: the surface (its
// generation changes with the surface and its expression), the box, the
// step limit, the grid and each optimizer's whole configuration
// (hyperparameters, schedules, batch and seed).
type mapKey struct {
	name, f                string
	surf, limit, n, nrules int
	box                    surfaces.Box
	cfg                    [MaxMapRules]optim.Config
}

// mapRun is the run in progress: resumable across ticks.
type mapRun struct {
	active bool
	k, i   int // panel and cell index (or pre-pass index)
	pre    bool
	cfg    optim.Config
	st     optim.State
	pos    optim.Vec
	rep    optim.Report
}

func (w *World) mapKey() mapKey {
	k := mapKey{name: w.Info.Name, f: w.F, surf: w.SurfaceGen, limit: min(w.MaxSteps, MapStepCap), n: w.MapGrid, box: w.Box}
	if len(w.MapEtas) > 0 {
		// A learning-rate sweep: the first optimizer at each eta.
		k.nrules = len(w.MapEtas)
		for i, e := range w.MapEtas {
			k.cfg[i] = w.cfg[w.Enabled[0]]
			k.cfg[i].LR = e
		}
		return k
	}
	k.nrules = min(len(w.Enabled), MaxMapRules)
	for i := 0; i < k.nrules; i++ {
		k.cfg[i] = w.cfg[w.Enabled[i]]
	}
	return k
}

// Cell returns panel k's cell (i, j) (i along w, j along b from BMin) as
// computed so far: a cell not computed yet shows the nearest coarser one
// that is (the coarse-to-fine picture), MapTodo if none is.
func (m *ConvMap) Cell(k, i, j int) MapCell {
	if !m.valid || k < 0 || k >= m.NRules || i < 0 || j < 0 || i >= m.N || j >= m.N {
		return MapCell{}
	}
	base := k * m.N * m.N
	for s := 1; s <= m.start; s *= 2 {
		c := m.cells[base+(j-j%s)*m.N+(i-i%s)]
		if c.Kind != MapTodo {
			return c
		}
	}
	return MapCell{}
}

// Centre returns the (w, b) of cell (i, j)'s centre.
func (m *ConvMap) Centre(i, j int) optim.Vec {
	return cellCentre(m.Box, m.N, i, j)
}

func cellCentre(b surfaces.Box, n, i, j int) optim.Vec {
	return optim.Vec{b.WMin + (float64(i)+0.5)/float64(n)*(b.WMax-b.WMin), b.BMin + (float64(j)+0.5)/float64(n)*(b.BMax-b.BMin)}
}

// CellAt returns the cell (i, j) holding (w, b), and false outside the box.
func (m *ConvMap) CellAt(w, b float64) (i, j int, ok bool) {
	bx := m.Box
	if m.N <= 0 || !(w >= bx.WMin && w <= bx.WMax && b >= bx.BMin && b <= bx.BMax) {
		return 0, 0, false
	}
	i = min(int((w-bx.WMin)/(bx.WMax-bx.WMin)*float64(m.N)), m.N-1)
	j = min(int((b-bx.BMin)/(bx.BMax-bx.BMin)*float64(m.N)), m.N-1)
	return i, j, true
}

// resetMap starts the map again for key k.
func (w *World) resetMap(k mapKey) {
	m := &w.Map
	m.key, m.valid = k, true
	m.N, m.NRules, m.Box, m.Limit = k.n, k.nrules, k.box, k.limit
	for i := 0; i < k.nrules; i++ {
		m.Rules[i] = k.cfg[i].Rule
	}
	cells := k.nrules * k.n * k.n
	if cap(m.cells) < cells {
		m.cells = make([]MapCell, cells)
	}
	m.cells = m.cells[:cells]
	clear(m.cells)
	m.NBasins = 0
	for _, p := range w.Info.Minima {
		if m.NBasins < MaxBasins {
			m.Basins[m.NBasins] = optim.Vec{p.X, p.Y}
			m.NBasins++
		}
	}
	// Until L* is known nothing arrives (a pre-pass where every run
	// diverges leaves it unknown: then no start arrives).
	m.Best, m.Target, m.HaveBest = 0, math.Inf(-1), false
	m.pre, m.preMin = 0, math.Inf(1)
	if len(w.Info.Minima) > 0 {
		m.Best, m.Target, m.HaveBest = w.Info.MinLoss, w.Info.MinLoss+MapTol, true
		m.pre = prePass * prePass * k.nrules // no pre-pass
	}
	m.memo = memoGrad{Surface: w.Surf}
	m.memo.lg, _ = w.Surf.(lossGrader)
	m.start = 1
	for k.n/(m.start*2) >= 8 {
		m.start *= 2
	}
	m.stride, m.at, m.Stride = m.start, 0, m.start
	m.Done, m.Cells, m.Steps, m.Spent = false, 0, 0, 0
	m.lastStart, m.lastSlice = time.Time{}, 0
	m.run.active = false
	m.Gen++
}

// updateMap brings the map up to date with the world's settings and
// computes a slice (wall-clock time; budget 0: to the end). The first slice
// takes budget; later ones what MapFrame leaves of the time since the last
// one began once the page's own work (the time between slices) is taken
// out, between 6 and 16 ms: frames stay near MapFrame when the drawing is
// quick, and a slow page (a busy machine) still gets its map. It is part of the world's clock (Tick) while the map is
// shown.
func (w *World) updateMap(budget time.Duration) {
	if k := w.mapKey(); !w.Map.valid || k != w.Map.key {
		w.resetMap(k)
	}
	m := &w.Map
	if m.Done {
		return
	}
	t0 := time.Now()
	if budget > 0 && !m.lastStart.IsZero() {
		// The page's own time since the last slice (drawing, the
		// browser): what is left of MapFrame is this slice's. A tick
		// right after a slice (ebiten catching up) waits for the next.
		page := t0.Sub(m.lastStart) - m.lastSlice
		if page < 4*time.Millisecond {
			return
		}
		budget = min(max(MapFrame-page, 6*time.Millisecond), 16*time.Millisecond)
	}
	deadline := t0.Add(budget)
	for !m.Done {
		w.mapWork(2048)
		if budget > 0 && time.Now().After(deadline) {
			break
		}
	}
	t1 := time.Now()
	m.Spent += t1.Sub(t0)
	m.lastStart, m.lastSlice = t0, t1.Sub(t0)
}

// finishMap computes the whole map at once (tests, the benchmark).
func (w *World) finishMap() { w.updateMap(0) }

// mapWork takes about n optimizer steps of the map's work (whole runs but
// the last, which goes on at the next call).
func (w *World) mapWork(n int) {
	m := &w.Map
	gen := m.Gen
	for n > 0 && !m.Done {
		r := &m.run
		if !r.active && !w.nextRun() {
			break
		}
		n -= w.continueRun(n)
	}
	if m.Gen == gen && m.Done {
		m.Gen++
	}
}

// nextRun starts the next run of the map, or reports that none is left
// (the map is done).
func (w *World) nextRun() bool {
	m := &w.Map
	r := &m.run
	per := prePass * prePass
	if m.pre < per*m.NRules {
		k, i := m.pre/per, m.pre%per
		m.pre++
		p := cellCentre(m.Box, prePass, i%prePass, i/prePass)
		*r = mapRun{active: true, pre: true, k: k, i: i, cfg: m.key.cfg[k], pos: p}
		return true
	}
	for m.stride > 0 {
		s := m.stride
		side := (m.N + s - 1) / s
		for m.at < side*side {
			a := m.at
			i, j := (a%side)*s, (a/side)*s
			m.at++
			if s < m.start && i%(2*s) == 0 && j%(2*s) == 0 {
				continue // computed at a coarser level
			}
			// All panels of this position, one after the other: the
			// first panel's run now, the others when it is done.
			*r = mapRun{active: true, k: 0, i: j*m.N + i, cfg: m.key.cfg[0], pos: cellCentre(m.Box, m.N, i, j)}
			return true
		}
		m.stride /= 2
		m.at = 0
		m.Stride = m.stride
		m.Gen++
	}
	m.Done = true
	return false
}

// continueRun steps the active run by at most n steps and returns the
// steps taken; a run that ends records its cell.
func (w *World) continueRun(n int) int {
	m := &w.Map
	r := &m.run
	target := m.Target
	if r.pre {
		target = math.Inf(-1) // the pre-pass runs to the end
	}
	taken := 0
	record := func(kind MapKind, steps int, basin uint8, loss float64) {
		r.active = false
		if r.pre {
			if kind != MapDiverged && kind != MapUndefined && loss < m.preMin {
				m.preMin = loss
			}
			if m.pre == prePass*prePass*m.NRules && finite(m.preMin) {
				// The last run of the pre-pass: L* is known.
				m.Best, m.Target, m.HaveBest = m.preMin, m.preMin+MapTol, true
			}
			return
		}
		m.cells[r.k*m.N*m.N+r.i] = MapCell{Steps: uint16(steps), Basin: basin, Kind: kind}
		m.Cells++
		m.Gen++
		if r.k+1 < m.NRules {
			// The same start with the next panel's optimizer.
			k, i, p := r.k+1, r.i, cellCentreIndex(m, r.i)
			*r = mapRun{active: true, k: k, i: i, cfg: m.key.cfg[k], pos: p}
		}
	}
	if r.st.T == 0 {
		// The start, checked as a drop checks it (startable), then as a
		// ball's first stop check (restart).
		if w.startable("start", r.pos) != nil {
			record(MapUndefined, 0, BasinNone, 0)
			return 1
		}
		loss := w.Surf.Loss(r.pos[0], r.pos[1], nil)
		gw, gb := w.Surf.Grad(r.pos[0], r.pos[1], nil)
		if loss <= target {
			record(MapReached, 0, w.arrivedIn(r.pos), loss)
			return 1
		}
		if math.Hypot(gw, gb) < ConvergedNorm {
			record(MapSlow, 0, w.stalledIn(r.pos), loss)
			return 1
		}
		if m.Limit <= 0 {
			record(MapSlow, 0, BasinNone, loss)
			return 1
		}
	}
	for taken < n {
		x, loss, g, why := w.advance(&m.memo, &r.cfg, &r.st, r.pos, &r.rep)
		taken++
		m.Steps++
		t := r.st.T
		if why != "" {
			record(MapDiverged, t, BasinNone, 0)
			return taken
		}
		r.pos = x
		switch {
		case loss <= target:
			record(MapReached, t, w.arrivedIn(x), loss)
			return taken
		case g < ConvergedNorm:
			record(MapSlow, t, w.stalledIn(x), loss)
			return taken
		case t >= m.Limit:
			record(MapSlow, t, BasinNone, loss)
			return taken
		}
	}
	return taken
}

func cellCentreIndex(m *ConvMap, i int) optim.Vec {
	return cellCentre(m.Box, m.N, i%m.N, i/m.N)
}

// arrivedIn returns the basin of a run that arrived within MapTol of L*:
// the nearest known minimum where the surface has them (a long flat valley
// around a minimum is all of it within the tolerance), else basinOf.
func (w *World) arrivedIn(p optim.Vec) uint8 {
	if len(w.Info.Minima) == 0 {
		return w.basinOf(p)
	}
	best, bd := 0, math.Inf(1)
	for k, q := range w.Info.Minima[:min(len(w.Info.Minima), MaxBasins)] {
		if d := math.Hypot(p[0]-q.X, p[1]-q.Y); d < bd {
			best, bd = k, d
		}
	}
	return uint8(best)
}

// stalledIn returns the basin of a run that converged (its gradient
// vanished) without arriving: a local minimum, where the surface curves up
// every way (the Hessian's smaller eigenvalue above MinCurvature), is a
// basin of its own; a plateau or a saddle, flat or curving down, is none.
func (w *World) stalledIn(p optim.Vec) uint8 {
	hww, hwb, hbb := w.Surf.Hessian(p[0], p[1], nil)
	lo := (hww+hbb)/2 - math.Sqrt((hww-hbb)*(hww-hbb)/4+hwb*hwb)
	if !(lo > MinCurvature) {
		return BasinNone
	}
	return w.basinOf(p)
}

// MinCurvature is the least curvature, in every direction, of a point
// where a run stalled for it to count as a local minimum.
const MinCurvature = 1e-3

// basinOf returns the basin of an end point, adding a basin for a new
// place (up to MaxBasins).
func (w *World) basinOf(p optim.Vec) uint8 {
	m := &w.Map
	b := w.Info.Box
	r := MapBasinRadius * math.Max(b.WMax-b.WMin, b.BMax-b.BMin)
	best, bd := -1, r
	for k := 0; k < m.NBasins; k++ {
		if d := math.Hypot(p[0]-m.Basins[k][0], p[1]-m.Basins[k][1]); d <= bd {
			best, bd = k, d
		}
	}
	if best >= 0 {
		return uint8(best)
	}
	if m.NBasins < MaxBasins {
		m.Basins[m.NBasins] = p
		m.NBasins++
		return uint8(m.NBasins - 1)
	}
	return BasinOther
}

// MapStats summarizes one panel of the map: how many of its starts
// reached L* + MapTol (and within how many steps, as quartiles of those
// that did), how many did not, diverged or were undefined, and how many
// ended in each basin.
type MapStats struct {
	Rule                                  optim.Rule
	Reached, Slow, Diverged, Undefined    int
	Total                                 int
	Median, Quartile1, Quartile3, Slowest int
	Basin                                 [MaxBasins + 1]int
}

// Stats returns panel k's summary over the cells computed so far (the
// coarse picture's cells while it fills).
func (m *ConvMap) Stats(k int) MapStats {
	var s MapStats
	if !m.valid || k < 0 || k >= m.NRules {
		return s
	}
	s.Rule = m.Rules[k]
	var hist [MapStepCap + 1]int32
	for j := 0; j < m.N; j++ {
		for i := 0; i < m.N; i++ {
			c := m.Cell(k, i, j)
			switch c.Kind {
			case MapTodo:
				continue
			case MapReached:
				s.Reached++
				hist[min(int(c.Steps), MapStepCap)]++
			case MapSlow:
				s.Slow++
			case MapDiverged:
				s.Diverged++
			case MapUndefined:
				s.Undefined++
			}
			s.Total++
			if c.Basin != BasinNone && int(c.Basin) <= MaxBasins {
				s.Basin[c.Basin]++
			}
		}
	}
	if s.Reached > 0 {
		q := func(f float64) int {
			want := int(math.Ceil(f * float64(s.Reached)))
			n := 0
			for v, c := range hist {
				n += int(c)
				if n >= max(want, 1) {
					return v
				}
			}
			return MapStepCap
		}
		s.Quartile1, s.Median, s.Quartile3, s.Slowest = q(0.25), q(0.5), q(0.75), q(1)
	}
	return s
}

// cellOf returns the cell of an n x n grid over box nearest to (x, y).
func cellOf(box surfaces.Box, n int, x, y float64) [2]int {
	i := int((x - box.WMin) / (box.WMax - box.WMin) * float64(n))
	j := int((y - box.BMin) / (box.BMax - box.BMin) * float64(n))
	return [2]int{min(max(i, 0), n-1), min(max(j, 0), n-1)}
}

// cursorCell returns the map's cursor, within the grid.
func (w *World) cursorCell() [2]int {
	n := w.MapGrid
	return [2]int{min(max(w.MapCursor[0], 0), n-1), min(max(w.MapCursor[1], 0), n-1)}
}

// MapCellAt returns the cell of the map's grid (MapGrid over Box, as the
// map is computed from the next tick on) holding (x, y), and false outside
// the box.
func (w *World) MapCellAt(x, y float64) (i, j int, ok bool) {
	b := w.Box
	if !(x >= b.WMin && x <= b.WMax && y >= b.BMin && y <= b.BMax) {
		return 0, 0, false
	}
	c := cellOf(b, w.MapGrid, x, y)
	return c[0], c[1], true
}

// MapShown reports whether the convergence map is shown and has started.
func (w *World) MapShown() bool { return w.Mode == ModeMap && w.Map.valid }

// pct formats a share as a percentage with one decimal.
func pct(n, total int) string {
	if total <= 0 {
		return "0%"
	}
	return strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64) + "%"
}

// MapSummary says in words what the convergence map shows: for each
// optimizer, the share of the box's starts that come within MapTol of L*
// within the step limit (and in how many steps, the median), the share that
// do not or diverge, and where they end, with the share of the box each
// basin gathers. It is "" when the map is not shown.
func (w *World) MapSummary() string {
	m := &w.Map
	if !w.MapShown() || m.NRules == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Convergence map")
	if !m.Done {
		b.WriteString(" (computing, " + pct(m.Cells, m.N*m.N*m.NRules) + " done)")
	}
	b.WriteString(" on " + w.Info.Title + ": " + strconv.Itoa(m.N) + " × " + strconv.Itoa(m.N) + " starts over w from " +
		fmtNum(m.Box.WMin) + " to " + fmtNum(m.Box.WMax) + ", b from " + fmtNum(m.Box.BMin) + " to " + fmtNum(m.Box.BMax) +
		", at most " + strconv.Itoa(m.Limit) + " steps each; arrived means within " + fmtNum(MapTol) + " of the best loss")
	if m.HaveBest {
		b.WriteString(", " + fmtNum(m.Best))
	}
	b.WriteString(".")
	for k := 0; k < m.NRules; k++ {
		s := m.Stats(k)
		b.WriteString(" " + s.Rule.Title() + ": " + pct(s.Reached, s.Total) + " of the starts arrive within " + strconv.Itoa(m.Limit) + " steps")
		if s.Reached > 0 {
			b.WriteString(" (half of them within " + strconv.Itoa(s.Median) + ")")
		}
		b.WriteString(", " + pct(s.Slow, s.Total) + " do not")
		if s.Diverged > 0 {
			b.WriteString(", " + pct(s.Diverged, s.Total) + " diverge")
		}
		if s.Undefined > 0 {
			b.WriteString(", " + pct(s.Undefined, s.Total) + " start where the loss is undefined")
		}
		first := true
		for i := 0; i < min(m.NBasins, MaxBasins); i++ {
			if s.Basin[i] == 0 {
				continue
			}
			if first {
				b.WriteString("; they end at")
			} else {
				b.WriteString(",")
			}
			first = false
			b.WriteString(" " + fmtPoint(m.Basins[i]) + " from " + pct(s.Basin[i], s.Total) + " of the box")
		}
		if s.Basin[BasinOther] > 0 {
			b.WriteString(", elsewhere from " + pct(s.Basin[BasinOther], s.Total))
		}
		b.WriteString(".")
	}
	return b.String()
}

// MapCSVHeader is the first line of the map's table in CSV.
const MapCSVHeader = "map,optimizer,i,j,w,b,kind,steps,basin,basin_w,basin_b"

// appendMapCSV appends the map's cells computed so far: one row per
// optimizer and cell, i along w and j along b from the box's lower left
// corner, (w, b) the cell's centre, kind reached/slow/diverged/undefined,
// steps as the cell records them and the basin (its index and centre;
// empty for none).
func (w *World) appendMapCSV(b *strings.Builder) {
	m := &w.Map
	b.WriteString("# convergence map: " + strconv.Itoa(m.N) + " x " + strconv.Itoa(m.N) + " starts, at most " + strconv.Itoa(m.Limit) +
		" steps, arrived: within " + fmtNum(MapTol) + " of L*")
	if m.HaveBest {
		b.WriteString(" = " + exact(m.Best))
	}
	if !m.Done {
		b.WriteString(" (computing: the cells so far)")
	}
	b.WriteString("\n" + MapCSVHeader + "\n")
	for k := 0; k < m.NRules; k++ {
		head := strconv.Itoa(k) + "," + m.Rules[k].String() + ","
		for j := 0; j < m.N; j++ {
			for i := 0; i < m.N; i++ {
				c := m.cells[k*m.N*m.N+j*m.N+i]
				if c.Kind == MapTodo {
					continue
				}
				p := m.Centre(i, j)
				b.WriteString(head + strconv.Itoa(i) + "," + strconv.Itoa(j) + "," + exact(p[0]) + "," + exact(p[1]) + "," +
					c.Kind.String() + "," + strconv.Itoa(int(c.Steps)) + ",")
				if c.Basin != BasinNone && int(c.Basin) < m.NBasins {
					q := m.Basins[c.Basin]
					b.WriteString(strconv.Itoa(int(c.Basin)) + "," + exact(q[0]) + "," + exact(q[1]))
				} else if c.Basin == BasinOther {
					b.WriteString(strconv.Itoa(int(c.Basin)) + ",,")
				} else {
					b.WriteString(",,")
				}
				b.WriteByte('\n')
			}
		}
	}
}

// Config returns the configuration panel k's runs use.
func (m *ConvMap) Config(k int) optim.Config {
	if k < 0 || k >= m.NRules {
		return optim.Config{}
	}
	return m.key.cfg[k]
}

// MapPanels returns the number of panels the map shows now (from the
// world's settings: the enabled optimizers, or the learning rates of
// mapEtas, at most MaxMapRules), 0 when it is not shown.
func (w *World) MapPanels() int {
	if w.Mode != ModeMap {
		return 0
	}
	if len(w.MapEtas) > 0 {
		return len(w.MapEtas)
	}
	return min(len(w.Enabled), MaxMapRules)
}

// MapPanelOf returns the panel of the map that shows ball b: its
// optimizer's (or on a learning-rate sweep, its eta's), 0 if none.
func (w *World) MapPanelOf(b *Ball) int {
	if len(w.MapEtas) > 0 {
		for k, e := range w.MapEtas {
			if b.Cfg.Rule == w.Enabled[0] && b.Cfg.LR == e {
				return k
			}
		}
		return 0
	}
	for k, e := range w.Enabled[:min(len(w.Enabled), MaxMapRules)] {
		if e == b.Cfg.Rule {
			return k
		}
	}
	return 0
}

// dropEtas is a drop on a learning-rate sweep's map: one ball of the first
// optimizer per eta, in the sweep's colours (dark: the smallest).
func (w *World) dropEtas(start optim.Vec) (int, error) {
	n := len(w.MapEtas)
	if err := w.room(n); err != nil {
		return 0, err
	}
	w.nextGroup++
	first := 0
	r := w.Enabled[0]
	for i, e := range w.MapEtas {
		cfg := w.cfg[r]
		cfg.LR = e
		b := w.addBall(start, cfg, w.nextGroup)
		b.Color = SweepPalette[i*(len(SweepPalette)-1)/max(1, n-1)]
		b.Label = r.Title() + " lr=" + exact(e)
		if first == 0 {
			first = b.ID
		}
	}
	w.Selected = first
	return w.nextGroup, nil
}
