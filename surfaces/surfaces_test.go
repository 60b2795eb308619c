package surfaces_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"downhill/optim"
	"downhill/surfaces"
	"downhill/surfaces/expr"
)

// customExprs are the custom surfaces the generic tests run on.
var customExprs = []string{
	"(1 - w)^2 + 100*(b - w^2)^2",
	"sigmoid(w*b) + sin(w)*cos(b) + 0.1*exp(b/3) + w^2/10",
}

// all returns every built-in surface, the custom one once per customExprs.
func all(t testing.TB) []surfaces.Surface {
	t.Helper()
	var ss []surfaces.Surface
	for _, name := range surfaces.Names() {
		fs := []string{""}
		if name == "custom" {
			fs = customExprs
		}
		for _, f := range fs {
			s, err := surfaces.New(name, f)
			if err != nil {
				t.Fatalf("New(%q, %q): %v", name, f, err)
			}
			ss = append(ss, s)
		}
	}
	return ss
}

func mustNew(t testing.TB, name string) surfaces.Surface {
	t.Helper()
	s, err := surfaces.New(name, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNames(t *testing.T) {
	want := "neuron valley sparse rosenbrock beale himmelblau saddle bowl rastrigin plateau custom"
	if got := strings.Join(surfaces.Names(), " "); got != want {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
	n := surfaces.Names()
	n[0] = "changed"
	if surfaces.Names()[0] != "neuron" {
		t.Fatal("Names returns a shared slice")
	}
}

func TestUnknownSurface(t *testing.T) {
	_, err := surfaces.New("rosenbrok", "")
	if err == nil {
		t.Fatal("no error for an unknown surface")
	}
	msg := err.Error()
	for _, want := range []string{"surface", `"rosenbrok"`, "neuron", "rosenbrock", "custom"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	var se *optim.Error
	if !errors.As(err, &se) || se.Field != "surface" {
		t.Errorf("error %#v is not a *surfaces.Error for field surface", err)
	}
}

func TestInfo(t *testing.T) {
	for _, s := range all(t) {
		in := s.Info()
		name := in.Name
		if in.Title == "" || in.About == "" || in.HeightLabel == "" {
			t.Errorf("%s: Title, About or HeightLabel empty", name)
		}
		if !(in.Box.WMin < in.Box.WMax && in.Box.BMin < in.Box.BMax) {
			t.Errorf("%s: empty box %+v", name, in.Box)
		}
		if len(in.Starts) == 0 {
			t.Errorf("%s: no starting points", name)
		}
		inBox := func(p surfaces.Point) bool {
			return in.Box.WMin <= p.X && p.X <= in.Box.WMax && in.Box.BMin <= p.Y && p.Y <= in.Box.BMax
		}
		for _, p := range append(append([]surfaces.Point(nil), in.Starts...), in.Minima...) {
			if !inBox(p) {
				t.Errorf("%s: start or minimum %v outside the box %+v", name, p, in.Box)
			}
		}
		for k, v := range in.LR {
			switch k {
			case "gd", "momentum", "nag", "adagrad", "rmsprop", "adam", "nadam", "amsgrad", "newton":
			default:
				t.Errorf("%s: LR key %q is not an optimizer name", name, k)
			}
			if !(v > 0) {
				t.Errorf("%s: LR[%q] = %v", name, k, v)
			}
		}
		if name != "custom" && len(in.LR) != 9 {
			t.Errorf("%s: LR has %d optimizers, want all 9 but line search", name, len(in.LR))
		}
		for i, e := range in.Etas {
			if !(e > 0) || i > 0 && e <= in.Etas[i-1] {
				t.Errorf("%s: line search etas %v are not positive and increasing", name, in.Etas)
			}
		}
		data := name == "neuron" || name == "valley" || name == "sparse"
		if data != (in.Data != nil) || data != (in.Model != nil) {
			t.Errorf("%s: Data/Model set = %v/%v, want %v", name, in.Data != nil, in.Model != nil, data)
		}
		if data && len(in.Data) != s.Points() {
			t.Errorf("%s: %d data points, Points() = %d", name, len(in.Data), s.Points())
		}
		if !data && s.Points() != 1 {
			t.Errorf("%s: Points() = %d for an analytic function", name, s.Points())
		}
	}
	// Each New gets its own Info.
	a, b := mustNew(t, "neuron"), mustNew(t, "neuron")
	a.Info().Box.WMin = -100
	a.Info().Data[0].Y = 7
	if b.Info().Box.WMin != -6 || b.Info().Data[0].Y != 0.2 || a.Loss(0.5, 0, nil) != b.Loss(0.5, 0, nil) {
		t.Error("surfaces share their Info or their data")
	}
}

// TestLectureTable checks the loss table of the lecture's 5.1. The slide
// prints 0.0730 for (0.5, 0); the formula gives 0.073114, so 0.0731 is
// asserted (lecture/README.md notes the same).
func TestLectureTable(t *testing.T) {
	s := mustNew(t, "neuron")
	for _, c := range []struct{ w, b, want float64 }{
		{0.5, 0, 0.0731}, // slide: 0.0730
		{-0.1, 0, 0.1481},
		{0.94, -0.95, 0.0214},
		{1.43, -1.74, 0.0028},
		{1.65, -2.08, 0.0003},
		{1.79, -2.28, 0.0000},
	} {
		got := s.Loss(c.w, c.b, nil)
		if r := math.Round(got*1e4) / 1e4; r != c.want {
			t.Errorf("L(%v, %v) = %.6f, rounds to %.4f, want %.4f", c.w, c.b, got, r, c.want)
		}
	}
	// The per-point losses sum to the full loss.
	if l0, l1, l := s.Loss(0.5, 0, []uint8{0}), s.Loss(0.5, 0, []uint8{1}), s.Loss(0.5, 0, nil); math.Abs(l0+l1-l) > 1e-16 {
		t.Errorf("batch losses %v + %v != %v", l0, l1, l)
	}
}

func TestNeuronMinimum(t *testing.T) {
	s := mustNew(t, "neuron")
	m := s.Info().Minima[0]
	// w* = (logit 0.9 - logit 0.2)/2 = (ln 9 - ln 0.25)/2, b* = logit 0.2 - 0.5 w*.
	w := (math.Log(9) - math.Log(0.25)) / 2
	b := math.Log(0.25) - 0.5*w
	if math.Abs(m.X-w) > 1e-15 || math.Abs(m.Y-b) > 1e-15 {
		t.Errorf("minimum %v, want (%v, %v)", m, w, b)
	}
	if math.Abs(m.X-1.79176) > 5e-6 || math.Abs(m.Y+2.28217) > 5e-6 {
		t.Errorf("minimum %v, the lecture gives (1.79176, -2.28217)", m)
	}
	for i, p := range s.Info().Data {
		if f := s.Info().Model(m.X, m.Y, p.X); math.Abs(f-p.Y) > 1e-15 {
			t.Errorf("the fitted sigmoid misses point %d: f(%v) = %v, want %v", i, p.X, f, p.Y)
		}
	}
}

// probe returns a grid of points over the box widened by 10% on each side.
func probe(b surfaces.Box, n int) []surfaces.Point {
	var ps []surfaces.Point
	mw, mb := 0.1*(b.WMax-b.WMin), 0.1*(b.BMax-b.BMin)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			// Irrational-ish offsets keep the points off kinks and symmetric lines.
			w := b.WMin - mw + (b.WMax-b.WMin+2*mw)*(float64(i)+0.371)/float64(n)
			bb := b.BMin - mb + (b.BMax-b.BMin+2*mb)*(float64(j)+0.613)/float64(n)
			ps = append(ps, surfaces.Point{X: w, Y: bb})
		}
	}
	return ps
}

// batches returns the batches to check a surface on: nil, and for a data
// set each single point, the first two and a repeated index.
func batches(s surfaces.Surface) [][]uint8 {
	bs := [][]uint8{nil}
	if n := s.Points(); n > 1 {
		for i := 0; i < n; i++ {
			bs = append(bs, []uint8{uint8(i)})
		}
		bs = append(bs, []uint8{0, 1}, []uint8{1, 1})
	}
	return bs
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*(1+math.Abs(a)+math.Abs(b))
}

// TestDerivatives compares Grad with central differences of Loss and Hessian
// with central differences of Grad, on a grid over every surface's box and
// for each batch of a data set.
func TestDerivatives(t *testing.T) {
	for _, s := range all(t) {
		name := s.Info().Name
		for _, batch := range batches(s) {
			fails := 0
			for _, p := range probe(s.Info().Box, 9) {
				w, b := p.X, p.Y
				hw, hb := 1e-6*math.Max(1, math.Abs(w)), 1e-6*math.Max(1, math.Abs(b))
				dw, db := s.Grad(w, b, batch)
				fw := (s.Loss(w+hw, b, batch) - s.Loss(w-hw, b, batch)) / (2 * hw)
				fb := (s.Loss(w, b+hb, batch) - s.Loss(w, b-hb, batch)) / (2 * hb)
				hww, hwb, hbb := s.Hessian(w, b, batch)
				gw1, gb1 := s.Grad(w+hw, b, batch)
				gw0, gb0 := s.Grad(w-hw, b, batch)
				gw3, gb3 := s.Grad(w, b+hb, batch)
				gw2, gb2 := s.Grad(w, b-hb, batch)
				fww, fwb := (gw1-gw0)/(2*hw), (gb1-gb0)/(2*hw)
				fbw, fbb := (gw3-gw2)/(2*hb), (gb3-gb2)/(2*hb)
				// Round-off in a difference quotient is about eps*|L|/h.
				tol := 1e-6 + 1e-9*math.Abs(s.Loss(w, b, batch))
				if !near(dw, fw, tol) || !near(db, fb, tol) {
					t.Errorf("%s batch %v at (%.4g, %.4g): grad (%.10g, %.10g), differences (%.10g, %.10g)", name, batch, w, b, dw, db, fw, fb)
					fails++
				}
				tol = 1e-6 + 1e-9*(math.Abs(dw)+math.Abs(db))
				if !near(hww, fww, tol) || !near(hwb, fwb, tol) || !near(hwb, fbw, tol) || !near(hbb, fbb, tol) {
					t.Errorf("%s batch %v at (%.4g, %.4g): Hessian (%.8g, %.8g, %.8g), differences (%.8g, %.8g|%.8g, %.8g)", name, batch, w, b, hww, hwb, hbb, fww, fwb, fbw, fbb)
					fails++
				}
				if fails > 5 {
					t.Fatalf("%s: too many failures", name)
				}
			}
		}
	}
}

// TestBatchSums checks that a data set's loss, gradient and Hessian over
// the whole set are the sums over its points.
func TestBatchSums(t *testing.T) {
	for _, name := range []string{"neuron", "valley", "sparse"} {
		s := mustNew(t, name)
		all := make([]uint8, s.Points())
		for i := range all {
			all[i] = uint8(i)
		}
		for _, p := range probe(s.Info().Box, 4) {
			l, dw, db := s.Loss(p.X, p.Y, nil), 0.0, 0.0
			gw, gb := s.Grad(p.X, p.Y, nil)
			hww, hwb, hbb := s.Hessian(p.X, p.Y, nil)
			var sl, sww, swb, sbb float64
			for i := range all {
				one := all[i : i+1]
				sl += s.Loss(p.X, p.Y, one)
				a, b := s.Grad(p.X, p.Y, one)
				dw, db = dw+a, db+b
				x, y, z := s.Hessian(p.X, p.Y, one)
				sww, swb, sbb = sww+x, swb+y, sbb+z
			}
			if !near(l, sl, 1e-13) || !near(gw, dw, 1e-13) || !near(gb, db, 1e-13) ||
				!near(hww, sww, 1e-13) || !near(hwb, swb, 1e-13) || !near(hbb, sbb, 1e-13) {
				t.Errorf("%s at %v: full batch differs from the sum over points", name, p)
			}
			if l2 := s.Loss(p.X, p.Y, all); !near(l, l2, 1e-14) {
				t.Errorf("%s at %v: batch of all points %v, nil batch %v", name, p, l2, l)
			}
		}
	}
}

func TestMinima(t *testing.T) {
	for _, s := range all(t) {
		in := s.Info()
		if in.Name != "custom" && len(in.Minima) == 0 {
			t.Errorf("%s: no known minimum", in.Name)
		}
		for _, m := range in.Minima {
			dw, db := s.Grad(m.X, m.Y, nil)
			if math.Hypot(dw, db) > 1e-9 {
				t.Errorf("%s: gradient (%g, %g) at the minimum %v", in.Name, dw, db, m)
			}
			if l := s.Loss(m.X, m.Y, nil); math.Abs(l-in.MinLoss) > 1e-12 {
				t.Errorf("%s: L%v = %.17g, want %.17g", in.Name, m, l, in.MinLoss)
			}
			// A minimum: positive definite Hessian (Rastrigin's and the
			// others' are strict).
			hww, hwb, hbb := s.Hessian(m.X, m.Y, nil)
			if !(hww > 0 && hww*hbb-hwb*hwb > 0) {
				t.Errorf("%s: Hessian (%g, %g, %g) at %v is not positive definite", in.Name, hww, hwb, hbb, m)
			}
			// And the lowest point of a fine grid around it.
			for _, p := range probe(surfaces.Box{m.X - 0.1, m.X + 0.1, m.Y - 0.1, m.Y + 0.1}, 11) {
				if l := s.Loss(p.X, p.Y, nil); l < in.MinLoss-1e-12 {
					t.Errorf("%s: L%v = %g is below the minimum's %g", in.Name, p, l, in.MinLoss)
					break
				}
			}
		}
	}
}

// TestFinite evaluates every surface far outside its box: nothing may
// overflow into NaN or Inf (the sigmoid is computed stably).
func TestFinite(t *testing.T) {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	for _, s := range all(t) {
		in := s.Info()
		if in.Name == "custom" {
			continue // the user's function may be undefined anywhere
		}
		bx := in.Box
		c := surfaces.Point{X: (bx.WMin + bx.WMax) / 2, Y: (bx.BMin + bx.BMax) / 2}
		var pts []surfaces.Point
		for _, k := range []float64{1, 3, 10, 100} {
			for _, sw := range []float64{-1, 0, 1} {
				for _, sb := range []float64{-1, 0, 1} {
					pts = append(pts, surfaces.Point{X: c.X + sw*k*(bx.WMax-bx.WMin)/2, Y: c.Y + sb*k*(bx.BMax-bx.BMin)/2})
				}
			}
		}
		for _, p := range pts {
			for _, batch := range batches(s) {
				l := s.Loss(p.X, p.Y, batch)
				dw, db := s.Grad(p.X, p.Y, batch)
				hww, hwb, hbb := s.Hessian(p.X, p.Y, batch)
				if !finite(l, dw, db, hww, hwb, hbb) {
					t.Errorf("%s at %v batch %v: L %v grad (%v, %v) Hessian (%v, %v, %v)", in.Name, p, batch, l, dw, db, hww, hwb, hbb)
				}
			}
		}
	}
}

func TestNoAllocs(t *testing.T) {
	for _, s := range all(t) {
		bs := batches(s)
		if len(bs) > 2 {
			bs = bs[:2]
		}
		for _, batch := range bs {
			w, b := s.Info().Starts[0].X, s.Info().Starts[0].Y
			var sink float64
			n := testing.AllocsPerRun(100, func() {
				l := s.Loss(w, b, batch)
				dw, db := s.Grad(w, b, batch)
				hww, hwb, hbb := s.Hessian(w, b, batch)
				sink += l + dw + db + hww + hwb + hbb
			})
			if n != 0 {
				t.Errorf("%s batch %v: %v allocations per Loss+Grad+Hessian", s.Info().Name, batch, n)
			}
		}
	}
}

func TestSample(t *testing.T) {
	for _, s := range all(t) {
		in := s.Info()
		for _, size := range [][2]int{{33, 17}, {257, 3}, {1, 5}, {4, 1}} {
			nw, nb := size[0], size[1]
			box := in.Box
			grid, lo, hi := surfaces.Sample(s, box, nw, nb, nil)
			if len(grid) != nw*nb {
				t.Fatalf("%s: %d values for %dx%d", in.Name, len(grid), nw, nb)
			}
			wantLo, wantHi := math.Inf(1), math.Inf(-1)
			for j := 0; j < nb; j++ {
				for i := 0; i < nw; i++ {
					w, b := box.WMin, box.BMin
					if nw > 1 {
						w += float64(i) * (box.WMax - box.WMin) / float64(nw-1)
					}
					if nb > 1 {
						b += float64(j) * (box.BMax - box.BMin) / float64(nb-1)
					}
					want := s.Loss(w, b, nil)
					if got := grid[j*nw+i]; math.Abs(got-want) > 1e-12*(1+math.Abs(want)) {
						t.Errorf("%s %dx%d: grid[%d, %d] = %.17g, Loss(%v, %v) = %.17g", in.Name, nw, nb, i, j, got, w, b, want)
					}
					wantLo, wantHi = math.Min(wantLo, want), math.Max(wantHi, want)
				}
			}
			if math.Abs(lo-wantLo) > 1e-12*(1+math.Abs(wantLo)) || math.Abs(hi-wantHi) > 1e-12*(1+math.Abs(wantHi)) {
				t.Errorf("%s: lo, hi = %v, %v, want %v, %v", in.Name, lo, hi, wantLo, wantHi)
			}
		}
	}
	// dst is reused when large enough and grown when not.
	s := mustNew(t, "bowl")
	buf := make([]float64, 10, 100)
	grid, _, _ := surfaces.Sample(s, s.Info().Box, 8, 8, buf)
	if &grid[0] != &buf[0] {
		t.Error("Sample did not reuse dst")
	}
	if n := testing.AllocsPerRun(10, func() { surfaces.Sample(s, s.Info().Box, 8, 8, buf) }); n != 0 {
		t.Errorf("Sample into a large enough dst allocated %v times", n)
	}
	if grid, lo, hi := surfaces.Sample(s, s.Info().Box, 0, 8, buf); len(grid) != 0 || lo != 0 || hi != 0 {
		t.Errorf("an empty grid gave %d values, lo %v, hi %v", len(grid), lo, hi)
	}
	// Non-finite values are skipped by lo and hi.
	c, err := surfaces.New("custom", "log(w)")
	if err != nil {
		t.Fatal(err)
	}
	_, lo, hi := surfaces.Sample(c, surfaces.Box{-1, 1, 0, 1}, 5, 2, nil)
	if lo != math.Log(0.5) || hi != 0 {
		t.Errorf("log(w) on [-1, 1]: lo, hi = %v, %v, want %v, 0", lo, hi, math.Log(0.5))
	}
}

func TestCustom(t *testing.T) {
	s, err := surfaces.New("custom", "w^2 + 10*b^2")
	if err != nil {
		t.Fatal(err)
	}
	if l := s.Loss(1, 2, nil); l != 41 {
		t.Errorf("L(1, 2) = %v, want 41", l)
	}
	if dw, db := s.Grad(1, 2, nil); dw != 2 || db != 40 {
		t.Errorf("grad(1, 2) = (%v, %v), want (2, 40)", dw, db)
	}
	if hww, hwb, hbb := s.Hessian(1, 2, nil); hww != 2 || hwb != 0 || hbb != 20 {
		t.Errorf("Hessian = (%v, %v, %v), want (2, 0, 20)", hww, hwb, hbb)
	}
	if got := s.Info().Box; got != (surfaces.Box{-6, 6, -6, 6}) {
		t.Errorf("box %+v", got)
	}
	// The custom expression is ignored by the other surfaces.
	if _, err := surfaces.New("bowl", "(((("); err != nil {
		t.Errorf("bowl with a bad f: %v", err)
	}
}

func TestCustomErrors(t *testing.T) {
	for _, c := range []struct {
		f   string
		pos int
	}{
		{"w^2 + ", 7},
		{"w + (b", 7},
		{"w * q", 5},
		{"2w", 2},
		{"", 1},
	} {
		_, err := surfaces.New("custom", c.f)
		if err == nil {
			t.Errorf("f = %q: no error", c.f)
			continue
		}
		var se *optim.Error
		if !errors.As(err, &se) || se.Field != "f" || se.Pos != c.pos {
			t.Errorf("f = %q: error %#v, want field f at position %d", c.f, err, c.pos)
		}
		if want := "f: at position "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("f = %q: error %q does not start with %q", c.f, err, want)
		}
		var pe *expr.Error
		if !errors.As(err, &pe) || pe.Pos != se.Pos {
			t.Errorf("f = %q: the expr error is not wrapped", c.f)
		}
	}
	long := strings.Repeat("w+", expr.MaxLen) + "b"
	if _, err := surfaces.New("custom", long); err == nil || !strings.HasPrefix(err.Error(), "f: ") {
		t.Errorf("an over-long f gave %v", err)
	}
}
