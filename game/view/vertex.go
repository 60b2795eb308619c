package view

// Vertex mirrors ebiten.Vertex field for field (same order, same types), so
// the adapter passes a []Vertex to DrawTriangles without copying. The
// adapter cannot be tested natively (it imports ebiten); instead it fails
// to compile unless every field has its ebiten namesake's offset and type
// and the sizes agree (vertexMismatch in game/game.go).
type Vertex struct {
	DstX, DstY     float32
	SrcX, SrcY     float32
	R, G, B, A     float32
	C0, C1, C2, C3 float32
}

// Color is a straight-alpha colour with components in [0, 1].
type Color struct{ R, G, B, A float32 }

// RGB returns an opaque colour from 8-bit components.
func RGB(r, g, b uint8) Color {
	return Color{float32(r) / 255, float32(g) / 255, float32(b) / 255, 1}
}

// WithAlpha returns c with alpha a.
func (c Color) WithAlpha(a float32) Color { c.A = a; return c }

// MaxVertices is the most vertices one batch (one DrawTriangles call)
// holds. Indices are uint16, so 65,535 would do; but ebiten keeps, for
// every image drawn on, a buffer as large as the largest call it saw, and a
// command queue as large as the largest frame: batches of 8,192 (393 KB of
// vertex data) bound the first (measured: 23.8 MB of such buffers at 500
// balls with 65,535).
const MaxVertices = 8192
