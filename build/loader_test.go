//go:build !js

package main

// Browser tests of index.html, the loader, that need no Downhill wasm: a
// stand-in wasm that panics (build/testdata/exit) and a site without one.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"downhill/build/internal/browser"
)

// loaderFailure waits for the loader to fail and returns its message,
// checking it is shown.
func loaderFailure(t *testing.T, p *browser.Page) string {
	t.Helper()
	must(t, p.WaitFor(`window.downhillLoader && downhillLoader.phase === "failed"`))
	shown := eval[bool](t, p, `(() => {
		const l = document.getElementById("loader");
		return !l.hidden && getComputedStyle(l).display !== "none" && l.getBoundingClientRect().height > 0;
	})()`)
	if !shown {
		t.Error("the loader failed but its message is not visible")
	}
	text := eval[string](t, p, `document.getElementById("loader-text").textContent`)
	if got := eval[string](t, p, `downhillLoader.error`); got != text {
		t.Errorf("downhillLoader.error %q differs from the text shown %q", got, text)
	}
	return text
}

func TestLoaderShowsGoPanic(t *testing.T) {
	e := browserEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.Navigate(e.base+"/exit/"))
	text := loaderFailure(t, p)
	for _, want := range []string{"exit code 2", "panic: loader test: this wasm panics on purpose"} {
		if !strings.Contains(text, want) {
			t.Errorf("loader message %q does not contain %q", text, want)
		}
	}
	if strings.Contains(text, "goroutine 1") {
		t.Errorf("loader message %q includes the goroutine dump", text)
	}

	// The progress counts decoded bytes against the injected raw size,
	// whatever encoding carried them.
	fi, err := os.Stat(filepath.Join(e.tmp, "exit", "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	got := eval[[2]int64](t, p, `[downhillLoader.received, downhillLoader.total]`)
	if got[0] != fi.Size() || got[1] != fi.Size() {
		t.Errorf("loader received %d of %d bytes, want %d of %d", got[0], got[1], fi.Size(), fi.Size())
	}
	enc, _ := e.encoding.Load("/exit/main.wasm")
	t.Logf("main.wasm was sent with Content-Encoding %v", enc)
	if s, _ := enc.(string); !strings.HasPrefix(s, "gzip") && !strings.HasPrefix(s, "br") {
		t.Errorf("main.wasm was sent uncompressed: Content-Encoding %v", enc)
	}
}

func TestLoaderMissingWasm(t *testing.T) {
	e := browserEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.Navigate(e.base+"/nowasm/"))
	text := loaderFailure(t, p)
	if !strings.Contains(text, "Could not download main.wasm") || !strings.Contains(text, "404") {
		t.Errorf("loader message %q does not say main.wasm could not be downloaded (404)", text)
	}
}

func TestLoaderWithoutWebGL2(t *testing.T) {
	e := browserEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.AddScriptOnLoad(`(() => {
		const getContext = HTMLCanvasElement.prototype.getContext;
		HTMLCanvasElement.prototype.getContext = function (type, attrs) {
			return type === "webgl2" ? null : getContext.call(this, type, attrs);
		};
	})()`))
	before := e.requests("/exit/main.wasm")
	must(t, p.Navigate(e.base+"/exit/"))
	text := loaderFailure(t, p)
	if !strings.Contains(text, "needs WebGL2") {
		t.Errorf("loader message %q does not say WebGL2 is needed", text)
	}
	if n := e.requests("/exit/main.wasm") - before; n != 0 {
		t.Errorf("without WebGL2 the loader still downloaded main.wasm (%d requests)", n)
	}
}

func TestLoaderTurnsAntialiasOff(t *testing.T) {
	e := browserEnv(t)
	p := newPage(t, e, 800, 600, 1)
	must(t, p.Navigate(e.base+"/nowasm/"))
	loaderFailure(t, p)
	// The wrapper is in place once the download starts; any WebGL2 context
	// made after that (ebiten's) has antialias off.
	aa := eval[bool](t, p, `document.createElement("canvas").getContext("webgl2", {antialias: true}).getContextAttributes().antialias`)
	if aa {
		t.Error("a WebGL2 context asked with antialias: true got it; the loader should force it off")
	}
	if title := eval[string](t, p, `document.title`); title != "Downhill" {
		t.Errorf("title %q, want Downhill", title)
	}
	errBox := eval[[2]string](t, p, `(() => {
		const el = document.getElementById("downhill-error");
		return [el ? el.textContent : "missing", el ? getComputedStyle(el).display : ""];
	})()`)
	if errBox[0] != "" || errBox[1] != "none" {
		t.Errorf("#downhill-error is %q with display %q; want it present, empty and hidden", errBox[0], errBox[1])
	}
}
