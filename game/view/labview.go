package view

import (
	"math"

	"downhill/game/sim"
	"downhill/surfaces"
)

// The exercises of the lecture beyond rolling balls: guess work and random
// search (5.1), the learning-rate sweep (5.7) and the quiz (5.3).

var (
	guessColor  = RGB(0xff, 0xd1, 0x4a)
	searchColor = Color{1, 1, 1, 0.55}
	rightColor  = RGB(0x4c, 0xd1, 0x7a)
	wrongColor  = RGB(0xff, 0x5c, 0x5c)
)

// labState is what the scene last drew of the exercises: the regions' keys
// include it.
type labState struct {
	mode   sim.Mode
	quiz   sim.Quiz
	quizOK bool

	// The quiz's candidate surfaces, drawn small in the 3D view.
	thumbs [sim.QuizOptions]thumb
	grid   []float64
}

// syncLab follows the world's exercise.
func (s *Scene) syncLab(wd *sim.World) {
	ls := &s.lab
	ls.mode = wd.Mode
	if wd.Mode == sim.ModeQuiz {
		ls.quiz, ls.quizOK = wd.Quiz, true
	} else {
		ls.quiz = sim.Quiz{}
	}
}

func (s *Scene) quizOn() bool { return s.lab.mode == sim.ModeQuiz }

// buildThumbs builds the quiz's candidate surfaces, 2 x 2 in the 3D view.
func (ls *labState) buildThumbs(s *Scene, wd *sim.World, l *Layer) {
	v := s.layout.Surface
	top := float64(s.px(26))
	cw, ch := math.Floor(v.W/2), math.Floor((v.H-top)/2)
	const n = 65
	for k := range ls.thumbs {
		t := &ls.thumbs[k]
		t.rect = Rect{v.X + float64(k%2)*cw, v.Y + top + float64(k/2)*ch, cw, ch}
		srf, err := surfaces.New(wd.Quiz.Options[k], "")
		if err != nil {
			continue
		}
		info := srf.Info()
		var lo float64
		ls.grid, lo, _ = surfaces.Sample(srf, info.Box, n, n, ls.grid)
		t.hf.Resize(info.Box, n, n)
		for i, x := range ls.grid {
			if info.LogHeight {
				x = math.Log1p(math.Max(0, x-lo))
			}
			t.hf.H[i] = x
		}
		t.hf.UpdateRange()
		view := Rect{t.rect.X, t.rect.Y + float64(s.px(16)), t.rect.W, t.rect.H - float64(s.px(16))}
		t.proj = NewProjection(s.d3.cam, view, info.Box, t.hf.Lo, t.hf.Hi)
		t.mesh.Build(&t.hf, &t.proj, l, MeshOptions{GridEvery: 8, GridWidth: float64(s.px(1))})
	}
}

func (ls *labState) quizChrome(s *Scene, wd *sim.World, l *Layer) {
	pen := s.pen(l)
	q := wd.Quiz
	for k := range ls.thumbs {
		t := &ls.thumbs[k]
		label := [...]string{"A", "B", "C", "D"}[k]
		c := textColor
		if q.Picked >= 0 {
			switch {
			case k == q.Answer:
				c = rightColor
			case k == q.Picked:
				c = wrongColor
			}
			r := t.rect
			pen.Line(float32(r.X)+2, float32(r.Y)+2, float32(r.X+r.W)-2, float32(r.Y)+2, s.px(2), c.WithAlpha(0.8))
			pen.Line(float32(r.X)+2, float32(r.Y+r.H)-2, float32(r.X+r.W)-2, float32(r.Y+r.H)-2, s.px(2), c.WithAlpha(0.8))
		}
		pen.Text(float32(t.rect.X)+s.px(10), float32(t.rect.Y)+s.px(2), label, Large, c, Left|Top)
	}
	letter := [...]string{"A", "B", "C", "D"}
	switch {
	case q.Picked == q.Answer:
		s.title(pen, s.layout.Surface, 0, "Right: it is "+q.Options[q.Answer]+" ("+letter[q.Answer]+")", "Right: "+letter[q.Answer])
	case q.Picked >= 0:
		s.title(pen, s.layout.Surface, 0, "Not quite: it is "+q.Options[q.Answer]+" ("+letter[q.Answer]+")", "Not quite: "+letter[q.Answer])
	default:
		s.title(pen, s.layout.Surface, 0, "Which 3D surface has the contour map on the right? Click A, B, C or D",
			"Which 3D surface has this contour map? Click A, B, C or D", "Which one? A, B, C or D")
	}
}

// QuizAt returns the quiz candidate under a device-pixel position (-1: none).
func (s *Scene) QuizAt(x, y float64) int {
	if !s.quizOn() {
		return -1
	}
	for k := range s.lab.thumbs {
		if s.lab.thumbs[k].rect.Contains(x, y) {
			return k
		}
	}
	return -1
}

// drawSearchBest marks the best point of a random search in both views.
func (s *Scene) drawSearchBest(wd *sim.World, pen Pen) {
	if wd.SearchBest < 0 || wd.SearchBest >= len(wd.Search) {
		return
	}
	p := wd.Search[wd.SearchBest]
	star := func(x, y float32) {
		s.cross(pen, x, y, s.px(5))
		pen.Circle(x, y, s.px(7), s.px(1.5), guessColor)
	}
	if x, y := s.ToContour(p.W, p.B); s.layout.ContourPlot.Contains(x, y) {
		star(float32(x), float32(y))
		s.num = append(s.num[:0], "best of "...)
		s.num = AppendNum(s.num, float64(len(wd.Search)), 10)
		s.num = append(s.num, ": L "...)
		s.num = AppendNum(s.num, p.Loss, 4)
		// On a dark box, over the isolines' labels.
		tx, ty := float32(x)+s.px(10), float32(y)-s.px(10)
		r := s.textRect(pen, tx, ty, s.num, Small, Left|Middle)
		box := Rect{r.X - float64(s.px(2)), r.Y, r.W + float64(s.px(4)), r.H}
		if c := s.layout.Contour; box.X+box.W <= c.X+c.W && box.Y >= c.Y {
			pen.L.Rect(box, Color{0.05, 0.06, 0.08, 0.8})
			pen.Lab.cover(box)
			pen.TextBytes(tx, ty, s.num, Small, guessColor, Left|Middle)
		}
	}
	if x, y, ok := s.surfacePoint(p.W, p.B); ok && !s.quizOn() {
		star(x, y)
	}
}

// drawGuess shows the guess-work exercise: the hand-placed point in both
// views and the table of tries.
func (s *Scene) drawGuess(wd *sim.World, pen Pen) {
	if wd.Mode != sim.ModeGuess {
		return
	}
	if wd.HaveGuess {
		g := wd.Guess
		if x, y := s.ToContour(g[0], g[1]); s.layout.ContourPlot.Contains(x, y) {
			pen.Ring(float32(x), float32(y), s.px(6), s.px(1.8), guessColor, outlineDark)
		}
		if x, y, ok := s.surfacePoint(g[0], g[1]); ok {
			pen.Ring(x, y-s.px(4), s.px(6), s.px(1.8), guessColor, outlineDark)
		}
	}
	// The table, newest last, in the contour map's lower left.
	s.lines, s.lineRank = s.lines[:0], s.lineRank[:0]
	l := s.line(0)
	*l = append(*l, "Guess work: drag the point, press G to record"...)
	if wd.HaveGuess {
		l = s.line(1)
		*l = append(*l, "now    w "...)
		*l = AppendNum(*l, wd.Guess[0], 3)
		*l = append(*l, "   b "...)
		*l = AppendNum(*l, wd.Guess[1], 3)
		*l = append(*l, "   L "...)
		*l = AppendNum(*l, wd.Loss(wd.Guess[0], wd.Guess[1]), 4)
	}
	first := max(0, len(wd.Guesses)-8)
	for i := first; i < len(wd.Guesses); i++ {
		r := wd.Guesses[i]
		l = s.line(uint8(2 + len(wd.Guesses) - i)) // the oldest go first
		*l = append(*l, '#')
		*l = AppendNum(*l, float64(i+1), 4)
		*l = append(*l, "    w "...)
		*l = AppendNum(*l, r.W, 3)
		*l = append(*l, "   b "...)
		*l = AppendNum(*l, r.B, 3)
		*l = append(*l, "   L "...)
		*l = AppendNum(*l, r.Loss, 4)
	}
	s.keepLines()
	s.textBox(pen, s.lines, wd)
}

// boxRoom is how wide a line of a text box on the contour map may be.
func (s *Scene) boxRoom() float32 {
	return float32(s.layout.ContourPlot.W) - 2*s.px(6) - s.px(12)
}

// maxBoxShare is the most of the contour map's plot a text box covers.
const maxBoxShare = 0.2

// textBox draws lines of small text in a dark box in the corner of the
// contour map that holds the fewest balls, so it hides as little as it can.
func (s *Scene) textBox(pen Pen, lines [][]byte, wd *sim.World) {
	p := s.layout.ContourPlot
	lh := s.px(14)
	m := s.px(6)
	// Only the lines that fit the map, as many as fit its height: a small
	// map shows the first lines whole, never a line cut or spilling out.
	room := s.boxRoom()
	k := 0
	for i, ln := range lines {
		if pen.TextWidthBytes(ln, Small) <= room {
			lines[k], s.lineRank[k] = ln, s.lineRank[i]
			k++
		}
	}
	lines = lines[:min(k, max(0, int((float32(p.H)-2*m-s.px(8))/lh)))]
	// The box folds to fewer lines, leaving out the highest ranks, while
	// it would cover more than maxBoxShare of the map: the map is what it
	// annotates.
	size := func() (float32, float32) {
		wmax := float32(0)
		for _, ln := range lines {
			wmax = max(wmax, pen.TextWidthBytes(ln, Small))
		}
		return wmax + s.px(12), lh*float32(len(lines)) + s.px(8)
	}
	bw, bh := size()
	for len(lines) > 0 && float64(bw*bh) > maxBoxShare*p.W*p.H {
		drop := len(lines) - 1
		for i := range lines {
			if s.lineRank[i] >= s.lineRank[drop] {
				drop = i
			}
		}
		lines = append(lines[:drop], lines[drop+1:]...)
		s.lineRank = append(s.lineRank[:drop], s.lineRank[drop+1:len(s.lineRank)]...)
		bw, bh = size()
	}
	if len(lines) == 0 {
		return
	}
	best, bestN := 0, -1
	var corner [4]Rect
	for k := range corner {
		x, y := float32(p.X)+m, float32(p.Y+p.H)-bh-m // lower left first
		if k&1 != 0 {
			x = float32(p.X+p.W) - bw - m
		}
		if k&2 != 0 {
			y = float32(p.Y) + m
		}
		corner[k] = Rect{float64(x), float64(y), float64(bw), float64(bh)}
		// What the box would cover: balls most, then starts, then their
		// paths (about 32 points of each).
		n := 0
		in := func(w, b float64, weight int) {
			if x, y := s.ToContour(w, b); corner[k].Contains(x, y) {
				n += weight
			}
		}
		for _, b := range wd.Balls {
			in(b.Pos[0], b.Pos[1], 64)
			in(b.Start[0], b.Start[1], 32)
			pts := b.Trail.Pts
			for i := 0; i < len(pts); i += max(1, len(pts)/32) {
				in(pts[i].W, pts[i].B, 1)
			}
		}
		// ...and the isolines' labels, which it would cut.
		for _, l := range s.cmap.labels.list {
			if overlaps(l.Bounds, corner[k]) {
				n += 8
			}
		}
		if bestN < 0 || n < bestN {
			best, bestN = k, n
		}
	}
	r := corner[best]
	pen.L.Rect(r, Color{0.05, 0.06, 0.08, 0.82})
	if pen.Lab != nil {
		pen.Lab.cover(r)
	}
	for k, ln := range lines {
		pen.TextBytes(float32(r.X)+s.px(6), float32(r.Y)+s.px(4)+lh*float32(k), ln, Small, textColor, Left|Top)
	}
}
