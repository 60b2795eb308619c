package sim_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"downhill/game/sim"
	"downhill/optim"
)

// refusedValue is, for every URL / set() key, a value it refuses. A key
// added to the settings without a case here fails TestEveryKeyRefuses.
var refusedValue = map[string]string{
	"scene":          "no-such-scene",
	"tour":           "maybe",
	"surface":        "nowhere",
	"f":              "w+*",
	"opt":            "gd,sgd",
	"lr":             "-1",
	"gamma":          "1",
	"gammaMax":       "1.5",
	"beta":           "1",
	"beta1":          "-0.5",
	"beta2":          "1",
	"eps":            "0",
	"biasCorrection": "maybe",
	"etas":           "0,1",
	"batch":          "257",
	"seed":           "-1",
	"schedule":       "bogus",
	"decay":          "0",
	"every":          "0",
	"k":              "-1",
	"speed":          "0",
	"maxSteps":       "0",
	"mapGrid":        "7",
	"mapEtas":        "0",
	"yaw":            "4000",
	"pitch":          "90",
	"zoom":           "6",
	"spin":           "1000",
	"grid":           "2",
	"views":          "3d,map",
	"present":        "big",
	"sound":          "loud",
	"main":           "map",
	"title":          "bell\a",
	"caption":        strings.Repeat("word ", 201),
	"box":            "1,0,0,1",
	"paused":         "perhaps",
	"balls":          "1,x",
	"ball":           "sgd,1,1",
	"step":           "-1",
	"mode":           "fly",
	"guesses":        "a,b",
	"guess":          "1",
	"search":         "0",
	"sweep":          "-1",
	"embed":          "sure",
	"sharp":          "crisp",
	"load":           "never",
	"panel":          "half",
}

// acceptsEverything lists the keys whose every value is accepted, with the
// reason.
var acceptsEverything = map[string]string{
	// The page reads origin before the wasm starts and matches a message's
	// origin against it; any text is a (possibly useless) list of origins.
	"origin": "the page's own list of origins, not checked by the world",
}

// longList is, for the keys that take lists, a 30 KB list of items each
// fine on its own (the count is what is refused).
var longList = map[string]string{
	"etas":    strings.Repeat("1,", 15000) + "1",
	"sweep":   strings.Repeat("1,", 15000) + "1",
	"views":   strings.Repeat("3d,", 10000) + "3d",
	"box":     strings.Repeat("1,", 15000) + "1",
	"guesses": strings.Repeat("1,1;", 7500) + "1,1",
	"balls":   strings.Repeat("1,1;", 7500) + "1,1",
	"ball":    "gd,1,1" + strings.Repeat(",lr=1", 6000) + ",lr=-1",
}

// refusal applies key=val alone to a fresh world and returns its one
// refusal, checking it is an *optim.Error and that the refused setting left
// the world's link as it was.
func refusal(t *testing.T, key, val string) *optim.Error {
	t.Helper()
	w := sim.New()
	before := w.Query()
	c := &sim.Set{Params: []sim.Param{{Key: key, Val: val}}}
	err := w.Do(c)
	if len(c.Errs) != 1 || err == nil {
		t.Errorf("%s=%.80q: %d refusals (%v), want one", key, val, len(c.Errs), err)
		if len(c.Errs) == 0 {
			return nil
		}
	}
	e, ok := c.Errs[0].(*optim.Error)
	if !ok {
		t.Errorf("%s=%.80q: refusal %q is a %T, not an *optim.Error", key, val, c.Errs[0], c.Errs[0])
		return nil
	}
	if after := w.Query(); after != before {
		t.Errorf("%s=%.80q was refused but changed the world's link from %q to %.200q", key, val, before, after)
	}
	return e
}

// checkMessage checks a refusal of key (as typed): it names the key once,
// at the start, not doubled ("lr: lr: ..."), says what is accepted (when
// wantAccepted), and is shorter than maxMessage.
func checkMessage(t *testing.T, key, val string, e *optim.Error, wantAccepted bool) {
	t.Helper()
	if e == nil {
		return
	}
	msg := e.Error()
	what := key + "=" + strconv.QuoteToASCII(truncate(val, 40))
	if !strings.HasPrefix(msg, key+": ") {
		t.Errorf("%s: message %.300q does not start with %q", what, msg, key+": ")
	}
	if n := strings.Count(msg, key+": "); n != 1 {
		t.Errorf("%s: message %.300q names %q %d times", what, msg, key+": ", n)
	}
	rest := strings.TrimPrefix(msg, key+": ")
	base := key
	if _, b, ok := strings.Cut(key, "."); ok {
		base = b
	}
	for _, k := range []string{key, base} {
		if strings.HasPrefix(rest, k+":") || strings.HasPrefix(rest, k+" ") || strings.HasPrefix(rest, strconv.Quote(k)+":") {
			t.Errorf("%s: message %.300q names the key twice", what, msg)
		}
	}
	if wantAccepted && !strings.Contains(msg, "(accepted: ") {
		t.Errorf("%s: message %.300q does not say what is accepted", what, msg)
	}
	if n := utf8.RuneCountInString(msg); n >= maxMessage {
		t.Errorf("%s (%d characters typed): message is %d characters, at most %d: %.300q", what, len(val), n, maxMessage, msg)
	}
	// An empty value is shown ("") only when it is what was typed.
	if val != "" && strings.HasPrefix(rest, `"" `) {
		t.Errorf("%s: message %.300q shows an empty value though %d characters were typed", what, msg, len(val))
	}
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// TestEveryKeyRefuses: every key of sim.Keys() has a refusal case (or is
// listed as accepting everything), and each refusal, short or 30 KB long,
// names the key once, says what is accepted and stays short.
func TestEveryKeyRefuses(t *testing.T) {
	keys := map[string]bool{}
	for _, key := range sim.Keys() {
		keys[key] = true
		if why, ok := acceptsEverything[key]; ok {
			for _, v := range []string{"", "anything at all", strings.Repeat("x", 30000)} {
				w := sim.New()
				c := &sim.Set{Params: []sim.Param{{Key: key, Val: v}}}
				if err := w.Do(c); err != nil {
					t.Errorf("%s is listed as accepting everything (%s) but refuses %.40q: %v", key, why, v, err)
				}
			}
			continue
		}
		bad, ok := refusedValue[key]
		if !ok {
			t.Errorf("key %q has no refusal case: add a refused value to refusedValue (or, with a reason, to acceptsEverything)", key)
			continue
		}
		wantAccepted := true
		if key == "f" {
			// An expression's refusal says what was expected where it
			// went wrong ("f: at position 3: expected a number, ...")
			// instead of an accepted list.
			wantAccepted = false
		}
		if key == "scene" && len(sim.Scenes) == 0 {
			// Nothing is accepted while the lecture has no scenes.
			wantAccepted = false
			t.Logf("sim.Scenes is empty: scene=%s is refused without an accepted list", bad)
		}
		t.Run(key, func(t *testing.T) {
			e := refusal(t, key, bad)
			checkMessage(t, key, bad, e, wantAccepted)
			if key == "f" && e != nil && !strings.Contains(e.Error(), "expected") {
				t.Errorf("f=%s: %q does not say what was expected", bad, e)
			}
			long := bad + strings.Repeat("x", 30000)
			checkMessage(t, key, long, refusal(t, key, long), wantAccepted)
			if list, ok := longList[key]; ok {
				checkMessage(t, key, list, refusal(t, key, list), wantAccepted)
			}
		})
	}
	for key := range refusedValue {
		if !keys[key] {
			t.Errorf("refusedValue has %q, which is not a key of sim.Keys()", key)
		}
	}
	for key := range acceptsEverything {
		if !keys[key] {
			t.Errorf("acceptsEverything has %q, which is not a key of sim.Keys()", key)
		}
	}
}

// TestRefusalsThroughTheURL: the same refusals through a query string,
// with escapes, as a page starts.
func TestRefusalsThroughTheURL(t *testing.T) {
	_, errs := sim.NewFromQuery("lr=-1&speed=%30&views=3d%2Cmap&maxSteps=0+", 1)
	want := []string{"lr: -1 is out of range", "speed: 0 is out of range", `views: "3d,map" is not a list of views`, `maxSteps: "0 " is out of range`}
	if len(errs) != len(want) {
		t.Fatalf("got %d refusals %v, want %d", len(errs), errs, len(want))
	}
	for _, w := range want {
		found := false
		for _, err := range errs {
			found = found || strings.HasPrefix(err.Error(), w)
		}
		if !found {
			t.Errorf("no refusal starts with %q: %v", w, errs)
		}
	}
}

// TestOptimizerPrefixRefusals: adam.lr=-1 is refused as "adam.lr: ...",
// for every hyperparameter and however long the value.
func TestOptimizerPrefixRefusals(t *testing.T) {
	e := refusal(t, "adam.lr", "-1")
	checkMessage(t, "adam.lr", "-1", e, true)
	if e != nil && !strings.HasPrefix(e.Error(), "adam.lr: -1 is out of range (accepted: ") {
		t.Errorf("adam.lr=-1: %q", e)
	}
	for _, h := range optim.Hyperparameters {
		bad := refusedValue[h.Key]
		for _, rule := range []string{"nag", "adam", "linesearch"} {
			key := rule + "." + h.Key
			checkMessage(t, key, bad, refusal(t, key, bad), true)
			long := bad + strings.Repeat("x", 30000)
			checkMessage(t, key, long, refusal(t, key, long), true)
		}
	}
	// Through the URL, the prefix as typed.
	_, errs := sim.NewFromQuery("nag.gamma=1&adam.lr=0.05", 1)
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "nag.gamma: 1 is out of range") {
		t.Errorf("nag.gamma=1: %v", errs)
	}
}

// TestUnknownKeyRefusals: a key that is not a setting, or an optimizer
// prefix that is not an optimizer (or a hyperparameter after it), is named
// as typed (shortened when long) and the message stays short.
func TestUnknownKeyRefusals(t *testing.T) {
	// Up to 40 characters a key is named as typed; the message must still
	// be short.
	for _, key := range []string{"bogus", "LR", "sgd.lr", "adam.bogus", "adam.speed", ".lr", "adam.",
		"adam." + strings.Repeat("q", 35), strings.Repeat("q", 36) + ".lr", strings.Repeat("q", 40)} {
		e := refusal(t, key, "1")
		checkMessage(t, key, "1", e, true)
		if e != nil && !strings.Contains(e.Problem, "unknown") && !strings.Contains(e.Problem, "not a") {
			t.Errorf("%s=1: %q does not say the key is unknown", key, e)
		}
	}
	long := strings.Repeat("k", 30000)
	e := refusal(t, long, "1")
	if e != nil {
		if short := optim.Shown(long); e.Field != short {
			t.Errorf("a 30 KB key is named %.100q, want it shortened as %q", e.Field, short)
		}
		checkMessage(t, e.Field, "1", e, true)
	}
	e = refusal(t, long+".lr", "1")
	if e != nil {
		checkMessage(t, e.Field, "1", e, true)
	}
}

// TestBallsLimitRefusal: balls= with 3000 starts is refused without echoing
// them, saying how many are accepted; so is a list that does not fit with
// the balls already there.
func TestBallsLimitRefusal(t *testing.T) {
	pts := make([]string, 3000)
	for i := range pts {
		pts[i] = strconv.Itoa(i%50-25) + "," + strconv.Itoa(i/50-30)
	}
	val := strings.Join(pts, ";")
	e := refusal(t, "balls", val)
	checkMessage(t, "balls", val, e, true)
	if e != nil {
		msg := e.Error()
		if !strings.Contains(msg, strconv.Itoa(sim.MaxBalls)) {
			t.Errorf("balls= with 3000 starts: %q does not mention the limit %d", msg, sim.MaxBalls)
		}
		if !strings.Contains(msg, "3000") {
			t.Errorf("balls= with 3000 starts: %q does not say how many were given", msg)
		}
		if strings.Contains(msg, pts[1]+";") || strings.Contains(msg, pts[2]) {
			t.Errorf("balls= with 3000 starts: %q echoes the starts", msg)
		}
	}
	// A trailing ";" is no start.
	e = refusal(t, "balls", val+";")
	if e != nil && !strings.Contains(e.Error(), "3000 starting points") {
		t.Errorf("balls= with 3000 starts and a trailing ';': %q", e)
	}

	// 1500 starts fit alone, not with two optimizers.
	w := sim.New()
	c := &sim.Set{Params: sim.ParseQuery("opt=gd,adam&balls=" + strings.Join(pts[:1500], ";"))}
	w.Do(c)
	if len(c.Errs) != 1 || len(w.Balls) != 0 {
		t.Fatalf("1500 starts with two optimizers: %d balls, refusals %v", len(w.Balls), c.Errs)
	}
	msg := c.Errs[0].Error()
	checkMessage(t, "balls", "…", c.Errs[0].(*optim.Error), true)
	if !strings.Contains(msg, strconv.Itoa(sim.MaxBalls)) {
		t.Errorf("balls that do not fit: %q does not mention the limit", msg)
	}
}
