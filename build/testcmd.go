package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"downhill/build/internal/site"
)

// jsPackages are the pure packages that also run under node as js/wasm;
// those that do not exist (yet) are left out.
var jsPackages = []string{"./optim", "./surfaces/...", "./game/sim", "./game/view", "./game/control"}

// A step is one check of the test command.
type step struct {
	name string
	run  func(ctx context.Context) error
}

// runTests is the README's one test command: it installs what a fresh
// machine lacks, then runs every check, all of them even after a failure,
// and ends with a summary.
func runTests(ctx context.Context, args []string, log io.Writer) error {
	fs := flag.NewFlagSet("build test", flag.ContinueOnError)
	install := fs.Bool("install", true, "install chromium, fonts-liberation, brotli and nodejs with apt-get, and axe-core (pinned) with npm, when missing")
	verbose := fs.Bool("v", false, "pass -v to go test")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := site.ModuleRoot()
	if err != nil {
		return err
	}
	goroot, err := site.GOROOT()
	if err != nil {
		return err
	}
	if *install {
		if err := installTools(ctx, log); err != nil {
			return err
		}
		if err := installAxe(ctx, log); err != nil {
			return err
		}
	}
	// A missing browser (or axe-core) is a failure here, not a skip.
	env := append(os.Environ(), "DOWNHILL_BROWSER=required", "DOWNHILL_AXE="+axePath())
	run := func(name string, extraEnv []string, args ...string) func(context.Context) error {
		return func(ctx context.Context) error {
			c := exec.CommandContext(ctx, name, args...)
			c.Dir = root
			c.Env = append(env, extraEnv...)
			c.Stdout, c.Stderr = log, log
			return c.Run()
		}
	}
	jsWasm := []string{"GOOS=js", "GOARCH=wasm"}
	// -count=1: the browser tests build the wasm in a subprocess, which the
	// test cache cannot see, so a cached pass could be stale.
	testFlags := []string{"test", "-count=1", "-timeout=40m"}
	if *verbose {
		testFlags = append(testFlags, "-v")
	}
	// Each step appends its own arguments: clipped, no append writes into
	// another's (with -v, the js/wasm step's -exec took the place of the
	// native step's ./...).
	testFlags = slices.Clip(testFlags)
	steps := []step{
		{"gofmt -l .", func(ctx context.Context) error {
			out, err := exec.CommandContext(ctx, "gofmt", "-l", root).CombinedOutput()
			if err != nil {
				return fmt.Errorf("%w: %s", err, out)
			}
			if files := strings.TrimSpace(string(out)); files != "" {
				fmt.Fprintf(log, "not gofmt-ed (run gofmt -w on them):\n%s\n", files)
				return fmt.Errorf("files need gofmt")
			}
			return nil
		}},
		{"go vet ./...", run("go", nil, "vet", "./...")},
		{"GOOS=js GOARCH=wasm go vet ./...", run("go", jsWasm, "vet", "./...")},
		{"go test ./...", run("go", nil, append(testFlags, "./...")...)},
	}
	pkgs := existing(ctx, root, jsPackages)
	if len(pkgs) > 0 {
		exec := "-exec=" + filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec")
		steps = append(steps, step{
			"GOOS=js GOARCH=wasm go test (node) " + strings.Join(pkgs, " "),
			run("go", jsWasm, append(append(testFlags, exec), pkgs...)...),
		})
	}

	type result struct {
		name string
		err  error
		took time.Duration
	}
	var results []result
	failed := 0
	for _, s := range steps {
		fmt.Fprintf(log, "\n=== %s\n", s.name)
		start := time.Now()
		err := s.run(ctx)
		results = append(results, result{s.name, err, time.Since(start)})
		if err != nil {
			failed++
			fmt.Fprintf(log, "--- FAIL: %s: %v\n", s.name, err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	fmt.Fprintf(log, "\n=== summary\n")
	width := 0
	for _, r := range results {
		width = max(width, len(r.name))
	}
	for _, r := range results {
		status := "ok  "
		if r.err != nil {
			status = "FAIL"
		}
		fmt.Fprintf(log, "%s  %-*s %6.1fs\n", status, width, r.name, r.took.Seconds())
	}
	if len(pkgs) < len(jsPackages) {
		fmt.Fprintf(log, "(not under node, no such packages yet: %s)\n", strings.Join(missing(jsPackages, pkgs), " "))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed", failed, len(results))
	}
	fmt.Fprintf(log, "all %d checks passed\n", len(results))
	return nil
}

// existing returns the patterns that name at least one package.
func existing(ctx context.Context, root string, patterns []string) []string {
	var ok []string
	for _, p := range patterns {
		c := exec.CommandContext(ctx, "go", "list", p)
		c.Dir = root
		c.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := c.Output()
		if err == nil && len(bytes.TrimSpace(out)) > 0 {
			ok = append(ok, p)
		}
	}
	return ok
}

func missing(all, have []string) []string {
	var m []string
	for _, a := range all {
		found := false
		for _, h := range have {
			found = found || a == h
		}
		if !found {
			m = append(m, a)
		}
	}
	return m
}

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// installTools installs, with apt-get, what the checks need and the machine
// lacks: chromium (and the fonts its screenshots use, and brotli for the
// site) when /usr/bin/chromium (or $DOWNHILL_CHROMIUM) is missing, and node
// for the js/wasm tests.
func installTools(ctx context.Context, log io.Writer) error {
	var pkgs []string
	browser := os.Getenv("DOWNHILL_CHROMIUM")
	if browser == "" {
		browser = chromiumPath
	}
	if _, err := os.Stat(browser); err != nil {
		pkgs = append(pkgs, "chromium", "fonts-liberation")
		if _, err := exec.LookPath("brotli"); err != nil {
			pkgs = append(pkgs, "brotli")
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		pkgs = append(pkgs, "nodejs")
	}
	if len(pkgs) == 0 {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return fmt.Errorf("this machine lacks %s and has no apt-get to install them: install them, or point DOWNHILL_CHROMIUM at a Chromium or Chrome binary", strings.Join(pkgs, ", "))
	}
	fmt.Fprintf(log, "=== installing %s with apt-get\n", strings.Join(pkgs, " "))
	var prefix []string
	if os.Geteuid() != 0 {
		if _, err := exec.LookPath("sudo"); err != nil {
			return fmt.Errorf("installing %s needs root, and there is no sudo: install them as root", strings.Join(pkgs, ", "))
		}
		prefix = []string{"sudo"}
	}
	aptEnv := []string{"env", "DEBIAN_FRONTEND=noninteractive"}
	for _, args := range [][]string{
		{"apt-get", "update"},
		append([]string{"apt-get", "install", "-y", "--no-install-recommends"}, pkgs...),
	} {
		full := append(append(append([]string{}, prefix...), aptEnv...), args...)
		c := exec.CommandContext(ctx, full[0], full[1:]...)
		c.Stdout, c.Stderr = log, log
		if err := c.Run(); err != nil {
			if args[1] == "update" {
				// A source that cannot be reached fails the update; the
				// package lists already on the machine may still do.
				fmt.Fprintf(log, "=== %s failed (%v); trying the install anyway\n", strings.Join(full, " "), err)
				continue
			}
			return fmt.Errorf("%s: %w", strings.Join(full, " "), err)
		}
	}
	return nil
}
