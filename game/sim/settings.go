package sim

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	stepSetting     = optim.Setting{Key: "step", Title: "Steps taken at once", Kind: optim.Whole, Min: 0, Max: 1000000}
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

// Step counts, exercise sizes and the like that commands take, stated once.
var (
	// StepN is how many steps Step takes at once.
	StepN = optim.Setting{Key: "n", Kind: optim.Whole, Min: 0, Max: 1000000}
	// SweepSteps is how many steps each run of a sweep takes.
	SweepStepsSetting = optim.Setting{Key: "steps", Kind: optim.Whole, Min: 1, Max: 100000}
	// SweepEtas are a sweep's learning rates.
	SweepEtas = optim.Setting{Key: "etas", Kind: optim.List, Min: 0, Max: 1e6, MinOpen: true, MaxItems: MaxSweep}
	// QuizChoice is the answer to the quiz.
	QuizChoice = optim.Setting{Key: "i", Kind: optim.Whole, Min: 0, Max: QuizOptions - 1}
	// Factor is the multiplier of SpeedBy, Zoom and ZoomMap.
	Factor = optim.Setting{Key: "factor", Kind: optim.Real, Min: 1e-3, Max: 1e3}
)

type setting struct {
	spec  *optim.Setting
	hyper *optim.Hyper
	apply func(w *World, p Param) error // nil: the page's own key
}

// settings is every key, in the order apply handles them: the scene first
// (it resets the world to itself, the rest then changes it), the surface
// before what depends on it, the balls after the settings they use.
var settings []setting

func init() {
	settings = []setting{
		{spec: &sceneSetting, apply: applyScene},
		{spec: &tourSetting, apply: applyTour},
		{spec: &surfaceSetting}, // with f, in apply
		{spec: &fSetting},
		{spec: &optSetting, apply: applyOpt},
	}
	for i := range optim.Hyperparameters {
		h := &optim.Hyperparameters[i]
		settings = append(settings, setting{spec: &h.Setting, hyper: h})
	}
	settings = append(settings, []setting{
		{spec: &speedSetting, apply: func(w *World, p Param) error {
			v, err := speedSetting.ParseReal(p.Val)
			if err == nil {
				w.Speed = v
			}
			return err
		}},
		{spec: &maxStepsSetting, apply: func(w *World, p Param) error {
			v, err := maxStepsSetting.ParseWhole(p.Val)
			if err == nil {
				w.setMaxSteps(v)
			}
			return err
		}},
		{spec: &yawSetting, apply: func(w *World, p Param) error {
			v, err := yawSetting.ParseReal(p.Val)
			if err == nil {
				w.Cam.Yaw = v * math.Pi / 180
				w.Cam = w.Cam.Clamped()
			}
			return err
		}},
		{spec: &pitchSetting, apply: func(w *World, p Param) error {
			v, err := pitchSetting.ParseReal(p.Val)
			if err == nil {
				w.Cam.Pitch = v * math.Pi / 180
				w.Cam = w.Cam.Clamped()
			}
			return err
		}},
		{spec: &zoomSetting, apply: func(w *World, p Param) error {
			v, err := zoomSetting.ParseReal(p.Val)
			if err == nil {
				w.Cam.Zoom = v
			}
			return err
		}},
		{spec: &spinSetting, apply: func(w *World, p Param) error {
			v, err := spinSetting.ParseReal(p.Val)
			if err == nil {
				w.Spin = v * math.Pi / 180
			}
			return err
		}},
		{spec: &gridSetting, apply: func(w *World, p Param) error {
			v, err := gridSetting.ParseFlag(p.Val)
			if err == nil {
				w.Grid = v
			}
			return err
		}},
		{spec: &viewsSetting, apply: func(w *World, p Param) error {
			v, err := parseViews(p.Val)
			if err == nil {
				w.Views = v
			}
			return err
		}},
		{spec: &mainSetting, apply: func(w *World, p Param) error {
			i, err := mainSetting.ParseChoice(p.Val)
			if err == nil {
				w.Main = View(i)
			}
			return err
		}},
		{spec: &titleSetting, apply: func(w *World, p Param) error {
			t, err := parseWords(&titleSetting, p.Val, MaxTitle)
			if err == nil {
				w.Title = t
			}
			return err
		}},
		{spec: &captionSetting, apply: func(w *World, p Param) error {
			t, err := parseWords(&captionSetting, p.Val, MaxCaption)
			if err == nil {
				w.Caption = t
			}
			return err
		}},
		{spec: &presentSetting, apply: func(w *World, p Param) error {
			v, err := presentSetting.ParseFlag(p.Val)
			if err == nil {
				w.Present = v
			}
			return err
		}},
		{spec: &soundSetting, apply: func(w *World, p Param) error {
			v, err := soundSetting.ParseFlag(p.Val)
			if err == nil {
				w.Sound = v
			}
			return err
		}},
		{spec: &boxSetting, apply: func(w *World, p Param) error {
			b, err := parseBox(p.Val)
			if err == nil {
				w.setBox(b)
			}
			return err
		}},
		{spec: &pausedSetting, apply: func(w *World, p Param) error {
			v, err := pausedSetting.ParseFlag(p.Val)
			if err == nil {
				w.Paused = v
			}
			return err
		}},
		{spec: &ballsSetting, apply: applyBalls},
		{spec: &ballSetting, apply: applyBall},
		{spec: &stepSetting, apply: func(w *World, p Param) error {
			n, err := stepSetting.ParseWhole(p.Val)
			if err == nil {
				err = w.workable("step", n)
			}
			if err == nil {
				w.step(n)
			}
			return err
		}},
		{spec: &mapGridSetting, apply: func(w *World, p Param) error {
			n, err := mapGridSetting.ParseWhole(p.Val)
			if err == nil {
				// The cursor keeps its place on the new grid.
				for i, c := range w.cursorCell() {
					w.MapCursor[i] = min((2*c+1)*n/(2*w.MapGrid), n-1)
				}
				w.MapGrid = n
			}
			return err
		}},
		{spec: &mapEtasSetting, apply: func(w *World, p Param) error {
			if v := strings.TrimSpace(p.Val); v == "off" || v == "" {
				w.MapEtas = nil
				return nil
			}
			var buf [MaxMapRules]float64
			n, err := mapEtasSetting.ParseList(p.Val, buf[:])
			if err == nil {
				w.MapEtas = append([]float64(nil), buf[:n]...)
			}
			return err
		}},
		{spec: &modeSetting, apply: func(w *World, p Param) error {
			i, err := modeSetting.ParseChoice(p.Val)
			if err != nil {
				return err
			}
			return w.setMode(Mode(i))
		}},
		{spec: &guessesSetting, apply: func(w *World, p Param) error {
			pts, err := parsePoints(guessesSetting, p.Val, MaxGuesses)
			if err != nil {
				return err
			}
			for _, q := range pts {
				w.setGuess(q)
				w.recordGuess()
			}
			w.Mode = ModeGuess
			return nil
		}},
		{spec: &guessSetting, apply: func(w *World, p Param) error {
			pts, err := parsePoints(guessSetting, p.Val, 1)
			if err != nil {
				return err
			}
			if len(pts) != 1 {
				return guessSetting.Refuse(p.Val, "is not one point")
			}
			w.setGuess(pts[0])
			w.Mode = ModeGuess
			return nil
		}},
		{spec: &searchSetting, apply: func(w *World, p Param) error {
			n, err := searchSetting.ParseWhole(p.Val)
			if err != nil {
				return err
			}
			_, err = w.randomSearch(n, w.nextSeed())
			return err
		}},
		{spec: &sweepSetting, apply: applySweep},
		{spec: &embedSetting, apply: pageFlag(&embedSetting)},
		{spec: &loadSetting, apply: pageChoice(&loadSetting)},
		{spec: &panelSetting, apply: pageChoice(&panelSetting)},
		{spec: &sharpSetting, apply: pageFlag(&sharpSetting)},
		{spec: &originSetting, apply: func(w *World, p Param) error { return nil }},
	}...)
	names := make([]string, len(Scenes))
	for i := range Scenes {
		names[i] = Scenes[i].Name
	}
	sceneSetting.Choices = names
}

// The longest title= and caption= a lecturer may give, in characters.
const (
	MaxTitle   = 120
	MaxCaption = 1000
)

// parseWords reads a lecturer's plain text: white space (line breaks
// included) folds to single spaces and the ends are trimmed; control
// characters and text over max characters are refused. It stays text:
// the page shows it with textContent, so "<b>" reads as "<b>".
func parseWords(s *optim.Setting, text string, max int) (string, error) {
	if !utf8.ValidString(text) {
		return "", s.Refuse(text, "is not valid UTF-8 text")
	}
	var b strings.Builder
	n := 0
	space := false
	for _, r := range text {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			return "", s.Refuse(text, "holds a control character; plain text only")
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	if n > max {
		return "", s.Refuse(text, "is longer than "+strconv.Itoa(max)+" characters")
	}
	return b.String(), nil
}

func pageFlag(s *optim.Setting) func(*World, Param) error {
	return func(_ *World, p Param) error { _, err := s.ParseFlag(p.Val); return err }
}

func pageChoice(s *optim.Setting) func(*World, Param) error {
	return func(_ *World, p Param) error { _, err := s.ParseChoice(p.Val); return err }
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

// ParseQuery splits a URL query ("a=1&b=2", with or without the leading
// "?") into params, keeping their order. Values are URL-unescaped; a value
// that cannot be unescaped is kept as typed (the setting then refuses it).
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
			return "", errBadEscape
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

type constError string

func (e constError) Error() string { return string(e) }

const errBadEscape = constError("bad escape")

// classify splits ps into known params, in the order settings are applied
// (stable for repeated keys), and errors for unknown keys.
func classify(ps []Param) (known []Param, errs []error) {
	for _, p := range ps {
		p.base, p.rule = p.Key, allRules
		if pre, rest, ok := strings.Cut(p.Key, "."); ok {
			r, err := optim.ParseRule(pre)
			if err != nil {
				errs = append(errs, &optim.Error{Field: shortKey(p.Key), Problem: "unknown setting: no optimizer " + brief(pre),
					Accepted: "an optimizer's name, a dot, a hyperparameter, e.g. adam.lr"})
				continue
			}
			if _, isHyper := optim.HyperByKey(rest); !isHyper {
				errs = append(errs, &optim.Error{Field: shortKey(p.Key), Problem: "unknown setting: no hyperparameter " + brief(rest),
					Accepted: "lr, gamma, beta, beta1, beta2, eps, … (info().hyperparameters)"})
				continue
			}
			p.base, p.rule = rest, r
		}
		if settingIndex(p.base) < 0 {
			e := &optim.Error{Field: shortKey(p.Key), Problem: "unknown setting", Accepted: "a key of the README's table; info().settingKeys lists them"}
			if near := closest(p.Key); near != "" {
				e.Problem = "unknown setting (did you mean " + near + "?)"
			}
			errs = append(errs, e)
			continue
		}
		known = append(known, p)
	}
	// Stable insertion sort by the settings' order (few params).
	for i := 1; i < len(known); i++ {
		for j := i; j > 0 && settingIndex(known[j].base) < settingIndex(known[j-1].base); j-- {
			known[j], known[j-1] = known[j-1], known[j]
		}
	}
	return known, errs
}

// brief quotes a part of a key for a message, when it is short.
func brief(s string) string {
	if len(s) > 12 || strconv.Quote(s) != `"`+s+`"` {
		return "of that name"
	}
	return strconv.Quote(s)
}

// closest returns the key nearest to k, ignoring case (at most two edits
// away), or "".
func closest(k string) string {
	if len(k) > 40 {
		return ""
	}
	best, bd := "", 3
	for _, s := range settings {
		if d := distance(strings.ToLower(k), strings.ToLower(s.spec.Key)); d < bd {
			best, bd = s.spec.Key, d
		}
	}
	return best
}

// distance is the edit distance between a and b (bytes).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// shortKey keeps an unknown key printable and short in a message.
func shortKey(k string) string {
	if len(k) > 40 || strconv.Quote(k) != `"`+k+`"` {
		// Long, or with characters a message cannot show as they are.
		return optim.Shown(k)
	}
	return k
}

// apply applies settings, as from the URL or downhill.set(). Every accepted
// key takes effect; each refused one yields an *optim.Error naming the key
// as typed and what is accepted, and leaves that setting as it was. Keys
// are applied in the order of Settings, whatever their order in ps. A new
// surface removes every ball; hyperparameters apply to new balls and to
// running balls of the optimizers they concern, from their next step.
func (w *World) apply(ps []Param) []error {
	known, errs := classify(ps)
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
	surfaceDone := false
	for _, p := range known {
		i := settingIndex(p.base)
		s := settings[i]
		var err error
		switch {
		case p.base == "surface" || p.base == "f":
			if surfaceDone || !haveSurface {
				continue
			}
			surfaceDone = true
			err = w.applySurface(surface, f, haveF)
		case s.hyper != nil:
			err = w.setHyper(p)
		default:
			err = s.apply(w, p)
		}
		if err != nil {
			if p.base != "surface" && p.base != "f" { // those name the field they refuse
				err = optim.Renamed(err, shortKey(p.Key))
			}
			errs = append(errs, err)
		}
	}
	w.Cam = w.Cam.Clamped()
	return errs
}

func (w *World) applySurface(name, f string, haveF bool) error {
	if _, err := surfaceSetting.ParseChoice(name); err != nil {
		return err
	}
	s, err := surfaces.New(name, f)
	if err != nil {
		return err
	}
	if name != "custom" && haveF {
		w.setSurface(s, "")
		return &optim.Error{Field: "f", Problem: "is only used with surface=custom", Accepted: "f with surface=custom, or no f"}
	}
	if name != "custom" {
		f = ""
	}
	w.setSurface(s, f)
	return nil
}

func applyOpt(w *World, p Param) error {
	var rules []optim.Rule
	for _, name := range strings.Split(p.Val, ",") {
		r, err := optim.ParseRule(strings.TrimSpace(name))
		if err != nil {
			return optSetting.Refuse(p.Val, "is not a list of optimizers")
		}
		for _, q := range rules {
			if q == r {
				return optSetting.Refuse(p.Val, "names "+r.String()+" twice")
			}
		}
		rules = append(rules, r)
	}
	w.Enabled = rules
	return nil
}

func applyBalls(w *World, p Param) error {
	starts, err := parsePoints(ballsSetting, p.Val, MaxBalls)
	if err != nil {
		return err
	}
	if err := w.room(len(starts) * len(w.Enabled)); err != nil {
		return &optim.Error{Field: "balls", Problem: strconv.Itoa(len(starts)) + " starting points, more than the " +
			strconv.Itoa(max(0, (MaxBalls-len(w.Balls))/max(1, len(w.Enabled)))) + " that fit",
			Accepted: "at most " + strconv.Itoa(MaxBalls) + " balls in all, one per optimizer and start"}
	}
	for _, s := range starts {
		if _, err := w.drop(s); err != nil {
			return err
		}
	}
	return nil
}

// applyBall reads "optimizer,w,b,key=value,...": one ball with its own
// settings (a value may hold commas: etas=0.1,0.5).
func applyBall(w *World, p Param) error {
	parts := strings.Split(p.Val, ",")
	if len(parts) < 3 {
		return ballSetting.Refuse(p.Val, "is not optimizer,w,b")
	}
	pts, err := parsePoints(ballSetting, parts[1]+","+parts[2], 1)
	if err != nil {
		return err
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
			return ballSetting.Refuse(item, "is not a key=value setting")
		}
	}
	return c.do(w)
}

func applySweep(w *World, p Param) error {
	var etas []float64
	if v := strings.TrimSpace(p.Val); v != "1" && v != "true" {
		var buf [MaxSweep]float64
		n, err := SweepEtas.ParseList(v, buf[:])
		if err != nil {
			return sweepSetting.Refuse(p.Val, "is not 1 or a list of learning rates")
		}
		etas = buf[:n]
	}
	return w.defaultSweep(etas)
}

// parsePoints reads "w,b;w,b;..." (at most limit points).
func parsePoints(s optim.Setting, text string, limit int) ([]optim.Vec, error) {
	var out []optim.Vec
	for _, pair := range strings.Split(text, ";") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		if len(out) == limit {
			n := 0
			for _, q := range strings.Split(text, ";") {
				if strings.TrimSpace(q) != "" {
					n++
				}
			}
			noun := " starting points"
			if s.Key != ballsSetting.Key {
				noun = " points"
			}
			return nil, &optim.Error{Field: s.Key, Problem: strconv.Itoa(n) + noun + ", more than the " + strconv.Itoa(limit) + " accepted",
				Accepted: "at most " + strconv.Itoa(limit) + " w,b pairs separated by ';'"}
		}
		ws, bs, ok := strings.Cut(pair, ",")
		x, err1 := strconv.ParseFloat(strings.TrimSpace(ws), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(bs), 64)
		if !ok || err1 != nil || err2 != nil || !finite(x) || !finite(y) {
			return nil, s.Refuse(pair, "is not a w,b pair of numbers")
		}
		if math.Abs(x) > maxCoord || math.Abs(y) > maxCoord {
			return nil, s.Refuse(pair, "is too far out (|w|, |b| <= 1e6)")
		}
		out = append(out, optim.Vec{x, y})
	}
	if len(out) == 0 {
		return nil, s.Refuse(text, "has no starting point")
	}
	return out, nil
}

// parseViews reads "contour,loss".
func parseViews(text string) ([]View, error) {
	var out []View
	for _, name := range strings.Split(text, ",") {
		name = strings.TrimSpace(name)
		k := -1
		for i, n := range viewNames {
			if n == name {
				k = i
			}
		}
		if k < 0 {
			return nil, viewsSetting.Refuse(text, "is not a list of views")
		}
		for _, v := range out {
			if v == View(k) {
				return nil, viewsSetting.Refuse(text, "names "+name+" twice")
			}
		}
		out = append(out, View(k))
	}
	return out, nil
}

// parseBox reads "w0,w1,b0,b1".
func parseBox(text string) (surfaces.Box, error) {
	parts := strings.Split(text, ",")
	if len(parts) != 4 {
		return surfaces.Box{}, boxSetting.Refuse(text, "is not four numbers")
	}
	var v [4]float64
	for i, s := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !finite(x) || math.Abs(x) > maxCoord {
			return surfaces.Box{}, boxSetting.Refuse(text, "is not four numbers")
		}
		v[i] = x
	}
	b := surfaces.Box{WMin: v[0], WMax: v[1], BMin: v[2], BMax: v[3]}
	if err := checkBox(b); err != nil {
		return b, boxSetting.Refuse(text, err.Error())
	}
	return b, nil
}

// setMaxSteps changes the step limit, letting balls stopped by the old one
// roll on.
func (w *World) setMaxSteps(v int) {
	w.MaxSteps = v
	for _, b := range w.Balls {
		if b.Status == StepLimit && b.St.T < v {
			b.Status = Rolling
		}
		w.checkStop(b)
	}
}

// nextSeed returns a seed for a search or a quiz and moves the world's on.
func (w *World) nextSeed() uint64 {
	w.Seed++
	return w.Seed - 1
}

// setHyper checks a hyperparameter on every configuration it concerns,
// then records it and applies it to new and running balls.
func (w *World) setHyper(p Param) error {
	for r := optim.Rule(0); r < optim.NumRules; r++ {
		if p.rule != allRules && p.rule != r {
			continue
		}
		c := w.cfg[r]
		if err := c.Set(p.base, p.Val); err != nil {
			return err
		}
		if err := c.Validate(); err != nil {
			return err
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
			if c.Set(p.base, p.Val) == nil && c.Validate() == nil {
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

// ballConfig returns the configuration of a ball of rule r with the
// hyperparameters in ps (keys without optimizer prefix, e.g. "lr") on top of
// the world's current configuration for r. The error names the first bad
// key.
func (w *World) ballConfig(r optim.Rule, ps []Param) (optim.Config, error) {
	c := w.cfg[r]
	for _, p := range ps {
		if _, ok := optim.HyperByKey(p.Key); !ok {
			return c, &optim.Error{Field: shortKey(p.Key), Problem: "unknown option of a ball",
				Accepted: "start, optimizer, " + strings.Join(optim.HyperKeys(), ", ")}
		}
		if err := c.Set(p.Key, p.Val); err != nil {
			return c, err
		}
		if err := c.Validate(); err != nil {
			return c, err
		}
	}
	return c, nil
}

// fmtNum formats a number for a query or a message: six significant digits,
// the shortest form.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }

// Query returns the URL query (without "?") that recreates the world: the
// surface, the optimizers, the hyperparameters set, speed, step limit,
// camera, views, framing, the starting points of the balls (one per drop)
// and whether it is paused, for a link an instructor can share. A scene
// left as it was is its name.
func (w *World) Query() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+escape(v)) }
	words := func() {
		if w.Title != "" {
			add("title", w.Title)
		}
		if w.Caption != "" {
			add("caption", w.Caption)
		}
	}
	if w.Scene >= 0 && w.edits == w.sceneEdits {
		add("scene", Scenes[w.Scene].Name)
		if w.Tour {
			add("tour", "1")
		}
		if w.Main != Scenes[w.Scene].main() {
			add("main", w.Main.String())
		}
		words()
		return strings.Join(parts, "&")
	}
	if w.Tour {
		add("tour", "1")
	}
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
	if w.Speed != DefaultSpeed {
		add("speed", exact(w.Speed))
	}
	if w.MaxSteps != DefaultMaxSteps {
		add("maxSteps", strconv.Itoa(w.MaxSteps))
	}
	if w.Cam != DefaultCamera() {
		add("yaw", fmtNum(w.Cam.Yaw*180/math.Pi))
		add("pitch", fmtNum(w.Cam.Pitch*180/math.Pi))
		add("zoom", fmtNum(w.Cam.Zoom))
	}
	if w.Spin != 0 {
		add("spin", fmtNum(w.Spin*180/math.Pi))
	}
	if !w.Grid {
		add("grid", "0")
	}
	if !sameViews(w.Views, AllViews) {
		names := make([]string, len(w.Views))
		for i, v := range w.Views {
			names[i] = v.String()
		}
		add("views", strings.Join(names, ","))
	}
	if w.Main != ViewContour {
		add("main", w.Main.String())
	}
	if w.Present {
		add("present", "1")
	}
	if w.Sound {
		add("sound", "1")
	}
	if w.Box != w.Info.Box {
		b := w.Box
		add("box", exact(b.WMin)+","+exact(b.WMax)+","+exact(b.BMin)+","+exact(b.BMax))
	}
	var starts, singles []string
	for i := 0; i < len(w.Balls); {
		b := w.Balls[i]
		if b.Limit > 0 { // a sweep's: sweep= below recreates them
			i++
			continue
		}
		if n := w.raceAt(i); n > 0 {
			starts = append(starts, exact(b.Start[0])+","+exact(b.Start[1]))
			i += n
			continue
		}
		singles = append(singles, w.ballQuery(b))
		i++
	}
	if len(starts) > 0 {
		add("balls", strings.Join(starts, ";"))
	}
	for _, s := range singles {
		add("ball", s)
	}
	if w.Mode == ModeSweep && len(w.SweepRows) > 0 {
		etas := make([]string, len(w.SweepRows))
		for i, r := range w.SweepRows {
			etas[i] = exact(r.LR)
		}
		add("sweep", strings.Join(etas, ","))
	}
	if w.Paused {
		add("paused", "1")
	}
	if w.MapGrid != DefaultMapGrid {
		add("mapGrid", strconv.Itoa(w.MapGrid))
	}
	if len(w.MapEtas) > 0 {
		etas := make([]string, len(w.MapEtas))
		for i, e := range w.MapEtas {
			etas[i] = exact(e)
		}
		add("mapEtas", strings.Join(etas, ","))
	}
	if w.Mode == ModeMap {
		add("mode", "map")
	}
	if w.Mode == ModeGuess && w.HaveGuess {
		add("guess", exact(w.Guess[0])+","+exact(w.Guess[1]))
	}
	words()
	return strings.Join(parts, "&")
}

// exact formats a number so that it reads back the same.
func exact(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// raceAt returns the number of balls from index i that make one drop of
// the enabled optimizers with the world's settings (what balls= recreates),
// or 0.
func (w *World) raceAt(i int) int {
	n := len(w.Enabled)
	if i+n > len(w.Balls) {
		return 0
	}
	g := w.Balls[i].Group
	for k, r := range w.Enabled {
		b := w.Balls[i+k]
		if b.Group != g || b.Cfg != w.cfg[r] || b.Start != w.Balls[i].Start || b.Color != Palette[r] || b.Limit != 0 {
			return 0
		}
	}
	if i+n < len(w.Balls) && w.Balls[i+n].Group == g {
		return 0
	}
	return n
}

// ballQuery is ball='s value for b: its optimizer, start, and the settings
// where it differs from the world's for its optimizer.
func (w *World) ballQuery(b *Ball) string {
	parts := []string{b.Cfg.Rule.String(), exact(b.Start[0]), exact(b.Start[1])}
	base := w.cfg[b.Cfg.Rule]
	for _, h := range optim.Hyperparameters {
		if v := b.Cfg.Value(h.Key); !sameValue(v, base.Value(h.Key)) {
			parts = append(parts, h.Key+"="+valueText(v, h.Off))
		}
	}
	if b.Color != Palette[b.Cfg.Rule] {
		if name := colorName(b.Color); name != "" {
			parts = append(parts, "color="+name)
		}
	}
	return strings.Join(parts, ",")
}

func sameValue(a, b any) bool {
	x, ok1 := a.([]float64)
	y, ok2 := b.([]float64)
	if ok1 || ok2 {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a == b
}

// valueText spells a hyperparameter's value as the URL does.
func valueText(v any, off string) string {
	switch x := v.(type) {
	case nil:
		return off
	case float64:
		return exact(x)
	case int:
		return strconv.Itoa(x)
	case uint64:
		return strconv.FormatUint(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return x
	case []float64:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = exact(e)
		}
		return strings.Join(s, ",")
	}
	return ""
}

func sameViews(a, b []View) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
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
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
