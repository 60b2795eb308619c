//go:build !js

// Command bench is Downhill's browser benchmark (issues 6 and 13), run as
// go run ./build bench. It is not part of the test command.
//
// In one run it builds dist/ and three baseline pages, serves them on
// 127.0.0.1 (cross-origin isolated, so that performance.now() and the
// in-wasm timings have 5 µs resolution), drives headless Chromium (the
// test flags) at a fixed viewport (-width x -height, devicePixelRatio 1)
// and measures, for every scenario (scenarios.go), median of -runs runs of
// -duration each after -warmup:
//   - the browser's frame rate (requestAnimationFrame callbacks) and the
//     frames the game presented (Downhill: downhill.perf(); the bare
//     pages: their Draw calls), each as a ratio to the raw WebGL2 page's
//     frame rate in the same run, and the p95 and longest frame interval;
//   - for Downhill, CPU ms per Update, Draw and DrawFinalScreen inside the
//     wasm (median and p95, downhill.resetPerf at the window's start), and
//     the Go heap allocations per drawn frame in the window;
//
// The scenarios: Downhill idle; N fresh balls at the default speed (the
// recipe of the comparison with the other optimizer demos, N = 1 to 500);
// a course page with four embeds, one in view, against one with a single
// embed; and 100, 500, 2,000 balls with 1,000-point trails, the camera
// still or turning.
//
// Then the wasm heap over 20,000 steps of 500 rolling balls (after a GC at
// both ends, and before any ball), the idle heap of the default page and
// of one embed, the wasm sizes (raw, gzip, brotli) and which encoding the
// page downloads, the time from navigation to downhill.ready and to the
// first contentful paint (cold and warm browser, median of -ready-runs),
// and the Go benchmarks (optim,
// surfaces, game/sim, game/view, and build/bench/frame natively and as
// js/wasm under node). It prints a table with issue 13's targets, PASS or
// MISS, and writes the same numbers as JSON (-json).
//
// With -profile it also measures where the frame time goes (profile.go):
// CPU per browser process, a Chrome trace's busiest threads, the same
// scenes with parts of the drawing switched off (the probe page,
// build/bench/probe), downhill.state()'s cost, and an in-wasm heap profile.
//
// The baselines:
//   - webgl2: a raw WebGL2 page clearing a full-viewport canvas each frame
//     (the platform's limit);
//   - ebiten-default: a bare Ebiten page with default settings
//     (build/bench/ebiten-default);
//   - ebiten-tuned: the same with Downhill's settings: a FinalScreenDrawer
//     copying with BlendCopy, SetScreenClearedEveryFrame(false) and a WebGL2
//     context without antialias (build/bench/ebiten-tuned).
package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"downhill/build/internal/browser"
	"downhill/build/internal/site"
)

//go:embed pages
var pages embed.FS

type config struct {
	duration time.Duration
	warmup   time.Duration
	runs     int
	readyN   int
	width    int
	height   int
	only     *regexp.Regexp
	jsonOut  string
	goBench  bool
	// benchtime is go test's -benchtime; heap runs the heap measurement.
	benchtime string
	heap      bool
	// profile builds the probe page (build/bench/probe) and runs the
	// profiling pass (profile.go) after the measurements.
	profile     bool
	profileOnly *regexp.Regexp
	// against is another Downhill dist/ (an older commit's) measured with
	// the same scenarios in the same run, for a side-by-side comparison.
	against string
}

func main() {
	var c config
	var only, profileOnly string
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "how long each frame-rate measurement counts frames")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "time after setup before counting")
	flag.IntVar(&c.runs, "runs", 3, "runs per scenario (the table gives the median)")
	flag.IntVar(&c.readyN, "ready-runs", 5, "navigations per time-to-ready figure (0 skips it)")
	flag.IntVar(&c.width, "width", 1280, "viewport width in CSS pixels (devicePixelRatio 1)")
	flag.IntVar(&c.height, "height", 720, "viewport height in CSS pixels")
	flag.StringVar(&only, "only", "", "run only the scenarios whose names match this regexp (webgl2 always runs: it is the reference)")
	flag.StringVar(&c.jsonOut, "json", "dist/bench.json", "write the results as JSON to this `file` (relative to the repository root; empty: none)")
	flag.BoolVar(&c.goBench, "gobench", true, "also run the Go benchmarks (optim, surfaces, game/sim, game/view, build/bench/frame)")
	flag.StringVar(&c.benchtime, "benchtime", "200ms", "go test -benchtime for the Go benchmarks")
	flag.BoolVar(&c.profile, "profile", false, "also profile where the frame time goes (Chrome trace, in-wasm heap profile, parts switched off) with the probe page")
	flag.StringVar(&profileOnly, "profile-only", "", "profile only the cases whose names match this regexp")
	flag.StringVar(&c.against, "against", "", "another Downhill dist/ `dir` (e.g. an older commit's: git worktree add /tmp/old <rev> && cd /tmp/old && go run ./build build) measured with the same scenarios in the same run")
	flag.BoolVar(&c.heap, "heap", true, "also measure the wasm heap over 20,000 steps of 500 balls (-only filters it as \"heap\")")
	flag.Parse()
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -only:", err)
			os.Exit(2)
		}
		c.only = re
	}
	if profileOnly != "" {
		re, err := regexp.Compile(profileOnly)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -profile-only:", err)
			os.Exit(2)
		}
		c.profileOnly = re
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// Report is everything one run measured; it is also the JSON written.
type Report struct {
	Time    time.Time `json:"time"`
	Browser string    `json:"browser"`
	// CPU is the processor's model name (/proc/cpuinfo), CPUs the cores
	// the Go runtime sees.
	CPU      string `json:"cpu"`
	CPUs     int    `json:"cpus"`
	Viewport string `json:"viewport"`
	// Load is /proc/loadavg's 1-minute average before and after the
	// frame-rate runs, and at the end; LoadRuns at the start of each
	// frame-rate run. Other work on the machine lowers every figure.
	Load     [3]float64 `json:"load"`
	LoadRuns []float64  `json:"load_runs"`
	Duration string     `json:"duration"`
	Runs     int        `json:"runs"`
	// Scenarios in table order; Reference is webgl2's median FPS.
	Scenarios []*Result `json:"scenarios"`
	Reference float64   `json:"reference_fps"`
	Sizes     []Size    `json:"sizes"`
	// Served is how the page fetched Downhill's main.wasm.
	Served *Served     `json:"served,omitempty"`
	Ready  []ReadyTime `json:"ready,omitempty"`
	Heap   *Heap       `json:"heap,omitempty"`
	// Idle is the Go heap (live after GC) of pages left alone: the default
	// page standalone, and one embed on a course page.
	Idle []IdleHeap `json:"idle_heap,omitempty"`
	// Memory is the browser's memory for pages of many figures.
	Memory  *Memory       `json:"memory,omitempty"`
	GoBench []GoBenchmark `json:"go_benchmarks,omitempty"`
	// Profile is the profiling pass's findings (-profile).
	Profile *Profile `json:"profile,omitempty"`
	// Targets are issue 13's (and earlier ones), each with what was measured.
	Targets []Target       `json:"targets"`
	Notes   []string       `json:"notes,omitempty"`
	Extra   map[string]any `json:"extra,omitempty"`
}

// Result is one scenario's numbers.
type Result struct {
	Name  string `json:"name"`
	Balls int    `json:"balls,omitempty"`
	Spin  bool   `json:"spin,omitempty"`
	Fresh bool   `json:"fresh,omitempty"`
	// FPS is the median over runs of requestAnimationFrame callbacks per
	// second; GameFPS of the frames the game presented per second (the
	// baselines: drew; 0: not known). Ratio and GameRatio are their ratios
	// to webgl2's FPS in the same run.
	FPS       float64   `json:"fps"`
	Ratio     float64   `json:"ratio"`
	GameFPS   float64   `json:"game_fps,omitempty"`
	GameRatio float64   `json:"game_ratio,omitempty"`
	RunsFPS   []float64 `json:"runs_fps"`
	RunsGame  []float64 `json:"runs_game_fps,omitempty"`
	// Canvas is the page's (largest) canvas in device pixels: Downhill's
	// control panel takes part of the viewport.
	Canvas string `json:"canvas,omitempty"`
	// Metrics are further measurements, median over runs: for Downhill
	// drawn_fps (Draw calls a second), update/draw/final_med/p95_ms
	// (downhill.perf(): CPU ms inside the wasm per Update, Draw and
	// DrawFinalScreen), mallocs_per_frame (heap allocations in the
	// window per drawn frame), gc_per_s, rolling (balls still rolling at
	// the end) and trail (the longest trail's points at the end).
	Metrics map[string]float64 `json:"metrics,omitempty"`
	Error   string             `json:"error,omitempty"`

	metrics map[string][]float64
}

// Size is one wasm's size in bytes.
type Size struct {
	Name   string `json:"name"`
	Raw    int64  `json:"raw"`
	Gzip   int64  `json:"gzip"`
	Brotli int64  `json:"brotli"`
}

// ReadyTime is the time from navigation to ready, in milliseconds.
type ReadyTime struct {
	Name   string    `json:"name"`
	Median float64   `json:"median_ms"`
	Runs   []float64 `json:"runs_ms"`
	// Paint is the first contentful paint (the loading bar or the poster,
	// before the wasm runs), median and runs, in ms since navigation.
	Paint     float64   `json:"first_paint_median_ms"`
	PaintRuns []float64 `json:"first_paint_runs_ms"`
	// Phases are the medians of when the loader's phases ended
	// (downhillLoader.times: fetch asked, response, compiled, instantiated,
	// Go started), ms since navigation: where the time to ready goes.
	Phases    map[string]float64 `json:"phases_median_ms,omitempty"`
	phaseRuns map[string][]float64
	// Start is the time from the instance to ready (the Go program's
	// start and the first frame), median and runs, in ms.
	Start     float64   `json:"start_median_ms"`
	StartRuns []float64 `json:"start_runs_ms"`
	// Longest is the longest main-thread task from the navigation to half
	// a second after ready (the page's own start when ready included),
	// median and runs, in ms.
	Longest     float64   `json:"longest_task_median_ms"`
	LongestRuns []float64 `json:"longest_task_runs_ms"`
	Error       string    `json:"error,omitempty"`
}

// IdleHeap is the Go heap of a page left alone for a few seconds.
type IdleHeap struct {
	Name  string  `json:"name"`
	Alloc float64 `json:"heap_alloc"`
	Sys   float64 `json:"heap_sys"`
	Error string  `json:"error,omitempty"`
}

// GoBenchmark is one line of go test -bench.
type GoBenchmark struct {
	Name        string  `json:"name"`
	NsPerOp     float64 `json:"ns_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
	// Metrics are the benchmark's own units (e.g. verts/frame).
	Metrics map[string]float64 `json:"metrics,omitempty"`
}

// env is what a scenario runs against.
type env struct {
	cfg     config
	browser *browser.Browser
	base    string // http://127.0.0.1:port
	// appErr says why Downhill's dist/ could not be built (nil: it was).
	appErr error
}

func run(ctx context.Context, c config) error {
	root, err := site.ModuleRoot()
	if err != nil {
		return err
	}
	if err := os.Chdir(root); err != nil {
		return err
	}
	rep := &Report{Time: time.Now().UTC().Truncate(time.Second), CPU: cpuModel(), CPUs: runtime.NumCPU(),
		Viewport: fmt.Sprintf("%dx%d DPR 1", c.width, c.height), Duration: c.duration.String(), Runs: c.runs}
	e := &env{cfg: c}

	// Downhill's dist/ and the baselines, built in the same run.
	log := os.Stderr
	fmt.Fprintln(log, "building dist/ ...")
	app, err := site.Build(ctx, site.Options{Root: root, Log: log})
	if err != nil {
		e.appErr = err
		rep.Notes = append(rep.Notes, "Downhill not measured: "+firstLine(err.Error()))
		fmt.Fprintf(log, "Downhill's wasm did not build; measuring the baselines only:\n%v\n", err)
	} else {
		rep.Sizes = append(rep.Sizes, Size{"downhill", app.Raw, app.Gz, app.Br})
	}
	baseDir, err := buildBaselines(ctx, root, c.profile, rep, log)
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.Handle("/", site.Handler(filepath.Join(root, "dist")))
	mux.Handle("/bench/", http.StripPrefix("/bench", site.Handler(baseDir)))
	if c.against != "" {
		dir, err := filepath.Abs(c.against)
		if err != nil {
			return err
		}
		if _, err := os.Stat(filepath.Join(dir, "main.wasm")); err != nil {
			return fmt.Errorf("-against %s: %w", c.against, err)
		}
		mux.Handle("/against/", http.StripPrefix("/against", site.Handler(dir)))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: isolated(mux), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	e.base = "http://" + ln.Addr().String()

	if e.browser, err = browser.Launch(ctx, browser.Options{}); err != nil {
		return err
	}
	defer e.browser.Close()
	if rep.Browser, err = e.browser.Version(); err != nil {
		return err
	}

	rep.Load[0] = loadAvg()
	// The frame-rate scenarios, interleaved: run r of every scenario, then
	// run r+1, so slow drift of the machine spreads over all of them.
	var todo []scenario
	for _, s := range scenarios() {
		if s.Name == "webgl2" || c.only == nil || c.only.MatchString(s.Name) {
			todo = append(todo, s)
			if c.against != "" && s.App {
				o := s
				o.Name, o.Page, o.Against = againstPrefix+s.Name, "/against"+s.Page, true
				todo = append(todo, o)
			}
		}
	}
	results := map[string]*Result{}
	for _, s := range todo {
		r := &Result{Name: s.Name, Balls: s.Balls, Spin: s.Spin, Fresh: s.Fresh, metrics: map[string][]float64{}}
		results[s.Name] = r
		rep.Scenarios = append(rep.Scenarios, r)
		if s.App && !s.Against && e.appErr != nil {
			r.Error = "not built"
		}
	}
	for i := range c.runs {
		for _, s := range todo {
			r := results[s.Name]
			if r.Error != "" {
				continue
			}
			load := loadAvg()
			rep.LoadRuns = append(rep.LoadRuns, load)
			fmt.Fprintf(log, "run %d/%d  %-24s", i+1, c.runs, s.Name)
			m, err := e.measure(ctx, s)
			if err != nil {
				r.Error = firstLine(err.Error())
				fmt.Fprintf(log, " error: %v\n", err)
				continue
			}
			fmt.Fprintf(log, " %5.1f FPS", m.fps)
			if m.gameFPS > 0 || s.App {
				fmt.Fprintf(log, "  game %5.1f", m.gameFPS)
			}
			if v, ok := m.extra["draw_p95_ms"]; ok {
				fmt.Fprintf(log, "  update p95 %.2f ms  draw p95 %.2f ms  final p95 %.2f ms  mallocs/frame %.2f",
					m.extra["update_p95_ms"], v, m.extra["final_p95_ms"], m.extra["mallocs_per_frame"])
			}
			fmt.Fprintf(log, "  (load %.1f)\n", load)
			r.RunsFPS = append(r.RunsFPS, m.fps)
			r.Canvas = m.canvas
			if m.gameFPS > 0 || s.App {
				r.RunsGame = append(r.RunsGame, m.gameFPS)
			}
			for k, v := range m.extra {
				r.metrics[k] = append(r.metrics[k], v)
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	rep.Load[1] = loadAvg()
	rep.Reference = median(results["webgl2"].RunsFPS)
	for _, r := range rep.Scenarios {
		r.FPS = median(r.RunsFPS)
		r.GameFPS = median(r.RunsGame)
		if rep.Reference > 0 {
			r.Ratio = r.FPS / rep.Reference
			r.GameRatio = r.GameFPS / rep.Reference
		}
		for k, v := range r.metrics {
			if r.Metrics == nil {
				r.Metrics = map[string]float64{}
			}
			r.Metrics[k] = median(v)
		}
	}

	if e.appErr == nil && c.heap && (c.only == nil || c.only.MatchString("heap")) {
		fmt.Fprintf(log, "heap over %d steps of %d balls ...\n", heapSteps, heapBalls)
		rep.Heap = e.heapGrowth(ctx)
	}
	if e.appErr == nil && c.heap && (c.only == nil || c.only.MatchString("heap")) {
		fmt.Fprintln(log, "idle heap ...")
		rep.Idle = e.idleHeaps(ctx)
	}
	if e.appErr == nil && (c.only == nil || c.only.MatchString("memory")) {
		fmt.Fprintln(log, "browser memory: a blank tab, one figure, ten restarts, every scene on one page ...")
		rep.Memory = e.memory(ctx)
	}
	if e.appErr == nil && len(rep.Sizes) > 0 {
		s := e.served(rep.Sizes[0])
		rep.Served = &s
	}
	if c.readyN > 0 && e.appErr == nil {
		fmt.Fprintln(log, "time to ready ...")
		rep.Ready = e.readyTimes(ctx, "downhill", e.base+"/", appReady)
		if c.against != "" {
			rep.Ready = append(rep.Ready, e.readyTimes(ctx, againstPrefix+"downhill", e.base+"/against/", appReady)...)
		}
	}
	if c.goBench {
		fmt.Fprintln(log, "go benchmarks ...")
		gb, err := goBenchmarks(ctx, root, c.benchtime, log)
		if err != nil {
			rep.Notes = append(rep.Notes, "go benchmarks: "+firstLine(err.Error()))
		}
		rep.GoBench = gb
	}
	if c.profile && e.appErr == nil {
		fmt.Fprintln(log, "profiling ...")
		rep.Profile = e.profile(ctx, log)
	}
	rep.Load[2] = loadAvg()
	rep.Targets = targets(rep)

	printReport(os.Stdout, rep)
	if c.jsonOut != "" {
		data, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(c.jsonOut), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(c.jsonOut, append(data, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(log, "wrote %s\n", c.jsonOut)
	}
	return nil
}

// isolated serves every page cross-origin isolated (COOP and COEP), which
// the pages' own resources satisfy: the browser then gives
// performance.now(), which the wasm's time.Now reads, 5 µs resolution
// instead of 100 µs, fine enough for the in-wasm timings.
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.ServeHTTP(w, r)
	})
}

// buildBaselines builds the three baseline pages into a cache directory
// (kept between runs, so unchanged wasms keep their brotli copies) and
// returns it: <dir>/webgl2/, <dir>/ebiten-default/, <dir>/ebiten-tuned/.
func buildBaselines(ctx context.Context, root string, probe bool, rep *Report, log io.Writer) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "downhill-bench")
	gl, err := pages.ReadFile("pages/webgl2.html")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(dir, "webgl2"), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "webgl2", "index.html"), gl, 0o644); err != nil {
		return "", err
	}
	for _, n := range []int{1, 4} {
		d := filepath.Join(dir, fmt.Sprintf("embeds%d", n))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(d, "index.html"), []byte(embedsPage(n)), 0o644); err != nil {
			return "", err
		}
	}
	page, err := pages.ReadFile("pages/ebiten.html")
	if err != nil {
		return "", err
	}
	builds := []struct {
		name  string
		tuned bool
		page  string
		pkg   string
	}{{"ebiten-default", false, "", ""}, {"ebiten-tuned", true, "", ""}}
	if probe {
		builds = append(builds, struct {
			name  string
			tuned bool
			page  string
			pkg   string
		}{"probe", true, "pages/probe.html", "./build/bench/probe"})
	}
	for _, b := range builds {
		page := page
		if b.page != "" {
			if page, err = pages.ReadFile(b.page); err != nil {
				return "", err
			}
		}
		pkg := "./build/bench/" + b.name
		if b.pkg != "" {
			pkg = b.pkg
		}
		html := string(page)
		if b.tuned {
			html = strings.Replace(html, "/* tuned */", noAntialiasJS, 1)
		}
		index := filepath.Join(dir, b.name+".html")
		if err := os.WriteFile(index, []byte(html), 0o644); err != nil {
			return "", err
		}
		fmt.Fprintf(log, "building %s ...\n", b.name)
		res, err := site.Build(ctx, site.Options{Root: root, Out: filepath.Join(dir, b.name), Pkg: pkg, Index: index, Log: log})
		if err != nil {
			return "", err
		}
		if b.page == "" {
			rep.Sizes = append(rep.Sizes, Size{b.name, res.Raw, res.Gz, res.Br})
		}
	}
	return dir, nil
}

// noAntialiasJS is the tuned page's copy of index.html's context wrapper
// (see the reasoning there).
const noAntialiasJS = `{
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attrs) {
    if (type === "webgl2" || type === "webgl") attrs = Object.assign({}, attrs, { antialias: false });
    return getContext.call(this, type, attrs);
  };
}`

// readyTimes measures the time from navigation to ready: cold (a new
// browser per sample) and warm (a second load in the same browser).
func (e *env) readyTimes(ctx context.Context, name, url, ready string) []ReadyTime {
	type times struct {
		Ready   float64            `json:"ready"`
		Paint   float64            `json:"paint"`
		Phases  map[string]float64 `json:"phases"`
		Longest float64            `json:"longest"`
	}
	at := func(b *browser.Browser) (times, error) {
		p, err := b.NewPage(e.cfg.width, e.cfg.height, 1)
		if err != nil {
			return times{}, err
		}
		defer p.Close()
		if err := p.AddScriptOnLoad(longTasksJS); err != nil {
			return times{}, err
		}
		if err := p.Navigate(url); err != nil {
			return times{}, err
		}
		if err := p.WaitReady(); err != nil {
			return times{}, err
		}
		// The tasks the page runs when ready (the panel's start) count too.
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return times{}, err
		}
		return browser.Eval[times](p, `({ready: downhillLoader.readyAt, phases: downhillLoader.times || {},
			longest: Math.max(0, ...window.downhillLongTasks.filter((t) => t[0] <= downhillLoader.readyAt + 500).map((t) => t[1])),
			paint: (performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint") || {startTime: -1}).startTime})`)
	}
	cold := ReadyTime{Name: name + " cold"}
	warm := ReadyTime{Name: name + " warm"}
	add := func(r *ReadyTime, t times) {
		r.Runs = append(r.Runs, t.Ready)
		r.LongestRuns = append(r.LongestRuns, t.Longest)
		if i := t.Phases["instantiated"]; i > 0 {
			r.StartRuns = append(r.StartRuns, t.Ready-i)
		}
		if t.Paint >= 0 {
			r.PaintRuns = append(r.PaintRuns, t.Paint)
		}
		for k, v := range t.Phases {
			if r.phaseRuns == nil {
				r.phaseRuns = map[string][]float64{}
			}
			r.phaseRuns[k] = append(r.phaseRuns[k], v)
		}
	}
	for range e.cfg.readyN {
		b, err := browser.Launch(ctx, browser.Options{})
		if err != nil {
			cold.Error = err.Error()
			break
		}
		t, err := at(b)
		b.Close()
		if err != nil {
			cold.Error = firstLine(err.Error())
			break
		}
		add(&cold, t)
	}
	if _, err := at(e.browser); err != nil { // fill the cache
		warm.Error = firstLine(err.Error())
	}
	for range e.cfg.readyN {
		if warm.Error != "" {
			break
		}
		t, err := at(e.browser)
		if err != nil {
			warm.Error = firstLine(err.Error())
			break
		}
		add(&warm, t)
	}
	cold.Median, warm.Median = median(cold.Runs), median(warm.Runs)
	cold.Paint, warm.Paint = median(cold.PaintRuns), median(warm.PaintRuns)
	cold.Longest, warm.Longest = median(cold.LongestRuns), median(warm.LongestRuns)
	cold.Start, warm.Start = median(cold.StartRuns), median(warm.StartRuns)
	for _, r := range []*ReadyTime{&cold, &warm} {
		for k, v := range r.phaseRuns {
			if r.Phases == nil {
				r.Phases = map[string]float64{}
			}
			r.Phases[k] = median(v)
		}
	}
	return []ReadyTime{cold, warm}
}

// longTasksJS records the page's long tasks (over 50 ms on the main
// thread, PerformanceObserver "longtask") as [start, duration] in ms, from
// the navigation on.
const longTasksJS = `window.downhillLongTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.downhillLongTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
} catch (e) { /* no long-task timing: nothing recorded */ }`

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// goBenchmarks runs the Go benchmarks of optim, surfaces, game/sim,
// game/view and build/bench/frame natively, and build/bench/frame again as
// js/wasm under node (names prefixed "wasm:"): the scene's CPU per frame
// in the same engine family as the browser's, without the browser.
func goBenchmarks(ctx context.Context, root, benchtime string, log io.Writer) ([]GoBenchmark, error) {
	var pkgs []string
	for _, p := range []string{"./optim", "./surfaces/...", "./game/sim", "./game/view", "./build/bench/frame"} {
		if out, err := exec.CommandContext(ctx, "go", "list", p).Output(); err == nil && len(out) > 0 {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) == 0 {
		return nil, errors.New("no packages with benchmarks")
	}
	args := []string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", benchtime}
	res, err := goBench(ctx, root, "", nil, append(args, pkgs...), log)
	if err != nil {
		return res, err
	}
	goroot, gerr := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if _, nerr := exec.LookPath("node"); gerr != nil || nerr != nil {
		return res, errors.New("no node: the wasm frame benchmarks were skipped")
	}
	execFlag := "-exec=" + filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec")
	wres, err := goBench(ctx, root, "wasm:", []string{"GOOS=js", "GOARCH=wasm"}, append(append(args, execFlag), "./build/bench/frame"), log)
	return append(res, wres...), err
}

func goBench(ctx context.Context, root, prefix string, env, args []string, log io.Writer) ([]GoBenchmark, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = log
	out, err := cmd.Output()
	var res []GoBenchmark
	pkg := ""
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimPrefix(rest, "downhill/")
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		b := GoBenchmark{Name: prefix + pkg + "." + strings.TrimPrefix(m[1], "Benchmark")}
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			var v float64
			if _, err := fmt.Sscan(f[i], &v); err != nil {
				continue
			}
			switch unit := f[i+1]; unit {
			case "ns/op":
				b.NsPerOp = v
			case "B/op":
				b.BytesPerOp = v
			case "allocs/op":
				b.AllocsPerOp = v
			default:
				if b.Metrics == nil {
					b.Metrics = map[string]float64{}
				}
				b.Metrics[unit] = v
			}
		}
		res = append(res, b)
	}
	if err != nil {
		return res, fmt.Errorf("go %s: %w", strings.Join(args[:2], " "), err)
	}
	return res, nil
}

// cpuModel returns the processor's model name ("" where /proc has none).
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// loadAvg returns the 1-minute load average (0 where /proc has none).
func loadAvg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	var l float64
	fmt.Sscan(string(data), &l)
	return l
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// sleep is browser.Sleep.
var sleep = browser.Sleep
