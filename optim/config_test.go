package optim_test

import (
	"math"
	"strings"
	"testing"

	"downhill/optim"
)

func TestDefaultsAreValid(t *testing.T) {
	for r := range optim.NumRules {
		c := optim.Defaults(r)
		if err := c.Validate(); err != nil {
			t.Errorf("Defaults(%v): %v", r, err)
		}
		for k := range optim.NumSchedules {
			c.Schedule.Kind = k // changing the kind alone is enough
			if err := c.Validate(); err != nil {
				t.Errorf("Defaults(%v) with schedule %v: %v", r, k, err)
			}
		}
		c.MomentumSchedule = true
		if err := c.Validate(); err != nil {
			t.Errorf("Defaults(%v) with the momentum schedule: %v", r, err)
		}
	}
	if c := optim.Defaults(optim.Adam); c.LR != 0.1 || c.Beta1 != 0.9 || c.Beta2 != 0.999 || c.Eps != 1e-8 || !c.BiasCorrection {
		t.Errorf("Adam's defaults: %+v", c)
	}
	if c := optim.Defaults(optim.GD); c.LR != 1 || c.Gamma != 0.9 || c.Batch != 0 || c.NEtas != 5 || c.Etas[4] != 10 {
		t.Errorf("GD's defaults: %+v", c)
	}
}

// TestValidateNamesTheField: every bad value is reported with the name the
// URL and the JS API use, and what is accepted.
func TestValidateNamesTheField(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		field string
		set   func(*optim.Config)
	}{
		{"opt", func(c *optim.Config) { c.Rule = optim.NumRules }},
		{"lr", func(c *optim.Config) { c.LR = -1 }},
		{"lr", func(c *optim.Config) { c.LR = nan }},
		{"lr", func(c *optim.Config) { c.LR = math.Inf(1) }},
		{"gamma", func(c *optim.Config) { c.Gamma = 1 }},
		{"gamma", func(c *optim.Config) { c.Gamma = -0.1 }},
		{"beta", func(c *optim.Config) { c.Beta = 1.5 }},
		{"beta1", func(c *optim.Config) { c.Beta1 = 1 }},
		{"beta2", func(c *optim.Config) { c.Beta2 = nan }},
		{"eps", func(c *optim.Config) { c.Eps = 0 }},
		{"eps", func(c *optim.Config) { c.Eps = 2 }},
		{"etas", func(c *optim.Config) { c.NEtas = 0 }},
		{"etas", func(c *optim.Config) { c.NEtas = optim.MaxEtas + 1 }},
		{"etas", func(c *optim.Config) { c.Etas[2] = 0 }},
		{"etas", func(c *optim.Config) { c.Etas[0] = nan }},
		{"batch", func(c *optim.Config) { c.Batch = -1 }},
		{"batch", func(c *optim.Config) { c.Batch = optim.MaxPoints + 1 }},
		{"gammaMax", func(c *optim.Config) { c.MomentumSchedule, c.GammaMax = true, 1 }},
		{"schedule", func(c *optim.Config) { c.Schedule.Kind = optim.NumSchedules }},
		{"decay", func(c *optim.Config) { c.Schedule.Kind, c.Schedule.Factor = optim.StepDecay, 0 }},
		{"decay", func(c *optim.Config) { c.Schedule.Kind, c.Schedule.Factor = optim.OnRise, 1.5 }},
		{"decay", func(c *optim.Config) { c.Schedule.Factor = -1 }}, // unused by constant, still wrong
		{"every", func(c *optim.Config) { c.Schedule.Kind, c.Schedule.Every = optim.StepDecay, 0 }},
		{"every", func(c *optim.Config) { c.Schedule.Every = -3 }},
		{"k", func(c *optim.Config) { c.Schedule.Kind, c.Schedule.K = optim.ExpDecay, -0.1 }},
		{"k", func(c *optim.Config) { c.Schedule.Kind, c.Schedule.K = optim.InvDecay, nan }},
	} {
		cfg := optim.Defaults(optim.Adam)
		c.set(&cfg)
		err := cfg.Validate()
		if err == nil {
			t.Errorf("%s: no error for %+v", c.field, cfg)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, c.field+": ") || !strings.Contains(msg, "accepted") {
			t.Errorf("%s: error %q does not start with the field's name or say what is accepted", c.field, msg)
		}
	}
	// Zero parameters a schedule does not use are fine: the zero Schedule
	// is Constant, and GammaMax is free while the momentum schedule is off.
	cfg := optim.Defaults(optim.GD)
	cfg.Schedule = optim.Schedule{}
	cfg.GammaMax = 7
	if err := cfg.Validate(); err != nil {
		t.Errorf("zero Schedule: %v", err)
	}
	cfg.Schedule = optim.Schedule{Kind: optim.ExpDecay} // k = 0: constant, allowed
	if err := cfg.Validate(); err != nil {
		t.Errorf("exp with k = 0: %v", err)
	}
}

func TestRuleNames(t *testing.T) {
	names := optim.Rules()
	if strings.Join(names, " ") != "gd momentum nag linesearch adagrad rmsprop adam nadam amsgrad newton" {
		t.Errorf("Rules() = %v", names)
	}
	if len(names) != int(optim.NumRules) {
		t.Errorf("%d names for %d rules", len(names), optim.NumRules)
	}
	for i, n := range names {
		r, err := optim.ParseRule(n)
		if err != nil || r != optim.Rule(i) || r.String() != n {
			t.Errorf("ParseRule(%q) = %v, %v", n, r, err)
		}
	}
	names[0] = "changed"
	if optim.GD.String() != "gd" || optim.Rules()[0] != "gd" {
		t.Error("changing the slice of Rules renamed a rule")
	}
	for _, bad := range []string{"sgd", "Adam", "", " adam"} {
		_, err := optim.ParseRule(bad)
		if err == nil || !strings.HasPrefix(err.Error(), "opt: ") || !strings.Contains(err.Error(), "gd, momentum, nag") {
			t.Errorf("ParseRule(%q): %v", bad, err)
		}
	}
	if s := optim.NumRules.String(); s != "Rule(10)" {
		t.Errorf("NumRules.String() = %q", s)
	}
}

// TestStepAllocatesNothing: every rule, full batch, stochastic and
// mini-batch, with and without a report, with the schedules that do the
// most bookkeeping.
func TestStepAllocatesNothing(t *testing.T) {
	objs := []struct {
		name string
		obj  optim.Objective
	}{{"rosenbrock", rosenbrock{}}, {"neuron", neuron}, {"points", manyPoints(20)}}
	for r := range optim.NumRules {
		for _, o := range objs {
			for _, batch := range []int{0, 1, 3} {
				for _, kind := range []optim.ScheduleKind{optim.Constant, optim.OnRise, optim.ExpDecay} {
					cfg := optim.Defaults(r)
					cfg.LR = 1e-3
					cfg.Batch = batch
					cfg.Schedule.Kind = kind
					cfg.MomentumSchedule = kind == optim.ExpDecay
					st := new(optim.State)
					rep := new(optim.Report)
					x := optim.Vec{0.5, 0.5}
					for _, report := range []*optim.Report{rep, nil} {
						allocs := testing.AllocsPerRun(50, func() {
							x = optim.Step(&cfg, st, x, o.obj, report)
						})
						if allocs != 0 {
							t.Errorf("%v on %s, batch %d, %v schedule, report %v: %v allocations per step", r, o.name, batch, kind, report != nil, allocs)
						}
					}
				}
			}
		}
	}
}
