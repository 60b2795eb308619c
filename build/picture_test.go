//go:build !js

package main

// Issue 19, "a picture before the engine": go run ./build draws every
// scene's first frame (build/internal/picture) into dist/pictures, and the
// page shows it before it asks for main.wasm. These tests check that each
// picture is there, that it is what the live scene shows (the views in the
// same rectangles, the same pixels within a tolerance, the same colours at
// the balls' starts), that it is painted before main.wasm is requested
// (standalone and in a load=visible embed), and what the accessibility tree
// and a browser without WebGL2 get.

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"downhill/build/internal/browser"
	"downhill/build/internal/picture"
	"downhill/build/internal/site"
	"downhill/game/sim"
	"downhill/game/view"
)

// distPicture reads dist/pictures/NAME.png of the test's build.
func distPicture(t *testing.T, e *testEnv, name string) image.Image {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(e.appDir, site.PictureDir, name+".png"))
	if err != nil {
		t.Fatalf("dist has no picture of %s: %v", name, err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("dist/pictures/%s.png: %v", name, err)
	}
	return img
}

// TestPictureFiles: every scene's picture and the default page's are in
// dist/, 720 x 420, listed in index.html with their alt texts, and every
// scene has a share page whose preview image is served.
func TestPictureFiles(t *testing.T) {
	e := appEnv(t)
	index, err := os.ReadFile(filepath.Join(e.appDir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	ps := site.Pictures()
	if len(ps) != len(sim.Scenes)+1 {
		t.Fatalf("%d pictures for %d scenes", len(ps), len(sim.Scenes))
	}
	var total int64
	for _, p := range ps {
		img := distPicture(t, e, p.Name)
		if img.Bounds().Dx() != picture.Width || img.Bounds().Dy() != picture.Height {
			t.Errorf("%s: %v, want %dx%d", p.Name, img.Bounds(), picture.Width, picture.Height)
		}
		fi, _ := os.Stat(filepath.Join(e.appDir, p.File))
		total += fi.Size()
		if !bytes.Contains(index, []byte(`data-scene="`+p.Scene+`"`)) {
			t.Errorf("index.html does not list the picture of %q", p.Scene)
		}
		if p.Scene == "" {
			continue
		}
		share, err := os.ReadFile(filepath.Join(e.appDir, site.ScenePage, p.Scene+".html"))
		if err != nil {
			t.Errorf("no share page for %s: %v", p.Scene, err)
			continue
		}
		if !bytes.Contains(share, []byte(`<meta property="og:image" content="../pictures/`+p.Scene+`.png">`)) {
			t.Errorf("the share page of %s names no og:image of its picture", p.Scene)
		}
	}
	t.Logf("%d pictures, %d bytes together", len(ps), total)

	// Served: a share page, its picture, and the default page's og:image.
	pg := newPage(t, e, 800, 600, 1)
	must(t, pg.Navigate(e.appURL+"?load=click"))
	got := eval[[]string](t, pg, `(async () => {
		const parse = async (url) => new DOMParser().parseFromString(await fetch(url).then((r) => r.text()), "text/html");
		const og = (doc, base) => new URL(doc.querySelector('meta[property="og:image"]').getAttribute("content"), base);
		const shareURL = new URL("`+site.ScenePage+"/"+sim.Scenes[3].Name+`.html", location.href);
		const a = await fetch(og(await parse(shareURL), shareURL));
		const b = await fetch(og(await parse(location.href), location.href));
		return [String(a.status), a.headers.get("Content-Type"), String(b.status), b.headers.get("Content-Type")];
	})()`)
	if !slices.Equal(got, []string{"200", "image/png", "200", "image/png"}) {
		t.Errorf("the share page's og:image and index.html's answered %v, want 200 image/png twice", got)
	}
}

// liveLayout is what downhill.layout() says of the views (CSS pixels).
type liveLayout struct {
	Width, Height                            float64
	Surface, Contour, ContourPlot, Loss, Fit rect
	LossPlot, FitPlot                        rect
	Maps                                     []rect
}

// TestPictureIsWhatTheSceneShows: every scene, live at 720 x 420 (the page
// sized so that the canvas under the band is exactly that), against its
// picture in dist/: the same views' rectangles, pixels within a tolerance
// (the mean difference is logged), and the same colours at the balls'
// starts on the contour map.
// Its load of each scene also holds scene=NAME to opening that scene
// directly, without the tour, with nothing in its set-up refused.
func TestPictureIsWhatTheSceneShows(t *testing.T) {
	e := appEnv(t)
	p := newPage(t, e, picture.Width, picture.Height, 1)
	type row struct {
		name        string
		mean, over  float64
		startsWorst float64
		mapScene    bool
	}
	var rows []row
	for _, ps := range site.Pictures() {
		// Embedded with panel=off as the picture, paused so that the
		// balls stay at their starts (a paused world at step 0 draws
		// as a running one: the step view shows only a step taken).
		q := ps.Query
		if q == "" {
			q = "panel=off"
		}
		q += "&embed=1&paused=1"
		must(t, p.Do(chromedp.EmulateViewport(int64(picture.Width), int64(picture.Height))))
		must(t, p.Load(e.appURL+"?"+q))
		if ps.Scene != "" {
			// scene=NAME opens that scene directly, without the tour, and
			// nothing in its set-up is refused (this load serves both).
			i := slices.IndexFunc(sim.Scenes, func(sc sim.Scene) bool { return sc.Name == ps.Scene })
			s := eval[sceneState](t, p, `downhill.state({balls: 0, last: false})`)
			surface, enabled := expectedScene(t, i)
			if s.Scene == nil || s.Scene.Name != ps.Scene || s.Tour || s.Surface != surface || strings.Join(s.Enabled, ",") != strings.Join(enabled, ",") {
				t.Errorf("scene=%s: %+v tour %v surface %q %v", ps.Scene, s.Scene, s.Tour, s.Surface, s.Enabled)
			}
			if msg := eval[string](t, p, `document.getElementById("downhill-error").textContent`); msg != "" {
				t.Errorf("scene=%s: refused %q", ps.Scene, msg)
			}
		}
		// The band under the pictures takes part of the frame: grow the
		// page until the canvas, and the engine's layout, are the
		// picture's size, for 20 frames in a row.
		h := picture.Height
		size := func() [4]float64 {
			return eval[[4]float64](t, p, `(() => { const r = document.querySelector("canvas").getBoundingClientRect(), l = downhill.layout(); return [r.width, r.height, l.width, l.height]; })()`)
		}
		want := [4]float64{picture.Width, picture.Height, picture.Width, picture.Height}
		var got [4]float64
		var shot image.Image
		var live liveLayout
		ok := false
		// The band may refit late (when the page first reads the
		// engine's views): the size is checked again after the shot.
		for try := 0; try < 10 && !ok; try++ {
			must(t, p.WaitFrames(20))
			if got = size(); got != want {
				h += picture.Height - int(got[1])
				must(t, p.Do(chromedp.EmulateViewport(int64(picture.Width), int64(h))))
				continue
			}
			must(t, p.WaitFrames(30))
			var err error
			shot, err = p.Screenshot()
			must(t, err)
			must(t, json.Unmarshal([]byte(eval[string](t, p, `JSON.stringify(downhill.layout())`)), &live))
			got = size()
			ok = got == want && live.Width == picture.Width && live.Height == picture.Height
		}
		if !ok {
			t.Errorf("%s: the canvas is %vx%v and the layout %vx%v, not the picture's %dx%d", ps.Name, got[0], got[1], got[2], got[3], picture.Width, picture.Height)
			continue
		}
		pic := distPicture(t, e, ps.Name)

		// The views' rectangles: the engine's layout and the picture's.
		wd, errs := sim.NewFromQuery(ps.Query, picture.Seed)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		_, sc := picture.DrawScene(wd, picture.Width, picture.Height, 1)
		l := sc.Layout()
		for _, v := range []struct {
			name string
			live rect
			ours view.Rect
		}{
			{"3d", live.Surface, l.Surface}, {"contour", live.Contour, l.Contour}, {"contour plot", live.ContourPlot, l.ContourPlot},
			{"loss", live.Loss, l.Loss}, {"loss plot", live.LossPlot, l.LossPlot}, {"fit", live.Fit, l.Fit}, {"fit plot", live.FitPlot, l.FitPlot},
		} {
			if math.Abs(v.live.X-v.ours.X) > 0.01 || math.Abs(v.live.Y-v.ours.Y) > 0.01 || math.Abs(v.live.W-v.ours.W) > 0.01 || math.Abs(v.live.H-v.ours.H) > 0.01 {
				t.Errorf("%s: the %s view is at %+v live, at %+v in the picture", ps.Name, v.name, v.live, v.ours)
			}
		}

		// A convergence map fills in over its first seconds while the
		// picture has its first frame (the panels' frames, "computing"):
		// its panel is left out of the comparison.
		var setup string
		for _, s := range sim.Scenes {
			if s.Name == ps.Scene {
				setup = s.Setup
			}
		}
		mapScene := strings.Contains(setup, "mode=map")
		// Pixels: the mean difference per channel, and the share of
		// pixels more than 48 levels off in some channel.
		var sum float64
		over, n := 0, 0
		for y := 0; y < picture.Height; y++ {
			for x := 0; x < picture.Width; x++ {
				if mapScene && l.Contour.Contains(float64(x)+0.5, float64(y)+0.5) {
					continue
				}
				n++
				a := browser.Pixel(shot, browser.Point{X: float64(x), Y: float64(y)}, 1)
				r, g, b, _ := pic.At(x, y).RGBA()
				d := []float64{math.Abs(float64(a.R) - float64(r>>8)), math.Abs(float64(a.G) - float64(g>>8)), math.Abs(float64(a.B) - float64(b>>8))}
				sum += d[0] + d[1] + d[2]
				if slices.Max(d) > 48 {
					over++
				}
			}
		}
		if n == 0 {
			t.Logf("%-30s the map is the whole figure: not compared", ps.Name)
			continue
		}
		rw := row{name: ps.Name, mean: sum / float64(n) / 3, over: float64(over) / float64(n), mapScene: mapScene}

		// The colours at the balls' starts on the contour map (a 5 x 5
		// block's mean: the ball sprite and its ring).
		for _, b := range wd.Balls {
			if l.ContourPlot.W <= 0 || mapScene {
				break
			}
			x, y := sc.ToContour(b.Start[0], b.Start[1])
			if !l.ContourPlot.Contains(x, y) {
				continue
			}
			var d float64
			for k := 0; k < 3; k++ {
				var sa, sb float64
				for j := -2; j <= 2; j++ {
					for i := -2; i <= 2; i++ {
						a := browser.Pixel(shot, browser.Point{X: x + float64(i), Y: y + float64(j)}, 1)
						r, g, bb, _ := pic.At(int(x)+i, int(y)+j).RGBA()
						sa += float64([]uint8{a.R, a.G, a.B}[k])
						sb += float64([]uint32{r >> 8, g >> 8, bb >> 8}[k])
					}
				}
				d = math.Max(d, math.Abs(sa-sb)/25)
			}
			rw.startsWorst = math.Max(rw.startsWorst, d)
		}
		rows = append(rows, rw)
		// Scenes whose first frame depends on the page's random seed (a
		// random search's points, the quiz's choices) are measured, not
		// held to the tolerance.
		if strings.Contains(setup, "search=") || strings.Contains(setup, "mode=quiz") {
			continue
		}
		if rw.mean > pictureMeanTolerance {
			t.Errorf("%s: the picture is %.2f levels from the live scene on average, want at most %v", ps.Name, rw.mean, pictureMeanTolerance)
			writeDiff(t, ps.Name, shot, pic)
		}
		if rw.over > 0.01 {
			t.Errorf("%s: %.1f%% of the pixels differ by more than 48 levels, want at most 1%%", ps.Name, 100*rw.over)
			writeDiff(t, ps.Name, shot, pic)
		}
		if rw.startsWorst > 12 {
			t.Errorf("%s: at a ball's start the picture's colour is %.1f levels from the live scene's, want at most 12", ps.Name, rw.startsWorst)
		}
	}
	var means []float64
	for _, r := range rows {
		note := ""
		if r.mapScene {
			note = " (outside the map's panel)"
		}
		t.Logf("%-30s mean difference %.2f levels, %.2f%% of pixels off by more than 48, worst start %.1f levels%s", r.name, r.mean, 100*r.over, r.startsWorst, note)
		means = append(means, r.mean)
	}
	slices.Sort(means)
	if len(means) > 0 {
		t.Logf("mean difference over %d pictures: median %.2f, largest %.2f levels (of 255)", len(means), means[len(means)/2], means[len(means)-1])
	}
}

// pictureMeanTolerance is how far, on average per channel, a picture may be
// from the live scene: the software painter follows ebiten's rules, but
// the GPU (SwiftShader here) rounds its sub-pixel positions and blends in
// its own precision.
const pictureMeanTolerance = 1.5

// writeDiff keeps the live screenshot and the picture of a failing scene
// in the test's log directory (DOWNHILL_PICTURE_DIFF=dir), for a look.
func writeDiff(t *testing.T, name string, live, pic image.Image) {
	dir := os.Getenv("DOWNHILL_PICTURE_DIFF")
	if dir == "" {
		return
	}
	for k, img := range map[string]image.Image{"live": live, "picture": pic} {
		var b bytes.Buffer
		if png.Encode(&b, img) == nil {
			os.WriteFile(filepath.Join(dir, name+"-"+k+".png"), b.Bytes(), 0o644)
		}
	}
}

// pictureTimes are the moments (ms since the document's navigation) the
// page itself records: the picture painted (Element Timing's renderTime,
// and picture.js's shownAt after it) and main.wasm asked for (Resource
// Timing, and the loader's own note of its fetch).
type pictureTimes struct {
	Src              string
	Render, Shown    float64
	PictureStart     float64
	WasmStart, Fetch float64
}

const pictureTimesJS = `new Promise((done) => {
	const res = (part) => performance.getEntriesByType("resource").find((r) => r.name.includes(part));
	new PerformanceObserver((list, obs) => {
		const el = list.getEntries().find((e) => e.identifier === "picture");
		if (!el) return;
		obs.disconnect();
		const pic = res("/pictures/"), wasm = res("main.wasm");
		done({src: downhillPicture.src, render: el.renderTime || el.loadTime, shown: downhillPicture.shownAt,
			pictureStart: pic ? pic.startTime : -1, wasmStart: wasm ? wasm.startTime : -1, fetch: downhillLoader.times.fetch});
	}).observe({type: "element", buffered: true});
})`

// TestPictureBeforeWasm: the picture is requested and painted before
// main.wasm is requested, standalone (checked in the CDP network log and
// by the page's own timings) and in a load=visible embed.
func TestPictureBeforeWasm(t *testing.T) {
	e := appEnv(t)
	const scene = "5.4-momentum-valley"
	t.Run("standalone", func(t *testing.T) {
		p := newPage(t, e, 1280, 720, 1)
		var mu sync.Mutex
		sent := map[string]float64{}
		chromedp.Listen(p.Context(), func(ev any) {
			if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Request != nil {
				mu.Lock()
				for _, part := range []string{"/pictures/", "/main.wasm"} {
					if _, seen := sent[part]; !seen && strings.Contains(r.Request.URL, part) {
						sent[part] = r.Timestamp.Float64()
					}
				}
				mu.Unlock()
			}
		})
		_, err := chromedp.Call(p.Context(), network.Enable, network.EnableParams{})
		must(t, err)
		must(t, p.Load(e.appURL+"?scene="+scene))
		tm := eval[pictureTimes](t, p, pictureTimesJS)
		mu.Lock()
		pic, okp := sent["/pictures/"]
		wasm, okw := sent["/main.wasm"]
		mu.Unlock()
		if !okp || !okw {
			t.Fatalf("the network log lacks the picture's request (%v) or main.wasm's (%v)", okp, okw)
		}
		t.Logf("standalone: network log: the picture asked %.0f ms before main.wasm", (wasm-pic)*1000)
		checkPictureTimes(t, tm, scene)
		t.Logf("standalone: ready at %.0f ms", eval[float64](t, p, `downhillLoader.readyAt`))
		if wasm <= pic {
			t.Errorf("network log: main.wasm was asked for %.0f ms before the picture", (pic-wasm)*1000)
		}
	})
	t.Run("without a picture", func(t *testing.T) {
		// The same page with a setting the picture does not show (the
		// views named): no picture, no wait; what the wait costs.
		p := newPage(t, e, 1280, 720, 1)
		must(t, p.Load(e.appURL+"?scene="+scene+"&views=contour,3d,loss"))
		got := eval[[3]float64](t, p, `[downhillPicture.src ? 1 : 0, downhillLoader.times.fetch, downhillLoader.readyAt]`)
		if got[0] != 0 {
			t.Error("a page with views= showed the scene's picture")
		}
		t.Logf("without a picture: main.wasm fetched at %.0f ms, ready at %.0f ms", got[1], got[2])
	})
	t.Run("embedded load=visible", func(t *testing.T) {
		em := openHost(t, e, 1000, 700, hostHTML(e, hostOpts{query: "scene=" + scene + "&panel=off", width: 720, height: 420, above: 40}), "")
		must(t, em.f.WaitReady())
		checkPictureTimes(t, eval[pictureTimes](t, em.f, pictureTimesJS), scene)
	})
}

func checkPictureTimes(t *testing.T, tm pictureTimes, scene string) {
	t.Helper()
	t.Logf("picture %s: asked at %.0f ms, painted at %.0f ms (shown %.0f); main.wasm fetched at %.0f ms, asked at %.0f ms",
		tm.Src, tm.PictureStart, tm.Render, tm.Shown, tm.Fetch, tm.WasmStart)
	if !strings.HasSuffix(tm.Src, "/pictures/"+scene+".png") {
		t.Errorf("the page showed %q, want the picture of %s", tm.Src, scene)
	}
	if tm.Render <= 0 || tm.WasmStart <= 0 {
		t.Fatalf("no paint of the picture (%v) or no request of main.wasm (%v)", tm.Render, tm.WasmStart)
	}
	if tm.Render >= tm.WasmStart {
		t.Errorf("the picture was painted at %.0f ms, after main.wasm was asked for at %.0f ms", tm.Render, tm.WasmStart)
	}
}

// TestPictureAccessibleAndWithoutWebGL2: before the engine runs the
// picture is one image named by its alt text (the scene's title and first
// sentence); once the figure is live it is gone from the accessibility
// tree, which has the canvas instead. Without WebGL2 the picture stays,
// beside the message, and nothing is downloaded.
func TestPictureAccessibleAndWithoutWebGL2(t *testing.T) {
	e := appEnv(t)
	sc := sim.Scenes[2]
	var alt string
	for _, ps := range site.Pictures() {
		if ps.Scene == sc.Name {
			alt = ps.Alt
		}
	}
	images := func(p *browser.Page) []string {
		res, err := chromedp.Call(p.Context(), accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		must(t, err)
		var names []string
		for _, n := range res.Nodes {
			if n.Ignored || n.Role == nil || n.Name == nil {
				continue
			}
			var role, name string
			json.Unmarshal(n.Role.Value, &role)
			json.Unmarshal(n.Name.Value, &name)
			if role == "image" || role == "img" {
				names = append(names, name)
			}
		}
		return names
	}
	p := newPage(t, e, 720, 420, 1)
	must(t, p.Navigate(e.appURL+"?scene="+sc.Name+"&panel=off&load=click"))
	must(t, p.WaitFor(`!document.getElementById("loader-run").hidden && document.getElementById("picture").complete`))
	if got := images(p); !slices.Equal(got, []string{alt}) {
		t.Errorf("before Run, the accessibility tree's images are %q, want the picture's alt %q", got, alt)
	}
	must(t, p.Click(elementCentre(t, p, "#loader-run")))
	must(t, p.WaitReady())
	must(t, p.WaitFrames(5))
	if got := images(p); len(got) != 0 {
		t.Errorf("live, the accessibility tree still has images %q", got)
	}
	if !strings.Contains(axNames(t, p), "Downhill") || !eval[bool](t, p, `document.getElementById("picture").hidden`) {
		t.Error("live, the picture is not hidden or the canvas is not in the accessibility tree")
	}

	// No WebGL2: the message, with the picture beside it, and no download.
	w := newPage(t, e, 720, 420, 1)
	must(t, w.AddScriptOnLoad(`(() => {
		const getContext = HTMLCanvasElement.prototype.getContext;
		HTMLCanvasElement.prototype.getContext = function (type, attrs) {
			return type === "webgl2" ? null : getContext.call(this, type, attrs);
		};
	})()`))
	before := e.requests("/downhill/main.wasm")
	must(t, w.Navigate(e.appURL+"?scene="+sc.Name))
	text := loaderFailure(t, w)
	if !strings.Contains(text, "needs WebGL2") {
		t.Errorf("the message %q does not say WebGL2 is needed", text)
	}
	shown := eval[[]float64](t, w, `(() => {
		const img = document.getElementById("picture"), r = img.getBoundingClientRect();
		const l = document.getElementById("loader").getBoundingClientRect();
		return [img.hidden ? 0 : 1, img.naturalWidth, r.width, r.height, l.top];
	})()`)
	if shown[0] != 1 || shown[1] != picture.Width || shown[2] < 700 || shown[3] < 400 {
		t.Errorf("without WebGL2 the picture is not shown whole: hidden=%v natural width %v, shown %vx%v", shown[0] == 0, shown[1], shown[2], shown[3])
	}
	if bg := eval[string](t, w, `getComputedStyle(document.getElementById("loader")).backgroundColor`); bg != "rgb(92, 26, 20)" {
		t.Errorf("the message's box is %s over the picture, want the error's red rgb(92, 26, 20)", bg)
	}
	if shown[4] < 420/2 {
		t.Errorf("the message's box starts at %v px, over the picture's middle (want it at the foot)", shown[4])
	}
	if n := e.requests("/downhill/main.wasm") - before; n != 0 {
		t.Errorf("without WebGL2 main.wasm was downloaded %d times", n)
	}
}

// TestPictureWhileWaking: a figure woken from sleep shows its own last
// frame when it carried one (loader.js), else its scene's picture, until
// its engine is live again.
func TestPictureWhileWaking(t *testing.T) {
	e := appEnv(t)
	sc := sim.Scenes[4]
	p := newPage(t, e, 720, 420, 1)
	// What shows once the page's scripts have run (deferred scripts run
	// before DOMContentLoaded), long before the engine is live.
	must(t, p.AddScriptOnLoad(`document.addEventListener("DOMContentLoaded", () => {
		const own = document.getElementById("sleep-picture"), pic = document.getElementById("picture");
		window.seenAtStart = [!pic.hidden && pic.src, !own.hidden, !!(window.downhill && downhill.ready)];
	});`))
	for _, c := range []struct {
		name, picture string
		want          [2]bool // scene picture shown, own last frame shown
	}{
		{"no last frame", "", [2]bool{true, false}},
		{"its last frame", "favicon.svg", [2]bool{false, true}},
	} {
		// The state a figure leaves when it goes to sleep (guest.js),
		// with a world the engine refuses (it starts anyway, later).
		must(t, p.Navigate(e.appURL+"?scene="+sc.Name+"&panel=off&load=click"))
		eval[bool](t, p, `history.replaceState({downhill: {reason: "sleep", snapshot: new Uint8Array([1, 2, 3]), picture: "`+c.picture+`"}}, ""), true`)
		must(t, p.Do(chromedp.Reload()))
		got := eval[[3]any](t, p, `[seenAtStart[0] !== false && seenAtStart[0].endsWith("/pictures/`+sc.Name+`.png"), seenAtStart[1], seenAtStart[2]]`)
		if got[2] == true {
			t.Fatalf("%s: the engine was live when the page's scripts had just run", c.name)
		}
		if got[0] != c.want[0] || got[1] != c.want[1] {
			t.Errorf("%s: scene picture shown %v, own last frame shown %v; want %v", c.name, got[0], got[1], c.want)
		}
		must(t, p.WaitReady())
		if !eval[bool](t, p, `document.getElementById("picture").hidden && document.getElementById("sleep-picture").hidden`) {
			t.Errorf("%s: live, a picture still covers the canvas", c.name)
		}
	}
}
