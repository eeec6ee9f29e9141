package nn

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/simdml/simdml/tensor"
)

// Sequential chains layers, numbered from 0 as PyTorch's nn.Sequential
// numbers them (activations count): a Dense at index 2 owns the parameters
// "2.weight" and "2.bias".
//
// Training methods (Forward, Backward, ZeroGrad, Train) use buffers inside
// the layers and must not run concurrently with each other. Predict,
// PredictBatch and Evaluate only read the parameters and are safe for
// concurrent use, but not concurrently with training or loading. A layer
// keeps training buffers, so it belongs to one Sequential.
type Sequential struct {
	layers  []Layer
	in, out int
	params  []Param
	pool    sync.Pool // *Predictor
}

// NewSequential chains layers into a model. It returns an error if there
// is no layer, no Dense layer to fix the input width, a nil layer, a layer
// used twice, or widths that do not chain.
func NewSequential(layers ...Layer) (*Sequential, error) {
	if len(layers) == 0 {
		return nil, errors.New("nn: NewSequential: no layers")
	}
	s := &Sequential{layers: append([]Layer(nil), layers...), in: -1}
	seen := map[Layer]bool{}
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("nn: NewSequential: layer %d is nil", i)
		}
		if seen[l] {
			return nil, fmt.Errorf("nn: NewSequential: layer %d (%s) appears twice", i, l)
		}
		seen[l] = true
		if d, ok := l.(*Dense); ok && s.in < 0 {
			s.in = d.in
		}
	}
	if s.in < 0 {
		return nil, errors.New("nn: NewSequential: no Dense layer fixes the input width")
	}
	w := s.in
	for i, l := range layers {
		var err error
		if w, err = l.outWidth(w); err != nil {
			return nil, fmt.Errorf("nn: NewSequential: layer %d: %w", i, err)
		}
		for _, p := range l.Params() {
			s.params = append(s.params, Param{Name: strconv.Itoa(i) + "." + p.Name, Value: p.Value, Grad: p.Grad})
		}
	}
	s.out = w
	s.pool.New = func() any { return s.NewPredictor() }
	return s, nil
}

// Layers returns the layers in order (a copy of the list; the layers are shared).
func (s *Sequential) Layers() []Layer { return append([]Layer(nil), s.layers...) }

// InputSize returns the number of inputs per example.
func (s *Sequential) InputSize() int { return s.in }

// OutputSize returns the number of outputs per example.
func (s *Sequential) OutputSize() int { return s.out }

// Params returns every parameter with its gradient, in the order of a
// PyTorch state_dict: "0.weight", "0.bias", "2.weight", ... The tensors are
// the model's own.
func (s *Sequential) Params() []Param { return append([]Param(nil), s.params...) }

// NumParams returns the number of scalar parameters (13,002 for 784-16-16-10).
func (s *Sequential) NumParams() int {
	n := 0
	for _, p := range s.params {
		n += p.Value.Len()
	}
	return n
}

// ZeroGrad sets every gradient to zero; Backward adds to them until then.
func (s *Sequential) ZeroGrad() {
	for _, p := range s.params {
		p.Grad.Zero()
	}
}

// String lists the layers as PyTorch prints an nn.Sequential.
func (s *Sequential) String() string {
	var sb strings.Builder
	sb.WriteString("Sequential(\n")
	for i, l := range s.layers {
		fmt.Fprintf(&sb, "  (%d): %s\n", i, l)
	}
	sb.WriteString(")")
	return sb.String()
}

// checkInput returns an error unless x is a non-empty m x InputSize batch.
func (s *Sequential) checkInput(op string, x *tensor.Tensor) error {
	switch {
	case x == nil:
		return fmt.Errorf("nn: %s: input is nil", op)
	case x.Dims() != 2:
		return fmt.Errorf("nn: %s: input shape %v, want [m %d]", op, x.Shape(), s.in)
	case x.Rows() == 0:
		return fmt.Errorf("nn: %s: empty batch", op)
	case x.Cols() != s.in:
		return fmt.Errorf("nn: %s: input width %d, model takes %d", op, x.Cols(), s.in)
	}
	return nil
}

// Forward runs the batch x (m x InputSize) through every layer, keeping
// what Backward needs, and returns the output (m x OutputSize), which
// belongs to the model until the next Forward. x must not change before
// Backward.
func (s *Sequential) Forward(x *tensor.Tensor) (*tensor.Tensor, error) {
	if err := s.checkInput("Forward", x); err != nil {
		return nil, err
	}
	return s.forward(x), nil
}

func (s *Sequential) forward(x *tensor.Tensor) *tensor.Tensor { return forwardLayers(s.layers, x) }

// Backward propagates grad = ∂J/∂output of the last Forward back through
// the layers, adding every parameter's gradient to its Grad. The gradient
// with respect to the input is not computed.
func (s *Sequential) Backward(grad *tensor.Tensor) error {
	rows := s.layers[len(s.layers)-1].forwardRows()
	if rows < 0 {
		return errors.New("nn: Backward: no Forward before Backward")
	}
	if grad == nil || grad.Dims() != 2 || grad.Rows() != rows || grad.Cols() != s.out {
		return fmt.Errorf("nn: Backward: grad shape %v, want [%d %d]", shapeOf(grad), rows, s.out)
	}
	s.backward(grad, false)
	return nil
}

// backward runs every layer's backward; overwrite replaces the gradients
// rather than adding to them (ZeroGrad then backward, in one pass).
func (s *Sequential) backward(grad *tensor.Tensor, overwrite bool) {
	backwardLayers(s.layers, grad, overwrite)
}
