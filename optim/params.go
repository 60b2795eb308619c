package optim

import (
	"math"
	"strconv"
	"strings"
)

// Hyper is one hyperparameter of Config: the Setting that names and checks
// it, and which rules and data it matters for (the panel shows only those).
type Hyper struct {
	Setting
	// Rules lists the rules that use it; nil means every rule.
	Rules []Rule
	// Data: it matters only on a data set (the batch size and the shuffle
	// seed); Batched: only when a batch is smaller than the data (the seed).
	Data, Batched bool
	// Schedules, when not nil, are the learning-rate schedules it belongs
	// to (decay, every, k).
	Schedules []ScheduleKind
}

// Uses reports whether rule r uses the hyperparameter.
func (h *Hyper) Uses(r Rule) bool {
	if h.Rules == nil {
		return true
	}
	for _, u := range h.Rules {
		if u == r {
			return true
		}
	}
	return false
}

var (
	momentumRules = []Rule{Momentum, NAG}
	adamRules     = []Rule{Adam, NAdam, AMSGrad}
	adaptiveRules = []Rule{Adagrad, RMSProp, Adam, NAdam, AMSGrad}
	etaRules      = []Rule{GD, Momentum, NAG, Adagrad, RMSProp, Adam, NAdam, AMSGrad, Newton} // all but line search
)

// Hyperparameters lists every field of Config a user can set, in the order
// the URL applies them and the panel shows them. Its ranges are the ones
// Config.Set and Config.Validate check.
var Hyperparameters = []Hyper{
	{Setting: Setting{Key: "lr", Title: "η, learning rate", Kind: Real, Min: 0, Max: 1e6,
		Log: true, SliderMin: 1e-5, SliderMax: 10}, Rules: etaRules},
	{Setting: Setting{Key: "gamma", Title: "γ, momentum", Kind: Real, Min: 0, Max: 1, MaxOpen: true,
		SliderMin: 0, SliderMax: 0.999, Step: 0.001}, Rules: momentumRules},
	{Setting: Setting{Key: "gammaMax", Title: "Momentum schedule (Sutskever): γ_t rises to γ max", Kind: Real,
		Min: 0, Max: 1, MaxOpen: true, Off: "off", Choices: []string{"0.999", "0.995", "0.99", "0.9", "0"}}, Rules: momentumRules},
	{Setting: Setting{Key: "beta", Title: "β, decay of RMSProp's average of g²", Kind: Real, Min: 0, Max: 1, MaxOpen: true,
		SliderMin: 0, SliderMax: 0.999, Step: 0.001}, Rules: []Rule{RMSProp}},
	{Setting: Setting{Key: "beta1", Title: "β₁, decay of the mean m", Kind: Real, Min: 0, Max: 1, MaxOpen: true,
		SliderMin: 0, SliderMax: 0.999, Step: 0.001}, Rules: adamRules},
	{Setting: Setting{Key: "beta2", Title: "β₂, decay of the mean of squares v", Kind: Real, Min: 0, Max: 1, MaxOpen: true,
		SliderMin: 0, SliderMax: 0.9999, Step: 0.0001}, Rules: adamRules},
	{Setting: Setting{Key: "eps", Title: "ε, inside the square root", Kind: Real, Min: 0, Max: 1, MinOpen: true,
		Log: true, SliderMin: 1e-12, SliderMax: 1}, Rules: adaptiveRules},
	{Setting: Setting{Key: "biasCorrection", Title: "Bias correction (m̂ = m / (1 − β₁ᵗ), v̂ likewise)", Kind: Flag}, Rules: adamRules},
	{Setting: Setting{Key: "etas", Title: "Line search tries these η", Kind: List, Min: 0, Max: 1e6, MinOpen: true, MaxItems: MaxEtas},
		Rules: []Rule{LineSearch}},
	{Setting: Setting{Key: "batch", Title: "Batch size B (0 = full batch, 1 = stochastic)", Kind: Whole, Min: 0, Max: MaxPoints,
		SliderMin: 0, SliderMax: MaxPoints, Step: 1, Accepted: "0 for full batch, or a batch size from 1 to " + strconv.Itoa(MaxPoints)}, Data: true},
	{Setting: Setting{Key: "seed", Title: "Shuffle seed", Kind: Whole, Min: 0, Max: math.MaxUint64}, Data: true, Batched: true},
	{Setting: Setting{Key: "schedule", Title: "Learning-rate schedule", Kind: Choice, Choices: scheduleNames[:], ChoiceTitles: scheduleTitles[:]},
		Rules: etaRules},
	{Setting: Setting{Key: "decay", Title: "decay factor", Kind: Real, Min: 0, Max: 1, MinOpen: true,
		SliderMin: 0.05, SliderMax: 1, Step: 0.05}, Rules: etaRules, Schedules: []ScheduleKind{StepDecay, OnRise}},
	{Setting: Setting{Key: "every", Title: "every (epochs)", Kind: Whole, Min: 1, Max: 1e6,
		SliderMin: 1, SliderMax: 50, Step: 1, Accepted: "a whole number of epochs from 1 to 1000000"}, Rules: etaRules, Schedules: []ScheduleKind{StepDecay}},
	{Setting: Setting{Key: "k", Title: "k, decay rate per step", Kind: Real, Min: 0, Max: 1e6,
		Log: true, SliderMin: 1e-5, SliderMax: 1}, Rules: etaRules, Schedules: []ScheduleKind{ExpDecay, InvDecay}},
}

// HyperByKey returns the hyperparameter with the given key.
func HyperByKey(key string) (*Hyper, bool) {
	for i := range Hyperparameters {
		if Hyperparameters[i].Key == key {
			return &Hyperparameters[i], true
		}
	}
	return nil, false
}

// real returns the field of c a Real or Whole hyperparameter lives in (nil
// for the others).
func (c *Config) real(key string) *float64 {
	switch key {
	case "lr":
		return &c.LR
	case "gamma":
		return &c.Gamma
	case "gammaMax":
		return &c.GammaMax
	case "beta":
		return &c.Beta
	case "beta1":
		return &c.Beta1
	case "beta2":
		return &c.Beta2
	case "eps":
		return &c.Eps
	case "decay":
		return &c.Schedule.Factor
	case "k":
		return &c.Schedule.K
	}
	return nil
}

// Value is a hyperparameter's value, typed where it enters (the URL's
// text parsed once by Parse, a JavaScript number taken as it is by Number)
// and stored as it is: X holds a Real's or a Whole's number, a Flag's 1 or
// 0 and a Choice's index; Items a List's numbers; Seed the shuffle seed, a
// whole number up to 2^64-1 that a float64 cannot hold exactly; Off the
// word that switches a Real off (gammaMax=off).
type Value struct {
	X     float64
	Seed  uint64
	Items []float64
	Off   bool
}

// Parse reads text, as the URL gives it, as h's value, checked against
// h's range. A refusal is an *Error naming h.Key.
func (h *Hyper) Parse(text string) (Value, error) {
	if h.Off != "" && strings.TrimSpace(text) == h.Off {
		return Value{Off: true}, nil
	}
	switch h.Kind {
	case Real:
		v, err := h.ParseReal(text)
		return Value{X: v}, err
	case Whole:
		if h.Key == "seed" {
			v, err := strconv.ParseUint(strings.TrimSpace(text), 10, 64)
			if err != nil {
				return Value{}, h.refuse(text, "is not a seed")
			}
			return Value{Seed: v}, nil
		}
		v, err := h.ParseWhole(text)
		return Value{X: float64(v)}, err
	case Flag:
		v, err := h.ParseFlag(text)
		if v {
			return Value{X: 1}, err
		}
		return Value{}, err
	case Choice:
		i, err := h.ParseChoice(text)
		return Value{X: float64(i)}, err
	case List:
		var etas [MaxEtas]float64
		n, err := h.ParseList(text, etas[:])
		if err != nil {
			return Value{}, err
		}
		return Value{Items: append([]float64(nil), etas[:n]...)}, nil
	}
	return Value{}, h.refuse(text, "is not a hyperparameter's value")
}

// Number takes x, as a JavaScript call gives it, as h's value, checked
// against h's range without turning it into text: a Real or a Whole (a
// whole number), the seed, or a List of one number. A Flag or a Choice
// takes words (Parse); text is how a refusal spells the value.
func (h *Hyper) Number(x float64, text string) (Value, error) {
	if !finite(x) {
		return Value{}, h.refuse(text, "is not a number")
	}
	switch h.Kind {
	case Real:
		return Value{X: x}, h.Check(x, text)
	case Whole:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return Value{}, h.refuse(text, "is not a whole number")
		}
		if h.Key == "seed" {
			if x < 0 {
				return Value{}, h.refuse(text, "is not a seed")
			}
			return Value{Seed: uint64(x)}, nil
		}
		return Value{X: x}, h.Check(x, text)
	case List:
		if !h.In(x) {
			return Value{}, h.refuse(text, "is not a list of numbers in range")
		}
		return Value{Items: []float64{x}}, nil
	}
	return h.Parse(text)
}

// Text spells v as the URL does (Parse reads it back to the same value).
func (h *Hyper) Text(v Value) string {
	switch {
	case v.Off:
		return h.Off
	case h.Key == "seed":
		return strconv.FormatUint(v.Seed, 10)
	case h.Kind == Flag:
		return strconv.FormatBool(v.X != 0)
	case h.Kind == Choice:
		if i := int(v.X); i >= 0 && i < len(h.Choices) {
			return h.Choices[i]
		}
		return ""
	case h.Kind == List:
		s := make([]string, len(v.Items))
		for i, e := range v.Items {
			s[i] = strconv.FormatFloat(e, 'g', -1, 64)
		}
		return strings.Join(s, ",")
	}
	return strconv.FormatFloat(v.X, 'g', -1, 64)
}

// Put sets hyperparameter key of c to v, a value Parse or Number checked
// against the key's range. An unknown key is an *Error; so is a value out
// of the key's range, which leaves c as it was.
func (c *Config) Put(key string, v Value) error {
	h, ok := HyperByKey(key)
	if !ok {
		return &Error{Field: key, Problem: "unknown hyperparameter", Accepted: strings.Join(HyperKeys(), ", ")}
	}
	if v.Off {
		if h.Off == "" {
			return h.refuse(h.Off, "is not a number")
		}
		c.MomentumSchedule = false
		return nil
	}
	switch h.Kind {
	case Real, Whole:
		if key == "seed" {
			c.Seed = v.Seed
			return nil
		}
		if err := h.Check(v.X, ""); err != nil {
			return err
		}
		switch key {
		case "batch":
			c.Batch = int(v.X)
		case "every":
			c.Schedule.Every = int(v.X)
		default:
			*c.real(key) = v.X
		}
		if key == "gammaMax" {
			c.MomentumSchedule = true
		}
	case Flag:
		c.BiasCorrection = v.X != 0
	case Choice:
		if v.X < 0 || int(v.X) >= len(h.Choices) {
			return h.refuse(strconv.FormatFloat(v.X, 'g', -1, 64), "is unknown")
		}
		c.Schedule.Kind = ScheduleKind(v.X)
	case List:
		if len(v.Items) < 1 || len(v.Items) > MaxEtas {
			return &Error{Field: key, Problem: strconv.Itoa(len(v.Items)) + " values", Accepted: h.AcceptedText()}
		}
		for _, e := range v.Items {
			if !h.In(e) {
				return h.refuse(h.Text(v), "is not a list of numbers in range")
			}
		}
		c.NEtas = copy(c.Etas[:], v.Items)
	}
	return nil
}

// Set sets one hyperparameter from its text, as the URL gives it: Parse,
// then Put. A refused value leaves c as it was and returns an *Error
// naming key and what is accepted.
func (c *Config) Set(key, text string) error {
	h, ok := HyperByKey(key)
	if !ok {
		return &Error{Field: key, Problem: "unknown hyperparameter", Accepted: strings.Join(HyperKeys(), ", ")}
	}
	v, err := h.Parse(text)
	if err != nil {
		return err
	}
	return c.Put(key, v)
}

// Value returns one hyperparameter of c as the JS API reports it: a
// float64, an int, a bool, a string (schedule), a []float64 (etas), or nil
// (gammaMax while the momentum schedule is off).
func (c *Config) Value(key string) any {
	switch key {
	case "gammaMax":
		if !c.MomentumSchedule {
			return nil
		}
		return c.GammaMax
	case "biasCorrection":
		return c.BiasCorrection
	case "etas":
		return append([]float64(nil), c.Etas[:c.NEtas]...)
	case "batch":
		return c.Batch
	case "every":
		return c.Schedule.Every
	case "seed":
		return c.Seed
	case "schedule":
		return c.Schedule.Kind.String()
	}
	if p := c.real(key); p != nil {
		return *p
	}
	return nil
}

// HyperKeys returns the hyperparameters' keys, in order, in a new slice.
func HyperKeys() []string {
	out := make([]string, len(Hyperparameters))
	for i, h := range Hyperparameters {
		out[i] = h.Key
	}
	return out
}
