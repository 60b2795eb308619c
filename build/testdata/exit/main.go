// Command exit is a stand-in wasm that panics at once, for the loader test
// that a Go panic is shown in words. It imports nothing heavy, so it builds
// in a second.
package main

func main() {
	panic("loader test: this wasm panics on purpose")
}
