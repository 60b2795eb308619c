package view

import (
	"math"
	"slices"

	"downhill/surfaces"
)

// Segment is a piece of an isoline from (W0, B0) to (W1, B1). Isolines
// orients every segment so that the higher values lie on its left (w to the
// right, b up): around a minimum the lines run clockwise, around a maximum
// counterclockwise.
type Segment struct{ W0, B0, W1, B1 float64 }

// Marching squares. A cell's corners are numbered as bits: 1 = (i, j)
// bottom-left, 2 = (i+1, j) bottom-right, 4 = (i+1, j+1) top-right,
// 8 = (i, j+1) top-left; a bit is set when the value is >= the level. Its
// edges: 0 bottom, 1 right, 2 top, 3 left. msEdges lists, for each case, the
// (from, to) edge pairs of its segments, oriented with the set corners on
// the left; -1 ends the list. The saddle cases 5 and 10 are resolved by the
// average of the four corners (the cell centre), in msSaddle.
var msEdges = [16][4]int8{
	{-1, -1, -1, -1}, // 0: all below
	{0, 3, -1, -1},   // 1: bottom-left
	{1, 0, -1, -1},   // 2: bottom-right
	{1, 3, -1, -1},   // 3: bottom half
	{2, 1, -1, -1},   // 4: top-right
	{0, 3, 2, 1},     // 5: saddle, centre below (two separate corners)
	{2, 0, -1, -1},   // 6: right half
	{2, 3, -1, -1},   // 7: all but top-left
	{3, 2, -1, -1},   // 8: top-left
	{0, 2, -1, -1},   // 9: left half
	{1, 0, 3, 2},     // 10: saddle, centre below
	{1, 2, -1, -1},   // 11: all but top-right
	{3, 1, -1, -1},   // 12: top half
	{0, 1, -1, -1},   // 13: all but bottom-right
	{3, 0, -1, -1},   // 14: all but bottom-left
	{-1, -1, -1, -1}, // 15: all above
}

// msSaddle holds the saddle cases when the centre is above the level: the
// set corners join through the middle, cutting off the two corners below.
var msSaddle = [16][4]int8{
	5:  {0, 1, 2, 3},
	10: {3, 0, 1, 2},
}

// Isolines appends to dst the segments of the isoline at level of a grid of
// nw x nb values spanning box (row-major, grid[j*nw+i] at (w_i, b_j), the
// HeightField layout) and returns it. Crossings are interpolated linearly
// along the cell edges; saddle cells are resolved by the average of their
// corners; cells with a value that is not finite are skipped. A crossing
// point is computed from its edge alone, so the cells either side of an
// edge produce bitwise-equal end points and the segments join exactly (see
// Polylines). Segments of zero length are dropped.
func Isolines(grid []float64, nw, nb int, box surfaces.Box, level float64, dst []Segment) []Segment {
	if nw < 2 || nb < 2 || len(grid) < nw*nb || math.IsNaN(level) {
		return dst
	}
	dw := (box.WMax - box.WMin) / float64(nw-1)
	db := (box.BMax - box.BMin) / float64(nb-1)
	for j := 0; j < nb-1; j++ {
		b0 := box.BMin + float64(j)*db
		b1 := box.BMin + float64(j+1)*db
		r0 := grid[j*nw : (j+1)*nw]
		r1 := grid[(j+1)*nw : (j+2)*nw]
		for i := 0; i < nw-1; i++ {
			v00, v10, v11, v01 := r0[i], r0[i+1], r1[i+1], r1[i]
			c := 0
			if v00 >= level {
				c |= 1
			}
			if v10 >= level {
				c |= 2
			}
			if v11 >= level {
				c |= 4
			}
			if v01 >= level {
				c |= 8
			}
			if c == 0 || c == 15 {
				continue
			}
			if !finite4(v00, v10, v11, v01) {
				continue
			}
			e := &msEdges[c]
			if (c == 5 || c == 10) && (v00+v10+v11+v01)/4 >= level {
				e = &msSaddle[c]
			}
			w0 := box.WMin + float64(i)*dw
			w1 := box.WMin + float64(i+1)*dw
			for k := 0; k < 4 && e[k] >= 0; k += 2 {
				var s Segment
				s.W0, s.B0 = edgePoint(e[k], level, w0, w1, b0, b1, v00, v10, v11, v01)
				s.W1, s.B1 = edgePoint(e[k+1], level, w0, w1, b0, b1, v00, v10, v11, v01)
				if s.W0 != s.W1 || s.B0 != s.B1 {
					dst = append(dst, s)
				}
			}
		}
	}
	return dst
}

func finite4(a, b, c, d float64) bool {
	s := a + b + c + d // NaN if any is NaN or infinities of both signs
	return !math.IsNaN(s) && !math.IsInf(s, 0)
}

// edgePoint is where the level crosses edge e of the cell. Each edge is
// interpolated from its lower-index vertex to its higher-index one, the
// same in both cells that share it.
func edgePoint(e int8, level, w0, w1, b0, b1, v00, v10, v11, v01 float64) (w, b float64) {
	switch e {
	case 0: // bottom: (i, j) -> (i+1, j)
		return lerp(w0, w1, crossing(v00, v10, level)), b0
	case 1: // right: (i+1, j) -> (i+1, j+1)
		return w1, lerp(b0, b1, crossing(v10, v11, level))
	case 2: // top: (i, j+1) -> (i+1, j+1)
		return lerp(w0, w1, crossing(v01, v11, level)), b1
	default: // left: (i, j) -> (i, j+1)
		return w0, lerp(b0, b1, crossing(v00, v01, level))
	}
}

func crossing(a, b, level float64) float64 {
	if a == b {
		return 0.5
	}
	t := (level - a) / (b - a)
	return math.Min(math.Max(t, 0), 1)
}

func lerp(a, b, t float64) float64 { return a + t*(b-a) }

// WB is a point of the (w, b) plane.
type WB struct{ W, B float64 }

// Polylines joins the segments of one isoline into polylines. Its buffers
// are reused from one Join to the next.
type Polylines struct {
	// Pts holds the points of every polyline, one after the other; a
	// closed polyline repeats its first point at the end.
	Pts []WB

	ends   []int  // end (exclusive) of polyline k in Pts
	closed []bool // whether polyline k is a closed loop

	order   []int32 // segment indices sorted by start point
	next    []int32 // the segment that continues segment k, or -1
	hasPrev []bool
	used    []bool
}

// Len returns the number of polylines.
func (p *Polylines) Len() int { return len(p.ends) }

// Line returns polyline k's points (a slice of Pts) and whether it is a
// closed loop.
func (p *Polylines) Line(k int) (pts []WB, closed bool) {
	start := 0
	if k > 0 {
		start = p.ends[k-1]
	}
	return p.Pts[start:p.ends[k]], p.closed[k]
}

// Join chains segs (oriented, as Isolines returns them: one segment's end
// is bitwise equal to the next one's start) into polylines, replacing the
// previous contents. Open lines (which end at the box's edge or at a cell
// that was skipped) come first, then closed loops; every polyline keeps the
// segments' orientation.
func (p *Polylines) Join(segs []Segment) {
	n := len(segs)
	p.Pts = p.Pts[:0]
	p.ends = p.ends[:0]
	p.closed = p.closed[:0]
	p.order = growInt32(p.order, n)
	p.next = growInt32(p.next, n)
	p.hasPrev = growBool(p.hasPrev, n)
	p.used = growBool(p.used, n)
	for k := range p.order {
		p.order[k] = int32(k)
		p.next[k] = -1
		p.hasPrev[k] = false
		p.used[k] = false
	}
	slices.SortFunc(p.order, func(a, b int32) int { return cmpStart(&segs[a], &segs[b]) })
	for k := range segs {
		s := &segs[k]
		// First segment whose start is s's end and that nothing precedes yet.
		lo, hi := 0, n
		for lo < hi {
			m := (lo + hi) / 2
			t := &segs[p.order[m]]
			if t.W0 < s.W1 || (t.W0 == s.W1 && t.B0 < s.B1) {
				lo = m + 1
			} else {
				hi = m
			}
		}
		for ; lo < n; lo++ {
			c := p.order[lo]
			t := &segs[c]
			if t.W0 != s.W1 || t.B0 != s.B1 {
				break
			}
			if !p.hasPrev[c] && int(c) != k {
				p.next[k] = c
				p.hasPrev[c] = true
				break
			}
		}
	}
	// Open lines from their first segment, then the loops.
	for pass := 0; pass < 2; pass++ {
		for k := 0; k < n; k++ {
			if p.used[k] || (pass == 0 && p.hasPrev[k]) {
				continue
			}
			p.Pts = append(p.Pts, WB{segs[k].W0, segs[k].B0})
			c := int32(k)
			for c >= 0 && !p.used[c] {
				p.used[c] = true
				p.Pts = append(p.Pts, WB{segs[c].W1, segs[c].B1})
				c = p.next[c]
			}
			p.ends = append(p.ends, len(p.Pts))
			p.closed = append(p.closed, c == int32(k))
		}
	}
}

func cmpStart(a, b *Segment) int {
	switch {
	case a.W0 < b.W0:
		return -1
	case a.W0 > b.W0:
		return 1
	case a.B0 < b.B0:
		return -1
	case a.B0 > b.B0:
		return 1
	}
	return 0
}

func growInt32(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func growBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}

// LabelSpot is where a contour label goes.
type LabelSpot struct {
	W, B float64 // the label's centre, on the isoline
	// DX, DY is the isoline's unit direction there in normalized box units
	// (the box as the square [-1, 1]^2, x right, y up), the higher values
	// on its left. Flip it when DX < 0 to keep the text upright.
	DX, DY float64
	Level  int // the level index the caller passed
}

// LabelOptions tunes LabelSpots. Lengths are in normalized box units (the
// box as the square [-1, 1]^2). Zero fields take the defaults in brackets.
type LabelOptions struct {
	Spacing float64 // arc length between labels on one line [0.9]
	Margin  float64 // keep labels this far inside the box's edge [0.12]
	MinGap  float64 // least distance to any label already placed [0.3]
	MinLen  float64 // shorter lines get no label [0.4]
}

// orDefault returns v, or d where v is zero or less: an options field left
// at its zero value takes its documented default (LabelOptions,
// MeshOptions).
func orDefault(v, d float64) float64 {
	if v <= 0 {
		return d
	}
	return v
}

// LabelSpots appends to dst a few label positions along the polylines of
// one isoline and returns it: on every polyline at least opt.MinLen long,
// the first at half a spacing (or half the line, if shorter) from its
// start, then one per opt.Spacing, skipping spots within opt.Margin of the
// box's edge or within opt.MinGap of a spot already in dst. Calling it
// level after level with the same dst keeps labels of neighbouring levels
// apart.
func LabelSpots(pl *Polylines, box surfaces.Box, level int, opt LabelOptions, dst []LabelSpot) []LabelSpot {
	opt.Spacing = orDefault(opt.Spacing, 0.9)
	opt.Margin = orDefault(opt.Margin, 0.12)
	opt.MinGap = orDefault(opt.MinGap, 0.3)
	opt.MinLen = orDefault(opt.MinLen, 0.4)
	cw, cb := (box.WMin+box.WMax)/2, (box.BMin+box.BMax)/2
	hw, hb := (box.WMax-box.WMin)/2, (box.BMax-box.BMin)/2
	if !(hw > 0) || !(hb > 0) {
		return dst
	}
	nx := func(q WB) (float64, float64) { return (q.W - cw) / hw, (q.B - cb) / hb }
	for k := 0; k < pl.Len(); k++ {
		pts, _ := pl.Line(k)
		total := 0.0
		for i := 1; i < len(pts); i++ {
			x0, y0 := nx(pts[i-1])
			x1, y1 := nx(pts[i])
			total += math.Hypot(x1-x0, y1-y0)
		}
		if total < opt.MinLen {
			continue
		}
		at := math.Min(opt.Spacing/2, total/2)
		walked := 0.0
		for i := 1; i < len(pts) && at <= total; i++ {
			x0, y0 := nx(pts[i-1])
			x1, y1 := nx(pts[i])
			l := math.Hypot(x1-x0, y1-y0)
			for l > 0 && at <= walked+l {
				f := (at - walked) / l
				x, y := x0+f*(x1-x0), y0+f*(y1-y0)
				if math.Abs(x) <= 1-opt.Margin && math.Abs(y) <= 1-opt.Margin && farFrom(dst, x, y, opt.MinGap, cw, cb, hw, hb) {
					dst = append(dst, LabelSpot{W: cw + x*hw, B: cb + y*hb, DX: (x1 - x0) / l, DY: (y1 - y0) / l, Level: level})
				}
				at += opt.Spacing
			}
			walked += l
		}
	}
	return dst
}

func farFrom(spots []LabelSpot, x, y, gap, cw, cb, hw, hb float64) bool {
	for _, s := range spots {
		if math.Hypot((s.W-cw)/hw-x, (s.B-cb)/hb-y) < gap {
			return false
		}
	}
	return true
}
