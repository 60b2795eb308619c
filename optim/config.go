package optim

import (
	"fmt"
	"math"
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
	// NoBiasCorrection switches Adam's (NAdam's, AMSGrad's) bias correction
	// off, to show why it is there.
	NoBiasCorrection bool
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
		Seed:     1,
		Schedule: Schedule{Kind: Constant, Factor: 0.5, Every: 5, K: 0.01},
	}
	switch r {
	case Adam, NAdam, AMSGrad:
		c.LR = 0.1
	}
	c.NEtas = copy(c.Etas[:], LectureEtas[:])
	return c
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func outOfRange(name string, v float64, accepted string) error {
	return fmt.Errorf("%s = %v is out of range (accepted: %s)", name, v, accepted)
}

// Validate reports the first hyperparameter out of its accepted range,
// naming it as the URL and the JS API do ("opt", "lr", "gamma", "beta",
// "beta1", "beta2", "eps", "etas", "batch", "gammaMax", then the schedule's
// "schedule", "decay", "every", "k"). Every field is checked whichever rule
// uses it (gammaMax only while the momentum schedule is on), so that a bad
// value is reported even before it matters.
func (c *Config) Validate() error {
	switch {
	case c.Rule >= NumRules:
		return fmt.Errorf("opt = %v is unknown (accepted: gd, momentum, nag, linesearch, adagrad, rmsprop, adam, nadam, amsgrad, newton)", c.Rule)
	case !finite(c.LR) || c.LR < 0 || c.LR > 1e6:
		return outOfRange("lr", c.LR, "a number from 0 to 1e6")
	case !finite(c.Gamma) || c.Gamma < 0 || c.Gamma >= 1:
		return outOfRange("gamma", c.Gamma, "0 <= gamma < 1")
	case !finite(c.Beta) || c.Beta < 0 || c.Beta >= 1:
		return outOfRange("beta", c.Beta, "0 <= beta < 1")
	case !finite(c.Beta1) || c.Beta1 < 0 || c.Beta1 >= 1:
		return outOfRange("beta1", c.Beta1, "0 <= beta1 < 1")
	case !finite(c.Beta2) || c.Beta2 < 0 || c.Beta2 >= 1:
		return outOfRange("beta2", c.Beta2, "0 <= beta2 < 1")
	case !finite(c.Eps) || c.Eps <= 0 || c.Eps > 1:
		return outOfRange("eps", c.Eps, "0 < eps <= 1")
	case c.NEtas < 1 || c.NEtas > MaxEtas:
		return fmt.Errorf("etas has %d values (accepted: 1 to %d positive numbers)", c.NEtas, MaxEtas)
	case c.Batch < 0 || c.Batch > MaxPoints:
		return fmt.Errorf("batch = %d is out of range (accepted: 0 for full batch, or 1 to %d)", c.Batch, MaxPoints)
	case c.MomentumSchedule && (!finite(c.GammaMax) || c.GammaMax < 0 || c.GammaMax >= 1):
		return outOfRange("gammaMax", c.GammaMax, "0 <= gammaMax < 1")
	}
	for i := 0; i < c.NEtas; i++ {
		if e := c.Etas[i]; !finite(e) || e <= 0 || e > 1e6 {
			return outOfRange("etas", e, "positive numbers up to 1e6")
		}
	}
	return c.Schedule.Validate()
}
