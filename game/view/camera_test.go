package view

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"downhill/game/sim"
	"downhill/surfaces"
)

const deg = sim.Degree

// TestOrbitTurnsTheFrontWithTheDrag: dragging right moves the front of the
// surface right on screen.
func TestOrbitTurnsTheFrontWithTheDrag(t *testing.T) {
	view := Rect{0, 0, 400, 400}
	front := func(c sim.Camera) float64 {
		p := NewProjection(c, view, testBox, 0, 1)
		// The point of the box nearest the viewer at yaw 0: b = BMin.
		x, _, _ := p.Project(0, testBox.BMin, 0)
		return x
	}
	c0 := sim.Camera{Yaw: 0, Pitch: 30 * deg, Zoom: 1}
	c1 := c0.Orbited(20, 0)
	if front(c1) <= front(c0) {
		t.Errorf("drag right moved the front point left: %v -> %v", front(c0), front(c1))
	}
}

func TestProjectionOrientation(t *testing.T) {
	view := Rect{10, 20, 300, 200}
	box := testBox
	cw, cb := (box.WMin+box.WMax)/2, (box.BMin+box.BMax)/2

	// Default camera: the (-w, -b) corner is the nearest, the (+w, +b) the
	// furthest, and higher is further up the screen.
	p := NewProjection(sim.DefaultCamera(), view, box, 0, 1)
	_, _, dNear := p.Project(box.WMin, box.BMin, 0)
	_, _, dFar := p.Project(box.WMax, box.BMax, 0)
	if !(dNear > dFar) {
		t.Errorf("depth of (-w,-b) corner %v not nearer than (+w,+b) %v", dNear, dFar)
	}
	_, yLow, _ := p.Project(cw, cb, 0)
	_, yHigh, _ := p.Project(cw, cb, 1)
	if !(yHigh < yLow) {
		t.Errorf("a higher point is not higher on screen: y %v vs %v", yHigh, yLow)
	}
	// The box centre sits in the middle of the view.
	x, y, d := p.Project(cw, cb, 0.5)
	if math.Abs(x-160) > 1e-9 || math.Abs(y-120) > 1e-9 || math.Abs(d) > 1e-12 {
		t.Errorf("centre projects to %v %v depth %v", x, y, d)
	}

	// Looking down, the view is the contour map's: w right, b up.
	p = NewProjection(sim.Camera{Yaw: 0, Pitch: sim.MaxPitch, Zoom: 1}, view, box, 0, 1)
	x0, y0, _ := p.Project(cw, cb, 0)
	x1, _, _ := p.Project(cw+1, cb, 0)
	_, y2, _ := p.Project(cw, cb+1, 0)
	if !(x1 > x0) || !(y2 < y0) {
		t.Errorf("top view is not w right, b up")
	}
}

func TestProjectionFitsView(t *testing.T) {
	view := Rect{0, 0, 640, 360}
	r := rand.New(rand.NewPCG(5, 6))
	for n := 0; n < 500; n++ {
		cam := sim.Camera{Yaw: r.Float64() * 2 * math.Pi, Pitch: sim.MinPitch + r.Float64()*(sim.MaxPitch-sim.MinPitch), Zoom: 1}
		p := NewProjection(cam, view, testBox, -3, 7)
		for _, c := range [8][3]float64{{-2, -1, -3}, {2, -1, -3}, {2, 3, -3}, {-2, 3, -3}, {-2, -1, 7}, {2, -1, 7}, {2, 3, 7}, {-2, 3, 7}} {
			x, y, _ := p.Project(c[0], c[1], c[2])
			if x < 0 || x > view.W || y < 0 || y > view.H {
				t.Fatalf("camera %+v: corner %v at (%v, %v) is outside the view", cam, c, x, y)
			}
		}
	}
}

func TestProjectionNormalizeRay(t *testing.T) {
	view := Rect{0, 0, 500, 400}
	r := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 200; n++ {
		cam := sim.Camera{Yaw: r.Float64() * 7, Pitch: r.Float64() * 2, Zoom: 0.5 + r.Float64()*2}
		p := NewProjection(cam, view, testBox, -1, 4)
		w := -2 + 4*r.Float64()
		b := -1 + 4*r.Float64()
		h := -1 + 5*r.Float64()
		nx, ny, nz := p.Normalize(w, b, h)
		w2, b2, h2 := p.Unnormalize(nx, ny, nz)
		if math.Abs(w-w2) > 1e-12 || math.Abs(b-b2) > 1e-12 || math.Abs(h-h2) > 1e-12 {
			t.Fatalf("Unnormalize(Normalize) = %v %v %v, want %v %v %v", w2, b2, h2, w, b, h)
		}
		// The ray through the projected point passes through the point.
		x, y, _ := p.Project(w, b, h)
		o, d := p.Ray(x, y)
		v := [3]float64{nx - o[0], ny - o[1], nz - o[2]}
		t0 := v[0]*d[0] + v[1]*d[1] + v[2]*d[2]
		if t0 <= 0 {
			t.Fatalf("the point is behind the ray's origin")
		}
		dist := math.Sqrt(sq(v[0]-t0*d[0]) + sq(v[1]-t0*d[1]) + sq(v[2]-t0*d[2]))
		if dist > 1e-9 {
			t.Fatalf("ray misses the point by %v", dist)
		}
	}
	// Flat height range: everything sits mid-box, Unnormalize gives HLo.
	p := NewProjection(sim.DefaultCamera(), view, testBox, 2, 2)
	if _, _, z := p.Normalize(0, 0, 5); z != DefaultZScale/2 {
		t.Errorf("flat range z = %v", z)
	}
	if _, _, h := p.Unnormalize(0, 0, 0.1); h != 2 {
		t.Errorf("flat range h = %v", h)
	}
}

func sq(x float64) float64 { return x * x }

// TestPickRoundTrip projects points of the surface and picks them back.
// The pick is exact on the bilinear surface, so a point comes back to
// rounding, far inside the brief's "within a cell", unless a nearer part of
// the surface hides it; then what is picked must be that nearer part, under
// the same pixel.
func TestPickRoundTrip(t *testing.T) {
	view := Rect{20, 10, 600, 500}
	r := rand.New(rand.NewPCG(9, 10))
	fields := []*HeightField{
		fieldOf(testBox, 97, 97, hills),
		fieldOf(testBox, 129, 65, hills),
		roughField(testBox, 41, 41, r),
	}
	same, hidden := 0, 0
	const n = 6000
	for k := 0; k < n; k++ {
		hf := fields[k%len(fields)]
		cam := sim.Camera{Yaw: r.Float64() * 2 * math.Pi, Pitch: sim.MinPitch + r.Float64()*(sim.MaxPitch-sim.MinPitch), Zoom: 0.5 + 1.5*r.Float64()}
		if k%10 == 0 {
			cam.Pitch = []float64{sim.MinPitch, sim.MaxPitch}[k/10%2]
		}
		p := NewProjection(cam, view, hf.Box, hf.Lo, hf.Hi)
		w := hf.Box.WMin + r.Float64()*(hf.Box.WMax-hf.Box.WMin)
		b := hf.Box.BMin + r.Float64()*(hf.Box.BMax-hf.Box.BMin)
		x, y, d := p.ProjectOnSurface(w, b, hf)
		w2, b2, ok := p.Pick(x, y, hf)
		if !ok {
			t.Fatalf("camera %+v: pick of the surface point (%v, %v) missed", cam, w, b)
		}
		if math.Abs(w2-w) <= 1e-7 && math.Abs(b2-b) <= 1e-7 {
			same++
			continue
		}
		x2, y2, d2 := p.ProjectOnSurface(w2, b2, hf)
		if math.Hypot(x2-x, y2-y) > 1e-6 || d2 <= d {
			t.Fatalf("camera %+v: (%v, %v) picked back as (%v, %v), at (%v, %v) depth %v vs (%v, %v) depth %v",
				cam, w, b, w2, b2, x2, y2, d2, x, y, d)
		}
		hidden++
	}
	t.Logf("picked back exactly: %d, hidden behind a nearer slope: %d", same, hidden)
	if same < n/2 {
		t.Errorf("only %d of %d points picked back", same, n)
	}
}

func TestPickMiss(t *testing.T) {
	hf := fieldOf(testBox, 33, 33, hills)
	view := Rect{0, 0, 400, 400}
	p := NewProjection(sim.DefaultCamera(), view, hf.Box, hf.Lo, hf.Hi)
	for _, pt := range [][2]float64{{1, 1}, {399, 1}, {1, 399}, {399, 399}, {-500, 200}} {
		if w, b, ok := p.Pick(pt[0], pt[1], hf); ok {
			t.Errorf("Pick(%v) hit (%v, %v), want a miss", pt, w, b)
		}
	}
	if _, _, ok := p.Pick(200, 200, hf); !ok {
		t.Errorf("Pick at the centre of the view missed")
	}
	if _, _, ok := p.Pick(200, 200, &HeightField{}); ok {
		t.Errorf("Pick on an empty height field hit")
	}
}

func BenchmarkPick(b *testing.B) {
	hf := fieldOf(testBox, 129, 129, hills)
	view := Rect{0, 0, 640, 640}
	p := NewProjection(sim.DefaultCamera(), view, hf.Box, hf.Lo, hf.Hi)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Pick(200+float64(i%240), 200+float64(i/240%240), hf)
	}
}

func BenchmarkProject(b *testing.B) {
	hf := fieldOf(testBox, 129, 129, hills)
	p := NewProjection(sim.DefaultCamera(), Rect{0, 0, 640, 640}, hf.Box, hf.Lo, hf.Hi)
	b.ReportAllocs()
	var s float64
	for i := 0; b.Loop(); i++ {
		x, y, d := p.ProjectOnSurface(float64(i%100)*0.04-2, 0.5, hf)
		s += x + y + d
	}
	_ = s
}

// A click on the 3D view drops a ball where the ray through the pixel meets
// the surface: projecting a point of the surface and picking the pixel
// gives the point back.
func ExampleProjection_Pick() {
	box := surfaces.Box{WMin: -6, WMax: 6, BMin: -6, BMax: 6}
	hf := &HeightField{}
	hf.Resize(box, 97, 97)
	for j := 0; j < hf.NB; j++ {
		for i := 0; i < hf.NW; i++ {
			w, b := hf.W(i), hf.B(j)
			hf.H[j*hf.NW+i] = math.Log1p(w*w + 0.5*b*b) // display heights
		}
	}
	hf.UpdateRange()
	p := NewProjection(sim.DefaultCamera(), Rect{X: 0, Y: 0, W: 800, H: 600}, box, hf.Lo, hf.Hi)
	x, y, _ := p.ProjectOnSurface(1.5, -2, hf)
	w, b, ok := p.Pick(x, y, hf)
	fmt.Printf("(%.3f, %.3f) %v\n", w, b, ok)
	_, _, ok = p.Pick(5, 5, hf) // the corner of the view: background
	fmt.Println(ok)
	// Output:
	// (1.500, -2.000) true
	// false
}
