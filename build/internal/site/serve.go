package site

import (
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// contentTypes are the types the site needs, fixed here rather than taken
// from the machine's MIME database (which may say application/javascript,
// or nothing at all for .wasm).
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// ContentType returns the Content-Type for a file name.
func ContentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// encodings are the precompressed variants the handler looks for, best
// first: name suffix and Content-Encoding.
var encodings = [...]struct{ suffix, coding string }{
	{".br", "br"},
	{".gz", "gzip"},
}

// Handler serves the files of dir. For a file X it sends X.br or X.gz
// instead, with Content-Encoding and Vary: Accept-Encoding, when the
// request's Accept-Encoding allows it and the compressed copy is at least as
// new as X (a copy still being written, or left from an older X, is never
// sent). Directory paths serve their index.html; there are no listings.
//
// Every response says Cache-Control: no-cache: file names carry no version,
// so browsers must revalidate, which costs a 304 when nothing changed.
func Handler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		name := path.Clean(p)
		if strings.HasSuffix(p, "/") {
			name = path.Join(name, "index.html")
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		fi, err := os.Stat(full)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if fi.IsDir() {
			// Relative URLs in index.html need the trailing slash.
			target := path.Base(name) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			// Set Location by hand: http.Redirect would make it absolute
			// from the path after any StripPrefix, losing a sub-path.
			w.Header().Set("Location", target)
			w.WriteHeader(http.StatusMovedPermanently)
			return
		}

		h := w.Header()
		h.Set("Content-Type", ContentType(name))
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		// Public static files, readable from any origin: a figure in an
		// iframe sandboxed without allow-same-origin (WordPress's default
		// for sites it does not trust) has an opaque origin, and its
		// fetch("main.wasm") is a cross-origin request that needs this.
		h.Set("Access-Control-Allow-Origin", "*")
		send := full
		for _, e := range encodings {
			ci, err := os.Stat(full + e.suffix)
			if err != nil || ci.IsDir() || ci.ModTime().Before(fi.ModTime()) {
				continue
			}
			// The response depends on Accept-Encoding as soon as a variant
			// exists, whichever is chosen.
			h.Set("Vary", "Accept-Encoding")
			if send == full && Accepts(r.Header.Get("Accept-Encoding"), e.coding) {
				send = full + e.suffix
				h.Set("Content-Encoding", e.coding)
			}
		}
		f, err := os.Open(send)
		if err != nil {
			http.Error(w, "cannot read "+name, http.StatusInternalServerError)
			return
		}
		defer f.Close()
		sfi, err := f.Stat()
		if err != nil {
			http.Error(w, "cannot read "+name, http.StatusInternalServerError)
			return
		}
		if send != full {
			// Each encoding is its own representation: give it its own
			// validator so caches and ranges never mix them.
			h.Set("ETag", strconv.Quote(strconv.FormatInt(sfi.ModTime().UnixNano(), 36)+"-"+strconv.FormatInt(sfi.Size(), 36)+"-"+h.Get("Content-Encoding")))
			// ServeContent leaves Content-Length out when Content-Encoding
			// is set (it expects on-the-fly compression); ours is known.
			h.Set("Content-Length", strconv.FormatInt(sfi.Size(), 10))
		}
		http.ServeContent(w, r, name, sfi.ModTime(), f)
	})
}

// Accepts reports whether an Accept-Encoding header value allows coding:
// listed (or matched by "*") with a q-value above zero.
func Accepts(header, coding string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(part, ";")
		token = strings.ToLower(strings.TrimSpace(token))
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					q = f
				} else {
					q = 0
				}
			}
		}
		switch token {
		case coding:
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

// Mount serves h under the URL prefix base (e.g. "/downhill/"), redirecting
// "/" and the prefix without its slash to base. An empty base or "/" serves
// at the root.
func Mount(base string, h http.Handler) http.Handler {
	base = CleanBase(base)
	if base == "/" {
		return h
	}
	mux := http.NewServeMux()
	mux.Handle(base, http.StripPrefix(strings.TrimSuffix(base, "/"), h))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" || r.URL.Path == strings.TrimSuffix(base, "/") {
			target := base
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusFound)
			return
		}
		http.NotFound(w, r)
	})
	return mux
}

// CleanBase turns a sub-path flag value into "/a/b/" form ("/" for none).
func CleanBase(base string) string {
	base = path.Clean("/" + strings.Trim(base, "/"))
	if base != "/" {
		base += "/"
	}
	return base
}
