package sim_test

import (
	"math"
	"strings"
	"testing"

	"downhill/game/sim"
	"downhill/optim"
)

// press presses a key by name (with Shift when shift), failing when the
// key means nothing.
func press(t *testing.T, w *sim.World, name string, shift bool) error {
	t.Helper()
	k := &sim.Key{Name: name, Shift: shift}
	err := w.Do(k)
	if !k.Handled {
		t.Fatalf("key %q is not handled", name)
	}
	return err
}

// The keyboard does everything a pointer does on the map: the cursor moves
// by small and large steps, Enter drops a race there, n and p reach each
// start and ball, the arrows on a start move it and re-run its balls as a
// drag does, Enter selects a ball and Delete removes it.
func TestKeyboardJourney(t *testing.T) {
	w := world(t, "opt=gd,momentum&paused=1")
	start := w.Cursor
	if w.Focus != (sim.Focus{}) || start != (optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}) {
		t.Fatalf("first focus %+v at %v, want the cursor at the surface's first start", w.Focus, start)
	}
	sw := w.Box.WMax - w.Box.WMin
	for range 3 {
		must(t, press(t, w, "ArrowRight", false))
	}
	must(t, press(t, w, "ArrowUp", true))
	want := optim.Vec{start[0] + 3*sim.CursorStep*sw, start[1] + sim.CursorLargeStep*(w.Box.BMax-w.Box.BMin)}
	if math.Abs(w.Cursor[0]-want[0]) > 1e-12 || math.Abs(w.Cursor[1]-want[1]) > 1e-12 {
		t.Fatalf("cursor at %v, want %v", w.Cursor, want)
	}
	must(t, press(t, w, "Enter", false))
	if len(w.Balls) != 2 || w.Balls[0].Start != want || w.Balls[1].Start != want {
		t.Fatalf("Enter: %d balls at %v, want a race of two at the cursor %v", len(w.Balls), w.Balls[0].Start, want)
	}
	group := w.Balls[0].Group

	// n: the start, then each of its balls, then back to the cursor.
	order := []sim.Focus{{Kind: sim.FocusStart, ID: group}, {Kind: sim.FocusBall, ID: w.Balls[0].ID}, {Kind: sim.FocusBall, ID: w.Balls[1].ID}, {}}
	for i, f := range order {
		must(t, press(t, w, "n", false))
		if w.Focus != f {
			t.Fatalf("n %d: focus %+v, want %+v", i+1, w.Focus, f)
		}
	}
	must(t, press(t, w, "p", false))
	if w.Focus != order[2] {
		t.Fatalf("p from the cursor: %+v, want the last ball", w.Focus)
	}

	// On the start, an arrow moves it and its balls run again from there,
	// exactly as a drag there (MoveStart) does.
	must(t, press(t, w, "p", false))
	must(t, press(t, w, "p", false))
	if w.Focus.Kind != sim.FocusStart {
		t.Fatalf("focus %+v, want the start", w.Focus)
	}
	must(t, press(t, w, "ArrowLeft", true))
	moved := optim.Vec{want[0] - sim.CursorLargeStep*sw, want[1]}
	drag := world(t, "opt=gd,momentum&paused=1")
	do(t, drag, &sim.Drop{At: want})
	do(t, drag, sim.MoveStart{Group: drag.Balls[0].Group, To: moved})
	for i, b := range w.Balls {
		d := drag.Balls[i]
		if b.Start != moved || b.Pos != d.Pos || b.Steps() != d.Steps() || b.Steps() == 0 {
			t.Errorf("ball %d after Shift+←: start %v, at %v after %d steps; a drag there: %v after %d", b.ID, b.Start, b.Pos, b.Steps(), d.Pos, d.Steps())
		}
	}
	if w.Cursor != moved {
		t.Errorf("the cursor stays at %v; it should follow the moved start to %v", w.Cursor, moved)
	}

	// On a ball: the arrows are refused, saying how to move its start;
	// Enter selects it; Delete removes it and the focus goes to the
	// object before it.
	must(t, press(t, w, "n", false))
	must(t, press(t, w, "n", false))
	second := w.Balls[1].ID
	if w.Focus != (sim.Focus{Kind: sim.FocusBall, ID: second}) {
		t.Fatalf("focus %+v, want the second ball", w.Focus)
	}
	if err := press(t, w, "ArrowUp", false); err == nil {
		t.Error("an arrow on a ball was accepted")
	} else if msg := err.Error(); !strings.Contains(msg, "start") {
		t.Errorf("the refusal %q does not say how to move the start", msg)
	}
	do(t, w, &sim.Select{ID: w.Balls[0].ID})
	must(t, press(t, w, "Enter", false))
	if w.Selected != second {
		t.Errorf("Enter on ball %d selected %d", second, w.Selected)
	}
	must(t, press(t, w, "Delete", false))
	if len(w.Balls) != 1 || w.Ball(second) != nil {
		t.Errorf("Delete on ball %d left %d balls", second, len(w.Balls))
	}
	if w.Focus != (sim.Focus{Kind: sim.FocusBall, ID: w.Balls[0].ID}) {
		t.Errorf("after Delete the focus is %+v, want the ball before", w.Focus)
	}
	// A start's Delete takes its race; the focus falls back to the cursor.
	must(t, press(t, w, "p", false))
	must(t, press(t, w, "Delete", false))
	if len(w.Balls) != 0 || w.Focus != (sim.Focus{}) {
		t.Errorf("Delete on the start: %d balls left, focus %+v", len(w.Balls), w.Focus)
	}
}

// The cursor stays on the map, a focus on a ball that goes away falls back
// to the cursor, and the focus and cursor survive a snapshot.
func TestFocusStaysValid(t *testing.T) {
	w := world(t, "opt=gd&paused=1")
	for range 200 {
		must(t, press(t, w, "ArrowDown", true))
		must(t, press(t, w, "ArrowLeft", true))
	}
	if w.Cursor != (optim.Vec{w.Box.WMin, w.Box.BMin}) {
		t.Errorf("the cursor went to %v, off the map %+v", w.Cursor, w.Box)
	}
	must(t, press(t, w, "Enter", false))
	must(t, press(t, w, "n", false))
	must(t, press(t, w, "n", false))
	if w.Focus.Kind != sim.FocusBall {
		t.Fatalf("focus %+v, want the ball", w.Focus)
	}
	r := restoreInto(t, w.Snapshot())
	if r.Focus != w.Focus || r.Cursor != w.Cursor {
		t.Errorf("snapshot: focus %+v at %v, want %+v at %v", r.Focus, r.Cursor, w.Focus, w.Cursor)
	}
	do(t, w, sim.Clear{})
	if w.Focus != (sim.Focus{}) {
		t.Errorf("after Clear the focus is %+v", w.Focus)
	}
	refused(t, w, sim.FocusOn{Focus: sim.Focus{Kind: sim.FocusBall, ID: 99}}, "focus")
	do(t, w, &sim.Set{Params: sim.ParseQuery("surface=himmelblau")})
	if w.Cursor != (optim.Vec{w.Info.Starts[0].X, w.Info.Starts[0].Y}) {
		t.Errorf("a new surface left the cursor at %v", w.Cursor)
	}
	// Moving the cursor, asking for the summary and selecting are not
	// changes of the set-up: a scene stays that scene.
	if len(sim.Scenes) > 0 {
		do(t, w, sim.EnterScene{Name: sim.Scenes[0].Name})
		q := w.Query()
		must(t, press(t, w, "ArrowUp", false))
		must(t, press(t, w, "t", false))
		if w.Query() != q {
			t.Errorf("moving the cursor changed the link from %q to %q", q, w.Query())
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Moving the keyboard's cursor or focus is no change event for a host
// page (it would be one per arrow key); moving a start is (a drag).
func TestFocusMovesAreQuiet(t *testing.T) {
	w := world(t, "opt=gd&paused=1")
	n := w.Changes
	must(t, press(t, w, "ArrowUp", false))
	must(t, press(t, w, "n", false))
	if w.Changes != n {
		t.Errorf("moving the cursor and the focus made %d change events", w.Changes-n)
	}
	must(t, press(t, w, "Enter", false))
	must(t, press(t, w, "n", false))
	n = w.Changes
	must(t, press(t, w, "ArrowUp", false))
	if w.Changes == n || w.Reason != "drag" {
		t.Errorf("moving a start: %d change events, the last %q; want a drag", w.Changes-n, w.Reason)
	}
}
