package surfaces

import (
	"math"

	"downhill/optim"
)

// The sparse data set of the lecture's 5.9, made reproducible. The slides
// say: "We created 100 random (x, y) pairs and then for roughly 80% of these
// pairs we set x to 0". Here, with optim.SplitMix64 seeded with sparseSeed and
// u() its Float64 (uniform in [0, 1)), each of the 100 points draws,
// in this order:
//
//	x = 2*u()                       uniform in [0, 2)
//	if u() < 0.8 { x = 0 }          the sparse feature: 84 of 100 end up 0
//	y = sigmoid(x + 2) + 0.1*(u() - 0.5)   a sigmoid with w = 1, b = 2, plus
//	                                       uniform noise in [-0.05, 0.05)
//	y = min(max(y, 0.01), 0.99)
//
// The minimum is not exactly (1, 2) because of the noise; sparseMinimum
// finds it with Newton's method from there.
const (
	sparseSeed   = 1
	sparseN      = 100
	sparseZero   = 0.8
	sparseXMax   = 2.0
	sparseW      = 1.0
	sparseB      = 2.0
	sparseNoise  = 0.1
	sparseYFloor = 0.01
)

func makeSparseData() []Point {
	r := optim.SplitMix64(sparseSeed)
	data := make([]Point, sparseN)
	for i := range data {
		x := sparseXMax * r.Float64()
		if r.Float64() < sparseZero {
			x = 0
		}
		y := Neuron(sparseW, sparseB, x) + sparseNoise*(r.Float64()-0.5)
		data[i] = Point{x, math.Min(math.Max(y, sparseYFloor), 1-sparseYFloor)}
	}
	return data
}

// sparseMinimum runs Newton's method with the exact Hessian from the
// generating (w, b) until the step stops shrinking; the loss is convex
// enough there that it converges to full precision in a few steps.
func sparseMinimum(d *dataSet) Point {
	w, b := sparseW, sparseB
	for k := 0; k < 50; k++ {
		gw, gb := d.Grad(w, b, nil)
		hww, hwb, hbb := d.Hessian(w, b, nil)
		det := hww*hbb - hwb*hwb
		sw, sb := (hbb*gw-hwb*gb)/det, (hww*gb-hwb*gw)/det
		w, b = w-sw, b-sb
		if math.Abs(sw)+math.Abs(sb) < 1e-15 {
			break
		}
	}
	return Point{w, b}
}

var sparseData = makeSparseData()

// The lecture's picture for 5.9, reproduced by the tests: start, and the
// etas of Info.LR.
var sparseStart = Point{-2, -2}

func newSparse() Surface {
	info := &Info{
		Name:  "sparse",
		Title: "A sparse feature (adaptive learning rates)",
		About: "The lecture's 5.9 data: 100 points of which about 80% have " +
			"x = 0, so the feature that w multiplies is sparse while b's " +
			"(always 1) is dense. Recipe: splitmix64 seeded with 1; per point " +
			"x = 2u, set to 0 when the next u < 0.8 (84 of 100 are), " +
			"y = σ(x + 2) + 0.1(u − 0.5), clipped to [0.01, 0.99]. The minimum, " +
			"found by Newton's method, is near (1.067, 2.001) with L ≈ 0.0435 " +
			"(the noise keeps it above 0). From (−2, −2): gradient descent " +
			"(eta 0.01), momentum and NAG (eta 0.003) first move almost only " +
			"along b (|Δw| ≈ 3% of |Δb|) because only 16 points give w a " +
			"gradient; Adagrad (eta 0.1) moves w as much as b from the first " +
			"step, but the squared b-gradients it adds up shrink its effective " +
			"rate for b twentyfold, so it crawls the last stretch in b (still " +
			"0.8 short after 500 steps); RMSProp (eta 0.01) forgets old " +
			"gradients and gets there in about 450 steps; Adam (eta 0.2) is " +
			"within 0.01 of the minimum's loss after about 20 steps, " +
			"far ahead of the others.",
		Box:    Box{-6, 6, -6, 6},
		Starts: []Point{sparseStart, {-4, 4}, {4, -4}},
		LR: map[string]float64{
			"gd": 0.01, "momentum": 0.003, "nag": 0.003,
			"adagrad": 0.1, "rmsprop": 0.01, "adam": 0.2, "nadam": 0.2,
			"amsgrad": 0.2, "newton": 1,
		},
	}
	d := newDataSet(sparseData, info)
	m := sparseMinimum(d)
	info.Minima = []Point{m}
	info.MinLoss = d.Loss(m.X, m.Y, nil)
	return d
}
