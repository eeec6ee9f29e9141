package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/tensor"
)

// Dense is a fully connected layer, PyTorch's nn.Linear: for a batch X
// (m x in) it computes Z = X·Wᵀ + b with W of shape out x in (the course's
// W[l]) and b of length out.
type Dense struct {
	in, out int
	w, b    *tensor.Tensor
	dw, db  *tensor.Tensor

	x    *tensor.Tensor // input of the last Forward
	z    matBuf         // output
	dx   matBuf         // ∂J/∂input
	ones []float32      // column of ones for the bias gradient
}

// NewDense returns a Dense layer from in inputs to out outputs with weights
// drawn by init from r (see Init). It panics if in or out is not positive
// or r is nil: sizes are the program's, not outside data.
func NewDense(in, out int, init Init, r *rand.Rand) *Dense {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: NewDense: sizes in = %d, out = %d must be positive", in, out))
	}
	if r == nil {
		panic("nn: NewDense: nil *rand.Rand")
	}
	d := newDenseZero(in, out)
	init.fill(r, d.w, d.b)
	return d
}

// newDenseZero returns a Dense layer with zero parameters.
func newDenseZero(in, out int) *Dense {
	return &Dense{
		in: in, out: out,
		w: tensor.New(out, in), b: tensor.New(out),
		dw: tensor.New(out, in), db: tensor.New(out),
	}
}

func (d *Dense) replica() Layer {
	return &Dense{in: d.in, out: d.out, w: d.w, b: d.b, dw: tensor.New(d.out, d.in), db: tensor.New(d.out)}
}

// In returns the input width.
func (d *Dense) In() int { return d.in }

// Out returns the output width.
func (d *Dense) Out() int { return d.out }

// Weight returns the weight tensor W (out x in), shared with the layer.
func (d *Dense) Weight() *tensor.Tensor { return d.w }

// Bias returns the bias tensor b (out), shared with the layer.
func (d *Dense) Bias() *tensor.Tensor { return d.b }

// Params returns "weight" and "bias" with their gradients.
func (d *Dense) Params() []Param {
	return []Param{{Name: "weight", Value: d.w, Grad: d.dw}, {Name: "bias", Value: d.b, Grad: d.db}}
}

// String describes the layer as PyTorch prints nn.Linear.
func (d *Dense) String() string {
	return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=True)", d.in, d.out)
}

func (d *Dense) outWidth(in int) (int, error) {
	if in != d.in {
		return 0, fmt.Errorf("%s takes %d inputs, the previous layer gives %d", d, d.in, in)
	}
	return d.out, nil
}

func (d *Dense) forwardRows() int {
	if d.x == nil {
		return -1
	}
	return d.x.Rows()
}

// Forward computes X·Wᵀ + b for x (m x in).
func (d *Dense) Forward(x *tensor.Tensor) *tensor.Tensor {
	mustMatrix("Dense.Forward", x, d.in)
	z := d.z.get(x.Rows(), d.out)
	d.forwardInto(z, x)
	d.x = x
	return z
}

// forwardInto writes src·Wᵀ + b into dst. The bias is copied into dst
// first and the product added with beta = 1, so one BLAS call does both.
// One example (m = 1) takes the matrix-vector path, W·x.
func (d *Dense) forwardInto(dst, src *tensor.Tensor) {
	m := src.Rows()
	z, x, w, b := dst.Data(), src.Data(), d.w.Data(), d.b.Data()
	if m == 1 {
		d.forwardVec(z, x, false)
		return
	}
	for i := 0; i < m; i++ {
		copy(z[i*d.out:(i+1)*d.out], b)
	}
	blas.Sgemm(blas.NoTrans, blas.Trans, m, d.out, d.in, 1, x, d.in, w, d.in, 1, z, d.out)
}

// forwardVec writes W·x + b for one example x into z, and then the ReLU
// of it if relu is set, in one call: the bits of copying the bias into z,
// adding the matrix-vector product with beta = 1 and a separate ReLU.
func (d *Dense) forwardVec(z, x []float32, relu bool) {
	blas.SgemvBias(d.out, d.in, d.w.Data(), d.in, x, d.b.Data(), z, relu)
}

// Backward adds δᵀ·X to the weight gradient and the column sums of δ to
// the bias gradient, and returns δ·W.
func (d *Dense) Backward(grad *tensor.Tensor) *tensor.Tensor {
	return d.backward(grad, true, false)
}

// backward is Backward; overwrite stores the parameter gradients instead of
// adding to them (the training loop's step after a zeroing, without the
// pass that zeroes).
func (d *Dense) backward(grad *tensor.Tensor, needInput, overwrite bool) *tensor.Tensor {
	if d.x == nil {
		panic("nn: Dense.Backward: no Forward before Backward")
	}
	m := d.x.Rows()
	if grad == nil || grad.Dims() != 2 || grad.Rows() != m || grad.Cols() != d.out {
		panic(fmt.Sprintf("nn: Dense.Backward: grad shape %v, want [%d %d]", shapeOf(grad), m, d.out))
	}
	g := grad.Data()
	beta := float32(1)
	if overwrite {
		beta = 0
	}
	// dW += δᵀ·X
	blas.Sgemm(blas.Trans, blas.NoTrans, d.out, d.in, m, 1, g, d.out, d.x.Data(), d.in, beta, d.dw.Data(), d.in)
	d.biasGrad(grad, overwrite)
	if !needInput {
		return nil
	}
	// δ_prev = δ·W
	dx := d.dx.get(m, d.in)
	blas.Sgemm(blas.NoTrans, blas.NoTrans, m, d.in, d.out, 1, g, d.out, d.w.Data(), d.in, 0, dx.Data(), d.in)
	return dx
}

// biasGrad adds the column sums of grad (m x out, m the rows of the last
// Forward's input) to the bias gradient, or stores them with overwrite.
func (d *Dense) biasGrad(grad *tensor.Tensor, overwrite bool) {
	m := grad.Rows()
	beta := float32(1)
	if overwrite {
		beta = 0
	}
	// db += δᵀ·1
	if len(d.ones) < m {
		d.ones = make([]float32, m)
		for i := range d.ones {
			d.ones[i] = 1
		}
	}
	blas.Sgemv(blas.Trans, m, d.out, 1, grad.Data(), d.out, d.ones[:m], 1, beta, d.db.Data(), 1)
}

// forward64 computes x·Wᵀ + b in float64.
func (d *Dense) forward64(x []float64, m, in int, ps [][]float64) []float64 {
	w, b := ps[0], ps[1]
	z := make([]float64, m*d.out)
	for i := 0; i < m; i++ {
		for o := 0; o < d.out; o++ {
			s := b[o]
			for k := 0; k < d.in; k++ {
				s += x[i*in+k] * w[o*d.in+k]
			}
			z[i*d.out+o] = s
		}
	}
	return z
}

func (d *Dense) spec() layerSpec { return layerSpec{Type: "Linear", In: d.in, Out: d.out} }
