package main

import (
	"context"
	"os"
	"os/exec"

	"downhill/build/internal/site"
)

// runBench runs the benchmark program, build/bench, which needs chromedp:
// keeping it a separate program keeps this command on the standard library
// and quick to compile on a fresh machine.
func runBench(ctx context.Context, args []string) error {
	root, err := site.ModuleRoot()
	if err != nil {
		return err
	}
	c := exec.CommandContext(ctx, "go", append([]string{"run", "./build/bench"}, args...)...)
	c.Dir = root
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	return c.Run()
}
