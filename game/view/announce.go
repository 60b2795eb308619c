package view

import (
	"strconv"
	"strings"

	"downhill/game/sim"
)

// AnnounceTicks is the least time between two announcements of what the
// world did by itself (balls converging, diverging, a drop's result): one
// second, so that a rolling race is not a stream of numbers.
const AnnounceTicks = sim.TPS

// Announcer says what changed, for a polite live region: a drop, a ball
// converging or diverging, a removal, a scene change, where the keyboard
// went, the summary asked for. It only reads the world; it remembers what
// it last saw to tell what is new. What the reader did (a drop, a move of
// the keyboard's focus, the summary) is said at once; what the world did
// waits until AnnounceTicks have passed since the last such message, and
// everything that happened meanwhile is said together.
type Announcer struct {
	started bool
	seen    []seenBall
	scene   int
	focus   sim.Focus
	cursor  [2]float64
	asked   int
	changes uint64
	saidAt  int
	pending []string
}

type seenBall struct {
	id     int
	status sim.Status
}

// Next returns what to announce now ("" for nothing). The first call only
// looks: a page that starts does not read out its balls.
func (a *Announcer) Next(w *sim.World) string {
	if !a.started {
		a.started = true
		a.remember(w)
		a.saidAt = w.Ticks - AnnounceTicks
		return ""
	}
	// What the world did, queued.
	if w.Scene != a.scene && w.Scene >= 0 && w.Scene < len(sim.Scenes) {
		sc := &sim.Scenes[w.Scene]
		a.pending = append(a.pending[:0], "Scene "+sc.Section+": "+sc.Title+".")
	} else {
		a.pending = a.ballNews(w, a.pending)
	}
	var now []string
	// A change the reader made (a drop, a removal, a scene; not a ball
	// that stopped by itself) is said at once.
	mine := w.Changes != a.changes && w.Reason != "converged" && w.Reason != "stopped" && w.Reason != "diverged"
	if w.Focus != a.focus || [2]float64(w.Cursor) != a.cursor {
		now = append(now, FocusName(w)+".")
	}
	if w.Asked != a.asked {
		now = append(now, Summary(w)+".")
	}
	a.remember(w)
	if len(now) > 0 || (mine && len(a.pending) > 0) {
		// The reader's own keys: at once, with what waited.
		msg := strings.Join(append(a.pending, now...), " ")
		a.pending = a.pending[:0]
		a.saidAt = w.Ticks
		return msg
	}
	if len(a.pending) == 0 || w.Ticks-a.saidAt < AnnounceTicks {
		return ""
	}
	msg := strings.Join(a.pending, " ")
	a.pending = a.pending[:0]
	a.saidAt = w.Ticks
	return msg
}

// ballNews appends what happened to the balls since the last look: new
// races, balls gone, balls that converged, stopped or diverged.
func (a *Announcer) ballNews(w *sim.World, dst []string) []string {
	// Balls keep their order and new ones come last with larger ids: one
	// walk through both lists, however many balls (2,000 at most).
	var added []*sim.Ball
	gone, k := 0, 0
	for _, b := range w.Balls {
		for k < len(a.seen) && a.seen[k].id < b.ID {
			gone++
			k++
		}
		if k == len(a.seen) || a.seen[k].id != b.ID {
			added = append(added, b)
			continue
		}
		old := a.seen[k].status
		k++
		if b.Status != old && b.Status != sim.Rolling {
			switch b.Status {
			case sim.Converged:
				dst = append(dst, b.Label+" converged at step "+strconv.Itoa(b.St.T)+", loss "+Spoken(b.Loss)+".")
			case sim.Diverged:
				dst = append(dst, b.Label+" "+StatusWords(b)+".")
			case sim.StepLimit:
				dst = append(dst, b.Label+" stopped at the step limit, loss "+Spoken(b.Loss)+".")
			}
		}
	}
	gone += len(a.seen) - k
	if len(added) > 0 {
		var names []string
		for i, b := range added {
			if i == MaxBallWords {
				names = append(names, strconv.Itoa(len(added)-i)+" more")
				break
			}
			names = append(names, b.Label)
		}
		dst = append(dst, "Dropped "+joinAnd(names)+" at "+Point(added[0].Start[0], added[0].Start[1])+".")
	}
	switch {
	case gone == 1:
		dst = append(dst, "One ball removed; "+strconv.Itoa(len(w.Balls))+" left.")
	case gone > 1:
		dst = append(dst, strconv.Itoa(gone)+" balls removed; "+strconv.Itoa(len(w.Balls))+" left.")
	}
	return dst
}

func (a *Announcer) remember(w *sim.World) {
	a.seen = a.seen[:0]
	for _, b := range w.Balls {
		a.seen = append(a.seen, seenBall{b.ID, b.Status})
	}
	a.scene, a.focus, a.cursor, a.asked, a.changes = w.Scene, w.Focus, [2]float64(w.Cursor), w.Asked, w.Changes
}
