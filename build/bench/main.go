//go:build !js

// Command bench is Downhill's browser benchmark (issue 6), run as
// go run ./build bench.
//
// In one run it builds dist/ and three baseline pages, serves them on
// 127.0.0.1, drives headless Chromium (the test flags) at a fixed viewport
// and measures, for every scenario, the browser's frame rate
// (requestAnimationFrame callbacks over -duration, median of -runs) and the
// frames the game drew, each as a ratio to the raw WebGL2 page measured in
// the same run; plus wasm sizes, Downhill's time from navigation to ready
// (cold and warm browser) and the Go benchmarks of optim and surfaces. It
// prints a table and writes the same numbers as JSON.
//
// The baselines:
//   - webgl2: a raw WebGL2 page clearing a full-viewport canvas each frame
//     (the platform's limit);
//   - ebiten-default: a bare Ebiten page with default settings
//     (build/bench/ebiten-default);
//   - ebiten-tuned: the same with Downhill's settings: a FinalScreenDrawer
//     copying with BlendCopy, SetScreenClearedEveryFrame(false) and a WebGL2
//     context without antialias (build/bench/ebiten-tuned).
//
// A scenario is a value of type scenario (see scenarios.go): the page, what
// to wait for, what to set up, and optionally what else to measure. Adding
// one is adding a small function to the list there.
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
}

func main() {
	var c config
	var only string
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "how long each frame-rate measurement counts frames")
	flag.DurationVar(&c.warmup, "warmup", 2*time.Second, "time after setup before counting")
	flag.IntVar(&c.runs, "runs", 3, "runs per scenario (the table gives the median)")
	flag.IntVar(&c.readyN, "ready-runs", 5, "navigations per time-to-ready figure (0 skips it)")
	flag.IntVar(&c.width, "width", 1280, "viewport width in CSS pixels (devicePixelRatio 1)")
	flag.IntVar(&c.height, "height", 720, "viewport height in CSS pixels")
	flag.StringVar(&only, "only", "", "run only the scenarios whose names match this regexp (webgl2 always runs: it is the reference)")
	flag.StringVar(&c.jsonOut, "json", "dist/bench.json", "write the results as JSON to this `file` (relative to the repository root; empty: none)")
	flag.BoolVar(&c.goBench, "gobench", true, "also run the Go benchmarks of optim and surfaces")
	flag.Parse()
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench: -only:", err)
			os.Exit(2)
		}
		c.only = re
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
	Time     time.Time `json:"time"`
	Browser  string    `json:"browser"`
	CPUs     int       `json:"cpus"`
	Viewport string    `json:"viewport"`
	// Load is /proc/loadavg's 1-minute average before and after the
	// frame-rate runs: other work on the machine lowers every figure.
	Load     [2]float64 `json:"load"`
	Duration string     `json:"duration"`
	Runs     int        `json:"runs"`
	// Scenarios in table order; Reference is webgl2's median FPS.
	Scenarios []*Result      `json:"scenarios"`
	Reference float64        `json:"reference_fps"`
	Sizes     []Size         `json:"sizes"`
	Ready     []ReadyTime    `json:"ready,omitempty"`
	GoBench   []GoBenchmark  `json:"go_benchmarks,omitempty"`
	Notes     []string       `json:"notes,omitempty"`
	Extra     map[string]any `json:"extra,omitempty"`
}

// Result is one scenario's numbers.
type Result struct {
	Name string `json:"name"`
	// FPS is the median over runs of requestAnimationFrame callbacks per
	// second; GameFPS the frames the game drew per second (0: not known).
	FPS     float64   `json:"fps"`
	GameFPS float64   `json:"game_fps,omitempty"`
	Ratio   float64   `json:"ratio"`
	RunsFPS []float64 `json:"runs_fps"`
	// Metrics are a scenario's own measurements (median over runs).
	Metrics map[string]float64 `json:"metrics,omitempty"`
	Error   string             `json:"error,omitempty"`

	gameRuns []float64
	metrics  map[string][]float64
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
	Error  string    `json:"error,omitempty"`
}

// GoBenchmark is one line of go test -bench.
type GoBenchmark struct {
	Name        string  `json:"name"`
	NsPerOp     float64 `json:"ns_per_op"`
	BytesPerOp  float64 `json:"bytes_per_op"`
	AllocsPerOp float64 `json:"allocs_per_op"`
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
	rep := &Report{Time: time.Now().UTC().Truncate(time.Second), CPUs: runtime.NumCPU(),
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
	baseDir, err := buildBaselines(ctx, root, rep, log)
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	mux.Handle("/", site.Handler(filepath.Join(root, "dist")))
	mux.Handle("/bench/", http.StripPrefix("/bench", site.Handler(baseDir)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
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
		}
	}
	results := map[string]*Result{}
	for _, s := range todo {
		r := &Result{Name: s.Name, metrics: map[string][]float64{}}
		results[s.Name] = r
		rep.Scenarios = append(rep.Scenarios, r)
		if s.App && e.appErr != nil {
			r.Error = "not built"
		}
	}
	for i := range c.runs {
		for _, s := range todo {
			r := results[s.Name]
			if r.Error != "" {
				continue
			}
			fmt.Fprintf(log, "run %d/%d  %-24s", i+1, c.runs, s.Name)
			m, err := e.measure(ctx, s)
			if err != nil {
				r.Error = firstLine(err.Error())
				fmt.Fprintf(log, " error: %v\n", err)
				continue
			}
			fmt.Fprintf(log, " %5.1f FPS", m.fps)
			if m.gameFPS > 0 {
				fmt.Fprintf(log, "  game %5.1f", m.gameFPS)
			}
			fmt.Fprintln(log)
			r.RunsFPS = append(r.RunsFPS, m.fps)
			if m.gameFPS > 0 {
				r.gameRuns = append(r.gameRuns, m.gameFPS)
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
		r.GameFPS = median(r.gameRuns)
		if rep.Reference > 0 {
			r.Ratio = r.FPS / rep.Reference
		}
		for k, v := range r.metrics {
			if r.Metrics == nil {
				r.Metrics = map[string]float64{}
			}
			r.Metrics[k] = median(v)
		}
	}

	if c.readyN > 0 && e.appErr == nil {
		fmt.Fprintln(log, "time to ready ...")
		rep.Ready = e.readyTimes(ctx, "downhill", e.base+"/", appReady)
	}
	if c.goBench {
		fmt.Fprintln(log, "go benchmarks ...")
		gb, err := goBenchmarks(ctx, root, log)
		if err != nil {
			rep.Notes = append(rep.Notes, "go benchmarks: "+firstLine(err.Error()))
		}
		rep.GoBench = gb
	}

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

// buildBaselines builds the three baseline pages into a cache directory
// (kept between runs, so unchanged wasms keep their brotli copies) and
// returns it: <dir>/webgl2/, <dir>/ebiten-default/, <dir>/ebiten-tuned/.
func buildBaselines(ctx context.Context, root string, rep *Report, log io.Writer) (string, error) {
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
	page, err := pages.ReadFile("pages/ebiten.html")
	if err != nil {
		return "", err
	}
	for _, b := range []struct {
		name  string
		tuned bool
	}{{"ebiten-default", false}, {"ebiten-tuned", true}} {
		html := string(page)
		if b.tuned {
			html = strings.Replace(html, "/* tuned */", noAntialiasJS, 1)
		}
		index := filepath.Join(dir, b.name+".html")
		if err := os.WriteFile(index, []byte(html), 0o644); err != nil {
			return "", err
		}
		fmt.Fprintf(log, "building %s ...\n", b.name)
		res, err := site.Build(ctx, site.Options{Root: root, Out: filepath.Join(dir, b.name), Pkg: "./build/bench/" + b.name, Index: index, Log: log})
		if err != nil {
			return "", err
		}
		rep.Sizes = append(rep.Sizes, Size{b.name, res.Raw, res.Gz, res.Br})
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

// measurement is one run of one scenario.
type measurement struct {
	fps, gameFPS float64
	extra        map[string]float64
}

// measure loads the scenario's page in a new tab, waits until it is ready,
// sets it up, warms up, then counts animation frames (and the game's drawn
// frames) for the configured duration.
func (e *env) measure(ctx context.Context, s scenario) (*measurement, error) {
	p, err := e.browser.NewPage(e.cfg.width, e.cfg.height, 1)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	if err := p.Navigate(e.base + s.Page); err != nil {
		return nil, err
	}
	if s.Ready == appReady {
		err = p.WaitReady()
	} else {
		err = p.WaitFor(s.Ready)
	}
	if err != nil {
		return nil, err
	}
	if s.Setup != nil {
		if err := s.Setup(p); err != nil {
			return nil, fmt.Errorf("setup: %w", err)
		}
	}
	if err := sleep(ctx, e.cfg.warmup); err != nil {
		return nil, err
	}
	frames := s.Frames
	if frames == "" {
		frames = "0"
	}
	got, err := browser.Eval[struct {
		RAF    float64 `json:"raf"`
		MS     float64 `json:"ms"`
		Frames float64 `json:"frames"`
	}](p, fmt.Sprintf(`new Promise((done) => {
		const frames = () => (%s);
		const f0 = frames(), t0 = performance.now();
		let n = 0;
		const tick = () => {
			n++;
			const t = performance.now();
			if (t - t0 < %d) requestAnimationFrame(tick);
			else done({raf: n, ms: t - t0, frames: frames() - f0});
		};
		requestAnimationFrame(tick);
	})`, frames, e.cfg.duration.Milliseconds()))
	if err != nil {
		return nil, err
	}
	m := &measurement{fps: got.RAF / (got.MS / 1000)}
	if s.Frames != "" {
		m.gameFPS = got.Frames / (got.MS / 1000)
	}
	if s.Measure != nil {
		if m.extra, err = s.Measure(p); err != nil {
			return nil, fmt.Errorf("measure: %w", err)
		}
	}
	if errs := p.ConsoleErrors(); len(errs) > 0 {
		return nil, fmt.Errorf("console errors: %s", strings.Join(errs, "; "))
	}
	return m, nil
}

// readyTimes measures the time from navigation to ready: cold (a new
// browser per sample) and warm (a second load in the same browser).
func (e *env) readyTimes(ctx context.Context, name, url, ready string) []ReadyTime {
	at := func(b *browser.Browser) (float64, error) {
		p, err := b.NewPage(e.cfg.width, e.cfg.height, 1)
		if err != nil {
			return 0, err
		}
		defer p.Close()
		if err := p.Navigate(url); err != nil {
			return 0, err
		}
		if err := p.WaitReady(); err != nil {
			return 0, err
		}
		return browser.Eval[float64](p, `downhillLoader.readyAt`)
	}
	cold := ReadyTime{Name: name + " cold"}
	warm := ReadyTime{Name: name + " warm"}
	for range e.cfg.readyN {
		b, err := browser.Launch(ctx, browser.Options{})
		if err != nil {
			cold.Error = err.Error()
			break
		}
		ms, err := at(b)
		b.Close()
		if err != nil {
			cold.Error = firstLine(err.Error())
			break
		}
		cold.Runs = append(cold.Runs, ms)
	}
	if _, err := at(e.browser); err != nil { // fill the cache
		warm.Error = firstLine(err.Error())
	}
	for range e.cfg.readyN {
		if warm.Error != "" {
			break
		}
		ms, err := at(e.browser)
		if err != nil {
			warm.Error = firstLine(err.Error())
			break
		}
		warm.Runs = append(warm.Runs, ms)
	}
	cold.Median, warm.Median = median(cold.Runs), median(warm.Runs)
	return []ReadyTime{cold, warm}
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) B/op)?(?:\s+([\d.]+) allocs/op)?`)

// goBenchmarks runs the Go benchmarks of optim and surfaces.
func goBenchmarks(ctx context.Context, root string, log io.Writer) ([]GoBenchmark, error) {
	var pkgs []string
	for _, p := range []string{"./optim", "./surfaces/..."} {
		if out, err := exec.CommandContext(ctx, "go", "list", p).Output(); err == nil && len(out) > 0 {
			pkgs = append(pkgs, p)
		}
	}
	if len(pkgs) == 0 {
		return nil, errors.New("no optim or surfaces packages")
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-benchtime", "200ms"}, pkgs...)...)
	cmd.Dir = root
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
		b := GoBenchmark{Name: pkg + "." + strings.TrimPrefix(m[1], "Benchmark")}
		fmt.Sscan(m[2], &b.NsPerOp)
		fmt.Sscan(m[3], &b.BytesPerOp)
		fmt.Sscan(m[4], &b.AllocsPerOp)
		res = append(res, b)
	}
	if err != nil {
		return res, fmt.Errorf("go test -bench: %w", err)
	}
	return res, nil
}

func printReport(w io.Writer, r *Report) {
	fmt.Fprintf(w, "\nDownhill benchmark, %s\n%s, %d CPUs (load %.1f -> %.1f), %s, median of %d x %s\n\n",
		r.Time.Format("2006-01-02 15:04 UTC"), r.Browser, r.CPUs, r.Load[0], r.Load[1], r.Viewport, r.Runs, r.Duration)
	fmt.Fprintf(w, "%-26s %8s %7s %9s  %s\n", "scenario", "FPS", "ratio", "game FPS", "runs / metrics")
	for _, s := range r.Scenarios {
		if s.Error != "" {
			fmt.Fprintf(w, "%-26s %8s %7s %9s  %s\n", s.Name, "-", "-", "-", s.Error)
			continue
		}
		game := "-"
		if s.GameFPS > 0 {
			game = fmt.Sprintf("%.1f", s.GameFPS)
		}
		var runs []string
		for _, v := range s.RunsFPS {
			runs = append(runs, fmt.Sprintf("%.1f", v))
		}
		extra := strings.Join(runs, " ")
		keys := make([]string, 0, len(s.Metrics))
		for k := range s.Metrics {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			extra += fmt.Sprintf("  %s=%.3g", k, s.Metrics[k])
		}
		fmt.Fprintf(w, "%-26s %8.1f %7.2f %9s  %s\n", s.Name, s.FPS, s.Ratio, game, extra)
	}
	fmt.Fprintf(w, "\n%-26s %10s %10s %10s\n", "wasm size", "raw", "gzip", "brotli")
	for _, s := range r.Sizes {
		br := "-"
		if s.Brotli > 0 {
			br = mb(s.Brotli)
		}
		fmt.Fprintf(w, "%-26s %10s %10s %10s\n", s.Name, mb(s.Raw), mb(s.Gzip), br)
	}
	if len(r.Ready) > 0 {
		fmt.Fprintf(w, "\n%-26s %10s  %s\n", "navigation to ready", "median", "runs (ms)")
		for _, t := range r.Ready {
			if t.Error != "" {
				fmt.Fprintf(w, "%-26s %10s  %s\n", t.Name, "-", t.Error)
				continue
			}
			var runs []string
			for _, v := range t.Runs {
				runs = append(runs, fmt.Sprintf("%.0f", v))
			}
			fmt.Fprintf(w, "%-26s %8.0fms  %s\n", t.Name, t.Median, strings.Join(runs, " "))
		}
	}
	if len(r.GoBench) > 0 {
		fmt.Fprintf(w, "\n%-44s %12s %10s %10s\n", "Go benchmark", "ns/op", "B/op", "allocs/op")
		for _, b := range r.GoBench {
			fmt.Fprintf(w, "%-44s %12.1f %10.0f %10.0f\n", b.Name, b.NsPerOp, b.BytesPerOp, b.AllocsPerOp)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "\nnote: %s\n", n)
	}
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

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
