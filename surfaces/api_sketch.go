package surfaces

// This file is the contract other packages build on. The helper that owns
// surfaces may move these declarations to other files and must keep their
// names, fields and meaning.

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
// A Surface is not safe for concurrent use (the custom surface evaluates on a
// reusable stack).
type Surface interface {
	Loss(w, b float64, batch []uint8) float64
	Grad(w, b float64, batch []uint8) (dw, db float64)
	Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64)
	Points() int
	Info() *Info
}

// Info describes a surface for the views, the panel and the tests.
type Info struct {
	Name  string // the URL name, e.g. "valley"
	Title string // a short human title
	About string // how it was chosen / what it shows, one paragraph
	Box   Box
	// Starts are default starting points (the first is the lecture's where
	// there is one); Minima the known global minima.
	Starts []Point
	Minima []Point
	// LR is the recommended eta per optimizer short name ("gd", "adam", ...);
	// a missing name means the optimizer's own default.
	LR map[string]float64
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

// Names lists the built-in surfaces in menu order: neuron, valley, sparse,
// rosenbrock, beale, himmelblau, saddle, bowl, rastrigin, plateau, custom.
//
// func Names() []string

// New returns the named surface. "custom" needs the expression f (a function
// of w and b); other names ignore f. The error names the field ("surface" or
// "f") and what is accepted; for f it gives the position of the problem.
//
// func New(name, f string) (Surface, error)

// Sample fills dst (grown if short) with the loss on an nw x nb grid of
// vertices spanning box, row by row: dst[j*nw+i] = Loss(w_i, b_j, nil) with
// w_i = WMin + i*(WMax-WMin)/(nw-1), b_j = BMin + j*(BMax-BMin)/(nb-1).
// It returns dst and the smallest and largest finite values.
//
// func Sample(s Surface, box Box, nw, nb int, dst []float64) (grid []float64, lo, hi float64)
