//go:build !js

package main

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// panelAtZoomJS opens every section of the panel and reports what a
// reader at a large text size would lose: the panel's font size, controls
// that reach out of the panel or out of the window, text cut off inside
// its box, and controls that cannot be scrolled to and clicked (another
// element covers their centre once scrolled into view).
const panelAtZoomJS = `(() => {
	const panel = document.getElementById("panel");
	for (const d of panel.querySelectorAll("details")) d.open = true;
	const pr = panel.getBoundingClientRect();
	const name = (el) => el.id ? "#" + el.id : el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + " \"" + (el.textContent || el.value || "").trim().slice(0, 30) + "\"";
	const out = {fontSize: getComputedStyle(panel).fontSize, controls: 0, problems: []};
	const shown = (el) => { const b = el.getBoundingClientRect(); return b.width > 0 && b.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
	for (const el of panel.querySelectorAll("*")) {
		if (!shown(el) || el.closest("[hidden]")) continue;
		const b = el.getBoundingClientRect();
		if (b.right > pr.right + 1 || b.left < pr.left - 1) out.problems.push(name(el) + " reaches out of the panel (" + Math.round(b.left) + "-" + Math.round(b.right) + ", panel " + Math.round(pr.left) + "-" + Math.round(pr.right) + ")");
		const cs = getComputedStyle(el);
		const clips = cs.overflowX === "hidden" || cs.overflowX === "clip" || cs.textOverflow === "ellipsis";
		// (A text field scrolls its text; a visually hidden legend is for
		// screen readers.)
		if (clips && el.scrollWidth > el.clientWidth + 1 && el.children.length === 0 && !el.matches("input, .sr-only")) out.problems.push(name(el) + " cuts its text (" + el.scrollWidth + " wide in " + el.clientWidth + ")");
	}
	for (const el of panel.querySelectorAll("button, input, select, textarea, summary, a[href]")) {
		if (!shown(el) || el.disabled || el.closest("[hidden]")) continue;
		out.controls++;
		el.scrollIntoView({block: "center", inline: "nearest"});
		const b = el.getBoundingClientRect();
		const x = b.left + b.width / 2, y = b.top + b.height / 2;
		if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) { out.problems.push(name(el) + " cannot be scrolled into the window"); continue; }
		const hit = document.elementFromPoint(x, y);
		if (!hit || !(hit === el || el.contains(hit) || (el.labels && [...el.labels].some((l) => l.contains(hit))) || hit.contains(el))) out.problems.push(name(el) + " is covered by " + (hit ? name(hit) : "nothing"));
	}
	return out;
})()`

type panelZoom struct {
	FontSize string
	Controls int
	Problems []string
}

// TestPanelAt200PercentText opens the panel with the browser's text size
// at 200% (Chromium's default font size 32 px instead of 16: the page's
// sizes are in rem, so the text follows the reader's setting) and with
// the page zoomed to 200% (a 1280x720 window: 640x360 CSS pixels at
// devicePixelRatio 2): every section open, no control leaves the panel, no
// text is cut, and every control can be scrolled to and clicked (WCAG
// 1.4.4 and 1.4.10).
func TestPanelAt200PercentText(t *testing.T) {
	e := appEnv(t)
	check := func(t *testing.T, got panelZoom, font string) {
		t.Helper()
		if got.FontSize != font {
			t.Errorf("the panel's text is %s; want %s", got.FontSize, font)
		}
		if got.Controls < 30 {
			t.Errorf("only %d controls found in the panel", got.Controls)
		}
		for _, p := range got.Problems {
			t.Error(p)
		}
		t.Logf("%d controls, text %s", got.Controls, got.FontSize)
	}
	t.Run("text", func(t *testing.T) {
		p := newPage(t, e, 1280, 720, 1)
		if _, err := chromedp.Call(p.Context(), page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: 32, Fixed: 26}}); err != nil {
			t.Fatal(err)
		}
		must(t, p.Load(e.appURL+"?paused=1"))
		must(t, p.WaitFor(`!document.getElementById("panel-body").inert && document.getElementById("surface").options.length > 0`))
		check(t, eval[panelZoom](t, p, panelAtZoomJS), "28px")
	})
	t.Run("page", func(t *testing.T) {
		p := newPage(t, e, 640, 360, 2)
		must(t, p.Load(e.appURL+"?paused=1"))
		must(t, p.WaitFor(`!document.getElementById("panel-body").inert && document.getElementById("surface").options.length > 0`))
		if !strings.Contains(eval[string](t, p, `document.documentElement.className`), "open") {
			panelClick(t, p, "#panel-toggle")
		}
		check(t, eval[panelZoom](t, p, panelAtZoomJS), "14px")
	})
}
