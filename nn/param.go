package nn

import (
	"fmt"
	"slices"

	"github.com/simdml/simdml/tensor"
)

// Param is one named parameter with its gradient; names follow PyTorch's
// state_dict ("0.weight"). Value and Grad are the model's own tensors.
type Param struct {
	Name  string
	Value *tensor.Tensor
	Grad  *tensor.Tensor
}

// Optimizer updates every parameter from its gradient with learning rate
// lr (the schedule's value for this step, computed by the training loop).
// Per-parameter state is keyed by Param.Name.
type Optimizer interface {
	// Step applies one update to every parameter with learning rate lr,
	// or returns an error (the package's optimizers then change nothing).
	Step(params []Param, lr float64) error
}

// SplitOptimizer is an Optimizer whose update is elementwise, so that a
// data-parallel Trainer can spread it over its workers: BeginStep does
// what Step does before updating (checks, step counts) and returns Step's
// errors; then StepPart(i, n), called once for every i in [0, n), possibly
// concurrently, updates the i-th of n contiguous ranges of every parameter
// (elements [i·len/n, (i+1)·len/n)). Together the parts give the bits of
// Step. The optimizers of package optim implement it.
type SplitOptimizer interface {
	Optimizer
	BeginStep(params []Param, lr float64) error
	StepPart(i, n int)
}

// GradientDescent is the plain update θ ← θ − lr·∇θ of the course. It keeps
// no state; its zero value is ready to use.
type GradientDescent struct{}

// Step applies θ ← θ − lr·∇θ to every parameter. It returns an error, and
// changes nothing, if lr is not finite or a gradient's shape differs from
// its parameter's.
func (GradientDescent) Step(params []Param, lr float64) error {
	if !isFinite(lr) {
		return fmt.Errorf("nn: GradientDescent: learning rate %v is not finite", lr)
	}
	for _, p := range params {
		if p.Value == nil || p.Grad == nil || !slices.Equal(p.Value.Shape(), p.Grad.Shape()) {
			return fmt.Errorf("nn: GradientDescent: parameter %q has no gradient of its shape", p.Name)
		}
	}
	for _, p := range params {
		tensor.Axpy(p.Value, float32(-lr), p.Grad)
	}
	return nil
}
