package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

const deg = Degree

func TestCameraClamped(t *testing.T) {
	for _, tc := range []struct{ in, want Camera }{
		{Camera{0, 0, 1}, Camera{0, MinPitch, 1}},
		{Camera{0, -1, 1}, Camera{0, MinPitch, 1}},
		{Camera{0, math.Pi / 2, 1}, Camera{0, MaxPitch, 1}},
		{Camera{0, 3, 1}, Camera{0, MaxPitch, 1}},
		{Camera{0, 0.5, 0.01}, Camera{0, 0.5, MinZoom}},
		{Camera{0, 0.5, 100}, Camera{0, 0.5, MaxZoom}},
		{Camera{3 * math.Pi, 0.5, 1}, Camera{math.Pi, 0.5, 1}},
		{Camera{-math.Pi, 0.5, 1}, Camera{math.Pi, 0.5, 1}},
		{Camera{-3 * math.Pi / 2, 0.5, 1}, Camera{math.Pi / 2, 0.5, 1}},
		{Camera{7, 0.5, 1}, Camera{7 - 2*math.Pi, 0.5, 1}},
		{Camera{math.NaN(), math.NaN(), math.Inf(1)}, DefaultCamera()},
	} {
		got := tc.in.Clamped()
		if math.Abs(got.Yaw-tc.want.Yaw) > 1e-12 || got.Pitch != tc.want.Pitch || got.Zoom != tc.want.Zoom {
			t.Errorf("%+v.Clamped() = %+v, want %+v", tc.in, got, tc.want)
		}
	}
	if MinPitch != 5*deg || MaxPitch != 89*deg {
		t.Errorf("pitch limits %v..%v degrees", MinPitch/deg, MaxPitch/deg)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 1000; n++ {
		c := Camera{r.NormFloat64() * 100, r.NormFloat64() * 3, r.ExpFloat64() * 3}.Clamped()
		if c.Yaw <= -math.Pi || c.Yaw > math.Pi || c.Pitch < MinPitch || c.Pitch > MaxPitch || c.Zoom < MinZoom || c.Zoom > MaxZoom {
			t.Fatalf("Clamped out of range: %+v", c)
		}
	}
}

func TestCameraOrbitZoom(t *testing.T) {
	c := DefaultCamera()
	c = c.Orbited(100, 0)
	if want := DefaultCamera().Yaw - 100*OrbitRadPerPx; math.Abs(c.Yaw-want) > 1e-12 {
		t.Errorf("yaw after drag right = %v, want %v", c.Yaw, want)
	}
	c = c.Orbited(0, 1e6)
	if c.Pitch != MaxPitch {
		t.Errorf("pitch after a long drag down = %v, want MaxPitch", c.Pitch)
	}
	c = c.Orbited(0, -1e6)
	if c.Pitch != MinPitch {
		t.Errorf("pitch after a long drag up = %v, want MinPitch", c.Pitch)
	}
	z := c.Zoom
	c = c.Zoomed(2)
	if c.Zoom != 2*z {
		t.Errorf("zoom = %v, want %v", c.Zoom, 2*z)
	}
	c = c.Zoomed(0)
	c = c.Zoomed(math.NaN())
	c = c.Zoomed(-3)
	if c.Zoom != 2*z {
		t.Errorf("bad factors changed the zoom to %v", c.Zoom)
	}
	c = c.Zoomed(1000)
	if c.Zoom != MaxZoom {
		t.Errorf("zoom = %v, want MaxZoom", c.Zoom)
	}

}
