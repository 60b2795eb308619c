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

// Reading a setting's raw value: the params as the URL and window.downhill
// give them, which keys they are, and the parsers of the values that are
// not a plain number. The settings table (settings.go) turns each into a
// command.

// Param is one setting as the URL and downhill.set() give it: a key and its
// value. Hyperparameter keys may carry an optimizer prefix ("adam.lr") to
// set one optimizer only.
type Param struct {
	Key, Val string
	// Num is the value when it came as a number (a JavaScript call's
	// {lr: 0.5}): a setting that takes a number takes it as it is,
	// without printing and parsing it again. Val then holds its text too,
	// for the settings that take text and for messages.
	Num   float64
	IsNum bool

	rule optim.Rule // for hyperparameters: allRules or one rule
	base string     // the key without its optimizer prefix
}

// Number returns the param of a number (a JavaScript call's).
func Number(key string, x float64) Param {
	return Param{Key: key, Val: strconv.FormatFloat(x, 'g', -1, 64), Num: x, IsNum: true}
}

const allRules = optim.NumRules

// real reads p as s's Real: its number as it came, or its text parsed.
func (p Param) real(s *optim.Setting) (float64, error) {
	if !p.IsNum {
		return s.ParseReal(p.Val)
	}
	if !finite(p.Num) {
		return 0, s.Refuse(p.Val, "is not a number")
	}
	return p.Num, s.Check(p.Num, p.Val)
}

// whole reads p as s's Whole.
func (p Param) whole(s *optim.Setting) (int, error) {
	if !p.IsNum {
		return s.ParseWhole(p.Val)
	}
	if !finite(p.Num) || p.Num != math.Trunc(p.Num) {
		return 0, s.Refuse(p.Val, "is not a whole number")
	}
	if math.Abs(p.Num) > 1<<53 {
		return 0, s.Refuse(p.Val, "is out of range")
	}
	return int(p.Num), s.Check(p.Num, p.Val)
}

// hyperValue reads p as h's value: a number as it came, text parsed once.
func (p Param) hyperValue(h *optim.Hyper) (optim.Value, error) {
	if p.IsNum {
		return h.Number(p.Num, p.Val)
	}
	return h.Parse(p.Val)
}

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
