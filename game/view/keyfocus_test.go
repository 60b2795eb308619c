package view

import (
	"strings"
	"testing"

	"downhill/game/sim"
)

// The keyboard's cursor shows on the map only while the canvas has the
// focus, with its (w, b) and loss; a focused start is ringed; drawing it
// allocates nothing once the buffers have grown.
func TestKeyFocusShows(t *testing.T) {
	w, s := newTestScene(t, "opt=gd,momentum&paused=1")
	texts := recordTexts(s)
	readout := func() string {
		for _, tx := range *texts {
			if strings.HasPrefix(tx.Text, "w ") && strings.Contains(tx.Text, "  L ") {
				return tx.Text
			}
		}
		return ""
	}
	s.Frame(w, 1280, 720, 1)
	if r := readout(); r != "" {
		t.Errorf("without the keyboard's focus the map shows the cursor's %q", r)
	}
	s.KeyFocus = true
	*texts = (*texts)[:0]
	s.Frame(w, 1280, 720, 1)
	if r := readout(); !strings.HasPrefix(r, "w -2  b -2  L ") {
		t.Errorf("with the focus the cursor reads %q, want w -2  b -2  L …", r)
	}
	plain := len(s.Overlay.Batches()[0].Verts)
	if err := w.Do(&sim.Key{Name: "Enter"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Do(&sim.Key{Name: "n"}); err != nil {
		t.Fatal(err)
	}
	s.texts = nil
	s.Frame(w, 1280, 720, 1)
	ringed := len(s.Overlay.Batches()[0].Verts)
	s.KeyFocus = false
	s.Frame(w, 1280, 720, 1)
	if bare := len(s.Overlay.Batches()[0].Verts); bare >= ringed {
		t.Errorf("the focused start adds no vertices (%d with the ring, %d without; cursor frame %d)", ringed, bare, plain)
	}
	s.KeyFocus = true
	if a := testing.AllocsPerRun(10, func() { s.Frame(w, 1280, 720, 1) }); a > 0 {
		t.Errorf("a frame with the keyboard's focus allocates %v times", a)
	}
}
