package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// SizeMarker is the exact text in index.html that Build replaces with the raw
// size of main.wasm, so the loader can show a true progress bar even when the
// server sends compressed bytes (then Content-Length is the compressed size).
const SizeMarker = `<meta name="downhill-wasm-size" content="0">`

// Options says what to build and where.
type Options struct {
	// Root is the module's root directory (holding go.mod and index.html).
	Root string
	// Out is the output directory; relative paths are relative to Root.
	// Empty means Root/dist.
	Out string
	// Pkg is the package main to compile for js/wasm; empty means "./wasm".
	Pkg string
	// Index is the loader page; empty means Root/index.html.
	Index string
	// Web is the directory of the page's own files; empty means
	// Root/wasm/web.
	Web string
	// NoBrotli skips main.wasm.br even when the brotli command exists.
	NoBrotli bool
	// BrotliLater leaves the brotli compression to the caller: Build returns
	// with Result.Brotli set to a function that writes main.wasm.br (nil when
	// there is nothing to do). The server serves gzip until the file appears.
	BrotliLater bool
	// Log receives one line per step; nil discards them.
	Log io.Writer
	// SiteURL, when set, is where dist/ will be served (https://…/): the
	// scenes' share pages then give link previews absolute image URLs,
	// which some previewers require.
	SiteURL string
}

// Result describes a finished build.
type Result struct {
	Dir string // the output directory
	// Raw, Gzip and Brotli sizes of main.wasm in bytes; Br is 0 when no .br
	// was written (yet).
	Raw, Gz, Br int64
	// Changed is false when the compiled wasm was identical to the one
	// already in Dir, so its compressed copies were kept.
	Changed bool
	// Brotli, when Options.BrotliLater is set, writes main.wasm.br; nil when
	// there is nothing to do or no brotli command.
	Brotli func() (int64, error)
	// Pictures are the pictures in dist/pictures, and PictureTime how
	// long they took (drawn while the wasm compiled; next to nothing when
	// the last build's were kept).
	Pictures    []Picture
	PictureTime time.Duration
}

// ModuleRoot returns the directory of the main module's go.mod, as the go
// command sees it from the current directory.
func ModuleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside a Go module: run from the Downhill repository")
	}
	return filepath.Dir(mod), nil
}

// GOROOT returns the Go installation the go command uses.
func GOROOT() (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Build compiles the wasm and writes the site into o.Out. The go command's
// build cache keeps an unchanged build under a second; the compressed copies
// are rewritten only when main.wasm changed (or are missing).
func Build(ctx context.Context, o Options) (*Result, error) {
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	if o.Root == "" {
		return nil, errors.New("site.Build: Options.Root is empty")
	}
	out := o.Out
	if out == "" {
		out = "dist"
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(o.Root, out)
	}
	pkg := o.Pkg
	if pkg == "" {
		pkg = "./wasm"
	}
	index := o.Index
	if index == "" {
		index = filepath.Join(o.Root, "index.html")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	goroot, err := GOROOT()
	if err != nil {
		return nil, err
	}
	// The pictures are drawn while the wasm compiles (pictures.go).
	var (
		pics    []Picture
		drew    bool
		picErr  error
		picTime time.Duration
	)
	picsDone := make(chan struct{})
	go func() {
		t0 := time.Now()
		pics, drew, picErr = writePictures(out)
		picTime = time.Since(t0)
		close(picsDone)
	}()
	defer func() { <-picsDone }()

	// Compile next to the old wasm, then compare: an unchanged wasm keeps
	// its compressed copies, which saves the ~15 s of brotli -q 11.
	start := time.Now()
	wasm := filepath.Join(out, "main.wasm")
	tmp := wasm + ".new"
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w -X main.version="+Version(o.Root), "-o", tmp, pkg)
	cmd.Dir = o.Root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("GOOS=js GOARCH=wasm go build %s: %w\n%s", pkg, err, stderr.Bytes())
	}
	newBytes, err := os.ReadFile(tmp)
	if err != nil {
		return nil, err
	}
	oldBytes, _ := os.ReadFile(wasm)
	res := &Result{Dir: out, Raw: int64(len(newBytes))}
	res.Changed = !bytes.Equal(oldBytes, newBytes)
	if res.Changed {
		// Drop the old compressed copies first: they must never be served
		// for the new wasm.
		os.Remove(wasm + ".gz")
		os.Remove(wasm + ".br")
		if err := os.Rename(tmp, wasm); err != nil {
			return nil, err
		}
	} else {
		os.Remove(tmp)
	}
	logf("main.wasm     %s (%s, %s)", mb(res.Raw), pkg, time.Since(start).Round(time.Millisecond))

	if err := copyFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"), filepath.Join(out, "wasm_exec.js")); err != nil {
		return nil, fmt.Errorf("wasm_exec.js: %w", err)
	}
	page, err := os.ReadFile(index)
	if err != nil {
		return nil, err
	}
	page, err = InjectSize(page, res.Raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", index, err)
	}
	<-picsDone
	if picErr != nil {
		return nil, picErr
	}
	res.Pictures = pics
	res.PictureTime = picTime
	logPictures(logf, pics, drew, picTime)
	page = InjectPictures(page, pics)
	shares, err := writeSharePages(out, pics, o.SiteURL)
	if err != nil {
		return nil, err
	}
	if err := writeIfChanged(filepath.Join(out, "index.html"), page); err != nil {
		return nil, err
	}
	web := o.Web
	if web == "" {
		web = filepath.Join(o.Root, "wasm", "web")
	}
	files, err := os.ReadDir(web)
	if err != nil {
		return nil, fmt.Errorf("the page's files: %w", err)
	}
	if err := writeIfChanged(filepath.Join(out, "lecture.html"), LecturePage()); err != nil {
		return nil, err
	}
	texts := append([]string{"index.html", "wasm_exec.js", "lecture.html"}, shares...)
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		if err := copyFile(filepath.Join(web, f.Name()), filepath.Join(out, f.Name())); err != nil {
			return nil, err
		}
		texts = append(texts, f.Name())
	}
	// The text files' compressed copies: small, so brotli -q 11 is quick.
	brotliCmd, _ := exec.LookPath("brotli")
	for _, name := range texts {
		full := filepath.Join(out, name)
		if !textFile(name) {
			continue
		}
		data, err := os.ReadFile(full)
		if err != nil {
			return nil, err
		}
		if !fresh(full+".gz", full) {
			if err := writeAtomic(full+".gz", func(w io.Writer) error { return gzipTo(w, data) }); err != nil {
				return nil, err
			}
		}
		if brotliCmd == "" || o.NoBrotli {
			os.Remove(full + ".br")
		} else if !fresh(full+".br", full) {
			if err := writeAtomic(full+".br", func(w io.Writer) error {
				c := exec.CommandContext(ctx, brotliCmd, "-q", "11", "-c", full)
				c.Stdout = w
				return c.Run()
			}); err != nil {
				return nil, fmt.Errorf("%s.br: %w", name, err)
			}
		}
	}

	gz := wasm + ".gz"
	if res.Changed || !fresh(gz, wasm) {
		start = time.Now()
		if err := writeAtomic(gz, func(w io.Writer) error { return gzipTo(w, newBytes) }); err != nil {
			return nil, fmt.Errorf("main.wasm.gz: %w", err)
		}
		logf("main.wasm.gz  %s (gzip -9, %s)", mb(size(gz)), time.Since(start).Round(time.Millisecond))
	}
	res.Gz = size(gz)

	br := wasm + ".br"
	brotli, _ := exec.LookPath("brotli")
	switch {
	case o.NoBrotli || brotli == "":
		// A stale .br would be served for a new wasm: remove it.
		os.Remove(br)
		if brotli == "" && !o.NoBrotli {
			logf("main.wasm.br  skipped (no brotli command; apt-get install brotli)")
		}
	case !res.Changed && fresh(br, wasm):
		res.Br = size(br)
	default:
		os.Remove(br)
		write := func() (int64, error) {
			start := time.Now()
			err := writeAtomic(br, func(w io.Writer) error {
				c := exec.CommandContext(ctx, brotli, "-q", "11", "-c", wasm)
				c.Stdout = w
				var e bytes.Buffer
				c.Stderr = &e
				if err := c.Run(); err != nil {
					return fmt.Errorf("brotli: %w: %s", err, e.Bytes())
				}
				return nil
			})
			if err != nil {
				return 0, err
			}
			n := size(br)
			logf("main.wasm.br  %s (brotli -q 11, %s)", mb(n), time.Since(start).Round(time.Millisecond))
			return n, nil
		}
		if o.BrotliLater {
			res.Brotli = write
		} else if res.Br, err = write(); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// textFile reports whether a file of the site is text worth compressing.
func textFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".js", ".css", ".svg", ".json", ".txt":
		return true
	}
	return false
}

// Version names the build: git describe of the repository (with -dirty for
// uncommitted changes), or "dev" without git.
func Version(root string) string {
	c := exec.Command("git", "describe", "--always", "--dirty")
	c.Dir = root
	out, err := c.Output()
	if err != nil {
		return "dev"
	}
	return strings.TrimSpace(string(out))
}

// InjectSize writes the raw wasm size into the loader page at SizeMarker,
// which must occur exactly once.
func InjectSize(page []byte, raw int64) ([]byte, error) {
	if n := bytes.Count(page, []byte(SizeMarker)); n != 1 {
		return nil, fmt.Errorf("want the marker %s exactly once, found it %d times", SizeMarker, n)
	}
	repl := strings.Replace(SizeMarker, `"0"`, strconv.Quote(strconv.FormatInt(raw, 10)), 1)
	return bytes.Replace(page, []byte(SizeMarker), []byte(repl), 1), nil
}

func gzipTo(w io.Writer, data []byte) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	return zw.Close()
}

// writeAtomic writes name through a temporary file and renames it, so the
// server never sends a half-written file.
func writeAtomic(name string, fill func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := fill(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

func writeIfChanged(name string, data []byte) error {
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return writeAtomic(name, func(w io.Writer) error { _, err := w.Write(data); return err })
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeIfChanged(dst, data)
}

// fresh reports whether derived exists and is not older than source.
func fresh(derived, source string) bool {
	d, err := os.Stat(derived)
	if err != nil {
		return false
	}
	s, err := os.Stat(source)
	return err == nil && !d.ModTime().Before(s.ModTime())
}

func size(name string) int64 {
	fi, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func mb(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
