package view

import (
	"downhill/game/sim"
	"math"
	"math/rand/v2"
	"testing"
)

// layerTris returns the triangles of a layer in drawing order, as screen
// positions.
func layerTris(l *Layer) [][3][2]float32 {
	var tris [][3][2]float32
	for _, b := range l.Batches() {
		for k := 0; k+2 < len(b.Idx); k += 3 {
			var t [3][2]float32
			for c := 0; c < 3; c++ {
				v := b.Verts[b.Idx[k+c]]
				t[c] = [2]float32{v.DstX, v.DstY}
			}
			tris = append(tris, t)
		}
	}
	return tris
}

// paint rasterizes the triangles at pixel centres over a w x h view, in
// order, with the depth of each corner from depthOf. It returns the depth
// left by painting in order (the last triangle wins) and the true nearest
// depth (a z-buffer).
func paint(tris [][3][2]float32, w, h int, depthOf map[[2]float32]float64) (painter, nearest []float64, skipped int) {
	painter = make([]float64, w*h)
	nearest = make([]float64, w*h)
	for k := range painter {
		painter[k] = math.Inf(-1)
		nearest[k] = math.Inf(-1)
	}
	for _, t := range tris {
		var d [3]float64
		ok := true
		for c := 0; c < 3; c++ {
			v, found := depthOf[t[c]]
			if !found || math.IsNaN(v) {
				ok = false
			}
			d[c] = v
		}
		if !ok {
			skipped++
			continue
		}
		x0, y0 := float64(t[0][0]), float64(t[0][1])
		x1, y1 := float64(t[1][0]), float64(t[1][1])
		x2, y2 := float64(t[2][0]), float64(t[2][1])
		area := (x1-x0)*(y2-y0) - (x2-x0)*(y1-y0)
		if area == 0 {
			continue
		}
		minX := max(int(math.Floor(min(x0, x1, x2))), 0)
		maxX := min(int(math.Ceil(max(x0, x1, x2))), w-1)
		minY := max(int(math.Floor(min(y0, y1, y2))), 0)
		maxY := min(int(math.Ceil(max(y0, y1, y2))), h-1)
		for py := minY; py <= maxY; py++ {
			for px := minX; px <= maxX; px++ {
				sx, sy := float64(px)+0.5, float64(py)+0.5
				l1 := ((sx-x0)*(y2-y0) - (x2-x0)*(sy-y0)) / area
				l2 := ((x1-x0)*(sy-y0) - (sx-x0)*(y1-y0)) / area
				l0 := 1 - l1 - l2
				if l0 < 0 || l1 < 0 || l2 < 0 {
					continue
				}
				z := l0*d[0] + l1*d[1] + l2*d[2]
				painter[py*w+px] = z
				nearest[py*w+px] = max(nearest[py*w+px], z)
			}
		}
	}
	return painter, nearest, skipped
}

// TestPainterOrder draws meshes in the order Build emits them and checks,
// pixel by pixel, that what painting in that order leaves on top is the
// nearest surface (what a z-buffer would keep), for random cameras, a
// smooth surface and one with random heights at every vertex. It also
// checks the test has teeth: the reverse order fails.
func TestPainterOrder(t *testing.T) {
	const W, H = 240, 200
	view := Rect{0, 0, W, H}
	r := rand.New(rand.NewPCG(11, 12))
	fields := []*HeightField{
		fieldOf(testBox, 31, 25, hills),
		roughField(testBox, 25, 25, r),
	}
	yaws := []float64{0, math.Pi / 2, math.Pi, -math.Pi / 2, math.Pi / 4, -3 * math.Pi / 4}
	for n := 0; n < 40; n++ {
		hf := fields[n%2]
		cam := sim.Camera{Yaw: r.Float64() * 2 * math.Pi, Pitch: sim.MinPitch + r.Float64()*(50*deg), Zoom: 0.8 + r.Float64()}
		if n < len(yaws) {
			cam.Yaw = yaws[n]
		}
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		var m Mesh
		var l Layer
		m.Build(hf, &p, &l, MeshOptions{})

		depthOf := map[[2]float32]float64{}
		for j := 0; j < hf.NB; j++ {
			for i := 0; i < hf.NW; i++ {
				x, y, d := p.Project(hf.W(i), hf.B(j), hf.H[j*hf.NW+i])
				key := [2]float32{float32(x), float32(y)}
				if old, dup := depthOf[key]; dup && old != d {
					d = math.NaN() // two vertices on one spot: skip their triangles
				}
				depthOf[key] = d
			}
		}
		tris := layerTris(&l)
		if want := 2 * (hf.NW - 1) * (hf.NB - 1); len(tris) != want {
			t.Fatalf("%d triangles, want %d", len(tris), want)
		}
		painter, nearest, skipped := paint(tris, W, H, depthOf)
		if skipped > 4 {
			t.Fatalf("%d triangles not matched to grid vertices", skipped)
		}
		bad, covered := 0, 0
		for k := range painter {
			if !math.IsInf(nearest[k], -1) {
				covered++
			}
			if painter[k] < nearest[k]-1e-4 {
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("camera %+v (field %d): %d of %d pixels show a hidden triangle", cam, n%2, bad, covered)
		}
		if covered < W*H/20 {
			t.Errorf("camera %+v: the mesh covers only %d pixels", cam, covered)
		}

		// Reversed (near to far) the same check must fail.
		rev := make([][3][2]float32, len(tris))
		for k := range tris {
			rev[len(tris)-1-k] = tris[k]
		}
		painter, nearest, _ = paint(rev, W, H, depthOf)
		bad = 0
		for k := range painter {
			if painter[k] < nearest[k]-1e-4 {
				bad++
			}
		}
		if bad == 0 && hf == fields[1] {
			t.Errorf("camera %+v: reversed order passes too on the rough field; the check is blind", cam)
		}
	}
}

func TestMeshBuildNoAlloc(t *testing.T) {
	opts := MeshOptions{GridEvery: 8}
	h := newHillsMesh(97, opts)
	hf, view, p, m, l := h.hf, h.view, h.p, &h.m, &h.l
	if got, min := len(layerTris(l)), 2*96*96; got < min {
		t.Fatalf("layer holds %d triangles, want at least %d", got, min)
	}
	cam := sim.DefaultCamera()
	a := testing.AllocsPerRun(5, func() {
		cam = cam.Orbited(37, 5) // every yaw quadrant in turn
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		l.Reset()
		m.Build(hf, &p, l, opts)
	})
	if a != 0 {
		t.Errorf("a second Build allocates %v times", a)
	}
	var axes Axes
	if a := testing.AllocsPerRun(10, func() { p.Axes(nil, nil, nil, &axes) }); a != 0 {
		t.Errorf("Axes allocates %v times", a)
	}
}

// TestMeshLighting: slopes turned to the light are brighter than slopes
// turned away, and colour follows height.
func TestMeshLighting(t *testing.T) {
	// A ridge along b: one face towards -w, one towards +w.
	hf := fieldOf(testBox, 41, 41, func(w, b float64) float64 { return 2 - math.Abs(w) })
	view := Rect{0, 0, 400, 400}
	// Viewer on the -b side: the light comes from the left (-w), so the
	// face towards -w (left of the ridge) is lit.
	p := NewProjection(sim.Camera{Yaw: 0, Pitch: 40 * deg, Zoom: 1}, view, hf.Box, hf.Lo, hf.Hi)
	var m Mesh
	var l Layer
	m.Build(hf, &p, &l, MeshOptions{})
	// Compare the two faces at equal height (same viridis colour).
	lum := func(c Color) float32 { return c.R + c.G + c.B }
	left := m.col[20*41+10]  // w = -1
	right := m.col[20*41+30] // w = +1
	if !(lum(left) > lum(right)*1.2) {
		t.Errorf("lit slope %v not brighter than the shaded one %v", left, right)
	}
	// Flat ground is lit fairly brightly.
	flat := fieldOf(testBox, 5, 5, func(w, b float64) float64 { return w })
	p = NewProjection(sim.DefaultCamera(), view, flat.Box, -5, 5)
	var m2 Mesh
	m2.Build(flat, &p, &l, MeshOptions{Ambient: 0.35})
	for k, c := range m2.col {
		base := Viridis(flat.Norm(flat.H[k]))
		if c.R > base.R+1e-6 || c.G > base.G+1e-6 || c.B > base.B+1e-6 || c.A != 1 {
			t.Fatalf("vertex %d brighter than its colour: %v > %v", k, c, base)
		}
	}
}

func TestMeshGridLines(t *testing.T) {
	hf := fieldOf(testBox, 17, 17, hills)
	p := NewProjection(sim.DefaultCamera(), Rect{0, 0, 300, 300}, hf.Box, hf.Lo, hf.Hi)
	var m Mesh
	var l0, l4 Layer
	m.Build(hf, &p, &l0, MeshOptions{})
	m.Build(hf, &p, &l4, MeshOptions{GridEvery: 4})
	// Grid lines at i = 0, 4, 8, 12, 16 and the same in j, each 16 cells
	// long, each cell edge drawn by the cells on both sides (border: one).
	lines := 5*16*2*2 - 2*16*2
	if got, want := l4.Len()-l0.Len(), 4*lines; got != want {
		t.Errorf("grid lines add %d vertices, want %d", got, want)
	}
}

func TestAxes(t *testing.T) {
	view := Rect{0, 0, 500, 400}
	p := NewProjection(sim.DefaultCamera(), view, testBox, 0, 2)
	var a Axes
	p.Axes(nil, nil, []float64{-1, 0.5, 1, 1.5, 3}, &a)
	// From the (-w, -b) corner the w axis runs along b = BMin, the b axis
	// along w = WMin, both on the floor.
	x0, y0, _ := p.Project(testBox.WMin, testBox.BMin, 0)
	x1, y1, _ := p.Project(testBox.WMax, testBox.BMin, 0)
	if a.W.X0 != x0 || a.W.Y0 != y0 || a.W.X1 != x1 || a.W.Y1 != y1 {
		t.Errorf("w axis %+v, want (%v,%v)-(%v,%v)", a.W, x0, y0, x1, y1)
	}
	if got := a.W.TickList(); len(got) != 5 || got[0].Value != -2 || got[4].Value != 2 {
		t.Errorf("w ticks %+v", got)
	}
	if got := a.H.TickList(); len(got) != 3 || got[0].Value != 0.5 || got[2].Value != 1.5 {
		t.Errorf("height ticks %+v, want 0.5, 1, 1.5", got)
	}
	// The height axis is upright on screen and goes up.
	if math.Abs(a.H.X0-a.H.X1) > 1e-9 || !(a.H.Y1 < a.H.Y0) {
		t.Errorf("height axis %+v not upright", a.H)
	}
	// The outward directions point away from the box centre.
	cx, cy, _ := p.Project(0, 1, 0)
	for _, ax := range []Axis{a.W, a.B, a.H} {
		mx, my := (ax.X0+ax.X1)/2, (ax.Y0+ax.Y1)/2
		if (mx-cx)*ax.OutX+(my-cy)*ax.OutY <= 0 {
			t.Errorf("axis %+v points inwards", ax)
		}
	}
	// Three back edges: two on the floor, one upright, at the far corner.
	back := 0
	for _, e := range a.Edges {
		if e.Back {
			back++
		}
	}
	if back != 3 {
		t.Errorf("%d back edges, want 3", back)
	}
	// Every tick lies on its axis line.
	for _, ax := range []Axis{a.W, a.B, a.H} {
		for _, tk := range ax.TickList() {
			cross := (ax.X1-ax.X0)*(tk.Y-ax.Y0) - (ax.Y1-ax.Y0)*(tk.X-ax.X0)
			if math.Abs(cross)/math.Hypot(ax.X1-ax.X0, ax.Y1-ax.Y0) > 1e-6 {
				t.Errorf("tick %+v off its axis", tk)
			}
		}
	}
}

func benchMesh(b *testing.B, n int) {
	hf := fieldOf(testBox, n+1, n+1, hills)
	view := Rect{0, 0, 640, 640}
	var m Mesh
	var l Layer
	cam := sim.DefaultCamera()
	b.ReportAllocs()
	for b.Loop() {
		cam = cam.Orbited(3, 0)
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		l.Reset()
		m.Build(hf, &p, &l, MeshOptions{GridEvery: 8})
	}
}

func BenchmarkMeshBuild96(b *testing.B)  { benchMesh(b, 96) }
func BenchmarkMeshBuild128(b *testing.B) { benchMesh(b, 128) }
