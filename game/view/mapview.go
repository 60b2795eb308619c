package view

import (
	"math"

	"downhill/game/sim"
	"downhill/optim"
	"downhill/surfaces"
)

// The convergence map's picture (mode=map): each cell of sim.ConvMap as
// one texel, the panels of the optimizers side by side in one texture,
// each drawn scaled (nearest) into its small multiple.
//
// Colours: how fast a start arrives is lightness, on a log scale of steps
// from 0 (light) to the step limit (dark), so that 10 and 100 steps are as
// far apart as 100 and 1,000. With one basin the scale is viridis
// (perceptually even, reversed: yellow is fast); with several, each basin
// has its own hue and the same lightness ramp in OKLCH (perceptually even
// lightness at a constant chroma). A start that never arrives within the
// step limit is near-black; one that diverged is the undefined region's
// grey; one where the loss is undefined its lighter hatch grey.

// mapSlowRGB is a start that never arrives: darker than every colour of
// the scales, lighter than the chrome's background.
var mapSlowRGB = [3]uint8{0x05, 0x05, 0x07}

// basinHues are the basins' hues in OKLCH (degrees): far apart, the
// first four as distinct as eight can be.
var basinHues = [sim.MaxBasins]float64{250, 40, 145, 320, 90, 195, 0, 115}

// Lightness of the basin ramps: fastest and slowest.
const (
	mapLightFast = 0.93
	mapLightSlow = 0.36
	mapChroma    = 0.12
)

// mapRamps holds 256 steps of each basin's ramp (and a grey one for
// BasinOther), fastest first.
var mapRamps = func() (r [sim.MaxBasins + 1][256][3]uint8) {
	for k := range r {
		for i := range r[k] {
			t := float64(i) / 255
			l := mapLightFast + t*(mapLightSlow-mapLightFast)
			c, h := mapChroma, 0.0
			if k < sim.MaxBasins {
				h = basinHues[k]
			} else {
				c = 0
			}
			r[k][i] = oklch8(l, c, h)
		}
	}
	return r
}()

// oklch8 converts an OKLCH colour (L in [0, 1], chroma, hue in degrees) to
// 8-bit sRGB, clamping what is out of gamut.
func oklch8(l, c, h float64) [3]uint8 {
	a, b := c*math.Cos(h*sim.Degree), c*math.Sin(h*sim.Degree)
	l_ := l + 0.3963377774*a + 0.2158037573*b
	m_ := l - 0.1055613458*a - 0.0638541728*b
	s_ := l - 0.0894841775*a - 1.2914855480*b
	L, M, S := l_*l_*l_, m_*m_*m_, s_*s_*s_
	lin := [3]float64{
		4.0767416621*L - 3.3077115913*M + 0.2309699292*S,
		-1.2684380046*L + 2.6097574011*M - 0.3413193965*S,
		-0.0041960863*L - 0.7034186147*M + 1.7076147010*S,
	}
	var out [3]uint8
	for i, v := range lin {
		v = math.Min(math.Max(v, 0), 1)
		if v <= 0.0031308 {
			v *= 12.92
		} else {
			v = 1.055*math.Pow(v, 1/2.4) - 0.055
		}
		out[i] = uint8(math.Round(v * 255))
	}
	return out
}

// MapSpeed returns where steps lie on the map's scale: 0 for an arrival at
// the start, 1 at the step limit (log scale).
func MapSpeed(steps, limit int) float64 {
	if limit < 1 {
		return 0
	}
	return math.Min(1, math.Log1p(float64(steps))/math.Log1p(float64(limit)))
}

// MapRGB returns the colour of a cell of a map whose runs stop at limit
// steps; multi is whether the map tells several basins apart.
func MapRGB(c sim.MapCell, limit int, multi bool) (r, g, b uint8) {
	switch c.Kind {
	case sim.MapReached:
		t := MapSpeed(int(c.Steps), limit)
		if !multi {
			return Viridis8(1 - t)
		}
		k := min(int(c.Basin), sim.MaxBasins)
		e := mapRamps[k][int(t*255+0.5)]
		return e[0], e[1], e[2]
	case sim.MapSlow:
		if multi && c.Basin != sim.BasinNone {
			// Stalled in a local minimum: its basin's hue, darkest.
			k := min(int(c.Basin), sim.MaxBasins)
			e := oklch8(0.25, mapChroma*0.8, hueOf(k))
			return e[0], e[1], e[2]
		}
		return mapSlowRGB[0], mapSlowRGB[1], mapSlowRGB[2]
	case sim.MapDiverged:
		return UndefinedGrey, UndefinedGrey, UndefinedGrey
	case sim.MapUndefined:
		return UndefinedHatch, UndefinedHatch, UndefinedHatch
	}
	return 0x16, 0x18, 0x1d // not computed yet: the background
}

func hueOf(k int) float64 {
	if k < sim.MaxBasins {
		return basinHues[k]
	}
	return 0
}

// BasinColor is the colour of basin k at the middle of its ramp (the
// legend's chip).
func BasinColor(k int) Color {
	e := mapRamps[min(max(k, 0), sim.MaxBasins)][96]
	return RGB(e[0], e[1], e[2])
}

// mapMulti reports whether the map colours by basin.
func mapMulti(m *sim.ConvMap) bool { return m.NBasins > 1 }

// FillMapRGBA paints the map's panels side by side into pix, an RGBA
// image of (NRules * N) x N (row 0 is b = BMax). pix must hold that many
// pixels.
func FillMapRGBA(m *sim.ConvMap, pix []byte) {
	n, k := m.N, m.NRules
	if n <= 0 || k <= 0 {
		return
	}
	w := n * k
	_ = pix[4*w*n-1]
	multi := mapMulti(m)
	for p := 0; p < k; p++ {
		for j := 0; j < n; j++ {
			row := pix[4*w*(n-1-j):]
			for i := 0; i < n; i++ {
				r, g, b := MapRGB(m.Cell(p, i, j), m.Limit, multi)
				o := 4 * (p*n + i)
				row[o], row[o+1], row[o+2], row[o+3] = r, g, b, 255
			}
		}
	}
}

// mapChrome draws the convergence map's chrome: the title, each small
// multiple's axes and optimizer, the known minima, the cursor cell and the
// legend.
func (c *contourMap) mapChrome(s *Scene, wd *sim.World) {
	pen := s.pen(&c.static)
	m := &wd.Map
	l := &s.layout
	title := "Convergence map · " + wd.Info.Title
	if !m.Done {
		title = "Convergence map (computing) · " + wd.Info.Title
	}
	s.title(pen, c.rect, 0, title, "Convergence map · "+wd.Info.Title, "Convergence map")
	box := s.surf.box
	cur := wd.MapCursor
	for k := 0; k < l.NMaps; k++ {
		p := l.Maps[k]
		col := k % max(l.MapCols, 1)
		s.squareAxes, s.noYLabels = true, col > 0
		s.plotAxes(pen, c.rect, p, box.WMin, box.WMax, box.BMin, box.BMax, false, false)
		s.squareAxes, s.noYLabels = false, false
		x0, y0, x1, y1 := float32(p.X), float32(p.Y), float32(p.X+p.W), float32(p.Y+p.H)
		s.textIn(pen, c.rect, (x0+x1)/2, y1+s.px(21), append(s.num[:0], 'w'), Normal, textColor, Center|Top)
		if col == 0 {
			s.textIn(pen, c.rect, x0-s.px(36), (y0+y1)/2, append(s.num[:0], 'b'), Normal, textColor, Center|Middle)
		}
		if l.NMaps > 1 && k < m.NRules {
			// The optimizer's name and eta, in its balls' colour, above
			// its map.
			cfg := m.Config(k)
			r := cfg.Rule
			s.num = append(s.num[:0], r.Title()...)
			if r != optim.LineSearch {
				s.num = append(s.num, "  η "...)
				s.num = AppendNum(s.num, cfg.LR, 3)
			}
			if tw := pen.TextWidthBytes(s.num, Small); tw+s.px(12) <= float32(p.W) {
				// A disc of the panel's balls' colour, then the name in
				// the text's colour (the sweep's darkest colour would not
				// read on the chrome).
				ball := sim.Palette[r]
				if len(wd.MapEtas) > 0 {
					ball = sim.SweepPalette[k*(len(sim.SweepPalette)-1)/max(1, m.NRules-1)]
				}
				cy := y0 - s.px(9)
				pen.Disc(x0+s.px(4), cy, s.px(4.5), outlineFor(ball))
				pen.Disc(x0+s.px(4), cy, s.px(3.5), rgb(ball))
				pen.TextBytes(x0+s.px(12), y0-s.px(3), s.num, Small, textColor, Left|Bottom)
			}
		}
		for _, mn := range wd.Info.Minima {
			if x, y := mapToPlot(p, box, mn.X, mn.Y); p.Contains(x, y) {
				r := s.px(3)
				pen.Line(float32(x)-r, float32(y), float32(x)+r, float32(y), s.px(1.2), white)
				pen.Line(float32(x), float32(y)-r, float32(x), float32(y)+r, s.px(1.2), white)
			}
		}
		if m.N > 0 {
			// The cursor's cell (Enter drops a ball there).
			cw := p.W / float64(m.N)
			cx, cy := p.X+float64(cur[0])*cw, p.Y+float64(m.N-1-cur[1])*cw
			pad := math.Max(0, (float64(s.px(6))-cw)/2)
			r := Rect{cx - pad, cy - pad, cw + 2*pad, cw + 2*pad}
			for _, o := range [...]struct {
				w float32
				c Color
			}{{s.px(2.4), outlineDark}, {s.px(1), white}} {
				rx0, ry0, rx1, ry1 := float32(r.X), float32(r.Y), float32(r.X+r.W), float32(r.Y+r.H)
				pen.Line(rx0, ry0, rx1, ry0, o.w, o.c)
				pen.Line(rx1, ry0, rx1, ry1, o.w, o.c)
				pen.Line(rx1, ry1, rx0, ry1, o.w, o.c)
				pen.Line(rx0, ry1, rx0, ry0, o.w, o.c)
			}
		}
	}
	c.mapLegend(s, wd, pen)
}

// mapToPlot is ToContour for a given plot.
func mapToPlot(p Rect, box surfaces.Box, w, b float64) (x, y float64) {
	return p.X + (w-box.WMin)/(box.WMax-box.WMin)*p.W, p.Y + (box.BMax-b)/(box.BMax-box.BMin)*p.H
}

// mapLegend draws the map's legend in its strip: the scale of steps (log)
// with its ticks, then a chip for each kind of start present (never
// arrives, diverged, undefined) and, with several basins, one per basin,
// wrapping to a second line when the first is full; what does not fit is
// left out rather than drawn over.
func (c *contourMap) mapLegend(s *Scene, wd *sim.World, pen Pen) {
	m := &wd.Map
	lg := s.layout.MapLegend
	if lg.W <= 0 || m.NRules == 0 {
		return
	}
	multi := mapMulti(m)
	var slow, div, undef bool
	for k := 0; k < m.NRules; k++ {
		st := m.Stats(k)
		slow = slow || st.Slow > 0
		div = div || st.Diverged > 0
		undef = undef || st.Undefined > 0
	}
	x, y := float32(lg.X), float32(lg.Y)+s.px(4)
	barW := float32(math.Min(float64(s.px(150)), lg.W*0.4))
	barH := s.px(9)
	const n = 48
	for i := 0; i < n; i++ {
		t := (float64(i) + 0.5) / n
		var col Color
		if multi {
			e := mapRamps[0][int(t*255+0.5)]
			col = RGB(e[0], e[1], e[2])
		} else {
			r, g, b := Viridis8(1 - t)
			col = RGB(r, g, b)
		}
		pen.L.Rect(Rect{float64(x + barW*float32(i)/n), float64(y), float64(barW/n) + 0.5, float64(barH)}, col)
	}
	// Ticks at 1, 10, 100, ... and the limit.
	last := float32(-1e9)
	for v := 1; v <= m.Limit; v *= 10 {
		tx := x + barW*float32(MapSpeed(v, m.Limit))
		pen.Line(tx, y+barH, tx, y+barH+s.px(3), s.px(1), axisColor)
		s.num = AppendNum(s.num[:0], float64(v), 4)
		s.textIn(pen, c.rect, tx, y+barH+s.px(3), s.num, Small, axisColor, Center|Top)
		last = tx
	}
	if tx := x + barW; tx-last > s.px(30) {
		pen.Line(tx, y+barH, tx, y+barH+s.px(3), s.px(1), axisColor)
		s.num = AppendNum(s.num[:0], float64(m.Limit), 4)
		s.textIn(pen, c.rect, tx, y+barH+s.px(3), s.num, Small, axisColor, Center|Top)
	}
	s.num = append(s.num[:0], "steps to within 0.01 of L*"...)
	if tw := pen.TextWidthBytes(s.num, Small); float64(x+barW+s.px(8)+tw) <= lg.X+lg.W {
		pen.TextBytes(x+barW+s.px(8), y+barH/2, s.num, Small, textColor, Left|Middle)
		x += barW + s.px(8) + tw + s.px(14)
	} else {
		x += barW + s.px(14)
	}
	// The chips, flowing on.
	line := 0
	chip := func(col Color, text []byte) {
		tw := pen.TextWidthBytes(text, Small)
		wd := s.px(12) + tw + s.px(12)
		if float64(x+wd) > lg.X+lg.W {
			if line == 1 {
				return
			}
			line++
			x, y = float32(lg.X)+barW+s.px(14), y+s.px(16)
		}
		sz := s.px(9)
		pen.L.Rect(Rect{float64(x) - 1, float64(y) - 1, float64(sz) + 2, float64(sz) + 2}, axisColor.WithAlpha(0.6))
		pen.L.Rect(Rect{float64(x), float64(y), float64(sz), float64(sz)}, col)
		pen.TextBytes(x+sz+s.px(4), y+sz/2, text, Small, textColor, Left|Middle)
		x += wd
	}
	if slow {
		s.num = append(s.num[:0], "never (in "...)
		s.num = AppendNum(s.num, float64(m.Limit), 6)
		s.num = append(s.num, ')')
		chip(RGB(mapSlowRGB[0], mapSlowRGB[1], mapSlowRGB[2]), s.num)
	}
	if div {
		chip(RGB(UndefinedGrey, UndefinedGrey, UndefinedGrey), append(s.num[:0], "diverged"...))
	}
	if undef {
		chip(RGB(UndefinedHatch, UndefinedHatch, UndefinedHatch), append(s.num[:0], "undefined start"...))
	}
	if multi {
		for k := 0; k < min(m.NBasins, sim.MaxBasins); k++ {
			b := m.Basins[k]
			s.num = s.num[:0]
			if k == 0 {
				s.num = append(s.num, "ends at "...)
			}
			s.num = append(s.num, '(')
			s.num = AppendNum(s.num, b[0], 2)
			s.num = append(s.num, ", "...)
			s.num = AppendNum(s.num, b[1], 2)
			s.num = append(s.num, ')')
			chip(BasinColor(k), s.num)
		}
	}
}

// appendMapCell appends, on the convergence map, what the cell under the
// pointer says of the panel under it: "· 312 steps", "· not within 1000",
// "· diverged at 3", "· undefined".
func (s *Scene) appendMapCell(wd *sim.World, dst []byte, w, b float64) []byte {
	m := &wd.Map
	if wd.Mode != sim.ModeMap || s.layout.NMaps == 0 {
		return dst
	}
	k := -1
	for i, p := range s.layout.Maps[:s.layout.NMaps] {
		if p.Contains(s.HoverX, s.HoverY) {
			k = i
		}
	}
	i, j, ok := m.CellAt(w, b)
	if k < 0 || k >= m.NRules || !ok {
		return dst
	}
	c := m.Cell(k, i, j)
	switch c.Kind {
	case sim.MapReached:
		dst = append(dst, "  · "...)
		dst = AppendNum(dst, float64(c.Steps), 6)
		dst = append(dst, " steps"...)
	case sim.MapSlow:
		dst = append(dst, "  · not within "...)
		dst = AppendNum(dst, float64(m.Limit), 6)
	case sim.MapDiverged:
		dst = append(dst, "  · diverged at "...)
		dst = AppendNum(dst, float64(c.Steps), 6)
	case sim.MapUndefined:
		dst = append(dst, "  · undefined"...)
	}
	return dst
}
