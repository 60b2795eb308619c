package view

import (
	"math"

	"downhill/game/sim"
)

// Grid sizes: the contour map samples GridN x GridN vertices, the 3D mesh
// every second one of them (MeshN x MeshN vertices, 128 x 128 cells).
const (
	GridN   = 257
	MeshN   = 129
	CoarseN = 33 // the mesh while the camera turns: a sixteenth of the cells
)

// Scene turns a world into what the adapter draws. It only reads the world.
// The canvas is cut into regions, each its own type owning its cache under
// an explicit key (what it was built for) and rebuilding when the key
// changes: the sampled surface (surfaceCache: grids, levels, isolines, the
// colour map), the 3D view (view3D), the contour map (contourMap), the loss
// plot (lossPlot) and the fit view (fitPlot); the overlay holds what moves.
// Scene only sequences them.
//
// Each frame the adapter calls Frame, then runs Ops in order onto its
// canvas image, which keeps its pixels from frame to frame (a region
// repainted is filled, its texture and layers drawn; otherwise only its new
// trail segments), then, on the final screen, copies the canvas image and
// draws Overlay. A frame allocates nothing once the buffers have grown.
type Scene struct {
	atlas  *Atlas
	layout Layout
	// What the layout was made for.
	layoutKey layoutKey

	surf    surfaceCache
	d3      view3D
	cmap    contourMap
	loss    lossPlot
	fit     fitPlot
	trails  trailSync
	lab     labState
	Overlay Layer
	// spent is the vertices the regions drew so far this frame
	// (trailBudget).
	spent int

	ops    []Op
	tex    texture
	clear  bool // the whole canvas is cleared first (a new layout)
	scale  float64
	render renderKey

	// HoverX, HoverY is the pointer in device pixels; HoverOn is false when
	// it is off the canvas or a button is held.
	HoverX, HoverY float64
	HoverOn        bool
	// KeyFocus is set while the canvas has the keyboard's focus: the map
	// shows the keyboard's cursor with its (w, b) and loss, or rings the
	// start or ball the keys act on.
	KeyFocus bool

	// OverlayChanged reports whether this frame's overlay differs from
	// the last frame's; when nothing on the canvas changed either, the
	// adapter can let ebiten skip presenting the frame.
	OverlayChanged bool
	prevOverlay    []Vertex

	// The world's notice as last wrapped into lines (World.Notice).
	notice      string
	noticeLines []string

	num []byte
	// segs holds a ball's new trail segments for its passes (haloTrail).
	segs []segPair
	// squareAxes: plotAxes draws the contour map's equal-scale axes;
	// noYLabels leaves out the y tick labels (a small multiple beside
	// another).
	squareAxes, noYLabels bool
	// plot is the map ToContour draws into: the contour plot, or on the
	// convergence map the small multiple of the ball being drawn.
	plot Rect
	// The step readout's lines, in buffers kept between frames.
	lines, lineBufs [][]byte
	lineRank        []uint8

	// texts, when not nil, records every text drawn (tests).
	texts *[]DrawnText

	// The overlay's labels this frame, and every label of the frame
	// (Labels).
	overlayLabels Labels
	labels        []Label
	labelText     []byte
	plates        []Rect // Plates' result, reused
}

// DrawnText is a text the scene drew and where (tests check that none is
// outside its view and none holds a non-finite number).
type DrawnText struct {
	Text   string
	Bounds Rect
}

// layoutKey is what a layout depends on.
type layoutKey struct {
	w, h, scale, ui float64
	views           [sim.NumViews]sim.View
	nviews          int
	main            sim.View
	fit             bool
	maps            int // convergence maps shown (0: not the map)
}

// renderKey is what every cached picture depends on beyond its region's
// own key: a change repaints everything.
type renderKey struct {
	layout layoutKey
	atlas  *Atlas
}

// OpKind says what an Op draws.
type OpKind uint8

// The kinds of Op.
const (
	OpFill    OpKind = iota // fill Clip with the background colour
	OpTexture               // draw the colour map's texture at At, clipped to Clip
	OpLayer                 // draw Layer's triangles, clipped to Clip
)

// Op is one drawing onto the canvas image, clipped to Clip (device pixels).
// A texture is drawn at At; when Src is not empty, only that part of it
// (texels), scaled to At's size (nearest: a map's cells stay sharp).
// Trails marks a layer of trail segments alone (for the benchmark's counts).
type Op struct {
	Kind   OpKind
	Clip   Rect
	At     Rect
	Src    Rect
	Layer  *Layer
	Trails bool
}

// texture is the colour map's image: TexPix is TexW x TexH RGBA, TexGen
// changes when it does.
type texture struct {
	Pix  []byte
	W, H int
	Gen  int
}

// NewScene returns a scene drawing with atlas a.
func NewScene(a *Atlas) *Scene {
	s := &Scene{}
	s.d3.view, s.cmap.view, s.loss.view, s.fit.view = sim.View3D, sim.ViewContour, sim.ViewLoss, sim.ViewFit
	s.SetAtlas(a)
	return s
}

// SetAtlas switches to a new atlas (after a change of devicePixelRatio or
// of the presenting mode).
func (s *Scene) SetAtlas(a *Atlas) {
	s.atlas = a
	for _, l := range s.layers() {
		NewPen(l, a)
	}
}

// layers lists every layer the scene fills.
func (s *Scene) layers() []*Layer {
	return []*Layer{&s.Overlay, &s.d3.under, &s.d3.mesh3D, &s.d3.static, &s.d3.trails, &s.d3.out,
		&s.cmap.static, &s.cmap.trails, &s.loss.static, &s.loss.trails, &s.fit.static}
}

// Atlas returns the atlas the scene draws with.
func (s *Scene) Atlas() *Atlas { return s.atlas }

// Layout returns where the views are.
func (s *Scene) Layout() *Layout { return &s.layout }

// Invalidate makes the next frame repaint everything (the adapter's canvas
// image was replaced).
func (s *Scene) Invalidate() { s.render = renderKey{} }

// Ops returns this frame's drawings onto the canvas image, in order.
func (s *Scene) Ops() []Op { return s.ops }

// Texture returns the colour map's image and its generation.
func (s *Scene) Texture() (pix []byte, w, h, gen int) { return s.tex.Pix, s.tex.W, s.tex.H, s.tex.Gen }

// Backlog reports whether trail segments wait for the next frames: a
// repaint of many long trails is spread over frames (frameSegments).
func (s *Scene) Backlog() bool { return s.trails.behind }

// Repainting reports whether any region is repainted this frame.
func (s *Scene) Repainting() bool {
	return s.clear || s.d3.repaint || s.cmap.repaint || s.loss.repaint || s.fit.repaint
}

// Arrange brings where things are up to date with the world, without
// drawing anything: the layout of the views on a canvas of w x h device
// pixels at scale device pixels per CSS pixel, and the surface sampled on
// the world's framing box. Frame calls it; the adapter calls it every tick
// before the controller, so input is read against the world as it is, from
// the first tick on, not against the last frame drawn.
func (s *Scene) Arrange(wd *sim.World, w, h, scale float64) {
	s.scale = scale
	lk := layoutKey{w: w, h: h, scale: scale, ui: s.atlas.Scale, fit: wd.Info.Data != nil, nviews: len(wd.Views), main: wd.Main}
	copy(lk.views[:], wd.Views)
	lk.maps = wd.MapPanels()
	if lk != s.layoutKey {
		s.layoutKey = lk
		s.layout = FitLayout(w, h, scale, s.atlas.Scale, wd.Views, wd.Main, lk.fit)
		if lk.maps > 0 {
			s.layout.SplitMaps(lk.maps)
		}
	}
	s.plot = s.layout.ContourPlot
	s.surf.update(wd)
}

// Frame prepares the drawings for the world as it is now, on a canvas of
// w x h device pixels at scale device pixels per CSS pixel, text and lines
// drawn at the atlas's scale (larger when presenting).
func (s *Scene) Frame(wd *sim.World, w, h, scale float64) {
	s.Arrange(wd, w, h, scale)
	rk := renderKey{layout: s.layoutKey, atlas: s.atlas}
	all := rk != s.render
	s.render = rk
	s.clear = all

	s.syncLab(wd)
	// Removed or restarted balls leave old trails behind: the regions
	// that draw trails repaint.
	trailsGone := !s.trails.sync(wd)

	s.spent, s.trails.tight, s.trails.behind = 0, s.trails.behind, false
	s.trails.wasOut, s.trails.ranOut = s.trails.ranOut, [numTrailRegions]bool{}
	s.d3.frame(s, wd, all || trailsGone)
	s.cmap.frame(s, wd, all || trailsGone)
	s.loss.frame(s, wd, all || trailsGone)
	s.fit.frame(s, wd, all)
	s.Overlay.Reset()
	s.overlayLabels.Reset()
	s.drawOverlay(wd)
	s.OverlayChanged = s.compareOverlay()
	s.buildOps()
}

// buildOps lists the drawings of the regions shown, in order.
func (s *Scene) buildOps() {
	s.ops = s.ops[:0]
	l := &s.layout
	if s.clear {
		s.ops = append(s.ops, Op{Kind: OpFill, Clip: Rect{0, 0, l.W, l.H}})
	}
	if l.Surface.W > 0 {
		if s.d3.out.Len() > 0 {
			s.ops = append(s.ops, Op{Kind: OpLayer, Clip: l.Surface, Layer: &s.d3.out, Trails: !s.d3.repaint})
		}
	}
	for _, r := range [...]*region{&s.cmap.region, &s.loss.region, &s.fit.region} {
		if r.rect.W <= 0 {
			continue
		}
		if r.repaint {
			s.ops = append(s.ops, Op{Kind: OpFill, Clip: r.rect})
			if r == &s.cmap.region && s.tex.W > 0 {
				for _, t := range s.cmap.texOps[:s.cmap.nTex] {
					s.ops = append(s.ops, Op{Kind: OpTexture, Clip: r.rect, At: t.at, Src: t.src})
				}
			}
			if r.static.Len() > 0 {
				s.ops = append(s.ops, Op{Kind: OpLayer, Clip: r.rect, Layer: &r.static})
			}
		}
		if r.trails.Len() > 0 {
			s.ops = append(s.ops, Op{Kind: OpLayer, Clip: r.rect, Layer: &r.trails, Trails: true})
		}
	}
	// The next frame draws much less than a repaint: keep one batch each.
	if !s.Repainting() {
		for _, l := range s.layers() {
			if l != &s.Overlay {
				l.Release()
			}
		}
	}
}

// region is what every region of the canvas has: its rectangle, its
// chrome (rebuilt when it repaints) and this frame's trail segments (all of
// them after a repaint).
type region struct {
	rect    Rect
	static  Layer
	trails  Layer
	repaint bool
	// labels are the texts of static, as labels of view.
	labels Labels
	view   sim.View
}

// drawn is how many vertices the region draws this frame so far.
func (r *region) drawn() int {
	n := r.trails.Len()
	if r.repaint {
		n += r.static.Len()
	}
	return n
}

// begin starts a region's frame in rect: a repaint resets its chrome. It
// reports whether the region is shown (rect is not empty).
func (r *region) begin(rect Rect, repaint bool) bool {
	r.rect, r.repaint = rect, repaint
	r.trails.Reset()
	if repaint {
		r.static.Reset()
		r.labels.Reset()
	}
	return rect.W > 0 && rect.H > 0
}

// ToContour returns the device-pixel position of (w, b) in the contour map
// (on the convergence map, in the small multiple being drawn).
func (s *Scene) ToContour(w, b float64) (x, y float64) {
	p, box := s.plot, s.surf.box
	return p.X + (w-box.WMin)/(box.WMax-box.WMin)*p.W, p.Y + (box.BMax-b)/(box.BMax-box.BMin)*p.H
}

// onPanel makes ToContour draw into the convergence map's panel of ball b
// (the contour plot when the map is not shown) and returns that panel.
func (s *Scene) onPanel(wd *sim.World, b *sim.Ball) Rect {
	s.plot = s.layout.ContourPlot
	if k := wd.MapPanelOf(b); s.layout.NMaps > 1 && k < s.layout.NMaps {
		s.plot = s.layout.Maps[k]
	}
	return s.plot
}

// mapPlotAt returns the plot under a device-pixel position: the contour
// plot, or on the convergence map any of its small multiples.
func (s *Scene) mapPlotAt(x, y float64) (Rect, bool) {
	for _, p := range s.layout.Maps[:s.layout.NMaps] {
		if p.Contains(x, y) {
			return p, true
		}
	}
	return s.layout.ContourPlot, s.layout.ContourPlot.Contains(x, y)
}

// FromContour returns the (w, b) under a device-pixel position in the
// world's framing (its box, not the one last drawn), and false outside the
// contour map (on the convergence map: outside all of its small
// multiples).
func (s *Scene) FromContour(wd *sim.World, x, y float64) (w, b float64, ok bool) {
	p, _ := s.mapPlotAt(x, y)
	box := wd.Box
	if p.W <= 0 || x < p.X || y < p.Y || x > p.X+p.W || y > p.Y+p.H {
		return 0, 0, false
	}
	return box.WMin + (x-p.X)/p.W*(box.WMax-box.WMin), box.BMax - (y-p.Y)/p.H*(box.BMax-box.BMin), true
}

// PickSurface returns the (w, b) of the surface under a device-pixel
// position in the 3D view, seen from the world's camera on the world's
// framing (not the last frame's), and false if the point misses the
// surface or the 3D view shows no single surface (the quiz).
func (s *Scene) PickSurface(wd *sim.World, x, y float64) (w, b float64, ok bool) {
	if wd.Mode == sim.ModeQuiz || !s.layout.Surface.Contains(x, y) {
		return 0, 0, false
	}
	s.surf.update(wd) // a no-op unless the surface or the box changed this tick
	p := s.d3.projection(s, wd.Cam)
	return p.Pick(x, y, &s.surf.mhf)
}

// At returns the (w, b) under a device-pixel position in either view.
func (s *Scene) At(wd *sim.World, x, y float64) (w, b float64, ok bool) {
	if w, b, ok = s.FromContour(wd, x, y); ok {
		return
	}
	return s.PickSurface(wd, x, y)
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

// trailColor is a ball's trail colour: the ball's (the lecture's black GD
// path stays black; its rings make it read on dark purple, marks.go).
func trailColor(c sim.RGB) Color { return rgb(c) }

// lightColor is a ball's colour where it must read on the dark chrome
// (the loss plot's curves): black becomes light grey, and a dark colour is
// lifted towards white until it keeps 3:1 against the plot's grid lines.
func lightColor(c sim.RGB) Color {
	if c == (sim.RGB{}) {
		return Color{0.75, 0.75, 0.78, 1}
	}
	return onChrome(c)
}

// onChrome lifts c towards white, by tenths, until it has at least 3:1
// against the lightest thing on the chrome a curve crosses (a grid line
// over the background): momentum's red and NAG's blue, 2.7:1 and 2.4:1
// there as the slides have them, become a little lighter.
func onChrome(c sim.RGB) Color {
	under := chromeGrid()
	for k := 0; k < 10; k++ {
		if Contrast(c, under) >= 3.05 {
			break
		}
		for i := range c {
			c[i] += uint8((255 - int(c[i]) + 9) / 10)
		}
	}
	return rgb(c)
}

// chromeGrid is the colour of a grid line over the background.
func chromeGrid() sim.RGB {
	m := func(v float32) uint8 { return uint8((v+(1-v)*gridColor.A)*255 + 0.5) }
	return sim.RGB{m(bgColor.R), m(bgColor.G), m(bgColor.B)}
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
