//go:build js && wasm

// Command ebiten-default is the benchmark's bare Ebiten page with ebiten's
// default settings: the floor Downhill must beat at every ball count
// (issue 6). See package bare.
package main

import "downhill/build/bench/bare"

func main() { bare.Run(false) }
