package sim

import (
	"downhill/optim"
)

// Status says whether a ball is still rolling and, if not, why it stopped.
type Status uint8

// Ball states. Names (String) are those state() reports.
const (
	Rolling   Status = iota
	Converged        // full-batch gradient norm fell below ConvergedNorm
	StepLimit        // took World.MaxSteps steps
	Diverged         // NaN, Inf, or far outside the box: stopped, position kept at the last finite point
)

var statusNames = [...]string{"rolling", "converged", "steplimit", "diverged"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// ConvergedNorm is the full-batch gradient norm below which a ball stops.
const ConvergedNorm = 1e-6

// MaxTrail is the most points a trail keeps. A longer run keeps every
// second point (and then every fourth, ...), so a trail always spans the
// whole run with at most MaxTrail points.
const MaxTrail = 1024

// TrailPoint is one recorded position of a ball, with its loss and step:
// 24 bytes, so a full trail costs 24 KB.
type TrailPoint struct {
	W, B float64
	Loss float32
	Step int32
}

// Trail is a ball's path: the points of steps 0, Stride, 2*Stride, ...; the
// ball's current position is the moving head after them. Gen changes when
// the trail is restarted, so a view that draws the trail incrementally
// knows when to start again; a thinned trail keeps its Gen and changes its
// Stride (what a view drew of it is still right: it goes on from the last
// point it drew that was kept).
type Trail struct {
	Pts    []TrailPoint
	Stride int
	Gen    int
}

func (t *Trail) reset() {
	if t.Pts == nil {
		t.Pts = make([]TrailPoint, 0, MaxTrail)
	}
	t.Pts = t.Pts[:0]
	t.Stride = 1
	t.Gen++
}

// add records the point of step s if s is a multiple of the stride,
// thinning the trail when it is full. The ball's current position is the
// trail's moving head and is not stored here.
func (t *Trail) add(w, b, loss float64, s int) {
	if s%t.Stride != 0 {
		return
	}
	if len(t.Pts) == cap(t.Pts) {
		t.thin()
		if s%t.Stride != 0 {
			return
		}
	}
	t.Pts = append(t.Pts, TrailPoint{w, b, float32(loss), int32(s)})
}

// thin keeps the points whose step is a multiple of twice the stride.
func (t *Trail) thin() {
	t.Stride *= 2
	k := 0
	for _, p := range t.Pts {
		if p.Step%int32(t.Stride) == 0 {
			t.Pts[k] = p
			k++
		}
	}
	t.Pts = t.Pts[:k]
}

// Ball is one starting point rolling by one optimizer.
type Ball struct {
	ID    int
	Group int // balls dropped together share a group and a start marker
	Cfg   optim.Config
	Start optim.Vec
	Pos   optim.Vec
	St    optim.State
	Loss  float64
	// GradNorm is the full-batch gradient norm at Pos.
	GradNorm float64
	Status   Status
	// DivergedAt is the step at which the ball diverged, DivergedLR the
	// eta of that step and Why what happened ("NaN", "Inf", "left the box").
	DivergedAt int
	DivergedLR float64
	Why        string
	// Last is the report of the latest step (zero before the first).
	Last  optim.Report
	Trail Trail
	Color RGB
	// Limit, when positive and below the world's MaxSteps, stops this ball
	// earlier (a sweep's runs all stop at the same step).
	Limit int
	// Label names the ball in legends and tables: its optimizer's title,
	// with the settings that set it apart from its race ("GD
	// schedule=step").
	Label string
}

// Steps returns the number of updates the ball has taken.
func (b *Ball) Steps() int { return b.St.T }
