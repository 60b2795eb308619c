package expr

import "testing"

// The lecture's neuron loss typed as a user would, and Rosenbrock.
const (
	benchNeuron     = "0.5*((0.2 - sigmoid(0.5*w + b))^2 + (0.9 - sigmoid(2.5*w + b))^2)"
	benchRosenbrock = "(1 - w)^2 + 100*(b - w^2)^2"
)

var sink float64

func BenchmarkParse(b *testing.B) {
	for _, src := range []string{benchRosenbrock, benchNeuron} {
		b.Run(name(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEval(b *testing.B) {
	for _, src := range []string{benchRosenbrock, benchNeuron} {
		e, _ := Parse(src)
		b.Run(name(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink += e.Eval(0.3, -0.7)
			}
		})
	}
}

func BenchmarkGrad(b *testing.B) {
	for _, src := range []string{benchRosenbrock, benchNeuron} {
		e, _ := Parse(src)
		b.Run(name(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, _, _ := e.Grad(0.3, -0.7)
				sink += f
			}
		})
	}
}

func BenchmarkHessian(b *testing.B) {
	for _, src := range []string{benchRosenbrock, benchNeuron} {
		e, _ := Parse(src)
		b.Run(name(src), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, _, _, _, _, _ := e.Hessian(0.3, -0.7)
				sink += f
			}
		})
	}
}

func name(src string) string {
	if src == benchNeuron {
		return "neuron"
	}
	return "rosenbrock"
}
