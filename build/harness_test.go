//go:build !js

package main

// The browser test environment: one dist/ build, one server and one headless
// Chromium per test binary, shared by every browser test. Browser tests call
// app(t) (the Downhill page) or loaderSite(t) and open pages with newPage.

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"downhill/build/internal/browser"
	"downhill/build/internal/site"
)

var update = flag.Bool("update", false, "rewrite the README screenshots in build/screenshots")

// testEnv is shared by the browser tests of this binary.
type testEnv struct {
	root    string
	tmp     string
	browser *browser.Browser
	srv     *http.Server
	base    string // http://127.0.0.1:port
	// appURL is the Downhill page, served from a sub-path to prove the
	// site's URLs are relative; appErr says why there is none.
	appURL string
	appErr error
	// wasmHits counts requests per path, and wasmEncoding records the
	// Content-Encoding each main.wasm was sent with.
	hits     sync.Map // path -> *atomic.Int64
	encoding sync.Map // path -> string
	// appDir is the app's dist/ directory; plainURL serves it with Go's
	// bare http.FileServer (no precompressed copies, main.wasm as
	// application/octet-stream), on the same server.
	appDir   string
	plainURL string
	// hostBase is a second server, http://localhost:port2, of another
	// origin (and site) than base: the course pages that embed Downhill.
	// hostPage registers one.
	hostSrv   *http.Server
	hostBase  string
	hostPages sync.Map // path -> HTML
	hostN     atomic.Int64
}

var (
	envOnce sync.Once
	env     *testEnv
	envErr  error
	envSkip string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if envSkip != "" && !browser.Required() {
		// go test ./... shows this only with -v or on failure; the test
		// command sets DOWNHILL_BROWSER=required, making it a failure.
		fmt.Fprintf(os.Stderr, "\n*** downhill/build: BROWSER TESTS SKIPPED: %s ***\n\n", envSkip)
	}
	if env != nil {
		env.close()
	}
	os.Exit(code)
}

// browserEnv returns the shared environment, skipping the test (loudly)
// when there is no browser, unless DOWNHILL_BROWSER=required.
func browserEnv(t *testing.T) *testEnv {
	t.Helper()
	envOnce.Do(func() { env, envErr = setup() })
	if envSkip != "" {
		if browser.Required() {
			t.Fatalf("DOWNHILL_BROWSER=required, but: %s", envSkip)
		}
		t.Skip("SKIPPING BROWSER TEST: " + envSkip + " (set DOWNHILL_BROWSER=required to make this a failure)")
	}
	if envErr != nil {
		t.Fatal(envErr)
	}
	return env
}

// appEnv is browserEnv for tests of the Downhill page itself: it fails when
// the app could not be built.
func appEnv(t *testing.T) *testEnv {
	t.Helper()
	e := browserEnv(t)
	if e.appErr != nil {
		t.Fatalf("the app could not be built, so it cannot be tested in a browser:\n%v", e.appErr)
	}
	return e
}

func setup() (*testEnv, error) {
	path, err := browser.Find()
	if err != nil {
		envSkip = err.Error()
		return nil, nil
	}
	e := &testEnv{}
	if e.root, err = site.ModuleRoot(); err != nil {
		return nil, err
	}
	if e.tmp, err = os.MkdirTemp("", "downhill-browser-test-"); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			e.close()
		}
	}()

	// The app's dist/, without brotli (15 s per build, and the server
	// logic is unit-tested). DOWNHILL_TEST_PKG builds another package main
	// in place of ./wasm.
	pkg := os.Getenv("DOWNHILL_TEST_PKG")
	if pkg == "" {
		pkg = "./wasm"
	}
	ctx := context.Background()
	appDir := filepath.Join(e.tmp, "app")
	e.appDir = appDir
	if _, err := site.Build(ctx, site.Options{Root: e.root, Out: appDir, Pkg: pkg, NoBrotli: true}); err != nil {
		e.appErr = err
	}

	// The loader's own sites: a wasm that panics, and none at all.
	for _, s := range []struct{ dir, pkg string }{{"exit", "./build/testdata/exit"}, {"nowasm", ""}} {
		dir := filepath.Join(e.tmp, s.dir)
		if s.pkg == "" {
			if err := pageOnly(e.root, dir); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := site.Build(ctx, site.Options{Root: e.root, Out: dir, Pkg: s.pkg, NoBrotli: true}); err != nil {
			return nil, err
		}
	}

	mux := http.NewServeMux()
	mux.Handle("/downhill/", e.count(site.Mount("/downhill/", site.Handler(appDir))))
	mux.Handle("/exit/", e.count(site.Mount("/exit/", site.Handler(filepath.Join(e.tmp, "exit")))))
	mux.Handle("/nowasm/", e.count(site.Mount("/nowasm/", site.Handler(filepath.Join(e.tmp, "nowasm")))))
	mux.Handle("/harness/", site.Mount("/harness/", site.Handler(filepath.Join(e.root, "build", "testdata", "harness"))))
	// A plain static file server, as a course's own web space might be.
	plain := http.StripPrefix("/plain", http.FileServer(http.Dir(appDir)))
	mux.Handle("/plain/", e.count(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			w.Header().Set("Content-Type", "application/octet-stream")
		}
		plain.ServeHTTP(w, r)
	})))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go e.srv.Serve(ln)
	e.base = "http://" + ln.Addr().String()
	e.appURL = e.base + "/downhill/"
	e.plainURL = e.base + "/plain/"

	// The host pages' server: the same loopback address under the name
	// localhost, so another origin and another site (the browser runs
	// the embeds in their own processes, as for a real course page).
	hln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e.hostSrv = &http.Server{Handler: http.HandlerFunc(e.serveHost), ReadHeaderTimeout: 10 * time.Second}
	go e.hostSrv.Serve(hln)
	e.hostBase = fmt.Sprintf("http://localhost:%d", hln.Addr().(*net.TCPAddr).Port)

	if e.browser, err = browser.Launch(ctx, browser.Options{Path: path}); err != nil {
		return nil, err
	}
	ok = true
	return e, nil
}

// pageOnly writes a site with the page, its files and wasm_exec.js but no
// wasm.
func pageOnly(root, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	web, err := os.ReadDir(filepath.Join(root, "wasm", "web"))
	if err != nil {
		return err
	}
	for _, f := range web {
		data, err := os.ReadFile(filepath.Join(root, "wasm", "web", f.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name()), data, 0o644); err != nil {
			return err
		}
	}
	page, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil {
		return err
	}
	if page, err = site.InjectSize(page, 1000); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), page, 0o644); err != nil {
		return err
	}
	goroot, err := site.GOROOT()
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644)
}

func (e *testEnv) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := e.hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		h.ServeHTTP(w, r)
		if strings.HasSuffix(r.URL.Path, ".wasm") {
			e.encoding.Store(r.URL.Path, fmt.Sprintf("%s (Accept-Encoding %q)", w.Header().Get("Content-Encoding"), r.Header.Get("Accept-Encoding")))
		}
	})
}

// hostPage serves html as a new page of the host server and returns its URL.
func (e *testEnv) hostPage(html string) string {
	path := fmt.Sprintf("/page%d.html", e.hostN.Add(1))
	e.hostPages.Store(path, html)
	return e.hostBase + path
}

func (e *testEnv) serveHost(w http.ResponseWriter, r *http.Request) {
	html, ok := e.hostPages.Load(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, html.(string))
}

// requests returns how many times path was requested.
func (e *testEnv) requests(path string) int64 {
	if n, ok := e.hits.Load(path); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

func (e *testEnv) close() {
	if e.browser != nil {
		e.browser.Close()
	}
	if e.srv != nil {
		e.srv.Close()
	}
	if e.hostSrv != nil {
		e.hostSrv.Close()
	}
	if e.tmp != "" {
		os.RemoveAll(e.tmp)
	}
}

// newPage opens a tab of w x h CSS pixels at devicePixelRatio scale, closed
// when the test ends. On failure the test log gets the page's console.
//
// Its pages keep full resolution (window.downhillSharp, as sharp=1): the
// page halves it while frames run late, which depends on the machine's
// load, and a test must not (TestPaceHalfResolution tests that on a page
// of newPacedPage).
func newPage(t *testing.T, e *testEnv, w, h int, scale float64) *browser.Page {
	t.Helper()
	p := newPacedPage(t, e, w, h, scale)
	if err := p.AddScriptOnLoad(`window.downhillSharp = true;`); err != nil {
		t.Fatal(err)
	}
	return p
}

// newPacedPage is newPage at the page's own pace (pace.js as a reader has it).
func newPacedPage(t *testing.T, e *testEnv, w, h int, scale float64) *browser.Page {
	t.Helper()
	p, err := e.browser.NewPage(w, h, scale)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, p, "console")
	return p
}

// closeAtEnd closes p when the test ends, first logging its console (each
// line after what) if the test failed.
func closeAtEnd(t *testing.T, p *browser.Page, what string) {
	t.Cleanup(func() {
		if t.Failed() {
			for _, m := range p.Console() {
				t.Logf("%s: %s", what, m)
			}
		}
		p.Close()
	})
}

// eval is browser.Eval failing the test on error.
func eval[T any](t *testing.T, p *browser.Page, expr string) T {
	t.Helper()
	v, err := browser.Eval[T](p, expr)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// must fails the test on a non-nil error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
