package surfaces

import (
	"errors"

	"downhill/optim"
	"downhill/surfaces/expr"
)

// custom is a function of w and b typed by the user, parsed and
// differentiated exactly by surfaces/expr.
type custom struct {
	analytic
	e *expr.Expr
}

func newCustom(f string) (Surface, error) {
	e, err := expr.Parse(f)
	if err != nil {
		var pe *expr.Error
		if errors.As(err, &pe) {
			return nil, &optim.Error{Field: "f", Pos: pe.Pos, Problem: pe.Msg, Err: err}
		}
		return nil, &optim.Error{Field: "f", Problem: err.Error(), Err: err}
	}
	src := e.String()
	return &custom{analytic{&Info{
		Name:  "custom",
		Title: "Your function",
		About: "L(w, b) = " + src + ", as typed (w and b are the parameters; x and y " +
			"are accepted for them). Gradients and the Hessian are exact, " +
			"computed alongside the value by forward-mode differentiation. " +
			"The minima are not known; the box is [−6, 6]² unless changed.",
		Box:         Box{-6, 6, -6, 6},
		Starts:      []Point{{-4, 4}, {4, -4}, {-4, -4}},
		HeightLabel: "L = " + src,
		Undefined:   e.Undefined(),
	}}, e}, nil
}

func (c *custom) Loss(w, b float64, _ []uint8) float64 { return c.e.Eval(w, b) }

func (c *custom) Grad(w, b float64, _ []uint8) (dw, db float64) {
	_, dw, db = c.e.Grad(w, b)
	return dw, db
}

func (c *custom) Hessian(w, b float64, _ []uint8) (hww, hwb, hbb float64) {
	_, _, _, hww, hwb, hbb = c.e.Hessian(w, b)
	return hww, hwb, hbb
}
