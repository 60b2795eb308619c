package sim

import (
	"slices"
	"strconv"
	"strings"

	"downhill/optim"
)

// The URL's side of the world: reading a query into params (ParseQuery)
// and writing the query that recreates the world (Query). What the params
// mean is the settings table's (settings.go).

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
	for _, h := range w.hyper {
		add(h.key(), h.text())
	}
	if w.Speed != DefaultSpeed {
		add("speed", exact(w.Speed))
	}
	if w.MaxSteps != DefaultMaxSteps {
		add("maxSteps", strconv.Itoa(w.MaxSteps))
	}
	if w.Cam != DefaultCamera() {
		add("yaw", fmtNum(w.Cam.Yaw/Degree))
		add("pitch", fmtNum(w.Cam.Pitch/Degree))
		add("zoom", fmtNum(w.Cam.Zoom))
	}
	if w.Spin != 0 {
		add("spin", fmtNum(w.Spin/Degree))
	}
	if !w.Grid {
		add("grid", "0")
	}
	if !slices.Equal(w.Views, AllViews) {
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
	if w.Mode == ModeGuess && len(w.Guesses) > 0 {
		// The table of tries, oldest first, as guesses= records them.
		tries := make([]string, len(w.Guesses))
		for i, g := range w.Guesses {
			tries[i] = exact(g.W) + "," + exact(g.B)
		}
		add("guesses", strings.Join(tries, ";"))
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
		return slices.Equal(x, y)
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
