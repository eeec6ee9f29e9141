package optim

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim/internal/update"
)

// AdamConfig holds the hyperparameters of Adam and AdamW (their PyTorch
// arguments other than lr). DefaultAdamConfig and DefaultAdamWConfig return
// PyTorch's defaults.
type AdamConfig struct {
	Beta1, Beta2 float64 // moment decay rates β1, β2 in [0, 1)
	Eps          float64 // ε > 0, added outside the square root
	WeightDecay  float64 // λ ≥ 0: L2 penalty (Adam) or decoupled decay (AdamW)
	AMSGrad      bool    // normalise by the running maximum of the second moment
}

// DefaultAdamConfig returns PyTorch's Adam defaults: β = (0.9, 0.999),
// ε = 1e-8, no weight decay.
func DefaultAdamConfig() AdamConfig { return AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

// DefaultAdamWConfig returns PyTorch's AdamW defaults: as Adam's with
// weight decay 0.01.
func DefaultAdamWConfig() AdamConfig {
	c := DefaultAdamConfig()
	c.WeightDecay = 0.01
	return c
}

func (c AdamConfig) validate(fn string) error {
	switch {
	case !finite(c.Beta1) || c.Beta1 < 0 || c.Beta1 >= 1:
		return fmt.Errorf("optim: %s: beta1 %v, want 0 ≤ beta1 < 1", fn, c.Beta1)
	case !finite(c.Beta2) || c.Beta2 < 0 || c.Beta2 >= 1:
		return fmt.Errorf("optim: %s: beta2 %v, want 0 ≤ beta2 < 1", fn, c.Beta2)
	case !finite(c.Eps) || c.Eps <= 0:
		return fmt.Errorf("optim: %s: epsilon %v, want a finite value > 0", fn, c.Eps)
	case !finite(c.WeightDecay) || c.WeightDecay < 0:
		return fmt.Errorf("optim: %s: weight decay %v, want a finite value ≥ 0", fn, c.WeightDecay)
	}
	return nil
}

// adamNames returns the state buffer names, PyTorch's.
func adamNames(amsgrad bool) []string {
	if amsgrad {
		return []string{"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
	}
	return []string{"exp_avg", "exp_avg_sq"}
}

// Adam is PyTorch 1.13's torch.optim.Adam (L2 weight decay added to the
// gradient). With gradient g, learning rate lr and step t (from 1), each
// step computes
//
//	d = g + λθ
//	m = β1·m + (1 − β1)d
//	v = β2·v + (1 − β2)d²
//	AMSGrad: v̂ = max(v̂, v), s = v̂;  otherwise s = v
//	θ = θ − (lr/(1 − β1^t))·m / (√s/√(1 − β2^t) + ε)
//
// PyTorch evaluates the last line in that order; simdml multiplies the
// fraction's numerator and denominator by b = √(1 − β2^t) and computes
// θ − (lr·b/(1 − β1^t))·m / (√s + ε·b), with both coefficients formed in
// float64: the same value with one float32 division instead of two (the
// divider bounds the step's speed), within a few roundings of PyTorch's
// (the golden trajectories agree to 1e-5).
// The course writes the same moments and bias corrections but
// θ = θ − α·m̂/√(v̂ + ε), with ε inside the square root; PyTorch adds ε to
// √v̂. State: "exp_avg" (m), "exp_avg_sq" (v), "max_exp_avg_sq" (v̂,
// AMSGrad) and the step count t.
type Adam struct{ adamCore }

// AdamW is PyTorch 1.13's torch.optim.AdamW: Adam with decoupled weight
// decay, which shrinks the weights before the moment updates and leaves
// the gradient alone:
//
//	θ = (1 − lr·λ)θ
//	m = β1·m + (1 − β1)g
//	v = β2·v + (1 − β2)g²
//	θ = θ − (lr/(1 − β1^t))·m / (√s/√(1 − β2^t) + ε)   (s as in Adam)
//
// State as Adam's.
type AdamW struct{ adamCore }

type adamCore struct {
	cfg       AdamConfig
	decoupled bool
	core
}

// NewAdam returns an Adam optimizer, or an error naming the first invalid
// hyperparameter.
func NewAdam(cfg AdamConfig) (*Adam, error) {
	if err := cfg.validate("NewAdam"); err != nil {
		return nil, err
	}
	names := adamNames(cfg.AMSGrad)
	return &Adam{adamCore{cfg: cfg, core: newCore("Adam", names, make([]float32, len(names)))}}, nil
}

// NewAdamW returns an AdamW optimizer, or an error naming the first invalid
// hyperparameter.
func NewAdamW(cfg AdamConfig) (*AdamW, error) {
	if err := cfg.validate("NewAdamW"); err != nil {
		return nil, err
	}
	names := adamNames(cfg.AMSGrad)
	return &AdamW{adamCore{cfg: cfg, decoupled: true, core: newCore("AdamW", names, make([]float32, len(names)))}}, nil
}

// Config returns the hyperparameters.
func (o *Adam) Config() AdamConfig { return o.cfg }

// Config returns the hyperparameters.
func (o *AdamW) Config() AdamConfig { return o.cfg }

// Step updates every parameter that has a gradient (see Adam); errors as
// SGD.Step.
func (o *Adam) Step(params []nn.Param, lr float64) error { return o.step(params, lr) }

// Step updates every parameter that has a gradient (see AdamW); errors as
// SGD.Step.
func (o *AdamW) Step(params []nn.Param, lr float64) error { return o.step(params, lr) }

func (o *adamCore) step(params []nn.Param, lr float64) error {
	c := o.cfg
	k := update.AdamCoef{Decay: 1, WD: float32(c.WeightDecay), B1: float32(c.Beta1), C1: float32(1 - c.Beta1),
		B2: float32(c.Beta2), C2: float32(1 - c.Beta2)}
	if o.decoupled {
		k.Decay, k.WD = float32(1-lr*c.WeightDecay), 0
	}
	return o.each(params, lr, func(p nn.Param, st *paramState) {
		t := float64(st.step)
		bc1 := 1 - math.Pow(c.Beta1, t)
		bc2s := math.Sqrt(1 - math.Pow(c.Beta2, t))
		// PyTorch's (negStep·m)/(sqrt(v)/bc2s + ε) with bc2s folded in.
		k.Eps = float32(c.Eps * bc2s)
		k.NegStep = float32(-(lr / bc1) * bc2s)
		var vmax []float32
		if c.AMSGrad {
			vmax = st.bufs[2]
		}
		update.Adam(p.Value.Data(), p.Grad.Data(), st.bufs[0], st.bufs[1], vmax, k)
	})
}
