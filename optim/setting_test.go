package optim_test

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"downhill/optim"
)

func TestErrorFormat(t *testing.T) {
	long := strings.Repeat("1,", 40) + "1" // 81 characters
	for _, tc := range []struct {
		err  optim.Error
		want string
	}{
		{optim.Error{Field: "lr", Value: "-1", Problem: "is out of range", Accepted: "0 to 1e6"},
			"lr: -1 is out of range (accepted: 0 to 1e6)"},
		{optim.Error{Field: "schedule", Value: "bogus", Problem: "is unknown", Accepted: "constant, step"},
			`schedule: "bogus" is unknown (accepted: constant, step)`},
		{optim.Error{Field: "f", Pos: 2, Problem: `expected an operator but found "w"`},
			`f: at position 2: expected an operator but found "w"`},
		{optim.Error{Field: "balls", Problem: "3000 starting points, more than the 2000 accepted"},
			"balls: 3000 starting points, more than the 2000 accepted"},
		// An empty value is shown when the problem is about it.
		{optim.Error{Field: "lr", Problem: "is not a number", Accepted: "0 to 1e6"},
			`lr: "" is not a number (accepted: 0 to 1e6)`},
		{optim.Error{Field: "maxSteps", Value: "0 ", Problem: "is out of range"},
			`maxSteps: "0 " is out of range`},
		{optim.Error{Field: "etas", Value: long, Problem: "is not a list of numbers in range", Accepted: "..."},
			`etas: ` + optim.Shown(long) + ` is not a list of numbers in range (accepted: ...)`},
		{optim.Error{Field: "adam.lr", Value: "1e7", Problem: "is out of range"},
			"adam.lr: 1e7 is out of range"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("%+v:\n got %q\nwant %q", tc.err, got, tc.want)
		}
	}
}

func TestErrorUnwrapAndRenamed(t *testing.T) {
	inner := errors.New("parse error")
	e := &optim.Error{Field: "lr", Value: "x", Problem: "is not a number", Err: inner}
	if !errors.Is(e, inner) || e.Unwrap() != inner {
		t.Errorf("Unwrap: %v", e.Unwrap())
	}
	r := optim.Renamed(e, "adam.lr")
	re, ok := r.(*optim.Error)
	if !ok || re == e || re.Field != "adam.lr" || re.Value != "x" || re.Problem != e.Problem || re.Err != inner {
		t.Errorf("Renamed: %#v", r)
	}
	if e.Field != "lr" {
		t.Errorf("Renamed changed the original: %q", e.Field)
	}
	if !strings.HasPrefix(r.Error(), "adam.lr: ") {
		t.Errorf("renamed message %q", r)
	}
	if got := optim.Renamed(inner, "x"); got != inner {
		t.Errorf("Renamed of another error: %v", got)
	}
	if optim.Renamed(nil, "x") != nil {
		t.Error("Renamed(nil) is not nil")
	}
}

func TestShown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1", "1"}, {"-1", "-1"}, {"0.5", "0.5"}, {"1e6", "1e6"}, {"1e-8", "1e-8"}, {"-0", "-0"},
		{"abc", `"abc"`}, {"1,2", `"1,2"`}, {" 1", `" 1"`}, {"1 ", `"1 "`}, {"", `""`}, {"2^64-1", `"2^64-1"`},
		{"w\"b", `"w\"b"`},
		{strings.Repeat("x", optim.MaxShown), strconv.Quote(strings.Repeat("x", optim.MaxShown))},
		{strings.Repeat("é", optim.MaxShown), strconv.Quote(strings.Repeat("é", optim.MaxShown))},
	} {
		if got := optim.Shown(tc.in); got != tc.want {
			t.Errorf("Shown(%.80q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Longer than MaxShown characters: the value's start, quoted, cut at a
	// character, and its length; a long number is quoted like any long
	// value.
	for _, tc := range []struct {
		unit string
		n    int
	}{{"x", optim.MaxShown + 1}, {"9", 30000}, {"é", 70}, {"1,", 15000}, {"日本", 100}} {
		v := strings.Repeat(tc.unit, tc.n)
		chars := utf8.RuneCountInString(v)
		got := optim.Shown(v)
		suffix := `…" (` + strconv.Itoa(chars) + " characters)"
		if !strings.HasPrefix(got, `"`) || !strings.HasSuffix(got, suffix) || !utf8.ValidString(got) {
			t.Errorf("Shown of %d characters %.20q...: %q, want a quoted start and %q", chars, v, got, suffix)
			continue
		}
		start := strings.TrimSuffix(strings.TrimPrefix(got, `"`), suffix)
		if k := utf8.RuneCountInString(start); !strings.HasPrefix(v, start) || k < 10 || k > optim.MaxShown {
			t.Errorf("Shown of %d characters %.20q...: keeps %q (%d characters)", chars, v, start, k)
		}
	}
}

// TestShownStaysShort: whatever the bytes typed, a shown value stays about
// MaxShown characters long, quotes and length included: a message must
// not grow with the value (the page shows it in one line).
func TestShownStaysShort(t *testing.T) {
	const limit = optim.MaxShown + 30
	for _, v := range []string{
		strings.Repeat("x", 30000),
		strings.Repeat("\x01", optim.MaxShown),   // control characters, escaped as \x01
		strings.Repeat("\xff", 3*optim.MaxShown), // bytes that are not UTF-8
		strings.Repeat("\u200b", optim.MaxShown), // invisible, escaped as \u200b
		strings.Repeat(`"`, optim.MaxShown),      // escaped as \"
	} {
		if got := optim.Shown(v); utf8.RuneCountInString(got) > limit {
			t.Errorf("Shown of %d bytes %.12q... is %d characters, more than %d: %.120q", len(v), v, utf8.RuneCountInString(got), limit, got)
		}
	}
}

func TestKindNames(t *testing.T) {
	for k, want := range map[optim.Kind]string{optim.Real: "real", optim.Whole: "whole", optim.Flag: "flag", optim.Choice: "choice", optim.List: "list", optim.Text: "text", optim.Kind(99): "kind?"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d) = %q, want %q", k, got, want)
		}
	}
}

func TestAcceptedText(t *testing.T) {
	for _, tc := range []struct {
		s    optim.Setting
		want string
	}{
		{optim.Setting{Key: "x", Kind: optim.Real, Min: 0, Max: 10}, "0 to 10"},
		{optim.Setting{Key: "x", Kind: optim.Real, Min: 0, Max: 1, MinOpen: true}, "0 < x <= 1"},
		{optim.Setting{Key: "x", Kind: optim.Real, Min: 0, Max: 1, MaxOpen: true}, "0 <= x < 1"},
		{optim.Setting{Key: "x", Kind: optim.Real, Min: -0.5, Max: 1, MinOpen: true, MaxOpen: true}, "-0.5 < x < 1"},
		{optim.Setting{Key: "n", Kind: optim.Whole, Min: 1, Max: 10}, "a whole number from 1 to 10"},
		{optim.Setting{Key: "etas", Kind: optim.List, Min: 0, Max: 10, MinOpen: true, MaxItems: 8}, "1 to 8 comma-separated numbers, each 0 < etas <= 10"},
		{optim.Setting{Key: "grid", Kind: optim.Flag}, "true or false (1 or 0)"},
		{optim.Setting{Key: "mode", Kind: optim.Choice, Choices: []string{"a", "b", "c"}}, "a, b, c"},
		{optim.Setting{Key: "g", Kind: optim.Real, Min: 0, Max: 1, MaxOpen: true, Off: "off"}, "0 <= g < 1, or off"},
		{optim.Setting{Key: "x", Kind: optim.Real, Min: 0, Max: 10, Accepted: "anything nice"}, "anything nice"},
		{optim.Setting{Key: "seed", Kind: optim.Whole, Min: 0, Max: math.MaxUint64}, "a whole number from 0 to 2^64-1"},
	} {
		if got := tc.s.AcceptedText(); got != tc.want {
			t.Errorf("%+v: AcceptedText() = %q, want %q", tc.s, got, tc.want)
		}
	}
}

// refusedWith checks that err is an *optim.Error of setting key for the
// value text, whose problem contains problem and which says what is
// accepted.
func refusedWith(t *testing.T, err error, key, text, problem string) {
	t.Helper()
	e, ok := err.(*optim.Error)
	if !ok {
		t.Errorf("%s=%q: got %v (%T), want an *optim.Error", key, text, err, err)
		return
	}
	if e.Field != key || e.Value != text || !strings.Contains(e.Problem, problem) || e.Accepted == "" {
		t.Errorf("%s=%q: %#v, want field %q, value as typed, problem %q and what is accepted", key, text, e, key, problem)
	}
	if msg := e.Error(); !strings.HasPrefix(msg, key+": ") || !strings.Contains(msg, "(accepted: ") {
		t.Errorf("%s=%q: message %q", key, text, msg)
	}
}

func TestParseReal(t *testing.T) {
	closed := optim.Setting{Key: "lr", Kind: optim.Real, Min: 0, Max: 1e6}
	for text, want := range map[string]float64{"0": 0, "1e6": 1e6, " 0.5 ": 0.5, "1000000": 1e6, "+3": 3} {
		if v, err := closed.ParseReal(text); err != nil || v != want {
			t.Errorf("ParseReal(%q) = %v, %v; want %v", text, v, err, want)
		}
	}
	for _, text := range []string{"-1", "1000001", "-1e-300"} {
		_, err := closed.ParseReal(text)
		refusedWith(t, err, "lr", text, "out of range")
	}
	for _, text := range []string{"abc", "", " ", "NaN", "nan", "Inf", "-Inf", "+inf", "1e400", "1,5", "0x", "1e"} {
		_, err := closed.ParseReal(text)
		refusedWith(t, err, "lr", text, "not a number")
	}
	gamma := optim.Setting{Key: "gamma", Kind: optim.Real, Min: 0, Max: 1, MaxOpen: true}
	eps := optim.Setting{Key: "eps", Kind: optim.Real, Min: 0, Max: 1, MinOpen: true}
	both := optim.Setting{Key: "x", Kind: optim.Real, Min: 0, Max: 1, MinOpen: true, MaxOpen: true}
	for _, tc := range []struct {
		s    optim.Setting
		text string
		ok   bool
	}{
		{gamma, "0", true}, {gamma, "0.9999", true}, {gamma, "1", false}, {gamma, "-0.1", false},
		{eps, "0", false}, {eps, "1e-300", true}, {eps, "1", true}, {eps, "1.0000001", false},
		{both, "0", false}, {both, "1", false}, {both, "0.5", true},
	} {
		_, err := tc.s.ParseReal(tc.text)
		if tc.ok && err != nil {
			t.Errorf("%s=%s refused: %v", tc.s.Key, tc.text, err)
		}
		if !tc.ok {
			refusedWith(t, err, tc.s.Key, tc.text, "out of range")
		}
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if closed.In(v) {
			t.Errorf("In(%v) is true", v)
		}
	}
	// Check names a value it was not given as text.
	err := gamma.Check(2, "")
	if e, ok := err.(*optim.Error); !ok || e.Value != "2" || e.Field != "gamma" {
		t.Errorf("Check(2, \"\"): %#v", err)
	}
	if gamma.Check(0.5, "") != nil {
		t.Error("Check(0.5) refused")
	}
}

func TestParseWhole(t *testing.T) {
	every := optim.Setting{Key: "every", Kind: optim.Whole, Min: 1, Max: 1e6}
	for text, want := range map[string]int{"1": 1, " 7 ": 7, "1000000": 1000000, "+5": 5} {
		if v, err := every.ParseWhole(text); err != nil || v != want {
			t.Errorf("ParseWhole(%q) = %v, %v; want %v", text, v, err, want)
		}
	}
	for _, text := range []string{"0", "-3", "1000001", "99999999999999999999", "1e7"} {
		_, err := every.ParseWhole(text)
		refusedWith(t, err, "every", text, "out of range")
	}
	for _, text := range []string{"1.5", "abc", "", "NaN", "0x10"} {
		_, err := every.ParseWhole(text)
		refusedWith(t, err, "every", text, "not a whole number")
	}
}

// TestParseWholeInRangeIsNotOutOfRange: a whole number written with an
// exponent or a fraction point (1e3, 1000.0) lies in the range; if it is
// refused, the message must not say it is out of range.
func TestParseWholeInRangeIsNotOutOfRange(t *testing.T) {
	every := optim.Setting{Key: "every", Kind: optim.Whole, Min: 1, Max: 1e6}
	for _, text := range []string{"1e3", "1000.0", "5e0", "1_000"} {
		v, err := every.ParseWhole(text)
		if err != nil && strings.Contains(err.Error(), "out of range") {
			t.Errorf("ParseWhole(%q) = %v, %v: the value is in range", text, v, err)
		}
	}
}

func TestParseFlagAndChoice(t *testing.T) {
	flag := optim.Setting{Key: "grid", Kind: optim.Flag}
	for text, want := range map[string]bool{"1": true, "true": true, "yes": true, "on": true, " on ": true, "0": false, "false": false, "no": false, "off": false} {
		if v, err := flag.ParseFlag(text); err != nil || v != want {
			t.Errorf("ParseFlag(%q) = %v, %v", text, v, err)
		}
		if v, ok := optim.ParseFlag(text); !ok || v != want {
			t.Errorf("optim.ParseFlag(%q) = %v, %v", text, v, ok)
		}
	}
	for _, text := range []string{"", "2", "maybe", "y"} {
		_, err := flag.ParseFlag(text)
		refusedWith(t, err, "grid", text, "not true or false")
		if _, ok := optim.ParseFlag(text); ok {
			t.Errorf("optim.ParseFlag(%q) is ok", text)
		}
	}
	choice := optim.Setting{Key: "schedule", Kind: optim.Choice, Choices: optim.Schedules()}
	for i, name := range optim.Schedules() {
		if got, err := choice.ParseChoice(" " + name + " "); err != nil || got != i {
			t.Errorf("ParseChoice(%q) = %d, %v", name, got, err)
		}
	}
	for _, text := range []string{"", "bogus", "Step", "step,exp"} {
		_, err := choice.ParseChoice(text)
		refusedWith(t, err, "schedule", text, "unknown")
		if err != nil && !strings.Contains(err.Error(), strings.Join(optim.Schedules(), ", ")) {
			t.Errorf("ParseChoice(%q): %q does not list the choices", text, err)
		}
	}
}

func TestParseList(t *testing.T) {
	etas := optim.Setting{Key: "etas", Kind: optim.List, Min: 0, Max: 1e6, MinOpen: true, MaxItems: 8}
	var dst [8]float64
	n, err := etas.ParseList("0.1, 0.5,1 ", dst[:])
	if err != nil || n != 3 || [3]float64(dst[:3]) != [3]float64{0.1, 0.5, 1} {
		t.Errorf("ParseList: %d %v %v", n, dst[:n], err)
	}
	if n, err := etas.ParseList("1,2,3,4,5,6,7,8", dst[:]); err != nil || n != 8 {
		t.Errorf("8 items: %d, %v", n, err)
	}
	_, err = etas.ParseList("1,2,3,4,5,6,7,8,9", dst[:])
	if e, ok := err.(*optim.Error); !ok || e.Field != "etas" || !strings.Contains(e.Problem, "9") || !strings.Contains(e.Problem, "8") || e.Accepted == "" {
		t.Errorf("9 items: %#v", err)
	}
	huge := strings.Repeat("1,", 15000) + "1"
	if _, err := etas.ParseList(huge, dst[:]); err == nil || utf8.RuneCountInString(err.Error()) >= 200 {
		t.Errorf("a 30 KB list: %.300v", err)
	}
	for _, text := range []string{"0,1", "", "1,,2", "a", "1,1e7", "NaN"} {
		_, err := etas.ParseList(text, dst[:])
		refusedWith(t, err, "etas", text, "list")
	}
	if _, err := etas.ParseList("1,2,3", dst[:2]); err == nil {
		t.Error("a list longer than dst was accepted")
	}
}

// hyperCase is how Config.Set treats one hyperparameter: values it
// accepts (with the Value they give) and values it refuses.
type hyperCase struct {
	accepted map[string]any
	refused  []string
}

var hyperCases = map[string]hyperCase{
	"lr":             {map[string]any{"0.5": 0.5, "0": 0.0, "1e6": 1e6, " 2 ": 2.0}, []string{"-1", "1000001", "x", "", "NaN"}},
	"gamma":          {map[string]any{"0.9": 0.9, "0": 0.0, "0.999": 0.999}, []string{"1", "-0.1", "off", "y"}},
	"gammaMax":       {map[string]any{"0.99": 0.99, "0": 0.0, "off": nil, " off ": nil}, []string{"1", "-0.5", "on", ""}},
	"beta":           {map[string]any{"0.5": 0.5, "0": 0.0}, []string{"1", "-1", "a"}},
	"beta1":          {map[string]any{"0.5": 0.5, "0": 0.0}, []string{"1", "1.5"}},
	"beta2":          {map[string]any{"0.9999": 0.9999}, []string{"1", "-0.0001"}},
	"eps":            {map[string]any{"1e-8": 1e-8, "1": 1.0}, []string{"0", "2", "-1e-8"}},
	"biasCorrection": {map[string]any{"0": false, "yes": true, "off": false, "true": true}, []string{"maybe", "", "2"}},
	"etas":           {map[string]any{"0.1,1,10": []float64{0.1, 1, 10}, "1e6": []float64{1e6}, "1,2,3,4,5,6,7,8": []float64{1, 2, 3, 4, 5, 6, 7, 8}}, []string{"1,2,3,4,5,6,7,8,9", "0,1", "", "a", "1e7", "-1"}},
	"batch":          {map[string]any{"0": 0, "1": 1, "256": 256}, []string{"257", "-1", "1.5", "a"}},
	"seed":           {map[string]any{"0": uint64(0), " 7 ": uint64(7), "18446744073709551615": uint64(math.MaxUint64)}, []string{"18446744073709551616", "-1", "1.5", "x", ""}},
	"schedule":       {map[string]any{"constant": "constant", "step": "step", "rise": "rise", "exp": "exp", "inv": "inv"}, []string{"bogus", "", "Step"}},
	"decay":          {map[string]any{"0.5": 0.5, "1": 1.0}, []string{"0", "1.5", "-0.5"}},
	"every":          {map[string]any{"1": 1, "1000000": 1000000}, []string{"0", "1000001", "2.5"}},
	"k":              {map[string]any{"0": 0.0, "0.01": 0.01, "1e6": 1e6}, []string{"-1", "2e6"}},
}

// TestConfigSetEveryHyperparameter: every key of optim.Hyperparameters is
// set from text, refused values leave the Config as it was and are named
// with the key and what is accepted.
func TestConfigSetEveryHyperparameter(t *testing.T) {
	for _, h := range optim.Hyperparameters {
		tc, ok := hyperCases[h.Key]
		if !ok {
			t.Errorf("hyperparameter %q has no case in hyperCases", h.Key)
			continue
		}
		for text, want := range tc.accepted {
			c := optim.Defaults(optim.Momentum)
			if err := c.Set(h.Key, text); err != nil {
				t.Errorf("Set(%s, %q): %v", h.Key, text, err)
				continue
			}
			if got := c.Value(h.Key); !reflect.DeepEqual(got, want) {
				t.Errorf("Set(%s, %q): Value = %#v, want %#v", h.Key, text, got, want)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Set(%s, %q) accepted a value Validate refuses: %v", h.Key, text, err)
			}
		}
		for _, text := range tc.refused {
			c := optim.Defaults(optim.Adam)
			c.Set("gammaMax", "0.9") // so that gammaMax=... changing it would show
			before := c
			err := c.Set(h.Key, text)
			if err == nil {
				t.Errorf("Set(%s, %q) accepted, value %#v", h.Key, text, c.Value(h.Key))
				continue
			}
			e, ok := err.(*optim.Error)
			if !ok {
				t.Errorf("Set(%s, %q): %T", h.Key, text, err)
				continue
			}
			msg := e.Error()
			if e.Field != h.Key || !strings.HasPrefix(msg, h.Key+": ") || !strings.Contains(msg, "(accepted: ") || strings.Count(msg, h.Key+": ") != 1 {
				t.Errorf("Set(%s, %q): %q", h.Key, text, msg)
			}
			if c != before {
				t.Errorf("Set(%s, %q) was refused but changed the Config", h.Key, text)
			}
		}
	}
	for key := range hyperCases {
		if _, ok := optim.HyperByKey(key); !ok {
			t.Errorf("hyperCases has %q, not a hyperparameter", key)
		}
	}
	// gammaMax turns the momentum schedule on, off turns it off again.
	c := optim.Defaults(optim.NAG)
	c.Set("gammaMax", "0.95")
	if !c.MomentumSchedule || c.GammaMax != 0.95 {
		t.Errorf("gammaMax=0.95: %v %v", c.MomentumSchedule, c.GammaMax)
	}
	c.Set("gammaMax", "off")
	if c.MomentumSchedule || c.Value("gammaMax") != nil {
		t.Errorf("gammaMax=off: %v", c.MomentumSchedule)
	}
	// The unknown key.
	err := c.Set("bogus", "1")
	if e, ok := err.(*optim.Error); !ok || e.Field != "bogus" || !strings.Contains(e.Accepted, "lr") {
		t.Errorf("Set(bogus): %#v", err)
	}
	if c.Value("bogus") != nil {
		t.Errorf("Value(bogus) = %v", c.Value("bogus"))
	}
}

// force puts v in the field of hyperparameter key, turning on what makes
// Validate look at it (the momentum schedule for gammaMax, a schedule that
// uses decay, every or k); false for the keys no float can stand for.
func force(c *optim.Config, key string, v float64) bool {
	switch key {
	case "lr":
		c.LR = v
	case "gamma":
		c.Gamma = v
	case "gammaMax":
		c.MomentumSchedule, c.GammaMax = true, v
	case "beta":
		c.Beta = v
	case "beta1":
		c.Beta1 = v
	case "beta2":
		c.Beta2 = v
	case "eps":
		c.Eps = v
	case "etas":
		c.Etas[0] = v
	case "batch":
		c.Batch = int(v)
	case "decay":
		c.Schedule.Kind, c.Schedule.Factor = optim.StepDecay, v
	case "every":
		c.Schedule.Kind, c.Schedule.Every = optim.StepDecay, int(v)
	case "k":
		c.Schedule.Kind, c.Schedule.K = optim.ExpDecay, v
	default:
		return false
	}
	return true
}

// TestValidateAgreesWithSet: for every numeric hyperparameter, the values
// just outside its range are refused by Set and, forced into a Config, make
// Validate fail naming the key; the values at its ends (when closed) are
// accepted by both.
func TestValidateAgreesWithSet(t *testing.T) {
	text := func(h *optim.Hyper, v float64) string {
		if h.Kind == optim.Whole {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	for i := range optim.Hyperparameters {
		h := &optim.Hyperparameters[i]
		switch h.Kind {
		case optim.Real, optim.Whole, optim.List:
		case optim.Flag, optim.Choice:
			continue // every forced value is one of their values (schedule: below)
		default:
			t.Errorf("%s: kind %v not covered", h.Key, h.Kind)
			continue
		}
		if h.Key == "seed" {
			// A uint64, whose ends a float64 cannot hold, and no value
			// outside 0 ... 2^64-1 to force into the Config.
			c := optim.Defaults(optim.GD)
			for _, s := range []string{"-1", "18446744073709551616"} {
				if c.Set("seed", s) == nil {
					t.Errorf("seed: Set accepts %s", s)
				}
			}
			for _, s := range []string{"0", "18446744073709551615"} {
				if err := c.Set("seed", s); err != nil || c.Validate() != nil {
					t.Errorf("seed=%s: %v, %v", s, err, c.Validate())
				}
			}
			continue
		}
		step := 1.0
		if h.Kind != optim.Whole {
			step = math.Max(1e-3, (h.Max-h.Min)*1e-3)
		}
		out := []float64{h.Min - step, h.Max + step}
		if h.MinOpen {
			out = append(out, h.Min)
		}
		if h.MaxOpen {
			out = append(out, h.Max)
		}
		in := []float64{(h.Min + h.Max) / 2}
		if h.Kind == optim.Whole {
			in[0] = math.Floor(in[0])
		}
		if !h.MinOpen {
			in = append(in, h.Min)
		}
		if !h.MaxOpen {
			in = append(in, h.Max)
		}
		for _, v := range out {
			c := optim.Defaults(optim.Adam)
			if err := c.Set(h.Key, text(h, v)); err == nil {
				t.Errorf("%s: Set accepts %s, outside its range", h.Key, text(h, v))
			}
			if !force(&c, h.Key, v) {
				t.Errorf("%s: no field to force", h.Key)
				continue
			}
			err := c.Validate()
			if e, ok := err.(*optim.Error); !ok || e.Field != h.Key {
				t.Errorf("%s = %v forced: Validate says %v, want an *optim.Error naming %s", h.Key, v, err, h.Key)
			}
		}
		for _, v := range in {
			c := optim.Defaults(optim.Adam)
			if err := c.Set(h.Key, text(h, v)); err != nil {
				t.Errorf("%s: Set refuses %s, in its range: %v", h.Key, text(h, v), err)
			}
			force(&c, h.Key, v)
			if err := c.Validate(); err != nil {
				t.Errorf("%s = %v forced: Validate refuses a value in range: %v", h.Key, v, err)
			}
		}
	}
	// The choice and the list's length, which Set cannot even express.
	c := optim.Defaults(optim.GD)
	c.Schedule.Kind = optim.NumSchedules
	if e, ok := c.Validate().(*optim.Error); !ok || e.Field != "schedule" {
		t.Errorf("schedule forced out of range: %v", c.Validate())
	}
	c = optim.Defaults(optim.LineSearch)
	c.NEtas = optim.MaxEtas + 1
	if e, ok := c.Validate().(*optim.Error); !ok || e.Field != "etas" {
		t.Errorf("9 etas forced: %v", c.Validate())
	}
}

// TestDocumentedMessages: the examples of optim.Error's documentation are
// what the code says.
func TestDocumentedMessages(t *testing.T) {
	c := optim.Defaults(optim.GD)
	if err := c.Set("lr", "-1"); err == nil || err.Error() != "lr: -1 is out of range (accepted: 0 to 1e6)" {
		t.Errorf("lr=-1: %v", err)
	}
	if err := c.Set("schedule", "bogus"); err == nil || err.Error() != `schedule: "bogus" is unknown (accepted: constant, step, rise, exp, inv)` {
		t.Errorf("schedule=bogus: %v", err)
	}
}

func TestSplitMix64(t *testing.T) {
	var s optim.SplitMix64 // seed 0
	for i, want := range []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f} {
		if got := s.Next(); got != want {
			t.Errorf("seed 0, output %d: %#016x, want %#016x", i+1, got, want)
		}
	}
	// The value is the state: a copy goes on the same way.
	a := optim.SplitMix64(42)
	a.Next()
	b := a
	for i := 0; i < 10; i++ {
		if a.Next() != b.Next() {
			t.Fatal("a copy of the generator diverged")
		}
	}
	for i := 0; i < 1000; i++ {
		if f := a.Float64(); f < 0 || f >= 1 {
			t.Fatalf("Float64() = %v", f)
		}
	}
}

func TestSplitMix64Below(t *testing.T) {
	s := optim.SplitMix64(7)
	for _, n := range []uint64{1, 2, 3, 7, 10, 1000, 1<<63 + 1, math.MaxUint64} {
		for i := 0; i < 2000; i++ {
			if r := s.Below(n); r >= n {
				t.Fatalf("Below(%d) = %d", n, r)
			}
		}
	}
	for i := 0; i < 100; i++ {
		if s.Below(1) != 0 {
			t.Fatal("Below(1) is not 0")
		}
	}
	// Roughly uniform: 3000 draws of Below(3), each about 1000 times.
	var count [3]int
	for i := 0; i < 3000; i++ {
		count[s.Below(3)]++
	}
	for k, c := range count {
		if c < 850 || c > 1150 {
			t.Errorf("Below(3) gave %d %d times of 3000", k, c)
		}
	}
	// Reproducible from the seed.
	x, y := optim.SplitMix64(99), optim.SplitMix64(99)
	for i := 0; i < 20; i++ {
		if x.Below(10) != y.Below(10) {
			t.Fatal("the same seed gave different draws")
		}
	}
}
