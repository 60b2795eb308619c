package view

import (
	"math"

	"downhill/game/sim"
	"downhill/surfaces"
)

// Grid sizes: the contour map samples GridN x GridN vertices, the 3D mesh
// every second one of them (MeshN x MeshN vertices, 128 x 128 cells).
const (
	GridN   = 257
	MeshN   = 129
	CoarseN = 33 // the mesh while the camera turns: a sixteenth of the cells
)

// Region names a part of the canvas that is repainted as a whole.
type Region uint8

// The regions, in the order the adapter repaints them.
const (
	RSurface Region = iota // the 3D view
	RContour               // the contour map
	RLoss                  // the loss curve and the legend
	RFit                   // the data fit
	NumRegions
)

// trail regions: where trails accumulate (each has its own cursors).
const numTrailRegions = 3

// Scene turns a world into layers for the adapter to draw. Each frame the
// adapter calls Frame, then onto its canvas image, which keeps its pixels
// from frame to frame:
//   - for each region but RSurface with Redraw set: fills the region's
//     rectangle with Background(); for RContour it then draws the colour
//     map (TexPix, a TexW x TexH image re-uploaded when TexGen changes) at
//     L.ContourPlot;
//   - clipped to L.Surface: View3D (the 3D view: all of it when repainted,
//     else its new trail segments);
//   - then Static (the axes, labels and frames of the repainted regions)
//     and Trails (trail and loss-curve segments new since the last frame,
//     or all of them in a repainted region);
//   - on the final screen: copies the canvas image and draws Overlay
//     (balls, markers, the fit curve, readouts, cursors: what moves).
//
// The surface's grids, colour map, contour lines and the mesh are computed
// once per surface, layout and camera, never per frame, and a frame
// allocates nothing once the buffers have grown.
type Scene struct {
	A *Atlas
	L Layout

	Under, Mesh, Static, Trails, Overlay Layer
	// Static3D and Trails3D are the 3D view's chrome and trails; View3D
	// is what the adapter draws of the 3D view this frame, clipped to
	// L.Surface (a zoomed surface overflows its view): when it is
	// repainted, its background, Under, Mesh, Static3D and Trails3D in
	// one layer (one draw call, not five); otherwise the new trails.
	Static3D, Trails3D, View3D Layer

	// Redraw lists the regions to repaint from scratch this frame.
	Redraw [NumRegions]bool
	TexPix []byte
	TexW   int
	TexH   int
	TexGen int

	// HoverX, HoverY is the pointer in device pixels; HoverOn is false when
	// it is off the canvas or a button is held.
	HoverX, HoverY float64
	HoverOn        bool

	// The notice: a refused command's message, shown for a while.
	notice      string
	noticeAt    int
	noticeLines []string

	// OverlayChanged reports whether this frame's overlay differs from
	// the last frame's; when nothing on the canvas changed either, the
	// adapter can let ebiten skip presenting the frame.
	OverlayChanged bool
	prevOverlay    []Vertex

	layoutOK bool
	fit      bool

	// The surface.
	surfGen  int
	info     *surfaces.Info
	box      surfaces.Box
	grid     []float64 // losses on the GridN grid
	lo, hi   float64   // their finite range
	logScale bool
	hf       HeightField // display heights on the GridN grid
	mhf      HeightField // display heights on the MeshN grid
	chf      HeightField // and on the CoarseN grid, for a turning camera
	levels   []float64
	labelled []bool
	isolines []Segment
	pl       Polylines
	spots    []LabelSpot
	tmpSegs  []Segment
	texFor   Rect

	// The 3D view.
	cam        sim.Camera
	camOK      bool
	grid3D     bool // the mesh was built with grid lines
	proj       Projection
	mesh       Mesh
	zb         ZBuffer
	axes       Axes
	still      int  // frames since the camera last moved
	coarse3D   bool // the 3D trails were last drawn thinned for motion
	meshCoarse bool // the mesh was last built coarse, for motion
	turning    bool // the camera moved this frame from where it was
	meshLayout Rect

	// The loss plot's axes: steps [0, lossX], log10 loss or loss in
	// [lossLo, lossHi]; legend lists the optimizers present (bit mask).
	lossX          float64
	lossLo, lossHi float64
	lossLog        bool
	lossAxesOK     bool
	legend         uint32

	cursors [numTrailRegions][]trailCursor
	num     []byte
	// The step readout's lines, in buffers kept between frames.
	lines, lineBufs [][]byte

	lab              labState
	squareAxes       bool    // plotAxes draws the contour map's equal-scale axes
	sweepX0, sweepX1 float64 // the sweep chart: log10 eta
	sweepLo, sweepHi float64 // and log10 loss
}

// trailCursor remembers how much of a ball's trail a region shows.
type trailCursor struct {
	id, gen, stride, n int
	marked             bool // the start marker is drawn (contour map)
}

// Trail budgets: the most trail segments a repaint draws in a region (longer
// trails are drawn through every k-th point; the path's shape survives), and
// a smaller one for the 3D view while the camera moves.
const (
	maxRepaintSegments = 60000
	maxMovingSegments  = 3000
	// stillFrames is how long the camera must rest before the 3D trails
	// are repainted in full detail.
	stillFrames = 12
)

// NewScene returns a scene drawing with atlas a.
func NewScene(a *Atlas) *Scene {
	s := &Scene{surfGen: -1}
	s.SetAtlas(a)
	return s
}

// SetAtlas switches to a new atlas (after a change of devicePixelRatio).
func (s *Scene) SetAtlas(a *Atlas) {
	s.A = a
	for _, l := range []*Layer{&s.Under, &s.Mesh, &s.Static, &s.Trails, &s.Overlay, &s.Static3D, &s.Trails3D, &s.View3D} {
		NewPen(l, a)
	}
	s.layoutOK = false
}

// Invalidate makes the next frame repaint everything (the adapter's canvas
// image was replaced).
func (s *Scene) Invalidate() { s.layoutOK = false }

// Projection returns the 3D view's current projection.
func (s *Scene) Projection() *Projection { return &s.proj }

// ToContour returns the device-pixel position of (w, b) in the contour map.
func (s *Scene) ToContour(w, b float64) (x, y float64) {
	p, box := s.L.ContourPlot, s.box
	return p.X + (w-box.WMin)/(box.WMax-box.WMin)*p.W, p.Y + (box.BMax-b)/(box.BMax-box.BMin)*p.H
}

// FromContour returns the (w, b) under a device-pixel position, and false
// outside the contour map.
func (s *Scene) FromContour(x, y float64) (w, b float64, ok bool) {
	p, box := s.L.ContourPlot, s.box
	if x < p.X || y < p.Y || x > p.X+p.W || y > p.Y+p.H {
		return 0, 0, false
	}
	return box.WMin + (x-p.X)/p.W*(box.WMax-box.WMin), box.BMax - (y-p.Y)/p.H*(box.BMax-box.BMin), true
}

// PickSurface returns the (w, b) of the surface under a device-pixel
// position in the 3D view, and false if the point misses the surface.
func (s *Scene) PickSurface(x, y float64) (w, b float64, ok bool) {
	if !s.camOK || !s.L.Surface.Contains(x, y) {
		return 0, 0, false
	}
	return s.proj.Pick(x, y, &s.mhf)
}

// At returns the (w, b) under a device-pixel position in either view.
func (s *Scene) At(x, y float64) (w, b float64, ok bool) {
	if w, b, ok = s.FromContour(x, y); ok {
		return
	}
	return s.PickSurface(x, y)
}

// Height returns the display height of a loss (what the 3D view and the
// colour map show): the loss, or log(1 + L - lo) for a surface whose loss
// spans decades.
func (s *Scene) Height(loss float64) float64 {
	if s.logScale {
		return math.Log1p(math.Max(0, loss-s.lo))
	}
	return loss
}

// Frame prepares the layers for the world as it is now, on a canvas of
// w x h device pixels at scale device pixels per CSS pixel.
func (s *Scene) Frame(wd *sim.World, w, h, scale float64) {
	s.Trails.Reset()
	s.Overlay.Reset()
	s.Static.Reset()
	s.Static3D.Reset()
	s.Trails3D.Reset()
	s.Redraw = [NumRegions]bool{}
	all := func() {
		for r := range s.Redraw {
			s.Redraw[r] = true
		}
	}
	fit := wd.Info.Data != nil
	if !s.layoutOK || s.L.W != w || s.L.H != h || s.L.Scale != scale || s.fit != fit {
		s.L = NewLayout(w, h, scale, fit)
		s.fit = fit
		s.layoutOK = true
		s.camOK = false
		all()
	}
	if s.surfGen != wd.SurfaceGen {
		s.surfGen = wd.SurfaceGen
		s.sampleSurface(wd)
		s.camOK = false
		s.lossAxesOK = false
		all()
	}
	if s.Redraw[RContour] && s.texFor != s.L.ContourPlot {
		s.paintColourMap()
	}
	s.syncLab(wd)
	// The camera.
	cam := wd.Cam.Clamped()
	if !s.camOK || cam != s.cam || s.grid3D != wd.Grid {
		// A camera that turns from where it was (a drag, spin) gets the
		// coarse mesh and thinned trails until it rests; a new surface
		// or layout starts in full detail.
		turning := s.camOK && cam != s.cam
		s.turning = turning
		s.grid3D = wd.Grid
		s.cam, s.camOK = cam, true
		s.buildMesh(wd, turning)
		s.Redraw[RSurface] = true
		s.still = 0
	} else {
		s.turning = false
		s.still++
		if (s.coarse3D || s.meshCoarse) && s.still >= stillFrames {
			// The camera rests: full detail.
			if s.meshCoarse {
				s.buildMesh(wd, false)
			}
			s.Redraw[RSurface] = true
		}
	}
	// Removed or restarted balls leave old trails behind: repaint.
	if !s.syncCursors(wd) {
		s.Redraw[RSurface], s.Redraw[RContour], s.Redraw[RLoss] = true, true, true
		s.lossAxesOK = false
	}
	if wd.Mode != sim.ModeSweep && s.updateLossAxes(wd) {
		s.Redraw[RLoss] = true
	}
	if m := legendMask(wd); m != s.legend {
		s.legend = m
		s.Redraw[RLoss] = true
	}
	s.buildStatic(wd)
	s.drawContourTrails(wd)
	s.drawSurfaceTrails(wd)
	s.drawLossCurves(wd)
	s.drawOverlay(wd)
	s.OverlayChanged = s.compareOverlay()
	s.View3D.Reset()
	if s.Redraw[RSurface] {
		s.View3D.Rect(s.L.Surface, bgColor)
		s.View3D.Append(&s.Under)
		s.View3D.Append(&s.Mesh)
		s.View3D.Append(&s.Static3D)
	}
	s.View3D.Append(&s.Trails3D)
	// The next frame draws much less than a repaint: keep one batch each.
	if !s.Repainting() {
		for _, l := range [...]*Layer{&s.Static, &s.Static3D, &s.Trails, &s.Trails3D, &s.View3D} {
			l.Release()
		}
	}
}

// Repainting reports whether any region is repainted this frame.
func (s *Scene) Repainting() bool {
	for _, r := range s.Redraw {
		if r {
			return true
		}
	}
	return false
}

// RegionRect returns a region's rectangle.
func (s *Scene) RegionRect(r Region) Rect {
	switch r {
	case RSurface:
		return s.L.Surface
	case RContour:
		return s.L.Contour
	case RLoss:
		return s.L.Loss
	}
	return s.L.Fit
}

func (s *Scene) sampleSurface(wd *sim.World) {
	s.info = wd.Info
	s.box = wd.Info.Box
	s.grid, s.lo, s.hi = surfaces.Sample(wd.Surf, s.box, GridN, GridN, s.grid)
	s.logScale = wd.Info.LogHeight
	s.hf.Resize(s.box, GridN, GridN)
	for i, v := range s.grid {
		s.hf.H[i] = s.Height(v)
	}
	s.hf.UpdateRange()
	s.mhf.Resize(s.box, MeshN, MeshN)
	for j := 0; j < MeshN; j++ {
		for i := 0; i < MeshN; i++ {
			s.mhf.H[j*MeshN+i] = s.hf.H[(2*j)*GridN+2*i]
		}
	}
	s.mhf.Lo, s.mhf.Hi = s.hf.Lo, s.hf.Hi // same colours as the contour map
	s.chf.Resize(s.box, CoarseN, CoarseN)
	for j := 0; j < CoarseN; j++ {
		for i := 0; i < CoarseN; i++ {
			s.chf.H[j*CoarseN+i] = s.hf.H[(8*j)*GridN+8*i]
		}
	}
	s.chf.Lo, s.chf.Hi = s.hf.Lo, s.hf.Hi
	s.levels = Levels(s.lo, s.hi, 14, s.logScale, s.levels)
	s.labelled = LabelLevels(s.levels, 6, s.labelled)
	s.isolines = s.isolines[:0]
	s.spots = s.spots[:0]
	for k, lv := range s.levels {
		n := len(s.isolines)
		s.isolines = Isolines(s.grid, GridN, GridN, s.box, lv, s.isolines)
		if s.labelled[k] {
			s.pl.Join(s.isolines[n:])
			s.spots = LabelSpots(&s.pl, s.box, k, LabelOptions{}, s.spots)
		}
	}
	s.texFor = Rect{}
	s.lossLog = s.lo >= 0
}

// paintColourMap renders the contour map's colours at the plot's pixel
// size, so it is drawn 1:1, crisp at any devicePixelRatio.
func (s *Scene) paintColourMap() {
	p := s.L.ContourPlot
	w, h := int(p.W), int(p.H)
	if w < 1 || h < 1 {
		return
	}
	if cap(s.TexPix) < w*h*4 {
		s.TexPix = make([]byte, w*h*4)
	}
	s.TexPix = s.TexPix[:w*h*4]
	FillRGBA(&s.hf, s.TexPix, w, h)
	s.TexW, s.TexH = w, h
	s.texFor = p
	s.TexGen++
}

// syncCursors matches the cursors with the world's balls: new balls get
// fresh cursors; it reports false if a ball was removed or restarted (its
// old trail is on the canvas and only a repaint takes it away).
func (s *Scene) syncCursors(wd *sim.World) bool {
	ok := true
	for r := range s.cursors {
		cs := s.cursors[r]
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
	if !ok {
		s.resetCursors(wd)
		return false
	}
	for r := range s.cursors {
		for k := len(s.cursors[r]); k < len(wd.Balls); k++ {
			b := wd.Balls[k]
			s.cursors[r] = append(s.cursors[r], trailCursor{id: b.ID, gen: b.Trail.Gen, stride: b.Trail.Stride})
		}
	}
	return true
}

func (s *Scene) resetCursors(wd *sim.World) {
	for r := range s.cursors {
		s.cursors[r] = s.cursors[r][:0]
		for _, b := range wd.Balls {
			s.cursors[r] = append(s.cursors[r], trailCursor{id: b.ID, gen: b.Trail.Gen, stride: b.Trail.Stride})
		}
	}
}

// newPoints returns the range of trail points of ball i that region r has not
// drawn yet (from is the last point drawn, to drawn through; from == to
// means nothing new), and how many points to skip between drawn ones. A
// repainted region starts from the trail's beginning, thinned to its budget.
func (s *Scene) newPoints(r Region, i int, b *sim.Ball, every int) (from, to int) {
	c := &s.cursors[r][i]
	t := &b.Trail
	if s.Redraw[r] {
		c.n = 0
	}
	if c.stride != t.Stride {
		// The trail was thinned: what is drawn is still right; go on
		// from the last point kept.
		last := max(c.n-1, 0)
		c.n = last*c.stride/t.Stride + 1
		c.stride = t.Stride
	}
	n := len(t.Pts)
	from = max(c.n-1, 0)
	c.n = n
	if n == 0 || from >= n-1 {
		return n, n
	}
	return from, n - 1
}

// thinning returns the point spacing that keeps a repaint of region r
// within budget.
func (s *Scene) thinning(wd *sim.World, r Region, budget int) int {
	if !s.Redraw[r] {
		return 1
	}
	total := 0
	for _, b := range wd.Balls {
		total += len(b.Trail.Pts)
	}
	return 1 + total/budget
}

// compareOverlay reports whether the overlay's vertices differ from the
// previous frame's, and keeps a copy of them.
func (s *Scene) compareOverlay() bool {
	changed := false
	k := 0
	for _, b := range s.Overlay.Batches() {
		for _, v := range b.Verts {
			if k >= len(s.prevOverlay) {
				s.prevOverlay = append(s.prevOverlay, v)
				changed = true
			} else if s.prevOverlay[k] != v {
				s.prevOverlay[k] = v
				changed = true
			}
			k++
		}
	}
	if k != len(s.prevOverlay) {
		changed = true
		s.prevOverlay = s.prevOverlay[:k]
	}
	return changed
}

// Palette of the chrome.
var (
	bgColor     = RGB(0x16, 0x18, 0x1d)
	panelColor  = RGB(0x1d, 0x20, 0x27)
	axisColor   = RGB(0xb8, 0xbd, 0xc8)
	gridColor   = Color{1, 1, 1, 0.08}
	textColor   = RGB(0xe8, 0xea, 0xef)
	dimColor    = RGB(0x8a, 0x90, 0x9c)
	isoColor    = Color{1, 1, 1, 0.42}
	outlineDark = Color{0.05, 0.05, 0.07, 1}
	white       = Color{1, 1, 1, 1}
	warnColor   = RGB(0xff, 0x55, 0x44)
)

// Background is the colour the canvas image is cleared to.
func Background() Color { return bgColor }

func rgb(c sim.RGB) Color { return RGB(c[0], c[1], c[2]) }

// outlineFor returns a ball outline that reads against the ball's colour.
func outlineFor(c sim.RGB) Color {
	if int(c[0])*299+int(c[1])*587+int(c[2])*114 < 140000 {
		return white
	}
	return outlineDark
}

// trailColor is a ball's trail colour: the ball's, lifted a little when it
// is very dark so that the lecture's black GD path reads on dark purple.
func trailColor(c sim.RGB) Color {
	if int(c[0])+int(c[1])+int(c[2]) < 60 {
		return Color{0.06, 0.06, 0.08, 1}
	}
	return rgb(c)
}

// BallRadius is a ball's radius in CSS pixels.
const BallRadius = 5.5

// clipSegment clips a segment to a rectangle (Liang-Barsky), reporting
// false when nothing is left.
func clipSegment(x0, y0, x1, y1 float64, r Rect) (float64, float64, float64, float64, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	for k := 0; k < 4; k++ {
		var p, q float64
		switch k {
		case 0:
			p, q = -dx, x0-r.X
		case 1:
			p, q = dx, r.X+r.W-x0
		case 2:
			p, q = -dy, y0-r.Y
		case 3:
			p, q = dy, r.Y+r.H-y0
		}
		if p == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return 0, 0, 0, 0, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return 0, 0, 0, 0, false
			}
			t1 = math.Min(t1, t)
		}
	}
	return x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy, true
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
