package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// AxeVersion is the axe-core the accessibility tests inject into the pages
// (never shipped with them): pinned, so that a new rule cannot fail a
// build that did not change.
const AxeVersion = "4.10.3"

// axePath is where installAxe keeps axe.min.js: $DOWNHILL_AXE, or the
// user's cache directory.
func axePath() string {
	if p := os.Getenv("DOWNHILL_AXE"); p != "" {
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "downhill", "axe-core-"+AxeVersion, "axe.min.js")
}

// installAxe fetches axe-core with npm (npm pack: the package's tarball,
// nothing installed) into the cache when it is not there yet.
func installAxe(ctx context.Context, log io.Writer) error {
	dst := axePath()
	if _, err := os.Stat(dst); err == nil {
		return nil
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return fmt.Errorf("the accessibility tests need axe-core %s, fetched with npm, and this machine has no npm: install npm, or put axe.min.js at %s", AxeVersion, dst)
	}
	tmp, err := os.MkdirTemp("", "downhill-axe-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(log, "=== fetching axe-core@%s with npm pack\n", AxeVersion)
	c := exec.CommandContext(ctx, "npm", "pack", "axe-core@"+AxeVersion, "--pack-destination", tmp)
	c.Dir = tmp
	c.Stdout, c.Stderr = log, log
	if err := c.Run(); err != nil {
		return fmt.Errorf("npm pack axe-core@%s: %w", AxeVersion, err)
	}
	js, err := axeFromTarball(filepath.Join(tmp, "axe-core-"+AxeVersion+".tgz"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, js, 0o644)
}

// axeFromTarball reads package/axe.min.js out of npm's tarball.
func axeFromTarball(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("%s: no package/axe.min.js (%v)", path, err)
		}
		if strings.TrimPrefix(h.Name, "./") == "package/axe.min.js" {
			return io.ReadAll(tr)
		}
	}
}
