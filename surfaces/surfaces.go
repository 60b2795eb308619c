// Package surfaces holds the loss surfaces Downhill's balls roll on: the
// lecture's sigmoid neuron and two data sets built for its 5.4/5.5 and 5.9
// stories (valley, sparse), classic test functions (Rosenbrock, Beale,
// Himmelblau, a saddle, an ill-conditioned bowl, Rastrigin, a plateau) and a
// custom surface typed by the user. Every surface has exact first and second
// derivatives, a box to show it on, starting points, known minima where there
// are any and a recommended learning rate per optimizer.
//
// Losses follow the lecture: for a data set, L(w, b) = 1/2 * sum_i (y_i -
// f(x_i))^2 is a sum over the points (not a mean), and so are its gradient
// and Hessian. Loss, Grad and Hessian allocate nothing and return finite
// values inside their box and far outside it (the sigmoid is computed in a
// form that cannot overflow).
package surfaces

import (
	"strings"

	"downhill/optim"
)

// Box is the rectangle of (w, b) a surface is shown on.
type Box struct {
	WMin, WMax, BMin, BMax float64
}

// Point is a (w, b) pair, or an (x, y) data point.
type Point struct{ X, Y float64 }

// Surface is a loss over the (w, b) plane with exact first and second
// derivatives. For a data set, Loss, Grad and Hessian are sums over the
// points listed in batch (nil: all), as in the lecture; an analytic function
// has one "point" and ignores batch. Surface satisfies optim.Objective.
//
// A batch index out of range [0, Points()) is a programmer error and panics.
// A Surface is not safe for concurrent use (the custom surface evaluates on a
// reusable stack).
type Surface interface {
	Loss(w, b float64, batch []uint8) float64
	Grad(w, b float64, batch []uint8) (dw, db float64)
	Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64)
	Points() int
	Info() *Info
}

// Info describes a surface for the views, the panel and the tests. Each
// surface returned by [New] has its own Info: a caller may change it (for
// example Box, to zoom the custom surface) without affecting other surfaces
// or the loss.
type Info struct {
	Name  string // the URL name, e.g. "valley"
	Title string // a short human title
	About string // how it was chosen / what it shows, one paragraph
	Box   Box
	// Starts are default starting points (the first is the lecture's where
	// there is one); Minima the known global minima.
	Starts []Point
	Minima []Point
	// MinLoss is the loss at the minima (0 for the data sets, which a
	// sigmoid fits exactly). It is meaningless when Minima is empty.
	MinLoss float64
	// LR is the recommended eta per optimizer short name ("gd", "adam", ...);
	// a missing name means the optimizer's own default. Line search has no
	// single eta (it tries a set), so "linesearch" is never in LR: see Etas.
	LR map[string]float64
	// Etas is the recommended set of learning rates for line search; nil
	// means the lecture's 0.1, 0.5, 1, 5, 10 (too large for the steep
	// classic functions, on which every candidate would diverge).
	Etas []float64
	// Undefined, when not empty, says where the loss is not a number (a
	// custom surface's sqrt, log or division): "w < 0 or b <= 0". The
	// views leave those places blank.
	Undefined string
	// LogHeight asks the views to draw log(1 + L) (or similar) because the
	// loss spans decades; HeightLabel says what is drawn, for the legend.
	LogHeight   bool
	HeightLabel string
	// Data are the (x, y) points of a data-set surface, nil for an analytic
	// function; Model(w, b, x) is the model's prediction (the sigmoid
	// f(x) = 1/(1+exp(-(w*x+b))) for neuron, valley and sparse).
	Data  []Point
	Model func(w, b, x float64) float64
}

// builtins are the built-in surfaces in menu order, each its name and its
// constructor: a new surface is one row. (custom, which needs its
// expression, comes last in the menu and is made apart.)
var builtins = []struct {
	name string
	make func() Surface
}{
	{"neuron", newNeuron}, {"valley", newValley}, {"sparse", newSparse},
	{"rosenbrock", newRosenbrock}, {"beale", newBeale}, {"himmelblau", newHimmelblau},
	{"saddle", newSaddle}, {"bowl", newBowl}, {"rastrigin", newRastrigin}, {"plateau", newPlateau},
}

// names lists the built-in surfaces in menu order, custom last.
var names = func() []string {
	n := make([]string, 0, len(builtins)+1)
	for _, b := range builtins {
		n = append(n, b.name)
	}
	return append(n, "custom")
}()

// Names lists the built-in surfaces in menu order: neuron, valley, sparse,
// rosenbrock, beale, himmelblau, saddle, bowl, rastrigin, plateau, custom.
// The slice is the caller's.
func Names() []string { return append([]string(nil), names...) }

// New returns the named surface. "custom" needs the expression f (a function
// of w and b); other names ignore f. The error is an *Error naming the field
// ("surface" or "f") and what is accepted; for f it gives the position of
// the problem: "f: at position 3: ...". The error is an *optim.Error.
func New(name, f string) (Surface, error) {
	if name == "custom" {
		return newCustom(f)
	}
	for _, b := range builtins {
		if b.name == name {
			return b.make(), nil
		}
	}
	return nil, &optim.Error{Field: "surface", Value: name, Problem: "is unknown", Accepted: strings.Join(names, ", ")}
}
