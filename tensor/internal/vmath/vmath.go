// Package vmath holds the tensor package's vectorised elementwise kernels:
// exp, sigmoid, tanh, ReLU, their backward forms, row softmax and
// log-softmax, and the simple arithmetic a network's step needs.
//
// Every exported function writes len(dst) results; inputs must be at least
// that long (the tensor package checks shapes before calling). dst may alias
// an input exactly (same start), never partially. The level comes from
// cpu.Active(): AVX-512 and AVX2 kernels on amd64, NEON on arm64, and the
// generic Go kernels everywhere (and under the purego build tag). Vector
// kernels process whole vectors; the generic kernel finishes the tail, so
// every element is computed by the same algorithm at every level.
//
// Numerics (every level; measured in the tests against float64):
//   - Exp: error ≤ 2 ulp (see exp32); +Inf for x ≥ 88.7228394, gradual
//     underflow into the denormals, 0 for x ≤ −103.972084; exp(NaN) = NaN,
//     exp(+Inf) = +Inf, exp(−Inf) = 0.
//   - Sigmoid: stable form, no overflow; sigmoid(±Inf) = 1, 0; NaN → NaN.
//   - Tanh: polynomial near 0, saturates to exactly ±1; NaN → NaN.
//   - Relu(x) = x < 0 ? 0 : x (NaN propagates); ReluBackward passes g where
//     z > 0, else 0 (ReLU'(0) = 0, NaN z gives 0).
package vmath

type (
	unaryOp  uint8
	binaryOp uint8
	scalarOp uint8
	reduceOp uint8
)

const (
	opExp unaryOp = iota
	opSigmoid
	opTanh
	opRelu
)

const (
	opAdd binaryOp = iota
	opSub
	opMul
	opReluBackward
	opSigmoidBackward
	opTanhBackward
)

const (
	opScale scalarOp = iota
	opAddScalar
	opAxpy
)

const (
	opMax reduceOp = iota
	opSum
)

// Exp sets dst[i] = e^x[i].
func Exp(dst, x []float32) {
	x = x[:len(dst)]
	n := unaryVec(opExp, dst, x)
	expGeneric(dst[n:], x[n:])
}

// Sigmoid sets dst[i] = 1/(1+e^−x[i]).
func Sigmoid(dst, x []float32) {
	x = x[:len(dst)]
	n := unaryVec(opSigmoid, dst, x)
	sigmoidGeneric(dst[n:], x[n:])
}

// Tanh sets dst[i] = tanh(x[i]).
func Tanh(dst, x []float32) {
	x = x[:len(dst)]
	n := unaryVec(opTanh, dst, x)
	tanhGeneric(dst[n:], x[n:])
}

// Relu sets dst[i] = x[i] < 0 ? 0 : x[i] (NaN propagates).
func Relu(dst, x []float32) {
	x = x[:len(dst)]
	n := unaryVec(opRelu, dst, x)
	reluGeneric(dst[n:], x[n:])
}

// ReluBackward sets dst[i] = g[i] if z[i] > 0, else 0.
func ReluBackward(dst, z, g []float32) {
	z, g = z[:len(dst)], g[:len(dst)]
	n := binaryVec(opReluBackward, dst, z, g)
	reluBackwardGeneric(dst[n:], z[n:], g[n:])
}

// SigmoidBackward sets dst[i] = g[i]·s[i]·(1−s[i]).
func SigmoidBackward(dst, s, g []float32) {
	s, g = s[:len(dst)], g[:len(dst)]
	n := binaryVec(opSigmoidBackward, dst, s, g)
	sigmoidBackwardGeneric(dst[n:], s[n:], g[n:])
}

// TanhBackward sets dst[i] = g[i]·(1−t[i]²).
func TanhBackward(dst, t, g []float32) {
	t, g = t[:len(dst)], g[:len(dst)]
	n := binaryVec(opTanhBackward, dst, t, g)
	tanhBackwardGeneric(dst[n:], t[n:], g[n:])
}

// Add sets dst[i] = a[i] + b[i].
func Add(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	n := binaryVec(opAdd, dst, a, b)
	addGeneric(dst[n:], a[n:], b[n:])
}

// Sub sets dst[i] = a[i] − b[i].
func Sub(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	n := binaryVec(opSub, dst, a, b)
	subGeneric(dst[n:], a[n:], b[n:])
}

// Mul sets dst[i] = a[i]·b[i].
func Mul(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	n := binaryVec(opMul, dst, a, b)
	mulGeneric(dst[n:], a[n:], b[n:])
}

// Scale sets dst[i] = s·a[i].
func Scale(dst, a []float32, s float32) {
	a = a[:len(dst)]
	n := scalarVec(opScale, dst, a, s)
	scaleGeneric(dst[n:], a[n:], s)
}

// AddScalar sets dst[i] = a[i] + s.
func AddScalar(dst, a []float32, s float32) {
	a = a[:len(dst)]
	n := scalarVec(opAddScalar, dst, a, s)
	addScalarGeneric(dst[n:], a[n:], s)
}

// Axpy sets dst[i] += alpha·x[i] (fused multiply-add at the vector levels).
func Axpy(dst []float32, alpha float32, x []float32) {
	x = x[:len(dst)]
	n := scalarVec(opAxpy, dst, x, alpha)
	axpyGeneric(dst[n:], alpha, x[n:])
}

// Max returns the largest element of a non-empty x. If x holds a NaN the
// result may or may not be NaN.
func Max(x []float32) float32 {
	n, m := reduceVec(opMax, x)
	if n == 0 {
		return maxGeneric(x)
	}
	if n < len(x) {
		m = max(m, maxGeneric(x[n:]))
	}
	return m
}

// Sum returns the float32 sum of x (in an unspecified order).
func Sum(x []float32) float32 {
	n, s := reduceVec(opSum, x)
	return s + sumGeneric(x[n:])
}

// ExpShiftSum sets dst[i] = e^(x[i]−m) and returns the float32 sum of the
// results. dst == nil stores nothing: it returns the sum only.
func ExpShiftSum(dst, x []float32, m float32) float32 {
	if dst != nil {
		x = x[:len(dst)]
	}
	n, s := expShiftVec(dst, x, m)
	if dst == nil {
		for _, v := range x[n:] {
			s += exp32(v - m)
		}
		return s
	}
	return s + expShiftSumGeneric(dst[n:], x[n:], m)
}
