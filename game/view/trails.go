package view

import (
	"downhill/game/sim"
)

// The regions that draw trails incrementally, each with its own cursors.
const (
	trail3D = iota
	trailMap
	trailLoss
	numTrailRegions
)

// trailSync remembers, per trail region, how much of each ball's trail is
// already on the canvas, so a frame draws only the new segments.
type trailSync struct {
	cursors [numTrailRegions][]trailCursor
	// left is how many more segments the region being drawn may add this
	// frame: a repaint of thousands of long trails is spread over a few
	// frames, so no frame (and no buffer) holds all of it at once.
	left int
	// behind is set when a region ran out of budget this frame: trail
	// segments wait for the next frames (Scene.Backlog).
	behind bool
	// tight is behind of the frame before: while it is set, a trail that
	// is drawn up to its ball joins the points it gained since the last
	// frame with one segment (at 2,000 balls and 20 frames a second they
	// are three steps apart, a few pixels), so that the budget goes to the
	// trails that lag and every trail catches up with its ball.
	tight bool
	// catchEvery is the point spacing of a trail that is not drawn up to
	// its ball (a repainted region, a new ball with a long trail): every
	// point while the trails are short, coarser when there are so many
	// points that drawing each would take more than catchFrames frames of
	// a region's budget (2,000 trails of 1,000 points are 2 million
	// segments: 400 frames, 20 seconds at 20 frames a second, for a loss
	// plot whose axis grew or a 3D view that came to rest).
	catchEvery int
	// ranOut is, per region, whether it ran out of budget this frame;
	// wasOut, in the frame before.
	ranOut, wasOut [numTrailRegions]bool
	// scratch holds one ball's new segments (reused).
	scratch []segPair
}

// catchFrames is about how many frames a region's repaint may take.
const catchFrames = 60

// frameSegments is the most trail segments a region draws in one frame;
// what is left over is drawn in the next frames. The three regions' 5,000
// each are 60,000 vertices, 2.9 MB: ebiten's command queue keeps the
// capacity of the largest frame it saw, so this bounds memory as well as
// the frame's time (at 15,000 a region, a repaint of 500 long trails left
// 31.7 MB in the queue). A full repaint of 500 trails of 1,000 points
// takes 100 frames; of 50 such trails, 10.
const frameSegments = 5000

// frameVertices bounds what one frame draws, backgrounds and trails
// together: a region's trails get what the frame has left (after the 3D
// view's 34,000-vertex mesh on a repaint, the contour map's trails wait a
// frame). ebiten's two command queues each keep the capacity of the
// largest frame they carried (measured at 500 balls: 17.6 MB of them when
// the first frame after a burst of steps drew 119,000 vertices).
const frameVertices = 64000

// trailBudget returns how many trail segments a region may draw this
// frame: at most frameSegments, and what frameVertices leaves after the
// frame's drawing so far and the region's own (pending vertices), a segment
// taking about 4 vertices, or 12 with its two rings (haloed).
func (s *Scene) trailBudget(wd *sim.World, pending int) int {
	per := 4
	if s.haloed(wd) {
		per = 12
	}
	return min(frameSegments, max(0, (frameVertices-s.spent-pending)/per))
}

// begin starts a region's trails for this frame, with a budget of
// segments.
func (t *trailSync) begin(budget int) { t.left = budget }

// trailCursor remembers how much of a ball's trail a region shows.
type trailCursor struct {
	id, gen, stride, n int
	marked             bool // the start marker is drawn (contour map)
	caught             bool // drawn up to the ball at the end of the last frame
	// seen is how many of the trail's points (at seenStride) the loss
	// plot's axes took in.
	seen, seenStride int
}

// sync matches the cursors with the world's balls: new balls get fresh
// cursors; it reports false if a ball was removed or restarted (its old
// trail is on the canvas and only a repaint takes it away).
func (t *trailSync) sync(wd *sim.World) bool {
	ok := true
	for r := range t.cursors {
		cs := t.cursors[r]
		i := 0
		for _, b := range wd.Balls {
			for i < len(cs) && cs[i].id != b.ID {
				ok = false // removed
				i++
			}
			if i < len(cs) {
				if cs[i].gen != b.Trail.Gen {
					ok = false // restarted
				}
				i++
			}
		}
		if i < len(cs) {
			ok = false
		}
	}
	total := 0
	for _, b := range wd.Balls {
		total += len(b.Trail.Pts)
	}
	t.catchEvery = 1 + total/(catchFrames*frameSegments)
	if !ok {
		for r := range t.cursors {
			t.cursors[r] = t.cursors[r][:0]
			for _, b := range wd.Balls {
				t.cursors[r] = append(t.cursors[r], trailCursor{id: b.ID, gen: b.Trail.Gen, stride: b.Trail.Stride})
			}
		}
		return false
	}
	for r := range t.cursors {
		for k := len(t.cursors[r]); k < len(wd.Balls); k++ {
			b := wd.Balls[k]
			t.cursors[r] = append(t.cursors[r], trailCursor{id: b.ID, gen: b.Trail.Gen, stride: b.Trail.Stride})
		}
	}
	return true
}

// newPoints returns the range of trail points of ball i that region r has
// not drawn yet (from is the last point drawn, to drawn through; from == to
// means nothing new). A repainted region starts from the trail's beginning.
func (t *trailSync) newPoints(r int, repaint bool, i int, b *sim.Ball) (from, to int) {
	c := &t.cursors[r][i]
	tr := &b.Trail
	if repaint {
		c.n = 0
	}
	if c.stride != tr.Stride {
		// The trail was thinned: what is drawn is still right; go on
		// from the last point kept.
		last := max(c.n-1, 0)
		c.n = last*c.stride/tr.Stride + 1
		c.stride = tr.Stride
	}
	n := len(tr.Pts)
	from = max(c.n-1, 0)
	c.n = n
	if n == 0 || from >= n-1 {
		return n, n
	}
	return from, n - 1
}

// thinning returns the point spacing that keeps a repaint of every trail
// within budget segments (the 3D view while the camera turns, which
// repaints every frame).
func (t *trailSync) thinning(wd *sim.World, budget int) int {
	total := 0
	for _, b := range wd.Balls {
		total += len(b.Trail.Pts)
	}
	return 1 + total/budget
}

// eachNewSegment calls seg for each segment of ball i's trail that region r
// has not drawn yet (through every every-th point), and moves r's cursor
// on. seg does not escape: no allocation.
func (t *trailSync) eachNewSegment(r int, repaint bool, i int, b *sim.Ball, every int, seg func(p, q sim.TrailPoint)) {
	t.scratch = t.appendNewSegments(t.scratch[:0], r, repaint, i, b, every)
	for _, g := range t.scratch {
		seg(g.p, g.q)
	}
}

// appendNewSegments appends to dst the segments eachNewSegment would give,
// and moves r's cursor on.
func (t *trailSync) appendNewSegments(dst []segPair, r int, repaint bool, i int, b *sim.Ball, every int) []segPair {
	c := &t.cursors[r][i]
	if repaint {
		c.caught = false
	}
	from, to := t.newPoints(r, repaint, i, b)
	if from >= to {
		return dst
	}
	if c.caught && t.tight {
		every = max(every, to-from)
	} else if !c.caught {
		every = max(every, t.catchEvery)
	}
	pts := b.Trail.Pts
	prev, at := pts[from], from
	for k := from + every; ; k += every {
		if t.left <= 0 {
			// Out of budget: go on from here next frame.
			t.behind, t.ranOut[r] = true, true
			c.n, c.caught = at+1, false
			return dst
		}
		k = min(k, to)
		q := pts[k]
		dst = append(dst, segPair{prev, q})
		t.left--
		prev, at = q, k
		if k == to {
			c.caught = true
			return dst
		}
	}
}

// cursor returns region r's cursor of ball i.
func (t *trailSync) cursor(r, i int) *trailCursor { return &t.cursors[r][i] }

func (s *Scene) trailWidth() float32 { return s.px(1.6) }
