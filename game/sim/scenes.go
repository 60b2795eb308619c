package sim

import (
	"errors"

	"downhill/optim"
	"downhill/surfaces"
)

// Scene is one step of the lecture's tour: a complete set-up (surface,
// optimizers, hyperparameters, starts, speed, camera, the views and the
// map's framing, step mode, the exercise), written as the settings a URL
// would give, so that it travels the same path and checks as everything
// else, with a caption in plain words and the rule it shows.
type Scene struct {
	// Name is the scene's URL name (scene=5.4-momentum-valley).
	Name string
	// Section and Title name it in the tour ("5.4", "Momentum").
	Section, Title string
	// Caption says what is on screen and what to notice; Rule is the
	// formula it shows.
	Caption, Rule string
	// Setup is the set-up as URL settings, applied to a fresh world.
	Setup string
}

// Scenes is the lecture, in its order.
var Scenes = []Scene{}

// resetSetup puts every setting back to its default (the presenting mode,
// the tour, the clock and the seeds stay), on the neuron surface, without
// balls.
func (w *World) resetSetup() {
	w.hyper = nil
	w.Enabled = []optim.Rule{optim.GD}
	w.Paused = false
	w.Speed, w.MaxSteps = DefaultSpeed, DefaultMaxSteps
	w.Cam, w.Grid, w.Spin, w.Views = DefaultCamera(), true, 0, AllViews
	w.Mode, w.Quiz = ModeRoll, Quiz{}
	s, err := surfaces.New("neuron", "")
	if err != nil {
		panic(err) // the built-in surface always exists
	}
	w.setSurface(s, "")
}

// enterScene resets the world to scene i.
func (w *World) enterScene(i int) error {
	w.resetSetup()
	errs := w.apply(ParseQuery(Scenes[i].Setup))
	w.Scene = i
	// The command that entered the scene counts as its first edit.
	w.sceneEdits = w.edits + 1
	return errors.Join(errs...)
}

// tourStep goes d scenes on in the tour (turning it on), staying at its
// ends.
func (w *World) tourStep(d int) error {
	w.Tour = true
	i := min(max(w.Scene+d, 0), len(Scenes)-1)
	if w.Scene < 0 {
		i = 0
	}
	if i == w.Scene {
		return nil
	}
	return w.enterScene(i)
}

func applyScene(w *World, p Param) error {
	i, err := sceneSetting.ParseChoice(p.Val)
	if err != nil {
		return err
	}
	return w.enterScene(i)
}

func applyTour(w *World, p Param) error {
	on, err := tourSetting.ParseFlag(p.Val)
	if err != nil {
		return err
	}
	return Tour{On: on}.do(w)
}
