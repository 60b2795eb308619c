package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestBuild builds the small stand-in wasm of build/testdata/exit into a
// temporary dist and checks the files, the injected size, and that a
// rebuild of the same code keeps the compressed copy.
func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a wasm")
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	opts := Options{Root: root, Out: out, Pkg: "./build/testdata/exit", NoBrotli: true}
	res, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "main.wasm", "main.wasm.gz", "wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("dist lacks %s: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "main.wasm.br")); err == nil {
		t.Error("NoBrotli wrote main.wasm.br")
	}
	raw, err := os.ReadFile(filepath.Join(out, "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(raw)) != res.Raw || !bytes.HasPrefix(raw, []byte("\x00asm")) {
		t.Errorf("main.wasm: %d bytes (Result says %d), prefix %q", len(raw), res.Raw, raw[:min(4, len(raw))])
	}
	gz, err := os.Open(filepath.Join(out, "main.wasm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer gz.Close()
	zr, err := gzip.NewReader(gz)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(unzipped, raw) {
		t.Error("main.wasm.gz does not decompress to main.wasm")
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `<meta name="downhill-wasm-size" content="` + strconv.Itoa(len(raw)) + `">`; !bytes.Contains(page, []byte(want)) {
		t.Errorf("index.html lacks %s", want)
	}
	if bytes.Contains(page, []byte(`href="/`)) || bytes.Contains(page, []byte(`src="/`)) {
		t.Error("index.html has an absolute URL; dist must work from a sub-path")
	}

	before, err := os.Stat(filepath.Join(out, "main.wasm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	res, err = Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	after, err := os.Stat(filepath.Join(out, "main.wasm.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("rebuilding unchanged code: Changed %v, main.wasm.gz rewritten %v", res.Changed, !after.ModTime().Equal(before.ModTime()))
	}
}
