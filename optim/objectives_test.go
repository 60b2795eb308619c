package optim_test

import "math"

// Test objectives. They live here because the surfaces package is written
// concurrently; each one has a gradient and Hessian simple enough to check
// by hand.

// bowl is L = (w^2 + 10 b^2)/2: gradient (w, 10b), Hessian diag(1, 10),
// minimum 0 at the origin.
type bowl struct{}

func (bowl) Loss(w, b float64, _ []uint8) float64            { return (w*w + 10*b*b) / 2 }
func (bowl) Grad(w, b float64, _ []uint8) (float64, float64) { return w, 10 * b }
func (bowl) Hessian(w, b float64, _ []uint8) (float64, float64, float64) {
	return 1, 0, 10
}
func (bowl) Points() int { return 1 }

// quad is L = d^T A d / 2 with d = (w-1, b+2) and A = [[3, 1], [1, 2]]
// (positive definite): a tilted bowl with its minimum at (1, -2).
type quad struct{}

func (quad) Loss(w, b float64, _ []uint8) float64 {
	dw, db := w-1, b+2
	return (3*dw*dw + 2*dw*db + 2*db*db) / 2
}
func (quad) Grad(w, b float64, _ []uint8) (float64, float64) {
	dw, db := w-1, b+2
	return 3*dw + db, dw + 2*db
}
func (quad) Hessian(w, b float64, _ []uint8) (float64, float64, float64) { return 3, 1, 2 }
func (quad) Points() int                                                 { return 1 }

// saddle is L = w^2 - b^2: gradient (2w, -2b), Hessian diag(2, -2), a
// saddle point at the origin.
type saddle struct{}

func (saddle) Loss(w, b float64, _ []uint8) float64            { return w*w - b*b }
func (saddle) Grad(w, b float64, _ []uint8) (float64, float64) { return 2 * w, -2 * b }
func (saddle) Hessian(w, b float64, _ []uint8) (float64, float64, float64) {
	return 2, 0, -2
}
func (saddle) Points() int { return 1 }

// quartic is L = w^4/4 + b^2/2: gradient (w^3, b), Hessian diag(3w^2, 1).
// Newton's step along w is w^3/(3w^2) = w/3, so w shrinks by 2/3 a step.
type quartic struct{}

func (quartic) Loss(w, b float64, _ []uint8) float64            { return w*w*w*w/4 + b*b/2 }
func (quartic) Grad(w, b float64, _ []uint8) (float64, float64) { return w * w * w, b }
func (quartic) Hessian(w, b float64, _ []uint8) (float64, float64, float64) {
	return 3 * w * w, 0, 1
}
func (quartic) Points() int { return 1 }

// plane is L = w + 2b: a constant gradient (1, 2) and a zero Hessian.
type plane struct{}

func (plane) Loss(w, b float64, _ []uint8) float64                        { return w + 2*b }
func (plane) Grad(w, b float64, _ []uint8) (float64, float64)             { return 1, 2 }
func (plane) Hessian(w, b float64, _ []uint8) (float64, float64, float64) { return 0, 0, 0 }
func (plane) Points() int                                                 { return 1 }

// rosenbrock is (1-w)^2 + 100 (b-w^2)^2, the analytic surface of the
// benchmarks.
type rosenbrock struct{}

func (rosenbrock) Loss(w, b float64, _ []uint8) float64 {
	return (1-w)*(1-w) + 100*(b-w*w)*(b-w*w)
}
func (rosenbrock) Grad(w, b float64, _ []uint8) (float64, float64) {
	return -2*(1-w) - 400*w*(b-w*w), 200 * (b - w*w)
}
func (rosenbrock) Hessian(w, b float64, _ []uint8) (float64, float64, float64) {
	return 2 - 400*b + 1200*w*w, -400 * w, 200
}
func (rosenbrock) Points() int { return 1 }

// sigmoidData is the lecture's loss for a sigmoid neuron on a data set:
// f(x) = 1/(1 + exp(-(w x + b))), L = 1/2 sum_i (y_i - f(x_i))^2 over the
// batch (nil: all points), with
//
//	dL/dw = sum (f - y) f (1 - f) x        dL/db = sum (f - y) f (1 - f)
//
// and, with s = f(1-f) and s' = s(1-2f), the Hessian
// sum (s^2 + (f-y) s') [x^2, x, 1].
type sigmoidData struct{ xs, ys []float64 }

// neuron is the lecture's toy problem: (0.5, 0.2) and (2.5, 0.9).
var neuron = &sigmoidData{xs: []float64{0.5, 2.5}, ys: []float64{0.2, 0.9}}

// manyPoints returns a data set of n points on a noisy sigmoid, for the
// sampler and the per-point benchmark.
func manyPoints(n int) *sigmoidData {
	d := &sigmoidData{xs: make([]float64, n), ys: make([]float64, n)}
	for i := range n {
		x := -3 + 6*float64(i)/float64(max(n-1, 1))
		d.xs[i] = x
		d.ys[i] = 1/(1+math.Exp(-(1.5*x-0.5))) + 0.05*math.Sin(7*float64(i))
	}
	return d
}

func (d *sigmoidData) count(batch []uint8) int {
	if batch == nil {
		return len(d.xs)
	}
	return len(batch)
}

func (d *sigmoidData) index(batch []uint8, k int) int {
	if batch == nil {
		return k
	}
	return int(batch[k])
}

func (d *sigmoidData) Loss(w, b float64, batch []uint8) float64 {
	var l float64
	for k := range d.count(batch) {
		i := d.index(batch, k)
		r := d.ys[i] - 1/(1+math.Exp(-(w*d.xs[i]+b)))
		l += r * r / 2
	}
	return l
}

func (d *sigmoidData) Grad(w, b float64, batch []uint8) (dw, db float64) {
	for k := range d.count(batch) {
		i := d.index(batch, k)
		f := 1 / (1 + math.Exp(-(w*d.xs[i] + b)))
		e := (f - d.ys[i]) * f * (1 - f)
		dw += e * d.xs[i]
		db += e
	}
	return dw, db
}

func (d *sigmoidData) Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64) {
	for k := range d.count(batch) {
		i := d.index(batch, k)
		x := d.xs[i]
		f := 1 / (1 + math.Exp(-(w*x + b)))
		s := f * (1 - f)
		h := s*s + (f-d.ys[i])*s*(1-2*f)
		hww += h * x * x
		hwb += h * x
		hbb += h
	}
	return hww, hwb, hbb
}

func (d *sigmoidData) Points() int { return len(d.xs) }
