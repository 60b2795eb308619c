package sim

import (
	"errors"

	"downhill/optim"
	"downhill/surfaces"
)

// Scene is one step of the lecture's tour: a complete set-up (surface,
// optimizers, hyperparameters, starts, speed, camera, the views and the
// map's framing, step mode, the exercise), written as the settings a URL
// would give, so that it travels the same path and checks as everything
// else, with a caption in plain words and the rule it shows.
type Scene struct {
	// Name is the scene's URL name (scene=5.4-momentum-valley).
	Name string
	// Section and Title name it in the tour ("5.4", "Momentum").
	Section, Title string
	// Caption says what is on screen and what to notice; Rule is the
	// formula it shows.
	Caption, Rule string
	// Setup is the set-up as URL settings, applied to a fresh world.
	Setup string
}

// Scenes is the lecture, in its order. Each caption's numbers are those
// of its configuration; scenes_test.go holds every scene to them.
var Scenes = []Scene{
	{
		Name: "5.1-guess-work", Section: "5.1", Title: "Guess work",
		Caption: "The lecture's six tries by hand, each a row of the table with its loss; the fit view draws the sigmoid of the last one. " +
			"The loss falls from 0.0731 at (0.5, 0) to 0.0000 at (1.79, −2.28), where the curve passes through both data points. " +
			"Drag the point on the map to try your own and press g to record it.",
		Rule:  "f(x) = 1/(1 + e^(−(w·x + b)));  L(w, b) = ½ Σᵢ (yᵢ − f(xᵢ))²  over (0.5, 0.2) and (2.5, 0.9)",
		Setup: "surface=neuron&views=contour,fit,3d&guesses=0.5,0;-0.1,0;0.94,-0.95;1.43,-1.74;1.65,-2.08;1.79,-2.28",
	},
	{
		Name: "5.1-random-search", Section: "5.1", Title: "Random search",
		Caption: "1000 random (w, b) in the box [−6, 6]², each a dot on the error surface; the best lies near the minimum (1.79, −2.28) with a loss below 0.003. " +
			"That is about 32 tries per axis, 0.4 apart: with d parameters the same spacing takes 32^d tries (10^15 for ten), and only inside a box we had to guess.",
		Rule:  "(w, b) drawn uniformly from [−6, 6]², N times;  keep the one with the lowest L(w, b)",
		Setup: "surface=neuron&main=3d&views=3d,contour&spin=6&search=1000",
	},
	{
		Name: "5.2-gradient-descent", Section: "5.2", Title: "Gradient descent",
		Caption: "Gradient descent from the lecture's start (−2, −2) with η = 1. " +
			"On the plateau the slope is tiny and the ball crawls: the loss is 0.416 at the start and still 0.407 after 50 steps, the loss curve's long flat stretch. " +
			"Then it finds the slope and drops: 0.018 at step 100, 0.0006 at step 200.",
		Rule:  "w ← w − η·Σ (f(x) − y)·f(x)·(1 − f(x))·x;  b ← b − η·Σ (f(x) − y)·f(x)·(1 − f(x))",
		Setup: "surface=neuron&opt=gd&lr=1&speed=20&maxSteps=300&views=3d,contour,loss,fit&balls=-2,-2",
	},
	{
		Name: "5.2-convergence-map", Section: "5.2", Title: "Where gradient descent is slow",
		Caption: "128 × 128 starts run by gradient descent (η = 1, at most 1000 steps), coloured by the steps to within 0.01 of the minimum's loss. " +
			"74% arrive, half within 75 steps; the dark 26% never do, all on the plateau: loss 0.32 or more, slope below 0.12.",
		Rule:  "a start arrives at the first step t with L(w_t, b_t) ≤ L* + 0.01;  w ← w − η·∇L(w), η = 1, t ≤ 1000",
		Setup: "surface=neuron&opt=gd&lr=1&maxSteps=1000&speed=100&views=contour,3d,loss&balls=-2,-2&mode=map",
	},
	{
		Name: "5.3-contours", Section: "5.3", Title: "Contours",
		Caption: "The 3D error surface beside its contour map: each line is a horizontal slice L(w, b) = c seen from the top, at equally spaced levels. " +
			"Close lines mean a steep slope: |∇L| is 0.0095 at the start (−2, −2) and 0.35 near (0.75, −2.65), 37 times steeper, so the lines there are 37 times closer. " +
			"Watch the ball crawl where they are far apart.",
		Rule:  "a contour line is {(w, b) : L(w, b) = c};  the gap between lines ≈ Δc / |∇L|",
		Setup: "surface=neuron&opt=gd&lr=1&speed=20&maxSteps=300&views=3d,contour&balls=-2,-2",
	},
	{
		Name: "5.3-guess-the-surface", Section: "5.3", Title: "Guess the 3D surface",
		Caption: "The lecture's exercise: the contour map shows one surface, unnamed, and the 3D view offers four. " +
			"Read the map (rings around a minimum, crowded lines on steep walls, wide gaps on flat ground) and pick the 3D surface it was sliced from.",
		Rule:  "close lines: steep;  far apart: gentle;  closed rings: a minimum or a maximum",
		Setup: "views=contour,3d&mode=quiz",
	},
	{
		Name: "5.4-momentum-plateau", Section: "5.4", Title: "Momentum crosses the plateau",
		Caption: "Gradient descent (black) and momentum (red, γ = 0.9) race from (−2, −2) with η = 1. " +
			"Momentum adds up the plateau's small gradients and is soon moving fast: after 50 steps its loss is 0.0165 while gradient descent is still at 0.407.",
		Rule:  "update_t = γ·update_{t−1} + η·∇L(w_t);  w_{t+1} = w_t − update_t;  update_0 = 0",
		Setup: "surface=neuron&opt=gd,momentum&lr=1&gamma=0.9&speed=15&maxSteps=150&views=3d,contour,loss,fit&balls=-2,-2",
	},
	{
		Name: "5.4-momentum-map", Section: "5.4", Title: "Momentum's slow region is smaller",
		Caption: "The map of 5.2 for gradient descent and momentum (γ = 0.9), η = 1, at most 1000 steps. " +
			"Momentum's dark region, where a start never comes within 0.01 of the minimum's loss, is 12% of the box against 26%; its median arrival 24 steps against 75.",
		Rule:  "update_t = γ·update_{t−1} + η·∇L(w_t);  w_{t+1} = w_t − update_t;  γ = 0.9, η = 1",
		Setup: "surface=neuron&opt=gd,momentum&lr=1&gamma=0.9&maxSteps=1000&speed=100&views=contour,loss&balls=-2,-2&mode=map",
	},
	{
		Name: "5.4-momentum-valley", Section: "5.4", Title: "Momentum in a narrow valley",
		Caption: "Data whose error surface has a narrow valley; gradient descent (black) and momentum (red) start at (−2, 5) with η = 0.5. " +
			"Momentum overshoots and swings in and out of the valley with U-turns, yet after 100 iterations its loss is about 0.000001 while gradient descent is still at 0.41 (the slide: 0.00001 against 0.36). The map shows the valley’s top, where the U-turns are; F shows the whole way.",
		Rule:  "update_t = γ·update_{t−1} + η·∇L(w_t);  w_{t+1} = w_t − update_t;  γ = 0.9",
		Setup: "surface=valley&opt=gd,momentum&lr=0.5&gamma=0.9&speed=12&maxSteps=100&box=" + valleyBox + "&views=contour,3d,loss&balls=-2,5",
	},
	{
		Name: "5.5-nag-valley", Section: "5.5", Title: "Nesterov in the valley",
		Caption: "Momentum (red) and NAG (blue) in the same valley from (−2, 5), η = 0.5, γ = 0.9. " +
			"NAG takes its gradient at the look-ahead point, so it corrects its course sooner: in 100 iterations momentum makes 12 U-turns, the widest 0.82 from the valley floor, NAG 7, none further than 0.23 (F shows the whole way).",
		Rule:  "w_look = w_t − γ·update_{t−1};  update_t = γ·update_{t−1} + η·∇L(w_look);  w_{t+1} = w_t − update_t",
		Setup: "surface=valley&opt=momentum,nag&lr=0.5&gamma=0.9&speed=12&maxSteps=100&box=" + valleyBox + "&views=contour,3d,loss&balls=-2,5",
	},
	{
		Name: "5.5-nag-step-by-step", Section: "5.5", Title: "NAG step by step",
		Caption: "NAG in the valley, paused after 4 steps: the ghost ball is the look-ahead point w_t − γ·update_{t−1}, where the gradient is taken. " +
			"It already sees the far wall: the gradient there pushes w back (+0.043) while at the ball itself it still pushes on (−0.027). " +
			"Press s for one more step.",
		Rule:  "w_look = w_t − γ·update_{t−1};  update_t = γ·update_{t−1} + η·∇L(w_look);  w_{t+1} = w_t − update_t",
		Setup: "surface=valley&opt=nag&lr=0.5&gamma=0.9&speed=5&maxSteps=200&box=-2.3,-0.9,4.4,5.8&views=contour,loss,3d&paused=1&balls=-2,5&step=4",
	},
	{
		Name: "5.5-basins-map", Section: "5.5", Title: "Four minima: which one?",
		Caption: "Himmelblau's four minima, all at L = 0: each start takes the colour of the one it ends in, for GD (η = 0.01), momentum and NAG (η = 0.002, γ = 0.9). " +
			"All arrive; momentum ends elsewhere than GD from 34% of the starts, NAG only from 16%.",
		Rule:  "w_look = w_t − γ·update_{t−1};  update_t = γ·update_{t−1} + η·∇L(w_look);  w_{t+1} = w_t − update_t",
		Setup: "surface=himmelblau&opt=gd,momentum,nag&gd.lr=0.01&momentum.lr=0.002&nag.lr=0.002&gamma=0.9&maxSteps=1000&speed=50&views=contour,3d&mode=map",
	},
	{
		Name: "5.6-batch-vs-stochastic", Section: "5.6", Title: "Batch and stochastic",
		Caption: "Batch gradient descent (black) sums the gradients of both points and steps once per epoch; stochastic (orange) steps after each point, twice per epoch, both with η = 1. " +
			"After 100 steps black has done 100 epochs (L 0.018), orange 50 (L 0.407, black's loss after 50); orange's loss rises at 18 of its 200 steps, black's never.",
		Rule:  "batch: w ← w − η·Σᵢ ∇Lᵢ(w), 1 step per epoch;  stochastic: w ← w − η·∇Lᵢ(w) for each point i, N steps per epoch",
		Setup: "surface=neuron&lr=1&seed=1&speed=20&maxSteps=200&views=contour,loss,fit,3d&ball=gd,-2,-2&ball=gd,-2,-2,batch=1,color=orange",
	},
	{
		Name: "5.6-stochastic-momentum-nag", Section: "5.6", Title: "Stochastic momentum and NAG",
		Caption: "The stochastic versions, one point per step from (−2, −2), η = 1: gradient descent (black), momentum (red) and NAG (blue), as in the lecture's picture after 60 steps. " +
			"Stochastic GD is still on the plateau (L 0.412); momentum is at 0.011 and NAG at 0.0034, their losses jumping up and down on the way.",
		Rule:  "the rules of 5.2, 5.4 and 5.5 with ∇L over one point per step (2 steps per epoch here)",
		Setup: "surface=neuron&opt=gd,momentum,nag&lr=1&gamma=0.9&batch=1&seed=1&speed=10&maxSteps=60&views=contour,loss,fit,3d&balls=-2,-2",
	},
	{
		Name: "5.6-mini-batch", Section: "5.6", Title: "Mini-batch",
		Caption: "Sparse data, N = 100: full batch (black, 1 step per epoch), B = 10 (sky, 10) and B = 1 (orange, 100), with η = 0.01, 0.1 and 1 so that a step goes about as far (gradients are sums). " +
			"After 100 steps L is 0.34, 0.34 and 0.60, after 100, 10 and 1 epochs; in 1000 steps orange's loss rises 346 times, sky's 45, black's never.",
		Rule:  "mini-batch: w ← w − η·Σ_{i∈B} ∇Lᵢ(w) over the next B points of a shuffled epoch;  N/B steps per epoch",
		Setup: "surface=sparse&seed=1&speed=50&maxSteps=1000&views=contour,loss,fit,3d&ball=gd,-2,-2,lr=0.01&ball=gd,-2,-2,batch=10,lr=0.1,color=sky&ball=gd,-2,-2,batch=1,lr=1,color=orange",
	},
	{
		Name: "5.7-high-learning-rate", Section: "5.7", Title: "Too high a learning rate",
		Caption: "On the bowl L = ½(w² + 25b²), steep along b, a step multiplies b by 1 − 25η: with η = 10 that is −249, and the red ball leaves the box at once (diverged at step 1, η 10). " +
			"η = 0.1 (orange), just over 2/25, blows up at step 11 and η = 0.07 (black) rolls down; on the lecture's neuron, whose loss is bounded, η = 10 converges.",
		Rule:  "L = ½(w² + 25b²):  w ← (1 − η)·w,  b ← (1 − 25η)·b;  stable only for η < 2/25",
		Setup: "surface=bowl&opt=gd&speed=5&maxSteps=300&views=contour,loss,3d&ball=gd,-5,2,lr=0.07&ball=gd,-5,2,lr=0.1,color=orange&ball=gd,-5,2,lr=10,color=red",
	},
	{
		Name: "5.7-divergence-map", Section: "5.7", Title: "The sweep as maps: where η diverges",
		Caption: "GD on Himmelblau's function from every start, η = 0.01, 0.02, 0.03 and 0.04, at most 1000 steps; grey starts diverge. " +
			"None at 0.01; at 0.02 the rim, 8% (more than 5.2 out, slope above 500); 42% at 0.03; at 0.04 all but 31 of 16,384.",
		Rule:  "w ← w − η·∇L(w): stable only where η < 2/λ, λ the largest curvature, which grows away from the minima",
		Setup: "surface=himmelblau&opt=gd&mapEtas=0.01,0.02,0.03,0.04&maxSteps=1000&speed=50&views=contour&mode=map",
	},
	{
		Name: "5.7-learning-rate-sweep", Section: "5.7", Title: "Learning-rate sweep",
		Caption: "Gradient descent from (−2, −2) for 100 steps with η = 0.0001, 0.001, 0.01, 0.1, 1 and 10: the final loss against η, on log scales. " +
			"Up to 0.1 the ball never leaves the plateau (L ≈ 0.415), η = 1 reaches 0.018 and η = 10 converges by step 85: this bounded loss forgives a large η.",
		Rule:  "try η on a log scale (10⁻⁴, 10⁻³, 10⁻², 0.1, 1, 10) for a few epochs;  keep the lowest final loss",
		Setup: "surface=neuron&opt=gd&speed=20&main=loss&views=loss,contour,3d&sweep=1",
	},
	{
		Name: "5.7-finer-sweep", Section: "5.7", Title: "A finer search",
		Caption: "The finer search around the best η of the log-scale sweep (10): η = 2.5, 5, 7.5, 10, 15, 20 and 30, again 100 steps from (−2, −2). " +
			"η = 15 and 20 converge fastest (by step 55); 30 overshoots and is still at 0.005, 2.5 at 0.0002.",
		Rule:  "around the best e: η ∈ {e/4, e/2, 3e/4, e, 1.5e, 2e, 3e}",
		Setup: "surface=neuron&opt=gd&speed=20&main=loss&views=loss,contour,3d&sweep=2.5,5,7.5,10,15,20,30",
	},
	{
		Name: "5.7-annealing", Section: "5.7", Title: "Annealing the learning rate",
		Caption: "Stochastic GD on the sparse data, η₀ = 10: constant (black), halved every 5 epochs (orange), η₀·e^(−0.001t) (sky), η₀/(1 + 0.01t) (green). " +
			"In the 10th epoch the loss still jumps by 0.016 with a constant η, by 0.006, 0.004 and 0.0006 with the decays. " +
			"Decay calms the jitter; green, slowed most, is furthest from the minimum.",
		Rule: "step: η₀·0.5^⌊epoch/5⌋;  exponential: η₀·e^(−k·t);  1/t: η₀/(1 + k·t);  t the step",
		Setup: "surface=sparse&opt=gd&batch=1&seed=1&lr=10&speed=100&maxSteps=1000&main=loss&views=loss,contour,fit,3d" +
			"&ball=gd,-2,-2&ball=gd,-2,-2,schedule=step,decay=0.5,every=5,color=orange" +
			"&ball=gd,-2,-2,schedule=exp,k=0.001,color=sky&ball=gd,-2,-2,schedule=inv,k=0.01,color=green",
	},
	{
		Name: "5.7-momentum-schedule", Section: "5.7", Title: "Momentum schedule",
		Caption: "Momentum on the sparse data: γ = 0.9 (red), γ = 0.99 (orange) and Sutskever's schedule (green), γ_t = 0.5 for 250 steps, then 0.75, 0.83, … up to 0.99. " +
			"Orange's high γ from the start flings it off the top of the map onto a flat shelf (L 0.67); green starts gently, passes red near step 2000 and ends 20 times lower after 4000.",
		Rule: "γ_t = min(1 − 2^(−1 − log₂(⌊t/250⌋ + 1)), γ_max),  γ_max = 0.99",
		Setup: "surface=sparse&opt=momentum&lr=0.003&speed=200&maxSteps=4000&main=loss&views=loss,contour,3d" +
			"&ball=momentum,-2,-2,gamma=0.9&ball=momentum,-2,-2,gamma=0.99,color=orange&ball=momentum,-2,-2,gammaMax=0.99,color=green",
	},
	{
		Name: "5.8-line-search", Section: "5.8", Title: "Line search",
		Caption: "Line search (purple) and gradient descent (black, η = 1) from (−2, −2), paused after 11 steps: the marks are the five candidates w − η·g for η = 0.1, 0.5, 1, 5 and 10. " +
			"The lowest loss wins, here η = 5, not the largest; press space to play: line search is below 0.01 at step 14, gradient descent only at step 113.",
		Rule:  "g = ∇L(w_t);  w_{t+1} = w_t − η*·g  with η* = argmin over η ∈ {0.1, 0.5, 1, 5, 10} of L(w_t − η·g)",
		Setup: "surface=neuron&opt=linesearch,gd&lr=1&etas=0.1,0.5,1,5,10&speed=10&maxSteps=200&views=contour,loss,3d&paused=1&balls=-2,-2&step=11",
	},
	{
		Name: "5.9-sparse-feature", Section: "5.9", Title: "A sparse feature",
		Caption: "The sparse data: 84 of the 100 points have x = 0, so only 16 give w a gradient while all 100 push b. " +
			"Gradient descent (black, η = 0.01), momentum (red) and NAG (blue, η = 0.003) start at (−2, −2) and move almost only along b: after 10 steps each has gone about 30 times further in b than in w.",
		Rule:  "∂L/∂w = Σ (f(x) − y)·f(x)·(1 − f(x))·x is 0 for every point with x = 0;  ∂L/∂b sums all of them",
		Setup: "surface=sparse&opt=gd,momentum,nag&gd.lr=0.01&momentum.lr=0.003&nag.lr=0.003&gamma=0.9&speed=10&maxSteps=200&views=contour,loss,fit,3d&balls=-2,-2",
	},
	{
		Name: "5.9-adagrad-rmsprop", Section: "5.9", Title: "Adagrad and RMSProp",
		Caption: "Adagrad (green, η = 0.1) and RMSProp (orange, η = 0.01) scale each coordinate by its own gradient history, so w moves as much as b from the first step. " +
			"Adagrad's sum only grows: its effective η for b falls from 0.014 to 0.0007 by step 500 and b stalls 0.8 short; RMSProp's average forgets, and it reaches the minimum.",
		Rule:  "Adagrad: v_t = v_{t−1} + g_t²;  RMSProp: v_t = β·v_{t−1} + (1 − β)·g_t²;  w_{t+1} = w_t − η/√(v_t + ε)·g_t",
		Setup: "surface=sparse&opt=adagrad,rmsprop&adagrad.lr=0.1&rmsprop.lr=0.01&beta=0.9&eps=1e-8&speed=50&maxSteps=500&views=contour,loss,3d&balls=-2,-2",
	},
	{
		Name: "5.9-adam", Section: "5.9", Title: "Adam",
		Caption: "The race on the sparse data from (−2, −2), each optimizer with its own η: Adam (sky, η = 0.2) is within 0.01 of the minimum's loss after 22 steps. " +
			"RMSProp needs 412, NAG 495 and momentum 531, while Adagrad and plain gradient descent are not there after 600.",
		Rule: "m_t = β₁·m_{t−1} + (1 − β₁)·g_t;  v_t = β₂·v_{t−1} + (1 − β₂)·g_t²;  w_{t+1} = w_t − η/√(v̂_t + ε)·m̂_t  (ε inside the root, as in the lecture)",
		Setup: "surface=sparse&opt=gd,momentum,nag,adagrad,rmsprop,adam&gd.lr=0.01&momentum.lr=0.003&nag.lr=0.003&adagrad.lr=0.1&rmsprop.lr=0.01&adam.lr=0.2" +
			"&gamma=0.9&beta=0.9&beta1=0.9&beta2=0.999&eps=1e-8&speed=50&maxSteps=600&main=loss&views=loss,contour,3d&balls=-2,-2",
	},
	{
		Name: "5.9-bias-correction", Section: "5.9", Title: "Bias correction",
		Caption: "Adam's first step with bias correction (sky) and without (orange), η = 0.2, β₁ = 0.9, β₂ = 0.999, paused. " +
			"Corrected, m̂ = g and v̂ = g², so each coordinate moves η = 0.2; uncorrected, m = 0.1·g is too small but v = 0.001·g² under the root is smaller still, so the step is 0.1/√0.001 = 3.16 times larger (0.63).",
		Rule: "m̂_t = m_t/(1 − β₁ᵗ),  v̂_t = v_t/(1 − β₂ᵗ);  step 1: η·m̂/√v̂ = η·sign(g), uncorrected η·(1 − β₁)/√(1 − β₂)·sign(g)",
		Setup: "surface=sparse&adam.lr=0.2&beta1=0.9&beta2=0.999&eps=1e-8&speed=5&maxSteps=100&box=-2.5,-0.5,-2.5,-0.5&views=contour,loss,3d" +
			"&paused=1&ball=adam,-2,-2,biasCorrection=false,color=orange&ball=adam,-2,-2&step=1",
	},
	{
		Name: "5.9-in-practice", Section: "5.9", Title: "Which to use in practice",
		Caption: "Mini-batches of 10 on the sparse data: Adam (sky, η = 0.2) against SGD with Nesterov momentum (blue, η = 0.05·e^(−0.0005t)). " +
			"Adam is within 0.01 of the minimum's loss after 22 steps, NAG after 446; with its constant η Adam keeps jittering (up to 0.001 above it over steps 1500–2000) while the annealed NAG settles within 0.0007.",
		Rule: "Adam: η/√(v̂ + ε)·m̂;  NAG: update_t = γ·update_{t−1} + η_t·∇L(w_t − γ·update_{t−1}),  η_t = η₀·e^(−k·t)",
		Setup: "surface=sparse&seed=1&speed=100&maxSteps=2000&main=loss&views=loss,contour,fit,3d" +
			"&ball=adam,-2,-2,batch=10,lr=0.2&ball=nag,-2,-2,batch=10,lr=0.05,gamma=0.9,schedule=exp,k=0.0005",
	},
}

// main is the view the scene's set-up names for small frames (main=), or
// the contour map.
func (sc *Scene) main() View {
	for _, p := range ParseQuery(sc.Setup) {
		if p.Key == "main" {
			if i, err := mainSetting.ParseChoice(p.Val); err == nil {
				return View(i)
			}
		}
	}
	return ViewContour
}

// valleyBox frames the valley scenes (5.4, 5.5) on the valley's upper end,
// where the U-turns are: momentum's widest (0.82 from the floor) is a third
// of the map's width here, where on the surface's 12-wide box it was a
// fourteenth. Gradient descent's whole path is inside; momentum and NAG
// leave it at the bottom after about 30 steps, on their way to the minimum
// (the loss curve shows the rest, F frames the whole paths).
const valleyBox = "-2.5,-0.3,3.5,5.7"

// resetSetup puts every setting back to its default (the presenting mode,
// the tour, the clock and the seeds stay), on the neuron surface, without
// balls.
func (w *World) resetSetup() {
	w.hyper = nil
	w.Enabled = []optim.Rule{optim.GD}
	w.Paused = false
	w.Speed, w.MaxSteps = DefaultSpeed, DefaultMaxSteps
	w.Cam, w.Grid, w.Spin, w.Views, w.Main = DefaultCamera(), true, 0, AllViews, ViewContour
	w.Title, w.Caption = "", ""
	w.Mode, w.Quiz, w.MapGrid, w.MapEtas = ModeRoll, Quiz{}, DefaultMapGrid, nil
	s, err := surfaces.New("neuron", "")
	if err != nil {
		panic(err) // the built-in surface always exists
	}
	w.setSurface(s, "")
}

// enterScene resets the world to scene i.
func (w *World) enterScene(i int) error {
	w.resetSetup()
	errs := w.apply(ParseQuery(Scenes[i].Setup))
	w.Scene = i
	// The command that entered the scene counts as its first edit.
	w.sceneEdits = w.edits + 1
	return errors.Join(errs...)
}

// tourStep goes d scenes on in the tour (turning it on), staying at its
// ends.
func (w *World) tourStep(d int) error {
	w.Tour = true
	i := min(max(w.Scene+d, 0), len(Scenes)-1)
	if w.Scene < 0 {
		i = 0
	}
	if i == w.Scene {
		return nil
	}
	return w.enterScene(i)
}
