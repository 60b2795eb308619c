package sim_test

import (
	"errors"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"downhill/game/sim"
	"downhill/optim"
)

// maxMessage is the longest refusal a page may show (the #downhill-error
// line, a thrown Error's message): a 30 KB value typed must not make a 30 KB
// message.
const maxMessage = 200

// Work bounds of the fuzz target: step= and search= are capped (their whole
// range is still parsed and refused as usual), and the world is stepped
// only a little afterwards, so that one input cannot take minutes (2000
// balls times a million steps would).
const (
	fuzzMaxStep   = 20
	fuzzMaxSearch = 500
)

// FuzzSettings applies a URL query built from the fuzz input (any bytes:
// unknown keys, %xx and + escapes, repeated keys, optimizer prefixes, long
// values and lists) to a fresh world (NewFromQuery) and to a world with
// balls rolling (Set), steps both a little, and checks that nothing panics,
// every refusal is a short *optim.Error naming the key as typed, the world
// stays valid, its own link is accepted again and its snapshot restores.
// The seed corpus is testdata/fuzz/FuzzSettings.
func FuzzSettings(f *testing.F) {
	f.Add("lr=-1&adam.lr=0.05")
	f.Add("opt=gd,momentum,nag&balls=-2,-2;1,3&step=5")
	f.Fuzz(func(t *testing.T, q string) {
		defer catchPanic(t)
		ps, bounded := boundedParams(sim.ParseQuery(q))
		if bounded {
			q = encodeParams(ps)
		}

		// A page starting with the query.
		w, errs := sim.NewFromQuery(q, 1)
		checkRefusals(t, ps, errs)
		checkWorld(t, w, "new world")
		exercise(t, w)

		// A world with balls rolling when the settings arrive.
		w2 := sim.New()
		if err := w2.Do(&sim.Set{Params: sim.ParseQuery("opt=gd,momentum,linesearch,adam&maxSteps=50")}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []optim.Vec{{-2, -2}, {1, 3}} {
			if err := w2.Do(&sim.Drop{At: p}); err != nil {
				t.Fatal(err)
			}
		}
		w2.Do(sim.Step{N: 3})
		c := &sim.Set{Params: ps}
		err := w2.Do(c)
		if (err == nil) != (len(c.Errs) == 0) {
			t.Errorf("Set returned %v with Errs %v", err, c.Errs)
		}
		checkRefusals(t, ps, c.Errs)
		checkWorld(t, w2, "world with balls")
		exercise(t, w2)
	})
}

// catchPanic turns a panic of the fuzz target into its failure, with the
// stack, so that a seed that panics does not end the test binary (and hide
// the other tests' results).
func catchPanic(t *testing.T) {
	r := recover()
	if r == nil {
		return
	}
	t.Fatalf("panic: %v\n%s", r, debug.Stack())
}

// boundedParams caps the values of step= and search= that would take long
// (see fuzzMaxStep); every other value is left as typed.
func boundedParams(ps []sim.Param) (out []sim.Param, changed bool) {
	out = make([]sim.Param, len(ps))
	copy(out, ps)
	for i, p := range out {
		limit := 0
		switch p.Key {
		case "step":
			limit = fuzzMaxStep
		case "search":
			limit = fuzzMaxSearch
		default:
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(p.Val), 10, 64); err == nil && n > int64(limit) && n <= 1e6 {
			out[i].Val = strconv.Itoa(limit)
			changed = true
		}
	}
	return out, changed
}

// encodeParams writes params back as a query that ParseQuery reads as
// them.
func encodeParams(ps []sim.Param) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(pctEncode(p.Key))
		b.WriteByte('=')
		b.WriteString(pctEncode(p.Val))
	}
	return b.String()
}

func pctEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.,;", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strconv.FormatUint(uint64(c)>>4, 16) + strconv.FormatUint(uint64(c)&15, 16))
		}
	}
	return b.String()
}

// exercise steps the world a little (bounded however many balls and
// whatever the speed), checking it after each part, then checks that the
// world's own link is accepted and that its snapshot restores.
func exercise(t *testing.T, w *sim.World) {
	t.Helper()
	if err := w.Do(sim.Step{N: 2}); err != nil {
		t.Errorf("Step{2}: %v", err)
	}
	checkWorld(t, w, "after Step")
	if len(w.Balls) <= 100 {
		w.Do(sim.Play{})
		for i := 0; i < 3; i++ {
			w.Tick()
		}
		checkWorld(t, w, "after Tick")
	}

	link := w.Query()
	w3, errs := sim.NewFromQuery(link, 1)
	if len(errs) > 0 {
		t.Errorf("the world's own link %.300q is refused: %v", link, errors.Join(errs...))
	} else {
		checkWorld(t, w3, "world from its link")
		if len(w3.Balls) != len(w.Balls) {
			t.Errorf("the world's link %.300q makes %d balls, the world has %d", link, len(w3.Balls), len(w.Balls))
		}
	}

	w4 := sim.New()
	if err, panicked := restoreSnapshot(w4, w.Snapshot()); panicked != nil {
		t.Errorf("Restore of the world's snapshot panics: %v", panicked)
	} else if err != nil {
		t.Errorf("the world's snapshot does not restore: %v", err)
	} else {
		checkWorld(t, w4, "restored world")
		if len(w4.Balls) != len(w.Balls) {
			t.Errorf("restored %d balls of %d", len(w4.Balls), len(w.Balls))
		}
	}
}

// restoreSnapshot applies Restore{data} to w, turning a panic into a value
// so that one broken snapshot fails its test, not the whole test binary.
func restoreSnapshot(w *sim.World, data []byte) (err error, panicked any) {
	defer func() { panicked = recover() }()
	return w.Do(sim.Restore{Data: data}), nil
}

// settingByKey returns the world's setting key.
func settingByKey(t testing.TB, key string) optim.Setting {
	t.Helper()
	for _, s := range sim.Settings() {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no setting %q in sim.Settings()", key)
	return optim.Setting{}
}

// checkRefusals checks every refusal of the params ps: an *optim.Error,
// shorter than maxMessage, whose message starts with a key as typed (or as
// shortened for the message) and ": ".
func checkRefusals(t *testing.T, ps []sim.Param, errs []error) {
	t.Helper()
	keys := map[string]bool{}
	for _, p := range ps {
		keys[p.Key] = true
		keys[optim.Shown(p.Key)] = true
	}
	for _, err := range errs {
		e, ok := err.(*optim.Error)
		if !ok {
			t.Errorf("refusal %.300q is a %T, not an *optim.Error", err.Error(), err)
			continue
		}
		msg := e.Error()
		n := utf8.RuneCountInString(msg)
		if n >= maxMessage {
			t.Errorf("refusal is %d characters (at most %d): %.400q", n, maxMessage, msg)
		}
		if !keys[e.Field] {
			t.Errorf("refusal %.300q names %q, not a key typed (%d params)", msg, e.Field, len(ps))
		}
		if !strings.HasPrefix(msg, e.Field+": ") {
			t.Errorf("refusal %.300q does not start with its key %q", msg, e.Field)
		}
	}
}

// checkWorld checks what every world must be, whatever it was told: its
// settings within their ranges, its camera clamped, its framing a proper
// box, and every ball somewhere finite with a valid configuration.
func checkWorld(t *testing.T, w *sim.World, where string) {
	t.Helper()
	speed, maxSteps := settingByKey(t, "speed"), settingByKey(t, "maxSteps")
	if !speed.In(w.Speed) {
		t.Errorf("%s: speed %v outside %s", where, w.Speed, speed.AcceptedText())
	}
	if !maxSteps.In(float64(w.MaxSteps)) {
		t.Errorf("%s: maxSteps %v outside %s", where, w.MaxSteps, maxSteps.AcceptedText())
	}
	c := w.Cam
	if !(c.Yaw > -math.Pi && c.Yaw <= math.Pi) || !(c.Pitch >= sim.MinPitch && c.Pitch <= sim.MaxPitch) || !(c.Zoom >= sim.MinZoom && c.Zoom <= sim.MaxZoom) {
		t.Errorf("%s: camera %+v not clamped", where, c)
	}
	if !isFinite(w.Spin) {
		t.Errorf("%s: spin %v", where, w.Spin)
	}
	b := w.Box
	if !isFinite(b.WMin) || !isFinite(b.WMax) || !isFinite(b.BMin) || !isFinite(b.BMax) || !(b.WMin < b.WMax) || !(b.BMin < b.BMax) {
		t.Errorf("%s: framing %+v is not a box", where, b)
	}
	if len(w.Balls) > sim.MaxBalls {
		t.Errorf("%s: %d balls, more than MaxBalls = %d", where, len(w.Balls), sim.MaxBalls)
	}
	if len(w.Enabled) == 0 || len(w.Views) == 0 {
		t.Errorf("%s: %d optimizers enabled, %d views", where, len(w.Enabled), len(w.Views))
	}
	if w.Mode >= sim.NumModes {
		t.Errorf("%s: mode %v", where, w.Mode)
	}
	for _, bl := range w.Balls {
		if !bl.Pos.Finite() || !bl.Start.Finite() || !isFinite(bl.Loss) {
			t.Errorf("%s: ball %d (%v, %v) at %v from %v, loss %v", where, bl.ID, bl.Cfg.Rule, bl.Status, bl.Pos, bl.Start, bl.Loss)
		}
		if !isFinite(bl.GradNorm) {
			t.Errorf("%s: ball %d (%v, %v %q) has gradient norm %v at %v (f = %q)", where, bl.ID, bl.Cfg.Rule, bl.Status, bl.Why, bl.GradNorm, bl.Pos, w.F)
		}
		if err := bl.Cfg.Validate(); err != nil {
			t.Errorf("%s: ball %d has an invalid configuration: %v", where, bl.ID, err)
		}
	}
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
