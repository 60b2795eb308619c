// Package optim holds the update rules of the lecture "Learning Parameters"
// (gradient descent, momentum, Nesterov, line search, Adagrad, RMSProp, Adam)
// and a few more for comparison (NAdam, AMSGrad, Newton), their learning-rate
// and momentum schedules, and the shuffled sampling that turns any rule into
// its stochastic or mini-batch version.
//
// One call of [Step] is one update of one ball: it samples the batch, asks the
// [Objective] for the gradient (and the loss or the Hessian where the rule
// needs them), applies the rule of its [Config] and, if asked, fills a
// [Report] with everything the views draw.
//
// Conventions follow the lecture, not PyTorch:
//   - gradients and losses are sums over the data points of a batch, not means;
//   - eps sits inside the square root: w -= eta / sqrt(v + eps) * g
//     (PyTorch: eta / (sqrt(v) + eps) * g);
//   - momentum keeps the whole update, eta included:
//     update_t = gamma*update_{t-1} + eta*g_t (PyTorch keeps a velocity
//     without eta and multiplies by eta afterwards; the two agree while eta is
//     constant and differ once a schedule changes it);
//   - t counts updates: a rule's formulas use t = 1 for the first update
//     (bias correction), a schedule uses the number of updates taken before
//     this one (0 for the first), as optax's schedules do.
//
// Everything a ball remembers between steps is a [State], a fixed-size value:
// copy it to snapshot, zero it to restart. A step allocates nothing.
//
// Being the package every other one imports, optim also holds the house's
// vocabulary for input, which the rest of Downhill speaks too: [Error], the
// one shape of a refused input (field, value, what is wrong, what is
// accepted), that surfaces and game/sim return as well; [Setting], a
// setting's name, kind, range, default and words, from which the panel's
// sliders and the URL's keys are built, and which parses and checks a raw
// value ([Hyperparameters] lists the rules' own); and [SplitMix64], the one
// seeded generator, so that a seed means the same thing in a shuffle, a data
// set, a random search and the quiz. They live here rather than in a package
// of their own because the rules' hyperparameters need them first and optim
// imports nothing of Downhill's.
package optim

import "math"

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
// so that a ball's permutation is a small fixed-size array. An objective
// with more points than this is always descended full batch (the data sets
// of Downhill have at most 100 points).
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
