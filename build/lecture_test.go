//go:build !js

package main

// Issue 19: a whole lecture on one page. lecture.html embeds every scene;
// scrolled through and back, every figure runs its scene when reached,
// only a few hold an engine at once, none loses its graphics, and a figure
// scrolled away and back is where it was.

import (
	"fmt"
	"testing"
	"time"

	"downhill/build/internal/browser"
	"downhill/game/sim"
)

// callJS, with browser.LifeJS on the host page, calls figure i's method
// through the host-page protocol and resolves with the reply.
const callJS = `window.replies = {};
addEventListener("message", (e) => {
	const m = e.data;
	if (m && (m.downhill === "result" || m.downhill === "error")) replies[m.id] = m;
});
let nextId = 1;
window.call = (i, method, args) => new Promise((done) => {
	const id = nextId++;
	document.querySelectorAll("iframe")[i].contentWindow.postMessage({downhill: "call", id, method, args}, "*");
	const f = () => replies[id] ? done(replies[id]) : setTimeout(f, 20);
	f();
});`

type lectureState struct {
	Scene     *struct{ Name string }
	BallCount int
	Paused    bool
	Balls     []struct {
		ID    int
		Steps int
		Pos   []float64
	}
}

func TestLecturePageEveryFigure(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1280, 720, 1)
	must(t, p.AddScriptOnLoad(browser.LifeJS+"\n"+callJS))
	must(t, p.Navigate(e.appURL+"lecture.html"))
	n := eval[int](t, p, `document.querySelectorAll("iframe").length`)
	if n != len(sim.Scenes) {
		t.Fatalf("lecture.html has %d figures, want the %d scenes", n, len(sim.Scenes))
	}
	callState := func(i int) lectureState {
		t.Helper()
		r := eval[struct {
			Downhill string
			Result   lectureState
			Error    string
		}](t, p, fmt.Sprintf(`call(%d, "state", [{balls: 100, last: false}])`, i))
		if r.Downhill != "result" {
			t.Fatalf("figure %d: state() answered %+v", i, r)
		}
		return r.Result
	}
	var first lectureState
	for i, sc := range sim.Scenes {
		eval[any](t, p, fmt.Sprintf(`void document.querySelectorAll("iframe")[%d].scrollIntoView({block: "center"})`, i))
		if err := within(p, 40*time.Second, fmt.Sprintf(`lastOf(%d) === "ready"`, i)); err != nil {
			t.Fatalf("figure %d (%s) did not become ready when reached: %v (life %s)", i, sc.Name, err, eval[string](t, p, `JSON.stringify(life)`))
		}
		s := callState(i)
		w := sim.New()
		if err := w.Do(&sim.Set{Params: sim.ParseQuery("scene=" + sc.Name)}); err != nil {
			t.Fatal(err)
		}
		if s.Scene == nil || s.Scene.Name != sc.Name || s.BallCount != len(w.Balls) {
			t.Errorf("figure %d shows scene %+v with %d balls, want %s with %d", i, s.Scene, s.BallCount, sc.Name, len(w.Balls))
		}
		if i == 0 {
			// The reader pauses the first figure, then reads on.
			eval[any](t, p, `call(0, "step", [7])`)
			eval[any](t, p, `call(0, "pause", [])`)
			first = callState(0)
		}
	}
	if live := eval[int](t, p, `maxLive`); live > 5 {
		t.Errorf("%d figures held an engine at once; the bound is 2, or those in view (2 at most here), plus one starting near the view and one letting go, with a second's slack", live)
	} else {
		t.Logf("at most %d figures held an engine at once", live)
	}
	if lost := eval[int](t, p, `life.filter((m) => m.what === "lost").length`); lost > 0 {
		t.Errorf("%d figures lost their graphics context during the scroll", lost)
	}
	// Back to the top: the first figure slept and comes back as it was.
	if eval[string](t, p, `JSON.stringify(life.filter((m) => m.i === 0).map((m) => m.what))`) == `["ready"]` {
		t.Fatal("the first figure never slept while out of view")
	}
	eval[any](t, p, `void document.querySelectorAll("iframe")[0].scrollIntoView({block: "center"})`)
	if err := within(p, 40*time.Second, `lastOf(0) === "ready"`); err != nil {
		t.Fatalf("the first figure did not wake when scrolled back to: %v", err)
	}
	again := callState(0)
	if !again.Paused || again.BallCount != first.BallCount || len(again.Balls) != len(first.Balls) {
		t.Fatalf("the first figure came back paused=%v with %d balls, want paused with %d", again.Paused, again.BallCount, first.BallCount)
	}
	for k := range first.Balls {
		if a, b := again.Balls[k], first.Balls[k]; a.Steps != b.Steps || a.Pos[0] != b.Pos[0] || a.Pos[1] != b.Pos[1] {
			t.Errorf("ball %d came back at step %d %v, left at step %d %v", b.ID, a.Steps, a.Pos, b.Steps, b.Pos)
		}
	}
	noConsoleErrors(t, p)
}
