package tensor

import "github.com/simdml/simdml/tensor/internal/vmath"

// ReLU sets dst = max(z, 0) and returns dst; dst may be z. NaN
// propagates; the sign of a zero result is unspecified (−0 may stay −0).
func ReLU(dst, z *Tensor) *Tensor {
	return unary("ReLU", dst, z, vmath.Relu)
}

// ReLUBackward sets dst = g where z > 0, else 0 (ReLU'(0) = 0), and returns
// dst. z is the ReLU's input; dst may be g or z.
func ReLUBackward(dst, z, g *Tensor) *Tensor {
	return binary("ReLUBackward", dst, z, g, vmath.ReluBackward)
}

// Sigmoid sets dst = 1/(1+e^−z) and returns dst.
func Sigmoid(dst, z *Tensor) *Tensor {
	return unary("Sigmoid", dst, z, vmath.Sigmoid)
}

// SigmoidBackward sets dst = g·s·(1−s), where s is the sigmoid's output,
// and returns dst.
func SigmoidBackward(dst, s, g *Tensor) *Tensor {
	return binary("SigmoidBackward", dst, s, g, vmath.SigmoidBackward)
}

// Tanh sets dst = tanh(z) and returns dst.
func Tanh(dst, z *Tensor) *Tensor {
	return unary("Tanh", dst, z, vmath.Tanh)
}

// TanhBackward sets dst = g·(1−t²), where t is the tanh's output, and
// returns dst.
func TanhBackward(dst, t, g *Tensor) *Tensor {
	return binary("TanhBackward", dst, t, g, vmath.TanhBackward)
}

// Exp sets dst = e^z elementwise and returns dst.
func Exp(dst, z *Tensor) *Tensor {
	return unary("Exp", dst, z, vmath.Exp)
}

// SoftmaxRows sets each row of dst to the softmax of the same row of z
// (z seen as a matrix, Rows x Cols), computed as e^(z−max)/Σe^(z−max) so
// large inputs cannot overflow, and returns dst. A row holding NaN or +Inf,
// or only −Inf, becomes NaN.
func SoftmaxRows(dst, z *Tensor) *Tensor {
	dstShape("SoftmaxRows", dst, z)
	vmath.SoftmaxRows(dst.data, z.data, z.Cols())
	return dst
}

// LogSoftmaxRows sets each row of dst to the log-softmax of the same row of
// z, z − max − log Σe^(z−max), and returns dst (NaN rows as SoftmaxRows).
func LogSoftmaxRows(dst, z *Tensor) *Tensor {
	dstShape("LogSoftmaxRows", dst, z)
	vmath.LogSoftmaxRows(dst.data, z.data, z.Cols())
	return dst
}
