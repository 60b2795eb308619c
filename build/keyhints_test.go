//go:build !js

package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"downhill/game/sim"
)

// The panel's labels that name a key ("Record (g)", "Show the map (m)",
// "Sound: … (h; l plays …)") name the key that does it: the key is one of
// sim.Bindings and its help shares the label's word. (The sound's key moved
// from m to h when m became the map's, and the label kept saying m.)
func TestPanelKeyHintsMatchTheBindings(t *testing.T) {
	src, err := os.ReadFile("../index.html")
	if err != nil {
		t.Fatal(err)
	}
	hint := regexp.MustCompile(`>([^<>]*?)\(([A-Za-z])(?:;[^)]*)?\)<`)
	found := hint.FindAllStringSubmatch(string(src), -1)
	if len(found) < 3 {
		t.Fatalf("only %d key hints found in index.html: %q", len(found), found)
	}
	// The word of each label that the key's help must contain.
	words := map[string]string{"Record": "record", "Show the map": "map", "Sound": "sound"}
	for _, m := range found {
		label, key := strings.TrimSpace(m[1]), m[2]
		var b *sim.Binding
		for i := range sim.Bindings {
			for _, k := range sim.Bindings[i].Keys {
				if k == key {
					b = &sim.Bindings[i]
				}
			}
		}
		if b == nil {
			t.Errorf("%q names key %s, which Downhill does not take", m[0], key)
			continue
		}
		matched := false
		for prefix, word := range words {
			if strings.HasPrefix(label, prefix) {
				matched = true
				if !strings.Contains(strings.ToLower(b.Help), word) {
					t.Errorf("%q names key %s, whose help is %q", label, key, b.Help)
				}
			}
		}
		if !matched {
			t.Errorf("a new key hint %q: say here which word of its key's help it must share", label)
		}
	}
}
