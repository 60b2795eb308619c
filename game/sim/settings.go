package sim

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"downhill/optim"
	"downhill/surfaces"
)

// Param is one setting as the URL and downhill.set() give it: a key and its
// text. Hyperparameter keys may carry an optimizer prefix ("adam.lr") to set
// one optimizer only.
type Param struct {
	Key, Val string

	rule optim.Rule // for hyperparameters: allRules or one rule
	base string     // the key without its optimizer prefix
}

const allRules = optim.NumRules

// Keys lists every accepted key (without optimizer prefixes), in the order
// Apply handles them.
var Keys = []string{
	"surface", "f", "opt",
	"lr", "gamma", "beta", "beta1", "beta2", "eps", "biasCorrection", "batch", "seed", "etas",
	"schedule", "decay", "every", "k", "gammaMax",
	"speed", "maxSteps", "yaw", "pitch", "zoom", "spin", "grid", "paused", "balls",
	"mode", "guess", "search", "sweep",
}

var hyperKeys = map[string]bool{
	"lr": true, "gamma": true, "beta": true, "beta1": true, "beta2": true, "eps": true,
	"biasCorrection": true, "batch": true, "seed": true, "etas": true,
	"schedule": true, "decay": true, "every": true, "k": true, "gammaMax": true,
}

// ParseQuery splits a URL query ("a=1&b=2", with or without the leading
// "?") into params, keeping their order. Values are URL-unescaped; a value
// that cannot be unescaped is kept as typed (Apply then rejects it).
func ParseQuery(q string) []Param {
	q = strings.TrimPrefix(q, "?")
	var ps []Param
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if u, err := unescape(k); err == nil {
			k = u
		}
		if u, err := unescape(v); err == nil {
			v = u
		}
		ps = append(ps, Param{Key: k, Val: v})
	}
	return ps
}

func unescape(s string) (string, error) {
	s = strings.ReplaceAll(s, "+", " ")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", fmt.Errorf("bad escape")
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String(), nil
}

// Apply applies settings, as from the URL or downhill.set(). Every
// accepted key takes effect; each rejected one yields an error that names the
// key and what is accepted, and leaves that setting as it was. Keys are
// handled in the order of Keys (the surface first, balls last), whatever
// their order in ps. A new surface removes every ball; hyperparameters apply
// to new balls and to running balls of the optimizers they concern, from
// their next step.
func (w *World) Apply(ps []Param) []error {
	var errs []error
	fail := func(p Param, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %q %s", p.Key, p.Val, fmt.Sprintf(format, args...)))
	}
	order := func(p Param) int {
		for i, k := range Keys {
			if k == p.base {
				return i
			}
		}
		return len(Keys)
	}
	// Classify, rejecting unknown keys.
	var known []Param
	for _, p := range ps {
		p.base, p.rule = p.Key, allRules
		if pre, rest, ok := strings.Cut(p.Key, "."); ok {
			r, err := optim.ParseRule(pre)
			if err != nil || !hyperKeys[rest] {
				errs = append(errs, fmt.Errorf("%s: unknown parameter (accepted: %s, or <optimizer>.<hyperparameter> such as adam.lr)", p.Key, strings.Join(Keys, ", ")))
				continue
			}
			p.base, p.rule = rest, r
		}
		if order(p) == len(Keys) {
			errs = append(errs, fmt.Errorf("%s: unknown parameter (accepted: %s)", p.Key, strings.Join(Keys, ", ")))
			continue
		}
		known = append(known, p)
	}
	// Stable sort by key order (few params: insertion sort).
	for i := 1; i < len(known); i++ {
		for j := i; j > 0 && order(known[j]) < order(known[j-1]); j-- {
			known[j], known[j-1] = known[j-1], known[j]
		}
	}

	// The surface and its expression go together.
	surface, f, haveSurface, haveF := "", "", false, false
	for _, p := range known {
		switch p.base {
		case "surface":
			surface, haveSurface = p.Val, true
		case "f":
			f, haveF = p.Val, true
		}
	}
	if haveF && !haveSurface {
		surface, haveSurface = "custom", true
	}
	if haveSurface {
		s, err := surfaces.New(surface, f)
		if err != nil {
			errs = append(errs, err)
		} else if surface != "custom" && haveF {
			errs = append(errs, fmt.Errorf("f: only used with surface=custom (surface is %q)", surface))
			w.setSurface(s, "")
		} else {
			w.setSurface(s, f)
		}
	}

	for _, p := range known {
		switch p.base {
		case "surface", "f":
			// done above
		case "opt":
			var rules []optim.Rule
			bad := false
			for _, name := range strings.Split(p.Val, ",") {
				r, err := optim.ParseRule(strings.TrimSpace(name))
				if err != nil {
					fail(p, "is not a list of optimizers (accepted: comma-separated names from %s)", strings.Join(optim.Rules(), ", "))
					bad = true
					break
				}
				rules = append(rules, r)
			}
			if !bad {
				w.Enabled = rules
			}
		case "speed":
			if v, ok := number(p.Val); ok && v >= 0.05 && v <= 10000 {
				w.Speed = v
			} else {
				fail(p, "is not a valid speed (accepted: steps per second from 0.05 to 10000)")
			}
		case "maxSteps":
			if v, err := strconv.Atoi(strings.TrimSpace(p.Val)); err == nil && v >= 1 && v <= 1000000 {
				w.MaxSteps = v
				for _, b := range w.Balls {
					if b.Status == StepLimit && b.St.T < v {
						b.Status = Rolling
					}
					w.checkStop(b)
				}
			} else {
				fail(p, "is not a valid step limit (accepted: a whole number from 1 to 1000000)")
			}
		case "yaw":
			if v, ok := number(p.Val); ok && math.Abs(v) <= 3600 {
				w.Cam.Yaw = v * math.Pi / 180
			} else {
				fail(p, "is not a valid angle (accepted: degrees from -3600 to 3600)")
			}
		case "pitch":
			if v, ok := number(p.Val); ok && v >= 5 && v <= 89 {
				w.Cam.Pitch = v * math.Pi / 180
			} else {
				fail(p, "is not a valid pitch (accepted: degrees from 5 to 89)")
			}
		case "zoom":
			if v, ok := number(p.Val); ok && v >= 0.3 && v <= 5 {
				w.Cam.Zoom = v
			} else {
				fail(p, "is not a valid zoom (accepted: 0.3 to 5)")
			}
		case "spin":
			if v, ok := number(p.Val); ok && math.Abs(v) <= 720 {
				w.Spin = v * math.Pi / 180
			} else {
				fail(p, "is not a valid turning speed (accepted: degrees per second from -720 to 720)")
			}
		case "grid":
			if v, ok := boolean(p.Val); ok {
				w.NoGrid = !v
			} else {
				fail(p, "is not a boolean (accepted: 1, 0, true, false)")
			}
		case "paused":
			if v, ok := boolean(p.Val); ok {
				w.Paused = v
			} else {
				fail(p, "is not a boolean (accepted: 1, 0, true, false)")
			}
		case "balls":
			starts, err := parseStarts(p.Val)
			if err != nil {
				fail(p, "%v (accepted: w,b pairs separated by ';', e.g. -2,-2;1,3)", err)
				continue
			}
			for _, s := range starts {
				w.Drop(s)
			}
		case "mode":
			m, err := ParseMode(strings.TrimSpace(p.Val))
			if err != nil {
				fail(p, "is an %v", err)
				continue
			}
			switch m {
			case ModeQuiz:
				w.StartQuiz(w.nextSeed())
			case ModeSweep:
				if len(w.SweepRows) == 0 {
					w.defaultSweep(nil)
				}
				w.Mode = ModeSweep
			default:
				w.Mode = m
			}
		case "guess":
			pts, err := parseStarts(p.Val)
			if err != nil || len(pts) != 1 {
				fail(p, "is not one point (accepted: w,b, e.g. 0.5,0)")
				continue
			}
			w.SetGuess(pts[0])
			w.Mode = ModeGuess
		case "search":
			n, err := strconv.Atoi(strings.TrimSpace(p.Val))
			if err != nil || n < 1 || n > MaxSearch {
				fail(p, "is not a number of points (accepted: 1 to %d)", MaxSearch)
				continue
			}
			w.RandomSearch(n, w.nextSeed())
		case "sweep":
			var etas []float64
			if v := strings.TrimSpace(p.Val); v != "1" && v != "true" {
				for _, e := range strings.Split(v, ",") {
					x, ok := number(e)
					if !ok || x <= 0 {
						etas = nil
						break
					}
					etas = append(etas, x)
				}
				if etas == nil || len(etas) > MaxSweep {
					fail(p, "is not 1 or a list of learning rates (accepted: 1 for the lecture's 1e-4 ... 10, or up to %d positive numbers)", MaxSweep)
					continue
				}
			}
			if err := w.defaultSweep(etas); err != nil {
				errs = append(errs, err)
			}
		default: // hyperparameters
			if err := w.setHyper(p); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errs
}

// nextSeed returns a seed for a search or a quiz and moves the world's on.
func (w *World) nextSeed() uint64 {
	w.Seed++
	return w.Seed - 1
}

// defaultSweep sweeps etas (nil: the lecture's log scale) with the first
// enabled optimizer, from the selected ball's start or the surface's first
// start, for 100 steps.
func (w *World) defaultSweep(etas []float64) error {
	if etas == nil {
		etas = LectureSweep
	}
	start := optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}
	if b := w.Ball(w.Selected); b != nil {
		start = b.Start
	}
	_, err := w.Sweep(start, w.Enabled[0], etas, 100)
	return err
}

// setHyper validates a hyperparameter on every configuration it concerns,
// then records it and applies it to new and running balls.
func (w *World) setHyper(p Param) error {
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		if p.rule != allRules && p.rule != r {
			continue
		}
		c := w.cfg[r]
		if err := applyHyper(&c, p.base, p.Val); err != nil {
			return fmt.Errorf("%s: %v", p.Key, err)
		}
		if err := c.Validate(); err != nil {
			return fmt.Errorf("%s: %v", p.Key, err)
		}
	}
	// Later settings of the same key replace earlier ones.
	kept := w.hyper[:0]
	for _, q := range w.hyper {
		if q.Key != p.Key && !(p.rule == allRules && q.base == p.base) {
			kept = append(kept, q)
		}
	}
	w.hyper = append(kept, p)
	w.deriveConfigs()
	for _, b := range w.Balls {
		if p.rule == allRules || p.rule == b.Cfg.Rule {
			c := b.Cfg
			if applyHyper(&c, p.base, p.Val) == nil && c.Validate() == nil {
				if c.Batch != b.Cfg.Batch || c.Seed != b.Cfg.Seed {
					// A new sampling plan starts with a fresh shuffle.
					b.St.NPerm, b.St.Pos = 0, 0
				}
				b.Cfg = c
			}
		}
	}
	return nil
}

// applyHyper sets one hyperparameter of c from its text. The error says what
// is accepted, without the key (the caller names it).
func applyHyper(c *optim.Config, key, val string) error {
	num := func(dst *float64) error {
		v, ok := number(val)
		if !ok {
			return fmt.Errorf("%q is not a number", val)
		}
		*dst = v
		return nil
	}
	switch key {
	case "lr":
		return num(&c.LR)
	case "gamma":
		return num(&c.Gamma)
	case "beta":
		return num(&c.Beta)
	case "beta1":
		return num(&c.Beta1)
	case "beta2":
		return num(&c.Beta2)
	case "eps":
		return num(&c.Eps)
	case "decay":
		return num(&c.Schedule.Factor)
	case "k":
		return num(&c.Schedule.K)
	case "biasCorrection":
		v, ok := boolean(val)
		if !ok {
			return fmt.Errorf("%q is not a boolean (accepted: true, false, 1, 0)", val)
		}
		c.NoBiasCorrection = !v
	case "batch":
		v, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return fmt.Errorf("%q is not a whole number (accepted: 0 for full batch, or a batch size from 1 to %d)", val, optim.MaxPoints)
		}
		c.Batch = v
	case "every":
		v, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil || v < 1 {
			return fmt.Errorf("%q is not a whole number of epochs (accepted: 1 or more)", val)
		}
		c.Schedule.Every = v
	case "seed":
		v, err := strconv.ParseUint(strings.TrimSpace(val), 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a seed (accepted: a whole number from 0 to 2^64-1)", val)
		}
		c.Seed = v
	case "etas":
		parts := strings.Split(val, ",")
		if len(parts) > optim.MaxEtas {
			return fmt.Errorf("%q has %d values (accepted: 1 to %d positive numbers)", val, len(parts), optim.MaxEtas)
		}
		var etas [optim.MaxEtas]float64
		for i, s := range parts {
			v, ok := number(s)
			if !ok || v <= 0 {
				return fmt.Errorf("%q is not a list of positive numbers (accepted: 1 to %d, comma-separated)", val, optim.MaxEtas)
			}
			etas[i] = v
		}
		c.Etas, c.NEtas = etas, len(parts)
	case "schedule":
		s, err := optim.ParseSchedule(strings.TrimSpace(val))
		if err != nil {
			return err
		}
		c.Schedule.Kind = s
		if c.Schedule.Factor == 0 {
			c.Schedule.Factor = 0.5
		}
		if c.Schedule.Every == 0 {
			c.Schedule.Every = 5
		}
		if c.Schedule.K == 0 {
			c.Schedule.K = 0.01
		}
	case "gammaMax":
		if v := strings.TrimSpace(val); v == "off" || v == "" {
			c.MomentumSchedule = false
			return nil
		}
		if err := num(&c.GammaMax); err != nil {
			return fmt.Errorf("%q is not a number or \"off\" (accepted: 0 <= gammaMax < 1, e.g. 0.999, 0.995, 0.99, 0.9, 0)", val)
		}
		c.MomentumSchedule = true
	default:
		return fmt.Errorf("unknown hyperparameter")
	}
	return nil
}

// number parses a finite float.
func number(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

func boolean(s string) (bool, bool) {
	switch strings.TrimSpace(s) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}

// parseStarts reads "w,b;w,b;...".
func parseStarts(s string) ([]optim.Vec, error) {
	var out []optim.Vec
	for _, pair := range strings.Split(s, ";") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		ws, bs, ok := strings.Cut(pair, ",")
		if !ok {
			return nil, fmt.Errorf("has %q, not a w,b pair", pair)
		}
		x, ok1 := number(ws)
		y, ok2 := number(bs)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("has %q, not two numbers", pair)
		}
		if math.Abs(x) > 1e6 || math.Abs(y) > 1e6 {
			return nil, fmt.Errorf("has %q, too far out (|w|, |b| <= 1e6)", pair)
		}
		out = append(out, optim.Vec{x, y})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("has no starting point")
	}
	if len(out) > 1000 {
		return nil, fmt.Errorf("has %d starting points, more than 1000", len(out))
	}
	return out, nil
}

// BallConfig returns the configuration of a ball of rule r with the
// hyperparameters in ps (keys without optimizer prefix, e.g. "lr") on top of
// the world's current configuration for r. The error names the first bad key.
func (w *World) BallConfig(r optim.Rule, ps []Param) (optim.Config, error) {
	if r >= optim.NumRules {
		return optim.Config{}, fmt.Errorf("optimizer: unknown (accepted: %s)", strings.Join(optim.Rules(), ", "))
	}
	c := w.cfg[r]
	for _, p := range ps {
		if !hyperKeys[p.Key] {
			return c, fmt.Errorf("%s: unknown option (accepted: start, optimizer, %s)", p.Key, strings.Join(hyperNames(), ", "))
		}
		if err := applyHyper(&c, p.Key, p.Val); err != nil {
			return c, fmt.Errorf("%s: %v", p.Key, err)
		}
		if err := c.Validate(); err != nil {
			return c, fmt.Errorf("%s: %v", p.Key, err)
		}
	}
	return c, nil
}

func hyperNames() []string {
	var out []string
	for _, k := range Keys {
		if hyperKeys[k] {
			out = append(out, k)
		}
	}
	return out
}

// Query returns the URL query (without "?") that recreates the world's
// settings: the surface, the optimizers, the hyperparameters set, speed,
// step limit, camera, the starting points of the balls (one per drop) and
// whether it is paused, for a link an instructor can share.
func (w *World) Query() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+escape(v)) }
	if w.Info.Name != "neuron" {
		add("surface", w.Info.Name)
	}
	if w.F != "" {
		add("f", w.F)
	}
	if len(w.Enabled) != 1 || w.Enabled[0] != optim.GD {
		names := make([]string, len(w.Enabled))
		for i, r := range w.Enabled {
			names[i] = r.String()
		}
		add("opt", strings.Join(names, ","))
	}
	for _, p := range w.hyper {
		add(p.Key, p.Val)
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	if w.Speed != DefaultSpeed {
		add("speed", f(w.Speed))
	}
	if w.MaxSteps != DefaultMaxSteps {
		add("maxSteps", strconv.Itoa(w.MaxSteps))
	}
	if w.Cam != DefaultCamera {
		add("yaw", f(w.Cam.Yaw*180/math.Pi))
		add("pitch", f(w.Cam.Pitch*180/math.Pi))
		add("zoom", f(w.Cam.Zoom))
	}
	if w.Spin != 0 {
		add("spin", f(w.Spin*180/math.Pi))
	}
	if w.NoGrid {
		add("grid", "0")
	}
	var starts []string
	last := -1
	for _, b := range w.Balls {
		if b.Group != last {
			last = b.Group
			starts = append(starts, f(b.Start[0])+","+f(b.Start[1]))
		}
	}
	if len(starts) > 0 {
		add("balls", strings.Join(starts, ";"))
	}
	if w.Paused {
		add("paused", "1")
	}
	if w.Mode == ModeGuess && w.HaveGuess {
		add("guess", f(w.Guess[0])+","+f(w.Guess[1]))
	}
	return strings.Join(parts, "&")
}

// escape percent-encodes what a query value cannot hold as is.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-_.~,;()*!'", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
