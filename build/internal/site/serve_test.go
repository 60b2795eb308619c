package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// newDist writes a small site: a wasm with both compressed copies, a page
// and a script without any.
func newDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":   "<!doctype html><title>Downhill</title>",
		"wasm_exec.js": "// go",
		"main.wasm":    "raw wasm bytes",
		"main.wasm.gz": "gzip bytes",
		"main.wasm.br": "brotli bytes",
		"sub/x.txt":    "x",
	}
	// One modification time for all: map order must not make a copy look
	// older than its file.
	mod := time.Now().Add(-time.Minute).Truncate(time.Second)
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, target, acceptEncoding string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	res := w.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestHandlerEncodingNegotiation(t *testing.T) {
	h := Handler(newDist(t))
	for _, tc := range []struct {
		accept, coding, body string
	}{
		{"", "", "raw wasm bytes"},
		{"identity", "", "raw wasm bytes"},
		{"gzip", "gzip", "gzip bytes"},
		{"gzip, deflate", "gzip", "gzip bytes"},
		{"gzip, deflate, br, zstd", "br", "brotli bytes"},
		{"br;q=1.0, gzip;q=0.8", "br", "brotli bytes"},
		{"br;q=0, gzip", "gzip", "gzip bytes"},
		{"BR", "br", "brotli bytes"},
		{"gzip;q=0", "", "raw wasm bytes"},
		{"*", "br", "brotli bytes"},
		{"*;q=0", "", "raw wasm bytes"},
		{"br;q=0, *", "gzip", "gzip bytes"},
		{"deflate", "", "raw wasm bytes"},
	} {
		res, body := get(t, h, "/main.wasm", tc.accept)
		if res.StatusCode != http.StatusOK {
			t.Errorf("Accept-Encoding %q: status %d", tc.accept, res.StatusCode)
			continue
		}
		if got := res.Header.Get("Content-Encoding"); got != tc.coding {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.accept, got, tc.coding)
		}
		if body != tc.body {
			t.Errorf("Accept-Encoding %q: body %q, want %q", tc.accept, body, tc.body)
		}
		if got := res.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Accept-Encoding %q: Content-Type %q, want application/wasm", tc.accept, got)
		}
		if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q, want Accept-Encoding", tc.accept, got)
		}
	}
}

func TestHandlerMIMETypes(t *testing.T) {
	h := Handler(newDist(t))
	for _, tc := range []struct{ path, typ string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/wasm_exec.js", "text/javascript; charset=utf-8"},
		{"/main.wasm", "application/wasm"},
		{"/sub/x.txt", "text/plain; charset=utf-8"},
	} {
		res, _ := get(t, h, tc.path, "gzip, br")
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", tc.path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != tc.typ {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, got, tc.typ)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", tc.path, got)
		}
		// A sandboxed iframe (an opaque origin) may read them.
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want *", tc.path, got)
		}
		if tc.path != "/main.wasm" {
			if got := res.Header.Get("Content-Encoding"); got != "" {
				t.Errorf("%s has no compressed copy but was sent with Content-Encoding %q", tc.path, got)
			}
			if got := res.Header.Get("Vary"); got != "" {
				t.Errorf("%s: Vary %q, want none", tc.path, got)
			}
		}
	}
}

func TestHandlerSkipsStaleCopies(t *testing.T) {
	dir := newDist(t)
	// A compressed copy older than the file (a rebuild in progress) is
	// never sent.
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "main.wasm.br"), old, old); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, Handler(dir), "/main.wasm", "gzip, br")
	if res.Header.Get("Content-Encoding") != "gzip" || body != "gzip bytes" {
		t.Errorf("with a stale .br: Content-Encoding %q, body %q; want the gzip copy", res.Header.Get("Content-Encoding"), body)
	}
}

func TestHandlerPathsAndMethods(t *testing.T) {
	h := Handler(newDist(t))
	if res, _ := get(t, h, "/nope.js", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("missing file: status %d, want 404", res.StatusCode)
	}
	if res, _ := get(t, h, "/../../etc/passwd", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("path outside dir: status %d, want 404", res.StatusCode)
	}
	res, _ := get(t, h, "/sub?x=1", "")
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "sub/?x=1" {
		t.Errorf("directory without slash: status %d Location %q, want 301 to sub/?x=1", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := get(t, h, "/sub/", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("directory without index.html: status %d, want 404 (no listing)", res.StatusCode)
	}
	r := httptest.NewRequest(http.MethodPost, "/index.html", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", w.Code)
	}
	r = httptest.NewRequest(http.MethodHead, "/main.wasm", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, Content-Encoding %q, body %d bytes", w.Code, w.Header().Get("Content-Encoding"), w.Body.Len())
	}
	if got := w.Header().Get("Content-Length"); got != "10" {
		t.Errorf("HEAD of the gzip copy: Content-Length %q, want 10", got)
	}
}

func TestHandlerRevalidation(t *testing.T) {
	h := Handler(newDist(t))
	for _, accept := range []string{"", "br"} {
		res, _ := get(t, h, "/main.wasm", accept)
		r := httptest.NewRequest(http.MethodGet, "/main.wasm", nil)
		r.Header.Set("Accept-Encoding", accept)
		if etag := res.Header.Get("ETag"); etag != "" {
			r.Header.Set("If-None-Match", etag)
		} else {
			r.Header.Set("If-Modified-Since", res.Header.Get("Last-Modified"))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: revalidation status %d, want 304", accept, w.Code)
		}
	}
}

func TestMountSubPath(t *testing.T) {
	h := Mount("downhill", Handler(newDist(t)))
	res, body := get(t, h, "/downhill/main.wasm", "gzip")
	if res.StatusCode != http.StatusOK || body != "gzip bytes" {
		t.Errorf("/downhill/main.wasm: status %d body %q", res.StatusCode, body)
	}
	if res, _ := get(t, h, "/downhill/", ""); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("/downhill/: status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, p := range []string{"/", "/downhill"} {
		res, _ := get(t, h, p+"?lr=2", "")
		if res.StatusCode/100 != 3 || res.Header.Get("Location") != "/downhill/?lr=2" {
			t.Errorf("%s: status %d Location %q, want a redirect to /downhill/?lr=2", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, _ := get(t, h, "/downhill/sub?x=1", ""); res.Header.Get("Location") != "sub/?x=1" {
		t.Errorf("/downhill/sub: Location %q, want sub/?x=1 (relative, keeping the sub-path)", res.Header.Get("Location"))
	}
	if res, _ := get(t, h, "/main.wasm", ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("/main.wasm outside the sub-path: status %d, want 404", res.StatusCode)
	}
}

func TestCleanBase(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "a": "/a/", "/a/b/": "/a/b/", "a//b": "/a/b/"} {
		if got := CleanBase(in); got != want {
			t.Errorf("CleanBase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInjectSize(t *testing.T) {
	page := []byte("<head>\n" + SizeMarker + "\n</head>")
	got, err := InjectSize(page, 10283000)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<head>\n<meta name=\"downhill-wasm-size\" content=\"10283000\">\n</head>"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := InjectSize([]byte("<head></head>"), 1); err == nil {
		t.Error("a page without the marker: no error")
	}
}
