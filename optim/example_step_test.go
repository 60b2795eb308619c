package optim_test

import (
	"fmt"
	"math"

	"downhill/optim"
)

// sigmoidNeuron is the lecture's toy problem: f(x) = 1/(1+exp(-(w x + b)))
// on the points (0.5, 0.2) and (2.5, 0.9), L = 1/2 sum (y - f(x))^2.
// (The surfaces package provides it as "neuron"; it is spelled out here so
// the example stands alone.)
type sigmoidNeuron struct{}

var xs, ys = [2]float64{0.5, 2.5}, [2]float64{0.2, 0.9}

func (sigmoidNeuron) Points() int { return 2 }

func (sigmoidNeuron) Loss(w, b float64, batch []uint8) (l float64) {
	for _, i := range points(batch) {
		r := ys[i] - 1/(1+math.Exp(-(w*xs[i]+b)))
		l += r * r / 2
	}
	return l
}

func (sigmoidNeuron) Grad(w, b float64, batch []uint8) (dw, db float64) {
	for _, i := range points(batch) {
		f := 1 / (1 + math.Exp(-(w*xs[i] + b)))
		dw += (f - ys[i]) * f * (1 - f) * xs[i]
		db += (f - ys[i]) * f * (1 - f)
	}
	return dw, db
}

func (sigmoidNeuron) Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64) {
	for _, i := range points(batch) {
		f := 1 / (1 + math.Exp(-(w*xs[i] + b)))
		s := f * (1 - f)
		h := s*s + (f-ys[i])*s*(1-2*f)
		hww, hwb, hbb = hww+h*xs[i]*xs[i], hwb+h*xs[i], hbb+h
	}
	return hww, hwb, hbb
}

var all = []uint8{0, 1}

func points(batch []uint8) []uint8 {
	if batch == nil {
		return all
	}
	return batch
}

// ExampleStep runs the lecture's gradient descent (w = b = -2, eta = 1, full
// batch) on its toy neuron: a long crawl over the sigmoid's plateau, then
// a quick descent.
func ExampleStep() {
	cfg := optim.Defaults(optim.GD) // eta = 1, full batch
	var st optim.State
	var rep optim.Report
	x := optim.Vec{-2, -2}
	obj := sigmoidNeuron{}
	for epoch := 1; epoch <= 1000; epoch++ {
		x = optim.Step(&cfg, &st, x, obj, &rep)
		switch epoch {
		case 1, 25, 50, 75, 100, 200, 1000:
			fmt.Printf("epoch %4d: w = %6.3f, b = %6.3f, loss %.5f, |grad| %.5f\n",
				st.Epoch, x[0], x[1], obj.Loss(x[0], x[1], nil), rep.Grad.Norm())
		}
	}
	// Output:
	// epoch    1: w = -1.995, b = -1.992, loss 0.41573, |grad| 0.00947
	// epoch   25: w = -1.838, b = -1.786, loss 0.41291, |grad| 0.01221
	// epoch   50: w = -1.585, b = -1.513, loss 0.40724, |grad| 0.01834
	// epoch   75: w = -0.910, b = -1.082, loss 0.37552, |grad| 0.06810
	// epoch  100: w =  1.003, b = -1.051, loss 0.01774, |grad| 0.02984
	// epoch  200: w =  1.607, b = -2.013, loss 0.00062, |grad| 0.00407
	// epoch 1000: w =  1.792, b = -2.282, loss 0.00000, |grad| 0.00000
}
