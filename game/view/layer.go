package view

// Rect is a rectangle in screen pixels (device pixels of the canvas).
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether (x, y) lies inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && y >= r.Y && x < r.X+r.W && y < r.Y+r.H
}

// Batch is one DrawTriangles call's worth of geometry.
type Batch struct {
	Verts []Vertex
	Idx   []uint16
}

// Layer collects triangles drawn with one source image, split into batches
// of at most MaxVertices vertices. Its buffers are reused: Reset keeps the
// memory, so a layer rebuilt every frame allocates nothing once it has grown.
// Triangles are drawn in the order they were added (painter's order).
type Layer struct {
	batches []Batch
	n       int // batches in use
	// lowFrames counts the Release calls in a row that found the layer
	// holding far more than it used.
	lowFrames int
	// Solid is the source position of an opaque white texel in the layer's
	// source image: solid shapes sample it and take their colour from the
	// vertices.
	SolidX, SolidY float32
}

// Reset empties the layer, keeping its memory.
func (l *Layer) Reset() {
	for i := 0; i < l.n; i++ {
		l.batches[i].Verts = l.batches[i].Verts[:0]
		l.batches[i].Idx = l.batches[i].Idx[:0]
	}
	l.n = 0
}

// Batches returns the batches in drawing order. The slice is valid until
// the next change to the layer.
func (l *Layer) Batches() []Batch { return l.batches[:l.n] }

// Len returns the number of vertices in the layer.
func (l *Layer) Len() int {
	t := 0
	for i := 0; i < l.n; i++ {
		t += len(l.batches[i].Verts)
	}
	return t
}

// Reserve returns the batch that takes nv more vertices and the index of
// the first of them. Callers append nv vertices and their indices
// (offset by base) to the returned batch.
func (l *Layer) Reserve(nv int) (b *Batch, base uint16) {
	if l.n == 0 || len(l.batches[l.n-1].Verts)+nv > MaxVertices {
		if l.n == len(l.batches) {
			l.batches = append(l.batches, Batch{})
		}
		l.n++
	}
	b = &l.batches[l.n-1]
	if cap(b.Verts)-len(b.Verts) < nv {
		l.grow(b, nv)
	}
	return b, uint16(len(b.Verts))
}

// grow makes room for nv more vertices in b (and their indices, six for
// every four vertices) in larger steps than append's: append grows a large
// slice by a quarter at a time, so a batch filled one shape at a time was
// copied about fourteen times on its way to MaxVertices, and a scene's
// first frame (the mesh, the contour map's chrome) allocated 15 MB to keep
// 3, which is most of its time in a freshly started wasm. Doubling copies
// each batch at most a few times; a layer past its first batch is a large
// one, so its later batches start at the full size.
func (l *Layer) grow(b *Batch, nv int) {
	want := len(b.Verts) + nv
	c := max(2*cap(b.Verts), 64)
	if l.n > 1 {
		c = MaxVertices
	}
	c = max(min(c, MaxVertices), want)
	b.Verts = append(make([]Vertex, 0, c), b.Verts...)
	if ci := c * 3 / 2; cap(b.Idx) < ci {
		b.Idx = append(make([]uint16, 0, ci), b.Idx...)
	}
}

// Tri adds a solid triangle with per-corner colours.
func (l *Layer) Tri(x0, y0, x1, y1, x2, y2 float32, c0, c1, c2 Color) {
	b, i := l.Reserve(3)
	sx, sy := l.SolidX, l.SolidY
	b.Verts = append(b.Verts,
		Vertex{DstX: x0, DstY: y0, SrcX: sx, SrcY: sy, R: c0.R, G: c0.G, B: c0.B, A: c0.A},
		Vertex{DstX: x1, DstY: y1, SrcX: sx, SrcY: sy, R: c1.R, G: c1.G, B: c1.B, A: c1.A},
		Vertex{DstX: x2, DstY: y2, SrcX: sx, SrcY: sy, R: c2.R, G: c2.G, B: c2.B, A: c2.A},
	)
	b.Idx = append(b.Idx, i, i+1, i+2)
}

// Quad adds a solid quadrilateral (corners in order around it) with
// per-corner colours, as the triangles 0-1-2 and 0-2-3.
func (l *Layer) Quad(x, y [4]float32, c [4]Color) {
	b, i := l.Reserve(4)
	sx, sy := l.SolidX, l.SolidY
	for k := 0; k < 4; k++ {
		b.Verts = append(b.Verts, Vertex{DstX: x[k], DstY: y[k], SrcX: sx, SrcY: sy, R: c[k].R, G: c[k].G, B: c[k].B, A: c[k].A})
	}
	b.Idx = append(b.Idx, i, i+1, i+2, i, i+2, i+3)
}

// Rect adds a solid axis-aligned rectangle.
func (l *Layer) Rect(r Rect, c Color) {
	x0, y0 := float32(r.X), float32(r.Y)
	x1, y1 := float32(r.X+r.W), float32(r.Y+r.H)
	l.Quad([4]float32{x0, x1, x1, x0}, [4]float32{y0, y0, y1, y1}, [4]Color{c, c, c, c})
}

// Release frees the batches beyond those in use and shrinks batches far
// larger than what is used, once the layer has used that little for
// releaseAfter frames in a row: after a repaint of thousands of trails the
// memory goes back to the heap instead of staying with the layer, while a
// layer whose use swings from frame to frame (two steps in one frame, none
// in the next) keeps its buffers (shrinking at once made every other frame
// reallocate them: 100 allocations a frame at 2,000 balls, and the garbage
// collections they brought).
func (l *Layer) Release() {
	over := len(l.batches) > l.n+1
	for i := range l.batches {
		if b := &l.batches[i]; cap(b.Verts) > 4096 && len(b.Verts) < cap(b.Verts)/8 {
			over = true
		}
	}
	if !over {
		l.lowFrames = 0
		return
	}
	if l.lowFrames++; l.lowFrames < releaseAfter {
		return
	}
	l.lowFrames = 0
	for i := l.n + 1; i < len(l.batches); i++ {
		l.batches[i] = Batch{}
	}
	if len(l.batches) > l.n+1 {
		l.batches = l.batches[:l.n+1]
	}
	for i := range l.batches {
		b := &l.batches[i]
		if cap(b.Verts) > 4096 && len(b.Verts) < cap(b.Verts)/8 {
			b.Verts = append(make([]Vertex, 0, 2*len(b.Verts)+1024), b.Verts...)
			b.Idx = append(make([]uint16, 0, 2*len(b.Idx)+1536), b.Idx...)
		}
	}
}

// releaseAfter is how many frames in a row a layer uses far less than it
// holds before Release gives the rest back: about two seconds.
const releaseAfter = 120

// Append adds every triangle of o after l's, in o's order.
func (l *Layer) Append(o *Layer) {
	for _, ob := range o.Batches() {
		b, base := l.Reserve(len(ob.Verts))
		b.Verts = append(b.Verts, ob.Verts...)
		for _, i := range ob.Idx {
			b.Idx = append(b.Idx, base+i)
		}
	}
}
