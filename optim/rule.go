package optim

import (
	"fmt"
	"strings"
)

// Rule names an update rule.
//
// In the equations below every operation is per coordinate (w and b apart),
// g(w) is the gradient of the loss summed over the step's batch at w, eta is
// the learning rate of this step (LR after the schedule) and t = 1 for the
// first update. Every rule's memory starts at zero.
type Rule uint8

// The update rules. The names returned by String are the ones the URL, the
// JS API and the panel use.
const (
	// GD is plain gradient descent (lecture 5.2):
	//
	//	w_{t+1} = w_t - eta * g(w_t)
	//
	// Default eta = 1 (the lecture's). PyTorch's SGD is the same update, but
	// its losses are usually means, so its g is this sum divided by N.
	GD Rule = iota

	// Momentum is momentum-based gradient descent (lecture 5.4):
	//
	//	update_t = gamma * update_{t-1} + eta * g(w_t)      update_0 = 0
	//	w_{t+1}  = w_t - update_t
	//
	// Defaults eta = 1, gamma = 0.9; with MomentumSchedule, gamma_t is
	// SutskeverGamma(t-1, GammaMax). PyTorch's SGD(momentum=gamma) keeps
	// b_t = gamma*b_{t-1} + g_t and steps by eta*b_t: the same path while eta
	// is constant; under a schedule PyTorch rescales all past gradients by
	// today's eta, here each past update keeps the eta it was taken with.
	Momentum

	// NAG is Nesterov accelerated gradient, "look before you leap"
	// (lecture 5.5):
	//
	//	w_look   = w_t - gamma * update_{t-1}
	//	update_t = gamma * update_{t-1} + eta * g(w_look)
	//	w_{t+1}  = w_t - update_t
	//
	// Defaults as Momentum. The report's At is w_look. PyTorch's
	// SGD(nesterov=True) uses the reformulation b_t = gamma*b_{t-1} + g(p_t),
	// p_{t+1} = p_t - eta*(g(p_t) + gamma*b_t), whose parameters p are the
	// look-ahead points of this formulation, so its gradient is taken at the
	// stored parameters; the paths agree up to that shift while eta is
	// constant.
	NAG

	// LineSearch is gradient descent with line search (lecture 5.8): the
	// gradient is computed once, every candidate learning rate is tried on
	// the same batch and the lowest loss wins:
	//
	//	g   = g(w_t)
	//	L_k = L(w_t - eta_k * g)        for eta_k in Etas[:NEtas]
	//	w_{t+1} = w_t - eta_k* * g      k* = argmin_k L_k (the first on ties;
	//	                                a NaN loss never wins unless all are)
	//
	// Default etas 0.1, 0.5, 1, 5, 10 (the lecture's). LR and the schedule
	// are not used: the candidates are the learning rates. A zero gradient
	// leaves every candidate at w_t, so the ball stays. PyTorch has no such
	// rule (LBFGS's "strong_wolfe" line search brackets a step instead of
	// trying a fixed set).
	LineSearch

	// Adagrad adapts the learning rate of each coordinate to the sum of
	// its squared gradients (lecture 5.9):
	//
	//	v_t     = v_{t-1} + g(w_t)^2
	//	w_{t+1} = w_t - eta / sqrt(v_t + eps) * g(w_t)
	//
	// Defaults eta = 1, eps = 1e-8. The report's EffLR is
	// eta/sqrt(v_t + eps), which only shrinks: near the minimum a coordinate
	// with a long history stops moving (the lecture's point). PyTorch's
	// Adagrad puts eps outside the root, eta/(sqrt(v_t) + eps) with eps =
	// 1e-10, defaults to eta = 0.01 and offers lr_decay and a nonzero
	// initial accumulator.
	Adagrad

	// RMSProp replaces Adagrad's sum by an exponentially decaying average
	// (lecture 5.9):
	//
	//	v_t     = beta * v_{t-1} + (1 - beta) * g(w_t)^2
	//	w_{t+1} = w_t - eta / sqrt(v_t + eps) * g(w_t)
	//
	// Defaults eta = 1, beta = 0.9, eps = 1e-8; no bias correction, as in
	// the lecture, so the first step is eta/sqrt(1-beta) = 3.16 eta per
	// unit of gradient sign. PyTorch's RMSprop calls beta alpha (default
	// 0.99), puts eps outside the root, defaults to eta = 0.01 and offers
	// centered and momentum variants.
	RMSProp

	// Adam keeps running averages of the gradient and of its square and
	// corrects their bias towards the zero start (lecture 5.9):
	//
	//	m_t     = beta1 * m_{t-1} + (1 - beta1) * g(w_t)
	//	v_t     = beta2 * v_{t-1} + (1 - beta2) * g(w_t)^2
	//	m_hat   = m_t / (1 - beta1^t)
	//	v_hat   = v_t / (1 - beta2^t)
	//	w_{t+1} = w_t - eta / sqrt(v_hat + eps) * m_hat
	//
	// Defaults eta = 0.1 (the lecture's Adam code), beta1 = 0.9,
	// beta2 = 0.999, eps = 1e-8. With bias correction the first step moves
	// every coordinate by about eta (m_hat = g, v_hat = g^2). With
	// NoBiasCorrection m_hat = m_t and v_hat = v_t, and the first step is
	// eta * (1-beta1)/sqrt(1-beta2) = 3.16 eta, larger, not smaller: m_t
	// alone is too small, but v_t is too small by more and sits under the
	// root (the Adam paper's section 3 warns of exactly this). PyTorch's Adam
	// puts eps outside the root, eta * m_hat / (sqrt(v_hat) + eps), and
	// defaults to eta = 0.001. With eps inside the root the per-coordinate
	// rate eta/sqrt(v_hat + eps) is capped at eta/sqrt(eps) = 1e4 eta where
	// gradients vanish; PyTorch's cap is eta/eps = 1e8 eta.
	Adam

	// NAdam is Adam with Nesterov momentum (Dozat 2016), in its simplified
	// form with a constant beta1 (as in Ruder's overview): the momentum term
	// looks one step ahead by using this step's gradient once more.
	//
	//	m_t, v_t, m_hat, v_hat as Adam
	//	m_bar   = beta1 * m_hat + (1 - beta1) * g(w_t) / (1 - beta1^t)
	//	w_{t+1} = w_t - eta / sqrt(v_hat + eps) * m_bar
	//
	// Without bias correction m_bar = beta1*m_t + (1-beta1)*g and v_hat = v_t.
	// Defaults as Adam. The first corrected step moves each coordinate by
	// (1 + beta1) * eta = 1.9 eta; m_bar tends to g as t grows. PyTorch's
	// NAdam follows Dozat's full algorithm with a momentum schedule:
	// mu_t = beta1 * (1 - 0.5 * 0.96^(t*psi)), psi = momentum_decay = 0.004,
	// m_bar = mu_{t+1} m_t/(1 - prod_{i<=t+1} mu_i) + (1 - mu_t) g/(1 - prod_{i<=t} mu_i),
	// so its momentum starts near beta1/2 = 0.45 and approaches beta1 only
	// after tens of thousands of steps; it also puts eps outside the root
	// and defaults to eta = 0.002.
	NAdam

	// AMSGrad is Adam whose second moment never decreases (Reddi, Kale and
	// Kumar 2018, the fix for the cases where Adam does not converge):
	//
	//	m_t, v_t as Adam
	//	v_max_t = max(v_max_{t-1}, v_t)          (of the raw v, before correction)
	//	m_hat   = m_t / (1 - beta1^t)
	//	v_hat   = v_max_t / (1 - beta2^t)
	//	w_{t+1} = w_t - eta / sqrt(v_hat + eps) * m_hat
	//
	// Defaults as Adam. The maximum is taken before bias correction, as
	// PyTorch's Adam(amsgrad=True) does: taken after it, v_hat_1 = g_1^2
	// exactly and one large first gradient would cap every later step; taken
	// before, the floor it leaves is (1-beta2) g_1^2 / (1-beta2^t). The paper
	// itself has no bias correction (and a decaying eta_t = eta/sqrt(t));
	// PyTorch puts eps outside the root.
	AMSGrad

	// Newton is Newton's method with the exact 2x2 Hessian H of the loss
	// over the batch (the second-order method the lecture defers):
	//
	//	H       = [[L_ww, L_wb], [L_wb, L_bb]] at w_t
	//	w_{t+1} = w_t - eta * H^-1 g(w_t)
	//
	// solved by Cramer's rule: det = L_ww*L_bb - L_wb^2,
	// d_w = (L_bb*g_w - L_wb*g_b)/det, d_b = (L_ww*g_b - L_wb*g_w)/det.
	// Default eta = 1, the pure Newton step: one step to the minimum of a
	// quadratic bowl. It jumps to the stationary point of the local quadratic
	// model whatever its kind, so where H is not positive definite it heads
	// for a saddle or a maximum (one step to the saddle of w^2 - b^2): that
	// is the lesson, so nothing is damped. Where H is singular (det = 0) the
	// step is undefined and the position comes back non-finite (Inf or NaN),
	// which the world shows as diverged; a nearly singular H throws the ball
	// far away. A zero gradient is a zero step even where H is singular.
	// On a data set, one point's Hessian of a two-parameter neuron is rank
	// one (h * [[x^2, x], [x, 1]]), so stochastic Newton (batch 1) has no
	// step at all and diverges at once; mini-batches need two points with
	// different x.
	// PyTorch has no Newton optimizer (LBFGS builds an approximation of
	// H^-1 from past gradients).
	Newton

	// NumRules is the number of rules.
	NumRules
)

var ruleNames = [NumRules]string{"gd", "momentum", "nag", "linesearch", "adagrad", "rmsprop", "adam", "nadam", "amsgrad", "newton"}

var ruleTitles = [NumRules][2]string{
	{"GD", "gradient descent"}, {"Momentum", "momentum"}, {"NAG", "Nesterov accelerated gradient"},
	{"Line search", "line search"}, {"Adagrad", "Adagrad"}, {"RMSProp", "RMSProp"}, {"Adam", "Adam"},
	{"NAdam", "NAdam"}, {"AMSGrad", "AMSGrad"}, {"Newton", "Newton's method"},
}

// String returns the rule's short name, e.g. "nag".
func (r Rule) String() string {
	if r < NumRules {
		return ruleNames[r]
	}
	return fmt.Sprintf("Rule(%d)", r)
}

// Title returns the rule's name in the panel and legends, e.g. "NAG".
func (r Rule) Title() string {
	if r < NumRules {
		return ruleTitles[r][0]
	}
	return r.String()
}

// Long returns the rule's name in words, e.g. "Nesterov accelerated
// gradient".
func (r Rule) Long() string {
	if r < NumRules {
		return ruleTitles[r][1]
	}
	return r.String()
}

// Rules returns every rule's short name, in order, in a new slice.
func Rules() []string { return append([]string(nil), ruleNames[:]...) }

// ParseRule returns the rule with the given short name. The error is an
// *Error naming the URL key "opt" and listing the accepted names.
func ParseRule(s string) (Rule, error) {
	for i, n := range ruleNames {
		if n == s {
			return Rule(i), nil
		}
	}
	return 0, &Error{Field: "opt", Value: s, Problem: "is unknown", Accepted: strings.Join(ruleNames[:], ", ")}
}
