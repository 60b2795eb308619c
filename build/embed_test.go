//go:build !js

package main

// Browser tests of Downhill as an embed: a course page on another origin
// (http://localhost:port2, the host server of the harness) shows Downhill
// (http://127.0.0.1:port1/downhill/) in an iframe, and real input (CDP
// mouse, wheel, key and touch events, at the host page's viewport
// coordinates) goes through the browser to it. What is checked inside the
// figure is read in the iframe's own JavaScript context (browser.Page.Frame:
// Chromium runs a cross-site iframe as its own target). They test what
// wasm/web/guest.js, loader.js and embed.js promise: the host page scrolls
// past the figure and Tabs through it, a lost WebGL context costs nothing,
// an unseen figure costs nothing, nothing downloads before it is wanted,
// the postMessage protocol of the README, the exports, the host library,
// and a plain static file server.

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp/kb"

	"downhill/build/internal/browser"
	"downhill/optim"
	"downhill/surfaces"
)

// hostOpts describe a host page: text above, a button, the iframe with
// text beside it, a button, text below.
type hostOpts struct {
	query         string // the figure's query, after "?"
	width, height int    // the iframe's CSS size (600 x 400 if 0)
	above, below  int    // the height of the text above and below (300 and 3000 if 0)
	head, body    string // more HTML for the head, and for the end of the body
	noFrame       bool   // no iframe (the body makes its own)
}

// hostScript is in every host page's head: it records the messages it
// gets and waits for the page's scroll to settle.
const hostScript = `<script>
window.messages = [];
addEventListener("message", (e) => {
	const figs = [...document.querySelectorAll("iframe")];
	messages.push({origin: e.origin, data: e.data, fig: figs.findIndex((f) => f.contentWindow === e.source)});
});
// settle(from) resolves with scrollY once it has moved from "from" and then
// kept still for 10 frames, or after 3 s (it may not move at all).
window.settle = (from) => new Promise((done) => {
	const t0 = performance.now();
	let last = scrollY, same = 0, moved = false;
	const f = () => {
		if (scrollY !== from) moved = true;
		if (scrollY === last) same++; else { same = 0; last = scrollY; }
		if ((moved && same >= 10) || performance.now() - t0 > 3000) return done(scrollY);
		requestAnimationFrame(f);
	};
	requestAnimationFrame(f);
});
// post sends a message to the i-th iframe, for any origin.
window.post = (msg, i) => document.querySelectorAll("iframe")[i || 0].contentWindow.postMessage(msg, "*");
// answer is the reply to the call of this id from the i-th iframe.
window.answer = (id, i) => messages.find((m) => m.fig === (i || 0) && m.data && m.data.id === id &&
	(m.data.downhill === "result" || m.data.downhill === "error"));
</script>`

func hostHTML(e *testEnv, o hostOpts) string {
	w, h := o.width, o.height
	if w == 0 {
		w, h = 600, 400
	}
	above, below := o.above, o.below
	if above == 0 {
		above = 300
	}
	if below == 0 {
		below = 3000
	}
	frame := ""
	if !o.noFrame {
		src := e.appURL + "?" + o.query
		frame = fmt.Sprintf(`<iframe id="fig" src="%s" width="%d" height="%d" title="Downhill" allow="fullscreen"></iframe>`, htmlAttr(src), w, h)
	}
	return fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course notes</title>
<style>
body { margin: 0; font: 16px/1.5 "Liberation Sans", sans-serif; }
#above, #below { margin: 0; padding: 0 20px; overflow: hidden; }
.row { display: flex; gap: 20px; }
iframe { border: 0; display: block; flex: none; }
#side { width: 300px; }
</style>
%s%s</head><body>
<p id="above" style="height: %dpx">%s</p>
<button id="before" type="button">Before the figure</button>
<div class="row">%s<p id="side">%s</p></div>
<button id="after" type="button">After the figure</button>
<p id="below" style="height: %dpx">%s</p>
%s
</body></html>`, hostScript, o.head, above, lorem(40), frame, lorem(30), below, lorem(400), o.body)
}

func htmlAttr(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }

func lorem(n int) string {
	words := strings.Fields("Gradient descent takes a step against the gradient of the loss; momentum adds up the steps it has taken, and adaptive methods give each parameter its own learning rate.")
	var b strings.Builder
	for i := range n {
		b.WriteString(words[i%len(words)] + " ")
	}
	return b.String()
}

// embedded is a host page and the Downhill iframe in it.
type embedded struct {
	p, f *browser.Page
}

// openHost loads a host page at w x h and attaches to its iframe whose URL
// starts with prefix (e.appURL when empty); it does not wait for Downhill.
func openHost(t *testing.T, e *testEnv, w, h int, html, prefix string) embedded {
	t.Helper()
	p := newPage(t, e, w, h, 1)
	must(t, p.Navigate(e.hostPage(html)))
	if prefix == "" {
		prefix = e.appURL
	}
	return embedded{p: p, f: frameOf(t, p, prefix)}
}

// frameOf attaches to p's iframe whose URL starts with prefix; on failure
// the test log gets its console.
func frameOf(t *testing.T, p *browser.Page, prefix string) *browser.Page {
	t.Helper()
	f, err := p.Frame(prefix)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, f, "iframe console")
	return f
}

// frameRect is the iframe's box in the host page's viewport.
func frameRect(t *testing.T, p *browser.Page, sel string) rect {
	t.Helper()
	return eval[rect](t, p, fmt.Sprintf(`(() => {
		const r = document.querySelector(%q).getBoundingClientRect();
		return {x: r.x, y: r.y, w: r.width, h: r.height};
	})()`, sel))
}

// onHost turns a point of the iframe's viewport into the host page's.
func (em embedded) onHost(t *testing.T, pt browser.Point) browser.Point {
	t.Helper()
	r := frameRect(t, em.p, "#fig")
	return browser.Point{X: r.X + pt.X, Y: r.Y + pt.Y}
}

// elementCentre is the centre of the element sel in p's viewport.
func elementCentre(t *testing.T, p *browser.Page, sel string) browser.Point {
	t.Helper()
	r := frameRect(t, p, sel)
	return r.centre()
}

// worldJS is downhill.state() without what moves by itself (ticks, the
// notice's timing): what a fresh engine must have exactly as before, the
// change counter and its last reason included.
const worldJS = `JSON.stringify((() => { const s = downhill.state(); for (const k of ["ticks", "notice"]) delete s[k]; return s; })())`

// jsonDiff lists where two JSON texts differ ("" when they are equal as
// values: the order of an object's keys does not matter).
func jsonDiff(t *testing.T, a, b string) string {
	t.Helper()
	var va, vb any
	must(t, json.Unmarshal([]byte(a), &va))
	must(t, json.Unmarshal([]byte(b), &vb))
	var out []string
	var walk func(path string, x, y any)
	walk = func(path string, x, y any) {
		if len(out) >= 20 {
			return
		}
		switch xv := x.(type) {
		case map[string]any:
			yv, ok := y.(map[string]any)
			if !ok {
				break
			}
			for k := range xv {
				if _, ok := yv[k]; !ok {
					out = append(out, fmt.Sprintf("%s.%s: %v -> missing", path, k, xv[k]))
				} else {
					walk(path+"."+k, xv[k], yv[k])
				}
			}
			for k := range yv {
				if _, ok := xv[k]; !ok {
					out = append(out, fmt.Sprintf("%s.%s: missing -> %v", path, k, yv[k]))
				}
			}
			return
		case []any:
			yv, ok := y.([]any)
			if !ok || len(yv) != len(xv) {
				break
			}
			for i := range xv {
				walk(fmt.Sprintf("%s[%d]", path, i), xv[i], yv[i])
			}
			return
		default:
			if x == y {
				return
			}
		}
		xs, _ := json.Marshal(x)
		ys, _ := json.Marshal(y)
		out = append(out, fmt.Sprintf("%s: %.200s -> %.200s", path, xs, ys))
	}
	walk("state", va, vb)
	return strings.Join(out, "\n")
}

// TestEmbedWheel: a plain wheel over the embed scrolls the host page as it
// does beside the embed, with the "Ctrl + scroll to zoom" hint shown in the
// figure; Ctrl + wheel over its 3D view zooms the camera and leaves the host
// page where it is.
func TestEmbedWheel(t *testing.T) {
	e := appEnv(t)
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "paused=1#sharp=1"}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	l := getLayout(t, f)
	if l.Surface.empty() {
		t.Fatalf("the 600x400 embed shows no 3D view: %+v", l)
	}
	zoom0 := eval[float64](t, f, `downhill.state().camera.zoom`)

	// Five notches at x, each where the iframe (or the side text) is at
	// that moment; returns how far the host page scrolled.
	notches := func(over bool) float64 {
		eval[float64](t, p, `scrollTo(0, 0), scrollY`)
		start := eval[float64](t, p, `scrollY`)
		for i := range 5 {
			r := frameRect(t, p, "#fig")
			y := (max(r.Y, 0) + min(r.Y+r.H, float64(p.Height))) / 2
			x := r.X + l.Surface.centre().X // over the 3D view
			if !over {
				x = r.X + r.W + 150 // the text beside it
			}
			if y < r.Y+10 || y > r.Y+r.H-10 {
				t.Fatalf("notch %d: the iframe %+v is no longer under the pointer", i, r)
			}
			from := eval[float64](t, p, `scrollY`)
			must(t, p.Wheel(browser.Point{X: x, Y: y}, 0, 100))
			eval[float64](t, p, fmt.Sprintf(`settle(%v)`, from))
			if over && i == 0 {
				if err := within(f, 3*time.Second, `document.getElementById("hint").classList.contains("show")`); err != nil {
					t.Errorf("a plain wheel over the embed shows no hint (#hint.show): %v", err)
				}
			}
		}
		return eval[float64](t, p, `scrollY`) - start
	}
	over := notches(true)
	beside := notches(false)
	t.Logf("five notches scroll the host page %v px over the embed, %v px beside it", over, beside)
	if over <= 0 || beside <= 0 || over > 1.5*beside || beside > 1.5*over {
		t.Errorf("five wheel notches scroll the host page %v px over the embed and %v px beside it: want both > 0, within a factor 1.5", over, beside)
	}
	if z := eval[float64](t, f, `downhill.state().camera.zoom`); z != zoom0 {
		t.Errorf("a plain wheel over the embed's 3D view zoomed it (%v -> %v): it should only scroll the host page", zoom0, z)
	}

	// Ctrl + wheel over the 3D view: a trackpad's pinch (small deltas),
	// then a mouse wheel's notch (Chromium's 100 px).
	eval[float64](t, p, `scrollTo(0, 0), scrollY`)
	must(t, p.WaitFrames(3))
	eval[bool](t, f, `document.getElementById("hint").classList.remove("show"), true`)
	at := em.onHost(t, l.Surface.centre())
	must(t, p.MouseMove(at)) // ebiten takes the wheel where the cursor last moved
	must(t, browser.Sleep(p.Context(), p.Hold))
	for _, c := range []struct {
		name string
		dy   float64
	}{{"pinch", -4}, {"notch", -100}} {
		t.Run(c.name, func(t *testing.T) {
			z0 := eval[float64](t, f, `downhill.state().camera.zoom`)
			must(t, p.WheelMod(at, 0, c.dy, browser.ModCtrl))
			if err := within(f, 3*time.Second, fmt.Sprintf(`downhill.state().camera.zoom > %v`, z0)); err != nil {
				t.Errorf("Ctrl + wheel (deltaY %v) over the embed's 3D view at %+v did not zoom in: zoom %v -> %v; the figure's notice: %q",
					c.dy, at, z0, eval[float64](t, f, `downhill.state().camera.zoom`), eval[string](t, f, `downhill.state().notice`))
			}
			must(t, p.WaitFrames(15))
			if y := eval[float64](t, p, `scrollY`); y != 0 {
				t.Errorf("Ctrl + wheel over the embed scrolled the host page to %v", y)
			}
			if eval[bool](t, f, `document.getElementById("hint").classList.contains("show")`) {
				t.Error("Ctrl + wheel showed the hint, which is for a plain wheel")
			}
		})
	}
}

// TestEmbedKeyboard: nothing in the embed takes the focus on load (the
// host page stays where it is); Tab from a button before the iframe reaches
// the figure's canvas, then the button after it; Shift+Tab goes back; a key
// on the focused canvas reaches the world, not the host page.
func TestEmbedKeyboard(t *testing.T) {
	e := appEnv(t)
	// The figure is below the fold: taking the focus would scroll to it.
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "load=eager&paused=1", above: 900}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	// Settled: in a cold browser a Tab within 20 frames of ready once put
	// the focus on the canvas and lost it at once (the next Tab went on
	// from the canvas; 1 run in 5, not understood yet).
	must(t, p.WaitFrames(60))
	// Where the focus is: on the host page, in the iframe, and whether
	// the iframe's document has it.
	type focus struct {
		Host, Frame string
		HasFocus    bool
		ScrollY     float64
	}
	where := func() focus {
		var fo focus
		h := eval[struct {
			Host    string  `json:"host"`
			ScrollY float64 `json:"scrollY"`
		}](t, p, `(() => { const a = document.activeElement; return {host: a ? a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") : "", scrollY}; })()`)
		fr := eval[struct {
			Frame    string `json:"frame"`
			HasFocus bool   `json:"hasFocus"`
		}](t, f, `(() => { const a = document.activeElement; return {frame: a ? a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") : "", hasFocus: document.hasFocus()}; })()`)
		fo.Host, fo.ScrollY, fo.Frame, fo.HasFocus = h.Host, h.ScrollY, fr.Frame, fr.HasFocus
		return fo
	}
	if w := where(); w.Host != "body" || w.Frame != "body" || w.HasFocus || w.ScrollY != 0 {
		t.Errorf("on load: host focus %q, iframe focus %q (iframe has focus %v), host scrollY %v; want nothing focused and the host page at the top", w.Host, w.Frame, w.HasFocus, w.ScrollY)
	}

	eval[bool](t, p, `document.getElementById("before").focus(), true`)
	var path []string
	tab := func(mods int64) focus {
		must(t, p.KeyMod(kb.Tab, mods))
		w := where()
		s := w.Host
		if w.Host == "iframe#fig" {
			s += ">" + w.Frame
		} else if w.Frame != "body" {
			s += " (the iframe's " + w.Frame + ")"
		}
		path = append(path, s)
		return w
	}
	// reach presses Tab (with mods) until focus is at host (and, in the
	// iframe, at frame), at most maxTabs times.
	const maxTabs = 8
	reach := func(mods int64, host, frame string) bool {
		for range maxTabs {
			if w := tab(mods); w.Host == host && (frame == "" || w.Frame == frame) {
				return true
			}
		}
		return false
	}
	if !reach(0, "iframe#fig", "canvas") {
		t.Fatalf("%d Tabs from #before never reached the figure's canvas: %s", maxTabs, strings.Join(path, " -> "))
	}

	// A key on the focused canvas: Space plays (the world was paused),
	// and the host page does not scroll.
	y0 := eval[float64](t, p, `scrollY`)
	must(t, p.Key(" "))
	if err := within(f, 3*time.Second, `downhill.state().paused === false`); err != nil {
		t.Errorf("Space on the focused canvas did not play the figure: %v", err)
	}
	must(t, p.WaitFrames(10))
	if y := eval[float64](t, p, `scrollY`); y != y0 {
		t.Errorf("Space on the figure's canvas scrolled the host page from %v to %v", y0, y)
	}

	if !reach(0, "button#after", "") {
		t.Errorf("Tab from the figure's canvas never reached #after: %s", strings.Join(path, " -> "))
	}
	// Back: Shift+Tab from #after reaches the canvas, then #before.
	if !reach(browser.ModShift, "iframe#fig", "canvas") {
		t.Errorf("Shift+Tab from #after never reached the figure's canvas: %s", strings.Join(path, " -> "))
	}
	if !reach(browser.ModShift, "button#before", "") {
		t.Errorf("Shift+Tab from the figure's canvas never reached #before: %s", strings.Join(path, " -> "))
	}
	t.Logf("focus path: %s", strings.Join(path, " -> "))
}

// TestEmbedLostContext: in an embed driven by its host page, a lost WebGL
// context carries the world into a fresh engine, and the host still hears of the reader's changes; a second loss soon after pauses
// with a notice that resumes on a click. Each fresh engine runs in a fresh
// document: nothing of the old one stays reachable.
func TestEmbedLostContext(t *testing.T) {
	e := appEnv(t)
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "paused=1&opt=gd,momentum&origin=" + e.hostBase + "#sharp=1", above: 50}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	must(t, within(p, 10*time.Second, `messages.some((m) => m.data && m.data.downhill === "ready")`))
	// The host page sets the figure up.
	for i, c := range [][2]string{
		{"addBall", `[{start: [-2, -2]}]`}, {"addBall", `[{start: [1, 3], optimizer: "momentum"}]`},
		{"addBall", `[{start: [4, -4], optimizer: "adam"}]`}, {"step", `[25]`},
	} {
		if r := hostCall(t, e, p, 100+i, c[0], c[1]); r.Downhill != "result" {
			t.Fatalf("%s(%s): %+v", c[0], c[1], r)
		}
	}
	eval[bool](t, f, `window.marker = "before the loss", true`)
	before := eval[string](t, f, worldJS)
	lose := `document.querySelector("canvas").getContext("webgl2").getExtension("WEBGL_lose_context").loseContext(), true`
	sameWorld := func(when, before string) {
		t.Helper()
		if d := jsonDiff(t, before, eval[string](t, f, worldJS)); d != "" {
			t.Errorf("%s the world differs from before:\n%s", when, d)
		}
	}
	started := func(n int) string {
		return fmt.Sprintf(`window.downhillLoader && downhillLoader.starts === %d && downhillLoader.phase === "ready" && window.downhill && downhill.ready`, n)
	}

	// A lost context replaces the figure's document: the test lets go of
	// it meanwhile (an inspector attached during a reload holds the new
	// document's parsing) and attaches to the new one once it has loaded.
	eval[int](t, p, `window.loads = 0, document.getElementById("fig").addEventListener("load", () => loads++), 0`)
	loseAndReattach := func() {
		t.Helper()
		n := eval[int](t, p, `loads`)
		eval[bool](t, f, lose)
		f.Close()
		must(t, within(p, 15*time.Second, fmt.Sprintf(`loads > %d`, n)))
		f = frameOf(t, p, e.appURL)
	}
	loseAndReattach()
	if err := within(f, 15*time.Second, started(2)); err != nil {
		t.Logf("host messages: %s", eval[string](t, p, `JSON.stringify(messages.map((m) => m.data && m.data.downhill))`))
		t.Logf("frame: %s %s", eval[string](t, f, `location.href`), eval[string](t, f, `document.readyState + " " + typeof window.Go + " " + document.scripts.length`))
		t.Fatalf("after a lost context the page did not start a second engine: %v (loader %s)", err, eval[string](t, f, `JSON.stringify(window.downhillLoader || null)`))
	}
	// The fresh engine runs in a fresh document (the old one, with its Go
	// program and wasm memory, is gone), with the same world.
	if m := eval[string](t, f, `String(window.marker)`); m != "undefined" {
		t.Errorf("the old document, and its engine, are still there after a lost context: window.marker is %q", m)
	}
	sameWorld("after the lost context", before)
	// The fresh engine draws: frames are presented and the momentum
	// ball is on screen in its colour.
	n := eval[int](t, f, `downhill.frames().presented`)
	eval[[]string](t, f, `downhill.set({yaw: -30})`)
	if err := within(f, 10*time.Second, fmt.Sprintf(`downhill.frames().presented > %d`, n)); err != nil {
		t.Errorf("the fresh engine presents no frames: %v", err)
	}
	must(t, f.WaitFrames(5))
	ball := eval[ballState](t, f, `downhill.state().balls[1]`)
	want, err := browser.ParseHex(ball.Color)
	must(t, err)
	if at := em.onHost(t, toScreen(t, f, ball.Pos[0], ball.Pos[1])); !colourNear(screenshot(t, p), at, p.Scale, 2, want) {
		t.Errorf("after the restart no pixel near the momentum ball's position %+v has its colour %s", at, ball.Color)
	}
	// The host page hears of a real click in the fresh engine.
	changes := `messages.filter((m) => m.data && m.data.downhill === "change").length`
	c0 := eval[int](t, p, changes)
	must(t, p.Click(em.onHost(t, getLayout(t, f).ContourPlot.centre())))
	must(t, within(f, 5*time.Second, `downhill.state().balls.length > 3`))
	if err := within(p, 5*time.Second, fmt.Sprintf(`%s > %d`, changes, c0)); err != nil {
		t.Errorf("after the lost context a click in the figure sent the host page no change event: %v", err)
	}

	// At once again: no third engine, a notice; a click on it resumes.
	eval[[]string](t, f, `downhill.set({yaw: -45})`)
	before = eval[string](t, f, worldJS)
	loseAndReattach()
	if err := within(f, 5*time.Second, `!document.getElementById("pause-note").hidden`); err != nil {
		t.Fatalf("a second lost context soon after the first shows no #pause-note: %v", err)
	}
	must(t, p.WaitFrames(60))
	if s := eval[int](t, f, `downhillLoader.starts`); s != 2 {
		t.Errorf("a second lost context soon after the first started engine %d; it should pause", s)
	}
	if !eval[bool](t, f, `(() => { const r = document.getElementById("pause-note").getBoundingClientRect(); return r.width > 100 && r.height > 100; })()`) {
		t.Error("#pause-note is not shown over the figure")
	}
	// The page's own scripts still get frames while the figure is paused.
	if !eval[bool](t, f, `Promise.race([new Promise((r) => requestAnimationFrame(() => r(true))), new Promise((r) => setTimeout(() => r(false), 2000))])`) {
		t.Error("while the figure is paused after a second loss, requestAnimationFrame never calls back")
	}
	must(t, p.Click(em.onHost(t, elementCentre(t, f, "#pause-note"))))
	if err := within(f, 15*time.Second, started(3)); err != nil {
		t.Fatalf("a click on #pause-note did not start the figure again: %v", err)
	}
	if !eval[bool](t, f, `document.getElementById("pause-note").hidden`) {
		t.Error("#pause-note is still shown after the figure resumed")
	}
	sameWorld("after the second loss and the click", before)
}

// hostCall posts a call from the host page p to its first iframe and
// returns the reply.
func hostCall(t *testing.T, e *testEnv, p *browser.Page, id int, method, args string) reply {
	t.Helper()
	eval[bool](t, p, fmt.Sprintf(`post({downhill: "call", id: %d, method: %q, args: %s}), true`, id, method, args))
	if err := within(p, 10*time.Second, fmt.Sprintf(`answer(%d)`, id)); err != nil {
		t.Fatalf("no reply to %s(%s): %v", method, args, err)
	}
	m := eval[message](t, p, fmt.Sprintf(`answer(%d)`, id))
	if m.Origin != e.base {
		t.Errorf("the reply to %s came from %s", method, m.Origin)
	}
	var r reply
	if err := json.Unmarshal(m.Data, &r); err != nil {
		t.Fatalf("the reply %s is not a Downhill message: %v", m.Data, err)
	}
	return r
}

// TestEmbedOutOfSight: an embed scrolled far out of view, or in a hidden
// tab, neither draws nor steps; back in sight it goes on where it was.
func TestEmbedOutOfSight(t *testing.T) {
	e := appEnv(t)
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "balls=0.5,-4&speed=4", above: 50, below: 6000}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	// Note what the page tells the engine.
	eval[bool](t, f, `(() => {
		const d = downhill, hidden = d._hidden;
		window.hiddenCalls = [];
		d._hidden = (v) => { hiddenCalls.push(v); return hidden(v); };
		return true;
	})()`)
	must(t, within(f, 10*time.Second, `downhill.state().balls.length === 1 && downhill.state().balls[0].steps >= 2`))

	type progress struct {
		Presented int `json:"presented"`
		Steps     int `json:"steps"`
		Ticks     int `json:"ticks"`
	}
	read := func() progress {
		return eval[progress](t, f, `(() => { const s = downhill.state(); return {presented: downhill.frames().presented, steps: s.balls[0].steps, ticks: s.ticks}; })()`)
	}
	// still checks that, out of sight, nothing is presented or stepped
	// over 2 s, and returns the progress.
	still := func(how string) progress {
		t.Helper()
		if err := within(f, 5*time.Second, `hiddenCalls.length > 0 && hiddenCalls[hiddenCalls.length - 1] === true`); err != nil {
			t.Errorf("%s: the page did not tell the engine it is hidden: %v", how, err)
		}
		// Ebiten may present the last frames already asked for, and
		// pace.js, which lowers the resolution while frames run late,
		// gives the figure its full resolution back (a resize, one more
		// frame) within a second of its last frame.
		must(t, browser.Sleep(p.Context(), 1500*time.Millisecond))
		a := read()
		must(t, browser.Sleep(p.Context(), 2*time.Second))
		b := read()
		if b.Presented != a.Presented || b.Steps != a.Steps || b.Ticks != a.Ticks {
			t.Errorf("%s: over 2 s the figure presented %d frames, took %d steps and %d ticks; want none", how, b.Presented-a.Presented, b.Steps-a.Steps, b.Ticks-a.Ticks)
		}
		return b
	}
	goesOn := func(how string, from progress) {
		t.Helper()
		if err := within(f, 5*time.Second, `hiddenCalls[hiddenCalls.length - 1] === false`); err != nil {
			t.Errorf("%s: the page did not tell the engine it is seen again: %v", how, err)
		}
		if err := within(f, 10*time.Second, fmt.Sprintf(`downhill.state().balls[0].steps > %d && downhill.frames().presented > %d`, from.Steps, from.Presented)); err != nil {
			t.Errorf("%s: the figure does not go on (from %d steps, %d frames): %v", how, from.Steps, from.Presented, err)
		}
		if got := eval[ballState](t, f, `downhill.state().balls[0]`); got.Steps < from.Steps || got.Start != [2]float64{0.5, -4} {
			t.Errorf("%s: the ball did not go on from where it was (%d steps): %+v", how, from.Steps, got)
		}
	}

	eval[float64](t, p, `scrollTo(0, 4000), scrollY`)
	if r := frameRect(t, p, "#fig"); r.Y+r.H > -1000 {
		t.Fatalf("the iframe %+v is not far out of view", r)
	}
	s := still("scrolled out of view")
	eval[float64](t, p, `scrollTo(0, 0), scrollY`)
	goesOn("scrolled back", s)

	// A hidden tab, as the figure sees it.
	eval[bool](t, f, `Object.defineProperty(document, "hidden", {get: () => true, configurable: true}),
		Object.defineProperty(document, "visibilityState", {get: () => "hidden", configurable: true}),
		document.dispatchEvent(new Event("visibilitychange")), true`)
	s = still("in a hidden tab")
	eval[bool](t, f, `delete document.hidden, delete document.visibilityState, document.dispatchEvent(new Event("visibilitychange")), true`)
	goesOn("the tab shown again", s)
}

// TestEmbedLoadOnDemand: load=click downloads nothing until its Run button
// is clicked; load=visible (an embed's default) far below the fold
// downloads nothing until it is scrolled into view.
func TestEmbedLoadOnDemand(t *testing.T) {
	e := appEnv(t)
	const wasm = "/downhill/main.wasm"
	t.Run("click", func(t *testing.T) {
		n0 := e.requests(wasm)
		em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "load=click&paused=1"}), "")
		p, f := em.p, em.f
		must(t, f.WaitFor(`window.downhillLoader && !document.getElementById("loader-run").hidden`))
		must(t, p.WaitFrames(60))
		if n := e.requests(wasm) - n0; n != 0 {
			t.Errorf("load=click downloaded main.wasm %d times before Run was clicked", n)
		}
		if ph := eval[string](t, f, `downhillLoader.phase`); ph != "waiting" {
			t.Errorf("load=click: the loader is in phase %q before Run was clicked", ph)
		}
		must(t, p.Click(em.onHost(t, elementCentre(t, f, "#loader-run"))))
		must(t, f.WaitReady())
		if n := e.requests(wasm) - n0; n != 1 {
			t.Errorf("load=click then Run downloaded main.wasm %d times, want 1", n)
		}
	})
	t.Run("visible", func(t *testing.T) {
		n0 := e.requests(wasm)
		em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "paused=1", above: 5000}), "")
		p, f := em.p, em.f
		must(t, f.WaitFor(`window.downhillLoader && downhillLoader.phase === "waiting"`))
		must(t, p.WaitFrames(60))
		if n := e.requests(wasm) - n0; n != 0 {
			t.Errorf("an embed 5000 px below the fold downloaded main.wasm %d times", n)
		}
		// Near: just below the fold (the loader asks for a screen's margin,
		// which the browser does not apply to a cross-origin iframe).
		top := frameRect(t, p, "#fig").Y
		eval[float64](t, p, fmt.Sprintf(`scrollTo(0, %v), scrollY`, top-float64(p.Height)-200))
		must(t, p.WaitFrames(30))
		t.Logf("200 px below the fold, the embed is in phase %q", eval[string](t, f, `downhillLoader.phase`))
		eval[float64](t, p, fmt.Sprintf(`scrollTo(0, %v), scrollY`, top-100))
		must(t, f.WaitReady())
		if n := e.requests(wasm) - n0; n != 1 {
			t.Errorf("scrolled into view, the embed downloaded main.wasm %d times, want 1", n)
		}
	})
}

// viewNames are the views in their order.
var viewNames = [4]string{"3d", "contour", "loss", "fit"}

// TestEmbedViews: at 320x240, 480x320 and 800x500, every non-empty subset
// of the views (in their order) lays out non-overlapping rectangles inside
// the canvas for the views shown and empty ones for the others; a view the
// canvas is too small for is left out and offered in the band under the
// pictures (the main view, the contour map, never is), and the canvas is
// the page above that band; on a few screenshots nothing is drawn outside
// the views' rectangles.
func TestEmbedViews(t *testing.T) {
	e := appEnv(t)
	for _, size := range [][2]int{{320, 240}, {480, 320}, {800, 500}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			p := newPage(t, e, size[0], size[1], 1)
			must(t, p.Load(e.appURL+"?views=3d,contour,loss,fit&panel=off&paused=1&balls=-2,-2;1,3&step=20#sharp=1"))
			// The corner's fullscreen button is page HTML, not drawn by the figure.
			eval[bool](t, p, `document.getElementById("corner").style.display = "none", true`)
			for mask := 1; mask < 16; mask++ {
				var shown []string
				for i, v := range viewNames {
					if mask&(1<<i) != 0 {
						shown = append(shown, v)
					}
				}
				list := strings.Join(shown, ",")
				if errs := eval[[]string](t, p, fmt.Sprintf(`downhill.set({views: %q})`, list)); len(errs) > 0 {
					t.Errorf("set({views: %q}): %v", list, errs)
					continue
				}
				waitDrawn(t, p, 2)
				if got := strings.Join(eval[[]string](t, p, `downhill.state().views`), ","); got != list {
					t.Errorf("views=%s: state().views is %q", list, got)
				}
				// The band under the pictures follows what the layout left
				// out, and the canvas follows the band: let both settle.
				if err := within(p, 3*time.Second, `(() => { const band = document.documentElement.classList.contains("touring") ? document.getElementById("tour").getBoundingClientRect().height : 0;
					const l = downhill.layout(); return Math.abs(l.height - (innerHeight - band)) <= 1 && l.hidden.length === document.querySelectorAll("#views-offer button").length; })()`); err != nil {
					t.Logf("views=%s: the band and the canvas did not settle in 3 s", list)
				}
				waitDrawn(t, p, 2)
				l := getLayout(t, p)
				rects := [4]rect{l.Surface, l.Contour, l.Loss, l.Fit}
				var in []rect
				for i, v := range viewNames {
					r := rects[i]
					on := mask&(1<<i) != 0
					switch {
					case on && r.empty() && (v == "contour" || !slices.Contains(l.Hidden, v)):
						t.Errorf("views=%s: the %s view has an empty rectangle %+v and is not offered (hidden %v)", list, v, r, l.Hidden)
					case on && r.empty():
						if n := eval[int](t, p, fmt.Sprintf(`document.querySelectorAll('#views-offer button[data-view=%q]').length`, v)); n != 1 {
							must(t, within(p, 3*time.Second, fmt.Sprintf(`document.querySelectorAll('#views-offer button[data-view=%q]').length === 1`, v)))
						}
					case !on && !r.empty():
						t.Errorf("views=%s: the %s view, not shown, has the rectangle %+v", list, v, r)
					case on && (r.X < 0 || r.Y < 0 || r.X+r.W > l.Width+1e-9 || r.Y+r.H > l.Height+1e-9):
						t.Errorf("views=%s: the %s view %+v is not inside the %gx%g canvas", list, v, r, l.Width, l.Height)
					}
					if on {
						for j, q := range in {
							if ow, oh := min(r.X+r.W, q.X+q.W)-max(r.X, q.X), min(r.Y+r.H, q.Y+q.H)-max(r.Y, q.Y); ow > 1e-9 && oh > 1e-9 {
								t.Errorf("views=%s: the %s view %+v overlaps the %s view %+v", list, v, r, shown[j], q)
							}
						}
						in = append(in, r)
					}
				}
				band := eval[float64](t, p, `document.documentElement.classList.contains("touring") ? document.getElementById("tour").getBoundingClientRect().height : 0`)
				if l.Width != float64(size[0]) || math.Abs(l.Height-(float64(size[1])-band)) > 1 {
					t.Errorf("views=%s: the canvas is %gx%g, want the %dx%d page less the band's %g", list, l.Width, l.Height, size[0], size[1], band)
				}
				// Screenshots of a few: nothing outside the views, and
				// nothing of the 3D view (its axis names and ticks move with
				// the camera) outside its rectangle.
				if list != "3d,contour,loss,fit" && list != "contour" && list != "3d,loss" && list != "3d,fit" {
					continue
				}
				img := screenshot(t, p)
				if mask&1 != 0 && mask != 1 {
					eval[[]string](t, p, `downhill.set({yaw: 20, pitch: 60})`)
					waitDrawn(t, p, 3)
					turned := screenshot(t, p)
					eval[[]string](t, p, `downhill.set({yaw: -45, pitch: 35})`)
					waitDrawn(t, p, 3)
					changed, inside := 0, 0
					var first string
					b := img.Bounds()
					for y := b.Min.Y; y < b.Max.Y; y++ {
						for x := b.Min.X; x < b.Max.X; x++ {
							pt := browser.Point{X: (float64(x-b.Min.X) + 0.5) / p.Scale, Y: (float64(y-b.Min.Y) + 0.5) / p.Scale}
							c0, c1 := browser.Pixel(img, pt, p.Scale), browser.Pixel(turned, pt, p.Scale)
							if near(c0, c1, 2) {
								continue
							}
							if l.Surface.contains(pt, 0) {
								inside++
								continue
							}
							if changed == 0 {
								first = fmt.Sprintf("%s -> %s at %.0f,%.0f", hex(c0), hex(c1), pt.X, pt.Y)
							}
							changed++
						}
					}
					if inside == 0 && !l.Surface.empty() {
						t.Errorf("views=%s: turning the camera changed nothing in the 3D view %+v", list, l.Surface)
					}
					if changed > 0 {
						t.Errorf("views=%s: turning the camera changed %d pixels outside the 3D view %+v (first: %s)", list, changed, l.Surface, first)
					}
				}
				bad, outside := 0, 0
				var first string
				b := img.Bounds()
				for y := b.Min.Y; y < b.Max.Y; y++ {
					for x := b.Min.X; x < b.Max.X; x++ {
						pt := browser.Point{X: (float64(x-b.Min.X) + 0.5) / p.Scale, Y: (float64(y-b.Min.Y) + 0.5) / p.Scale}
						if pt.Y >= l.Height {
							continue // the band under the pictures: page HTML
						}
						inside := false
						for _, r := range in {
							inside = inside || (pt.X >= r.X && pt.X < r.X+r.W && pt.Y >= r.Y && pt.Y < r.Y+r.H)
						}
						if inside {
							continue
						}
						outside++
						if c := browser.Pixel(img, pt, p.Scale); !near(c, bgColour, 3) {
							if bad == 0 {
								first = fmt.Sprintf("%s at %.0f,%.0f", hex(c), pt.X, pt.Y)
							}
							bad++
						}
					}
				}
				if bad > 0 {
					t.Errorf("views=%s: %d of the %d pixels outside every view are not the background %s (first: %s)", list, bad, outside, hex(bgColour), first)
				}
			}
		})
	}
}

// TestEmbedPageSettingsAccepted: the settings that the page's own scripts
// read from the address (embed, load, panel, origin, sharp) are accepted
// by the world too: none is shown as an error.
func TestEmbedPageSettingsAccepted(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 800, 500, 1)
	must(t, p.Load(e.appURL+"?embed=1&load=eager&panel=closed&origin=http://notes.example&sharp=1&paused=1"))
	if msg := eval[string](t, p, `document.getElementById("downhill-error").textContent`); msg != "" {
		t.Errorf("the page's own settings are shown as errors: %q", msg)
	}
}

// gdSteps runs n steps of gradient descent with eta 1 on the neuron in Go.
func gdSteps(t *testing.T, start optim.Vec, n int) optim.Vec {
	t.Helper()
	surf, err := surfaces.New("neuron", "")
	must(t, err)
	cfg := optim.Defaults(optim.GD)
	cfg.LR = 1
	var st optim.State
	x := start
	for range n {
		x = optim.Step(&cfg, &st, x, surf, nil)
	}
	return x
}

// message is one message the host page got.
type message struct {
	Origin string          `json:"origin"`
	Fig    int             `json:"fig"`
	Data   json.RawMessage `json:"data"`
}

// reply is a Downhill reply or event.
type reply struct {
	Downhill string          `json:"downhill"`
	ID       any             `json:"id"`
	Result   json.RawMessage `json:"result"`
	Error    string          `json:"error"`
	Version  string          `json:"version"`
	Reason   string          `json:"reason"`
	State    struct {
		BallCount int `json:"ballCount"`
	} `json:"state"`
}

// TestEmbedProtocol: the README's postMessage protocol between a host page
// on another origin and its embed: ready first, calls and their results,
// refusals, a change event after a real click, reveal.js's slide messages;
// and nothing at all for an origin the embed does not list.
func TestEmbedProtocol(t *testing.T) {
	e := appEnv(t)
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "paused=1&origin=" + e.hostBase}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	must(t, within(p, 10*time.Second, `messages.length > 0`))
	msgs := func() []message { return eval[[]message](t, p, `messages`) }
	decode := func(m message) reply {
		var r reply
		if err := json.Unmarshal(m.Data, &r); err != nil {
			t.Fatalf("message %s is not a Downhill message: %v", m.Data, err)
		}
		return r
	}
	first := msgs()[0]
	if r := decode(first); r.Downhill != "ready" || r.Version == "" || first.Origin != e.base || first.Fig != 0 {
		t.Errorf("the first message is %s from %s (iframe %d); want {downhill: \"ready\", version} from %s", first.Data, first.Origin, first.Fig, e.base)
	} else if v := eval[string](t, f, `downhill.info().version`); r.Version != v {
		t.Errorf("ready says version %q, info() %q", r.Version, v)
	}

	call := func(id int, method string, args string) reply { t.Helper(); return hostCall(t, e, p, id, method, args) }
	r := call(1, "addBall", `[{start: [-2, -2]}]`)
	var id int
	if r.Downhill != "result" || json.Unmarshal(r.Result, &id) != nil || id <= 0 {
		t.Errorf("addBall: %+v, want a result with the ball's id", r)
	}
	if r := call(2, "step", `[10]`); r.Downhill != "result" || !strings.Contains(string(r.Result), `"steps":10`) {
		t.Errorf("step(10): %+v", r)
	}
	r = call(3, "state", `[]`)
	var st appState
	if err := json.Unmarshal(r.Result, &st); err != nil || r.Downhill != "result" || len(st.Balls) != 1 {
		t.Fatalf("state: %+v (%v)", r, err)
	}
	ball := st.Balls[0]
	want := gdSteps(t, optim.Vec{-2, -2}, 10)
	if ball.Steps != 10 || ball.ID != id || math.Abs(ball.Pos[0]-want[0]) > 1e-9 || math.Abs(ball.Pos[1]-want[1]) > 1e-9 {
		t.Errorf("after addBall and step(10) by message the ball is %+v; Go's 10 GD steps from (-2, -2) give %v", ball, want)
	}
	if r := call(4, "addBall", `[{start: [1]}]`); r.Downhill != "error" || !strings.Contains(r.Error, "start") {
		t.Errorf("addBall({start: [1]}): %+v, want an error naming start", r)
	}
	if r := call(5, "bogus", `[]`); r.Downhill != "error" || !strings.Contains(r.Error, "bogus") || !strings.Contains(r.Error, "addBall") {
		t.Errorf("an unknown method: %+v, want an error naming it and the methods accepted", r)
	}
	if r := call(6, "_snapshot", `[]`); r.Downhill != "error" || !strings.Contains(r.Error, "unknown") {
		t.Errorf("the page's own _snapshot: %+v, want it refused as unknown", r)
	}
	for i, bad := range []string{`"hello"`, `42`, `[1, 2]`, `null`, `{downhill: "cal", id: 7}`} {
		n := len(msgs())
		eval[bool](t, p, fmt.Sprintf(`post(%s), true`, bad))
		if err := within(p, 10*time.Second, fmt.Sprintf(`messages.length > %d`, n)); err != nil {
			t.Errorf("the message %s got no reply: %v", bad, err)
			continue
		}
		if r := decode(msgs()[n]); r.Downhill != "error" || r.Error == "" {
			t.Errorf("message %d, %s: reply %+v, want an error", i, bad, r)
		}
	}
	if n := eval[int](t, f, `downhill.state().balls.length`); n != 1 {
		t.Errorf("after the bad calls the figure has %d balls, want 1", n)
	}

	// A real click on the contour map: a change event.
	must(t, p.WaitFrames(30)) // past the poll after the calls
	changes := func() int {
		return eval[int](t, p, `messages.filter((m) => m.data && m.data.downhill === "change").length`)
	}
	c0 := changes()
	l := getLayout(t, f)
	must(t, p.Click(em.onHost(t, l.ContourPlot.centre())))
	if err := within(p, 10*time.Second, fmt.Sprintf(`messages.filter((m) => m.data && m.data.downhill === "change").length > %d`, c0)); err != nil {
		t.Errorf("a click on the embed's contour map sent no change event: %v", err)
	} else {
		all := msgs()
		var last reply
		for _, m := range all {
			if r := decode(m); r.Downhill == "change" {
				last = r
			}
		}
		if last.Reason == "" || last.State.BallCount != 2 {
			t.Errorf("the change event after the click: reason %q, %d balls; want a reason and 2 balls", last.Reason, last.State.BallCount)
		}
	}

	// reveal.js's messages.
	eval[bool](t, p, `post("slide:start"), true`)
	if err := within(f, 5*time.Second, `downhill.state().paused === false`); err != nil {
		t.Errorf(`"slide:start" did not play the figure: %v`, err)
	}
	eval[bool](t, p, `post("slide:stop"), true`)
	if err := within(f, 5*time.Second, `downhill.state().paused === true`); err != nil {
		t.Errorf(`"slide:stop" did not pause the figure: %v`, err)
	}

	if errs := f.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("the embed logged errors:\n%s", strings.Join(errs, "\n"))
	}

	// Origins not listed: the same calls get nothing and change nothing.
	for _, o := range []string{"http://elsewhere.example", "http://localhost:1"} {
		t.Run(strings.TrimPrefix(o, "http://"), func(t *testing.T) {
			q := "paused=1&origin=" + o
			em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: q}), e.appURL+"?"+q)
			p, f := em.p, em.f
			must(t, f.WaitReady())
			before := eval[string](t, f, worldJS)
			eval[bool](t, p, `post({downhill: "call", id: 1, method: "addBall", args: [{start: [-2, -2]}]}),
				post({downhill: "call", id: 2, method: "step", args: [10]}), post({downhill: "call", id: 3, method: "state"}),
				post({downhill: "call", id: 4, method: "bogus"}), post("hello"), post("slide:start"), true`)
			must(t, p.WaitFrames(60))
			if got := eval[[]message](t, p, `messages`); len(got) > 0 {
				t.Errorf("with origin=%s the host page %s got messages: %+v", o, e.hostBase, got)
			}
			if d := jsonDiff(t, before, eval[string](t, f, worldJS)); d != "" {
				t.Errorf("with origin=%s the host page's calls changed the figure:\n%s", o, d)
			}
		})
	}
}

// dataURLImage decodes a data:image/png;base64 URL.
func dataURLImage(t *testing.T, url string) image.Image {
	t.Helper()
	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(url, prefix) {
		t.Fatalf("screenshot() gave %.40q..., not a PNG data URL", url)
	}
	data, err := base64.StdEncoding.DecodeString(url[len(prefix):])
	must(t, err)
	img, err := png.Decode(bytes.NewReader(data))
	must(t, err)
	return img
}

// TestEmbedExport: screenshot() is a PNG of the canvas at its CSS size times
// the scale, showing the figure (a ball where toScreen says, in its
// colour); csv() is a table of every recorded point, with the README's
// header, whose GD rows are Go's steps.
func TestEmbedExport(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 800, 500, 1)
	must(t, p.Load(e.appURL+"?paused=1&panel=off&views=contour,3d#sharp=1"))
	// A slow GD ball whose trail is thinned (more than 1,024 steps, an odd
	// number of them: the last row is not a trail point), the momentum
	// ball, and a GD ball of five steps.
	eval[any](t, p, `downhill.addBall({start: [-2, -2], lr: 0.01}), downhill.addBall({start: [1, 3], optimizer: "momentum", lr: 0.05}),
		downhill.step(1100), downhill.addBall({start: [-4, 2]}), downhill.step(5), 0`)
	st := eval[appState](t, p, `downhill.state()`)
	trails := eval[[]int](t, p, `downhill.state().balls.map((b) => b.trail)`)
	if len(st.Balls) != 3 || len(trails) != 3 {
		t.Fatalf("want 3 balls, have %+v", st.Balls)
	}
	red := st.Balls[1]
	if red.Color != "#d51e00" {
		t.Errorf("the momentum ball's colour is %s, want #d51e00", red.Color)
	}
	want, err := browser.ParseHex(red.Color)
	must(t, err)
	css := eval[[2]float64](t, p, `(() => { const r = document.querySelector("canvas").getBoundingClientRect(); return [r.width, r.height]; })()`)
	at := toScreen(t, p, red.Pos[0], red.Pos[1])
	for _, scale := range []float64{0, 2} {
		arg := ""
		if scale > 0 {
			arg = fmt.Sprintf("{scale: %g}", scale)
		}
		img := dataURLImage(t, eval[string](t, p, `downhill.screenshot(`+arg+`)`))
		k := scale
		if k == 0 {
			k = p.Scale
		}
		if b := img.Bounds(); b.Dx() != int(math.Round(css[0]*k)) || b.Dy() != int(math.Round(css[1]*k)) {
			t.Errorf("screenshot(%s) is %dx%d, want the canvas's %gx%g CSS pixels times %g", arg, b.Dx(), b.Dy(), css[0], css[1], k)
		}
		if n, share := variety(img, img.Bounds()); n < 200 || share > 0.8 {
			t.Errorf("screenshot(%s) has %d colours, the commonest covering %.0f%%: it looks blank", arg, n, 100*share)
		}
		if !colourNear(img, at, k, 2, want) {
			t.Errorf("screenshot(%s): no pixel within 2 CSS px of the momentum ball's position %+v has its colour %s; around it:\n%s", arg, at, red.Color, neighbourhood(img, at, k))
		}
	}

	text := eval[string](t, p, `downhill.csv()`)
	r := csv.NewReader(strings.NewReader(text))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv() does not parse: %v\n%.500s", err, text)
	}
	if len(rows) == 0 || strings.Join(rows[0], ",") != "ball,optimizer,lr,gamma,beta1,beta2,batch,step,epoch,w,b,loss,dw,db" {
		t.Fatalf("csv()'s header is %q", rows[:min(1, len(rows))])
	}
	byBall := map[int][][]string{}
	for _, row := range rows[1:] {
		id, err := strconv.Atoi(row[0])
		must(t, err)
		byBall[id] = append(byBall[id], row)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		must(t, err)
		return v
	}
	total := 0
	for i, b := range st.Balls {
		rs := byBall[b.ID]
		// The trail's points, then where the ball is when that is not
		// the trail's last point.
		wantRows := trails[i]
		if trails[i] > 0 && int(num(rs[min(trails[i], len(rs))-1][7])) != b.Steps {
			wantRows++
		}
		total += wantRows
		if len(rs) != wantRows {
			t.Errorf("ball %d (%d steps, %d trail points) has %d rows, want %d", b.ID, b.Steps, trails[i], len(rs), wantRows)
			continue
		}
		if last := rs[len(rs)-1]; int(num(last[7])) != b.Steps || num(last[9]) != b.Pos[0] || num(last[10]) != b.Pos[1] {
			t.Errorf("ball %d: the last row %v is not where the ball is (%d steps at %v)", b.ID, last, b.Steps, b.Pos)
		}
	}
	if a := st.Balls[0]; a.Steps != 1105 || len(byBall[a.ID]) != trails[0]+1 {
		t.Errorf("the slow GD ball has %d steps and %d rows for %d trail points; want 1105 steps and a row more than its thinned trail", a.Steps, len(byBall[a.ID]), trails[0])
	}
	if len(rows)-1 != total {
		t.Errorf("csv() has %d data rows, want %d", len(rows)-1, total)
	}
	t.Logf("csv rows per ball: %d %d %d; trail points %v; steps %d %d %d", len(byBall[st.Balls[0].ID]), len(byBall[st.Balls[1].ID]), len(byBall[st.Balls[2].ID]),
		trails, st.Balls[0].Steps, st.Balls[1].Steps, st.Balls[2].Steps)
	// The last GD ball has every step: its start, then Go's first step.
	gd := byBall[st.Balls[2].ID]
	if len(gd) < 2 {
		t.Fatalf("the third ball has %d rows", len(gd))
	}
	one := gdSteps(t, optim.Vec{-4, 2}, 1)
	if gd[0][1] != "gd" || gd[0][7] != "0" || num(gd[0][9]) != -4 || num(gd[0][10]) != 2 {
		t.Errorf("the GD ball's first row %v is not its start (-4, 2) at step 0", gd[0])
	}
	if gd[1][7] != "1" || num(gd[1][9]) != one[0] || num(gd[1][10]) != one[1] {
		t.Errorf("the GD ball's second row %v is not Go's first GD step %v", gd[1], one)
	}
	if gd[0][2] != "1" {
		t.Errorf("the GD ball's lr column is %q, want 1", gd[0][2])
	}
}

// TestEmbedLibrary: embed.js on a host page of another origin puts Downhill
// in an iframe and drives it: the promise resolves, calls work and are
// refused as the page refuses them, change fires after a real click (not
// after the host's own calls), destroy removes the iframe.
func TestEmbedLibrary(t *testing.T) {
	e := appEnv(t)
	html := hostHTML(e, hostOpts{noFrame: true, body: fmt.Sprintf(`<div id="holder"></div>
<script src="%sembed.js"></script>
<script>
window.changes = [];
window.embedded = Downhill.embed("#holder", {query: {paused: "1"}, origin: "https://notes.example.edu", width: "600px", height: "400px"}).then((c) => {
	window.client = c;
	c.on("change", (e) => changes.push(e));
	return "ok";
}, (e) => "refused: " + e.message);
</script>`, e.appURL)})
	// The iframe is in #holder, at the end of the page: put it at the top.
	html = strings.Replace(html, `<p id="above" style="height: 300px">`, `<p id="above" style="height: 0px">`, 1)
	html = strings.Replace(html, `<p id="below" style="height: 3000px">`, `<p id="below" style="height: 0px">`, 1)
	p := newPage(t, e, 1000, 700, 1)
	must(t, p.Navigate(e.hostPage(html)))
	if got := eval[string](t, p, `embedded`); got != "ok" {
		t.Fatalf("Downhill.embed: %s", got)
	}
	src := eval[string](t, p, `document.querySelector("#holder iframe").src`)
	if !strings.HasPrefix(src, e.appURL) || !strings.Contains(src, "origin="+strings.ReplaceAll(strings.ReplaceAll(e.hostBase, ":", "%3A"), "/", "%2F")) {
		t.Errorf("the iframe's src %s is not the app's with origin=%s", src, e.hostBase)
	}
	if !strings.Contains(src, "%2Chttps%3A%2F%2Fnotes.example.edu") {
		t.Errorf("the iframe's src %s does not list the origin the page gave (https://notes.example.edu) after its own", src)
	}
	if title, allow := eval[string](t, p, `document.querySelector("#holder iframe").title`), eval[string](t, p, `document.querySelector("#holder iframe").getAttribute("allow")`); title == "" || allow != "fullscreen" {
		t.Errorf("the iframe has title %q and allow %q, want a title and fullscreen", title, allow)
	}
	f := frameOf(t, p, e.appURL)
	st := eval[appState](t, p, `client.call("state")`)
	if !st.Paused || len(st.Balls) != 0 {
		t.Errorf(`client.call("state") = %+v, want paused with no balls`, st)
	}
	if id := eval[int](t, p, `client.call("addBall", {start: [-2, -2]})`); id <= 0 {
		t.Errorf("client.call(addBall) = %d", id)
	}
	if msg := eval[string](t, p, `client.call("addBall", {start: [1]}).then(() => "resolved", (e) => "refused: " + e.message)`); !strings.HasPrefix(msg, "refused: ") || !strings.Contains(msg, "start") {
		t.Errorf("client.call(addBall, {start: [1]}): %s, want a refusal naming start", msg)
	}
	// The host's own calls are no news: no change event (the page polls
	// four times a second).
	must(t, browser.Sleep(p.Context(), 800*time.Millisecond))
	if n := eval[int](t, p, `changes.length`); n != 0 {
		t.Errorf("the host's own calls fired %d change events", n)
	}
	l := getLayout(t, f)
	r := frameRect(t, p, "#holder iframe")
	at := l.ContourPlot.centre()
	must(t, p.Click(browser.Point{X: r.X + at.X, Y: r.Y + at.Y}))
	if err := within(p, 10*time.Second, `changes.length > 0`); err != nil {
		t.Errorf("client.on(change) did not fire after a click in the figure: %v", err)
	} else if n := eval[int](t, p, `changes[changes.length - 1].state.ballCount`); n != 2 {
		t.Errorf("the change event after the click says %d balls, want 2", n)
	}
	msg := eval[string](t, p, `(() => { const p = client.call("state"); client.destroy(); return p.then(() => "resolved", (e) => "refused: " + e.message); })()`)
	if !strings.HasPrefix(msg, "refused: ") {
		t.Errorf("a call pending when destroy() ran: %s, want it refused", msg)
	}
	if n := eval[int](t, p, `document.querySelectorAll("iframe").length`); n != 0 {
		t.Errorf("after destroy() the page has %d iframes", n)
	}
}

// TestEmbedPlainFileServer: dist/ served by Go's bare http.FileServer, with
// no precompressed copies used and main.wasm as application/octet-stream
// (a server that does not know wasm), still starts.
func TestEmbedPlainFileServer(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, 800, 500, 1)
	n0 := e.requests("/plain/main.wasm")
	must(t, p.Load(e.plainURL+"?paused=1"))
	if n := e.requests("/plain/main.wasm") - n0; n != 1 {
		t.Errorf("the page fetched /plain/main.wasm %d times, want 1", n)
	}
	if enc, _ := e.encoding.Load("/plain/main.wasm"); !strings.HasPrefix(enc.(string), " (") {
		t.Errorf("the plain server sent main.wasm with Content-Encoding %v", enc)
	}
	ct := eval[string](t, p, `fetch("main.wasm", {method: "HEAD"}).then((r) => r.headers.get("Content-Type"))`)
	if ct != "application/octet-stream" {
		t.Errorf("the plain server sends main.wasm as %q; the test wants application/octet-stream", ct)
	}
	fi, err := os.Stat(filepath.Join(e.appDir, "main.wasm"))
	must(t, err)
	if got := eval[[2]int64](t, p, `[downhillLoader.received, downhillLoader.total]`); got[0] != fi.Size() || got[1] != fi.Size() {
		t.Errorf("the loader counted %d of %d bytes, want %d of %d", got[0], got[1], fi.Size(), fi.Size())
	}
	if n := eval[int](t, p, `downhill.addBall({start: [-2, -2]}), downhill.step(3).balls[0].steps`); n != 3 {
		t.Errorf("the page from the plain server does not step: %d", n)
	}
}

// TestEmbedTouch: on a touch screen, one finger moving up over the embed
// scrolls the host page; a tap on its contour map drops a ball.
func TestEmbedTouch(t *testing.T) {
	e := appEnv(t)
	em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "paused=1#sharp=1"}), "")
	p, f := em.p, em.f
	must(t, f.WaitReady())
	l := getLayout(t, f)
	// A swipe up over the 3D view.
	from := em.onHost(t, l.Surface.centre())
	must(t, p.Touch(input.DispatchTouchEventTypeTouchStart, from))
	for i := 1; i <= 6; i++ {
		must(t, browser.Sleep(p.Context(), 30*time.Millisecond))
		must(t, p.Touch(input.DispatchTouchEventTypeTouchMove, browser.Point{X: from.X, Y: from.Y - float64(i)*25}))
	}
	must(t, p.Touch(input.DispatchTouchEventTypeTouchEnd))
	y := eval[float64](t, p, `settle(0)`)
	if y <= 0 {
		t.Errorf("a one-finger swipe up over the embed did not scroll the host page (scrollY %v)", y)
	}
	if n := eval[int](t, f, `downhill.state().balls.length`); n != 0 {
		t.Errorf("the swipe dropped %d balls", n)
	}
	// A tap on the contour map.
	at := em.onHost(t, l.ContourPlot.centre())
	must(t, p.Touch(input.DispatchTouchEventTypeTouchStart, at))
	must(t, browser.Sleep(p.Context(), 50*time.Millisecond))
	must(t, p.Touch(input.DispatchTouchEventTypeTouchEnd))
	if err := within(f, 5*time.Second, `downhill.state().balls.length === 1`); err != nil {
		t.Errorf("a tap on the embed's contour map dropped no ball: %v", err)
	}
}

// TestEmbedSandboxed: in an iframe with sandbox="allow-scripts" (an opaque
// origin, as WordPress embeds sites it does not trust) the figure starts
// from the built-in server, which lets any origin read its static files;
// from a server that does not (Go's bare file server), it says that the
// sandbox is the cause and what the lecturer can change, not that the
// connection failed.
func TestEmbedSandboxed(t *testing.T) {
	e := appEnv(t)
	for _, c := range []struct {
		name, url string
		starts    bool
	}{
		{"built-in server", e.appURL, true},
		{"server without Access-Control-Allow-Origin", e.plainURL, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.url + "?scene=5.2-gradient-descent&load=eager&panel=off"
			html := fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A WordPress page</title></head><body>
<h1>Notes</h1><iframe id="fig" sandbox="allow-scripts" src="%s" width="720" height="420" title="Downhill"></iframe></body></html>`, htmlAttr(src))
			em := openHost(t, e, 900, 600, html, c.url)
			if origin := eval[string](t, em.f, `self.origin`); origin != "null" {
				t.Fatalf("the sandboxed figure's origin is %q, want the opaque null", origin)
			}
			if c.starts {
				must(t, em.f.WaitReady())
				if s := eval[string](t, em.f, `downhill.state({balls: 0}).scene.name`); s != "5.2-gradient-descent" {
					t.Errorf("the sandboxed figure shows scene %q", s)
				}
				return
			}
			msg := loaderFailure(t, em.f)
			for _, want := range []string{"sandboxed iframe", "allow-same-origin", "Access-Control-Allow-Origin"} {
				if !strings.Contains(msg, want) {
					t.Errorf("the failure %q does not mention %q", msg, want)
				}
			}
			if strings.Contains(msg, "connection") {
				t.Errorf("the failure %q blames the connection", msg)
			}
		})
	}
}
