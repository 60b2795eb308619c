package optim

import (
	"strconv"
	"strings"
)

// MaxEtas is the largest set of learning rates line search can try.
const MaxEtas = 8

// Config is one ball's update rule and hyperparameters. Start from
// [Defaults] and change fields; [Config.Validate] names any field out of
// range. [Step] reads but never changes a Config.
type Config struct {
	Rule Rule
	// LR is eta, the learning rate (before any schedule).
	LR float64
	// Gamma is the momentum coefficient of Momentum and NAG.
	Gamma float64
	// Beta is RMSProp's decay of the squared-gradient average.
	Beta float64
	// Beta1 and Beta2 are Adam's (NAdam's, AMSGrad's) decays of the first
	// and second moments.
	Beta1, Beta2 float64
	// Eps keeps the adaptive rules' denominators away from zero; it is
	// added inside the square root, as in the lecture.
	Eps float64
	// BiasCorrection divides Adam's (NAdam's, AMSGrad's) moments by
	// 1 - beta^t; Defaults turns it on. Off, it shows why it is there.
	BiasCorrection bool
	// Etas are the learning rates line search tries, NEtas of them. (Step
	// tries the lecture's set when NEtas < 1, and at most MaxEtas.)
	Etas  [MaxEtas]float64
	NEtas int
	// Schedule anneals LR; the zero value keeps it constant.
	Schedule Schedule
	// GammaMax, when MomentumSchedule is set, caps Sutskever's momentum
	// schedule, which then replaces Gamma.
	MomentumSchedule bool
	GammaMax         float64
	// Batch is the number of data points per update: 0 (or at least the
	// data set's size) is full batch, 1 is stochastic, B is mini-batch.
	Batch int
	// Seed seeds the per-epoch shuffle of stochastic and mini-batch runs. It
	// is read whenever the sampler starts afresh, at a sampled step from a
	// State whose NPerm is 0 (a zero State, or one whose NPerm and Pos the
	// caller zeroed to restart the shuffle): the same seed from a zero State
	// gives the same run.
	Seed uint64
}

// LectureEtas are the learning rates the lecture's line search tries.
var LectureEtas = [...]float64{0.1, 0.5, 1.0, 5.0, 10.0}

// Defaults returns the lecture's hyperparameters for rule r: eta = 1 (0.1
// for Adam and its variants, as the lecture's Adam code), gamma = 0.9,
// beta = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, bias correction on,
// line search over 0.1, 0.5, 1, 5, 10, full batch, seed 1, constant eta, and
// the schedules' parameters ready for when Schedule.Kind is changed: decay
// factor 0.5 every 5 epochs (the lecture's "halve every 5 epochs"), k = 0.01
// per step, gammaMax = 0.99 (momentum schedule off).
func Defaults(r Rule) Config {
	c := Config{
		Rule:     r,
		LR:       1.0,
		Gamma:    0.9,
		Beta:     0.9,
		Beta1:    0.9,
		Beta2:    0.999,
		Eps:      1e-8,
		GammaMax: 0.99,
		// The lecture's Adam corrects its moments.
		BiasCorrection: true,
		Seed:           1,
		Schedule:       Schedule{Kind: Constant, Factor: 0.5, Every: 5, K: 0.01},
	}
	switch r {
	case Adam, NAdam, AMSGrad:
		c.LR = 0.1
	}
	c.NEtas = copy(c.Etas[:], LectureEtas[:])
	return c
}

// Validate reports the first hyperparameter out of its accepted range as an
// *Error naming it as the URL and the JS API do (see Hyperparameters, whose
// ranges it checks). Every field is checked whichever rule uses it, so that
// a bad value is reported even before it matters; gammaMax only while the
// momentum schedule is on, a schedule's parameters only when its kind uses
// them or they are not zero.
func (c *Config) Validate() error {
	if c.Rule >= NumRules {
		return &Error{Field: "opt", Value: c.Rule.String(), Problem: "is unknown", Accepted: strings.Join(ruleNames[:], ", ")}
	}
	for i := range Hyperparameters {
		h := &Hyperparameters[i]
		switch h.Key {
		case "gammaMax":
			if !c.MomentumSchedule {
				continue
			}
		case "etas":
			if c.NEtas < 1 || c.NEtas > MaxEtas {
				return &Error{Field: "etas", Problem: strconv.Itoa(c.NEtas) + " values", Accepted: h.AcceptedText()}
			}
			for _, e := range c.Etas[:c.NEtas] {
				if err := h.Check(e, ""); err != nil {
					return err
				}
			}
			continue
		case "batch":
			if err := h.Check(float64(c.Batch), ""); err != nil {
				return err
			}
			continue
		case "every":
			if c.Schedule.Kind == StepDecay || c.Schedule.Every != 0 {
				if err := h.Check(float64(c.Schedule.Every), ""); err != nil {
					return err
				}
			}
			continue
		case "schedule":
			if c.Schedule.Kind >= NumSchedules {
				return &Error{Field: "schedule", Value: c.Schedule.Kind.String(), Problem: "is unknown", Accepted: h.AcceptedText()}
			}
			continue
		case "decay", "k":
			used := false
			for _, k := range h.Schedules {
				used = used || k == c.Schedule.Kind
			}
			if !used && *c.real(h.Key) == 0 {
				continue
			}
		}
		if p := c.real(h.Key); p != nil {
			if err := h.Check(*p, ""); err != nil {
				return err
			}
		}
	}
	return nil
}
