package optim_test

import (
	"math"
	"testing"

	"downhill/optim"
)

// near reports whether a and b agree to within tol, absolutely or
// relative to the larger of the two.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func nearVec(a, b optim.Vec, tol float64) bool { return near(a[0], b[0], tol) && near(a[1], b[1], tol) }

// run takes n steps of cfg from x and returns the reports.
func run(cfg optim.Config, obj optim.Objective, x optim.Vec, n int) []optim.Report {
	var st optim.State
	reps := make([]optim.Report, n)
	for i := range reps {
		x = optim.Step(&cfg, &st, x, obj, &reps[i])
	}
	return reps
}

func config(r optim.Rule, eta float64) optim.Config {
	c := optim.Defaults(r)
	c.LR = eta
	return c
}

// TestFirstThreeSteps checks every rule's first three positions against
// hand computation with the lecture's defaults (gamma = 0.9, beta = 0.9,
// beta1 = 0.9, beta2 = 0.999, eps = 1e-8 inside the root). The bowl is
// L = (w^2 + 10 b^2)/2 from (1, 0.5), so g = (w, 10b) and the first
// gradient is (1, 5). The adaptive rules' literals were worked out to 17
// digits; the 1e-12 tolerance separates eps inside the root from eps
// outside (they differ by about 5e-10 at the first step).
func TestFirstThreeSteps(t *testing.T) {
	start := optim.Vec{1, 0.5}
	tests := []struct {
		name string
		cfg  optim.Config
		obj  optim.Objective
		x    optim.Vec
		want [3]optim.Vec
	}{
		{"gd", config(optim.GD, 0.05), bowl{}, start, [3]optim.Vec{
			// w *= 1 - 0.05*1 = 0.95; b *= 1 - 0.05*10 = 0.5
			{0.95, 0.25}, {0.9025, 0.125}, {0.857375, 0.0625},
		}},
		{"momentum", config(optim.Momentum, 0.05), bowl{}, start, [3]optim.Vec{
			// u1 = 0.05*(1, 5) = (0.05, 0.25)
			{0.95, 0.25},
			// g = (0.95, 2.5); u2 = 0.9*(0.05, 0.25) + 0.05*g = (0.0925, 0.35)
			{0.8575, -0.1},
			// g = (0.8575, -1); u3 = 0.9*u2 + 0.05*g = (0.126125, 0.265)
			{0.731375, -0.365},
		}},
		{"nag", config(optim.NAG, 0.05), bowl{}, start, [3]optim.Vec{
			// u0 = 0: look-ahead = (1, 0.5), u1 = (0.05, 0.25)
			{0.95, 0.25},
			// look = (0.95, 0.25) - 0.9*u1 = (0.905, 0.025); g = (0.905, 0.25)
			// u2 = 0.9*u1 + 0.05*g = (0.09025, 0.2375)
			{0.85975, 0.0125},
			// look = (0.85975, 0.0125) - 0.9*u2 = (0.778525, -0.20125)
			// g = (0.778525, -2.0125); u3 = 0.9*u2 + 0.05*g = (0.12015125, 0.113125)
			{0.73959875, -0.100625},
		}},
		{"linesearch", optim.Defaults(optim.LineSearch), bowl{}, start, [3]optim.Vec{
			// g = (1, 5); eta 0.1 -> (0.9, 0), L = 0.405; 0.5 -> (0.5, -2),
			// L = 20.125; 1, 5, 10 higher still: 0.1 wins.
			{0.9, 0},
			// g = (0.9, 0); eta 1 -> (0, 0), L = 0: 1 wins.
			{0, 0},
			// g = 0: every candidate stays at L = 0; the first (0.1) wins.
			{0, 0},
		}},
		{"adagrad", config(optim.Adagrad, 0.1), bowl{}, start, [3]optim.Vec{
			// v = (1, 25); u = 0.1*(1/sqrt(1+1e-8), 5/sqrt(25+1e-8))
			//   = (0.0999999995, 0.09999999998)
			{0.9000000005, 0.40000000002},
			// g = (0.9000000005, 4.0000000002); v = (1.8100000009, 41.0000000016)
			// u = 0.1*g/sqrt(v+eps) = (0.066896472997981069, 0.062469504749728752)
			{0.83310352750201893, 0.33753049527027125},
			// v = (2.5040614884363072, 52.39268352533946)
			// u = (0.052647345405409072, 0.046631318461922752)
			{0.78045618209660986, 0.2908991768083485},
		}},
		{"rmsprop", config(optim.RMSProp, 0.1), bowl{}, start, [3]optim.Vec{
			// v = 0.1*(1, 25) = (0.1, 2.5); u = 0.1*g/sqrt(v+eps)
			//   = (0.31622775020545082, 0.3162277653843824)
			{0.68377224979454918, 0.1837722346156176},
			// g = (0.68377224979454918, 1.837722346156176)
			// v = 0.9*v + 0.1*g^2 = (0.13675444895890994, 2.587722342156176)
			// u = (0.18490162313978637, 0.11424075316876294)
			{0.49887062665476281, 0.069531481446854661},
			// v = (0.14796619427691052, 2.3772963770625013)
			// u = (0.12969005277877029, 0.045096186454836121)
			{0.36918057387599252, 0.02443529499201854},
		}},
		{"adam", config(optim.Adam, 0.1), bowl{}, start, [3]optim.Vec{
			// m = 0.1*(1, 5), v = 0.001*(1, 25); m_hat = (1, 5), v_hat = (1, 25)
			// u = 0.1*m_hat/sqrt(v_hat+eps) = (0.0999999995, 0.09999999998)
			{0.9000000005, 0.40000000002},
			// g = (0.9000000005, 4.0000000002); m = (0.18000000005, 0.85000000002)
			// v = (0.0018090000009, 0.0409750000016); m_hat = m/0.19,
			// v_hat = v/0.001999; u = (0.099587771781405727, 0.098812580388599935)
			{0.80041222871859427, 0.30118741963140006},
			// m = (0.24204122291685943, 1.0661874196494001), m_hat = m/0.271
			// v = (0.0024478507367813673, 0.050005411176020507), v_hat = v/0.002997001
			// u = (0.098825955687762145, 0.09631617017918192)
			{0.70158627303083212, 0.20487124945221815},
		}},
		{"nadam", config(optim.NAdam, 0.1), bowl{}, start, [3]optim.Vec{
			// m_hat = (1, 5), v_hat = (1, 25); m_bar = 0.9*m_hat + 0.1*g/0.1 = 1.9*g
			// u = 0.1*m_bar/sqrt(v_hat+eps) = (0.18999999905, 0.189999999962)
			{0.81000000094999999, 0.310000000038},
			// g = (0.81000000094999999, 3.10000000038); m = (0.171000000095, 0.760000000038)
			// v = (0.001655100001539, 0.034585000002356)
			// m_bar = 0.9*m/0.19 + 0.1*g/0.19; u = (0.13587003618188259, 0.12577527929492065)
			{0.6741299647681174, 0.18422472074307935},
			// m = (0.22131299656231174, 0.86822472077727935)
			// v = (0.0021078961109357242, 0.037944289775640201)
			// u = (0.11730082027979701, 0.10014063145589379)
			{0.55682914448832039, 0.084084089287185555},
		}},
		{"amsgrad", config(optim.AMSGrad, 0.1), bowl{}, start, [3]optim.Vec{
			// v grows at every one of these steps, so max(v) = v and the
			// path is Adam's (TestAMSGradKeepsTheMaximum tells them apart).
			{0.9000000005, 0.40000000002},
			{0.80041222871859427, 0.30118741963140006},
			{0.70158627303083212, 0.20487124945221815},
		}},
		{"newton", optim.Defaults(optim.Newton), quartic{}, start, [3]optim.Vec{
			// L = w^4/4 + b^2/2: g = (w^3, b), H = diag(3w^2, 1),
			// H^-1 g = (w/3, b): w *= 2/3, b goes to 0 at once.
			{2.0 / 3, 0}, {4.0 / 9, 0}, {8.0 / 27, 0},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.cfg.Validate(); err != nil {
				t.Fatal(err)
			}
			var st optim.State
			var rep optim.Report
			x := tc.x
			for i, want := range tc.want {
				from := x
				x = optim.Step(&tc.cfg, &st, x, tc.obj, &rep)
				if !nearVec(x, want, 1e-12) {
					t.Fatalf("step %d: %v, want %v", i+1, x, want)
				}
				if rep.To != x || rep.From != from || rep.To != rep.From.Sub(rep.Upd) {
					t.Errorf("step %d: report From %v Upd %v To %v disagree with %v -> %v", i+1, rep.From, rep.Upd, rep.To, from, x)
				}
				if rep.T != i+1 || st.T != i+1 {
					t.Errorf("step %d: report T = %d, state T = %d", i+1, rep.T, st.T)
				}
			}
		})
	}
}

// TestNeuronGD runs the lecture's gradient descent on its toy neuron: from
// w = b = -2 with eta = 1 the ball is on the sigmoid's plateau and crawls.
func TestNeuronGD(t *testing.T) {
	// f(x) = 1/(1+exp(-(w x + b))); dw = sum (f-y) f (1-f) x, db = sum (f-y) f (1-f)
	// over (0.5, 0.2), (2.5, 0.9). At (-2, -2): f(0.5) = 1/(1+e^3),
	// f(2.5) = 1/(1+e^7); g = (-0.0054923192156398625, -0.0077111592152144246).
	want := []optim.Vec{
		{-1.9945076807843601, -1.9922888407847856},
		// g = (-0.0055584684567576132, -0.0077727154357717708)
		{-1.9889492123276025, -1.9845161253490138},
		// g = (-0.0056262185668651381, -0.0078351760527735352)
		{-1.9833229937607374, -1.9766809492962403},
	}
	wantLoss := []float64{0.41572985510220243, 0.41563811303453227, 0.41554462581117793}
	reps := run(config(optim.GD, 1), neuron, optim.Vec{-2, -2}, 3)
	for i, r := range reps {
		if !nearVec(r.To, want[i], 1e-13) {
			t.Errorf("step %d: %v, want %v", i+1, r.To, want[i])
		}
		if l := neuron.Loss(r.To[0], r.To[1], nil); !near(l, wantLoss[i], 1e-13) {
			t.Errorf("step %d: loss %.17g, want %.17g", i+1, l, wantLoss[i])
		}
	}
}

func TestMomentumAndNAGReport(t *testing.T) {
	reps := run(config(optim.Momentum, 0.05), bowl{}, optim.Vec{1, 0.5}, 2)
	// Step 2 (see TestFirstThreeSteps): u2 = (0.0925, 0.35), gradient at
	// the ball itself.
	r := reps[1]
	if !nearVec(r.Upd, optim.Vec{0.0925, 0.35}, 1e-15) || r.At != r.From || r.Gamma != 0.9 {
		t.Errorf("momentum step 2: update %v, at %v from %v, gamma %v", r.Upd, r.At, r.From, r.Gamma)
	}
	reps = run(config(optim.NAG, 0.05), bowl{}, optim.Vec{1, 0.5}, 2)
	// NAG's step 2 takes the gradient at the look-ahead (0.905, 0.025).
	r = reps[1]
	if !nearVec(r.At, optim.Vec{0.905, 0.025}, 1e-15) || !nearVec(r.Grad, optim.Vec{0.905, 0.25}, 1e-15) {
		t.Errorf("nag step 2: gradient %v at %v, want (0.905, 0.25) at (0.905, 0.025)", r.Grad, r.At)
	}
	if !nearVec(r.Upd, optim.Vec{0.09025, 0.2375}, 1e-15) {
		t.Errorf("nag step 2: update %v, want (0.09025, 0.2375)", r.Upd)
	}
}

// TestMomentumOnAPlateau: on a constant slope the update grows to
// eta*g/(1-gamma), ten times plain GD's with gamma = 0.9, which is how
// momentum crosses plateaus quickly.
func TestMomentumOnAPlateau(t *testing.T) {
	reps := run(config(optim.Momentum, 0.01), plane{}, optim.Vec{}, 300)
	// g = (1, 2): the limit is 0.01*(1, 2)/0.1 = (0.1, 0.2); after 300
	// steps the gap is 0.9^300 of it.
	if u := reps[299].Upd; !nearVec(u, optim.Vec{0.1, 0.2}, 1e-12) {
		t.Errorf("update after 300 steps %v, want (0.1, 0.2)", u)
	}
	if u := reps[0].Upd; !nearVec(u, optim.Vec{0.01, 0.02}, 1e-15) {
		t.Errorf("first update %v, want eta*g = (0.01, 0.02)", u)
	}
}

// cliff is L = w^2/2 + b^2/2 for w > -1 and NaN beyond, to see that line
// search never picks a NaN.
type cliff struct{}

func (cliff) Loss(w, b float64, _ []uint8) float64 {
	if w <= -1 {
		return math.NaN()
	}
	return (w*w + b*b) / 2
}
func (cliff) Grad(w, b float64, _ []uint8) (float64, float64)             { return w, b }
func (cliff) Hessian(w, b float64, _ []uint8) (float64, float64, float64) { return 1, 0, 1 }
func (cliff) Points() int                                                 { return 1 }

func TestLineSearch(t *testing.T) {
	reps := run(optim.Defaults(optim.LineSearch), bowl{}, optim.Vec{1, 0.5}, 3)
	// Step 1: g = (1, 5); candidates x - eta*g and L = (w^2 + 10 b^2)/2.
	want := []optim.Candidate{
		{0.1, 0.405},   // (0.9, 0)
		{0.5, 20.125},  // (0.5, -2): 0.125 + 20
		{1, 101.25},    // (0, -4.5)
		{5, 3009.25},   // (-4, -24.5): 8 + 3001.25
		{10, 12291.75}, // (-9, -49.5): 40.5 + 12251.25
	}
	r := reps[0]
	if r.NCands != len(want) || r.Chosen != 0 || r.LR != 0.1 || r.EffLR != (optim.Vec{0.1, 0.1}) {
		t.Fatalf("step 1: %d candidates, chose %d (eta %v, eff %v), want 5, 0 (0.1)", r.NCands, r.Chosen, r.LR, r.EffLR)
	}
	for i, c := range want {
		if r.Cands[i].Eta != c.Eta || !near(r.Cands[i].Loss, c.Loss, 1e-12) {
			t.Errorf("step 1 candidate %d: %+v, want %+v", i, r.Cands[i], c)
		}
	}
	// Step 2: g = (0.9, 0); eta = 1 lands on the minimum.
	if r := reps[1]; r.Chosen != 2 || r.LR != 1 || r.Cands[2].Loss != 0 {
		t.Errorf("step 2: chose %d (eta %v, loss %v), want 2 (eta 1, loss 0)", r.Chosen, r.LR, r.Cands[2].Loss)
	}
	// Step 3: all candidates tie at 0: the first wins.
	if r := reps[2]; r.Chosen != 0 || r.To != (optim.Vec{}) {
		t.Errorf("step 3: chose %d, moved to %v; want 0, (0, 0)", r.Chosen, r.To)
	}

	// A NaN loss never wins unless all are NaN.
	cfg := optim.Defaults(optim.LineSearch)
	cfg.NEtas = copy(cfg.Etas[:], []float64{5, 0.5, 3}) // from w = 1: -4 (NaN), 0.5, -2 (NaN)
	if r := run(cfg, cliff{}, optim.Vec{1, 0}, 1)[0]; r.Chosen != 1 || r.To != (optim.Vec{0.5, 0}) {
		t.Errorf("with NaN candidates: chose %d -> %v, want 1 -> (0.5, 0)", r.Chosen, r.To)
	}
	cfg.NEtas = copy(cfg.Etas[:], []float64{5, 3})
	if r := run(cfg, cliff{}, optim.Vec{1, 0}, 1)[0]; r.Chosen != 0 {
		t.Errorf("with only NaN candidates: chose %d, want the first", r.Chosen)
	}
	// A zero NEtas tries the lecture's set.
	cfg.NEtas = 0
	if r := run(cfg, bowl{}, optim.Vec{1, 0.5}, 1)[0]; r.NCands != 5 || r.Cands[4].Eta != 10 {
		t.Errorf("NEtas = 0 tried %d candidates, want the lecture's 5", r.NCands)
	}
}

// linear is L = gw*w + gb*b: a constant gradient (gw, gb).
type linear struct{ gw, gb float64 }

func (l linear) Loss(w, b float64, _ []uint8) float64                      { return l.gw*w + l.gb*b }
func (l linear) Grad(w, b float64, _ []uint8) (float64, float64)           { return l.gw, l.gb }
func (linear) Hessian(w, b float64, _ []uint8) (float64, float64, float64) { return 0, 0, 0 }
func (linear) Points() int                                                 { return 1 }

// TestAdamBiasCorrection: with correction Adam's first step moves every
// coordinate by about eta whatever the gradient's scale; without it the
// moments are (1-beta1) g and (1-beta2) g^2, and the step is
// eta (1-beta1)/sqrt(1-beta2) = 0.1/sqrt(0.001) eta = 3.1623 eta: larger,
// because v's bias sits under the square root.
func TestAdamBiasCorrection(t *testing.T) {
	obj := linear{1, 300}
	on := config(optim.Adam, 0.1)
	off := on
	off.BiasCorrection = false
	r := run(on, obj, optim.Vec{}, 1)[0]
	for i := range 2 {
		if !near(r.Upd[i], 0.1, 1e-6) {
			t.Errorf("corrected first step, coordinate %d: %v, want about eta = 0.1", i, r.Upd[i])
		}
	}
	// m = 0.1 g, too small by 1 - beta1 = 0.1; m_hat = g.
	if !nearVec(r.M, optim.Vec{0.1, 30}, 1e-12) || !nearVec(r.MHat, optim.Vec{1, 300}, 1e-12) ||
		!nearVec(r.V, optim.Vec{0.001, 90}, 1e-12) || !nearVec(r.VHat, optim.Vec{1, 90000}, 1e-9) {
		t.Errorf("moments m %v m_hat %v v %v v_hat %v", r.M, r.MHat, r.V, r.VHat)
	}
	r = run(off, obj, optim.Vec{}, 1)[0]
	// 0.1 * 0.1*g/sqrt(0.001 g^2 + 1e-8): g = 1 -> 0.316226185, g = 300 -> 0.316227766
	if !near(r.Upd[0], 0.316226185, 1e-8) || !near(r.Upd[1], 0.316227766, 1e-8) {
		t.Errorf("uncorrected first step %v, want about 3.16 eta = (0.316226185, 0.316227766)", r.Upd)
	}
	if r.MHat != r.M || r.VHat != r.V {
		t.Errorf("uncorrected: m_hat %v v_hat %v should equal m %v v %v", r.MHat, r.VHat, r.M, r.V)
	}
	// On a constant slope the corrected step stays eta while the
	// uncorrected one follows eta (1 - 0.9^t)/sqrt(1 - 0.999^t).
	rOn, rOff := run(on, obj, optim.Vec{}, 10), run(off, obj, optim.Vec{}, 10)
	for i := range 10 {
		tt := float64(i + 1)
		want := 0.1 * (1 - math.Pow(0.9, tt)) / math.Sqrt(1-math.Pow(0.999, tt))
		if !near(rOff[i].Upd[1], want, 1e-9) || !near(rOn[i].Upd[1], 0.1, 1e-9) {
			t.Errorf("step %d: corrected %v (want 0.1), uncorrected %v (want %v)", i+1, rOn[i].Upd[1], rOff[i].Upd[1], want)
		}
	}
}

// TestAdaptiveEffectiveLR: the per-coordinate learning rate of Adagrad
// and RMSProp, the lecture's 5.9 story on a constant gradient.
func TestAdaptiveEffectiveLR(t *testing.T) {
	// A sparse-like gradient: w's is 100 times smaller than b's. Both
	// coordinates still move by eta at the first step: w's effective rate
	// is 100 times b's.
	r := run(config(optim.Adagrad, 1), linear{0.01, 1}, optim.Vec{}, 1)[0]
	// eta/sqrt(g^2 + eps): 1/sqrt(1e-4 + 1e-8) = 99.995, 1/sqrt(1 + 1e-8)
	if !near(r.EffLR[0], 99.995000375, 1e-9) || !near(r.EffLR[1], 0.999999995, 1e-12) {
		t.Errorf("adagrad effective rates %v, want (99.995000375, 0.999999995)", r.EffLR)
	}
	if !near(r.Upd[0], 0.99995000375, 1e-9) || !near(r.Upd[1], 0.999999995, 1e-12) {
		t.Errorf("adagrad first update %v, want about (1, 1)", r.Upd)
	}

	// Adagrad's rate keeps shrinking: eta/sqrt(t g^2 + eps), 0.1 eta after
	// 100 steps; RMSProp's settles at eta/sqrt((1-0.9^t) g^2 + eps) -> eta/|g|.
	ada := run(config(optim.Adagrad, 1), linear{1, 1}, optim.Vec{}, 100)
	rms := run(config(optim.RMSProp, 1), linear{1, 1}, optim.Vec{}, 100)
	for i := 1; i < 100; i++ {
		if ada[i].EffLR[0] >= ada[i-1].EffLR[0] {
			t.Fatalf("adagrad's effective rate grew at step %d", i+1)
		}
	}
	if e := ada[99].EffLR[0]; !near(e, 1/math.Sqrt(100+1e-8), 1e-12) {
		t.Errorf("adagrad after 100 steps: %v, want 1/sqrt(100) = 0.1", e)
	}
	if e := rms[99].EffLR[0]; !near(e, 1/math.Sqrt(1-math.Pow(0.9, 100)+1e-8), 1e-12) || e < 0.99 {
		t.Errorf("rmsprop after 100 steps: %v, want about 1", e)
	}
	// RMSProp's first step is eta/sqrt(1 - beta) = 3.16 eta (no correction).
	if e := rms[0].EffLR[0]; !near(e, 1/math.Sqrt(0.1+1e-8), 1e-12) {
		t.Errorf("rmsprop's first effective rate %v, want 1/sqrt(0.1) = 3.162", e)
	}
	if rms[99].VHat != rms[99].V || ada[99].V != (optim.Vec{100, 100}) {
		t.Errorf("reported v: adagrad %v (want 100), rmsprop v %v v_hat %v", ada[99].V, rms[99].V, rms[99].VHat)
	}
}

// scripted returns the gradients of a list in turn, to drive the moments.
type scripted struct {
	grads []optim.Vec
	i     int
}

func (s *scripted) Loss(w, b float64, _ []uint8) float64 { return 0 }
func (s *scripted) Grad(w, b float64, _ []uint8) (float64, float64) {
	g := s.grads[s.i]
	s.i++
	return g[0], g[1]
}
func (s *scripted) Hessian(w, b float64, _ []uint8) (float64, float64, float64) { return 0, 0, 0 }
func (s *scripted) Points() int                                                 { return 1 }

// TestAMSGradKeepsTheMaximum: after one large gradient and then small
// ones, Adam's v falls while AMSGrad's denominator keeps the maximum of the
// raw v, corrected with the current step's 1 - beta2^t.
func TestAMSGradKeepsTheMaximum(t *testing.T) {
	grads := []optim.Vec{{10, 10}, {0.1, 0.1}, {0.1, 0.1}}
	cfg := config(optim.AMSGrad, 0.1)
	cfg.Beta2 = 0.5
	adam := cfg
	adam.Rule = optim.Adam
	ams := run(cfg, &scripted{grads: grads}, optim.Vec{}, 3)
	ad := run(adam, &scripted{grads: grads}, optim.Vec{}, 3)
	// v1 = 0.5*100 = 50; v2 = 0.5*50 + 0.5*0.01 = 25.005; v3 = 12.5075
	// AMSGrad: v_max = 50 at every step; v_hat2 = 50/(1-0.25) = 66.667,
	// v_hat3 = 50/(1-0.125) = 57.143. (A maximum taken after correction
	// would keep v_hat1 = 50/0.5 = 100.)
	for i, want := range []float64{50, 25.005, 12.5075} {
		if !near(ams[i].V[0], want, 1e-12) || !near(ams[i].VMax[0], 50, 1e-12) {
			t.Errorf("step %d: v %v v_max %v, want %v and 50", i+1, ams[i].V[0], ams[i].VMax[0], want)
		}
	}
	for i, want := range []float64{100, 50.0 / 0.75, 50.0 / 0.875} {
		if !near(ams[i].VHat[0], want, 1e-12) {
			t.Errorf("step %d: amsgrad v_hat %v, want %v", i+1, ams[i].VHat[0], want)
		}
	}
	if !near(ad[2].VHat[0], 12.5075/0.875, 1e-12) {
		t.Errorf("adam's v_hat at step 3: %v, want 12.5075/0.875 = 14.294", ad[2].VHat[0])
	}
	// So AMSGrad's third step is smaller than Adam's.
	if !(math.Abs(ams[2].Upd[0]) < 0.6*math.Abs(ad[2].Upd[0])) {
		t.Errorf("third step: amsgrad %v, adam %v", ams[2].Upd[0], ad[2].Upd[0])
	}
}

// TestNAdamLooksAhead: NAdam's direction adds this step's gradient to the
// corrected momentum; its first corrected step is (1 + beta1) eta.
func TestNAdamLooksAhead(t *testing.T) {
	r := run(config(optim.NAdam, 0.1), linear{2, -3}, optim.Vec{}, 2)
	// m_bar1 = 0.9*g + 0.1*g/0.1 = 1.9 g
	if !nearVec(r[0].MBar, optim.Vec{3.8, -5.7}, 1e-12) || !near(r[0].Upd[0], 0.19, 1e-8) || !near(r[0].Upd[1], -0.19, 1e-8) {
		t.Errorf("first step: m_bar %v upd %v, want (3.8, -5.7) and (0.19, -0.19)", r[0].MBar, r[0].Upd)
	}
	// m2 = 0.19 g, m_hat2 = g; m_bar2 = 0.9 g + 0.1 g/0.19 = 1.4263 g
	if want := 0.9 + 0.1/0.19; !nearVec(r[1].MBar, optim.Vec{2 * want, -3 * want}, 1e-12) {
		t.Errorf("second step: m_bar %v, want %v g", r[1].MBar, want)
	}
}

func TestNewton(t *testing.T) {
	// A tilted quadratic: one step lands on its minimum.
	r := run(optim.Defaults(optim.Newton), quad{}, optim.Vec{4, 3}, 2)
	if !nearVec(r[0].To, optim.Vec{1, -2}, 1e-14) || r[1].To != r[0].To {
		t.Errorf("quadratic: %v then %v, want (1, -2) at once", r[0].To, r[1].To)
	}
	// The saddle w^2 - b^2: Newton jumps onto the saddle point, where the
	// loss (0) is higher than at the start (1 - 4 = -3); GD slides away
	// from it along b.
	r = run(optim.Defaults(optim.Newton), saddle{}, optim.Vec{1, 2}, 1)
	if r[0].To != (optim.Vec{0, 0}) {
		t.Errorf("saddle: Newton went to %v, want the saddle point (0, 0)", r[0].To)
	}
	if g := run(config(optim.GD, 0.1), saddle{}, optim.Vec{1, 2}, 1)[0].To; !nearVec(g, optim.Vec{0.8, 2.4}, 1e-15) {
		t.Errorf("saddle: GD went to %v, want (0.8, 2.4)", g)
	}
	// The effective rate is eta over the curvature: 1/(3 w^2) and 1 on the quartic.
	r = run(optim.Defaults(optim.Newton), quartic{}, optim.Vec{1, 0.5}, 1)
	if !nearVec(r[0].EffLR, optim.Vec{1.0 / 3, 1}, 1e-15) {
		t.Errorf("quartic: effective rate %v, want (1/3, 1)", r[0].EffLR)
	}
	// A singular Hessian: the step is undefined and comes back non-finite.
	for _, c := range []struct {
		obj optim.Objective
		x   optim.Vec
	}{{plane{}, optim.Vec{0, 0}}, {quartic{}, optim.Vec{0, 1}}} {
		if x := run(optim.Defaults(optim.Newton), c.obj, c.x, 1)[0].To; x.Finite() {
			t.Errorf("%T at %v: singular Hessian gave the finite %v", c.obj, c.x, x)
		}
	}
	// A zero gradient is a stationary point: the ball stays, even where H
	// is singular (the quartic at the origin has H = diag(0, 1)).
	if x := run(optim.Defaults(optim.Newton), quartic{}, optim.Vec{0, 0}, 1)[0].To; x != (optim.Vec{}) {
		t.Errorf("zero gradient: moved to %v", x)
	}
}

// TestNewtonOnTheNeuron: near the minimum Newton converges quadratically;
// from the lecture's start on the plateau it walks off towards b = -inf,
// climbing, because the flat plateau looks like a stationary point.
func TestNewtonOnTheNeuron(t *testing.T) {
	min := optim.Vec{1.7917594692280550, -2.2821740957339181} // w* = (ln 9 - ln(1/4))/2, b* = ln(1/4) - w*/2
	r := run(optim.Defaults(optim.Newton), neuron, optim.Vec{1.5, -2}, 5)
	// distances to the minimum: 0.135, 0.0165, 4.1e-4, 2.6e-7, 1e-13
	for i, want := range []float64{0.2, 0.02, 1e-3, 1e-6, 1e-12} {
		d := math.Abs(r[i].To[0]-min[0]) + math.Abs(r[i].To[1]-min[1])
		if d > want {
			t.Errorf("step %d: %v is %.3g from the minimum, want below %g", i+1, r[i].To, d, want)
		}
	}
	r = run(optim.Defaults(optim.Newton), neuron, optim.Vec{-2, -2}, 8)
	l0 := neuron.Loss(-2, -2, nil)
	if x := r[7].To; !(x[1] < -10) || !(neuron.Loss(x[0], x[1], nil) > l0) {
		t.Errorf("from (-2, -2): after 8 steps at %v, loss %v (start %v); want b < -10 and a higher loss", x, neuron.Loss(x[0], x[1], nil), l0)
	}
}

// TestStochasticNewton: one point's Hessian of the neuron is singular, so
// stochastic Newton has no step and the ball is lost at once, while
// batches of both points behave like full batch.
func TestStochasticNewton(t *testing.T) {
	cfg := optim.Defaults(optim.Newton)
	cfg.Batch = 1
	if x := run(cfg, neuron, optim.Vec{1.5, -2}, 1)[0].To; x.Finite() {
		t.Errorf("stochastic Newton stepped to the finite %v", x)
	}
	cfg.Batch = 2
	if x := run(cfg, neuron, optim.Vec{1.5, -2}, 5)[4].To; !nearVec(x, optim.Vec{1.7917594692280550, -2.2821740957339181}, 1e-12) {
		t.Errorf("Newton with batches of 2 points reached %v", x)
	}
}

// TestSigmoidDataDerivatives checks the test neuron's gradient and Hessian
// against central differences, since Newton's tests rely on them.
func TestSigmoidDataDerivatives(t *testing.T) {
	const h = 1e-5
	for _, p := range []optim.Vec{{-2, -2}, {0.5, 0}, {1.8, -2.3}, {3, 1}} {
		w, b := p[0], p[1]
		dw, db := neuron.Grad(w, b, nil)
		fw := (neuron.Loss(w+h, b, nil) - neuron.Loss(w-h, b, nil)) / (2 * h)
		fb := (neuron.Loss(w, b+h, nil) - neuron.Loss(w, b-h, nil)) / (2 * h)
		hww, hwb, hbb := neuron.Hessian(w, b, nil)
		gw1, gb1 := neuron.Grad(w+h, b, nil)
		gw0, gb0 := neuron.Grad(w-h, b, nil)
		_, gb2 := neuron.Grad(w, b+h, nil)
		_, gb3 := neuron.Grad(w, b-h, nil)
		if !near(dw, fw, 1e-7) || !near(db, fb, 1e-7) ||
			!near(hww, (gw1-gw0)/(2*h), 1e-7) || !near(hwb, (gb1-gb0)/(2*h), 1e-7) || !near(hbb, (gb2-gb3)/(2*h), 1e-7) {
			t.Errorf("at %v: grad (%v, %v) vs (%v, %v); hessian (%v, %v, %v)", p, dw, db, fw, fb, hww, hwb, hbb)
		}
	}
}
