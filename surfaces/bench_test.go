package surfaces_test

import (
	"testing"

	"downhill/surfaces"
)

var sink float64

// benchSurfaces are the surfaces benchmarked one by one: every built-in
// one and a custom Rosenbrock (to compare with the compiled one).
func benchSurfaces(b *testing.B) []surfaces.Surface {
	ss := all(b)
	return ss[:len(ss)-1] // the second custom expression adds nothing
}

func BenchmarkLoss(b *testing.B) {
	for _, s := range benchSurfaces(b) {
		p := s.Info().Starts[0]
		b.Run(s.Info().Name, func(b *testing.B) {
			for b.Loop() {
				sink += s.Loss(p.X, p.Y, nil)
			}
		})
	}
}

func BenchmarkGrad(b *testing.B) {
	for _, s := range benchSurfaces(b) {
		p := s.Info().Starts[0]
		b.Run(s.Info().Name, func(b *testing.B) {
			for b.Loop() {
				dw, db := s.Grad(p.X, p.Y, nil)
				sink += dw + db
			}
		})
	}
}

func BenchmarkHessian(b *testing.B) {
	for _, s := range benchSurfaces(b) {
		p := s.Info().Starts[0]
		b.Run(s.Info().Name, func(b *testing.B) {
			for b.Loop() {
				hww, hwb, hbb := s.Hessian(p.X, p.Y, nil)
				sink += hww + hwb + hbb
			}
		})
	}
}

// BenchmarkSparseGradPerPoint is the full-batch gradient on sparse (100
// points), reported per data point; and a mini-batch of 10.
func BenchmarkSparseGradPerPoint(b *testing.B) {
	s := mustNew(b, "sparse")
	p := s.Info().Starts[0]
	n := float64(s.Points())
	b.Run("full", func(b *testing.B) {
		for b.Loop() {
			dw, db := s.Grad(p.X, p.Y, nil)
			sink += dw + db
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/point")
	})
	batch := []uint8{3, 14, 15, 92, 65, 35, 89, 79, 32, 38}
	b.Run("batch10", func(b *testing.B) {
		for b.Loop() {
			dw, db := s.Grad(p.X, p.Y, batch)
			sink += dw + db
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(batch)), "ns/point")
	})
}

func BenchmarkSample256(b *testing.B) {
	for _, name := range []string{"neuron", "sparse", "rosenbrock", "rastrigin", "plateau", "custom"} {
		f := ""
		if name == "custom" {
			f = customExprs[0]
		}
		s, err := surfaces.New(name, f)
		if err != nil {
			b.Fatal(err)
		}
		var grid []float64
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				grid, _, _ = surfaces.Sample(s, s.Info().Box, 256, 256, grid)
			}
		})
	}
}
