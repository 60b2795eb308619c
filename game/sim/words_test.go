package sim_test

import (
	"strings"
	"testing"

	"downhill/game/sim"
)

// A lecturer's own title and caption, and the view a small frame keeps:
// plain text, kept by the share link and the snapshot, refused clearly.
func TestTitleCaptionAndMainTravel(t *testing.T) {
	w := sim.New()
	do(t, w, &sim.Set{Params: sim.ParseQuery("surface=himmelblau&opt=gd,momentum&balls=1,1" +
		"&title=Four%20minima&caption=Where%20you%20start%0A%20decides%20%3Cb%3Ewhere%3C%2Fb%3E%20you%20end.&main=3d")})
	if w.Title != "Four minima" {
		t.Errorf("title = %q", w.Title)
	}
	// Line breaks and runs of spaces fold to one space; markup stays text.
	if want := "Where you start decides <b>where</b> you end."; w.Caption != want {
		t.Errorf("caption = %q, want %q", w.Caption, want)
	}
	if w.Main != sim.View3D {
		t.Errorf("main = %v, want 3d", w.Main)
	}
	q := w.Query()
	for _, want := range []string{"title=Four%20minima", "caption=Where%20you%20start%20decides%20%3Cb%3Ewhere%3C%2Fb%3E%20you%20end.", "main=3d"} {
		if !strings.Contains(q, want) {
			t.Errorf("query %q lacks %q", q, want)
		}
	}
	again := sim.New()
	do(t, again, &sim.Set{Params: sim.ParseQuery(q)})
	if again.Title != w.Title || again.Caption != w.Caption || again.Main != w.Main || again.Query() != q {
		t.Errorf("query round trip: %q %q %v, query %q; want %q", again.Title, again.Caption, again.Main, again.Query(), q)
	}
	r := restoreInto(t, w.Snapshot())
	if r.Title != w.Title || r.Caption != w.Caption || r.Main != w.Main {
		t.Errorf("snapshot round trip: %q %q %v", r.Title, r.Caption, r.Main)
	}
}

func TestTitleAndCaptionOnAScene(t *testing.T) {
	w := sim.New()
	do(t, w, &sim.Set{Params: sim.ParseQuery("scene=5.4-momentum-valley&caption=Watch%20the%20red%20ball.")})
	// Still the scene, with the lecturer's words: the link names it.
	if q, want := w.Query(), "scene=5.4-momentum-valley&caption=Watch%20the%20red%20ball."; q != want {
		t.Errorf("query = %q, want %q", q, want)
	}
	// Words typed later (the panel's Share fields) keep the scene too.
	do(t, w, &sim.Set{Params: sim.ParseQuery("title=Momentum")})
	if q, want := w.Query(), "scene=5.4-momentum-valley&title=Momentum&caption=Watch%20the%20red%20ball."; q != want {
		t.Errorf("query = %q, want %q", q, want)
	}
	// The next scene of a tour is the lecture's own: the words were for
	// the figure the lecturer set up.
	do(t, w, sim.NextScene{})
	if w.Title != "" || w.Caption != "" {
		t.Errorf("after the next scene: title %q, caption %q", w.Title, w.Caption)
	}
}

func TestTitleAndCaptionRefusals(t *testing.T) {
	w := sim.New()
	refusal := func(query string, want ...string) {
		t.Helper()
		before := w.Query()
		err := w.Do(&sim.Set{Params: sim.ParseQuery(query)})
		if err == nil {
			t.Errorf("%.40s… was accepted", query)
			return
		}
		msg := err.Error()
		for _, s := range want {
			if !strings.Contains(msg, s) {
				t.Errorf("refusal %q does not mention %q", msg, s)
			}
		}
		if len(msg) > 200 {
			t.Errorf("refusal of %d characters: %q", len(msg), msg)
		}
		if w.Query() != before {
			t.Errorf("a refusal changed the world: %q, was %q", w.Query(), before)
		}
	}
	refusal("title="+strings.Repeat("a", sim.MaxTitle+1), "title: ", "(121 characters)", "longer than 120 characters")
	refusal("caption="+strings.Repeat("é", sim.MaxCaption+1), "caption: ", "(1001 characters)", "longer than 1000 characters")
	refusal("caption=a%07b", "caption: ", "control character")
	refusal("main=map", "main: ", "3d, contour, loss, fit")
	// Exactly at the limit is fine, counted in characters, not bytes.
	do(t, w, &sim.Set{Params: sim.ParseQuery("caption=" + strings.Repeat("é", sim.MaxCaption))})
	if n := len([]rune(w.Caption)); n != sim.MaxCaption {
		t.Errorf("caption of %d characters", n)
	}
}
