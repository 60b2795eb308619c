package surfaces_test

import (
	"errors"
	"fmt"

	"downhill/optim"
	"downhill/surfaces"
)

func ExampleNew() {
	s, err := surfaces.New("neuron", "")
	if err != nil {
		panic(err)
	}
	in := s.Info()
	fmt.Println(in.Title, "with", s.Points(), "points")
	fmt.Printf("L(0.5, 0) = %.4f\n", s.Loss(0.5, 0, nil))
	dw, db := s.Grad(-2, -2, nil)
	fmt.Printf("gradient at the lecture's start (-2, -2): (%.5f, %.5f)\n", dw, db)
	m := in.Minima[0]
	fmt.Printf("minimum (%.5f, %.5f)\n", m.X, m.Y)

	_, err = surfaces.New("custom", "w^2 + 10*b^")
	var e *optim.Error
	if errors.As(err, &e) {
		fmt.Println("field", e.Field, "position", e.Pos)
	}
	_, err = surfaces.New("banana", "")
	fmt.Println(err)
	// Output:
	// The lecture's sigmoid neuron with 2 points
	// L(0.5, 0) = 0.0731
	// gradient at the lecture's start (-2, -2): (-0.00549, -0.00771)
	// minimum (1.79176, -2.28217)
	// field f position 12
	// surface: "banana" is unknown (accepted: neuron, valley, sparse, rosenbrock, beale, himmelblau, saddle, bowl, rastrigin, plateau, custom)
}

func ExampleSample() {
	s, _ := surfaces.New("bowl", "")
	// A 3 x 2 grid over w in [-2, 2], b in [0, 1]: L = (w^2 + 25 b^2)/2.
	grid, lo, hi := surfaces.Sample(s, surfaces.Box{WMin: -2, WMax: 2, BMin: 0, BMax: 1}, 3, 2, nil)
	for j := 0; j < 2; j++ {
		fmt.Println(grid[j*3 : j*3+3])
	}
	fmt.Println(lo, hi)
	// Output:
	// [2 0 2]
	// [14.5 12.5 14.5]
	// 0 14.5
}
