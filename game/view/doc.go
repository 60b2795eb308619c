// Package view turns the world into pictures without touching a GPU: it lays
// out the views (layout.go), projects the 3D surface (camera.go, mesh.go,
// zbuf.go), traces contours (contour.go, levels.go) and builds the vertex
// lists the ebiten adapter hands to DrawTriangles (vertex.go, layer.go).
// Scene (scene.go) sequences the regions, each owning its cache: the 3D
// view, the contour map, the loss and fit plots, and the overlay of what
// moves. It also answers what lies under a position on the canvas
// (pick.go), for the controller (game/control, which turns input into
// commands) and window.downhill, and writes the figure in words for screen
// readers and sound (words.go, announce.go, sound.go).
//
// The views only read the world; they never change it. Everything here is
// plain Go, so it is tested on any machine.
package view
