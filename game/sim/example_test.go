package sim_test

import (
	"fmt"

	"downhill/game/sim"
	"downhill/optim"
)

// World.Do is the one way to change a world: here a race of gradient
// descent and momentum dropped at the lecture's start, then 50 steps, then
// the losses read back.
func ExampleWorld_Do() {
	w := sim.New() // the lecture's neuron surface
	w.Do(&sim.Set{Params: sim.ParseQuery("opt=gd,momentum&lr=1&gamma=0.9")})
	drop := &sim.Drop{At: optim.Vec{-2, -2}}
	if err := w.Do(drop); err != nil {
		fmt.Println(err)
	}
	w.Do(sim.Step{N: 50})
	for _, b := range w.Balls {
		fmt.Printf("%s: loss %.4f after %d steps\n", b.Label, b.Loss, b.St.T)
	}
	// A drop off the surface's domain is refused, naming the field.
	fmt.Println(w.Do(&sim.Drop{At: optim.Vec{2e6, 0}}))
	// Output:
	// GD: loss 0.4072 after 50 steps
	// Momentum: loss 0.0165 after 50 steps
	// start: "(2e+06, 0)" is not a starting point (accepted: two finite numbers w, b with |w|, |b| <= 1e6)
}

// Set is the settings entry the URL, downhill.set() and the scenes use:
// each key decodes into a command, the good ones take effect and each bad
// one is refused, naming the key and what is accepted.
func ExampleSet() {
	w := sim.New()
	set := &sim.Set{Params: sim.ParseQuery("speed=5&lr=-1")}
	w.Do(set)
	fmt.Println("speed", w.Speed)
	for _, err := range set.Errs {
		fmt.Println(err)
	}
	// Output:
	// speed 5
	// lr: -1 is out of range (accepted: 0 to 1e6)
}
