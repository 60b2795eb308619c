package sim

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"downhill/optim"
	"downhill/surfaces"
)

// enter returns a fresh world showing the named scene, as the tour or
// scene= gives it.
func enter(t *testing.T, name string) *World {
	t.Helper()
	w := New()
	if err := w.Do(EnterScene{Name: name}); err != nil {
		t.Fatalf("scene %s: %v", name, err)
	}
	return w
}

// scene returns the named scene.
func scene(t *testing.T, name string) Scene {
	t.Helper()
	for _, s := range Scenes {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scene %s", name)
	return Scene{}
}

// excess is a ball's loss above the surface's minimum's.
func excess(w *World, b *Ball) float64 { return b.Loss - w.Info.MinLoss }

// near reports whether got is within rel (relative) of want.
func near(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }

// firstBelow steps w one step at a time until every ball is below its
// threshold or n steps were taken, and returns each ball's first step with
// loss at most L* + d (0: not within n steps).
func firstBelow(w *World, d float64, n int) []int {
	first := make([]int, len(w.Balls))
	for k := 1; k <= n; k++ {
		w.step(1)
		for i, b := range w.Balls {
			if first[i] == 0 && excess(w, b) <= d {
				first[i] = k
			}
		}
	}
	return first
}

// moved is how far b went from its start in w and in b.
func moved(b *Ball) (dw, db float64) {
	return math.Abs(b.Pos[0] - b.Start[0]), math.Abs(b.Pos[1] - b.Start[1])
}

var (
	sceneName = regexp.MustCompile(`^5\.[1-9]-[a-z0-9]+(-[a-z0-9]+)*$`)
	sentence  = regexp.MustCompile(`[.!?](\s|$)`)
)

// TestScenesAreWellFormed: every scene applies without an error, is named
// for its section, says what it shows in two or three short sentences, and
// comes in the lecture's order; a scene left as it was links as its name.
func TestScenesAreWellFormed(t *testing.T) {
	if len(Scenes) < 20 {
		t.Fatalf("%d scenes, want the lecture's 5.1 to 5.9 in full", len(Scenes))
	}
	seen := map[string]bool{}
	prev := ""
	for i, s := range Scenes {
		if !sceneName.MatchString(s.Name) {
			t.Errorf("scene %d: name %q is not <section>-<slug>", i, s.Name)
		}
		if seen[s.Name] {
			t.Errorf("scene name %q twice", s.Name)
		}
		seen[s.Name] = true
		if !strings.HasPrefix(s.Name, s.Section+"-") {
			t.Errorf("%s: section %q does not start the name", s.Name, s.Section)
		}
		if s.Section < prev {
			t.Errorf("%s: section %s after %s, out of the lecture's order", s.Name, s.Section, prev)
		}
		prev = s.Section
		if s.Title == "" || utf8.RuneCountInString(s.Title) > 40 {
			t.Errorf("%s: title %q should be short", s.Name, s.Title)
		}
		if s.Rule == "" {
			t.Errorf("%s: no rule", s.Name)
		}
		if n := len(sentence.FindAllString(s.Caption, -1)); n < 2 || n > 3 {
			t.Errorf("%s: caption has %d sentences, want 2 or 3: %q", s.Name, n, s.Caption)
		}
		if n := utf8.RuneCountInString(s.Caption); n >= 400 {
			t.Errorf("%s: caption is %d characters, want under 400", s.Name, n)
		}
		if strings.Contains(s.Setup, "scene=") || strings.Contains(s.Setup, "tour=") {
			t.Errorf("%s: a setup must not enter scenes", s.Name)
		}

		w, errs := NewFromQuery("scene="+s.Name, 1)
		if len(errs) > 0 {
			t.Errorf("%s: setup refused: %v", s.Name, errs)
			continue
		}
		if w.Scene != i {
			t.Errorf("%s: entered scene %d, want %d", s.Name, w.Scene, i)
		}
		if q := w.Query(); q != "scene="+s.Name {
			t.Errorf("%s: the link of the untouched scene is %q", s.Name, q)
		}
		if len(w.Balls) == 0 && w.Mode == ModeRoll && len(w.Search) == 0 {
			t.Errorf("%s: nothing to show (no balls, no exercise)", s.Name)
		}
		stepwise := strings.Contains(s.Setup, "paused=1")
		if w.Paused != stepwise {
			t.Errorf("%s: paused %v; only step-by-step scenes start paused", s.Name, w.Paused)
		}
		if stepwise && !strings.Contains(s.Setup, "step=") {
			t.Errorf("%s: paused without a step taken: nothing for step mode to show", s.Name)
		}
		if !strings.Contains(s.Setup, "views=") {
			t.Errorf("%s: the setup does not say which views to show", s.Name)
		}
		if s.Section != "5.3" || !strings.Contains(s.Setup, "mode=quiz") {
			if !strings.Contains(s.Setup, "surface=") {
				t.Errorf("%s: the setup does not name its surface", s.Name)
			}
		}
		if w.Speed > 200 || (len(w.Balls) > 0 && w.Speed < 2) {
			t.Errorf("%s: speed %v steps/s", s.Name, w.Speed)
		}
	}
}

// TestSceneEntryResets: entering a scene after another leaves nothing of
// the first behind (the surface, balls, hyperparameters, box, pause).
func TestSceneEntryResets(t *testing.T) {
	for i := range Scenes {
		for _, j := range []int{(i + 1) % len(Scenes), (i + len(Scenes) - 1) % len(Scenes)} {
			a := enter(t, Scenes[i].Name)
			if err := a.Do(EnterScene{Name: Scenes[j].Name}); err != nil {
				t.Fatal(err)
			}
			b := enter(t, Scenes[j].Name)
			if Scenes[j].Section == "5.3" && b.Mode == ModeQuiz {
				continue // a quiz draws its surface from the world's seed
			}
			if a.Info.Name != b.Info.Name || len(a.Balls) != len(b.Balls) || a.Box != b.Box || a.Paused != b.Paused ||
				a.Speed != b.Speed || a.MaxSteps != b.MaxSteps || !slices.Equal(a.Views, b.Views) || a.Mode != b.Mode {
				t.Errorf("%s after %s differs from %s entered afresh", Scenes[j].Name, Scenes[i].Name, Scenes[j].Name)
				continue
			}
			for k := range a.Balls {
				if a.Balls[k].Cfg != b.Balls[k].Cfg || a.Balls[k].Pos != b.Balls[k].Pos {
					t.Errorf("%s after %s: ball %d differs", Scenes[j].Name, Scenes[i].Name, k)
				}
			}
		}
	}
}

// 5.1: the lecture's table of tries, to 4 decimals.
func TestSceneGuessWork(t *testing.T) {
	w := enter(t, "5.1-guess-work")
	want := []GuessRow{{0.5, 0, 0.0731}, {-0.1, 0, 0.1481}, {0.94, -0.95, 0.0214}, {1.43, -1.74, 0.0028}, {1.65, -2.08, 0.0003}, {1.79, -2.28, 0.0000}}
	if len(w.Guesses) != len(want) {
		t.Fatalf("%d tries, want the lecture's %d", len(w.Guesses), len(want))
	}
	for i, r := range w.Guesses {
		if r.W != want[i].W || r.B != want[i].B || math.Abs(r.Loss-want[i].Loss) > 0.00005 {
			t.Errorf("try %d: (%v, %v) L = %.5f, the lecture's (%v, %v) %.4f", i, r.W, r.B, r.Loss, want[i].W, want[i].B, want[i].Loss)
		}
	}
	if w.Mode != ModeGuess || !w.HaveGuess || w.Guess != (optim.Vec{1.79, -2.28}) {
		t.Errorf("mode %v, guess %v (%v): want guess work at the last try", w.Mode, w.Guess, w.HaveGuess)
	}
	// The fit view shows the sigmoid of the last try through both points.
	hasFit := false
	for _, v := range w.Views {
		hasFit = hasFit || v == ViewFit
	}
	if !hasFit {
		t.Errorf("views %v: no fit view", w.Views)
	}
	for _, d := range w.Info.Data {
		if f := w.Info.Model(1.79, -2.28, d.X); math.Abs(f-d.Y) > 0.005 {
			t.Errorf("the last try's sigmoid gives %.4f at x = %v, the data %v", f, d.X, d.Y)
		}
	}
}

// 5.1: whatever the seed, the best of 1000 random points is near the
// minimum with a loss below 0.003; the arithmetic of the caption.
func TestSceneRandomSearch(t *testing.T) {
	min := surfaces.Point{X: 1.79176, Y: -2.28217}
	worst, far := 0.0, 0.0
	for seed := uint64(1); seed <= 100; seed++ {
		w, errs := NewFromQuery("scene=5.1-random-search", seed)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if len(w.Search) != 1000 || w.SearchBest < 0 {
			t.Fatalf("seed %d: %d points searched", seed, len(w.Search))
		}
		b := w.Search[w.SearchBest]
		worst = math.Max(worst, b.Loss)
		far = math.Max(far, math.Hypot(b.W-min.X, b.B-min.Y))
	}
	t.Logf("over 100 seeds the best of 1000 points has L <= %.5f, at most %.2f from the minimum", worst, far)
	if worst >= 0.003 || far > 1 {
		t.Errorf("best loss up to %.5f (want < 0.003), up to %.2f from the minimum", worst, far)
	}
	perAxis := math.Sqrt(1000)
	if math.Round(perAxis) != 32 || math.Round(12/perAxis*10)/10 != 0.4 || math.Round(math.Log10(math.Pow(perAxis, 10))) != 15 {
		t.Errorf("the caption's arithmetic: %.1f per axis, %.2f apart, 10^%.1f for ten parameters", perAxis, 12/perAxis, math.Log10(math.Pow(perAxis, 10)))
	}
}

// 5.2: the lecture's start and eta, the plateau and the drop.
func TestSceneGradientDescent(t *testing.T) {
	w := enter(t, "5.2-gradient-descent")
	if len(w.Balls) != 1 || w.Balls[0].Cfg.Rule != optim.GD || w.Balls[0].Cfg.LR != 1 || w.Balls[0].Start != (optim.Vec{-2, -2}) {
		t.Fatalf("want one GD ball with eta 1 at (-2, -2)")
	}
	b := w.Balls[0]
	got := []float64{b.Loss}
	for _, n := range []int{50, 50, 100} {
		w.step(n)
		got = append(got, b.Loss)
	}
	t.Logf("loss at steps 0, 50, 100, 200: %.4g", got)
	want := []float64{0.416, 0.407, 0.0177, 0.0006}
	tol := []float64{0.0005, 0.0005, 0.0005, 0.00005}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol[i] {
			t.Errorf("loss %.4g, the caption says %v", got[i], want[i])
		}
	}
}

// 5.3: close lines mean steep: the slopes the caption compares.
func TestSceneContours(t *testing.T) {
	w := enter(t, "5.3-contours")
	if len(w.Views) != 2 || w.Views[0] != View3D || w.Views[1] != ViewContour {
		t.Errorf("views %v, want 3d beside contour", w.Views)
	}
	if w.Info.LogHeight {
		t.Fatalf("neuron's contour levels are log spaced: the caption's 'equally spaced' is wrong")
	}
	g0 := math.Hypot(w.Grad(-2, -2))
	g1 := math.Hypot(w.Grad(0.75, -2.65))
	steepest := 0.0
	for i := 0; i <= 240; i++ {
		for j := 0; j <= 240; j++ {
			steepest = math.Max(steepest, math.Hypot(w.Grad(-6+0.05*float64(i), -6+0.05*float64(j))))
		}
	}
	t.Logf("|grad L| %.4f at (-2, -2), %.3f at (0.75, -2.65), %.3f at the steepest; ratio %.1f", g0, g1, steepest, g1/g0)
	if math.Abs(g0-0.0095) > 0.00005 || math.Abs(g1-0.35) > 0.005 || math.Round(g1/g0) != 37 {
		t.Errorf("slopes %.4f and %.3f (ratio %.1f), the caption says 0.0095, 0.35, 37", g0, g1, g1/g0)
	}
	if g1 < 0.98*steepest {
		t.Errorf("(0.75, -2.65) is not near the steepest place (%.3f there, %.3f at the steepest)", g1, steepest)
	}
}

// 5.3: the quiz shows one of four surfaces, unanswered.
func TestSceneGuessTheSurface(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		w, errs := NewFromQuery("scene=5.3-guess-the-surface", seed)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		q := w.Quiz
		if w.Mode != ModeQuiz || q.Picked != -1 || w.Info.Name != q.Options[q.Answer] {
			t.Fatalf("seed %d: mode %v, quiz %+v on %s", seed, w.Mode, q, w.Info.Name)
		}
		names := map[string]bool{}
		for _, o := range q.Options {
			names[o] = true
		}
		if len(names) != QuizOptions {
			t.Errorf("seed %d: options %v are not %d different surfaces", seed, q.Options, QuizOptions)
		}
		c := &Answer{Choice: q.Answer}
		if err := w.Do(c); err != nil || !c.Correct {
			t.Errorf("seed %d: the right answer is not taken: %v", seed, err)
		}
	}
}

// 5.4: momentum is off the plateau at step 50, GD is not.
func TestSceneMomentumPlateau(t *testing.T) {
	w := enter(t, "5.4-momentum-plateau")
	w.step(50)
	gd, mom := w.Balls[0], w.Balls[1]
	if gd.Cfg.Rule != optim.GD || mom.Cfg.Rule != optim.Momentum || mom.Cfg.Gamma != 0.9 {
		t.Fatalf("want GD and momentum (gamma 0.9)")
	}
	t.Logf("step 50: GD %.4g, momentum %.4g", gd.Loss, mom.Loss)
	if math.Abs(gd.Loss-0.407) > 0.0005 || math.Abs(mom.Loss-0.0165) > 0.00005 {
		t.Errorf("GD %.4g, momentum %.4g; the caption says 0.407 and 0.0165", gd.Loss, mom.Loss)
	}
}

// valleyPaths runs a valley scene to its end and checks the framing: it is
// on the valley's upper end, where the U-turns are, and holds gradient
// descent's whole path and the first 25 steps of the others; "Fit the
// paths" then frames every path.
func valleyPaths(t *testing.T, name string) *World {
	t.Helper()
	w := enter(t, name)
	w.step(200) // maxSteps stops them at 100
	inside := func(p TrailPoint) bool {
		return p.W >= w.Box.WMin && p.W <= w.Box.WMax && p.B >= w.Box.BMin && p.B <= w.Box.BMax
	}
	for _, b := range w.Balls {
		if b.Steps() != 100 || b.Status != StepLimit {
			t.Fatalf("%s: %s took %d steps (%v), want 100", name, b.Label, b.Steps(), b.Status)
		}
		for i, p := range append(b.Trail.Pts, TrailPoint{W: b.Pos[0], B: b.Pos[1]}) {
			if (i <= 25 || b.Cfg.Rule == optim.GD) && !inside(p) {
				t.Errorf("%s: %s's path leaves the map at step %d (%.3f, %.3f)", name, b.Label, i, p.W, p.B)
				break
			}
		}
	}
	box := w.Box
	w.fitPaths()
	for _, b := range w.Balls {
		for i, p := range b.Trail.Pts {
			if !inside(p) {
				t.Errorf("%s: after Fit the paths, %s's step %d (%.3f, %.3f) is off the map", name, b.Label, i, p.W, p.B)
				break
			}
		}
	}
	w.setBox(box)
	return w
}

// 5.4: the lecture's valley claim after 100 iterations.
func TestSceneMomentumValley(t *testing.T) {
	w := valleyPaths(t, "5.4-momentum-valley")
	gd, mom := w.Balls[0], w.Balls[1]
	if gd.Cfg.LR != 0.5 || mom.Cfg.LR != 0.5 || mom.Cfg.Gamma != 0.9 || gd.Start != (optim.Vec{-2, 5}) {
		t.Fatalf("want eta 0.5, gamma 0.9, start (-2, 5)")
	}
	t.Logf("after 100 iterations: GD %.4g, momentum %.3g", gd.Loss, mom.Loss)
	if gd.Loss <= 0.3 || math.Abs(gd.Loss-0.41) > 0.005 {
		t.Errorf("GD's loss %.4g, the caption says 0.41 (> 0.3)", gd.Loss)
	}
	if mom.Loss >= 1e-5 || math.Abs(math.Log10(mom.Loss)+6) > 0.2 {
		t.Errorf("momentum's loss %.3g, the caption says 0.000001 (< 1e-5)", mom.Loss)
	}
	u, _, widest := swings(w.Surf, mom.Trail.Pts)
	if u < 6 {
		t.Errorf("momentum makes %d U-turns, the caption says it makes U-turns", u)
	}
	// The issue: U-turns 0.8 wide on a 12-wide map were hard to see; framed
	// on the valley they fill a good part of it.
	if f := widest / (w.Box.WMax - w.Box.WMin); f < 0.3 {
		t.Errorf("momentum's widest U-turn (%.2f) is %.0f%% of the map's width, want at least 30%%", widest, 100*f)
	}
}

// across returns the unit eigenvector of the Hessian at p with the larger
// eigenvalue (the steep direction, across a valley), turned to agree with
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

// floorOffset is p's distance from the valley floor along e: the lowest
// loss on the line p + t e, t in [-2, 2] to 0.002; ok is false when the
// lowest point is at the end of the scan (no floor in reach).
func floorOffset(s surfaces.Surface, p, e optim.Vec) (off float64, ok bool) {
	const n = 1000
	best, bi := math.Inf(1), 0
	for i := -n; i <= n; i++ {
		q := p.Add(e.Scale(float64(i) * 0.002))
		if l := s.Loss(q[0], q[1], nil); l < best {
			best, bi = l, i
		}
	}
	return -float64(bi) * 0.002, bi != -n && bi != n
}

// swings counts a path's U-turns (reversals of its velocity across the
// valley, "across" taken where the ball is) and measures them: the sum and
// the largest of their distances from the valley floor.
func swings(s surfaces.Surface, pts []TrailPoint) (uturns int, sum, widest float64) {
	e := optim.Vec{0, 1}
	prevDir := 0.0
	for i := 1; i < len(pts); i++ {
		from, to := optim.Vec{pts[i-1].W, pts[i-1].B}, optim.Vec{pts[i].W, pts[i].B}
		e = across(s, from, e)
		d := to.Sub(from)
		dir := math.Copysign(1, d[0]*e[0]+d[1]*e[1])
		if off, ok := floorOffset(s, from, e); prevDir != 0 && dir != prevDir && ok {
			uturns++
			sum += math.Abs(off)
			widest = math.Max(widest, math.Abs(off))
		}
		prevDir = dir
	}
	return uturns, sum, widest
}

// 5.5: NAG's U-turns are fewer and narrower than momentum's.
func TestSceneNAGValley(t *testing.T) {
	w := valleyPaths(t, "5.5-nag-valley")
	mom, nag := w.Balls[0], w.Balls[1]
	if mom.Cfg.Rule != optim.Momentum || nag.Cfg.Rule != optim.NAG {
		t.Fatalf("want momentum and NAG")
	}
	mu, ms, mw := swings(w.Surf, mom.Trail.Pts)
	nu, ns, nw := swings(w.Surf, nag.Trail.Pts)
	t.Logf("100 iterations: momentum %d U-turns, widest %.3f, all %.3f; NAG %d, widest %.3f, all %.3f", mu, mw, ms, nu, nw, ns)
	if mu != 12 || nu != 7 || math.Abs(mw-0.82) > 0.01 || math.Abs(nw-0.23) > 0.01 {
		t.Errorf("U-turns %d (widest %.3f) and %d (widest %.3f); the caption says 12 (0.82) and 7 (0.23)", mu, mw, nu, nw)
	}
	if nw > 0.4*mw || ns > 0.4*ms {
		t.Errorf("NAG's U-turns are not clearly smaller")
	}
}

// 5.5: the last report's look-ahead is From - gamma*update_{t-1}; the
// gradient there already points back.
func TestSceneNAGStepByStep(t *testing.T) {
	w := enter(t, "5.5-nag-step-by-step")
	if len(w.Balls) != 1 || !w.Paused {
		t.Fatalf("want one paused ball")
	}
	b := w.Balls[0]
	r := b.Last
	if b.Cfg.Rule != optim.NAG || r.T != 4 {
		t.Fatalf("%v after %d steps, want NAG after 4", b.Cfg.Rule, r.T)
	}
	// update_3, from a run of its own.
	cfg := b.Cfg
	var st optim.State
	x := b.Start
	for i := 0; i < 3; i++ {
		x = optim.Step(&cfg, &st, x, w.Surf, nil)
	}
	if x != r.From {
		t.Fatalf("the 4th step starts at %v, a fresh run is at %v", r.From, x)
	}
	look := r.From.Sub(st.Upd.Scale(0.9))
	if r.Gamma != 0.9 || r.At.Sub(look).Norm() > 1e-12 || r.At.Sub(r.From).Norm() < 0.1 {
		t.Errorf("look-ahead %v, From - 0.9 update_3 = %v (gamma %v)", r.At, look, r.Gamma)
	}
	gw, _ := w.Grad(r.From[0], r.From[1])
	t.Logf("dL/dw %.4f at the look-ahead, %.4f at the ball", r.Grad[0], gw)
	if math.Abs(r.Grad[0]-0.043) > 0.0005 || math.Abs(gw+0.027) > 0.0005 {
		t.Errorf("dL/dw %.4f at the look-ahead and %.4f at the ball; the caption says +0.043 and -0.027", r.Grad[0], gw)
	}
	for _, p := range []optim.Vec{b.Start, r.From, r.At, r.To} {
		if p[0] < w.Box.WMin || p[0] > w.Box.WMax || p[1] < w.Box.BMin || p[1] > w.Box.BMax {
			t.Errorf("%v is outside the map %+v", p, w.Box)
		}
	}
}

// 5.6: steps against epochs, and the stochastic loss that rises.
func TestSceneBatchVsStochastic(t *testing.T) {
	w := enter(t, "5.6-batch-vs-stochastic")
	full, sgd := w.Balls[0], w.Balls[1]
	if full.Cfg.Batch != 0 || sgd.Cfg.Batch != 1 || full.Cfg.LR != 1 || sgd.Cfg.LR != 1 {
		t.Fatalf("want full batch and batch 1, eta 1")
	}
	rises, rose := 0, 0
	var at50 float64
	for k := 1; k <= 200; k++ {
		l0, s0 := full.Loss, sgd.Loss
		w.step(1)
		if full.Loss > l0 {
			rose++
		}
		if sgd.Loss > s0 {
			rises++
		}
		switch k {
		case 50:
			at50 = full.Loss
		case 100:
			t.Logf("step 100: full %d epochs, L %.4g; stochastic %d epochs, L %.4g (full after 50: %.4g)", full.St.Epoch, full.Loss, sgd.St.Epoch, sgd.Loss, at50)
			if full.St.Epoch != 100 || sgd.St.Epoch != 50 {
				t.Errorf("epochs %d and %d after 100 steps, want 100 and 50", full.St.Epoch, sgd.St.Epoch)
			}
			if math.Abs(full.Loss-0.018) > 0.0005 || math.Abs(sgd.Loss-0.407) > 0.0005 || math.Abs(sgd.Loss-at50) > 0.0005 {
				t.Errorf("the caption says 0.018 and 0.407 (= full batch's after 50)")
			}
		}
	}
	t.Logf("in 200 steps the stochastic loss rose %d times, the full-batch %d", rises, rose)
	if rises != 18 || rose != 0 || sgd.St.Epoch != 100 {
		t.Errorf("rises %d and %d (%d epochs); the caption says 18 and never", rises, rose, sgd.St.Epoch)
	}
}

// 5.6: the lecture's picture after 60 stochastic steps.
func TestSceneStochasticMomentumNAG(t *testing.T) {
	w := enter(t, "5.6-stochastic-momentum-nag")
	rises := make([]int, 3)
	for k := 0; k < 100; k++ { // maxSteps stops them at 60
		prev := []float64{w.Balls[0].Loss, w.Balls[1].Loss, w.Balls[2].Loss}
		w.step(1)
		for i, b := range w.Balls {
			if b.Loss > prev[i] {
				rises[i]++
			}
		}
	}
	g, m, n := w.Balls[0], w.Balls[1], w.Balls[2]
	if g.Cfg.Batch != 1 || m.Cfg.Batch != 1 || n.Cfg.Batch != 1 || g.Steps() != 60 || n.Steps() != 60 {
		t.Fatalf("want three stochastic balls stopped at 60 steps")
	}
	t.Logf("after 60 steps: SGD %.4g, momentum %.4g, NAG %.4g; rises %v", g.Loss, m.Loss, n.Loss, rises)
	if g.Loss <= 0.3 || m.Loss >= 0.05 || n.Loss >= m.Loss {
		t.Errorf("want SGD > 0.3, NAG < momentum < 0.05")
	}
	if math.Abs(g.Loss-0.412) > 0.0005 || math.Abs(m.Loss-0.011) > 0.0005 || math.Abs(n.Loss-0.0034) > 0.00005 {
		t.Errorf("the caption says 0.412, 0.011 and 0.0034")
	}
	if rises[1] == 0 || rises[2] == 0 {
		t.Errorf("momentum's and NAG's losses never rose: the caption says they jump up and down")
	}
}

// 5.6: steps per epoch 1, 10, 100, and the noise of small batches.
func TestSceneMiniBatch(t *testing.T) {
	w := enter(t, "5.6-mini-batch")
	if w.Surf.Points() != 100 {
		t.Fatalf("sparse has %d points", w.Surf.Points())
	}
	want := []struct {
		batch  int
		perEp  int
		loss   float64
		rises  int
		lr     float64
		epochs int
	}{{0, 1, 0.34, 0, 0.01, 100}, {10, 10, 0.34, 45, 0.1, 10}, {1, 100, 0.60, 346, 1, 1}}
	for i, b := range w.Balls {
		if b.Cfg.Batch != want[i].batch || b.Cfg.LR != want[i].lr || optim.StepsPerEpoch(100, b.Cfg.Batch) != want[i].perEp {
			t.Fatalf("ball %d: batch %d, eta %v", i, b.Cfg.Batch, b.Cfg.LR)
		}
	}
	rises := make([]int, 3)
	for k := 1; k <= 1000; k++ {
		prev := []float64{w.Balls[0].Loss, w.Balls[1].Loss, w.Balls[2].Loss}
		w.step(1)
		for i, b := range w.Balls {
			if b.Loss > prev[i] {
				rises[i]++
			}
			if k == 100 {
				t.Logf("step 100: %s, %d epochs, L %.4g", b.Label, b.St.Epoch, b.Loss)
				if b.St.Epoch != want[i].epochs || math.Abs(b.Loss-want[i].loss) > 0.005 {
					t.Errorf("%s: %d epochs, L %.4g; the caption says %d and %v", b.Label, b.St.Epoch, b.Loss, want[i].epochs, want[i].loss)
				}
			}
		}
	}
	t.Logf("loss rises in 1000 steps: %v", rises)
	for i := range rises {
		if rises[i] != want[i].rises {
			t.Errorf("%s: its loss rose %d times, the caption says %d", w.Balls[i].Label, rises[i], want[i].rises)
		}
	}
}

// 5.7: eta = 10 diverges on the bowl at once, eta = 0.1 a little later;
// eta = 0.07 converges; on the neuron eta = 10 converges.
func TestSceneHighLearningRate(t *testing.T) {
	w := enter(t, "5.7-high-learning-rate")
	w.step(300)
	ok, over, high := w.Balls[0], w.Balls[1], w.Balls[2]
	t.Logf("eta 10: %v at step %d (%s); eta 0.1: %v at step %d; eta 0.07: %v, L %.3g", high.Status, high.DivergedAt, high.Why, over.Status, over.DivergedAt, ok.Status, ok.Loss)
	if high.Status != Diverged || high.DivergedAt != 1 || high.DivergedLR != 10 {
		t.Errorf("eta 10: %v at step %d (eta %v), the caption says diverged at step 1, eta 10", high.Status, high.DivergedAt, high.DivergedLR)
	}
	if over.Status != Diverged || over.DivergedAt != 11 {
		t.Errorf("eta 0.1: %v at step %d, the caption says it blows up at step 11", over.Status, over.DivergedAt)
	}
	if ok.Status == Diverged || ok.Loss > 1e-6 {
		t.Errorf("eta 0.07: %v with L %.3g, the caption says it rolls down", ok.Status, ok.Loss)
	}
	if w.Selected != high.ID {
		t.Errorf("the readout follows ball %d, not the diverged one", w.Selected)
	}
	if 0.1 <= 2.0/25 || 0.07 >= 2.0/25 || 1-25*10 != -249 {
		t.Errorf("the caption's arithmetic")
	}
	n, errs := NewFromQuery("ball=gd,-2,-2,lr=10", 1)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	n.step(300)
	if b := n.Balls[0]; b.Status != Converged {
		t.Errorf("on the neuron eta 10 is %v (L %.3g), the caption says it converges", b.Status, b.Loss)
	}
}

// 5.7: the log-scale sweep.
func TestSceneLearningRateSweep(t *testing.T) {
	w := enter(t, "5.7-learning-rate-sweep")
	if w.Mode != ModeSweep || len(w.SweepRows) != 6 || w.SweepStart != (optim.Vec{-2, -2}) || w.SweepSteps != 100 || w.SweepRule != optim.GD {
		t.Fatalf("want the lecture's sweep of GD from (-2, -2) for 100 steps")
	}
	for _, r := range w.SweepRows {
		t.Logf("eta %g: L %.4g, %v after %d steps", r.LR, r.Loss, r.Status, r.Steps)
		switch {
		case r.LR <= 0.1:
			if r.Loss < 0.414 || r.Loss > 0.416 {
				t.Errorf("eta %g: L %.4g, the caption says 0.415 (the plateau)", r.LR, r.Loss)
			}
		case r.LR == 1:
			if math.Abs(r.Loss-0.018) > 0.0005 {
				t.Errorf("eta 1: L %.4g, the caption says 0.018", r.Loss)
			}
		case r.LR == 10:
			if r.Status != Converged || r.Steps != 85 {
				t.Errorf("eta 10: %v after %d steps, the caption says converged by step 85", r.Status, r.Steps)
			}
		}
	}
	if b := w.SweepBest(); b < 0 || w.SweepRows[b].LR != 10 {
		t.Errorf("the best eta is not 10")
	}
}

// 5.7: the finer search is what FineSweep picks after the log scale.
func TestSceneFinerSweep(t *testing.T) {
	w := enter(t, "5.7-learning-rate-sweep")
	fine := &FineSweep{}
	if err := w.Do(fine); err != nil {
		t.Fatal(err)
	}
	s := enter(t, "5.7-finer-sweep")
	if len(s.SweepRows) != len(fine.Rows) || s.SweepStart != w.SweepStart || s.SweepSteps != w.SweepSteps {
		t.Fatalf("the scene sweeps %d etas from %v, FineSweep %d from %v", len(s.SweepRows), s.SweepStart, len(fine.Rows), w.SweepStart)
	}
	for i, r := range s.SweepRows {
		if math.Abs(r.LR-fine.Rows[i].LR) > 1e-12 || r.Loss != fine.Rows[i].Loss {
			t.Errorf("eta %g, FineSweep's %g", r.LR, fine.Rows[i].LR)
		}
	}
	for _, r := range s.SweepRows {
		t.Logf("eta %g: L %.4g, %v after %d steps", r.LR, r.Loss, r.Status, r.Steps)
		switch r.LR {
		case 15, 20:
			if r.Status != Converged || r.Steps > 55 {
				t.Errorf("eta %g: %v after %d steps, the caption says converged by step 55", r.LR, r.Status, r.Steps)
			}
		case 30:
			if math.Abs(r.Loss-0.005) > 0.0002 {
				t.Errorf("eta 30: L %.4g, the caption says 0.005", r.Loss)
			}
		case 2.5:
			if math.Abs(r.Loss-0.0002) > 0.00003 {
				t.Errorf("eta 2.5: L %.4g, the caption says 0.0002", r.Loss)
			}
		default:
			if r.Status == Converged && r.Steps <= 55 {
				t.Errorf("eta %g converges by step %d too", r.LR, r.Steps)
			}
		}
	}
}

// 5.7: decay calms stochastic GD's jitter, the most decayed lags furthest.
func TestSceneAnnealing(t *testing.T) {
	w := enter(t, "5.7-annealing")
	kinds := []optim.ScheduleKind{optim.Constant, optim.StepDecay, optim.ExpDecay, optim.InvDecay}
	for i, b := range w.Balls {
		if b.Cfg.Batch != 1 || b.Cfg.LR != 10 || b.Cfg.Schedule.Kind != kinds[i] {
			t.Fatalf("ball %d: batch %d, eta %v, schedule %v", i, b.Cfg.Batch, b.Cfg.LR, b.Cfg.Schedule.Kind)
		}
	}
	w.step(900)
	lo, hi := []float64{9, 9, 9, 9}, []float64{0, 0, 0, 0}
	for k := 0; k < 100; k++ {
		w.step(1)
		for i, b := range w.Balls {
			lo[i], hi[i] = math.Min(lo[i], b.Loss), math.Max(hi[i], b.Loss)
		}
	}
	m := w.Info.Minima[0]
	want := []float64{0.016, 0.006, 0.004, 0.0006}
	dist := make([]float64, 4)
	for i, b := range w.Balls {
		if b.Steps() != 1000 || b.St.Epoch != 10 {
			t.Fatalf("%s: %d steps, %d epochs", b.Label, b.Steps(), b.St.Epoch)
		}
		dist[i] = math.Hypot(b.Pos[0]-m.X, b.Pos[1]-m.Y)
		t.Logf("%s: the loss swings by %.4f in the 10th epoch; %.3f from the minimum; eta now %.3g", b.Label, hi[i]-lo[i], dist[i], b.Last.LR)
		if d := hi[i] - lo[i]; math.Abs(d-want[i]) > 0.25*want[i] {
			t.Errorf("%s: swing %.4f, the caption says %v", b.Label, d, want[i])
		}
		if i > 0 && hi[i]-lo[i] > 0.5*(hi[0]-lo[0]) {
			t.Errorf("%s does not jitter clearly less than the constant eta", b.Label)
		}
	}
	if dist[3] < 2*math.Max(dist[0], math.Max(dist[1], dist[2])) {
		t.Errorf("the 1/t ball is %.3f from the minimum, the others up to %v", dist[3], dist[:3])
	}
}

// 5.7: a high gamma from the start flies off; Sutskever's schedule ends
// lowest.
func TestSceneMomentumSchedule(t *testing.T) {
	w := enter(t, "5.7-momentum-schedule")
	red, orange, green := w.Balls[0], w.Balls[1], w.Balls[2]
	if red.Cfg.Gamma != 0.9 || red.Cfg.MomentumSchedule || orange.Cfg.Gamma != 0.99 || !green.Cfg.MomentumSchedule || green.Cfg.GammaMax != 0.99 {
		t.Fatalf("want gamma 0.9, gamma 0.99 and the schedule up to 0.99")
	}
	passed := 0
	for k := 1; k <= 4000; k++ {
		w.step(1)
		if k == 1 && green.Last.Gamma != 0.5 {
			t.Errorf("the schedule starts at gamma %v", green.Last.Gamma)
		}
		if excess(w, green) < excess(w, red) {
			if passed == 0 {
				passed = k
			}
		} else {
			passed = 0
		}
	}
	r, g := excess(w, red), excess(w, green)
	t.Logf("after 4000 steps: red %.3g, green %.3g above the minimum (ratio %.1f), green below for good from step %d, gamma %.4f; orange at %v, L %.3f, %v",
		r, g, r/g, passed, green.Last.Gamma, orange.Pos, orange.Loss, orange.Status)
	if r/g < 15 || r/g > 25 {
		t.Errorf("green ends %.1f times lower than red, the caption says 20", r/g)
	}
	if passed < 1800 || passed > 2200 {
		t.Errorf("green passes red for good at step %d, the caption says near 2000", passed)
	}
	if orange.Pos[1] < w.Box.BMax || math.Abs(orange.Loss-0.67) > 0.005 || orange.GradNorm > 1e-5 {
		t.Errorf("orange at %v with L %.3f: the caption says off the top of the map on a flat shelf, L 0.67", orange.Pos, orange.Loss)
	}
}

// 5.8: line search's candidates, its pick, and the race.
func TestSceneLineSearch(t *testing.T) {
	w := enter(t, "5.8-line-search")
	ls, gd := w.Balls[0], w.Balls[1]
	if ls.Cfg.Rule != optim.LineSearch || gd.Cfg.Rule != optim.GD || w.Selected != ls.ID || !w.Paused {
		t.Fatalf("want line search selected, paused")
	}
	r := ls.Last
	if r.T != 11 || r.NCands != 5 {
		t.Fatalf("step %d with %d candidates", r.T, r.NCands)
	}
	best := 0
	for k := 0; k < r.NCands; k++ {
		if r.Cands[k].Eta != optim.LectureEtas[k] {
			t.Errorf("candidate %d is eta %v, the lecture's %v", k, r.Cands[k].Eta, optim.LectureEtas[k])
		}
		if r.Cands[k].Loss < r.Cands[best].Loss {
			best = k
		}
		c := r.From.Sub(r.Grad.Scale(r.Cands[k].Eta))
		if c[0] < w.Box.WMin || c[0] > w.Box.WMax || c[1] < w.Box.BMin || c[1] > w.Box.BMax {
			t.Errorf("candidate %v off the map", c)
		}
	}
	if r.Chosen != best || r.Cands[r.Chosen].Eta != 5 {
		t.Errorf("chose eta %v, the caption says 5 (the lowest loss)", r.Cands[r.Chosen].Eta)
	}
	first := []int{0, 0}
	for k := 12; k <= 200; k++ {
		w.step(1)
		for i, b := range []*Ball{ls, gd} {
			if first[i] == 0 && b.Loss < 0.01 {
				first[i] = k
			}
		}
	}
	t.Logf("below 0.01: line search at step %d, GD at %d", first[0], first[1])
	if first[0] != 14 || first[1] != 113 {
		t.Errorf("below 0.01 at steps %v; the caption says 14 and 113", first)
	}
}

// 5.9: GD, momentum and NAG move along b first.
func TestSceneSparseFeature(t *testing.T) {
	w := enter(t, "5.9-sparse-feature")
	zeros := 0
	for _, p := range w.Info.Data {
		if p.X == 0 {
			zeros++
		}
	}
	if zeros != 84 || len(w.Info.Data) != 100 {
		t.Fatalf("%d of %d points have x = 0", zeros, len(w.Info.Data))
	}
	w.step(10)
	for _, b := range w.Balls {
		dw, db := moved(b)
		t.Logf("%s after 10 steps: |dw| %.4f, |db| %.4f: %.1f times further in b", b.Label, dw, db, db/dw)
		if db/dw < 25 || db/dw > 35 {
			t.Errorf("%s went %.1f times further in b than in w, the caption says about 30", b.Label, db/dw)
		}
	}
}

// 5.9: Adagrad's rate for b decays until it stalls; RMSProp gets there.
func TestSceneAdagradRMSProp(t *testing.T) {
	w := enter(t, "5.9-adagrad-rmsprop")
	ag, rm := w.Balls[0], w.Balls[1]
	if ag.Cfg.Rule != optim.Adagrad || rm.Cfg.Rule != optim.RMSProp || ag.Cfg.LR != 0.1 || rm.Cfg.LR != 0.01 {
		t.Fatalf("want Adagrad (0.1) and RMSProp (0.01)")
	}
	w.step(1)
	for _, b := range w.Balls {
		dw, db := moved(b)
		if math.Abs(dw-db) > 1e-3*db {
			t.Errorf("%s's first step: |dw| %.4f, |db| %.4f, not as much", b.Label, dw, db)
		}
	}
	eff1 := ag.Last.EffLR[1]
	w.step(499)
	m := w.Info.Minima[0]
	short, stepB := math.Abs(ag.Pos[1]-m.Y), math.Abs(ag.Last.Upd[1])
	t.Logf("adagrad: effective eta for b %.4f at step 1, %.5f at step 500; b %.3f short, moving %.2g a step; RMSProp's b %.2g from b*", eff1, ag.Last.EffLR[1], short, stepB, rm.Pos[1]-m.Y)
	if math.Abs(eff1-0.014) > 0.0005 || math.Abs(ag.Last.EffLR[1]-0.0007) > 0.00005 {
		t.Errorf("adagrad's effective eta for b: %.4f to %.5f, the caption says 0.014 to 0.0007", eff1, ag.Last.EffLR[1])
	}
	if math.Abs(short-0.8) > 0.05 || stepB > 2e-3 {
		t.Errorf("adagrad's b is %.3f short, moving %.2g a step; the caption says it stalls 0.8 short", short, stepB)
	}
	if math.Abs(rm.Pos[1]-m.Y) > 1e-3 || excess(w, rm) > 1e-6 {
		t.Errorf("RMSProp's b is %.3g from b*, L %.3g above L*", rm.Pos[1]-m.Y, excess(w, rm))
	}
}

// 5.9: Adam arrives first.
func TestSceneAdam(t *testing.T) {
	w := enter(t, "5.9-adam")
	first := firstBelow(w, 0.01, 600)
	want := map[optim.Rule]int{optim.Adam: 22, optim.RMSProp: 412, optim.NAG: 495, optim.Momentum: 531, optim.Adagrad: 0, optim.GD: 0}
	for i, b := range w.Balls {
		t.Logf("%s: within 0.01 of L* at step %d (0: not in 600)", b.Label, first[i])
		if first[i] != want[b.Cfg.Rule] {
			t.Errorf("%s at step %d, the caption says %d", b.Label, first[i], want[b.Cfg.Rule])
		}
		if b.Steps() != 600 && b.Status != Converged {
			t.Errorf("%s stopped at %d (%v)", b.Label, b.Steps(), b.Status)
		}
	}
}

// 5.9: the first step with and without bias correction.
func TestSceneBiasCorrection(t *testing.T) {
	w := enter(t, "5.9-bias-correction")
	off, on := w.Balls[0], w.Balls[1]
	if off.Cfg.BiasCorrection || !on.Cfg.BiasCorrection || on.Cfg.LR != 0.2 || off.Cfg.LR != 0.2 || on.Cfg.Beta1 != 0.9 || on.Cfg.Beta2 != 0.999 {
		t.Fatalf("want Adam (eta 0.2, 0.9, 0.999) with and without bias correction")
	}
	if w.Selected != on.ID || !w.Paused || on.Last.T != 1 || off.Last.T != 1 {
		t.Fatalf("want both after one step, paused, the corrected one selected")
	}
	ratio := 0.1 / math.Sqrt(0.001)
	for i := 0; i < 2; i++ {
		a, b := math.Abs(on.Last.Upd[i]), math.Abs(off.Last.Upd[i])
		t.Logf("coordinate %d: corrected %.4f, uncorrected %.4f (%.3f eta); m %.4g = %.3f g, v %.4g = %.4f g^2", i, a, b, b/0.2, off.Last.M[i], off.Last.M[i]/off.Last.Grad[i], off.Last.V[i], off.Last.V[i]/(off.Last.Grad[i]*off.Last.Grad[i]))
		if math.Abs(a-0.2) > 1e-3 || math.Abs(b-0.63) > 0.005 || math.Abs(b/a-ratio) > 0.01 {
			t.Errorf("coordinate %d: steps %.4f and %.4f, the caption says 0.2 and 0.63 (%.2f times)", i, a, b, ratio)
		}
	}
	if math.Round(ratio*100)/100 != 3.16 {
		t.Errorf("0.1/sqrt(0.001) = %v", ratio)
	}
	for _, b := range w.Balls {
		for _, p := range []optim.Vec{b.Start, b.Pos} {
			if p[0] < w.Box.WMin || p[0] > w.Box.WMax || p[1] < w.Box.BMin || p[1] > w.Box.BMax {
				t.Errorf("%v is outside the map", p)
			}
		}
	}
}

// 5.9: Adam arrives first; the annealed NAG settles, Adam keeps jittering.
func TestSceneInPractice(t *testing.T) {
	w := enter(t, "5.9-in-practice")
	adam, nag := w.Balls[0], w.Balls[1]
	if adam.Cfg.Batch != 10 || nag.Cfg.Batch != 10 || nag.Cfg.Schedule.Kind != optim.ExpDecay || adam.Cfg.Schedule.Kind != optim.Constant {
		t.Fatalf("want mini-batches of 10, Adam constant, NAG annealed")
	}
	first := firstBelow(w, 0.01, 1500)
	lo, hi := []float64{9, 9}, []float64{0, 0}
	for k := 1501; k <= 2000; k++ {
		w.step(1)
		for i, b := range w.Balls {
			lo[i], hi[i] = math.Min(lo[i], excess(w, b)), math.Max(hi[i], excess(w, b))
		}
	}
	t.Logf("within 0.01 of L*: Adam at step %d, NAG at %d; over steps 1500-2000 Adam is %.2g to %.2g above L*, NAG %.2g to %.2g", first[0], first[1], lo[0], hi[0], lo[1], hi[1])
	if first[0] != 22 || first[1] != 446 {
		t.Errorf("the caption says steps 22 and 446")
	}
	if hi[0] < 0.0009 || hi[0] > 0.0011 || hi[1] >= 0.0007 || hi[1]-lo[1] > 0.5*(hi[0]-lo[0]) {
		t.Errorf("the caption says Adam up to 0.001 above L*, NAG within 0.0007 and steadier")
	}
}

// enterMap enters a scene that shows the convergence map and computes it.
func enterMap(t *testing.T, name string) *World {
	t.Helper()
	w := enter(t, name)
	if w.Mode != ModeMap {
		t.Fatalf("%s: mode %v, want the map", name, w.Mode)
	}
	w.finishMap()
	if w.Map.N != 128 {
		t.Fatalf("%s: a %d-cell grid, the caption says 128 × 128", name, w.Map.N)
	}
	return w
}

// roundPct is n of total as a whole percentage.
func roundPct(n, total int) int { return int(math.Round(100 * float64(n) / float64(total))) }

// 5.2 as a map: the share that arrives, the median, the share that never
// does, and that those all start on the plateau.
func TestSceneConvergenceMap(t *testing.T) {
	w := enterMap(t, "5.2-convergence-map")
	m := &w.Map
	if m.NRules != 1 || m.Rules[0] != optim.GD || m.Config(0).LR != 1 || m.Limit != 1000 || m.Best != 0 || m.Target != 0.01 {
		t.Fatalf("the map: %d panels of %v, eta %v, %d steps, L* %v: want GD, 1, 1000, 0", m.NRules, m.Rules[0], m.Config(0).LR, m.Limit, m.Best)
	}
	st := m.Stats(0)
	t.Logf("%+v", st)
	if roundPct(st.Reached, st.Total) != 74 || st.Median != 75 || roundPct(st.Slow, st.Total) != 26 || st.Diverged != 0 {
		t.Errorf("%d%% arrive (median %d), %d%% never: the caption says 74%%, 75, 26%%", roundPct(st.Reached, st.Total), st.Median, roundPct(st.Slow, st.Total))
	}
	minLoss, maxSlope := math.Inf(1), 0.0
	for j := 0; j < m.N; j++ {
		for i := 0; i < m.N; i++ {
			if m.Cell(0, i, j).Kind == MapSlow {
				p := m.Centre(i, j)
				minLoss = math.Min(minLoss, w.Loss(p[0], p[1]))
				maxSlope = math.Max(maxSlope, math.Hypot(w.Grad(p[0], p[1])))
			}
		}
	}
	t.Logf("the starts that never arrive: loss >= %.4f, slope <= %.4f", minLoss, maxSlope)
	if minLoss < 0.32 || maxSlope >= 0.12 {
		t.Errorf("a start that never arrives has loss %.4f or slope %.4f: the caption says 0.32 or more, below 0.12", minLoss, maxSlope)
	}
}

// 5.4 as maps: momentum's dark region against gradient descent's, and the
// medians.
func TestSceneMomentumMap(t *testing.T) {
	w := enterMap(t, "5.4-momentum-map")
	m := &w.Map
	if m.NRules != 2 || m.Rules[0] != optim.GD || m.Rules[1] != optim.Momentum || m.Config(1).Gamma != 0.9 || m.Config(0).LR != 1 || m.Config(1).LR != 1 || m.Limit != 1000 {
		t.Fatalf("want GD and momentum (gamma 0.9), eta 1, 1000 steps")
	}
	gd, mo := m.Stats(0), m.Stats(1)
	if roundPct(mo.Slow, mo.Total) != 12 || roundPct(gd.Slow, gd.Total) != 26 || mo.Median != 24 || gd.Median != 75 {
		t.Errorf("never: momentum %d%%, GD %d%%; medians %d, %d: the caption says 12%%, 26%%, 24, 75",
			roundPct(mo.Slow, mo.Total), roundPct(gd.Slow, gd.Total), mo.Median, gd.Median)
	}
}

// 5.5 as maps: Himmelblau's four basins for GD, momentum and NAG; every
// start arrives; how many end elsewhere than with GD.
func TestSceneBasinsMap(t *testing.T) {
	w := enterMap(t, "5.5-basins-map")
	m := &w.Map
	if m.NRules != 3 || m.NBasins != 4 || m.Best != 0 || m.Config(0).LR != 0.01 || m.Config(1).LR != 0.002 || m.Config(2).LR != 0.002 || m.Config(2).Gamma != 0.9 {
		t.Fatalf("want GD (0.01), momentum and NAG (0.002, gamma 0.9) and four basins; %d panels, %d basins", m.NRules, m.NBasins)
	}
	for k := 0; k < 3; k++ {
		if st := m.Stats(k); st.Reached != st.Total {
			t.Errorf("%v: %d of %d starts arrive; the caption says every one", m.Rules[k], st.Reached, st.Total)
		}
	}
	other := func(k int) int {
		n := 0
		for j := 0; j < m.N; j++ {
			for i := 0; i < m.N; i++ {
				if m.Cell(0, i, j).Basin != m.Cell(k, i, j).Basin {
					n++
				}
			}
		}
		return roundPct(n, m.N*m.N)
	}
	if mo, nag := other(1), other(2); mo != 34 || nag != 16 {
		t.Errorf("momentum ends elsewhere than GD from %d%%, NAG from %d%%; the caption says 34%% and 16%%", mo, nag)
	}
}

// 5.7 as maps: the diverging region at each eta, and where it begins.
func TestSceneDivergenceMap(t *testing.T) {
	w := enterMap(t, "5.7-divergence-map")
	m := &w.Map
	want := []float64{0.01, 0.02, 0.03, 0.04}
	if m.NRules != 4 {
		t.Fatalf("%d panels, want one per eta", m.NRules)
	}
	var div [4]int
	for k, e := range want {
		if c := m.Config(k); c.Rule != optim.GD || c.LR != e {
			t.Errorf("panel %d: %v at %v, want GD at %v", k, c.Rule, c.LR, e)
		}
		div[k] = m.Stats(k).Diverged
	}
	total := m.N * m.N
	if div[0] != 0 || roundPct(div[1], total) != 8 || roundPct(div[2], total) != 42 || total-div[3] != 31 || total != 16384 {
		t.Errorf("diverged: %v of %d; the caption says none, 8%%, 42%%, all but 31 of 16,384", div, total)
	}
	for j := 0; j < m.N; j++ {
		for i := 0; i < m.N; i++ {
			if m.Cell(1, i, j).Kind != MapDiverged {
				continue
			}
			p := m.Centre(i, j)
			if math.Max(math.Abs(p[0]), math.Abs(p[1])) <= 5.2 || math.Hypot(w.Grad(p[0], p[1])) <= 500 {
				t.Errorf("at eta 0.02 the start %v diverges: not on the rim (more than 5.2 out, slope above 500)", p)
			}
		}
	}
}
