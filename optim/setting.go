package optim

import (
	"math"
	"strconv"
	"strings"
)

// Kind says how a setting is written.
type Kind uint8

// The kinds of setting.
const (
	Real   Kind = iota // a finite number in [Min, Max]
	Whole              // a whole number in [Min, Max]
	Flag               // true or false (1/0, yes/no, on/off)
	Choice             // one of Choices
	List               // 1 to MaxItems comma-separated numbers, each in [Min, Max]
	Text               // free text the owner parses (an expression, a list of points)
)

var kindNames = [...]string{"real", "whole", "flag", "choice", "list", "text"}

// String returns the kind's name as info() gives it ("real", "whole", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Setting describes one value a user can set, as the URL, window.downhill,
// a host page's messages and the control panel all name and check it: its
// key, its title in the panel, what is accepted, and how the panel's slider
// shows it. It is stated once, next to the field it governs (optim's
// hyperparameters in Hyperparameters, the world's settings in game/sim),
// and every way in checks values through it.
type Setting struct {
	Key   string
	Title string
	Kind  Kind
	// Min and Max bound Real, Whole and each List item; MinOpen and MaxOpen
	// exclude the bound itself (0 <= gamma < 1).
	Min, Max         float64
	MinOpen, MaxOpen bool
	// MaxItems is the longest List.
	MaxItems int
	// Choices are a Choice's values (and, for a Real with Off, the usual
	// picks the panel offers); ChoiceTitles their titles in the panel.
	Choices      []string
	ChoiceTitles []string
	// Off, when set, is a word that switches a Real setting off
	// ("gammaMax=off").
	Off string
	// The panel's slider: its ends (within Min and Max), its step, and
	// whether it is on a log scale.
	SliderMin, SliderMax, Step float64
	Log                        bool
	// Unit follows the value in the panel ("steps/s").
	Unit string
	// Accepted is how errors say what is taken; empty: derived from the
	// range.
	Accepted string
}

// AcceptedText returns what an error says is accepted.
func (s *Setting) AcceptedText() string {
	if s.Accepted != "" {
		return s.Accepted
	}
	switch s.Kind {
	case Flag:
		return "true or false (1 or 0)"
	case Choice:
		return strings.Join(s.Choices, ", ")
	}
	lo, hi := num(s.Min), num(s.Max)
	var r string
	switch {
	case s.MinOpen && s.MaxOpen:
		r = lo + " < " + s.Key + " < " + hi
	case s.MinOpen:
		r = lo + " < " + s.Key + " <= " + hi
	case s.MaxOpen:
		r = lo + " <= " + s.Key + " < " + hi
	default:
		r = lo + " to " + hi
	}
	switch s.Kind {
	case Whole:
		r = "a whole number from " + lo + " to " + hi
	case List:
		r = "1 to " + strconv.Itoa(s.MaxItems) + " comma-separated numbers, each " + r
	}
	if s.Off != "" {
		r += ", or " + s.Off
	}
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func num(v float64) string {
	if v == math.MaxUint64 {
		return "2^64-1"
	}
	// 1e6, not 1e+06.
	s := strconv.FormatFloat(v, 'g', -1, 64)
	s = strings.Replace(s, "e+", "e", 1)
	s = strings.Replace(s, "e0", "e", 1)
	s = strings.Replace(s, "e-0", "e-", 1)
	return s
}

// In reports whether v lies in the setting's range.
func (s *Setting) In(v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	if v < s.Min || v > s.Max || (s.MinOpen && v == s.Min) || (s.MaxOpen && v == s.Max) {
		return false
	}
	return true
}

// Check returns an *Error if v is out of range, nil otherwise; text is the
// value as the user wrote it (empty: v formatted).
func (s *Setting) Check(v float64, text string) error {
	if s.In(v) {
		return nil
	}
	if text == "" {
		text = num(v)
	}
	return s.refuse(text, "is out of range")
}

// Refuse returns the *Error of a refused text: the setting's key, the text,
// the problem ("is not a number") and what is accepted.
func (s *Setting) Refuse(text, problem string) *Error { return s.refuse(text, problem) }

func (s *Setting) refuse(text, problem string) *Error {
	return &Error{Field: s.Key, Value: text, Problem: problem, Accepted: s.AcceptedText()}
}

// ParseReal reads a Real (or a List item) and checks its range.
func (s *Setting) ParseReal(text string) (float64, error) {
	t := strings.TrimSpace(text)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, s.refuse(text, "is not a number")
	}
	return v, s.Check(v, text)
}

// ParseWhole reads a Whole and checks its range.
func (s *Setting) ParseWhole(text string) (int, error) {
	t := strings.TrimSpace(text)
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		// 1e3 and 1000.0 are whole numbers too.
		f, ferr := strconv.ParseFloat(t, 64)
		if ferr != nil || !finite(f) || f != math.Trunc(f) {
			return 0, s.refuse(text, "is not a whole number")
		}
		if math.Abs(f) > 1<<53 {
			return 0, s.refuse(text, "is out of range")
		}
		v = int64(f)
	}
	return int(v), s.Check(float64(v), text)
}

// ParseFlag reads a Flag.
func (s *Setting) ParseFlag(text string) (bool, error) {
	if v, ok := ParseFlag(text); ok {
		return v, nil
	}
	return false, s.refuse(text, "is not true or false")
}

// ParseChoice reads a Choice and returns its index in Choices.
func (s *Setting) ParseChoice(text string) (int, error) {
	t := strings.TrimSpace(text)
	for i, c := range s.Choices {
		if c == t {
			return i, nil
		}
	}
	return 0, s.refuse(text, "is unknown")
}

// ParseList reads a List into dst and returns the number of items.
func (s *Setting) ParseList(text string, dst []float64) (int, error) {
	parts := strings.Split(text, ",")
	if len(parts) > s.MaxItems || len(parts) > len(dst) {
		return 0, &Error{Field: s.Key, Problem: strconv.Itoa(len(parts)) + " values, more than the " + strconv.Itoa(s.MaxItems) + " accepted", Accepted: s.AcceptedText()}
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || !s.In(v) {
			return 0, s.refuse(text, "is not a list of numbers in range")
		}
		dst[i] = v
	}
	return len(parts), nil
}

// ParseFlag reads the words a URL may use for a boolean: 1, true, yes, on
// and 0, false, no, off. ok is false for anything else.
func ParseFlag(text string) (v, ok bool) {
	switch strings.TrimSpace(text) {
	case "1", "true", "yes", "on":
		return true, true
	case "0", "false", "no", "off":
		return false, true
	}
	return false, false
}
