package optim_test

import (
	"fmt"
	"testing"

	"downhill/optim"
)

// BenchmarkStep times one Step, with a report, for every rule on an
// analytic surface (Rosenbrock), on the lecture's neuron (2 points, full
// batch) and on the neuron stochastic (batch 1, the sampler included).
func BenchmarkStep(b *testing.B) {
	objs := []struct {
		name  string
		obj   optim.Objective
		batch int
		lr    float64
		start optim.Vec
	}{
		{"rosenbrock", rosenbrock{}, 0, 1e-4, optim.Vec{-1.2, 1}},
		{"neuron", neuron, 0, 0.1, optim.Vec{-2, -2}},
		{"neuron-batch1", neuron, 1, 0.1, optim.Vec{-2, -2}},
	}
	for r := range optim.NumRules {
		for _, o := range objs {
			b.Run(fmt.Sprintf("%v/%s", r, o.name), func(b *testing.B) {
				cfg := optim.Defaults(r)
				cfg.LR, cfg.Batch = o.lr, o.batch
				var st optim.State
				var rep optim.Report
				x := o.start
				b.ReportAllocs()
				for b.Loop() {
					x = optim.Step(&cfg, &st, x, o.obj, &rep)
					if !x.Finite() { // stochastic Newton, for one
						x, st = o.start, optim.State{}
					}
				}
			})
		}
	}
}

// BenchmarkFullBatchGrad times a full-batch GD step on data sets of n
// points and reports the cost per data point (the test's sigmoid neuron:
// one exp per point).
func BenchmarkFullBatchGrad(b *testing.B) {
	for _, n := range []int{2, 10, 100, 256} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			obj := manyPoints(n)
			cfg := optim.Defaults(optim.GD)
			cfg.LR = 1e-3
			var st optim.State
			x := optim.Vec{0.5, 0}
			b.ReportAllocs()
			for b.Loop() {
				x = optim.Step(&cfg, &st, x, obj, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/point")
		})
	}
}
