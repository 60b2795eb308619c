package optim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is the one shape of a refused input in Downhill: optim, surfaces and
// game/sim all return it, and every way in (the URL, window.downhill, a host
// page's message) formats it the same way, once, with Error:
//
//	lr: -1 is out of range (accepted: 0 to 1e6)
//	schedule: "bogus" is unknown (accepted: constant, step, rise, exp, inv)
//	f: at position 2: expected an operator but found "w"
//	balls: 3000 starting points, more than the 1000 accepted
//
// Field is the key as the user wrote it ("lr", "adam.lr", "f"); Value the
// value as typed ("" when the problem says it better); Pos a 1-based
// position in Value (expressions), 0 for none; Problem what is wrong;
// Accepted what would have been taken ("" for none).
type Error struct {
	Field    string
	Value    string
	Pos      int
	Problem  string
	Accepted string
	// Err is the underlying error (an expression's parse error), or nil.
	Err error
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// MaxShown is the longest value an error message repeats whole; a longer one
// is cut (at a character boundary) and says how long it was, so a refused
// 30 KB list does not put 30 KB on the page.
const MaxShown = 40

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Field)
	b.WriteString(": ")
	if e.Pos > 0 {
		b.WriteString("at position ")
		b.WriteString(strconv.Itoa(e.Pos))
		b.WriteString(": ")
	}
	// An empty value is shown ("") when the problem is about it.
	if e.Value != "" || e.Problem == "" || strings.HasPrefix(e.Problem, "is ") {
		b.WriteString(Shown(e.Value))
		b.WriteByte(' ')
	}
	b.WriteString(e.Problem)
	if e.Accepted != "" {
		b.WriteString(" (accepted: ")
		b.WriteString(e.Accepted)
		b.WriteByte(')')
	}
	return b.String()
}

// Shown returns a value as an error message repeats it: a plain number as
// it is, anything else quoted; when the quoted text would be longer than
// MaxShown characters, its start and the value's length.
func Shown(v string) string {
	if _, err := strconv.ParseFloat(v, 64); err == nil && strings.TrimSpace(v) == v && v != "" && len(v) <= MaxShown {
		return v
	}
	if q := strconv.Quote(v); utf8.RuneCountInString(q) <= MaxShown+2 {
		return q
	}
	// Quote rune by rune until the budget is spent.
	var b strings.Builder
	b.WriteByte('"')
	n := 1
	for _, r := range v {
		q := strconv.QuoteRune(r)
		q = q[1 : len(q)-1] // without its single quotes
		if r == '"' {
			q = `\"`
		} else if r == '\'' {
			q = "'"
		}
		if n+utf8.RuneCountInString(q) > MaxShown/2 {
			break
		}
		b.WriteString(q)
		n += utf8.RuneCountInString(q)
	}
	b.WriteString("…\" (")
	b.WriteString(strconv.Itoa(utf8.RuneCountInString(v)))
	b.WriteString(" characters)")
	return b.String()
}

// Renamed returns err with Field set to field when it is an *Error (a copy:
// the original is not changed), else err. An entry point uses it to name the
// key as the user typed it ("adam.lr" for a rule's "lr").
func Renamed(err error, field string) error {
	if e, ok := err.(*Error); ok {
		c := *e
		c.Field = field
		return &c
	}
	return err
}
