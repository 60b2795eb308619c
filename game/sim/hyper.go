package sim

import (
	"strings"

	"downhill/optim"
)

// The hyperparameters the world gives its balls: the overrides set so
// far (typed values, parsed once where they entered), the configuration a
// new ball of each rule gets, and a ball's own settings on top.

// SetHyper sets hyperparameter Key (optim.Hyperparameters, without an
// optimizer prefix) to Value for Rule, or for every optimizer when Rule is
// optim.NumRules: for new balls and, from their next step, for the rolling
// balls it concerns. It is checked on every configuration it concerns
// before anything changes. A later SetHyper of the same key replaces it
// (one for every optimizer replaces the per-optimizer ones too).
type SetHyper struct {
	Rule  optim.Rule
	Key   string
	Value optim.Value
}

func (c SetHyper) do(w *World) error {
	if c.Rule > allRules {
		return &optim.Error{Field: "optimizer", Value: c.Rule.String(), Problem: "is unknown", Accepted: strings.Join(optim.Rules(), ", ")}
	}
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		if c.Rule != allRules && c.Rule != r {
			continue
		}
		cfg := w.cfg[r]
		if err := cfg.Put(c.Key, c.Value); err != nil {
			return err
		}
		if err := cfg.Validate(); err != nil {
			return err
		}
	}
	kept := w.hyper[:0]
	for _, h := range w.hyper {
		if h.Key != c.Key || (h.Rule != c.Rule && c.Rule != allRules) {
			kept = append(kept, h)
		}
	}
	w.hyper = append(kept, c)
	w.deriveConfigs()
	for _, b := range w.Balls {
		if c.Rule == allRules || c.Rule == b.Cfg.Rule {
			cfg := b.Cfg
			if cfg.Put(c.Key, c.Value) == nil && cfg.Validate() == nil {
				if cfg.Batch != b.Cfg.Batch || cfg.Seed != b.Cfg.Seed {
					// A new sampling plan starts with a fresh shuffle.
					b.St.NPerm, b.St.Pos = 0, 0
				}
				b.Cfg = cfg
			}
		}
	}
	return nil
}
func (SetHyper) reason() string { return "settings" }

// key is the override's URL key: "lr", or "adam.lr" for one optimizer.
func (c SetHyper) key() string {
	if c.Rule == allRules {
		return c.Key
	}
	return c.Rule.String() + "." + c.Key
}

// text is the override's value as the URL spells it.
func (c SetHyper) text() string {
	h, ok := optim.HyperByKey(c.Key)
	if !ok {
		return "" // not stored: SetHyper refuses an unknown key (Put)
	}
	return h.Text(c.Value)
}

// decodeHyper reads a hyperparameter's param into its command.
func decodeHyper(h *optim.Hyper, p Param) (Command, error) {
	v, err := p.hyperValue(h)
	if err != nil {
		return nil, err
	}
	return SetHyper{Rule: p.rule, Key: h.Key, Value: v}, nil
}

// Config returns the configuration a new ball of rule r gets: the rule's
// defaults, the surface's recommended eta, then the overrides set so far.
func (w *World) Config(r optim.Rule) optim.Config { return w.cfg[r] }

func (w *World) deriveConfigs() {
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		c := optim.Defaults(r)
		if lr, ok := w.Info.LR[r.String()]; ok {
			c.LR = lr
		}
		if r == optim.LineSearch && w.Info.Etas != nil {
			// Where the lecture's etas all diverge, the surface's own set.
			c.NEtas = copy(c.Etas[:], w.Info.Etas)
		}
		for _, h := range w.hyper {
			if h.Rule == allRules || h.Rule == r {
				if err := c.Put(h.Key, h.Value); err != nil {
					panic("sim: a stored override no longer fits: " + err.Error()) // SetHyper checked it
				}
			}
		}
		w.cfg[r] = c
	}
}

// ballConfig returns the configuration of a ball of rule r with the
// hyperparameters in ps (keys without optimizer prefix, e.g. "lr") on top of
// the world's current configuration for r. The error names the first bad
// key.
func (w *World) ballConfig(r optim.Rule, ps []Param) (optim.Config, error) {
	c := w.cfg[r]
	for _, p := range ps {
		h, ok := optim.HyperByKey(p.Key)
		if !ok {
			return c, &optim.Error{Field: shortKey(p.Key), Problem: "unknown option of a ball",
				Accepted: "start, optimizer, " + strings.Join(optim.HyperKeys(), ", ")}
		}
		v, err := p.hyperValue(h)
		if err != nil {
			return c, err
		}
		if err := c.Put(p.Key, v); err != nil {
			return c, err
		}
		if err := c.Validate(); err != nil {
			return c, err
		}
	}
	return c, nil
}
