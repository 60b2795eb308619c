package surfaces

import "testing"

// LossGrad is Loss and Grad at once, bit for bit (a ball's step and a
// convergence map's cell use it, and must agree with every other reader).
func TestLossGradIsLossAndGrad(t *testing.T) {
	for _, name := range []string{"neuron", "valley", "sparse"} {
		s, err := New(name, "")
		if err != nil {
			t.Fatal(err)
		}
		lg, ok := s.(interface {
			LossGrad(w, b float64) (float64, float64, float64)
		})
		if !ok {
			t.Fatalf("%s has no LossGrad", name)
		}
		for _, p := range [][2]float64{{-2, -2}, {1.79, -2.28}, {6, -6}, {-40, 30}, {0.1, 0}} {
			l, dw, db := lg.LossGrad(p[0], p[1])
			gw, gb := s.Grad(p[0], p[1], nil)
			if l != s.Loss(p[0], p[1], nil) || dw != gw || db != gb {
				t.Errorf("%s at %v: LossGrad %v %v %v, Loss and Grad %v %v %v", name, p, l, dw, db, s.Loss(p[0], p[1], nil), gw, gb)
			}
		}
	}
}
