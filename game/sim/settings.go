package sim

import (
	"errors"
	"strings"

	"downhill/optim"
	"downhill/surfaces"
)

// The settings table: every key the URL and downhill.set() take, each
// with its optim.Setting (name, range, default, words) and its decoder from
// the raw param to a typed command; and Set, which decodes them in the
// table's order and does the commands through World.Do.

// The world's settings, each stated once: its key, its title in the panel
// and what is accepted. The hyperparameters' are optim.Hyperparameters.
var (
	sceneSetting    = optim.Setting{Key: "scene", Title: "Lecture scene", Kind: optim.Choice, Accepted: "a scene of the lecture such as 5.4-momentum-valley (info().scenes lists them)"}
	tourSetting     = optim.Setting{Key: "tour", Title: "The lecture, scene by scene", Kind: optim.Flag}
	surfaceSetting  = optim.Setting{Key: "surface", Title: "Loss surface L(w, b)", Kind: optim.Choice, Choices: surfaces.Names()}
	fSetting        = optim.Setting{Key: "f", Title: "Your f(w, b)", Kind: optim.Text, Accepted: "an expression in w and b, e.g. (1 - w)^2 + 100*(b - w^2)^2"}
	optSetting      = optim.Setting{Key: "opt", Title: "Optimizers a click drops", Kind: optim.Text, Accepted: "comma-separated: " + strings.Join(optim.Rules(), ", ")}
	speedSetting    = optim.Setting{Key: "speed", Title: "Speed (steps per second)", Kind: optim.Real, Min: 0.05, Max: 10000, Log: true, SliderMin: 0.2, SliderMax: 1000, Unit: "steps/s"}
	maxStepsSetting = optim.Setting{Key: "maxSteps", Title: "Step limit", Kind: optim.Whole, Min: 1, Max: 1000000}
	yawSetting      = optim.Setting{Key: "yaw", Title: "Camera heading (degrees)", Kind: optim.Real, Min: -3600, Max: 3600, Accepted: "degrees from -3600 to 3600"}
	pitchSetting    = optim.Setting{Key: "pitch", Title: "Camera elevation (degrees)", Kind: optim.Real, Min: MinPitchDeg, Max: MaxPitchDeg, Accepted: "degrees from 5 to 89"}
	zoomSetting     = optim.Setting{Key: "zoom", Title: "Camera zoom", Kind: optim.Real, Min: MinZoom, Max: MaxZoom}
	spinSetting     = optim.Setting{Key: "spin", Title: "Turn the 3D view (degrees per second)", Kind: optim.Real, Min: -720, Max: 720, Accepted: "degrees per second from -720 to 720"}
	gridSetting     = optim.Setting{Key: "grid", Title: "Grid lines on the 3D surface", Kind: optim.Flag}
	viewsSetting    = optim.Setting{Key: "views", Title: "Views shown", Kind: optim.Text, Choices: viewNames[:], Accepted: "a comma-separated subset of 3d, contour, loss, fit, in the order to show them"}
	mainSetting     = optim.Setting{Key: "main", Title: "The view a small frame keeps", Kind: optim.Choice, Choices: viewNames[:]}
	titleSetting    = optim.Setting{Key: "title", Title: "Your title for the figure", Kind: optim.Text, Accepted: "plain text of at most 120 characters"}
	captionSetting  = optim.Setting{Key: "caption", Title: "Your caption for the figure", Kind: optim.Text, Accepted: "plain text of at most 1000 characters"}
	presentSetting  = optim.Setting{Key: "present", Title: "Presenting: larger text and lines", Kind: optim.Flag}
	soundSetting    = optim.Setting{Key: "sound", Title: "Sound: the selected ball's loss as pitch", Kind: optim.Flag}
	boxSetting      = optim.Setting{Key: "box", Title: "The map's framing w0,w1,b0,b1", Kind: optim.Text, Accepted: "w0,w1,b0,b1 with w0 < w1, b0 < b1, |values| <= 1e6"}
	pausedSetting   = optim.Setting{Key: "paused", Title: "Paused", Kind: optim.Flag}
	ballsSetting    = optim.Setting{Key: "balls", Title: "Starting points", Kind: optim.Text, Accepted: "w,b pairs separated by ';', e.g. -2,-2;1,3"}
	ballSetting     = optim.Setting{Key: "ball", Title: "One ball with its own settings", Kind: optim.Text, Accepted: "optimizer,w,b then key=value settings, e.g. gd,-2,-2,lr=10,color=orange (the key may repeat)"}
	stepSetting     = optim.Setting{Key: "step", Title: "Steps taken at once", Kind: optim.Whole, Min: 0, Max: maxStepsAtOnce}
	modeSetting     = optim.Setting{Key: "mode", Title: "Exercise", Kind: optim.Choice, Choices: modeNames[:]}
	guessSetting    = optim.Setting{Key: "guess", Title: "Guess work at", Kind: optim.Text, Accepted: "one point w,b, e.g. 0.5,0"}
	guessesSetting  = optim.Setting{Key: "guesses", Title: "Tries recorded", Kind: optim.Text, Accepted: "w,b pairs separated by ';', e.g. 0.5,0;-0.1,0 (at most 50)"}
	searchSetting   = optim.Setting{Key: "search", Title: "Random search points", Kind: optim.Whole, Min: 1, Max: MaxSearch}
	mapGridSetting  = optim.Setting{Key: "mapGrid", Title: "Convergence map: cells per side", Kind: optim.Whole, Min: 8, Max: 256}
	mapEtasSetting  = optim.Setting{Key: "mapEtas", Title: "Convergence map: one optimizer at these learning rates", Kind: optim.List, Min: 0, Max: 1e6, MinOpen: true, MaxItems: MaxMapRules,
		Accepted: "up to 4 positive learning rates, e.g. 0.01,0.02,0.04 (off: one map per optimizer)"}
	sweepSetting = optim.Setting{Key: "sweep", Title: "Learning-rate sweep", Kind: optim.Text, Accepted: "1 for the lecture's 1e-4 ... 10, or up to 8 positive learning rates"}
	// The page's own keys: the page reads them before the wasm starts (how
	// to load, where the panel goes, whose messages to take); the world
	// checks them so that a mistake is reported like any other.
	embedSetting  = optim.Setting{Key: "embed", Title: "Behave as an embed", Kind: optim.Flag}
	loadSetting   = optim.Setting{Key: "load", Title: "When to load", Kind: optim.Choice, Choices: []string{"visible", "click", "eager"}}
	panelSetting  = optim.Setting{Key: "panel", Title: "Control panel", Kind: optim.Choice, Choices: []string{"open", "closed", "off"}}
	sharpSetting  = optim.Setting{Key: "sharp", Title: "Keep full resolution while frames run late", Kind: optim.Flag}
	originSetting = optim.Setting{Key: "origin", Title: "Host pages whose messages are taken", Kind: optim.Text, Accepted: "* or comma-separated origins such as https://notes.example.edu"}
)

// maxStepsAtOnce is the most steps one Step (or step=) takes.
const maxStepsAtOnce = 1000000

// Step counts, exercise sizes and the like that commands take, stated once.
var (
	// StepN is how many steps Step takes at once.
	StepN = optim.Setting{Key: "n", Kind: optim.Whole, Min: 0, Max: maxStepsAtOnce}
	// SweepSteps is how many steps each run of a sweep takes.
	SweepStepsSetting = optim.Setting{Key: "steps", Kind: optim.Whole, Min: 1, Max: 100000}
	// SweepEtas are a sweep's learning rates.
	SweepEtas = optim.Setting{Key: "etas", Kind: optim.List, Min: 0, Max: 1e6, MinOpen: true, MaxItems: MaxSweep}
	// QuizChoice is the answer to the quiz.
	QuizChoice = optim.Setting{Key: "i", Kind: optim.Whole, Min: 0, Max: QuizOptions - 1}
	// Factor is the multiplier of SpeedBy, Zoom and ZoomMap.
	Factor = optim.Setting{Key: "factor", Kind: optim.Real, Min: 1e-3, Max: 1e3}
)

// setting is one row of the table: its Setting (for a hyperparameter, the
// optim.Hyper's) and how a param of it becomes a command. decode returns a
// nil command for the page's own keys, which the world only checks.
type setting struct {
	spec   *optim.Setting
	hyper  *optim.Hyper
	decode decoder
}

// settings is every key, in the order Set does them: the scene first (it
// resets the world to itself, the rest then changes it), the surface
// before what depends on it, the balls after the settings they use.
var settings []setting

func init() {
	settings = []setting{
		{spec: &sceneSetting, decode: func(_ *World, p Param) (Command, error) {
			if _, err := sceneSetting.ParseChoice(p.Val); err != nil {
				return nil, err
			}
			return EnterScene{Name: strings.TrimSpace(p.Val)}, nil
		}},
		{spec: &tourSetting, decode: decodeFlag(&tourSetting, func(on bool) Command { return Tour{On: on} })},
		{spec: &surfaceSetting}, // with f: apply decodes the two into one SetSurface
		{spec: &fSetting},
		{spec: &optSetting, decode: func(_ *World, p Param) (Command, error) {
			rules, err := rulesOf(p.Val)
			return SetOptimizers{Rules: rules}, err
		}},
	}
	for i := range optim.Hyperparameters {
		h := &optim.Hyperparameters[i]
		settings = append(settings, setting{spec: &h.Setting, hyper: h, decode: func(_ *World, p Param) (Command, error) { return decodeHyper(h, p) }})
	}
	settings = append(settings, []setting{
		{spec: &speedSetting, decode: decodeReal(&speedSetting, func(v float64) Command { return SetSpeed{Speed: v} })},
		{spec: &maxStepsSetting, decode: decodeWhole(&maxStepsSetting, func(n int) Command { return SetMaxSteps{N: n} })},
		{spec: &yawSetting, decode: camera(&yawSetting, func(c *Camera, v float64) { c.Yaw = v * Degree })},
		{spec: &pitchSetting, decode: camera(&pitchSetting, func(c *Camera, v float64) { c.Pitch = v * Degree })},
		{spec: &zoomSetting, decode: camera(&zoomSetting, func(c *Camera, v float64) { c.Zoom = v })},
		{spec: &spinSetting, decode: decodeReal(&spinSetting, func(v float64) Command { return SetSpin{Deg: v} })},
		{spec: &gridSetting, decode: decodeFlag(&gridSetting, func(on bool) Command { return SetGrid{On: on} })},
		{spec: &viewsSetting, decode: func(_ *World, p Param) (Command, error) {
			v, err := parseViews(p.Val)
			return SetViews{Views: v}, err
		}},
		{spec: &mainSetting, decode: decodeChoice(&mainSetting, func(i int) Command { return SetMain{View: View(i)} })},
		{spec: &titleSetting, decode: func(_ *World, p Param) (Command, error) {
			t, err := parseWords(&titleSetting, p.Val, MaxTitle)
			return SetTitle{Text: t}, err
		}},
		{spec: &captionSetting, decode: func(_ *World, p Param) (Command, error) {
			t, err := parseWords(&captionSetting, p.Val, MaxCaption)
			return SetCaption{Text: t}, err
		}},
		{spec: &presentSetting, decode: decodeFlag(&presentSetting, func(on bool) Command { return SetPresent{On: on} })},
		{spec: &soundSetting, decode: decodeFlag(&soundSetting, func(on bool) Command { return SetSound{On: on} })},
		{spec: &boxSetting, decode: func(_ *World, p Param) (Command, error) {
			b, err := parseBox(p.Val)
			return SetBox{Box: b}, err
		}},
		{spec: &pausedSetting, decode: decodeFlag(&pausedSetting, func(on bool) Command {
			if on {
				return Pause{}
			}
			return Play{}
		})},
		{spec: &ballsSetting, decode: func(_ *World, p Param) (Command, error) {
			starts, err := parsePoints(ballsSetting, p.Val, MaxBalls)
			return DropRaces{At: starts}, err
		}},
		{spec: &ballSetting, decode: decodeBall},
		{spec: &stepSetting, decode: decodeWhole(&stepSetting, func(n int) Command { return Step{N: n} })},
		{spec: &mapGridSetting, decode: decodeWhole(&mapGridSetting, func(n int) Command { return SetMapGrid{N: n} })},
		{spec: &mapEtasSetting, decode: func(_ *World, p Param) (Command, error) {
			if v := strings.TrimSpace(p.Val); v == "off" || v == "" {
				return SetMapEtas{}, nil
			}
			var buf [MaxMapRules]float64
			n, err := mapEtasSetting.ParseList(p.Val, buf[:])
			return SetMapEtas{Etas: buf[:n]}, err
		}},
		{spec: &modeSetting, decode: decodeChoice(&modeSetting, func(i int) Command { return SetMode{Mode: Mode(i)} })},
		{spec: &guessesSetting, decode: func(_ *World, p Param) (Command, error) {
			pts, err := parsePoints(guessesSetting, p.Val, MaxGuesses)
			return Guesses{At: pts}, err
		}},
		{spec: &guessSetting, decode: func(_ *World, p Param) (Command, error) {
			pts, err := parsePoints(guessSetting, p.Val, 1)
			if err != nil {
				return nil, err
			}
			return &Guess{At: pts[0]}, nil
		}},
		{spec: &searchSetting, decode: decodeWhole(&searchSetting, func(n int) Command { return &RandomSearch{N: n} })},
		{spec: &sweepSetting, decode: func(_ *World, p Param) (Command, error) {
			c := &Sweep{}
			if v := strings.TrimSpace(p.Val); v != "1" && v != "true" {
				var buf [MaxSweep]float64
				n, err := SweepEtas.ParseList(v, buf[:])
				if err != nil {
					return nil, sweepSetting.Refuse(p.Val, "is not 1 or a list of learning rates")
				}
				c.Etas = buf[:n]
			}
			return c, nil
		}},
		{spec: &embedSetting, decode: decodeFlag(&embedSetting, nil)},
		{spec: &loadSetting, decode: decodeChoice(&loadSetting, nil)},
		{spec: &panelSetting, decode: decodeChoice(&panelSetting, nil)},
		{spec: &sharpSetting, decode: decodeFlag(&sharpSetting, nil)},
		{spec: &originSetting, decode: func(*World, Param) (Command, error) { return nil, nil }},
	}...)
	names := make([]string, len(Scenes))
	for i := range Scenes {
		names[i] = Scenes[i].Name
	}
	sceneSetting.Choices = names
}

// decodeReal, decodeWhole, decodeFlag and decodeChoice decode a setting of
// that kind into the command cmd makes of its value (cmd nil: the page's
// own key, checked only).
func decodeReal(s *optim.Setting, cmd func(float64) Command) decoder {
	return decodeAs(func(p Param) (float64, error) { return p.real(s) }, cmd)
}

func decodeWhole(s *optim.Setting, cmd func(int) Command) decoder {
	return decodeAs(func(p Param) (int, error) { return p.whole(s) }, cmd)
}

func decodeFlag(s *optim.Setting, cmd func(bool) Command) decoder {
	return decodeAs(func(p Param) (bool, error) { return s.ParseFlag(p.Val) }, cmd)
}

func decodeChoice(s *optim.Setting, cmd func(int) Command) decoder {
	return decodeAs(func(p Param) (int, error) { return s.ParseChoice(p.Val) }, cmd)
}

// decoder turns a param into its command (nil: nothing to do).
type decoder = func(w *World, p Param) (Command, error)

func decodeAs[T any](read func(Param) (T, error), cmd func(T) Command) decoder {
	return func(_ *World, p Param) (Command, error) {
		v, err := read(p)
		if err != nil || cmd == nil {
			return nil, err
		}
		return cmd(v), nil
	}
}

// camera decodes one of the camera's numbers into the world's camera with
// that number changed (keys are done one after another, so yaw, pitch and
// zoom together all take effect).
func camera(s *optim.Setting, set func(*Camera, float64)) decoder {
	return func(w *World, p Param) (Command, error) {
		v, err := p.real(s)
		if err != nil {
			return nil, err
		}
		c := w.Cam
		set(&c, v)
		return SetCamera{Cam: c}, nil
	}
}

// decodeBall reads "optimizer,w,b,key=value,...": one ball with its own
// settings (a value may hold commas: etas=0.1,0.5).
func decodeBall(_ *World, p Param) (Command, error) {
	parts := strings.Split(p.Val, ",")
	if len(parts) < 3 {
		return nil, ballSetting.Refuse(p.Val, "is not optimizer,w,b")
	}
	pts, err := parsePoints(ballSetting, parts[1]+","+parts[2], 1)
	if err != nil {
		return nil, err
	}
	c := &AddBall{Start: pts[0], Rule: strings.TrimSpace(parts[0])}
	for _, item := range parts[3:] {
		k, v, ok := strings.Cut(item, "=")
		switch {
		case ok:
			c.Params = append(c.Params, Param{Key: strings.TrimSpace(k), Val: v})
		case len(c.Params) > 0:
			c.Params[len(c.Params)-1].Val += "," + item
		default:
			return nil, ballSetting.Refuse(item, "is not a key=value setting")
		}
	}
	return c, nil
}

// Settings returns every setting the URL and downhill.set() take, in the
// order they are applied, for info() and the panel: the world's, with the
// hyperparameters (optim.Hyperparameters) in their place.
func Settings() []optim.Setting {
	out := make([]optim.Setting, len(settings))
	for i, s := range settings {
		out[i] = *s.spec
	}
	return out
}

// Keys returns every accepted key (without optimizer prefixes), in the order
// they are applied.
func Keys() []string {
	out := make([]string, len(settings))
	for i, s := range settings {
		out[i] = s.spec.Key
	}
	return out
}

func settingIndex(key string) int {
	for i, s := range settings {
		if s.spec.Key == key {
			return i
		}
	}
	return -1
}

// Set applies settings as the URL spells them: each key decodes into its
// command (the settings table's), and the commands are done through
// World.Do in the table's order, whatever their order in Params. Every
// accepted key takes effect; Errs reports each refused one (an
// *optim.Error naming the key as typed and what is accepted), whether its
// value did not decode or its command was refused, and Do returns them
// joined. A new surface removes every ball; hyperparameters apply to new
// balls and to rolling balls of the optimizers they concern, from their
// next step.
type Set struct {
	Params []Param
	Errs   []error
}

func (c *Set) do(w *World) error {
	c.Errs = w.apply(c.Params)
	if len(c.Errs) > 0 {
		// What was accepted took effect: still a change.
		w.changed(c.reason())
		w.edited(c.reason())
	}
	return errors.Join(c.Errs...)
}

func (c *Set) reason() string {
	words := len(c.Params) > 0
	for _, p := range c.Params {
		words = words && (p.Key == "title" || p.Key == "caption" || p.Key == "main")
	}
	if words {
		// A lecturer's words and the view a small frame keeps: a scene
		// given them is still that scene (Query keeps its name).
		return "words"
	}
	for _, p := range c.Params {
		switch p.Key {
		case "surface", "f":
			return "surface"
		case "mode":
			return "mode"
		case "scene", "tour":
			return "scene"
		}
	}
	return "settings"
}

// apply is Set's work (and a scene's set-up's): it decodes each known key
// in the table's order and does its command, and returns the refusals.
func (w *World) apply(ps []Param) []error {
	known, errs := classify(ps)
	// The surface and its expression go together, into one SetSurface;
	// an f with another surface is refused, and the surface changes.
	var surface *SetSurface
	haveF := false
	for _, p := range known {
		switch p.base {
		case "surface", "f":
			if surface == nil {
				surface = &SetSurface{Name: "custom"}
			}
			if p.base == "surface" {
				surface.Name = p.Val
			} else {
				surface.F, haveF = p.Val, true
			}
		}
	}
	for _, p := range known {
		var cmd Command
		var err error
		switch p.base {
		case "surface", "f":
			if surface == nil {
				continue
			}
			s := *surface
			surface = nil
			if s.Name != "custom" {
				s.F = ""
			}
			if err = w.Do(s); err == nil && s.Name != "custom" && haveF {
				err = errFOnlyCustom()
			}
		default:
			cmd, err = settings[settingIndex(p.base)].decode(w, p)
		}
		if err == nil && cmd != nil {
			err = w.Do(cmd)
		}
		if err != nil {
			if p.base != "surface" && p.base != "f" { // those name the field they refuse
				err = optim.Renamed(err, shortKey(p.Key))
			}
			errs = append(errs, err)
		}
	}
	return errs
}
