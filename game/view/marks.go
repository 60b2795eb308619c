package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
)

// Marks that keep their contrast and differ by more than colour (WCAG
// 1.4.11 and 1.4.1): every ball and trail is drawn inside two rings, one
// black and one white, the one that contrasts more with its colour inside.
// Any colour has at least 4.5:1 against black or against white, so the
// colour reads against its inner ring, and whatever the map's colour
// beside it, one of the two rings reads against that. The lecture's
// colours stay (GD black, momentum red, NAG blue); each optimizer's ball
// also has its own shape.

// relLum is WCAG's relative luminance of an sRGB colour.
func relLum(c sim.RGB) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

// Contrast is WCAG's contrast ratio of two colours (1 to 21).
func Contrast(a, b sim.RGB) float64 {
	la, lb := relLum(a), relLum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// haloColors returns a mark's two rings: inner, the one of black and white
// that contrasts more with c; outer, the other.
func haloColors(c sim.RGB) (inner, outer Color) {
	if Contrast(c, sim.RGB{255, 255, 255}) >= Contrast(c, sim.RGB{}) {
		return white, Color{0, 0, 0, 1}
	}
	return Color{0, 0, 0, 1}, white
}

// Shape is a ball's outline: a circle or a regular polygon.
type Shape struct {
	Sides int     // 0: a circle
	Turn  float64 // the polygon's rotation, radians
	Name  string
}

// Shapes gives each optimizer (by its palette colour) its ball's shape:
// GD a circle, momentum a square, NAG a diamond (the three of the lecture,
// told apart at a ball's size), then polygons of more sides.
var Shapes = [optim.NumRules]Shape{
	optim.GD:         {0, 0, "circle"},
	optim.Momentum:   {4, math.Pi / 4, "square"},
	optim.NAG:        {4, 0, "diamond"},
	optim.LineSearch: {5, -math.Pi / 2, "pentagon"},
	optim.Adagrad:    {5, math.Pi / 2, "pentagon pointing down"},
	optim.RMSProp:    {6, 0, "hexagon"},
	optim.Adam:       {6, math.Pi / 6, "hexagon on its side"},
	optim.NAdam:      {8, math.Pi / 8, "octagon"},
	optim.AMSGrad:    {4, math.Pi / 4, "square"},
	optim.Newton:     {4, 0, "diamond"},
}

// ShapeOf is the shape of a ball of colour c: its optimizer's, when c is
// an optimizer's colour; else a circle.
func ShapeOf(c sim.RGB) Shape {
	for r, p := range sim.Palette {
		if p == c {
			return Shapes[r]
		}
	}
	return Shape{Name: "circle"}
}

// edge is the distance from the shape's centre to its outline's line
// through (x, y) (for a circle, the distance to (x, y)): inset times R is
// the outline of a shape inscribed in the circle of radius R, and the
// outline moved in by t is edge = inset*R - t, so rings keep their width.
func (s Shape) edge(x, y float64) float64 {
	if s.Sides < 3 {
		return math.Hypot(x, y)
	}
	d := math.Inf(-1)
	for k := 0; k < s.Sides; k++ {
		// The outward normal of edge k, between vertices k and k+1.
		a := s.Turn + (float64(k)+0.5)*2*math.Pi/float64(s.Sides)
		d = math.Max(d, x*math.Cos(a)+y*math.Sin(a))
	}
	return d
}

// inset is the inradius of the shape inscribed in the unit circle.
func (s Shape) inset() float64 {
	if s.Sides < 3 {
		return 1
	}
	return math.Cos(math.Pi / float64(s.Sides))
}

// HaloMaxBalls is the most balls whose trails get the two rings: past it
// (the benchmark's hundreds of balls, drawn smaller) each segment stays one
// line, a third of the vertices, so that the trails keep up.
const HaloMaxBalls = 300

// haloed reports whether this frame's trails are drawn with their rings.
func (s *Scene) haloed(wd *sim.World) bool { return len(wd.Balls) <= HaloMaxBalls }

// segPair is one trail segment.
type segPair struct{ p, q sim.TrailPoint }

// trailPass is one pass of a trail's drawing: a width and a colour.
type trailPass struct {
	w    float32
	col  Color
	band bool // a ring: a solid band (Pen.Band), not an anti-aliased line
}

// trailPasses returns the passes a ball's trail segments are drawn in:
// with rings, three (outer rings, inner rings, the colour), so that a ring
// never covers the colour of the segment before it; without, one.
func (s *Scene) trailPasses(wd *sim.World, c sim.RGB) [3]trailPass {
	inner, outer := haloColors(c)
	w := s.trailWidth()
	return [3]trailPass{{w + s.px(4), outer, true}, {w + s.px(2), inner, true}, {w, trailColor(c), false}}
}

// firstPass is the first of trailPasses to draw: 0 with the rings, else 2.
func (s *Scene) firstPass(wd *sim.World) int {
	if s.haloed(wd) {
		return 0
	}
	return 2
}
