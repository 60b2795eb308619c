package optim_test

import (
	"fmt"

	"downhill/optim"
)

func ExampleSutskeverGamma() {
	for _, t := range []int{0, 250, 750, 1750, 100000} {
		fmt.Printf("t = %6d: gamma = %.4f (capped at 0.99: %.4f)\n", t, optim.SutskeverGamma(t, 1), optim.SutskeverGamma(t, 0.99))
	}
	// Output:
	// t =      0: gamma = 0.5000 (capped at 0.99: 0.5000)
	// t =    250: gamma = 0.7500 (capped at 0.99: 0.7500)
	// t =    750: gamma = 0.8750 (capped at 0.99: 0.8750)
	// t =   1750: gamma = 0.9375 (capped at 0.99: 0.9375)
	// t = 100000: gamma = 0.9988 (capped at 0.99: 0.9900)
}

func ExampleStepsPerEpoch() {
	// 100 points, as in the lecture's sparse data set.
	for _, b := range []int{0, 1, 10, 32} {
		fmt.Printf("batch %3d: %3d steps per epoch\n", b, optim.StepsPerEpoch(100, b))
	}
	// Output:
	// batch   0:   1 steps per epoch
	// batch   1: 100 steps per epoch
	// batch  10:  10 steps per epoch
	// batch  32:   4 steps per epoch
}

// The lecture's annealing tip "halve the learning rate every 5 epochs"; the
// views ask LRAt for the eta of the next step.
func ExampleConfig_LRAt() {
	cfg := optim.Defaults(optim.GD)
	cfg.Schedule.Kind, _ = optim.ParseSchedule("step") // Defaults: decay 0.5, every 5
	for _, epoch := range []int{0, 4, 5, 9, 10, 15} {
		st := optim.State{Epoch: epoch}
		fmt.Printf("epoch %2d: eta = %g\n", epoch, cfg.LRAt(&st))
	}
	// Output:
	// epoch  0: eta = 1
	// epoch  4: eta = 1
	// epoch  5: eta = 0.5
	// epoch  9: eta = 0.5
	// epoch 10: eta = 0.25
	// epoch 15: eta = 0.125
}

func ExampleParseRule() {
	r, err := optim.ParseRule("nag")
	fmt.Println(r, err)
	_, err = optim.ParseRule("sgd")
	fmt.Println(err)
	// Output:
	// nag <nil>
	// opt: "sgd" is unknown (accepted: gd, momentum, nag, linesearch, adagrad, rmsprop, adam, nadam, amsgrad, newton)
}

func ExampleConfig_Validate() {
	cfg := optim.Defaults(optim.RMSProp)
	cfg.Beta = 1
	fmt.Println(cfg.Validate())
	// Output:
	// beta: 1 is out of range (accepted: 0 <= beta < 1)
}

// Line search reports every candidate it tried; here on L = (w^2 + 10 b^2)/2
// from (1, 0.5).
func ExampleReport_lineSearch() {
	cfg := optim.Defaults(optim.LineSearch)
	var st optim.State
	var rep optim.Report
	optim.Step(&cfg, &st, optim.Vec{1, 0.5}, bowl{}, &rep)
	for i, c := range rep.Cands[:rep.NCands] {
		mark := ""
		if i == rep.Chosen {
			mark = " <- chosen"
		}
		fmt.Printf("eta %4g: loss %g%s\n", c.Eta, c.Loss, mark)
	}
	// Output:
	// eta  0.1: loss 0.405 <- chosen
	// eta  0.5: loss 20.125
	// eta    1: loss 101.25
	// eta    5: loss 3009.25
	// eta   10: loss 12291.75
}
