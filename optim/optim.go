// Package optim holds the update rules of the lecture "Learning Parameters"
// (gradient descent, momentum, Nesterov, line search, Adagrad, RMSProp, Adam)
// and a few more for comparison (NAdam, AMSGrad, Newton), their learning-rate
// and momentum schedules, and the shuffled sampling that turns any rule into
// its stochastic or mini-batch version.
//
// Conventions follow the lecture, not PyTorch:
//   - gradients and losses are sums over the data points of a batch, not means;
//   - eps sits inside the square root: w -= eta / sqrt(v + eps) * g
//     (PyTorch: eta / (sqrt(v) + eps) * g);
//   - momentum keeps the whole update, eta included:
//     update_t = gamma*update_{t-1} + eta*g_t (PyTorch keeps a velocity
//     without eta and multiplies by eta afterwards; the two agree while eta is
//     constant and differ once a schedule changes it).
//
// Everything a ball remembers between steps is a [State], a fixed-size value:
// copy it to snapshot, zero it to restart. A step allocates nothing.
package optim

import (
	"fmt"
	"math"
)

// Vec is a point or a direction in the (w, b) plane: Vec{w, b}.
type Vec [2]float64

// Add returns v + u.
func (v Vec) Add(u Vec) Vec { return Vec{v[0] + u[0], v[1] + u[1]} }

// Sub returns v - u.
func (v Vec) Sub(u Vec) Vec { return Vec{v[0] - u[0], v[1] - u[1]} }

// Scale returns k*v.
func (v Vec) Scale(k float64) Vec { return Vec{k * v[0], k * v[1]} }

// Norm returns the Euclidean length of v.
func (v Vec) Norm() float64 { return math.Hypot(v[0], v[1]) }

// Finite reports whether both coordinates are neither NaN nor infinite.
func (v Vec) Finite() bool {
	return !math.IsNaN(v[0]) && !math.IsInf(v[0], 0) && !math.IsNaN(v[1]) && !math.IsInf(v[1], 0)
}

// MaxPoints is the largest data set a sampler can shuffle. Indices are bytes
// so that a ball's permutation is a small fixed-size array.
const MaxPoints = 256

// Objective is the loss an update rule descends. Loss, Grad and Hessian are
// sums over the data points listed in batch (indices into the data set);
// a nil batch means every point. A loss that is not a sum over data (an
// analytic function) ignores batch.
//
// surfaces.Surface satisfies Objective.
type Objective interface {
	Loss(w, b float64, batch []uint8) float64
	Grad(w, b float64, batch []uint8) (dw, db float64)
	Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64)
	// Points is the number of data points (1 for an analytic function).
	Points() int
}

// Rule names an update rule.
type Rule uint8

// The update rules. The names returned by String are the ones the URL, the
// JS API and the panel use.
const (
	GD         Rule = iota // plain gradient descent
	Momentum               // momentum-based gradient descent
	NAG                    // Nesterov accelerated gradient
	LineSearch             // gradient descent with line search over a set of etas
	Adagrad
	RMSProp
	Adam
	NAdam   // Adam with Nesterov momentum (Dozat 2016)
	AMSGrad // Adam with a running maximum of v (Reddi et al. 2018)
	Newton  // Newton's method with the exact 2x2 Hessian
	NumRules
)

var ruleNames = [NumRules]string{"gd", "momentum", "nag", "linesearch", "adagrad", "rmsprop", "adam", "nadam", "amsgrad", "newton"}

// String returns the rule's short name, e.g. "nag".
func (r Rule) String() string {
	if r < NumRules {
		return ruleNames[r]
	}
	return fmt.Sprintf("Rule(%d)", r)
}

// Rules returns every rule's short name, in order.
func Rules() []string { return ruleNames[:] }

// ParseRule returns the rule with the given short name.
func ParseRule(s string) (Rule, error) {
	for i, n := range ruleNames {
		if n == s {
			return Rule(i), nil
		}
	}
	return 0, fmt.Errorf("unknown optimizer %q (accepted: gd, momentum, nag, linesearch, adagrad, rmsprop, adam, nadam, amsgrad, newton)", s)
}

// MaxEtas is the largest set of learning rates line search can try.
const MaxEtas = 8

// Config is one ball's update rule and hyperparameters. Start from
// [Defaults] and change fields; [Config.Validate] names any field out of range.
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
	// Etas are the learning rates line search tries, NEtas of them.
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
	// Seed seeds the per-epoch shuffle of stochastic and mini-batch runs.
	Seed uint64
}

// LectureEtas are the learning rates the lecture's line search tries.
var LectureEtas = [...]float64{0.1, 0.5, 1.0, 5.0, 10.0}

// Defaults returns the lecture's hyperparameters for rule r: eta = 1 (0.1
// for Adam and its variants, as the lecture's Adam code), gamma = 0.9,
// beta = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, bias correction on,
// line search over 0.1, 0.5, 1, 5, 10, full batch, constant eta.
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
	}
	switch r {
	case Adam, NAdam, AMSGrad:
		c.LR = 0.1
	}
	c.NEtas = copy(c.Etas[:], LectureEtas[:])
	return c
}

// Validate reports the first hyperparameter out of its accepted range,
// naming it as the URL and the JS API do.
func (c *Config) Validate() error {
	bad := func(name string, v float64, accepted string) error {
		return fmt.Errorf("%s = %v is out of range (accepted: %s)", name, v, accepted)
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.Rule >= NumRules:
		return fmt.Errorf("optimizer %d is unknown", c.Rule)
	case !finite(c.LR) || c.LR < 0 || c.LR > 1e6:
		return bad("lr", c.LR, "a number from 0 to 1e6")
	case !finite(c.Gamma) || c.Gamma < 0 || c.Gamma >= 1:
		return bad("gamma", c.Gamma, "0 <= gamma < 1")
	case !finite(c.Beta) || c.Beta < 0 || c.Beta >= 1:
		return bad("beta", c.Beta, "0 <= beta < 1")
	case !finite(c.Beta1) || c.Beta1 < 0 || c.Beta1 >= 1:
		return bad("beta1", c.Beta1, "0 <= beta1 < 1")
	case !finite(c.Beta2) || c.Beta2 < 0 || c.Beta2 >= 1:
		return bad("beta2", c.Beta2, "0 <= beta2 < 1")
	case !finite(c.Eps) || c.Eps <= 0 || c.Eps > 1:
		return bad("eps", c.Eps, "0 < eps <= 1")
	case c.NEtas < 1 || c.NEtas > MaxEtas:
		return fmt.Errorf("etas has %d values (accepted: 1 to %d positive numbers)", c.NEtas, MaxEtas)
	case c.Batch < 0 || c.Batch > MaxPoints:
		return fmt.Errorf("batch = %d is out of range (accepted: 0 for full batch, or 1 to %d)", c.Batch, MaxPoints)
	case c.MomentumSchedule && (!finite(c.GammaMax) || c.GammaMax < 0 || c.GammaMax >= 1):
		return bad("gammaMax", c.GammaMax, "0 <= gammaMax < 1")
	}
	for i := 0; i < c.NEtas; i++ {
		if e := c.Etas[i]; !finite(e) || e <= 0 || e > 1e6 {
			return bad("etas", e, "positive numbers up to 1e6")
		}
	}
	return c.Schedule.Validate()
}
