package optim

// This file is the contract other packages build on. The helper that owns
// optim may move these declarations to other files and must keep their
// names, fields and meaning.

// ScheduleKind names a learning-rate schedule.
type ScheduleKind uint8

// The learning-rate schedules of the lecture's 5.7. Names (String) are those
// of the URL key "schedule".
const (
	Constant ScheduleKind = iota // "constant": eta_t = eta0
	StepDecay                    // "step": eta0 * Factor^floor(epoch/Every)
	OnRise                       // "rise": multiply by Factor after an epoch whose loss rose over the previous epoch's
	ExpDecay                     // "exp": eta0 * exp(-K*t), t the step
	InvDecay                     // "inv": eta0 / (1 + K*t), t the step
	NumSchedules
)

// Schedule anneals the learning rate. The zero value is Constant.
type Schedule struct {
	Kind   ScheduleKind
	Factor float64 // StepDecay, OnRise: multiplier (the lecture: 0.5)
	Every  int     // StepDecay: epochs between multiplications (the lecture: 5)
	K      float64 // ExpDecay, InvDecay: decay rate per step
}

// State is everything a ball remembers between steps: a fixed-size value,
// zero at the start. Copy it to snapshot a run; zero it to restart.
type State struct {
	T     int // updates taken
	Epoch int // complete passes over the data
	V     Vec // Momentum, NAG: update_{t-1}
	M     Vec // first moment (Adam family)
	S     Vec // second moment: Adagrad's sum, RMSProp's and Adam's average
	SMax  Vec // AMSGrad: running maximum of the second moment
	// The sampler: a permutation of the data for this epoch and the
	// position of the next batch in it.
	Perm    [MaxPoints]uint8
	NPerm   int
	Pos     int
	Shuffle uint64 // PRNG state
	// OnRise schedule: the running multiplier (0 means 1), this epoch's
	// summed batch losses and the previous epoch's.
	LRScale       float64
	EpochLoss     float64
	PrevEpochLoss float64
}

// Candidate is one learning rate line search tried and the loss it gave.
type Candidate struct {
	Eta, Loss float64
}

// Report is what one step did, for the views and the step-by-step readout.
type Report struct {
	T     int // the step's number, 1 for the first update
	Epoch int // epoch the step belongs to (0 for the first)
	From  Vec // position before the step
	At    Vec // where the gradient was taken (NAG's look-ahead; else From)
	Grad  Vec // gradient at At over Batch
	Upd   Vec // the update applied: To = From - Upd
	To    Vec // position after the step
	LR    float64
	Gamma float64
	// Velocity is Momentum's and NAG's update_t (equal to Upd).
	Velocity Vec
	// M, S are the moments after the step; MHat, SHat bias-corrected
	// (equal to M, S when correction is off or does not apply).
	M, S, MHat, SHat Vec
	// EffLR is the per-coordinate effective learning rate: Upd_i/Grad_i for
	// the rules that scale each coordinate (eta/sqrt(v_i+eps) for Adagrad
	// and RMSProp), LR for GD, the chosen eta for line search.
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
// func Step(cfg *Config, st *State, x Vec, obj Objective, rep *Report) Vec

// StepsPerEpoch is the number of updates per pass over n data points with
// batch size batch: 1 for full batch (batch 0 or >= n), n for stochastic
// (batch 1), ceil(n/batch) for mini-batch.
//
// func StepsPerEpoch(n, batch int) int

// SutskeverGamma is the momentum schedule of Sutskever et al. (2013):
// gamma_t = min(1 - 2^(-1 - log2(floor(t/250) + 1)), gammaMax).
//
// func SutskeverGamma(t int, gammaMax float64) float64
