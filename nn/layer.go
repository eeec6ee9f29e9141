package nn

import (
	"fmt"

	"github.com/simdml/simdml/tensor"
)

// Layer is one stage of a Sequential. The set of layers is closed (Dense,
// ReLU, Sigmoid, Tanh, Softmax, Identity) so that a model file can name
// every layer and rebuild it.
//
// Forward and Backward are building blocks for custom loops: they panic,
// like the tensor package, when shapes do not fit. Sequential validates
// outside data and returns errors instead.
type Layer interface {
	// Forward computes the layer's output for the batch x (one example per
	// row) and remembers what Backward needs, including x itself, which
	// must not change until Backward. The result belongs to the layer and
	// is overwritten by the next Forward.
	Forward(x *tensor.Tensor) *tensor.Tensor
	// Backward takes ∂J/∂output for the last Forward, adds the parameter
	// gradients to the layer's gradient tensors and returns ∂J/∂input
	// (owned by the layer, overwritten by the next Backward).
	Backward(grad *tensor.Tensor) *tensor.Tensor
	// Params returns the layer's parameters named as in PyTorch ("weight",
	// "bias"); nil for activations.
	Params() []Param
	// String describes the layer as PyTorch prints it, e.g.
	// "Linear(in_features=784, out_features=16, bias=True)" or "ReLU()".
	String() string

	// outWidth returns the output width for input width in, or an error.
	outWidth(in int) (int, error)
	// forwardInto computes the output for src into dst without touching
	// the layer's state: the one forward path of training and inference.
	forwardInto(dst, src *tensor.Tensor)
	// backward is Backward; needInput false skips ∂J/∂input (returns nil),
	// overwrite stores parameter gradients instead of adding to them.
	backward(grad *tensor.Tensor, needInput, overwrite bool) *tensor.Tensor
	// forward64 is the float64 reference forward used by GradCheck: it maps
	// m rows of x (width in) through the layer with parameters ps (in the
	// order of Params).
	forward64(x []float64, m, in int, ps [][]float64) []float64
	// spec describes the layer for the model file.
	spec() layerSpec
	// replica returns a layer of the same kind that shares this one's
	// parameter values but has its own gradients and buffers (a
	// data-parallel worker's copy).
	replica() Layer
	// forwardRows returns the batch size of the last Forward, or -1 before
	// the first one.
	forwardRows() int
}

// matBuf is a reusable 2-D tensor that keeps its backing array when the row
// count changes, and keeps the views it made for a few row counts, so that a
// training loop (full batches and a last, smaller one) or a server seeing a
// handful of batch sizes allocates nothing once warm.
type matBuf struct {
	data  []float32
	cols  int
	last  *tensor.Tensor         // the view returned last (fast path)
	views map[int]*tensor.Tensor // views over data by row count
}

// maxViews bounds the views a matBuf keeps; beyond it they are dropped.
const maxViews = 8

// get returns a rows x cols tensor over the buffer (contents unspecified).
func (b *matBuf) get(rows, cols int) *tensor.Tensor {
	if b.last != nil && cols == b.cols && b.last.Rows() == rows {
		return b.last
	}
	if cols != b.cols {
		b.cols, b.views = cols, nil
	}
	if t, ok := b.views[rows]; ok {
		b.last = t
		return t
	}
	n := rows * cols
	if cap(b.data) < n {
		b.data, b.views = make([]float32, n), nil
	}
	if b.views == nil || len(b.views) >= maxViews {
		b.views = make(map[int]*tensor.Tensor, maxViews)
	}
	b.last = tensor.FromSlice(b.data[:n], rows, cols)
	b.views[rows] = b.last
	return b.last
}

// mustMatrix panics unless t is a 2-D tensor with the given column count.
func mustMatrix(op string, t *tensor.Tensor, cols int) {
	if t == nil || t.Dims() != 2 || t.Cols() != cols {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [m %d]", op, shapeOf(t), cols))
	}
}

func shapeOf(t *tensor.Tensor) []int {
	if t == nil {
		return nil
	}
	return t.Shape()
}
