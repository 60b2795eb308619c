package surfaces_test

import (
	"math"
	"testing"

	"downhill/optim"
	"downhill/surfaces"
)

// run steps rule from s's first start with the eta s recommends for it (and
// optim's defaults otherwise: gamma 0.9, full batch) and returns the
// reports of n steps.
func run(t *testing.T, s surfaces.Surface, rule optim.Rule, n int) []optim.Report {
	t.Helper()
	in := s.Info()
	cfg := optim.Defaults(rule)
	lr, ok := in.LR[rule.String()]
	if !ok {
		t.Fatalf("%s: no recommended eta for %s", in.Name, rule)
	}
	cfg.LR = lr
	var st optim.State
	x := optim.Vec{in.Starts[0].X, in.Starts[0].Y}
	reps := make([]optim.Report, n)
	for i := range reps {
		x = optim.Step(&cfg, &st, x, s, &reps[i])
	}
	return reps
}

func lossAt(s surfaces.Surface, v optim.Vec) float64 { return s.Loss(v[0], v[1], nil) }

// across returns the unit eigenvector of the Hessian at p with the larger
// eigenvalue, the steep direction (across a valley), turned to agree with
// prev.
func across(s surfaces.Surface, p, prev optim.Vec) optim.Vec {
	a, b, c := s.Hessian(p[0], p[1], nil)
	l := (a+c)/2 + math.Sqrt((a-c)*(a-c)/4+b*b)
	v := optim.Vec{b, l - a}
	if v.Norm() < 1e-12*(math.Abs(a)+math.Abs(c)) {
		v = optim.Vec{l - c, b}
	}
	v = v.Scale(1 / v.Norm())
	if v[0]*prev[0]+v[1]*prev[1] < 0 {
		v = v.Scale(-1)
	}
	return v
}

// floor finds the valley floor across from p: the t in [-2, 2] (to 0.002)
// that minimises L(p + t e). It returns p's offset from the floor, -t, and
// ok = false when the lowest point is at the end of the scan (no floor in
// reach: the ball is not in a valley).
func floor(s surfaces.Surface, p, e optim.Vec) (off float64, ok bool) {
	const n = 1000
	best, bi := math.Inf(1), 0
	for i := -n; i <= n; i++ {
		if l := lossAt(s, p.Add(e.Scale(float64(i)*0.002))); l < best {
			best, bi = l, i
		}
	}
	return -float64(bi) * 0.002, bi != -n && bi != n
}

// swings measures a path in a valley, with "across" taken locally (the
// Hessian's steep direction where the ball is): how often the path crosses
// the valley floor, how many U-turns it makes (reversals of its velocity
// across the valley) and how wide they are: the sum and the largest of its
// distances from the floor at the U-turns.
func swings(s surfaces.Surface, reps []optim.Report) (crossings, uturns int, sum, max float64) {
	e := across(s, reps[0].From, optim.Vec{0, 1})
	prevOff, _ := floor(s, reps[0].From, e)
	prevDir := 0.0
	for _, r := range reps {
		e = across(s, r.From, e)
		dir := math.Copysign(1, r.Upd[0]*e[0]+r.Upd[1]*e[1])
		// The U-turn happened at From: the velocity across reversed there.
		if off, ok := floor(s, r.From, e); prevDir != 0 && dir != prevDir && ok {
			uturns++
			sum += math.Abs(off)
			max = math.Max(max, math.Abs(off))
		}
		off, ok := floor(s, r.To, e)
		if ok && off*prevOff < 0 {
			crossings++
		}
		if ok {
			prevOff = off
		}
		prevDir = dir
	}
	return crossings, uturns, sum, max
}

// TestValleyClaims holds valley to the lecture's 5.4/5.5 slides: after 100
// iterations momentum is below 1e-5 while gradient descent is still above
// 0.3; momentum swings in and out of the valley with U-turns; NAG's swings
// are smaller.
func TestValleyClaims(t *testing.T) {
	s := mustNew(t, "valley")
	in := s.Info()
	if in.Starts[0] != (surfaces.Point{X: -2, Y: 5}) || in.LR["gd"] != 0.5 || in.LR["momentum"] != 0.5 || in.LR["nag"] != 0.5 {
		t.Fatalf("valley's documented start or etas changed: %v %v", in.Starts[0], in.LR)
	}
	if g := optim.Defaults(optim.Momentum).Gamma; g != 0.9 {
		t.Fatalf("momentum's default gamma is %v, valley was chosen for 0.9", g)
	}
	gd := run(t, s, optim.GD, 100)
	mom := run(t, s, optim.Momentum, 120)
	nag := run(t, s, optim.NAG, 120)
	lgd, lmom, lnag := lossAt(s, gd[99].To), lossAt(s, mom[99].To), lossAt(s, nag[99].To)
	t.Logf("after 100 iterations: GD %.4f, momentum %.3g, NAG %.3g", lgd, lmom, lnag)
	if lgd <= 0.3 {
		t.Errorf("GD's loss after 100 iterations is %.4f, want > 0.3", lgd)
	}
	// Momentum oscillates: ask for every iteration from 100 to 120 (more
	// than one period), not only the 100th.
	worst := 0.0
	for _, r := range mom[99:] {
		worst = math.Max(worst, lossAt(s, r.To))
	}
	t.Logf("momentum's largest loss over iterations 100..120: %.3g", worst)
	if worst >= 1e-5 {
		t.Errorf("momentum's loss reaches %.3g between iterations 100 and 120, want < 1e-5", worst)
	}
	mc, mu, ms, mm := swings(s, mom[:100])
	nc, nu, ns, nm := swings(s, nag[:100])
	t.Logf("in 100 iterations, momentum crosses the valley floor %d times and makes %d U-turns, %.3f from the floor at the widest, %.3f in all", mc, mu, mm, ms)
	t.Logf("NAG crosses it %d times and makes %d U-turns, %.3f from the floor at the widest, %.3f in all", nc, nu, nm, ns)
	if mc < 6 || mu < 6 {
		t.Errorf("momentum crosses the valley floor %d times with %d U-turns, want at least 6 of each", mc, mu)
	}
	if mm < 0.15 {
		t.Errorf("momentum's widest U-turn is %.3f from the floor, want at least 0.15", mm)
	}
	if nm > 0.7*mm || ns > 0.7*ms {
		t.Errorf("NAG's U-turns (widest %.3f, all %.3f) are not clearly smaller than momentum's (%.3f, %.3f)", nm, ns, mm, ms)
	}
}

// TestSparseClaims holds sparse to the lecture's 5.9 story.
func TestSparseClaims(t *testing.T) {
	s := mustNew(t, "sparse")
	in := s.Info()
	zeros := 0
	for _, p := range in.Data {
		if p.X == 0 {
			zeros++
		}
	}
	if len(in.Data) != 100 || zeros != 84 {
		t.Fatalf("sparse has %d points, %d with x = 0; the recipe gives 100 and 84", len(in.Data), zeros)
	}
	m := in.Minima[0]
	t.Logf("minimum (%.6f, %.6f), L = %.6f", m.X, m.Y, in.MinLoss)
	if math.Abs(m.X-1.0665) > 1e-3 || math.Abs(m.Y-2.0008) > 1e-3 {
		t.Errorf("the recipe's minimum moved: %v", m)
	}
	const n = 500
	reps := map[optim.Rule][]optim.Report{}
	for _, r := range []optim.Rule{optim.GD, optim.Momentum, optim.NAG, optim.Adagrad, optim.RMSProp, optim.Adam} {
		reps[r] = run(t, s, r, n)
	}
	moved := func(r optim.Rule, k int) (dw, db float64) {
		p0, p := reps[r][0].From, reps[r][k-1].To
		return math.Abs(p[0] - p0[0]), math.Abs(p[1] - p0[1])
	}
	// GD, momentum and NAG first move almost only along b: w's gradient
	// comes from the 16 points with x != 0, b's from all 100.
	for _, r := range []optim.Rule{optim.GD, optim.Momentum, optim.NAG} {
		for _, rep := range reps[r][:10] {
			if math.Abs(rep.Upd[0]) > 0.1*math.Abs(rep.Upd[1]) {
				t.Errorf("%s step %d: update (%.3g, %.3g) is not mostly along b", r, rep.T, rep.Upd[0], rep.Upd[1])
			}
		}
		dw, db := moved(r, 10)
		t.Logf("%s after 10 steps: |dw| = %.4f, |db| = %.4f (ratio %.3f)", r, dw, db, dw/db)
	}
	// Adagrad moves w from the start: as much as b, and far more than GD.
	aw, ab := moved(optim.Adagrad, 10)
	gw, _ := moved(optim.GD, 10)
	t.Logf("adagrad after 10 steps: |dw| = %.4f, |db| = %.4f; GD's |dw| = %.4f", aw, ab, gw)
	if aw < 0.5*ab || aw < 10*gw {
		t.Errorf("adagrad moved w by %.4f in 10 steps (b by %.4f, GD's w by %.4f)", aw, ab, gw)
	}
	// Adagrad's effective rate for b decays until b nearly stops short of
	// the minimum; RMSProp keeps moving and gets there.
	ag, rm := reps[optim.Adagrad], reps[optim.RMSProp]
	eff0, effN := ag[0].EffLR[1], ag[n-1].EffLR[1]
	adist := math.Abs(ag[n-1].To[1] - m.Y)
	astep := math.Abs(ag[n-1].Upd[1])
	rdist := math.Abs(rm[n-1].To[1] - m.Y)
	t.Logf("adagrad: effective eta for b %.4g at step 1, %.4g at step %d; b is %.3f short, moving %.2g per step", eff0, effN, n, adist, astep)
	t.Logf("rmsprop: effective eta for b %.4g at step %d; b is %.4f from the minimum", rm[n-1].EffLR[1], n, rdist)
	if effN > eff0/10 {
		t.Errorf("adagrad's effective eta for b fell only from %.4g to %.4g", eff0, effN)
	}
	if adist < 0.5 || astep > 2e-3 {
		t.Errorf("adagrad's b after %d steps: %.3f from the minimum, moving %.2g per step; want stuck (> 0.5 away, < 2e-3 per step)", n, adist, astep)
	}
	if rdist > 0.02 {
		t.Errorf("rmsprop's b after %d steps is %.4f from the minimum, want < 0.02", n, rdist)
	}
	// Adam gets within 0.01 of the minimum's loss first.
	first := func(r optim.Rule) int {
		for _, rep := range reps[r] {
			if lossAt(s, rep.To) <= in.MinLoss+0.01 {
				return rep.T
			}
		}
		return math.MaxInt
	}
	adam := first(optim.Adam)
	for _, r := range []optim.Rule{optim.GD, optim.Momentum, optim.NAG, optim.Adagrad, optim.RMSProp} {
		k := first(r)
		if k == math.MaxInt {
			t.Logf("%s: not within 0.01 of the minimum's loss in %d steps", r, n)
		} else {
			t.Logf("%s: within 0.01 of the minimum's loss at step %d", r, k)
		}
		if k <= adam {
			t.Errorf("%s reaches the threshold at step %d, adam at %d", r, k, adam)
		}
	}
	t.Logf("adam: within 0.01 of the minimum's loss at step %d", adam)
	if adam > 40 {
		t.Errorf("adam needs %d steps, want at most 40", adam)
	}
}

// TestRecommendedEtas runs every rule but Newton's (which is meant to fail
// on some surfaces: see their About) with the recommended eta from every
// start: none may diverge, and each must end lower than it started.
func TestRecommendedEtas(t *testing.T) {
	for _, s := range all(t) {
		in := s.Info()
		if in.Name == "custom" {
			continue
		}
		for _, p := range in.Starts {
			for r := optim.Rule(0); r < optim.NumRules; r++ {
				if r == optim.Newton {
					continue
				}
				cfg := optim.Defaults(r)
				if lr, ok := in.LR[r.String()]; ok {
					cfg.LR = lr
				}
				if in.Etas != nil {
					cfg.NEtas = copy(cfg.Etas[:], in.Etas)
				}
				var st optim.State
				x := optim.Vec{p.X, p.Y}
				l0 := lossAt(s, x)
				for k := 0; k < 1000; k++ {
					x = optim.Step(&cfg, &st, x, s, nil)
				}
				if l := lossAt(s, x); !x.Finite() || !(l < l0) {
					t.Errorf("%s from %v: %s (eta %v) ends at %v with L = %v (started at %v)", in.Name, p, r, cfg.LR, x, l, l0)
				}
			}
		}
	}
}

// TestPlateauCrawl: on plateau's flat top gradient descent crawls; momentum
// and Adam get down the cliff in far fewer steps.
func TestPlateauCrawl(t *testing.T) {
	s := mustNew(t, "plateau")
	in := s.Info()
	first := func(r optim.Rule) int {
		for _, rep := range run(t, s, r, 1000) {
			if lossAt(s, rep.To) < 0.5 { // below the cliff's middle
				return rep.T
			}
		}
		return math.MaxInt
	}
	gd, mom, adam := first(optim.GD), first(optim.Momentum), first(optim.Adam)
	t.Logf("from %v, steps to get below L = 0.5: GD %d, momentum %d, Adam %d", in.Starts[0], gd, mom, adam)
	if gd < 2*mom || gd < 2*adam {
		t.Errorf("GD needs %d steps, momentum %d, Adam %d: GD does not crawl", gd, mom, adam)
	}
}
