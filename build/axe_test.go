//go:build !js

package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"downhill/build/internal/browser"
)

// axeSource is axe-core's script (installed by the test command, pinned at
// AxeVersion); the test skips loudly without it, unless the browser tests
// are required.
func axeSource(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(axePath())
	if err != nil {
		msg := fmt.Sprintf("axe-core %s is not at %s (go run ./build test fetches it with npm): %v", AxeVersion, axePath(), err)
		if browser.Required() {
			t.Fatal(msg)
		}
		t.Skip("SKIPPING: " + msg)
	}
	return string(data)
}

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeRun injects axe-core into p and returns the WCAG 2.x A and AA
// violations of the page as it is now.
func axeRun(t *testing.T, p *browser.Page, src string) []axeViolation {
	t.Helper()
	eval[bool](t, p, src+"\n;true")
	// The engine stops drawing while axe reads the page (as when the page
	// is out of sight; the DOM does not change): axe-core competed with
	// SwiftShader for the two CPUs, 8 to 30 s a run.
	eval[bool](t, p, `window.downhill && downhill._hidden && downhill._hidden(true), true`)
	defer eval[bool](t, p, `window.downhill && downhill._hidden && downhill._hidden(false), true`)
	return eval[[]axeViolation](t, p, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then((r) => r.violations)`)
}

func axeReport(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
		}
	}
	return b.String()
}

// TestAxe: axe-core finds no WCAG 2.x A or AA violation on the standalone
// page (panel open), the bare embed (panel=off), a scene, the tour, each
// exercise with every section of the panel open, and the example page of
// notes with figures. axe cannot see inside the canvas: what it finds is
// the page around it, the panel, the band and the figure in words.
func TestAxe(t *testing.T) {
	parent := t
	src := axeSource(t)
	e := appEnv(t)
	openAll := `document.querySelectorAll("details").forEach((d) => { d.open = true; }), true`
	// The cases that share a URL run one after the other on one page (an
	// exercise after the standalone page, as a student goes on): a page a
	// case took twelve loads.
	pages := map[string]*browser.Page{} // made by the test, not a case: they outlive the case
	for _, c := range []struct {
		name, url, setup string
	}{
		{"standalone", "?panel=open", ""},
		{"bare embed", "?embed=1&panel=off&load=eager", ""},
		{"scene embed", "?scene=5.4-momentum-valley&embed=1&panel=off&load=eager", ""},
		{"tour", "?tour=1", ""},
		{"guess work", "?panel=open", openAll + `, downhill.guess(0.5, 0), downhill.recordGuess(), true`},
		{"random search", "?panel=open", openAll + `, downhill.randomSearch(100), true`},
		{"sweep", "?panel=open", openAll + `, downhill.sweep(), true`},
		{"quiz", "?panel=open", openAll + `, downhill.quiz(), true`},
		{"balls", "?panel=open&opt=gd,momentum,nag&balls=-2,-2;1,2", openAll},
		{"table", "?embed=1&panel=off&load=eager&opt=gd,momentum&balls=-2,-2&step=30", `document.getElementById("view-table").click(), true`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := pages[c.url]
			if p == nil {
				p = newPage(parent, e, 1280, 800, 1)
				must(t, p.Load(e.appURL+c.url))
				must(t, p.WaitReady())
				pages[c.url] = p
			}
			if c.setup != "" {
				eval[bool](t, p, c.setup)
			}
			must(t, p.WaitFrames(10))
			if vs := axeRun(t, p, src); len(vs) > 0 {
				t.Errorf("axe-core %s: %d violations on %s:%s", AxeVersion, len(vs), c.url, axeReport(vs))
			}
		})
	}
	// The check can fail: a picture without words on the same page is
	// found.
	t.Run("negative control", func(t *testing.T) {
		p := pages["?embed=1&panel=off&load=eager"]
		if p == nil {
			t.Skip("the bare embed did not run")
		}
		eval[bool](t, p, `document.body.append(Object.assign(document.createElement("img"), {src: "favicon.svg"})), true`)
		vs := axeRun(t, p, src)
		if len(vs) != 1 || vs[0].ID != "image-alt" {
			t.Errorf("an image without alt text: axe found %s, want image-alt only", axeReport(vs))
		}
	})
	t.Run("example.html", func(t *testing.T) {
		p := newPage(t, e, 1280, 800, 1)
		must(t, p.Navigate(e.appURL+"example.html"))
		must(t, p.WaitFor(`document.readyState === "complete"`))
		if vs := axeRun(t, p, src); len(vs) > 0 {
			t.Errorf("axe-core %s: %d violations on example.html:%s", AxeVersion, len(vs), axeReport(vs))
		}
	})
}
