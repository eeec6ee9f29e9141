package optim

import (
	"fmt"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim/internal/update"
)

// SGDConfig holds SGD's hyperparameters (PyTorch's torch.optim.SGD
// arguments other than lr). The zero value is plain gradient descent.
type SGDConfig struct {
	Momentum    float64 // μ in [0, 1); 0 turns momentum off
	Dampening   float64 // τ in [0, 1]
	WeightDecay float64 // λ ≥ 0, L2 penalty added to the gradient
	Nesterov    bool    // Nesterov momentum; needs μ > 0 and τ = 0
}

// SGD is stochastic gradient descent with momentum, dampening, Nesterov
// momentum and weight decay, PyTorch 1.13's torch.optim.SGD. With gradient
// g, learning rate lr and buffer b, each step computes
//
//	d = g + λθ
//	b = d                       on the parameter's first step
//	b = μb + (1 − τ)d           after it
//	u = d + μb if Nesterov, else u = b   (u = d when μ = 0)
//	θ = θ − lr·u
//
// The course writes momentum as v = γv + α∇, θ = θ − v: that is this rule
// with τ = 0, γ = μ and the learning rate folded into the buffer (v = lr·b).
// The two agree while lr is constant; with a schedule PyTorch's form (used
// here) applies the current rate to the whole buffer. State: one buffer
// "momentum_buffer" per parameter (when μ > 0).
type SGD struct {
	cfg SGDConfig
	core
}

// NewSGD returns an SGD optimizer, or an error naming the first invalid
// hyperparameter.
func NewSGD(cfg SGDConfig) (*SGD, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	var names []string
	if cfg.Momentum != 0 {
		names = []string{"momentum_buffer"}
	}
	return &SGD{cfg: cfg, core: newCore("SGD", names, make([]float32, len(names)))}, nil
}

func (c SGDConfig) validate() error {
	switch {
	case !finite(c.Momentum) || c.Momentum < 0 || c.Momentum >= 1:
		return fmt.Errorf("optim: NewSGD: momentum %v, want 0 ≤ momentum < 1", c.Momentum)
	case !finite(c.Dampening) || c.Dampening < 0 || c.Dampening > 1:
		return fmt.Errorf("optim: NewSGD: dampening %v, want 0 ≤ dampening ≤ 1", c.Dampening)
	case !finite(c.WeightDecay) || c.WeightDecay < 0:
		return fmt.Errorf("optim: NewSGD: weight decay %v, want a finite value ≥ 0", c.WeightDecay)
	case c.Nesterov && (c.Momentum == 0 || c.Dampening != 0):
		return fmt.Errorf("optim: NewSGD: Nesterov momentum needs momentum > 0 and dampening 0 (have %v, %v)",
			c.Momentum, c.Dampening)
	}
	return nil
}

// Config returns the hyperparameters.
func (o *SGD) Config() SGDConfig { return o.cfg }

// Step updates every parameter that has a gradient (see SGD). It returns an
// error, and changes nothing, if lr is negative or not finite, or a
// parameter is unnamed, named twice, or sized unlike its gradient or state.
func (o *SGD) Step(params []nn.Param, lr float64) error { return o.each(params, lr, o.apply) }

// BeginStep validates a step and advances the step counts, as Step does
// before updating (see nn.SplitOptimizer); StepPart then applies it.
func (o *SGD) BeginStep(params []nn.Param, lr float64) error { return o.begin(params, lr) }

// StepPart applies the step begun by BeginStep to the i-th of n contiguous
// ranges of every parameter; calls with distinct i may run concurrently,
// and together they give the bits of Step.
func (o *SGD) StepPart(i, n int) { o.part(i, n, o.apply) }

func (o *SGD) apply(p nn.Param, st *paramState, lr float64, lo, hi int) {
	c := o.cfg
	v, g := p.Value.Data()[lo:hi], p.Grad.Data()[lo:hi]
	if c.Momentum == 0 {
		update.SGD(v, g, float32(c.WeightDecay), float32(-lr))
		return
	}
	k := update.SGDCoef{WD: float32(c.WeightDecay), Mom: float32(c.Momentum),
		Damp1: float32(1 - c.Dampening), A: 0, B: 1, NegLR: float32(-lr)}
	if st.step == 1 {
		k.Mom, k.Damp1 = 0, 1 // the buffer starts as d
	}
	if c.Nesterov {
		k.A, k.B = 1, float32(c.Momentum)
	}
	update.SGDMomentum(v, g, st.bufs[0][lo:hi], k)
}
