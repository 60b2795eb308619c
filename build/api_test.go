//go:build !js

package main

// window.downhill under bad input: every bad call throws an Error that names
// the field and what is accepted, set() answers with such messages, and the
// page keeps running with nothing non-finite in its state.

import (
	"strings"
	"testing"
)

func TestAPIBadInputIsRefusedClearly(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1024, 700, 1)
	must(t, p.Load(e.appURL+"?paused=1#panel=off"))

	// Each call must throw an Error whose message contains every word listed.
	throws := []struct {
		call  string
		words []string
	}{
		{`downhill.addBall({start: [NaN, 0]})`, []string{"start", "finite"}},
		{`downhill.addBall({start: [1]})`, []string{"start", "[w, b]"}},
		{`downhill.addBall("x")`, []string{"addBall", "object"}},
		{`downhill.addBall({start: [0, 0], optimizer: "sgdx"})`, []string{"optimizer", "accepted", "nag"}},
		{`downhill.addBall({start: [0, 0], lr: -1})`, []string{"lr", "accepted"}},
		{`downhill.addBall({start: [0, 0], gamma: "big"})`, []string{"gamma", "number"}},
		{`downhill.addBall({start: [0, 0], colour: 1})`, []string{"colour", "unknown", "accepted"}},
		{`downhill.step(-1)`, []string{"step", "whole number"}},
		{`downhill.step(1.5)`, []string{"step", "whole number"}},
		{`downhill.loss("a", 1)`, []string{"loss", "two numbers"}},
		{`downhill.toScreen(1)`, []string{"toScreen", "two numbers"}},
		{`downhill.remove("x")`, []string{"remove", "id"}},
		{`downhill.randomSearch(0)`, []string{"randomSearch", "accepted"}},
		{`downhill.sweep({etas: [-1]})`, []string{"etas", "accepted"}},
		{`downhill.answer(0)`, []string{"answer", "quiz"}},
		{`downhill.set(5)`, []string{"set", "object"}},
		{`downhill.recordGuess()`, []string{"recordGuess", "guess"}},
	}
	for _, c := range throws {
		msg := eval[string](t, p, `(() => { try { `+c.call+`; return "no error"; } catch (e) { return (e instanceof Error ? "" : "not an Error: ") + e.message; } })()`)
		for _, w := range c.words {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q lacks %q", c.call, msg, w)
			}
		}
	}

	// set() returns one message per bad key, naming it, and applies the rest.
	errs := eval[[]string](t, p, `downhill.set({lr: "abc", bogus: 1, speed: 5, surface: "nope", f: "w +* b", balls: "1,2;x"})`)
	joined := strings.Join(errs, "\n")
	for _, key := range []string{"lr:", "bogus:", "surface:", "balls:"} {
		if !strings.Contains(joined, key) {
			t.Errorf("set errors do not name %s:\n%s", key, joined)
		}
	}
	st := eval[struct {
		Speed   float64 `json:"speed"`
		Surface string  `json:"surface"`
	}](t, p, `downhill.state()`)
	if st.Speed != 5 || st.Surface != "neuron" {
		t.Errorf("the good key should apply and the bad surface keep neuron: speed %v, surface %q", st.Speed, st.Surface)
	}
	ferr := eval[[]string](t, p, `downhill.set({f: "w +* b"})`)
	if len(ferr) != 1 || !strings.HasPrefix(ferr[0], "f:") || !strings.Contains(ferr[0], "position") {
		t.Errorf("a bad expression should be one error naming f and the position: %q", ferr)
	}

	// The page runs on: a ball still drops, steps and draws.
	id := eval[int](t, p, `downhill.addBall({start: [-2, -2]})`)
	if id <= 0 {
		t.Fatalf("addBall after bad calls returned %d", id)
	}
	n := eval[int](t, p, `downhill.step(10).balls.length`)
	must(t, p.WaitFrames(3))
	if n != 1 {
		t.Fatalf("state after bad calls has %d balls", n)
	}
	if js := eval[string](t, p, `JSON.stringify(downhill.state())`); strings.Contains(js, "NaN") || strings.Contains(js, "Infinity") {
		t.Errorf("state holds a non-finite number: %s", js)
	}
	noConsoleErrors(t, p)
}
