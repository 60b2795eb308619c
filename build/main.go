// Command build builds, serves, tests and benchmarks Downhill.
//
//	go run ./build [-addr 127.0.0.1] [-port 8080] [-base /]   build dist/, then serve it
//	go run ./build build                                      build dist/ only
//	go run ./build serve [-addr ...] [-port ...] [-base ...]  serve dist/ as it is
//	go run ./build test                                       every check the README promises
//	go run ./build bench [-json bench.json] [...]             the browser benchmark (issue 6)
//
// dist/ holds index.html, main.wasm (GOOS=js GOARCH=wasm, -trimpath, -s -w),
// main.wasm.gz, main.wasm.br (when the brotli command exists) and
// wasm_exec.js. Its URLs are relative, so any static host and any sub-path
// serve it; the built-in server adds the precompressed encodings.
//
// This command uses the standard library only; the benchmark, which needs
// chromedp, is its own program (build/bench) that "bench" runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"downhill/build/internal/site"
)

const usage = `usage: go run ./build [command] [flags]

commands:
  (none)   build dist/, then serve it
  build    build dist/ only
  serve    serve dist/ as it is
  test     gofmt, go vet (linux and js/wasm), go test ./... with the browser
           tests (installs chromium with apt-get when missing), and the pure
           packages under node
  bench    the browser benchmark: frame rates and sizes (go run ./build bench -h)

flags of build, serve and the default:
`

func main() {
	log := os.Stderr
	args := os.Args[1:]
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	switch cmd {
	case "", "run", "build", "serve":
		err = buildAndServe(ctx, cmd, args, log)
	case "test":
		err = runTests(ctx, args, log)
	case "bench":
		err = runBench(ctx, args)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(log, usage)
		newFlags("").PrintDefaults()
		return
	default:
		err = fmt.Errorf("unknown command %q (accepted: build, serve, test, bench, or none)", cmd)
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(log, "build:", err)
		}
		os.Exit(1)
	}
}

type options struct {
	addr string
	port int
	base string
	out  string
	pkg  string
	site string
}

var opts options

func newFlags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet("build "+cmd, flag.ContinueOnError)
	fs.StringVar(&opts.addr, "addr", "127.0.0.1", "`host` to listen on (0.0.0.0 for every interface)")
	fs.IntVar(&opts.port, "port", 8080, "`port` to listen on (0 picks a free one)")
	fs.StringVar(&opts.base, "base", "/", "URL sub-path to serve the site under, e.g. /downhill/")
	fs.StringVar(&opts.out, "out", "dist", "output `dir`ectory, relative to the repository root")
	fs.StringVar(&opts.pkg, "pkg", "./wasm", "the js/wasm `package` main to build")
	fs.StringVar(&opts.site, "site", "", "`URL` dist/ will be served at (https://…/): the scenes' share pages give it to link previews")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

func buildAndServe(ctx context.Context, cmd string, args []string, log io.Writer) error {
	fs := newFlags(cmd)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	root, err := site.ModuleRoot()
	if err != nil {
		return err
	}
	dir := opts.out
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	var brotli func() (int64, error)
	if cmd != "serve" {
		start := time.Now()
		res, err := site.Build(ctx, site.Options{
			Root: root, Out: dir, Pkg: opts.pkg, Log: log, SiteURL: opts.site,
			// Serving does not wait ~15 s for brotli -q 11: gzip is
			// served until main.wasm.br appears.
			BrotliLater: cmd != "build",
		})
		if err != nil {
			return err
		}
		brotli = res.Brotli
		fmt.Fprintf(log, "built %s in %s\n", rel(root, dir), time.Since(start).Round(time.Millisecond))
		if cmd == "build" {
			return nil
		}
	} else if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		return fmt.Errorf("%s has no index.html: run go run ./build build first", rel(root, dir))
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(opts.addr, strconv.Itoa(opts.port)))
	if err != nil {
		return fmt.Errorf("cannot listen on %s:%d (%w); try another -port, or -port 0", opts.addr, opts.port, err)
	}
	base := site.CleanBase(opts.base)
	srv := &http.Server{
		Handler:           site.Mount(base, site.Handler(dir)),
		ReadHeaderTimeout: 10 * time.Second,
	}
	host := opts.addr
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + base
	fmt.Fprintf(log, "serving %s (Ctrl-C stops)\n", rel(root, dir))
	fmt.Println(url)

	if brotli != nil {
		go func() {
			if _, err := brotli(); err != nil && ctx.Err() == nil {
				fmt.Fprintln(log, "main.wasm.br:", err, "(serving gzip)")
			}
		}()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		return srv.Shutdown(shut)
	}
}

func rel(root, dir string) string {
	if r, err := filepath.Rel(root, dir); err == nil && filepath.IsLocal(r) {
		return r + "/"
	}
	return dir
}
