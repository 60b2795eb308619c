package view

import (
	"downhill/game/sim"
	"math"
	"math/rand/v2"
	"testing"

	"downhill/surfaces"
)

// hillBox is the unit square with a tall round hill in the middle.
var hillBox = surfaces.Box{WMin: -1, WMax: 1, BMin: -1, BMax: 1}

func hill(w, b float64) float64 { return math.Exp(-(w*w + b*b) / 0.1) }

func TestZBufferBallBehindHill(t *testing.T) {
	hf := fieldOf(hillBox, 97, 97, hill)
	view := Rect{0, 0, 640, 640}
	for _, yaw := range []float64{0, math.Pi / 2, math.Pi, -math.Pi / 2, 0.4, -2.5} {
		cam := sim.Camera{Yaw: yaw, Pitch: 15 * deg, Zoom: 1}
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		var m Mesh
		var l Layer
		m.Build(hf, &p, &l, MeshOptions{})
		var zb ZBuffer
		zb.Rasterize(&m, view, 2)
		// u points from the centre towards the viewer.
		u0, u1 := math.Sin(yaw), -math.Cos(yaw)
		// Behind the hill, on the ground: hidden.
		x, y, d := p.ProjectOnSurface(-0.6*u0, -0.6*u1, hf)
		if zb.Visible(x, y, d) {
			t.Errorf("yaw %v: a ball behind the hill is visible", yaw)
		}
		// In front of it: visible. On the hill top: visible.
		x, y, d = p.ProjectOnSurface(0.6*u0, 0.6*u1, hf)
		if !zb.Visible(x, y, d) {
			t.Errorf("yaw %v: a ball in front of the hill is hidden", yaw)
		}
		x, y, d = p.ProjectOnSurface(0, 0, hf)
		if !zb.Visible(x, y, d) {
			t.Errorf("yaw %v: a ball on the hill top is hidden", yaw)
		}
		// Outside the view or the mesh: visible.
		if !zb.Visible(-10, -10, -100) || !zb.Visible(5, 5, -100) {
			t.Errorf("yaw %v: a point off the mesh is hidden", yaw)
		}
	}
}

// TestZBufferAgreesWithPick compares Visible with the exact answer from the
// ray pick: a surface point is visible when picking its pixel returns it.
func TestZBufferAgreesWithPick(t *testing.T) {
	view := Rect{30, 20, 640, 480}
	r := rand.New(rand.NewPCG(13, 14))
	fields := []*HeightField{fieldOf(testBox, 129, 129, hills), fieldOf(hillBox, 97, 97, hill)}
	var m Mesh
	var l Layer
	var zb ZBuffer
	var vis, visOK, hid, hidOK int
	for n := 0; n < 30; n++ {
		hf := fields[n%2]
		cam := sim.Camera{Yaw: r.Float64() * 2 * math.Pi, Pitch: sim.MinPitch + r.Float64()*(60*deg), Zoom: 0.7 + r.Float64()}
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		l.Reset()
		m.Build(hf, &p, &l, MeshOptions{})
		zb.Rasterize(&m, view, 2)
		for k := 0; k < 300; k++ {
			w := hf.Box.WMin + r.Float64()*(hf.Box.WMax-hf.Box.WMin)
			b := hf.Box.BMin + r.Float64()*(hf.Box.BMax-hf.Box.BMin)
			x, y, d := p.ProjectOnSurface(w, b, hf)
			if !view.Contains(x, y) {
				continue
			}
			w2, b2, _ := p.Pick(x, y, hf)
			_, _, d2 := p.ProjectOnSurface(w2, b2, hf)
			switch {
			case math.Abs(w2-w) < 1e-7 && math.Abs(b2-b) < 1e-7:
				vis++
				if zb.Visible(x, y, d) {
					visOK++
				}
			case d2 > d+0.1: // clearly behind a nearer slope
				hid++
				if !zb.Visible(x, y, d) {
					hidOK++
				}
			}
		}
	}
	t.Logf("visible points seen: %d/%d; hidden points hidden: %d/%d", visOK, vis, hidOK, hid)
	if vis < 1000 || hid < 100 {
		t.Fatalf("too few samples: %d visible, %d hidden", vis, hid)
	}
	if float64(visOK) < 0.99*float64(vis) {
		t.Errorf("only %d of %d visible surface points pass Visible", visOK, vis)
	}
	if float64(hidOK) < 0.97*float64(hid) {
		t.Errorf("only %d of %d clearly hidden points fail Visible", hidOK, hid)
	}
}

// hillsMesh is the hills on an n x n field seen from the default camera in
// a 640 x 640 view: the field, the view, the projection and the mesh built
// into l, for the tests and benchmarks of the mesh and the z-buffer.
type hillsMesh struct {
	hf   *HeightField
	view Rect
	p    Projection
	m    Mesh
	l    Layer
}

func newHillsMesh(n int, opts MeshOptions) *hillsMesh {
	h := &hillsMesh{hf: fieldOf(testBox, n, n, hills), view: Rect{0, 0, 640, 640}}
	h.p = NewProjection(sim.DefaultCamera(), h.view, h.hf.Box, h.hf.Lo, h.hf.Hi)
	h.m.Build(h.hf, &h.p, &h.l, opts)
	return h
}

func TestNoAllocs(t *testing.T) {
	h := newHillsMesh(97, MeshOptions{})
	hf, view, p := h.hf, h.view, h.p
	var zb ZBuffer
	zb.Rasterize(&h.m, view, 2)
	var sink float64
	for name, f := range map[string]func(){
		"Project":          func() { x, y, d := p.Project(0.1, 0.2, 0.3); sink += x + y + d },
		"ProjectOnSurface": func() { x, y, d := p.ProjectOnSurface(0.1, 0.2, hf); sink += x + y + d },
		"Pick":             func() { w, b, _ := p.Pick(300, 330, hf); sink += w + b },
		"Ray":              func() { o, d := p.Ray(300, 330); sink += o[0] + d[0] },
		"At":               func() { sink += hf.At(0.3, 0.4) },
		"Visible": func() {
			if zb.Visible(300, 300, 0.1) {
				sink++
			}
		},
		"Viridis":   func() { sink += float64(Viridis(0.3).G) },
		"NewCamera": func() { c := sim.DefaultCamera().Orbited(3, 4).Zoomed(1.1); sink += c.Yaw },
		"Projection": func() {
			q := NewProjection(sim.Camera{Yaw: 1, Pitch: 0.5, Zoom: 1}, view, hf.Box, 0, 1)
			sink += q.Scale
		},
		"VisibleMiss": func() { _ = zb.Visible(-50, 10, 0) },
	} {
		if a := testing.AllocsPerRun(100, f); a != 0 {
			t.Errorf("%s allocates %v times per call", name, a)
		}
	}
	_ = sink
}

func BenchmarkZBufferRasterize(b *testing.B) {
	h := newHillsMesh(129, MeshOptions{})
	var zb ZBuffer
	b.ReportAllocs()
	for b.Loop() {
		zb.Rasterize(&h.m, h.view, 2)
	}
}

func BenchmarkVisible(b *testing.B) {
	h := newHillsMesh(129, MeshOptions{})
	hf, p := h.hf, h.p
	var zb ZBuffer
	zb.Rasterize(&h.m, h.view, 2)
	b.ReportAllocs()
	n := 0
	for i := 0; b.Loop(); i++ {
		x, y, d := p.ProjectOnSurface(float64(i%97)*0.04-2, float64(i%89)*0.045-1, hf)
		if zb.Visible(x, y, d) {
			n++
		}
	}
	_ = n
}
