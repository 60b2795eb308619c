package optim

import "math"

// State is everything a ball remembers between steps: a fixed-size value,
// zero at the start. Copy it to snapshot a run; zero it to restart.
type State struct {
	T     int // updates taken
	Epoch int // complete passes over the data
	Upd   Vec // Momentum, NAG: update_{t-1}
	M     Vec // first moment m (Adam family)
	V     Vec // second moment v: Adagrad's sum, RMSProp's and Adam's average
	VMax  Vec // AMSGrad: running maximum of v (uncorrected)
	// The sampler: a permutation of the data for this epoch and the
	// position of the next batch in it.
	Perm    [MaxPoints]uint8
	NPerm   int
	Pos     int
	Shuffle SplitMix64
	// OnRise schedule: the running multiplier (0 means 1); the full loss at
	// the last epoch boundary (the starting point's loss until the first
	// epoch ends) and at the boundary before it; HaveEpochLoss tells
	// whether EpochLoss has been measured yet.
	LRScale       float64
	EpochLoss     float64
	PrevEpochLoss float64
	HaveEpochLoss bool
}

// Candidate is one learning rate line search tried and the loss it gave.
type Candidate struct {
	Eta, Loss float64
}

// Report is what one step did, for the views and the step-by-step readout.
// Step overwrites every field, so one Report can be reused.
type Report struct {
	T     int // the step's number, 1 for the first update
	Epoch int // epoch the step belongs to (0 for the first)
	From  Vec // position before the step
	At    Vec // where the gradient was taken (NAG's look-ahead; else From)
	Grad  Vec // gradient at At over Batch
	Upd   Vec // the update applied: To = From - Upd
	To    Vec // position after the step
	// LR is the eta this step used: LR after the schedule, or line
	// search's chosen candidate.
	LR float64
	// Gamma is the momentum coefficient used by Momentum and NAG (after the
	// momentum schedule); 0 for the other rules.
	Gamma float64
	// M, V are the moments m_t and v_t after the step; MHat, VHat
	// bias-corrected (equal to M, V when correction is off or does not
	// apply). For AMSGrad VHat is VMax corrected; for Adagrad and RMSProp
	// V = VHat = v_t.
	M, V, MHat, VHat Vec
	// VMax is AMSGrad's running maximum of V (uncorrected).
	VMax Vec
	// MBar is NAdam's look-ahead momentum, the direction it steps along:
	// beta1*MHat + (1-beta1)*Grad/(1-beta1^t).
	MBar Vec
	// EffLR is the per-coordinate learning rate this step applied: LR for
	// GD, Momentum and NAG; the chosen eta for line search;
	// eta/sqrt(v_i+eps) for Adagrad and RMSProp (Upd_i = EffLR_i*Grad_i);
	// eta/sqrt(v_hat_i+eps) for Adam and AMSGrad (Upd_i = EffLR_i*MHat_i)
	// and NAdam (Upd_i = EffLR_i*MBar_i); Upd_i/Grad_i for Newton (eta over
	// the curvature when H is diagonal; 0 where Grad_i = 0).
	EffLR Vec
	// Line search: candidates tried, in order, and the index chosen.
	Cands  [MaxEtas]Candidate
	NCands int
	Chosen int
	// Batch lists the data points of this step's gradient (nil: all).
	// It aliases the State's permutation: valid until the next step.
	Batch []uint8
	// EpochEnd is set when this step completed an epoch.
	EpochEnd bool
}

// Step advances x by one update of cfg's rule on obj and returns the new
// position. st carries the rule's memory; rep, if not nil, receives what the
// step did. Step allocates nothing.
//
// Step first draws the batch (see [StepsPerEpoch]): with cfg.Batch = 0, or
// at least obj.Points(), or more than MaxPoints points, the batch is nil
// (every point) and every step is an epoch; otherwise the next B indices of
// this epoch's seeded shuffle. It then applies the rule (see [Rule]) with
// eta = cfg.LRAt(st) and gamma = cfg.GammaAt(st), counts the update and,
// when the batch completed an epoch, the epoch (for OnRise comparing the
// full loss at the new position with the previous epoch's).
//
// Step does not validate cfg (see [Config.Validate]): out-of-range values
// give meaningless numbers but never a panic, except an unknown Rule, which
// is a programmer's error. A non-finite position is returned as it came out
// of the arithmetic, for the caller to mark the ball diverged.
func Step(cfg *Config, st *State, x Vec, obj Objective, rep *Report) Vec {
	batch, epochEnd := st.sample(cfg.Batch, cfg.Seed, obj.Points())
	rise := cfg.Schedule.Kind == OnRise
	if rise && !st.HaveEpochLoss {
		st.EpochLoss = obj.Loss(x[0], x[1], nil)
		st.HaveEpochLoss = true
	}
	if rep != nil {
		*rep = Report{}
	}
	t := st.T + 1
	lr := cfg.LRAt(st)
	at := x
	var g, upd, eff, mhat, vhat, mbar Vec
	var gamma float64
	switch cfg.Rule {
	case GD:
		g = grad(obj, x, batch)
		upd = g.Scale(lr)
		eff = Vec{lr, lr}
	case Momentum, NAG:
		gamma = cfg.GammaAt(st)
		if cfg.Rule == NAG {
			at = x.Sub(st.Upd.Scale(gamma))
		}
		g = grad(obj, at, batch)
		upd = st.Upd.Scale(gamma).Add(g.Scale(lr))
		st.Upd = upd
		eff = Vec{lr, lr}
	case LineSearch:
		g = grad(obj, x, batch)
		lr = lineSearch(cfg, x, g, obj, batch, rep)
		upd = g.Scale(lr)
		eff = Vec{lr, lr}
	case Adagrad, RMSProp:
		g = grad(obj, x, batch)
		for i := range g {
			if cfg.Rule == Adagrad {
				st.V[i] += g[i] * g[i]
			} else {
				st.V[i] = cfg.Beta*st.V[i] + (1-cfg.Beta)*g[i]*g[i]
			}
			eff[i] = lr / math.Sqrt(st.V[i]+cfg.Eps)
			upd[i] = eff[i] * g[i]
		}
		vhat = st.V
	case Adam, NAdam, AMSGrad:
		g = grad(obj, x, batch)
		b1, b2 := cfg.Beta1, cfg.Beta2
		c1, c2 := 1.0, 1.0 // bias corrections 1 - beta^t
		if cfg.BiasCorrection {
			c1 = 1 - powi(b1, t)
			c2 = 1 - powi(b2, t)
		}
		for i := range g {
			st.M[i] = b1*st.M[i] + (1-b1)*g[i]
			st.V[i] = b2*st.V[i] + (1-b2)*g[i]*g[i]
			v := st.V[i]
			if cfg.Rule == AMSGrad {
				st.VMax[i] = max(st.VMax[i], v)
				v = st.VMax[i]
			}
			mhat[i], vhat[i] = st.M[i]/c1, v/c2
			dir := mhat[i]
			if cfg.Rule == NAdam {
				dir = b1*mhat[i] + (1-b1)*g[i]/c1
				mbar[i] = dir
			}
			eff[i] = lr / math.Sqrt(vhat[i]+cfg.Eps)
			upd[i] = eff[i] * dir
		}
	case Newton:
		g = grad(obj, x, batch)
		if g != (Vec{}) {
			hww, hwb, hbb := obj.Hessian(x[0], x[1], batch)
			det := hww*hbb - hwb*hwb
			upd = Vec{lr * (hbb*g[0] - hwb*g[1]) / det, lr * (hww*g[1] - hwb*g[0]) / det}
		}
		for i := range g {
			if g[i] != 0 {
				eff[i] = upd[i] / g[i]
			}
		}
	default:
		panic("optim: Step with unknown rule " + cfg.Rule.String())
	}
	to := x.Sub(upd)

	epoch := st.Epoch
	st.T = t
	if epochEnd {
		if rise {
			l := obj.Loss(to[0], to[1], nil)
			if l > st.EpochLoss {
				scale := st.LRScale
				if scale == 0 {
					scale = 1
				}
				st.LRScale = scale * cfg.Schedule.Factor
			}
			st.PrevEpochLoss, st.EpochLoss = st.EpochLoss, l
		}
		st.Epoch++
	}

	if rep != nil {
		rep.T, rep.Epoch = t, epoch
		rep.From, rep.At, rep.Grad, rep.Upd, rep.To = x, at, g, upd, to
		rep.LR, rep.Gamma, rep.EffLR = lr, gamma, eff
		rep.Batch, rep.EpochEnd = batch, epochEnd
		switch cfg.Rule {
		case Adagrad, RMSProp:
			rep.V, rep.VHat = st.V, vhat
		case Adam, NAdam, AMSGrad:
			rep.M, rep.V, rep.MHat, rep.VHat = st.M, st.V, mhat, vhat
			if cfg.Rule == AMSGrad {
				rep.VMax = st.VMax
			}
			rep.MBar = mbar
		}
	}
	return to
}

func grad(obj Objective, x Vec, batch []uint8) Vec {
	dw, db := obj.Grad(x[0], x[1], batch)
	return Vec{dw, db}
}

// lineSearch tries every candidate eta along -g on the batch loss and
// returns the one with the lowest loss (the first on ties; a NaN loss never
// wins unless all are NaN), recording the candidates in rep.
func lineSearch(cfg *Config, x, g Vec, obj Objective, batch []uint8, rep *Report) float64 {
	etas, n := cfg.Etas[:], cfg.NEtas
	if n < 1 {
		etas, n = LectureEtas[:], len(LectureEtas)
	}
	n = min(n, MaxEtas)
	best, bestLoss := 0, math.NaN()
	for k, eta := range etas[:n] {
		p := x.Sub(g.Scale(eta))
		l := obj.Loss(p[0], p[1], batch)
		if rep != nil {
			rep.Cands[k] = Candidate{eta, l}
		}
		if l < bestLoss || (math.IsNaN(bestLoss) && !math.IsNaN(l)) {
			best, bestLoss = k, l
		}
	}
	if rep != nil {
		rep.NCands, rep.Chosen = n, best
	}
	return etas[best]
}

// powi returns b^n for n >= 0 by repeated squaring: exact for n = 1 and 2,
// within a few ulps beyond, and several times faster than math.Pow, whose
// general case dominated an Adam step.
func powi(b float64, n int) float64 {
	r := 1.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			r *= b
		}
		b *= b
	}
	return r
}
