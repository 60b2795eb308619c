//go:build !js

package main

// Issue 18: every scene reads whole in every frame it is shown in. Each
// scene of the tour is opened in six frames (a small and a notes-sized
// embed, two phones in the tour, a projector at two sizes) and the band
// under the pictures is checked element by element: no text cut, no two
// overlapping, none leaving the frame, the caption whole or folded behind
// a More button that reveals it; the views shown are readable and the
// scene's main view is among them, and the views' own labels
// (layout().labels) neither overlap nor leave their view.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"

	"downhill/build/internal/browser"
	"downhill/game/sim"
)

// bandFrame is one way a scene is seen.
type bandFrame struct {
	name  string
	w, h  int
	query string // before the scene's name
	hash  string
}

var bandFrames = []bandFrame{
	{"embed-320x240", 320, 240, "?embed=1&scene=", "#panel=off"},
	{"embed-720x420", 720, 420, "?embed=1&scene=", "#panel=off"},
	{"phone-390x844", 390, 844, "?tour=1&scene=", "#panel=closed"},
	{"phone-360x640", 360, 640, "?tour=1&scene=", "#panel=closed"},
	{"present-1280x720", 1280, 720, "?tour=1&present=1&scene=", "#panel=off"},
	{"present-1920x1080", 1920, 1080, "?tour=1&present=1&scene=", "#panel=off"},
}

// bandReport is what bandCheckJS finds.
type bandReport struct {
	Where    string
	Level    string
	Scrolls  bool
	Problems []string
	Shown    string // the caption's text a reader sees
	Caption  string // the caption's whole text
	More     bool   // a More button offers the rest
	Expanded string // its aria-expanded
	Band     rect
	Canvas   rect
}

// bandCheckJS checks the band's layout in the page: each element shows its
// whole text (its scroll size within its client size), lies inside the
// band (or the band scrolls, with its scroll bar shown), and overlaps no
// other; the band lies inside the frame and below the canvas.
const bandCheckJS = `(() => {
	const $ = (id) => document.getElementById(id);
	const band = $("tour"), problems = [];
	const r = (e) => { const b = e.getBoundingClientRect(); return {x: b.left, y: b.top, w: b.width, h: b.height}; };
	const visible = (e) => e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
	const br = r(band);
	const scrolls = band.classList.contains("scrolls");
	if (br.x < -0.5 || br.y < -0.5 || br.x + br.w > innerWidth + 0.5 || br.y + br.h > innerHeight + 0.5) problems.push("the band leaves the frame: " + JSON.stringify(br));
	if (scrolls && getComputedStyle(band).overflowY !== "scroll") problems.push("the band scrolls without its scroll bar shown");
	if (!scrolls && band.scrollHeight > band.clientHeight + 1) problems.push("the band cuts its content: scrollHeight " + band.scrollHeight + " > " + band.clientHeight);
	const els = [$("tour-where"), ...$("tour-nav").querySelectorAll("button"), $("caption-row"), $("tour-rule"), $("views-offer"), $("prompt"), $("fullscreen")].filter((e) => visible(e) && band.contains(e));
	const rects = els.map(r);
	els.forEach((e, i) => {
		const name = e.id || e.textContent;
		if (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1) problems.push(name + " is cut: scroll " + e.scrollWidth + "x" + e.scrollHeight + " > client " + e.clientWidth + "x" + e.clientHeight);
		const q = rects[i];
		if (q.x < br.x - 0.5 || q.x + q.w > br.x + br.w + 0.5) problems.push(name + " leaves the band sideways");
		if (!scrolls && (q.y < br.y - 0.5 || q.y + q.h > br.y + br.h + 0.5)) problems.push(name + " leaves the band: " + JSON.stringify(q) + " in " + JSON.stringify(br));
		for (let j = 0; j < i; j++) {
			const o = rects[j];
			const w = Math.min(q.x + q.w, o.x + o.w) - Math.max(q.x, o.x), h = Math.min(q.y + q.h, o.y + o.h) - Math.max(q.y, o.y);
			if (w > 0.5 && h > 0.5) problems.push(name + " overlaps " + (els[j].id || els[j].textContent));
		}
	});
	const canvas = document.querySelector("canvas");
	const cr = r(canvas);
	// Opened with More, the band is a sheet over the pictures by design.
	if (!band.classList.contains("open") && cr.y + cr.h > br.y + 0.5) problems.push("the canvas runs under the band: canvas " + JSON.stringify(cr) + ", band " + JSON.stringify(br));
	const more = $("caption-more");
	const lead = $("caption-lead"), rest = $("caption-rest");
	let shown = "";
	if (visible($("tour-caption"))) shown = lead.textContent + (visible(rest) ? rest.textContent : "");
	return {where: $("tour-where").textContent, level: band.dataset.level || "", scrolls, problems, shown,
		caption: $("tour-caption").textContent, more: visible(more), expanded: more.getAttribute("aria-expanded") || "",
		band: br, canvas: cr};
})()`

// settledBand waits for the band and the canvas to settle (the band is
// fitted to its text, the canvas follows a frame later, and the views the
// new canvas leaves out are offered in the band, which is fitted again),
// then reports on it.
func settledBand(t *testing.T, p *browser.Page) bandReport {
	t.Helper()
	must(t, p.WaitFrames(2))
	settled := `(() => { const r = ` + bandCheckJS + `; const h = downhill.layout().hidden.join();
		return r.problems.length === 0 && h === [...document.querySelectorAll("#views-offer button")].map((b) => b.dataset.view).join(); })()`
	if err := within(p, 3*time.Second, settled); err != nil {
		t.Logf("the band did not settle in 3 s: %v", err)
	}
	return eval[bandReport](t, p, bandCheckJS)
}

// bandLayout is downhill.layout().
type bandLayout = viewLayout

func TestEverySceneReadsWholeInEveryFrame(t *testing.T) {
	e := appEnv(t)
	shots := os.Getenv("DOWNHILL_BAND_SHOTS") // a folder: keep every screenshot to look at
	for _, f := range bandFrames {
		t.Run(f.name, func(t *testing.T) {
			p := newPage(t, e, f.w, f.h, 1)
			must(t, p.Load(e.appURL+f.query+sim.Scenes[0].Name+f.hash))
			folded := 0
			for i, sc := range sim.Scenes {
				if i > 0 {
					eval[any](t, p, fmt.Sprintf(`void downhill.scene(%q)`, sc.Name))
				}
				where := sc.Section + " " + sc.Title
				must(t, p.WaitFor(fmt.Sprintf(`document.getElementById("tour-where").textContent.startsWith(%q)`, where)))
				rep := settledBand(t, p)
				l := eval[bandLayout](t, p, `downhill.layout()`)
				checkViewsShown(t, sc, l)
				t.Run(sc.Name+"/labels", func(t *testing.T) { checkViewLabels(t, eval[labelLayout](t, p, `downhill.layout()`)) })
				if shots != "" {
					img := screenshot(t, p)
					var buf bytes.Buffer
					must(t, png.Encode(&buf, img))
					must(t, os.WriteFile(filepath.Join(shots, fmt.Sprintf("%s-%02d-%s.png", f.name, i, sc.Name)), buf.Bytes(), 0o644))
				}
				for _, pr := range rep.Problems {
					t.Errorf("%s: %s", sc.Name, pr)
				}
				if rep.Caption != sc.Caption {
					t.Errorf("%s: the band's caption is %q, want the scene's", sc.Name, rep.Caption)
				}
				switch {
				case rep.Shown == sc.Caption && rep.Level == "full":
				case rep.More && rep.Expanded == "false" && strings.HasPrefix(sc.Caption, rep.Shown):
					folded++
					if folded > 3 {
						break // the reveal itself is the same for every scene: three per frame
					}
					// The reveal shows the whole caption and the rule.
					must(t, p.Click(elementCentre(t, p, "#caption-more")))
					must(t, p.WaitFor(`document.getElementById("caption-more").getAttribute("aria-expanded") === "true"`))
					open := settledBand(t, p)
					for _, pr := range open.Problems {
						t.Errorf("%s, More pressed: %s", sc.Name, pr)
					}
					if open.Shown != sc.Caption {
						t.Errorf("%s, More pressed: the caption shows %q", sc.Name, open.Shown)
					}
				default:
					t.Errorf("%s: the caption shows %q (level %q), neither whole nor folded behind a More button", sc.Name, rep.Shown, rep.Level)
				}
			}
			t.Logf("%s: %d of %d captions folded behind More", f.name, folded, len(sim.Scenes))
			noConsoleErrors(t, p)
		})
	}
}

// checkViewsShown: the scene's main view is shown; with more than one
// view, none is below its readable size; what is left out is offered.
func checkViewsShown(t *testing.T, sc sim.Scene, l bandLayout) {
	t.Helper()
	rects := map[string]rect{"3d": l.Surface, "contour": l.Contour, "loss": l.Loss, "fit": l.Fit}
	main := "contour"
	for _, kv := range strings.Split(sc.Setup, "&") {
		if v, ok := strings.CutPrefix(kv, "main="); ok {
			main = v
		}
	}
	if rects[main].empty() {
		t.Errorf("%s: its main view %s is not shown (hidden %v)", sc.Name, main, l.Hidden)
	}
	n := 0
	for _, r := range rects {
		if !r.empty() {
			n++
		}
	}
	min := map[string][2]float64{"3d": {150, 120}, "contour": {170, 170}, "loss": {190, 100}, "fit": {150, 100}}
	for v, r := range rects {
		if n > 1 && !r.empty() && (r.W < min[v][0]-1 || r.H < min[v][1]-1) {
			t.Errorf("%s: the %s view is %gx%g, below its readable %gx%g", sc.Name, v, r.W, r.H, min[v][0], min[v][1])
		}
	}
	for _, v := range l.Hidden {
		if !rects[v].empty() {
			t.Errorf("%s: %s is both shown and offered as hidden", sc.Name, v)
		}
	}
}

// A frame too small for all the views offers the others in the band, and
// choosing one shows it (it becomes the main view).
func TestSmallFrameOffersTheOtherViews(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 320, 240, 1)
	must(t, p.Load(e.appURL+"?embed=1&scene=5.4-momentum-plateau#panel=off"))
	must(t, p.WaitFor(`document.querySelectorAll("#views-offer button").length > 0`))
	l := eval[bandLayout](t, p, `downhill.layout()`)
	if l.Contour.empty() || len(l.Hidden) == 0 {
		t.Fatalf("at 320x240: contour %+v, hidden %v; want the map shown and the rest offered", l.Contour, l.Hidden)
	}
	offered := eval[[]string](t, p, `[...document.querySelectorAll("#views-offer button")].map((b) => b.dataset.view)`)
	if strings.Join(offered, ",") != strings.Join(l.Hidden, ",") {
		t.Errorf("offered %v, layout hides %v", offered, l.Hidden)
	}
	must(t, p.Click(elementCentre(t, p, `#views-offer button[data-view="3d"]`)))
	must(t, p.WaitFor(`downhill.state({balls: 0}).main === "3d"`))
	must(t, p.WaitFor(`downhill.layout().surface.w > 0`))
	must(t, p.WaitFor(`[...document.querySelectorAll("#views-offer button")].some((b) => b.dataset.view === "contour")`))
	if q := eval[string](t, p, `downhill.query()`); !strings.Contains(q, "main=3d") {
		t.Errorf("query() %q does not keep the chosen view", q)
	}
}

// A lecturer's title and caption show in the band as text, are kept by
// query() and the embed code, and reach the accessibility tree.
func TestLecturerTitleAndCaption(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 1000, 600, 1)
	must(t, p.Load(e.appURL+"?surface=himmelblau&title=Four%20minima%20%3Cb%3Ebold%3C%2Fb%3E&caption=Where%20you%20start%20decides%20where%20you%20end.%20Try%20it.#panel=open"))
	must(t, p.WaitFor(`document.getElementById("tour-where").textContent === "Four minima <b>bold</b>"`))
	if n := eval[int](t, p, `document.querySelectorAll("#tour b").length`); n != 0 {
		t.Errorf("the title's <b> became an element (%d)", n)
	}
	rep := eval[bandReport](t, p, bandCheckJS)
	for _, pr := range rep.Problems {
		t.Error(pr)
	}
	if rep.Shown != "Where you start decides where you end. Try it." {
		t.Errorf("caption shows %q", rep.Shown)
	}
	q := eval[string](t, p, `downhill.query()`)
	if !strings.Contains(q, "title=Four%20minima%20%3Cb%3Ebold%3C%2Fb%3E") || !strings.Contains(q, "caption=Where%20you%20start") {
		t.Errorf("query() %q lacks the title or caption", q)
	}
	// The Share section's fields show them and change them.
	must(t, p.WaitFor(`document.getElementById("words-title").value === "Four minima <b>bold</b>"`))
	eval[any](t, p, `(() => { const d = document.getElementById("sec-share"); d.open = true; d.scrollIntoView(); })()`)
	panelType(t, p, "#words-caption", "Four basins, one per minimum.")
	must(t, p.Click(elementCentre(t, p, "#words-title")))
	must(t, p.WaitFor(`downhill.state({balls: 0}).caption === "Four basins, one per minimum."`))
	must(t, p.WaitFor(`document.getElementById("tour-caption").textContent === "Four basins, one per minimum."`))
	code := eval[string](t, p, `(() => { let s = ""; const w = navigator.clipboard; navigator.clipboard.writeText = (x) => { s = x; return Promise.resolve(); }; document.getElementById("embed-copy").click(); return s; })()`)
	if !strings.Contains(code, `title="Downhill: Four minima <b>bold</b>"`) || !strings.Contains(code, "caption=Four%20basins") {
		t.Errorf("embed code %q lacks the title or the caption", code)
	}
	// Too long: a clear refusal under the field, the caption kept.
	errs := eval[[]string](t, p, `downhill.set({caption: "x".repeat(1001)})`)
	if len(errs) != 1 || !strings.Contains(errs[0], "caption") || !strings.Contains(errs[0], "longer than 1000 characters") {
		t.Errorf("a 1001-character caption: %q", errs)
	}
	tree := axNames(t, p)
	for _, want := range []string{"Four minima <b>bold</b>", "Four basins, one per minimum."} {
		if !strings.Contains(tree, want) {
			t.Errorf("the accessibility tree lacks %q", want)
		}
	}
}

// axNames is every name and value in the page's accessibility tree
// (Chromium's, as a screen reader gets it), one a line.
func axNames(t *testing.T, p *browser.Page) string {
	t.Helper()
	res, err := chromedp.Call(p.Context(), accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range res.Nodes {
		if n.Ignored {
			continue
		}
		for _, v := range []*accessibility.Value{n.Name, n.Value} {
			if v == nil || len(v.Value) == 0 {
				continue
			}
			var s string
			if json.Unmarshal(v.Value, &s) == nil && s != "" {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, "\n")
}
