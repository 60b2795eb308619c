package view

import (
	"downhill/game/sim"
	"downhill/optim"
)

// contourMap is the contour map: the colour map (a texture the adapter
// draws under everything), the isolines and their labels, the equal-scale
// axes, the known minima, a random search's points, and the trails with
// their start markers. Its key is its rectangle, the sampled surface, the
// quiz and the search; the texture's is the plot's rectangle and the
// surface.
type contourMap struct {
	region
	key    contourKey
	texKey [3]any
	// On the convergence map: the texture's panels (where each is drawn
	// and which part of the texture it is), the map's generation shown
	// and the frames since it was.
	texOps                       [sim.MaxMapRules]struct{ at, src Rect }
	nTex                         int
	mapShown, mapWait, mapStride int
}

type contourKey struct {
	rect, plot Rect
	surf       int
	quizOn     bool
	search     int
	title      string
	// The convergence map: its generation drawn, its cursor and its
	// optimizers (-1: not shown).
	mapGen    int
	mapCursor [2]int
	mapRules  [sim.MaxMapRules]optim.Rule
}

// mapRefreshFrames is how many frames the picture of a map being computed
// waits before it shows the cells computed since, unless a level of the
// map was finished (the coarse picture shows at once): each refresh
// repaints the whole panel and is presented, which costs a software
// renderer far more than the map's work (measured: refreshing every sixth
// frame held a loaded two-CPU machine to 10-20 frames a second).
const mapRefreshFrames = 15

func (c *contourMap) frame(s *Scene, wd *sim.World, force bool) {
	l := &s.layout
	key := contourKey{rect: l.Contour, plot: l.ContourPlot, surf: s.surf.Gen, quizOn: s.quizOn(), search: wd.SearchGen, title: wd.Info.Title, mapGen: -1}
	if l.NMaps > 0 && wd.Mode == sim.ModeMap {
		m := &wd.Map
		c.mapWait++
		if m.Gen != c.mapShown && (c.mapWait >= mapRefreshFrames || m.Done || m.Stride != c.mapStride) {
			c.mapShown, c.mapWait, c.mapStride = m.Gen, 0, m.Stride
		}
		key.mapGen, key.mapCursor = c.mapShown, wd.MapCursor
		copy(key.mapRules[:], m.Rules[:m.NRules])
	}
	repaint := force || key != c.key
	c.key = key
	if !c.begin(l.Contour, repaint) {
		return
	}
	if repaint {
		if tk := [3]any{l.ContourPlot, s.surf.Gen, key.mapGen}; tk != c.texKey || s.tex.W == 0 {
			c.texKey = tk
			if key.mapGen >= 0 {
				c.paintMap(s, wd)
			} else {
				c.paintTexture(s)
			}
		}
		if key.mapGen >= 0 {
			c.mapChrome(s, wd)
		} else {
			c.chrome(s, wd)
		}
	}
	c.drawTrails(s, wd)
	s.spent += c.drawn()
}

// paintTexture renders the colour map at the plot's pixel size, so it is
// drawn 1:1, crisp at any devicePixelRatio.
func (c *contourMap) paintTexture(s *Scene) {
	p := s.layout.ContourPlot
	w, h := int(p.W), int(p.H)
	if w < 1 || h < 1 {
		s.tex.W, s.tex.H = 0, 0
		return
	}
	t := &s.tex
	if cap(t.Pix) < w*h*4 {
		t.Pix = make([]byte, w*h*4)
	}
	t.Pix = t.Pix[:w*h*4]
	FillRGBA(&s.surf.hf, t.Pix, w, h)
	t.W, t.H = w, h
	t.Gen++
	c.nTex = 1
	c.texOps[0].at, c.texOps[0].src = p, Rect{}
}

// paintMap renders the convergence map's panels into the texture, one
// texel a cell, and says where each is drawn.
func (c *contourMap) paintMap(s *Scene, wd *sim.World) {
	m := &wd.Map
	c.nTex = 0
	t := &s.tex
	if m.N <= 0 || m.NRules <= 0 {
		t.W, t.H = 0, 0
		return
	}
	w, h := m.N*m.NRules, m.N
	if cap(t.Pix) < w*h*4 {
		t.Pix = make([]byte, w*h*4)
	}
	t.Pix = t.Pix[:w*h*4]
	FillMapRGBA(m, t.Pix)
	t.W, t.H = w, h
	t.Gen++
	for k := 0; k < min(m.NRules, s.layout.NMaps); k++ {
		c.texOps[k].at = s.layout.Maps[k]
		c.texOps[k].src = Rect{float64(k * m.N), 0, float64(m.N), float64(m.N)}
		c.nTex++
	}
}

func (c *contourMap) chrome(s *Scene, wd *sim.World) {
	pen := s.pen(&c.static)
	sf := &s.surf
	p := s.layout.ContourPlot
	for _, sg := range sf.isolines {
		x0, y0 := s.ToContour(sg.W0, sg.B0)
		x1, y1 := s.ToContour(sg.W1, sg.B1)
		pen.Line(float32(x0), float32(y0), float32(x1), float32(y1), s.px(0.9), isoColor)
	}
	// Labels: a small dark box with the level's value, along the line;
	// on a small map, only those that keep clear of the ones before.
	for _, sp := range sf.spots {
		x, y := s.ToContour(sp.W, sp.B)
		if !p.Contains(x, y) {
			continue
		}
		s.num = AppendNum(s.num[:0], sf.levels[sp.Level], 2)
		if r := s.textRect(pen, float32(x), float32(y), s.num, Small, Center|Middle); !s.free(pen, Rect{r.X - float64(s.px(3)), r.Y, r.W + float64(s.px(6)), r.H}) {
			continue
		}
		w := pen.TextWidthBytes(s.num, Small)
		pen.L.Rect(Rect{x - float64(w)/2 - float64(s.px(2)), y - float64(s.px(7)), float64(w) + float64(s.px(4)), float64(s.px(13))}, Color{0.08, 0.09, 0.11, 0.7})
		pen.TextBytes(float32(x), float32(y), s.num, Small, textColor, Center|Middle)
	}
	// The title before the axes, whose labels keep clear of it.
	if s.quizOn() {
		s.title(pen, c.rect, 0, "Contours of a mystery surface", "Contours", "")
	} else {
		s.title(pen, c.rect, 0, "Contours of L(w, b) · "+wd.Info.Title, "Contours · "+wd.Info.Title, "Contours")
	}
	box := sf.box
	s.squareAxes = true // equal scales: the same ticks on w and b, no grid lines
	bottom, left := s.plotAxes(pen, c.rect, p, box.WMin, box.WMax, box.BMin, box.BMax, false, false)
	s.squareAxes = false
	x0, y0, x1, y1 := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
	// The axis names beyond the tick labels.
	s.textIn(pen, c.rect, (x0+x1)/2, max(bottom, y1+s.px(5)), append(s.num[:0], 'w'), Normal, textColor, Center|Top)
	s.textIn(pen, c.rect, min(left, x0-s.px(6))-s.px(4), (y0+y1)/2, append(s.num[:0], 'b'), Normal, textColor, Right|Middle)
	if sf.info.Undefined != "" && !sf.hf.Defined() {
		// Said once: grey is no value, not a high loss.
		msg := "grey: undefined where " + sf.info.Undefined
		s.num = append(s.num[:0], msg...)
		w := pen.TextWidthBytes(s.num, Small)
		if w+s.px(12) <= float32(p.W) {
			box := Rect{p.X + float64(s.px(4)), p.Y + float64(s.px(4)), float64(w + s.px(8)), float64(s.px(15))}
			pen.L.Rect(box, Color{0.05, 0.06, 0.08, 0.8})
			pen.Lab.cover(box)
			pen.TextBytes(x0+s.px(8), y0+s.px(6), s.num, Small, textColor, Left|Top)
		}
	}
	// Known minima: small white crosses so students see the target.
	for _, m := range wd.Info.Minima {
		if s.quizOn() {
			break
		}
		x, y := s.ToContour(m.X, m.Y)
		if p.Contains(x, y) {
			r := s.px(3)
			pen.Line(float32(x)-r, float32(y), float32(x)+r, float32(y), s.px(1.2), white)
			pen.Line(float32(x), float32(y)-r, float32(x), float32(y)+r, s.px(1.2), white)
		}
	}
	// A random search's points: they change only with a new search.
	if len(wd.Search) > 0 {
		r := s.px(1.6)
		if len(wd.Search) > 3000 {
			r = s.px(1.1)
		}
		for _, sp := range wd.Search {
			if x, y := s.ToContour(sp.W, sp.B); p.Contains(x, y) {
				pen.Disc(float32(x), float32(y), r, searchColor)
			}
		}
	}
}

// drawTrails adds the contour map's trail segments that are not on the
// canvas yet, and each drop's start marker.
func (c *contourMap) drawTrails(s *Scene, wd *sim.World) {
	pen := s.pen(&c.trails)
	every := 1
	s.trails.begin(s.trailBudget(wd, c.drawn()))
	defer func() { s.plot = s.layout.ContourPlot }()
	for i, b := range wd.Balls {
		// On the convergence map each ball is drawn on its optimizer's
		// panel.
		plot := s.onPanel(wd, b)
		// The start marker, once per group (on the map: per panel): it
		// moves only with a restart, which repaints.
		cur := s.trails.cursor(trailMap, i)
		if c.repaint {
			cur.marked = false
		}
		if !cur.marked && (i == 0 || wd.Balls[i-1].Group != b.Group || s.layout.NMaps > 1) {
			cur.marked = true
			if x, y := s.ToContour(b.Start[0], b.Start[1]); plot.Contains(x, y) {
				s.cross(pen, float32(x), float32(y), s.px(3.5))
			}
		}
		s.segs = s.trails.appendNewSegments(s.segs[:0], trailMap, c.repaint, i, b, every)
		ps := s.trailPasses(wd, b.Color)
		for _, pass := range ps[s.firstPass(wd):] {
			for _, g := range s.segs {
				s.contourSegment(pen, g.p.W, g.p.B, g.q.W, g.q.B, pass.w, pass.col, pass.band)
			}
		}
	}
}

// contourSegment draws a segment of the map, clipped to the plot.
func (s *Scene) contourSegment(pen Pen, w0, b0, w1, b1 float64, width float32, c Color, band bool) {
	x0, y0 := s.ToContour(w0, b0)
	x1, y1 := s.ToContour(w1, b1)
	if !finite(x0) || !finite(y0) || !finite(x1) || !finite(y1) {
		return
	}
	x0, y0, x1, y1, ok := clipSegment(x0, y0, x1, y1, s.plot)
	switch {
	case !ok:
	case band:
		pen.Band(float32(x0), float32(y0), float32(x1), float32(y1), width, c)
	default:
		pen.Line(float32(x0), float32(y0), float32(x1), float32(y1), width, c)
	}
}

func (s *Scene) cross(pen Pen, x, y, r float32) {
	pen.Line(x-r, y-r, x+r, y+r, s.px(2.6), outlineDark)
	pen.Line(x-r, y+r, x+r, y-r, s.px(2.6), outlineDark)
	pen.Line(x-r, y-r, x+r, y+r, s.px(1.2), white)
	pen.Line(x-r, y+r, x+r, y-r, s.px(1.2), white)
}
