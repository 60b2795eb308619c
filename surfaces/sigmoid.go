package surfaces

import "math"

// Sigmoid returns 1/(1+exp(-z)) and 1 - that, both to full relative
// precision and without overflow for any z: exp is only taken of -|z|.
func Sigmoid(z float64) (f, g float64) {
	e := math.Exp(-math.Abs(z))
	d := 1 / (1 + e)
	if z >= 0 {
		return d, e * d
	}
	return e * d, d
}

// Neuron is the lecture's model, the sigmoid neuron
// f(x) = 1/(1+exp(-(w*x+b))); it is Info.Model of the data-set surfaces.
func Neuron(w, b, x float64) float64 {
	f, _ := Sigmoid(w*x + b)
	return f
}

// dataSet is the squared error of the sigmoid neuron on a set of points:
//
//	L(w, b) = 1/2 * sum_i (y_i - f_i)^2,  f_i = 1/(1+exp(-(w*x_i+b)))
//
// With r = f - y and s = f*(1-f) (the sigmoid's slope), per point
//
//	dL/dz = r*s,                       dw = r*s*x,   db = r*s
//	d2L/dz2 = s*(s + r*(1-2f)),        hww = d2L/dz2*x^2, hwb = d2L/dz2*x, hbb = d2L/dz2
//
// summed over the batch. The Hessian is exact (not Gauss-Newton's s^2).
type dataSet struct {
	x, y []float64
	info *Info
	// groups merge points with equal x for Sample: the loss of n points
	// at one x is n*f^2/2 - f*sum(y) + sum(y^2)/2, one exp for all of them.
	groups []group
}

type group struct {
	x, n, sy, syy float64
}

func newDataSet(data []Point, info *Info) *dataSet {
	d := &dataSet{x: make([]float64, len(data)), y: make([]float64, len(data)), info: info}
	for i, p := range data {
		d.x[i], d.y[i] = p.X, p.Y
	}
	info.Data = append([]Point(nil), data...)
	info.Model = Neuron
	info.HeightLabel = "L(w, b) = 1/2 Σ (y − f(x))²"
	d.groups = groupByX(data)
	return d
}

func groupByX(data []Point) []group {
	var gs []group
outer:
	for _, p := range data {
		for i := range gs {
			if gs[i].x == p.X {
				gs[i].n++
				gs[i].sy += p.Y
				gs[i].syy += p.Y * p.Y
				continue outer
			}
		}
		gs = append(gs, group{x: p.X, n: 1, sy: p.Y, syy: p.Y * p.Y})
	}
	return gs
}

func (d *dataSet) Points() int { return len(d.x) }
func (d *dataSet) Info() *Info { return d.info }
func (d *dataSet) pointLoss(w, b float64, i int) float64 {
	f, _ := Sigmoid(w*d.x[i] + b)
	r := d.y[i] - f
	return 0.5 * r * r
}

func (d *dataSet) Loss(w, b float64, batch []uint8) float64 {
	s := 0.0
	if batch == nil {
		for i := range d.x {
			s += d.pointLoss(w, b, i)
		}
		return s
	}
	for _, i := range batch {
		s += d.pointLoss(w, b, int(i))
	}
	return s
}

// LossGrad returns the full-batch Loss and Grad at (w, b) at once, one
// sigmoid per point (half the work of calling both): the same sums, term
// by term, as Loss and Grad with a nil batch.
func (d *dataSet) LossGrad(w, b float64) (loss, dw, db float64) {
	for i, x := range d.x {
		f, g := Sigmoid(w*x + b)
		r := d.y[i] - f
		loss += 0.5 * r * r
		gz := (f - d.y[i]) * f * g
		dw += gz * x
		db += gz
	}
	return loss, dw, db
}

// pointGrad returns dL_i/dz = (f-y)*f*(1-f) for point i.
func (d *dataSet) pointGrad(w, b float64, i int) float64 {
	f, g := Sigmoid(w*d.x[i] + b)
	return (f - d.y[i]) * f * g
}

func (d *dataSet) Grad(w, b float64, batch []uint8) (dw, db float64) {
	if batch == nil {
		for i, x := range d.x {
			gz := d.pointGrad(w, b, i)
			dw += gz * x
			db += gz
		}
		return dw, db
	}
	for _, j := range batch {
		i := int(j)
		gz := d.pointGrad(w, b, i)
		dw += gz * d.x[i]
		db += gz
	}
	return dw, db
}

// pointCurv returns d2L_i/dz2 = s*(s + r*(1-2f)) for point i, with
// s = f*(1-f), r = f - y and 1-2f = (1-f) - f.
func (d *dataSet) pointCurv(w, b float64, i int) float64 {
	f, g := Sigmoid(w*d.x[i] + b)
	s := f * g
	return s * (s + (f-d.y[i])*(g-f))
}

func (d *dataSet) Hessian(w, b float64, batch []uint8) (hww, hwb, hbb float64) {
	if batch == nil {
		for i, x := range d.x {
			h := d.pointCurv(w, b, i)
			hww += h * x * x
			hwb += h * x
			hbb += h
		}
		return hww, hwb, hbb
	}
	for _, j := range batch {
		i := int(j)
		h := d.pointCurv(w, b, i)
		x := d.x[i]
		hww += h * x * x
		hwb += h * x
		hbb += h
	}
	return hww, hwb, hbb
}

// sampleRow fills row with the full loss at (w0 + i*dw, b): one term per
// distinct x instead of one per point, constant along the row for x = 0,
// and, while exp cannot overflow, no exp per vertex either: along the row
// q_i = exp(-(w_i*x + b)) = q_0 * exp(-dw*x)^i, f_i = 1/(1+q_i). The
// product drifts by about i ulps, far below what a height grid can show.
func (d *dataSet) sampleRow(row []float64, w0, dw, b float64) {
	for i := range row {
		row[i] = 0
	}
	n := len(row)
	for _, g := range d.groups {
		if g.x == 0 {
			f, _ := Sigmoid(b)
			v := 0.5*g.n*f*f - f*g.sy + 0.5*g.syy
			for i := range row {
				row[i] += v
			}
			continue
		}
		z0, z1 := w0*g.x+b, (w0+float64(n-1)*dw)*g.x+b
		if math.Abs(z0) < 500 && math.Abs(z1) < 500 {
			q, r := math.Exp(-z0), math.Exp(-dw*g.x)
			for i := range row {
				f := 1 / (1 + q)
				row[i] += 0.5*g.n*f*f - f*g.sy + 0.5*g.syy
				q *= r
			}
			continue
		}
		for i := range row {
			f, _ := Sigmoid((w0+float64(i)*dw)*g.x + b)
			row[i] += 0.5*g.n*f*f - f*g.sy + 0.5*g.syy
		}
	}
	for i, v := range row {
		if v < 0 { // rounding in the expanded square, near a zero minimum
			row[i] = 0
		}
	}
}
