//go:build js && wasm

// Command ebiten-tuned is the benchmark's bare Ebiten page with the
// settings Downhill uses: no clear before each frame, a FinalScreenDrawer
// copying with BlendCopy, and (from its page) a WebGL2 context without
// antialias. See package bare.
package main

import "downhill/build/bench/bare"

func main() { bare.Run(true) }
