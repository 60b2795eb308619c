package sim

import "math"

// Camera is where the 3D view looks from. The viewer orbits the centre of the
// box at a fixed distance; the picture is orthographic (see
// view.Projection), so only the direction matters, plus a zoom.
//
// Yaw is the viewer's heading in radians: at Yaw = 0 the viewer stands on the
// -b side of the box looking towards +b, with w increasing to the right; a
// positive Yaw turns the viewer counterclockwise seen from above (towards the
// +w side). Pitch is the viewer's elevation above the (w, b) plane in radians:
// 0 is level with the surface, pi/2 looks straight down (the contour map's
// orientation: w right, b up). Zoom 1 makes the box fit the view at every
// orientation; 2 doubles the size.
type Camera struct{ Yaw, Pitch, Zoom float64 }

// Limits of the camera, applied by Clamped.
//
// Pitch stays in [MinPitch, MaxPitch]: above 5 degrees the viewer is always
// over the surface, so it is never seen edge-on and the floor of the box never
// turns into a line; below 89 degrees the yaw still turns the picture instead
// of only spinning it about the screen centre, and the axes and box sides keep
// a visible thickness. Zoom stays in [MinZoom, MaxZoom]. The URL keys pitch
// and zoom accept exactly these ranges (in degrees for pitch).
const (
	MinPitchDeg = 5
	MaxPitchDeg = 89
	MinPitch    = MinPitchDeg * Degree
	MaxPitch    = MaxPitchDeg * Degree
	MinZoom     = 0.3
	MaxZoom     = 5
)

// Degree is one degree in radians, the one place the two meet: the page,
// the URL and the panel speak degrees (yaw, pitch, spin, a hue), the world
// and the views radians. deg*Degree is in radians, rad/Degree in degrees.
const Degree = math.Pi / 180

// OrbitRadPerPx is how far Orbit turns the camera per CSS pixel of drag, in
// radians: a drag across about 390 pixels turns the surface half way round.
const OrbitRadPerPx = 0.008

// DefaultCamera returns the view the app starts with and a double click or
// Home returns to: a three-quarter view from the (-w, -b) corner, 35 degrees
// above the plane, the box filling the view.
func DefaultCamera() Camera { return Camera{Yaw: -math.Pi / 4, Pitch: 35 * Degree, Zoom: 1} }

// Clamped returns c with the pitch clamped to [MinPitch, MaxPitch], the zoom
// to [MinZoom, MaxZoom] and the yaw wrapped to (-pi, pi]. A NaN or infinite
// field takes the DefaultCamera's value, so nothing can poison the
// projection.
func (c Camera) Clamped() Camera {
	d := DefaultCamera()
	if !finite(c.Yaw) {
		c.Yaw = d.Yaw
	}
	if !finite(c.Pitch) {
		c.Pitch = d.Pitch
	}
	if !finite(c.Zoom) {
		c.Zoom = d.Zoom
	}
	c.Yaw = wrapAngle(c.Yaw)
	c.Pitch = math.Min(math.Max(c.Pitch, MinPitch), MaxPitch)
	c.Zoom = math.Min(math.Max(c.Zoom, MinZoom), MaxZoom)
	return c
}

// wrapAngle maps a to (-pi, pi].
func wrapAngle(a float64) float64 {
	if a > -math.Pi && a <= math.Pi {
		return a
	}
	a = math.Mod(a, 2*math.Pi) // (-2pi, 2pi)
	if a <= -math.Pi {
		a += 2 * math.Pi
	} else if a > math.Pi {
		a -= 2 * math.Pi
	}
	return a
}

// Orbited returns the camera turned by a drag of (dx, dy) CSS pixels
// (screen y down), clamped. The surface follows the pointer: dragging right
// turns the surface's front to the right; dragging down lifts the viewer, so
// the surface tips towards a view from above.
func (c Camera) Orbited(dx, dy float64) Camera {
	c.Yaw -= dx * OrbitRadPerPx
	c.Pitch += dy * OrbitRadPerPx
	return c.Clamped()
}

// Zoomed returns the camera with its zoom multiplied by factor (> 1 zooms
// in), clamped. A factor that is not a positive finite number is ignored.
func (c Camera) Zoomed(factor float64) Camera {
	if factor > 0 && !math.IsInf(factor, 0) {
		c.Zoom *= factor
	}
	return c.Clamped()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
