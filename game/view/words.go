package view

import (
	"math"
	"strconv"
	"strings"

	"downhill/game/sim"
)

// Words is the figure in words, for a screen reader: what it shows, each
// ball, the object the keyboard is on and a summary of the race. Like the
// pixels it is drawn from the world by a view that only reads it (PhET's
// parallel DOM), so what is heard cannot drift from what is seen. It is
// built when the page asks (a few times a second at most), not per frame.
type Words struct {
	// Figure says what the figure shows: the surface, its box, where its
	// minimum is, the views.
	Figure string
	// Caption is the scene's or the lecturer's caption ("" for none).
	Caption string
	// Balls has one sentence per ball, at most MaxBallWords.
	Balls []string
	// More says how many balls Balls leaves out ("" for none).
	More string
	// Focus names the object the keyboard is on, with its value.
	Focus string
	// Summary is the race in one line ("GD 0.41, momentum 0.000001:
	// momentum is ahead"), what the t key says.
	Summary string
}

// MaxBallWords is the most balls Describe lists one by one: a listener
// cannot use two thousand sentences.
const MaxBallWords = 30

// Describe returns the figure in words.
func Describe(w *sim.World) Words {
	out := Words{Figure: figureWords(w), Focus: FocusName(w), Summary: Summary(w)}
	if w.Scene >= 0 && w.Scene < len(sim.Scenes) {
		sc := &sim.Scenes[w.Scene]
		out.Caption = sc.Section + " " + sc.Title + ": " + sc.Caption
	}
	if w.Caption != "" {
		out.Caption = w.Caption
	}
	for i, b := range w.Balls {
		if i == MaxBallWords {
			out.More = strconv.Itoa(len(w.Balls)-i) + " more balls are not listed."
			break
		}
		out.Balls = append(out.Balls, BallWords(w, b))
	}
	return out
}

var viewWords = [sim.NumViews]string{"the 3D surface", "the contour map", "the loss curves", "the fit of the model to the data"}

func figureWords(w *sim.World) string {
	var s strings.Builder
	name := w.Info.Title
	if w.Mode == sim.ModeQuiz && w.Quiz.Picked < 0 {
		name = "a mystery surface (the quiz: which 3D surface has this contour map?)"
	}
	s.WriteString("The loss surface L(w, b): " + name + ", over w from " + Coord(w.Info.Box.WMin) + " to " + Coord(w.Info.Box.WMax) +
		" and b from " + Coord(w.Info.Box.BMin) + " to " + Coord(w.Info.Box.BMax) + ". ")
	if len(w.Info.Minima) > 0 && !(w.Mode == sim.ModeQuiz && w.Quiz.Picked < 0) {
		m := w.Info.Minima[0]
		s.WriteString("Its lowest point is at " + Point(m.X, m.Y) + ", loss " + Spoken(w.Info.MinLoss))
		if n := len(w.Info.Minima); n > 1 {
			s.WriteString(" (one of " + strconv.Itoa(n) + " minima)")
		}
		s.WriteString(". ")
	}
	if w.Box != w.Info.Box {
		s.WriteString("The map is framed on w " + Coord(w.Box.WMin) + " to " + Coord(w.Box.WMax) + ", b " + Coord(w.Box.BMin) + " to " + Coord(w.Box.BMax) + ". ")
	}
	s.WriteString("Views: ")
	for i, v := range w.Views {
		if i > 0 {
			s.WriteString(", ")
		}
		if v < sim.NumViews {
			s.WriteString(viewWords[v])
		}
	}
	s.WriteString(". ")
	switch n := len(w.Balls); n {
	case 0:
		s.WriteString("No balls yet: Enter drops a race at the map's cursor.")
	case 1:
		s.WriteString("One ball.")
	default:
		s.WriteString(strconv.Itoa(n) + " balls, " + strconv.Itoa(w.Rolling()) + " rolling.")
	}
	if w.Paused {
		s.WriteString(" Paused.")
	}
	return s.String()
}

// BallWords says one ball: its optimizer, start, where it is now, loss,
// step and epoch, and whether it rolls, converged or diverged and why.
func BallWords(w *sim.World, b *sim.Ball) string {
	var s strings.Builder
	s.WriteString(b.Label + " ball")
	if b.ID == w.Selected {
		s.WriteString(" (selected)")
	}
	s.WriteString(", from " + Point(b.Start[0], b.Start[1]) + ", now at " + Point(b.Pos[0], b.Pos[1]) +
		", loss " + Spoken(b.Loss) + ", step " + strconv.Itoa(b.St.T))
	if w.Info.Data != nil {
		s.WriteString(", epoch " + strconv.Itoa(b.St.Epoch))
	}
	s.WriteString(", " + StatusWords(b) + ".")
	return s.String()
}

// StatusWords says whether a ball rolls, and if not why it stopped.
func StatusWords(b *sim.Ball) string {
	switch b.Status {
	case sim.Converged:
		return "converged (the gradient is almost zero)"
	case sim.StepLimit:
		return "stopped at the step limit"
	case sim.Diverged:
		return "diverged at step " + strconv.Itoa(b.DivergedAt) + ": " + divergedWhy(b.Why) + " (learning rate " + Spoken(b.DivergedLR) + ")"
	}
	return "rolling"
}

func divergedWhy(why string) string {
	switch why {
	case "NaN", "Inf":
		return "its position stopped being a number"
	case "":
		return "it left the surface"
	}
	return why
}

// FocusName names the object the keyboard is on, with its value: "contour
// map, cursor at w −2.00, b −2.00, loss 0.45".
func FocusName(w *sim.World) string {
	switch w.Focus.Kind {
	case sim.FocusStart:
		var names []string
		var start [2]float64
		for _, b := range w.Balls {
			if b.Group == w.Focus.ID {
				names = append(names, b.Label)
				start = b.Start
			}
		}
		return "start of " + joinAnd(names) + " at " + Point(start[0], start[1]) + ", loss " + Spoken(w.Loss(start[0], start[1])) +
			"; the arrows move it and its balls run again"
	case sim.FocusBall:
		if b := w.Ball(w.Focus.ID); b != nil {
			return b.Label + " ball, loss " + Spoken(b.Loss) + ", " + StatusWords(b) + ", at " + Point(b.Pos[0], b.Pos[1]) + ", step " + strconv.Itoa(b.St.T)
		}
	}
	c := w.Cursor
	return "contour map, cursor at " + Point(c[0], c[1]) + ", loss " + Spoken(w.Loss(c[0], c[1])) + "; Enter drops a race here"
}

// Summary is the race in one line: each ball's loss, in the order they
// came, and which is ahead (lowest loss), as the lecture says it.
func Summary(w *sim.World) string {
	if len(w.Balls) == 0 {
		return "No balls yet. " + FocusName(w) + "."
	}
	var s strings.Builder
	best := -1
	for i, b := range w.Balls {
		if i == MaxBallWords {
			s.WriteString(", and " + strconv.Itoa(len(w.Balls)-i) + " more")
			break
		}
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(b.Label + " " + Spoken(b.Loss))
		if b.Status == sim.Diverged {
			s.WriteString(" diverged")
		}
	}
	for i, b := range w.Balls {
		if b.Status != sim.Diverged && (best < 0 || b.Loss < w.Balls[best].Loss) {
			best = i
		}
	}
	if len(w.Balls) > 1 && best >= 0 {
		s.WriteString(": " + w.Balls[best].Label + " is ahead")
	}
	return s.String()
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return "no ball"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Point says (w, b) with two decimals: "w −2.00, b 1.50".
func Point(w, b float64) string { return "w " + Coord(w) + ", b " + Coord(b) }

// Coord says a coordinate with two decimals and a true minus sign (a screen
// reader says "minus"; a hyphen it may skip).
func Coord(v float64) string { return minus(strconv.FormatFloat(v, 'f', 2, 64)) }

// Spoken says a loss or a rate rounded to what a listener can use: two
// significant digits, in plain decimals down to 0.0001 ("0.41",
// "0.00012"), below that as a power of ten ("9.8 times 10 to the −7"):
// six zeros are hard to count by ear.
func Spoken(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "not a number"
	case v == 0:
		return "0"
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 2, 64), 64)
	if a := math.Abs(r); a >= 1e-4 && a < 1e6 {
		return minus(strconv.FormatFloat(r, 'f', -1, 64))
	}
	e := int(math.Floor(math.Log10(math.Abs(r))))
	m := r / math.Pow(10, float64(e))
	return minus(strconv.FormatFloat(m, 'g', 2, 64) + " times 10 to the " + strconv.Itoa(e))
}

func minus(s string) string { return strings.ReplaceAll(s, "-", "−") }

// TableRows is the most rows a ball's table has: the first and the last
// recorded point, and points evenly between (a listener cannot use 1,000
// rows; the CSV export has them all).
const TableRows = 50

// BallTable is one ball's loss curve and path as a data table: the text
// alternative of the loss plot and the map, rounded for reading.
type BallTable struct {
	Caption string
	Rows    [][4]string // step, w, b, loss
	Note    string      // which steps the rows are, when not every one
}

// Tables returns a table per ball (the first MaxBallWords balls).
func Tables(w *sim.World) []BallTable {
	var out []BallTable
	for i, b := range w.Balls {
		if i == MaxBallWords {
			break
		}
		pts := b.Trail.Pts
		n := len(pts) + 1 // the trail, then where the ball is now
		at := func(k int) [4]string {
			if k == len(pts) {
				return [4]string{strconv.Itoa(b.St.T), Coord3(b.Pos[0]), Coord3(b.Pos[1]), Spoken(b.Loss)}
			}
			p := pts[k]
			return [4]string{strconv.Itoa(int(p.Step)), Coord3(p.W), Coord3(p.B), Spoken(float64(p.Loss))}
		}
		t := BallTable{Caption: b.Label + " ball " + strconv.Itoa(b.ID) + ": its loss and (w, b) at each step, " + StatusWords(b)}
		last := -1
		for r := 0; r < min(n, TableRows); r++ {
			k := r
			if n > TableRows {
				k = int(math.Round(float64(r) * float64(n-1) / float64(TableRows-1)))
			}
			if k == last {
				continue
			}
			if k == len(pts) && len(pts) > 0 && int(pts[len(pts)-1].Step) == b.St.T {
				// The ball is at its last recorded point: one row.
				if last == len(pts)-1 {
					continue
				}
				k = len(pts) - 1
			}
			t.Rows = append(t.Rows, at(k))
			last = k
		}
		if n > TableRows || b.Trail.Stride > 1 {
			t.Note = "Every few steps, " + strconv.Itoa(len(t.Rows)) + " rows from step 0 to step " + strconv.Itoa(b.St.T) + "; Save data gives every recorded step."
		}
		out = append(out, t)
	}
	return out
}

// Coord3 says a coordinate with three decimals and a true minus sign.
func Coord3(v float64) string { return minus(strconv.FormatFloat(v, 'f', 3, 64)) }
