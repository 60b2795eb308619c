package surfaces

import "math"

// rowSampler is implemented by surfaces that can fill a row of the height
// grid faster than one Loss call per vertex.
type rowSampler interface {
	sampleRow(row []float64, w0, dw, b float64)
}

// Sample fills dst (grown if short) with the loss on an nw x nb grid of
// vertices spanning box, row by row: dst[j*nw+i] = Loss(w_i, b_j, nil) with
// w_i = WMin + i*(WMax-WMin)/(nw-1), b_j = BMin + j*(BMax-BMin)/(nb-1)
// (a single column or row sits at WMin or BMin). It returns dst[:nw*nb] and
// the smallest and largest finite values (both 0 if there are none).
//
// The data-set surfaces merge points with equal x and step exp along each
// row, so a vertex costs a division per distinct nonzero x (sparse: 16
// instead of 100 sigmoids); their values may differ from Loss in the last
// few bits (relative 1e-13).
func Sample(s Surface, box Box, nw, nb int, dst []float64) (grid []float64, lo, hi float64) {
	if nw <= 0 || nb <= 0 {
		return dst[:0], 0, 0
	}
	n := nw * nb
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	dw, db := 0.0, 0.0
	if nw > 1 {
		dw = (box.WMax - box.WMin) / float64(nw-1)
	}
	if nb > 1 {
		db = (box.BMax - box.BMin) / float64(nb-1)
	}
	rs, fast := s.(rowSampler)
	for j := 0; j < nb; j++ {
		b := box.BMin + float64(j)*db
		row := dst[j*nw : (j+1)*nw]
		if fast {
			rs.sampleRow(row, box.WMin, dw, b)
			continue
		}
		for i := range row {
			row[i] = s.Loss(box.WMin+float64(i)*dw, b, nil)
		}
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range dst {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	if lo > hi { // no finite value
		return dst, 0, 0
	}
	return dst, lo, hi
}
