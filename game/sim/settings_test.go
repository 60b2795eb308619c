package sim

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"downhill/optim"
)

// settingCase is one key of the settings table: a value it takes and what
// that does to the world (what state() reports comes from these fields),
// and a value it refuses. setup runs first, on a fresh world.
type settingCase struct {
	setup, good, bad string
	effect           func(w *World) bool
}

func cfg(r optim.Rule, key string, want any) func(w *World) bool {
	return func(w *World) bool { c := w.Config(r); return reflect.DeepEqual(c.Value(key), want) }
}

var settingCases = map[string]settingCase{
	"scene":          {good: "5.4-momentum-valley", bad: "5.99-nothing", effect: func(w *World) bool { return w.Scene >= 0 && Scenes[w.Scene].Name == "5.4-momentum-valley" }},
	"tour":           {good: "1", bad: "maybe", effect: func(w *World) bool { return w.Tour && w.Scene == 0 }},
	"surface":        {good: "bowl", bad: "nowhere", effect: func(w *World) bool { return w.Info.Name == "bowl" }},
	"f":              {good: "w^2+2*b^2", bad: "w++", effect: func(w *World) bool { return w.Info.Name == "custom" && w.F == "w^2+2*b^2" }},
	"opt":            {good: "adam,gd", bad: "gd,sgdx", effect: func(w *World) bool { return reflect.DeepEqual(w.Enabled, []optim.Rule{optim.Adam, optim.GD}) }},
	"lr":             {good: "0.25", bad: "-1", effect: cfg(optim.GD, "lr", 0.25)},
	"gamma":          {good: "0.5", bad: "1", effect: cfg(optim.Momentum, "gamma", 0.5)},
	"gammaMax":       {good: "0.95", bad: "2", effect: cfg(optim.NAG, "gammaMax", 0.95)},
	"beta":           {good: "0.5", bad: "1.5", effect: cfg(optim.RMSProp, "beta", 0.5)},
	"beta1":          {good: "0.8", bad: "1", effect: cfg(optim.Adam, "beta1", 0.8)},
	"beta2":          {good: "0.99", bad: "-0.1", effect: cfg(optim.AMSGrad, "beta2", 0.99)},
	"eps":            {good: "1e-6", bad: "0", effect: cfg(optim.Adagrad, "eps", 1e-6)},
	"biasCorrection": {good: "false", bad: "maybe", effect: cfg(optim.Adam, "biasCorrection", false)},
	"etas":           {good: "0.1,0.3", bad: "0,1", effect: cfg(optim.LineSearch, "etas", []float64{0.1, 0.3})},
	"batch":          {good: "2", bad: "-1", effect: cfg(optim.GD, "batch", 2)},
	"seed":           {good: "18446744073709551615", bad: "-1", effect: cfg(optim.GD, "seed", uint64(math.MaxUint64))},
	"schedule":       {good: "exp", bad: "sometimes", effect: cfg(optim.GD, "schedule", "exp")},
	"decay":          {good: "0.25", bad: "0", effect: cfg(optim.GD, "decay", 0.25)},
	"every":          {good: "3", bad: "0.5", effect: cfg(optim.GD, "every", 3)},
	"k":              {good: "0.5", bad: "-1", effect: cfg(optim.GD, "k", 0.5)},
	"speed":          {good: "2", bad: "0", effect: func(w *World) bool { return w.Speed == 2 }},
	"maxSteps":       {good: "50", bad: "0", effect: func(w *World) bool { return w.MaxSteps == 50 }},
	"yaw":            {good: "30", bad: "9999", effect: func(w *World) bool { return math.Abs(w.Cam.Yaw-math.Pi/6) < 1e-12 }},
	"pitch":          {good: "60", bad: "1", effect: func(w *World) bool { return math.Abs(w.Cam.Pitch-math.Pi/3) < 1e-12 }},
	"zoom":           {good: "2", bad: "0", effect: func(w *World) bool { return w.Cam.Zoom == 2 }},
	"spin":           {good: "10", bad: "1000", effect: func(w *World) bool { return math.Abs(w.Spin-math.Pi/18) < 1e-12 }},
	"grid":           {good: "0", bad: "maybe", effect: func(w *World) bool { return !w.Grid }},
	"views":          {good: "loss,3d", bad: "loss,loss", effect: func(w *World) bool { return reflect.DeepEqual(w.Views, []View{ViewLoss, View3D}) }},
	"main":           {good: "3d", bad: "4d", effect: func(w *World) bool { return w.Main == View3D }},
	"title":          {good: " My  title ", bad: "a\x01b", effect: func(w *World) bool { return w.Title == "My title" }},
	"caption":        {good: "What to see", bad: "\x7f", effect: func(w *World) bool { return w.Caption == "What to see" }},
	"present":        {good: "1", bad: "maybe", effect: func(w *World) bool { return w.Present }},
	"sound":          {good: "on", bad: "maybe", effect: func(w *World) bool { return w.Sound }},
	"box":            {good: "-1,1,-2,2", bad: "1,0,0,1", effect: func(w *World) bool { return w.Box.WMin == -1 && w.Box.BMax == 2 }},
	"paused":         {good: "1", bad: "maybe", effect: func(w *World) bool { return w.Paused }},
	"balls":          {setup: "opt=gd,nag", good: "-2,-2;1,3", bad: "-2,-2;x", effect: func(w *World) bool { return len(w.Balls) == 4 && w.Balls[2].Start == optim.Vec{1, 3} }},
	"ball": {good: "adam,-2,-2,lr=0.3,color=orange", bad: "adam,-2", effect: func(w *World) bool {
		return len(w.Balls) == 1 && w.Balls[0].Cfg.Rule == optim.Adam && w.Balls[0].Cfg.LR == 0.3 && w.Balls[0].Color == Palette[optim.RMSProp]
	}},
	"step":    {setup: "balls=-2,-2", good: "3", bad: "-1", effect: func(w *World) bool { return w.Balls[0].St.T == 3 }},
	"mapGrid": {good: "32", bad: "7", effect: func(w *World) bool { return w.MapGrid == 32 }},
	"mapEtas": {good: "0.1,0.2", bad: "0", effect: func(w *World) bool { return reflect.DeepEqual(w.MapEtas, []float64{0.1, 0.2}) }},
	"mode":    {good: "map", bad: "play", effect: func(w *World) bool { return w.Mode == ModeMap }},
	"guesses": {good: "0.5,0;1,1", bad: "0.5", effect: func(w *World) bool { return len(w.Guesses) == 2 && w.Mode == ModeGuess }},
	"guess":   {good: "0.5,0", bad: "0.5,0;1,1", effect: func(w *World) bool { return w.HaveGuess && w.Guess == optim.Vec{0.5, 0} && w.Mode == ModeGuess }},
	"search":  {good: "10", bad: "0", effect: func(w *World) bool { return len(w.Search) == 10 }},
	"sweep":   {good: "0.1,1", bad: "0.1,x", effect: func(w *World) bool { return len(w.SweepRows) == 2 && w.Mode == ModeSweep }},
	// The page's own keys: the page reads them; the world checks them and
	// changes nothing.
	"embed":  {good: "1", bad: "maybe"},
	"load":   {good: "click", bad: "later"},
	"panel":  {good: "off", bad: "side"},
	"sharp":  {good: "1", bad: "maybe"},
	"origin": {good: "https://notes.example.edu"}, // any text: the page judges it
}

func TestEverySettingDecodesToACommand(t *testing.T) {
	for _, key := range Keys() {
		tc, ok := settingCases[key]
		if !ok {
			t.Errorf("the settings table's key %q has no case here", key)
			continue
		}
		t.Run(key, func(t *testing.T) {
			w := New()
			if tc.setup != "" {
				if err := w.Do(&Set{Params: ParseQuery(tc.setup)}); err != nil {
					t.Fatal(err)
				}
			}
			row := settings[settingIndex(key)]
			p := Param{Key: key, Val: tc.good, base: key, rule: allRules}
			var cmd Command
			var err error
			if row.decode != nil {
				cmd, err = row.decode(w, p)
			} else { // surface and f decode together
				cmd = SetSurface{Name: tc.good}
				if key == "f" {
					cmd = SetSurface{Name: "custom", F: tc.good}
				}
			}
			if err != nil {
				t.Fatalf("%s=%q: %v", key, tc.good, err)
			}
			if (cmd == nil) != (tc.effect == nil) {
				t.Fatalf("%s=%q decodes to %#v", key, tc.good, cmd)
			}
			if cmd != nil {
				before := w.Changes
				if err := w.Do(cmd); err != nil {
					t.Fatalf("%s=%q: %T refused: %v", key, tc.good, cmd, err)
				}
				if !tc.effect(w) {
					t.Errorf("%s=%q: %T did not do what it says", key, tc.good, cmd)
				}
				if w.Changes == before {
					t.Errorf("%s=%q: %T counted no change", key, tc.good, cmd)
				}
			}
			// The same through the settings entry, from the URL's text.
			v := New()
			if tc.setup != "" {
				v.Do(&Set{Params: ParseQuery(tc.setup)})
			}
			set := &Set{Params: []Param{{Key: key, Val: tc.good}}}
			if err := v.Do(set); err != nil {
				t.Fatalf("Set %s=%q: %v", key, tc.good, err)
			}
			if tc.effect != nil && !tc.effect(v) {
				t.Errorf("Set %s=%q did not do what it says", key, tc.good)
			}
			// A bad value: one refusal, naming the key.
			if key == "origin" {
				return
			}
			bad := &Set{Params: []Param{{Key: key, Val: tc.bad}}}
			New().Do(bad)
			if len(bad.Errs) != 1 {
				t.Fatalf("Set %s=%q: %d refusals %v, want 1", key, tc.bad, len(bad.Errs), bad.Errs)
			}
			var e *optim.Error
			if !errors.As(bad.Errs[0], &e) || e.Field != key {
				t.Errorf("Set %s=%q is refused with %v, not naming %s", key, tc.bad, bad.Errs[0], key)
			}
		})
	}
}

// TestNumbersStayNumbers: a number from a JavaScript call (Number) is
// taken as it is, and a hyperparameter is stored as a number, whichever
// way it came.
func TestNumbersStayNumbers(t *testing.T) {
	w := New()
	set := &Set{Params: []Param{Number("lr", 0.1+0.2), Number("speed", 2.5), Number("maxSteps", 40), {Key: "adam.beta1", Val: "0.85"},
		Number("seed", 12), Number("etas", 0.4)}}
	if err := w.Do(set); err != nil {
		t.Fatal(err)
	}
	if w.Config(optim.GD).LR != 0.1+0.2 || w.Speed != 2.5 || w.MaxSteps != 40 || w.Config(optim.Adam).Beta1 != 0.85 ||
		w.Config(optim.GD).Seed != 12 || !cfg(optim.LineSearch, "etas", []float64{0.4})(w) {
		t.Errorf("numbers did not arrive as given: lr %v speed %v maxSteps %v beta1 %v", w.Config(optim.GD).LR, w.Speed, w.MaxSteps, w.Config(optim.Adam).Beta1)
	}
	for _, h := range w.hyper {
		v := reflect.ValueOf(h.Value)
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).Kind() == reflect.String {
				t.Errorf("the override %s keeps text (%s)", h.key(), v.Type().Field(i).Name)
			}
		}
	}
	if got := w.hyper[0].Value.X; got != 0.1+0.2 {
		t.Errorf("lr is stored as %v, want the number given", got)
	}
	// Numbers a setting cannot take are refused like text, naming the key.
	bad := &Set{Params: []Param{Number("lr", math.NaN()), Number("maxSteps", 2.5), Number("speed", -1), Number("batch", 0.5)}}
	New().Do(bad)
	if len(bad.Errs) != 4 {
		t.Fatalf("%d refusals %v, want 4", len(bad.Errs), bad.Errs)
	}
	for i, key := range []string{"lr", "batch", "speed", "maxSteps"} { // the table's order
		var e *optim.Error
		if !errors.As(bad.Errs[i], &e) || e.Field != key {
			t.Errorf("refusal %v does not name %s", bad.Errs[i], key)
		}
	}
	// The same refusal from a number and from its text.
	a, b := &Set{Params: []Param{Number("speed", 0)}}, &Set{Params: []Param{{Key: "speed", Val: "0"}}}
	New().Do(a)
	New().Do(b)
	if a.Errs[0].Error() != b.Errs[0].Error() {
		t.Errorf("speed 0 as a number says %q, as text %q", a.Errs[0], b.Errs[0])
	}
}
