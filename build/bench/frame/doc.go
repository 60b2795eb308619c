// Package frame holds the benchmark's Go side of a Downhill frame: its
// benchmarks time the world's tick (what Update does) and the scene's Frame
// (the CPU half of Draw) for the browser benchmark's scenarios, natively
// and, run by go run ./build bench, as js/wasm under node; and they count
// what the adapter hands to the GPU per frame: vertices, triangles,
// DrawTriangles calls and the pixels those triangles, the region fills and
// the final-screen copy cover. There is nothing to test here; go test runs
// no benchmark unless asked (-bench).
package frame
