// Package site builds Downhill's static site (dist/) and serves it:
// dist.go builds it, lecture.go writes lecture.html from the scene table,
// serve.go serves it with the precompressed encodings.
//
// The site is index.html (the page's markup, with the raw wasm size written
// into it), main.wasm, wasm_exec.js and the page's own files kept in
// wasm/web (its scripts and styles, the host-page library embed.js, the
// example course page), each text file and the wasm with a gzip copy (.gz)
// and, when the brotli command exists, a brotli one (.br). Every URL inside
// is relative, so the directory works from any static host and from any
// sub-path; a host that knows nothing of the copies serves the plain files.
package site
