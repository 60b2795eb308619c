package optim

import (
	"fmt"
	"math"
	"strings"
)

// ScheduleKind names a learning-rate schedule.
type ScheduleKind uint8

// The learning-rate schedules of the lecture's 5.7. Names (String) are those
// of the URL key "schedule". In the formulas eta0 is Config.LR, t the number
// of updates taken before this one (0 for the first) and epoch the number of
// complete passes over the data before this update (State.T and State.Epoch).
const (
	Constant  ScheduleKind = iota // "constant": eta_t = eta0
	StepDecay                     // "step": eta0 * Factor^floor(epoch/Every)
	// OnRise ("rise") multiplies eta by Factor after every epoch whose loss
	// rose over the previous epoch's: eta_t = eta0 * Factor^(rises so far).
	// An epoch's loss is the full loss (every data point, whatever the
	// batch) at the position where the epoch ended, standing in for the
	// lecture's validation error; the first epoch is compared with the loss
	// at the starting point. With full batch every step is an epoch.
	OnRise
	ExpDecay // "exp": eta0 * exp(-K*t)
	InvDecay // "inv": eta0 / (1 + K*t)
	// NumSchedules is the number of schedule kinds.
	NumSchedules
)

var scheduleNames = [NumSchedules]string{"constant", "step", "rise", "exp", "inv"}

var scheduleTitles = [NumSchedules]string{"constant η", "step: × decay every few epochs",
	"× decay after an epoch whose loss rose", "exponential: η₀ e^(−k t)", "1/t: η₀ / (1 + k t)"}

// Title returns the schedule's title in the panel, e.g. "1/t: η₀ / (1 + k t)".
func (k ScheduleKind) Title() string {
	if k < NumSchedules {
		return scheduleTitles[k]
	}
	return k.String()
}

// String returns the schedule's URL name, e.g. "step".
func (k ScheduleKind) String() string {
	if k < NumSchedules {
		return scheduleNames[k]
	}
	return fmt.Sprintf("ScheduleKind(%d)", k)
}

// Schedules returns every schedule's URL name, in order, in a new slice.
func Schedules() []string { return append([]string(nil), scheduleNames[:]...) }

// ParseSchedule returns the schedule kind with the given URL name. The error
// is an *Error naming the URL key "schedule" and the accepted names.
func ParseSchedule(s string) (ScheduleKind, error) {
	for i, n := range scheduleNames {
		if n == s {
			return ScheduleKind(i), nil
		}
	}
	return 0, &Error{Field: "schedule", Value: s, Problem: "is unknown", Accepted: strings.Join(scheduleNames[:], ", ")}
}

// Schedule anneals the learning rate. The zero value is Constant.
// [Defaults] fills Factor and Every with the lecture's 0.5 and 5 and K with
// 0.01 (the lecture gives no k), so that changing Kind alone is enough.
type Schedule struct {
	Kind   ScheduleKind
	Factor float64 // StepDecay, OnRise: multiplier, 0 < Factor <= 1 (the lecture: 0.5); URL "decay"
	Every  int     // StepDecay: epochs between multiplications, >= 1 (the lecture: 5)
	K      float64 // ExpDecay, InvDecay: decay rate per step, >= 0
}

// LRAt returns the learning rate the next step from st will use: LR
// annealed by the schedule at t = st.T, epoch = st.Epoch (and, for OnRise,
// st.LRScale). A nil st is a zero State. Line search does not use it (its
// candidates are Etas).
func (c *Config) LRAt(st *State) float64 {
	var t, epoch int
	scale := 1.0
	if st != nil {
		t, epoch = st.T, st.Epoch
		if st.LRScale != 0 {
			scale = st.LRScale
		}
	}
	eta0, s := c.LR, &c.Schedule
	switch s.Kind {
	case StepDecay:
		every := s.Every
		if every < 1 {
			every = 1
		}
		return eta0 * math.Pow(s.Factor, float64(epoch/every))
	case OnRise:
		return eta0 * scale
	case ExpDecay:
		return eta0 * math.Exp(-s.K*float64(t))
	case InvDecay:
		return eta0 / (1 + s.K*float64(t))
	}
	return eta0
}

// GammaAt returns the momentum coefficient the next step from st will use:
// SutskeverGamma(st.T, GammaMax) with MomentumSchedule, else Gamma. A nil st
// is a zero State.
func (c *Config) GammaAt(st *State) float64 {
	if !c.MomentumSchedule {
		return c.Gamma
	}
	t := 0
	if st != nil {
		t = st.T
	}
	return SutskeverGamma(t, c.GammaMax)
}

// SutskeverGamma is the momentum schedule of Sutskever et al. (2013):
// gamma_t = min(1 - 2^(-1 - log2(floor(t/250) + 1)), gammaMax), t the
// number of updates taken (negative t counts as 0). It is computed as the
// equal 1 - 1/(2*(floor(t/250)+1)), which is exact: 0.5 for the first 250
// steps, then 0.75, 0.8333..., 0.875, ... towards 1, capped at gammaMax
// (the paper picks it from 0.999, 0.995, 0.99, 0.9, 0).
func SutskeverGamma(t int, gammaMax float64) float64 {
	if t < 0 {
		t = 0
	}
	k := t/250 + 1
	return math.Min(1-1/(2*float64(k)), gammaMax)
}
