package nn

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/tensor"
)

// act holds the state every activation layer keeps between Forward and
// Backward: its output (which all the derivatives here are written in) and
// the buffers it reuses.
type act struct {
	y   *tensor.Tensor // output of the last Forward
	out matBuf
	dx  matBuf
}

func (a *act) outWidth(in int) (int, error) { return in, nil }

func (a *act) forwardRows() int {
	if a.y == nil {
		return -1
	}
	return a.y.Rows()
}

// Params returns nil: activations have no parameters.
func (a *act) Params() []Param { return nil }

// forward runs f through the layer's buffers and remembers the output.
func (a *act) forward(op string, x *tensor.Tensor, f func(dst, src *tensor.Tensor)) *tensor.Tensor {
	if x == nil || x.Dims() != 2 {
		panic(fmt.Sprintf("nn: %s: input shape %v, want [m n]", op, shapeOf(x)))
	}
	y := a.out.get(x.Rows(), x.Cols())
	f(y, x)
	a.y = y
	return y
}

// grad checks grad against the last output and returns the dx buffer.
func (a *act) grad(op string, grad *tensor.Tensor) *tensor.Tensor {
	a.checkGrad(op, grad)
	return a.dx.get(a.y.Rows(), a.y.Cols())
}

// checkGrad panics unless grad has the shape of the last output.
func (a *act) checkGrad(op string, grad *tensor.Tensor) {
	if a.y == nil {
		panic(fmt.Sprintf("nn: %s: no Forward before Backward", op))
	}
	if grad == nil || grad.Dims() != 2 || grad.Rows() != a.y.Rows() || grad.Cols() != a.y.Cols() {
		panic(fmt.Sprintf("nn: %s: grad shape %v, want %v", op, shapeOf(grad), a.y.Shape()))
	}
}

// ReLU is max(0, z) elementwise. Its derivative at 0 is taken as 0 (as
// PyTorch does), so a unit exactly at 0 passes no gradient.
type ReLU struct{ act }

// NewReLU returns a ReLU layer (the zero value is ready too).
func NewReLU() *ReLU { return &ReLU{} }

// String returns "ReLU()".
func (*ReLU) String() string { return "ReLU()" }

// Forward computes max(0, x).
func (l *ReLU) Forward(x *tensor.Tensor) *tensor.Tensor {
	return l.forward("ReLU.Forward", x, l.forwardInto)
}

func (*ReLU) forwardInto(dst, src *tensor.Tensor) { tensor.ReLU(dst, src) }

// forwardInPlace is Forward writing over x (which the caller owns and
// gives up).
func (l *ReLU) forwardInPlace(x *tensor.Tensor) *tensor.Tensor {
	if x == nil || x.Dims() != 2 {
		panic(fmt.Sprintf("nn: ReLU.Forward: input shape %v, want [m n]", shapeOf(x)))
	}
	l.y = tensor.ReLU(x, x)
	return l.y
}

// backwardInPlace is backward writing over grad (which the caller owns
// and gives up).
func (l *ReLU) backwardInPlace(grad *tensor.Tensor) *tensor.Tensor {
	l.checkGrad("ReLU.Backward", grad)
	return tensor.ReLUBackward(grad, l.y, grad)
}

// Backward passes grad where the output is positive (z > 0) and 0 elsewhere.
func (l *ReLU) Backward(grad *tensor.Tensor) *tensor.Tensor { return l.backward(grad, true, false) }

func (l *ReLU) backward(grad *tensor.Tensor, _, _ bool) *tensor.Tensor {
	dx := l.grad("ReLU.Backward", grad)
	// y > 0 exactly when z > 0, so the output stands in for z.
	return tensor.ReLUBackward(dx, l.y, grad)
}

func (*ReLU) forward64(x []float64, _, _ int, _ [][]float64) []float64 {
	return map64(x, func(v float64) float64 { return math.Max(0, v) })
}

func (*ReLU) replica() Layer { return &ReLU{} }

func (*ReLU) spec() layerSpec { return layerSpec{Type: "ReLU"} }

// Sigmoid is σ(z) = 1/(1+e^−z) elementwise, with σ' = σ(1−σ).
type Sigmoid struct{ act }

// NewSigmoid returns a Sigmoid layer (the zero value is ready too).
func NewSigmoid() *Sigmoid { return &Sigmoid{} }

// String returns "Sigmoid()".
func (*Sigmoid) String() string { return "Sigmoid()" }

// Forward computes σ(x).
func (l *Sigmoid) Forward(x *tensor.Tensor) *tensor.Tensor {
	return l.forward("Sigmoid.Forward", x, l.forwardInto)
}

func (*Sigmoid) forwardInto(dst, src *tensor.Tensor) { tensor.Sigmoid(dst, src) }

// Backward returns grad·σ·(1−σ).
func (l *Sigmoid) Backward(grad *tensor.Tensor) *tensor.Tensor { return l.backward(grad, true, false) }

func (l *Sigmoid) backward(grad *tensor.Tensor, _, _ bool) *tensor.Tensor {
	return tensor.SigmoidBackward(l.grad("Sigmoid.Backward", grad), l.y, grad)
}

func (*Sigmoid) forward64(x []float64, _, _ int, _ [][]float64) []float64 {
	return map64(x, sigmoid64)
}

func (*Sigmoid) replica() Layer { return &Sigmoid{} }

func (*Sigmoid) spec() layerSpec { return layerSpec{Type: "Sigmoid"} }

// Tanh is tanh(z) elementwise, with tanh' = 1 − tanh².
type Tanh struct{ act }

// NewTanh returns a Tanh layer (the zero value is ready too).
func NewTanh() *Tanh { return &Tanh{} }

// String returns "Tanh()".
func (*Tanh) String() string { return "Tanh()" }

// Forward computes tanh(x).
func (l *Tanh) Forward(x *tensor.Tensor) *tensor.Tensor {
	return l.forward("Tanh.Forward", x, l.forwardInto)
}

func (*Tanh) forwardInto(dst, src *tensor.Tensor) { tensor.Tanh(dst, src) }

// Backward returns grad·(1−tanh²).
func (l *Tanh) Backward(grad *tensor.Tensor) *tensor.Tensor { return l.backward(grad, true, false) }

func (l *Tanh) backward(grad *tensor.Tensor, _, _ bool) *tensor.Tensor {
	return tensor.TanhBackward(l.grad("Tanh.Backward", grad), l.y, grad)
}

func (*Tanh) forward64(x []float64, _, _ int, _ [][]float64) []float64 {
	return map64(x, math.Tanh)
}

func (*Tanh) replica() Layer { return &Tanh{} }

func (*Tanh) spec() layerSpec { return layerSpec{Type: "Tanh"} }

// Softmax maps each row to probabilities, s_j = e^{z_j} / Σ_k e^{z_k}
// (computed with the row maximum subtracted). For training a classifier
// prefer a linear output with CrossEntropy, which fuses the softmax and is
// numerically stable; Softmax is for outputs that must be probabilities.
type Softmax struct{ act }

// NewSoftmax returns a Softmax layer (the zero value is ready too).
func NewSoftmax() *Softmax { return &Softmax{} }

// String returns "Softmax(dim=1)".
func (*Softmax) String() string { return "Softmax(dim=1)" }

// Forward computes the row-wise softmax of x.
func (l *Softmax) Forward(x *tensor.Tensor) *tensor.Tensor {
	return l.forward("Softmax.Forward", x, l.forwardInto)
}

func (*Softmax) forwardInto(dst, src *tensor.Tensor) { tensor.SoftmaxRows(dst, src) }

// Backward returns, per row, s ⊙ (g − (g·s)), the softmax Jacobian applied to g.
func (l *Softmax) Backward(grad *tensor.Tensor) *tensor.Tensor { return l.backward(grad, true, false) }

func (l *Softmax) backward(grad *tensor.Tensor, _, _ bool) *tensor.Tensor {
	dx := l.grad("Softmax.Backward", grad)
	n := l.y.Cols()
	s, g, d := l.y.Data(), grad.Data(), dx.Data()
	for i := 0; i < l.y.Rows(); i++ {
		si, gi, di := s[i*n:(i+1)*n], g[i*n:(i+1)*n], d[i*n:(i+1)*n]
		var dot float32
		for j := range si {
			dot += gi[j] * si[j]
		}
		for j := range si {
			di[j] = si[j] * (gi[j] - dot)
		}
	}
	return dx
}

func (*Softmax) forward64(x []float64, m, in int, _ [][]float64) []float64 {
	y := make([]float64, len(x))
	for i := 0; i < m; i++ {
		softmax64(y[i*in:(i+1)*in], x[i*in:(i+1)*in])
	}
	return y
}

func (*Softmax) replica() Layer { return &Softmax{} }

func (*Softmax) spec() layerSpec { return layerSpec{Type: "Softmax"} }

// Identity passes its input through unchanged (a linear output).
type Identity struct{ act }

// NewIdentity returns an Identity layer (the zero value is ready too).
func NewIdentity() *Identity { return &Identity{} }

// String returns "Identity()".
func (*Identity) String() string { return "Identity()" }

// Forward returns x itself.
func (l *Identity) Forward(x *tensor.Tensor) *tensor.Tensor {
	if x == nil || x.Dims() != 2 {
		panic(fmt.Sprintf("nn: Identity.Forward: input shape %v, want [m n]", shapeOf(x)))
	}
	l.y = x
	return x
}

func (*Identity) forwardInto(dst, src *tensor.Tensor) { dst.CopyFrom(src) }

// Backward returns grad itself.
func (l *Identity) Backward(grad *tensor.Tensor) *tensor.Tensor { return l.backward(grad, true, false) }

func (l *Identity) backward(grad *tensor.Tensor, _, _ bool) *tensor.Tensor {
	l.checkGrad("Identity.Backward", grad)
	return grad
}

func (*Identity) forward64(x []float64, _, _ int, _ [][]float64) []float64 {
	return append([]float64(nil), x...)
}

func (*Identity) replica() Layer { return &Identity{} }

func (*Identity) spec() layerSpec { return layerSpec{Type: "Identity"} }

func map64(x []float64, f func(float64) float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = f(v)
	}
	return y
}

func sigmoid64(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}

// softmax64 writes the softmax of z into y.
func softmax64(y, z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = math.Max(mx, v)
	}
	var s float64
	for j, v := range z {
		y[j] = math.Exp(v - mx)
		s += y[j]
	}
	for j := range y {
		y[j] /= s
	}
}
