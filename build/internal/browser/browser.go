//go:build !js

// Package browser drives headless Chromium for Downhill's browser tests and
// benchmark: it finds and launches the browser with the flags measured in
// shared/notes/browser-and-wasm.md, opens pages at a given viewport, waits
// for the app, evaluates JavaScript into Go values, sends real mouse and key
// input (held long enough for ebiten's per-tick sampling), takes screenshots
// and collects console errors.
//
// Nothing here waits on wall-clock time to decide an outcome: waits end on a
// condition (downhill.ready, a frame count) and time out only as a safety net.
package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// ErrNotFound is returned by Find when no browser exists.
var ErrNotFound = errors.New("no Chromium found: install it (apt-get install chromium, or go run ./build test, which does) or set DOWNHILL_CHROMIUM to a Chromium or Chrome binary")

// Find returns the browser to use: $DOWNHILL_CHROMIUM when set, else
// Debian's /usr/bin/chromium, else a chromium or chrome on $PATH.
func Find() (string, error) {
	if p := os.Getenv("DOWNHILL_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("DOWNHILL_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Required reports whether DOWNHILL_BROWSER=required, which makes a missing
// browser a failure rather than a skip (the test command sets it).
func Required() bool { return os.Getenv("DOWNHILL_BROWSER") == "required" }

// Options configure Launch.
type Options struct {
	// Path is the browser binary; empty means Find.
	Path string
	// Flags are extra command-line flags (name without "--" to value;
	// false removes a default flag).
	Flags map[string]any
}

// Browser is one headless Chromium process with a fresh profile.
type Browser struct {
	ctx    context.Context // the browser's first tab; NewPage opens others
	cancel context.CancelFunc
	alloc  context.CancelFunc
	dir    string
}

// Flags returns the command-line flags Launch uses: headless, no sandbox (we
// may be root), WebGL2 through SwiftShader without a GPU, no background
// traffic, no throttling of a page nobody looks at.
func Flags() map[string]any {
	return map[string]any{
		"headless":                      true,
		"no-sandbox":                    true,
		"disable-gpu":                   true,
		"use-angle":                     "swiftshader",
		"enable-unsafe-swiftshader":     true,
		"disable-dev-shm-usage":         true,
		"disable-background-networking": true,
		"disable-component-update":      true,
		"disable-sync":                  true,
		"disable-quic":                  true,
		"no-first-run":                  true,
		"no-default-browser-check":      true,
		"disable-extensions":            true,
		"disable-default-apps":          true,
		"mute-audio":                    true,
		// A headless page is never focused or visible: keep its timers and
		// frames running at full rate.
		"disable-background-timer-throttling":    true,
		"disable-backgrounding-occluded-windows": true,
		"disable-renderer-backgrounding":         true,
	}
}

// Launch starts a browser with Flags and a fresh user-data-dir, removed by
// Close.
func Launch(ctx context.Context, o Options) (*Browser, error) {
	path := o.Path
	if path == "" {
		var err error
		if path, err = Find(); err != nil {
			return nil, err
		}
	}
	dir, err := os.MkdirTemp("", "downhill-chromium-")
	if err != nil {
		return nil, err
	}
	flags := Flags()
	for k, v := range o.Flags {
		flags[k] = v
	}
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(path), chromedp.UserDataDir(dir)}
	for k, v := range flags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &Browser{ctx: bctx, cancel: bcancel, alloc: acancel, dir: dir}
	// Start the process now, so a broken browser fails here.
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	return b, nil
}

// Version returns the browser's product name and version, e.g.
// "HeadlessChrome/156.0.7430.0".
func (b *Browser) Version() (string, error) {
	v, err := chromedp.CallBrowser(b.ctx, cdpbrowser.GetVersion, cdp.Empty{})
	if err != nil {
		return "", err
	}
	return v.Product, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	b.alloc()
	os.RemoveAll(b.dir)
}

// Page is one tab. Its methods are not safe for concurrent use (one tab runs
// one action at a time); pages of one browser may be used in parallel.
type Page struct {
	ctx    context.Context
	cancel context.CancelFunc
	// Scale is the devicePixelRatio the page emulates: screenshots have
	// Scale device pixels per CSS pixel.
	Scale float64
	// Width and Height are the viewport in CSS pixels.
	Width, Height int
	// Hold is how long a mouse button or key stays down, and the pause
	// between the moves of a drag: ebiten samples input once per tick
	// (1/60 s), so a shorter press can be missed entirely.
	Hold time.Duration
	// Timeout bounds WaitReady and WaitFor.
	Timeout time.Duration

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	buttons int64
}

// NewPage opens a tab with a viewport of w x h CSS pixels at
// devicePixelRatio scale (1 when 0), and starts collecting its console.
func (b *Browser) NewPage(w, h int, scale float64) (*Page, error) {
	if scale == 0 {
		scale = 1
	}
	ctx, cancel := chromedp.NewContext(b.ctx)
	p := &Page{ctx: ctx, cancel: cancel, Scale: scale, Width: w, Height: h, Hold: 100 * time.Millisecond, Timeout: 60 * time.Second}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h), chromedp.EmulateScale(scale))); err != nil {
		cancel()
		return nil, fmt.Errorf("opening a page: %w", err)
	}
	p.collectConsole()
	return p, nil
}

// Close closes the tab (for a Page of Frame: detaches from the iframe).
func (p *Page) Close() { p.cancel() }

// collectConsole keeps the console messages of p's target.
func (p *Page) collectConsole() {
	msgs := chromedp.Console(p.ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, m)
			p.mu.Unlock()
		}
	}()
}

// Frame returns a Page for the iframe of p whose URL starts with prefix,
// waiting (up to p.Timeout) for it to exist. The iframe must be of another
// site than p (Chromium then runs it in its own process, as its own target):
// the returned Page evaluates in the iframe's own JavaScript context. Input
// is still sent through p, at p's viewport coordinates: the browser routes
// it into the iframe. Close detaches without touching the iframe; closing p
// ends it too.
func (p *Page) Frame(prefix string) (*Page, error) {
	c := chromedp.FromContext(p.ctx)
	if c == nil || c.Target == nil {
		return nil, errors.New("Frame: the page has no target yet")
	}
	parent := c.Target.TargetID
	deadline := time.Now().Add(p.Timeout)
	for {
		infos, err := chromedp.Targets(p.ctx)
		if err != nil {
			return nil, err
		}
		for _, info := range infos {
			if info.Type != "iframe" || info.ParentID != parent || !strings.HasPrefix(info.URL, prefix) {
				continue
			}
			return p.attach(info.TargetID)
		}
		if time.Now().After(deadline) {
			var seen []string
			for _, info := range infos {
				seen = append(seen, info.Type+" "+info.URL)
			}
			return nil, fmt.Errorf("no iframe of %s starting with %s within %v (targets: %s)", parent, prefix, p.Timeout, strings.Join(seen, ", "))
		}
		if err := Sleep(p.ctx, 20*time.Millisecond); err != nil {
			return nil, err
		}
	}
}

func (p *Page) attach(id target.ID) (*Page, error) {
	ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(id), chromedp.WithDetachOnCancel())
	f := &Page{ctx: ctx, cancel: cancel, Scale: p.Scale, Width: p.Width, Height: p.Height, Hold: p.Hold, Timeout: p.Timeout}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("attaching to the iframe %s: %w", id, err)
	}
	f.collectConsole()
	return f, nil
}

// Context is the tab's chromedp context, for actions this package lacks.
func (p *Page) Context() context.Context { return p.ctx }

// Do runs chromedp actions on the page.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) error {
	return chromedp.Do(p.ctx, actions...)
}

// Navigate loads url and waits for its load event (not for the app).
func (p *Page) Navigate(url string) error {
	if err := chromedp.Do(p.ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("navigating to %s: %w", url, err)
	}
	return nil
}

// Load navigates to url and waits until Downhill is ready.
func (p *Page) Load(url string) error {
	if err := p.Navigate(url); err != nil {
		return err
	}
	return p.WaitReady()
}

// readyJS is truthy once the app is ready or the loader has failed.
const readyJS = `(window.downhillLoader && downhillLoader.phase === "failed") ? "failed: " + downhillLoader.error :
	(window.downhill && downhill.ready) ? "ready" : ""`

// WaitReady waits until window.downhill.ready is true. It fails at once,
// with the loader's message, if the loader reports a failure (no WebGL2, a
// download error, a Go panic).
func (p *Page) WaitReady() error {
	got, err := chromedp.Run(p.ctx, chromedp.Poll[string](readyJS,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(p.Timeout)))
	if err != nil {
		return fmt.Errorf("waiting for downhill.ready: %w%s", err, p.consoleTail())
	}
	if got != "ready" {
		return fmt.Errorf("the page did not start: %s%s", got, p.consoleTail())
	}
	return nil
}

// WaitFor polls the JavaScript expression until it is truthy.
func (p *Page) WaitFor(expr string) error {
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(p.Timeout)))
	if err != nil {
		return fmt.Errorf("waiting for %s: %w%s", expr, err, p.consoleTail())
	}
	return nil
}

// WaitFrames waits for n requestAnimationFrame callbacks: after it, the
// page has presented at least n-1 new frames.
func (p *Page) WaitFrames(n int) error {
	_, err := Eval[bool](p, fmt.Sprintf(`new Promise((done) => {
		let left = %d;
		const f = () => (--left <= 0) ? done(true) : requestAnimationFrame(f);
		requestAnimationFrame(f);
	})`, n))
	return err
}

// WaitTicks waits until downhill.state().ticks has advanced by n.
func (p *Page) WaitTicks(n int) error {
	start, err := Eval[int](p, `downhill.state().ticks`)
	if err != nil {
		return err
	}
	return p.WaitFor(fmt.Sprintf(`downhill.state().ticks >= %d`, start+n))
}

// Eval evaluates a JavaScript expression on p and decodes its value (JSON)
// into T; a promise is awaited. Use chromedp.Void to ignore the value.
func Eval[T any](p *Page, expr string) (T, error) {
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return v, fmt.Errorf("evaluating %s: %w", short(expr), err)
	}
	return v, nil
}

func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return s
}

// Point is a position in CSS pixels (clientX, clientY). Chromium delivers
// mouse events at whole CSS pixels: a fraction is dropped.
type Point struct{ X, Y float64 }

func (p *Page) mouse(typ input.DispatchMouseEventType, pt Point, button input.MouseButton, clicks int64) error {
	return chromedp.Do(p.ctx, chromedp.MouseEvent(typ, pt.X, pt.Y, func(e *input.DispatchMouseEventParams) {
		e.Button = button
		e.Buttons = p.buttons
		e.ClickCount = clicks
	}))
}

// MouseMove moves the mouse to pt, with the left button held if MouseDown
// pressed it.
func (p *Page) MouseMove(pt Point) error {
	button := input.MouseButtonNone
	if p.buttons != 0 {
		button = input.MouseButtonLeft
	}
	return p.mouse(chromedp.MouseMoved, pt, button, 0)
}

// MouseDown moves to pt and presses the left button.
func (p *Page) MouseDown(pt Point) error {
	if err := p.MouseMove(pt); err != nil {
		return err
	}
	p.buttons = 1
	return p.mouse(chromedp.MousePressed, pt, input.MouseButtonLeft, 1)
}

// MouseUp releases the left button at pt.
func (p *Page) MouseUp(pt Point) error {
	p.buttons = 0
	return p.mouse(chromedp.MouseReleased, pt, input.MouseButtonLeft, 1)
}

// Click presses the left button at pt, holds it for p.Hold, and releases.
func (p *Page) Click(pt Point) error {
	if err := p.MouseDown(pt); err != nil {
		return err
	}
	if err := Sleep(p.ctx, p.Hold); err != nil {
		return err
	}
	return p.MouseUp(pt)
}

// Drag presses at path[0], moves through the other points holding the
// button for p.Hold at each, and releases at the last.
func (p *Page) Drag(path ...Point) error {
	if len(path) < 2 {
		return errors.New("Drag needs at least two points")
	}
	if err := p.MouseDown(path[0]); err != nil {
		return err
	}
	for _, pt := range path[1:] {
		if err := Sleep(p.ctx, p.Hold); err != nil {
			return err
		}
		if err := p.MouseMove(pt); err != nil {
			return err
		}
	}
	if err := Sleep(p.ctx, p.Hold); err != nil {
		return err
	}
	return p.MouseUp(path[len(path)-1])
}

// Wheel scrolls the mouse wheel at pt by (dx, dy) CSS pixels (positive dy
// scrolls down). The page receives it asynchronously: wait on its effect.
func (p *Page) Wheel(pt Point, dx, dy float64) error { return p.WheelMod(pt, dx, dy, 0) }

// Modifier keys held with a wheel, key or touch event (CDP's bit field).
const (
	ModAlt   int64 = 1
	ModCtrl  int64 = 2
	ModMeta  int64 = 4
	ModShift int64 = 8
)

// WheelMod is Wheel with modifier keys held (ModCtrl: Ctrl + wheel).
func (p *Page) WheelMod(pt Point, dx, dy float64, modifiers int64) error {
	// Sent by hand: the typed params drop a zero delta, which the
	// protocol requires.
	return chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		return t.Call(ctx, "Input.dispatchMouseEvent", map[string]any{
			"type": "mouseWheel", "x": pt.X, "y": pt.Y, "deltaX": dx, "deltaY": dy, "modifiers": modifiers,
		}, nil)
	}))
}

// Touch sends one touch event: input.TouchStart and input.TouchMove with
// the fingers' positions (one TouchPoint each, with ids 0, 1, ...),
// ...TouchEnd with none.
func (p *Page) Touch(typ input.DispatchTouchEventType, fingers ...Point) error {
	pts := make([]*input.TouchPoint, len(fingers))
	for i, f := range fingers {
		id := float64(i)
		pts[i] = &input.TouchPoint{X: f.X, Y: f.Y, ID: &id}
	}
	_, err := chromedp.Call(p.ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
	return err
}

// Key presses one key, holds it for p.Hold and releases it. key is a
// character ("r", " ") or one of chromedp/kb's names (kb.ArrowLeft,
// kb.Escape, kb.Enter).
func (p *Page) Key(key string) error { return p.KeyMod(key, 0) }

// KeyMod is Key with modifier keys held (ModShift with kb.Tab: Shift+Tab).
func (p *Page) KeyMod(key string, modifiers int64) error {
	runes := []rune(key)
	if len(runes) != 1 {
		return fmt.Errorf("Key wants one key, got %q", key)
	}
	events := kb.Encode(runes[0])
	for _, e := range events {
		e.Modifiers = modifiers
		if e.Type == input.DispatchKeyEventTypeKeyUp {
			if err := Sleep(p.ctx, p.Hold); err != nil {
				return err
			}
		}
		if _, err := chromedp.Call(p.ctx, input.DispatchKeyEvent, *e); err != nil {
			return err
		}
	}
	return nil
}

// Screenshot captures the viewport. The image has p.Scale device pixels per
// CSS pixel.
func (p *Page) Screenshot() (image.Image, error) {
	data, err := p.ScreenshotPNG()
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(data))
}

// ScreenshotPNG captures the viewport as PNG bytes.
func (p *Page) ScreenshotPNG() ([]byte, error) {
	return chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
}

// Pixel returns the colour of img at the CSS position pt of a page with
// devicePixelRatio scale.
func Pixel(img image.Image, pt Point, scale float64) color.RGBA {
	x := int(pt.X * scale)
	y := int(pt.Y * scale)
	return color.RGBAModel.Convert(img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y)).(color.RGBA)
}

// ParseHex parses "#rrggbb".
func ParseHex(s string) (color.RGBA, error) {
	var c color.RGBA
	if len(s) != 7 || s[0] != '#' {
		return c, fmt.Errorf("colour %q is not #rrggbb", s)
	}
	if _, err := fmt.Sscanf(s[1:], "%02x%02x%02x", &c.R, &c.G, &c.B); err != nil {
		return c, fmt.Errorf("colour %q is not #rrggbb: %w", s, err)
	}
	c.A = 255
	return c, nil
}

// Near reports whether every channel of a and b differs by at most tol.
func Near(a, b color.RGBA, tol uint8) bool {
	d := func(x, y uint8) uint8 {
		if x > y {
			return x - y
		}
		return y - x
	}
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol && d(a.A, b.A) <= tol
}

// Console returns every console message so far.
func (p *Page) Console() []chromedp.ConsoleMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]chromedp.ConsoleMessage(nil), p.console...)
}

// harmless are console errors of the platform, not of Downhill.
var harmless = []string{
	"GPU stall due to ReadPixels",
	"favicon.ico",
	"Automatic fallback to software WebGL has been deprecated",
}

// ConsoleErrors returns the errors and uncaught exceptions the page logged,
// without the platform's harmless noise.
func (p *Page) ConsoleErrors() []string {
	var errs []string
	for _, m := range p.Console() {
		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}
		text := m.Text
		if m.URL != "" {
			text += " (" + m.URL + ")"
		}
		noise := false
		for _, h := range harmless {
			noise = noise || strings.Contains(text, h)
		}
		if !noise {
			errs = append(errs, m.String())
		}
	}
	return errs
}

// consoleTail formats the last console lines for an error message.
func (p *Page) consoleTail() string {
	msgs := p.Console()
	if len(msgs) == 0 {
		return ""
	}
	if len(msgs) > 15 {
		msgs = msgs[len(msgs)-15:]
	}
	var b strings.Builder
	b.WriteString("\nlast console messages:")
	for _, m := range msgs {
		b.WriteString("\n  " + m.String())
	}
	return b.String()
}

// AddScriptOnLoad makes the page run script before any of its own scripts
// on every later navigation (to simulate a missing browser feature, say).
func (p *Page) AddScriptOnLoad(script string) error {
	_, err := chromedp.Call(p.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	return err
}

// Sleep waits d, or until ctx ends (its error then).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// MemoryMB is the browser's memory: the resident set of its process and
// every process below it (renderers, the GPU process, utilities), summed,
// in MB, read from /proc (0 and an error where there is none). Shared
// pages count once per process, as the machine's own tools count them.
func (b *Browser) MemoryMB() (float64, error) {
	c := chromedp.FromContext(b.ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return 0, errors.New("MemoryMB: the browser's process is unknown")
	}
	root := c.Browser.Process().Pid
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	parent := map[int]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces and parentheses.
		s := string(stat)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			if f := strings.Fields(s[i+1:]); len(f) > 1 {
				if pp, err := strconv.Atoi(f[1]); err == nil {
					parent[pid] = pp
				}
			}
		}
	}
	under := func(pid int) bool {
		for n := 0; n < 64 && pid > 1; n++ {
			if pid == root {
				return true
			}
			pid = parent[pid]
		}
		return false
	}
	kb := 0
	for pid := range parent {
		if !under(pid) {
			continue
		}
		status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				if f := strings.Fields(v); len(f) > 0 {
					n, _ := strconv.Atoi(f[0])
					kb += n
				}
			}
		}
	}
	return float64(kb) / 1024, nil
}

// LifeJS, added to a host page before it loads, records each Downhill
// figure's lifecycle messages in window.life ({i, what}: the figure's
// index among the page's iframes and "ready", "sleep" or "lost"), the most
// figures live at once in window.maxLive, and gives lastOf(i), figure i's
// latest. The lecture page's test and the memory benchmark read them.
const LifeJS = `window.life = []; window.maxLive = 0;
addEventListener("message", (e) => {
	const i = [...document.querySelectorAll("iframe")].findIndex((f) => f.contentWindow === e.source);
	const m = e.data;
	if (m && (m.downhill === "ready" || m.downhill === "sleep" || m.downhill === "lost")) life.push({i, what: m.downhill});
});
window.liveNow = () => { const s = new Map(); for (const m of life) if (m.what !== "lost") s.set(m.i, m.what === "ready"); return [...s.values()].filter(Boolean).length; };
setInterval(() => { maxLive = Math.max(maxLive, liveNow()); }, 50);
window.lastOf = (i) => { for (let k = life.length - 1; k >= 0; k--) if (life[k].i === i) return life[k].what; return ""; };`
