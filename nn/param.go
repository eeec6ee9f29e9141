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
