package view_test

import (
	"strings"
	"testing"

	"downhill/game/sim"
	"downhill/game/view"
	"downhill/optim"
)

func newWorld(t *testing.T, q string) *sim.World {
	t.Helper()
	w, errs := sim.NewFromQuery(q, 1)
	if len(errs) > 0 {
		t.Fatalf("%s: %v", q, errs)
	}
	return w
}

func doAll(t *testing.T, w *sim.World, cs ...sim.Command) {
	t.Helper()
	for _, c := range cs {
		if err := w.Do(c); err != nil {
			t.Fatalf("%T: %v", c, err)
		}
	}
}

// A listener can use the numbers: two significant digits, decimals down to
// a ten-thousandth, then powers of ten, true minus signs.
func TestSpoken(t *testing.T) {
	for v, want := range map[float64]string{
		0.40712: "0.41", 1.1e-6: "1.1 times 10 to the −6", 0.00012: "0.00012", 0: "0", 12345: "12000", -2: "−2",
		3.21e-8: "3.2 times 10 to the −8", 2.5e7: "2.5 times 10 to the 7",
	} {
		if got := view.Spoken(v); got != want {
			t.Errorf("Spoken(%g) = %q, want %q", v, got, want)
		}
	}
	if got := view.Point(-2, 1.5); got != "w −2.00, b 1.50" {
		t.Errorf("Point = %q", got)
	}
}

// The lecture's valley race in words: the surface and its box, each ball
// with its optimizer, loss and state, the caption, and the summary the t
// key says (the slide's "momentum is ahead").
func TestDescribeTheValleyRace(t *testing.T) {
	w := newWorld(t, "scene=5.4-momentum-valley")
	doAll(t, w, sim.Step{N: 100})
	d := view.Describe(w)
	for _, want := range []string{"narrow valley", "over w from −6.00 to 6.00", "The map is framed on", "Views: the contour map, the 3D surface, the loss curves"} {
		if !strings.Contains(d.Figure, want) {
			t.Errorf("the figure's words lack %q:\n%s", want, d.Figure)
		}
	}
	if !strings.Contains(d.Caption, "U-turns") || !strings.HasPrefix(d.Caption, "5.4 Momentum in a narrow valley") {
		t.Errorf("caption %q", d.Caption)
	}
	if len(d.Balls) != 2 {
		t.Fatalf("%d balls in words, want 2: %q", len(d.Balls), d.Balls)
	}
	gd, mom := w.Balls[0], w.Balls[1]
	for i, b := range []*sim.Ball{gd, mom} {
		for _, want := range []string{b.Label + " ball", "from w −2.00, b 5.00", "loss " + view.Spoken(b.Loss), "step 100"} {
			if !strings.Contains(d.Balls[i], want) {
				t.Errorf("ball %d's words %q lack %q", i, d.Balls[i], want)
			}
		}
	}
	want := "GD 0.41, Momentum 9.8 times 10 to the −7: Momentum is ahead"
	if d.Summary != want {
		t.Errorf("summary %q, want %q (losses %g, %g)", d.Summary, want, gd.Loss, mom.Loss)
	}
	if !strings.HasPrefix(d.Focus, "contour map, cursor at w ") {
		t.Errorf("focus %q", d.Focus)
	}
	// The keyboard on the start, then on a ball.
	doAll(t, w, sim.FocusNext{Dir: 1})
	if f := view.FocusName(w); !strings.HasPrefix(f, "start of GD and Momentum at w −2.00, b 5.00") {
		t.Errorf("on the start: %q", f)
	}
	doAll(t, w, sim.FocusNext{Dir: 1}, sim.FocusNext{Dir: 1})
	if f := view.FocusName(w); !strings.HasPrefix(f, "Momentum ball, loss 9.8 times 10 to the −7, stopped at the step limit") {
		t.Errorf("on the momentum ball: %q", f)
	}
}

// A diverged ball says when and why.
func TestDescribeDiverged(t *testing.T) {
	w := newWorld(t, "surface=rosenbrock&opt=gd&lr=0.1&paused=1")
	doAll(t, w, &sim.Drop{At: optim.Vec{-2, -2}}, sim.Step{N: 200})
	if w.Balls[0].Status != sim.Diverged {
		t.Fatalf("the ball did not diverge (status %v)", w.Balls[0].Status)
	}
	if d := view.Describe(w); !strings.Contains(d.Balls[0], "diverged at step ") || !strings.Contains(d.Balls[0], "learning rate 0.1") {
		t.Errorf("diverged ball: %q", d.Balls[0])
	}
}

// The live region's announcer: quiet at first; a drop and the reader's
// keys are said at once; while a race rolls at most one message a second,
// and a convergence within a second of it.
func TestAnnouncer(t *testing.T) {
	w := newWorld(t, "opt=gd,momentum&paused=1&speed=60")
	var a view.Announcer
	if m := a.Next(w); m != "" {
		t.Errorf("first look said %q", m)
	}
	doAll(t, w, &sim.Key{Name: "ArrowRight"})
	if m := a.Next(w); !strings.HasPrefix(m, "contour map, cursor at w ") {
		t.Errorf("after →: %q", m)
	}
	if m := a.Next(w); m != "" {
		t.Errorf("nothing changed, yet %q", m)
	}
	doAll(t, w, &sim.Key{Name: "Enter"})
	if m := a.Next(w); !strings.Contains(m, "Dropped GD and Momentum at w ") {
		t.Errorf("after Enter: %q", m)
	}
	doAll(t, w, &sim.Key{Name: "t"})
	if m := a.Next(w); !strings.Contains(m, "is ahead") {
		t.Errorf("after t: %q", m)
	}

	// Roll until both stop: messages at least a second apart, each
	// convergence said within a second.
	doAll(t, w, sim.Play{})
	last, said := -1, 0
	stopped := map[int]int{}
	heard := map[int]int{}
	for tick := 0; tick < 60*sim.TPS && (w.Rolling() > 0 || len(heard) < len(stopped)); tick++ {
		w.Tick()
		for _, b := range w.Balls {
			if _, ok := stopped[b.ID]; !ok && b.Status != sim.Rolling {
				stopped[b.ID] = w.Ticks
			}
		}
		m := a.Next(w)
		if m == "" {
			continue
		}
		said++
		if last >= 0 && w.Ticks-last < view.AnnounceTicks {
			t.Errorf("two announcements %d ticks apart: %q", w.Ticks-last, m)
		}
		last = w.Ticks
		for _, b := range w.Balls {
			if strings.Contains(m, b.Label+" converged") || strings.Contains(m, b.Label+" stopped") {
				heard[b.ID] = w.Ticks
			}
		}
	}
	if len(stopped) != 2 {
		t.Fatalf("%d balls stopped in a minute", len(stopped))
	}
	// A removal (the reader's Delete) is said at once, with what is left.
	doAll(t, w, &sim.Key{Name: "Delete"})
	if m := a.Next(w); !strings.Contains(m, "One ball removed; 1 left.") {
		t.Errorf("after Delete: %q", m)
	}
	for id, at := range stopped {
		h, ok := heard[id]
		if !ok {
			t.Errorf("ball %d stopped at tick %d and was never announced", id, at)
		} else if h-at > view.AnnounceTicks {
			t.Errorf("ball %d stopped at tick %d, announced at %d", id, at, h)
		}
	}
}

// The loss curve and path as a table: the start first, where the ball is
// now last, at most TableRows rows, rounded for reading.
func TestTables(t *testing.T) {
	w := newWorld(t, "scene=5.4-momentum-valley")
	doAll(t, w, sim.Step{N: 100})
	ts := view.Tables(w)
	if len(ts) != 2 {
		t.Fatalf("%d tables", len(ts))
	}
	for i, tb := range ts {
		b := w.Balls[i]
		if len(tb.Rows) < 10 || len(tb.Rows) > view.TableRows {
			t.Errorf("%s: %d rows", tb.Caption, len(tb.Rows))
		}
		if first := tb.Rows[0]; first != [4]string{"0", "−2.000", "5.000", view.Spoken(float64(b.Trail.Pts[0].Loss))} {
			t.Errorf("%s: first row %v", tb.Caption, first)
		}
		last := tb.Rows[len(tb.Rows)-1]
		if last[0] != "100" || last[3] != view.Spoken(b.Loss) {
			t.Errorf("%s: last row %v, want step 100, loss %s", tb.Caption, last, view.Spoken(b.Loss))
		}
		for k := 1; k < len(tb.Rows); k++ {
			if tb.Rows[k][0] == tb.Rows[k-1][0] {
				t.Errorf("%s: step %s twice", tb.Caption, tb.Rows[k][0])
			}
		}
		if !strings.HasPrefix(tb.Caption, b.Label+" ball") || tb.Note == "" {
			t.Errorf("caption %q, note %q", tb.Caption, tb.Note)
		}
	}
}
