package optim

import (
	"fmt"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim/internal/update"
)

// RMSPropConfig holds RMSProp's hyperparameters (torch.optim.RMSprop's
// arguments other than lr). DefaultRMSPropConfig returns PyTorch's defaults.
type RMSPropConfig struct {
	Alpha       float64 // smoothing constant α in [0, 1)
	Eps         float64 // ε > 0, added outside the square root
	WeightDecay float64 // λ ≥ 0, L2 penalty added to the gradient
	Momentum    float64 // μ in [0, 1); 0 turns momentum off
	Centered    bool    // normalise by the estimated variance instead of the second moment
}

// DefaultRMSPropConfig returns PyTorch's defaults: α = 0.99, ε = 1e-8.
func DefaultRMSPropConfig() RMSPropConfig { return RMSPropConfig{Alpha: 0.99, Eps: 1e-8} }

// RMSProp is PyTorch 1.13's torch.optim.RMSprop. With gradient g and
// learning rate lr, each step computes
//
//	d = g + λθ
//	s = αs + (1 − α)d²
//	centered: m = αm + (1 − α)d;  a = √(s − m²) + ε
//	otherwise:                    a = √s + ε
//	μ > 0:    b = μb + d/a;  θ = θ − lr·b
//	otherwise:               θ = θ − lr·d/a
//
// The course writes G = γG + (1 − γ)∇², θ = θ − α/√(G + ε)·∇ (γ is this α,
// its α is lr), with ε inside the square root; PyTorch adds ε to the root.
// State: "square_avg" (s), "grad_avg" (m, centered), "momentum_buffer"
// (b, μ > 0) and the step count.
type RMSProp struct {
	cfg RMSPropConfig
	ga  int // index of grad_avg in the buffers, or -1
	buf int // index of momentum_buffer, or -1
	core
}

// NewRMSProp returns an RMSProp optimizer, or an error naming the first
// invalid hyperparameter.
func NewRMSProp(cfg RMSPropConfig) (*RMSProp, error) {
	switch {
	case !finite(cfg.Alpha) || cfg.Alpha < 0 || cfg.Alpha >= 1:
		return nil, fmt.Errorf("optim: NewRMSProp: alpha %v, want 0 ≤ alpha < 1", cfg.Alpha)
	case !finite(cfg.Eps) || cfg.Eps <= 0:
		return nil, fmt.Errorf("optim: NewRMSProp: epsilon %v, want a finite value > 0", cfg.Eps)
	case !finite(cfg.WeightDecay) || cfg.WeightDecay < 0:
		return nil, fmt.Errorf("optim: NewRMSProp: weight decay %v, want a finite value ≥ 0", cfg.WeightDecay)
	case !finite(cfg.Momentum) || cfg.Momentum < 0 || cfg.Momentum >= 1:
		return nil, fmt.Errorf("optim: NewRMSProp: momentum %v, want 0 ≤ momentum < 1", cfg.Momentum)
	}
	o := &RMSProp{cfg: cfg, ga: -1, buf: -1}
	names := []string{"square_avg"}
	if cfg.Centered {
		o.ga, names = len(names), append(names, "grad_avg")
	}
	if cfg.Momentum > 0 {
		o.buf, names = len(names), append(names, "momentum_buffer")
	}
	o.core = newCore("RMSProp", names, make([]float32, len(names)))
	return o, nil
}

// Config returns the hyperparameters.
func (o *RMSProp) Config() RMSPropConfig { return o.cfg }

// Step updates every parameter that has a gradient (see RMSProp); errors
// as SGD.Step.
func (o *RMSProp) Step(params []nn.Param, lr float64) error { return o.each(params, lr, o.apply) }

// BeginStep validates a step and advances the step counts, as Step does
// before updating (see nn.SplitOptimizer); StepPart then applies it.
func (o *RMSProp) BeginStep(params []nn.Param, lr float64) error { return o.begin(params, lr) }

// StepPart applies the step begun by BeginStep to the i-th of n contiguous
// ranges of every parameter; calls with distinct i may run concurrently,
// and together they give the bits of Step.
func (o *RMSProp) StepPart(i, n int) { o.part(i, n, o.apply) }

func (o *RMSProp) apply(p nn.Param, st *paramState, lr float64, lo, hi int) {
	c := o.cfg
	k := update.RMSPropCoef{WD: float32(c.WeightDecay), Alpha: float32(c.Alpha), C: float32(1 - c.Alpha),
		Eps: float32(c.Eps), Mom: float32(c.Momentum), NegLR: float32(-lr)}
	update.RMSProp(p.Value.Data()[lo:hi], p.Grad.Data()[lo:hi], st.bufs[0][lo:hi],
		sub(buffer(st, o.ga), lo, hi), sub(buffer(st, o.buf), lo, hi), k)
}

// buffer returns st's buffer j, or nil for j < 0.
func buffer(st *paramState, j int) []float32 {
	if j < 0 {
		return nil
	}
	return st.bufs[j]
}
