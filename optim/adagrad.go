package optim

import (
	"fmt"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim/internal/update"
)

// AdaGradConfig holds AdaGrad's hyperparameters (torch.optim.Adagrad's
// arguments other than lr). DefaultAdaGradConfig returns PyTorch's defaults.
type AdaGradConfig struct {
	LRDecay            float64 // η ≥ 0: the rate of step t is lr/(1 + (t−1)η)
	WeightDecay        float64 // λ ≥ 0, L2 penalty added to the gradient
	InitialAccumulator float64 // ≥ 0, the starting value of the sum
	Eps                float64 // ε > 0, added outside the square root
}

// DefaultAdaGradConfig returns PyTorch's defaults: no decay, ε = 1e-10.
func DefaultAdaGradConfig() AdaGradConfig { return AdaGradConfig{Eps: 1e-10} }

// AdaGrad is PyTorch 1.13's torch.optim.Adagrad. With gradient g, learning
// rate lr and step t (from 1), each step computes
//
//	d = g + λθ
//	clr = lr / (1 + (t − 1)η)
//	G = G + d²                       (G starts at InitialAccumulator)
//	θ = θ − clr·d / (√G + ε)
//
// The course writes θ = θ − α/√(G + ε)·∇, with ε inside the square root;
// PyTorch (and this type) add ε to √G. State: "sum" (G) and the step count.
type AdaGrad struct {
	cfg AdaGradConfig
	core
}

// NewAdaGrad returns an AdaGrad optimizer, or an error naming the first
// invalid hyperparameter.
func NewAdaGrad(cfg AdaGradConfig) (*AdaGrad, error) {
	switch {
	case !finite(cfg.LRDecay) || cfg.LRDecay < 0:
		return nil, fmt.Errorf("optim: NewAdaGrad: lr decay %v, want a finite value ≥ 0", cfg.LRDecay)
	case !finite(cfg.WeightDecay) || cfg.WeightDecay < 0:
		return nil, fmt.Errorf("optim: NewAdaGrad: weight decay %v, want a finite value ≥ 0", cfg.WeightDecay)
	case !finite(cfg.InitialAccumulator) || cfg.InitialAccumulator < 0:
		return nil, fmt.Errorf("optim: NewAdaGrad: initial accumulator %v, want a finite value ≥ 0", cfg.InitialAccumulator)
	case !finite(cfg.Eps) || cfg.Eps <= 0:
		return nil, fmt.Errorf("optim: NewAdaGrad: epsilon %v, want a finite value > 0", cfg.Eps)
	}
	return &AdaGrad{cfg: cfg, core: newCore("AdaGrad", []string{"sum"},
		[]float32{float32(cfg.InitialAccumulator)})}, nil
}

// Config returns the hyperparameters.
func (o *AdaGrad) Config() AdaGradConfig { return o.cfg }

// Step updates every parameter that has a gradient (see AdaGrad); errors as
// SGD.Step.
func (o *AdaGrad) Step(params []nn.Param, lr float64) error { return o.each(params, lr, o.apply) }

// BeginStep validates a step and advances the step counts, as Step does
// before updating (see nn.SplitOptimizer); StepPart then applies it.
func (o *AdaGrad) BeginStep(params []nn.Param, lr float64) error { return o.begin(params, lr) }

// StepPart applies the step begun by BeginStep to the i-th of n contiguous
// ranges of every parameter; calls with distinct i may run concurrently,
// and together they give the bits of Step.
func (o *AdaGrad) StepPart(i, n int) { o.part(i, n, o.apply) }

func (o *AdaGrad) apply(p nn.Param, st *paramState, lr float64, lo, hi int) {
	c := o.cfg
	clr := lr / (1 + float64(st.step-1)*c.LRDecay)
	update.AdaGrad(p.Value.Data()[lo:hi], p.Grad.Data()[lo:hi], st.bufs[0][lo:hi],
		float32(c.WeightDecay), float32(-clr), float32(c.Eps))
}
