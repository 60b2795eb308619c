package sim

import (
	"math"

	"downhill/optim"
	"downhill/surfaces"
)

// The 2D framing: which part of the (w, b) plane the contour map and the 3D
// view show. It starts as the surface's box; a zoom at the pointer, a pan
// or "Fit the paths" changes it. How far a ball may roll before it counts
// as diverged stays tied to the surface's own box.

// Zoom limits of the framing, relative to the surface's box: from a
// ten-thousandth of it (the end of a converging path) to a hundred times it
// (where a diverging ball went).
const (
	MinFrame = 1e-4
	MaxFrame = 100
)

func checkBox(b surfaces.Box) error {
	if !(b.WMax > b.WMin) || !(b.BMax > b.BMin) {
		return constError("needs w0 < w1 and b0 < b1")
	}
	for _, v := range [...]float64{b.WMin, b.WMax, b.BMin, b.BMax} {
		if !finite(v) || math.Abs(v) > maxCoord {
			return constError("reaches beyond |w|, |b| <= 1e6")
		}
	}
	if b.WMax-b.WMin < 1e-9 || b.BMax-b.BMin < 1e-9 {
		return constError("is narrower than 1e-9")
	}
	return nil
}

// frameTo moves the framing to b, refusing a box that is no box.
func (w *World) frameTo(b surfaces.Box) error {
	if err := checkBox(b); err != nil {
		return &optim.Error{Field: "box", Problem: "would be a framing that " + err.Error(), Accepted: boxSetting.Accepted}
	}
	w.setBox(b)
	return nil
}

func (w *World) setBox(b surfaces.Box) {
	if b != w.Box {
		w.Box = b
		w.BoxGen++
	}
}

// zoomMap zooms the framing by factor (> 1: closer) about the point
// (aw, ab), which stays where it is on the map.
func (w *World) zoomMap(aw, ab, factor float64) error {
	b := w.Box
	// Within the limits, whatever the factor asked.
	iw, ow := w.Info.Box.WMax-w.Info.Box.WMin, b.WMax-b.WMin
	factor = math.Min(math.Max(factor, ow/(iw*MaxFrame)), ow/(iw*MinFrame))
	return w.frameTo(surfaces.Box{
		WMin: aw - (aw-b.WMin)/factor, WMax: aw + (b.WMax-aw)/factor,
		BMin: ab - (ab-b.BMin)/factor, BMax: ab + (b.BMax-ab)/factor,
	})
}

// panMap moves the framing by (dw, db).
func (w *World) panMap(dw, db float64) error {
	b := w.Box
	return w.frameTo(surfaces.Box{WMin: b.WMin + dw, WMax: b.WMax + dw, BMin: b.BMin + db, BMax: b.BMax + db})
}

// fitPaths frames every ball's trail, position and start, with a margin,
// keeping the surface box's aspect (so an equal-scale map stays one). With
// no balls it shows the surface's box.
func (w *World) fitPaths() {
	lo := [2]float64{math.Inf(1), math.Inf(1)}
	hi := [2]float64{math.Inf(-1), math.Inf(-1)}
	add := func(x, y float64) {
		if !finite(x) || !finite(y) {
			return
		}
		lo[0], hi[0] = math.Min(lo[0], x), math.Max(hi[0], x)
		lo[1], hi[1] = math.Min(lo[1], y), math.Max(hi[1], y)
	}
	for _, b := range w.Balls {
		add(b.Start[0], b.Start[1])
		add(b.Pos[0], b.Pos[1])
		for _, p := range b.Trail.Pts {
			add(float64(p.W), float64(p.B))
		}
	}
	ib := w.Info.Box
	if !(lo[0] <= hi[0]) {
		w.setBox(ib)
		return
	}
	iw, ih := ib.WMax-ib.WMin, ib.BMax-ib.BMin
	cw, cb := (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
	// Half sizes with an 8% margin, in units of the surface's box, the same
	// on both axes.
	k := math.Max((hi[0]-lo[0])/iw, (hi[1]-lo[1])/ih) / 2 * 1.16
	k = math.Min(math.Max(k, MinFrame*50/2), MaxFrame/2)
	if w.frameTo(surfaces.Box{WMin: cw - k*iw, WMax: cw + k*iw, BMin: cb - k*ih, BMax: cb + k*ih}) != nil {
		w.setBox(ib) // paths too far out to frame: the whole box
	}
}
