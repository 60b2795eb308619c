package view

import (
	"math"

	"downhill/game/sim"
	"downhill/surfaces"
)

// surfaceCache is the surface sampled on the framing box: the loss grid,
// the display heights at three resolutions (the contour map's, the mesh's
// and the turning mesh's), the contour levels, isolines and their labels.
// Its key is the world's surface and framing generations; Gen counts its
// rebuilds, for the regions' keys.
type surfaceCache struct {
	key      [2]int // SurfaceGen, BoxGen
	Gen      int
	info     *surfaces.Info
	box      surfaces.Box
	grid     []float64 // losses on the GridN grid
	lo, hi   float64   // their finite range
	logScale bool
	hf       HeightField // display heights on the GridN grid
	mhf      HeightField // and on the MeshN grid
	chf      HeightField // and on the CoarseN grid, for a turning camera
	levels   []float64
	labelled []bool
	isolines []Segment
	pl       Polylines
	spots    []LabelSpot
}

// update resamples when the surface or the framing changed, and reports
// whether it did.
func (c *surfaceCache) update(wd *sim.World) bool {
	key := [2]int{wd.SurfaceGen, wd.BoxGen}
	if key == c.key && c.info != nil {
		return false
	}
	c.key = key
	c.Gen++
	c.info = wd.Info
	c.box = wd.Box
	c.grid, c.lo, c.hi = surfaces.Sample(wd.Surf, c.box, GridN, GridN, c.grid)
	c.logScale = wd.Info.LogHeight
	c.hf.Resize(c.box, GridN, GridN)
	for i, v := range c.grid {
		c.hf.H[i] = c.Height(v)
	}
	c.hf.UpdateRange()
	c.mhf.Resize(c.box, MeshN, MeshN)
	c.chf.Resize(c.box, CoarseN, CoarseN)
	for _, d := range [...]struct {
		hf   *HeightField
		n, k int
	}{{&c.mhf, MeshN, 2}, {&c.chf, CoarseN, 8}} {
		for j := 0; j < d.n; j++ {
			for i := 0; i < d.n; i++ {
				d.hf.H[j*d.n+i] = c.Height(c.grid[(d.k*j)*GridN+d.k*i])
			}
		}
		d.hf.UpdateRange()
		d.hf.Lo, d.hf.Hi = c.hf.Lo, c.hf.Hi // the same colours as the contour map
	}
	c.levels = Levels(c.lo, c.hi, 14, c.logScale, c.levels)
	c.labelled = LabelLevels(c.levels, 6, c.labelled)
	c.isolines = c.isolines[:0]
	c.spots = c.spots[:0]
	for k, lv := range c.levels {
		n := len(c.isolines)
		c.isolines = Isolines(c.grid, GridN, GridN, c.box, lv, c.isolines)
		if c.labelled[k] {
			c.pl.Join(c.isolines[n:])
			c.spots = LabelSpots(&c.pl, c.box, k, LabelOptions{}, c.spots)
		}
	}
	return true
}

// Height returns the display height of a loss (what the 3D view and the
// colour map show): the loss, or log(1 + L - lo) for a surface whose loss
// spans decades. Not a number stays not a number (undefined).
func (c *surfaceCache) Height(loss float64) float64 {
	if c.logScale && finite(loss) {
		return math.Log1p(math.Max(0, loss-c.lo))
	}
	return loss
}

// lossLog reports whether the loss plot uses a log scale: when every loss
// is positive.
func (c *surfaceCache) lossLog() bool { return c.lo >= 0 }

func inBox(w, b float64, box surfaces.Box) bool {
	return w >= box.WMin && w <= box.WMax && b >= box.BMin && b <= box.BMax
}
