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

// Exp sets dst[i] = e^x[i].
func Exp(dst, x []float32) { expGeneric(dst, x) }

// Sigmoid sets dst[i] = 1/(1+e^−x[i]).
func Sigmoid(dst, x []float32) { sigmoidGeneric(dst, x) }

// Tanh sets dst[i] = tanh(x[i]).
func Tanh(dst, x []float32) { tanhGeneric(dst, x) }

// Relu sets dst[i] = max(x[i], 0), NaN propagating.
func Relu(dst, x []float32) { reluGeneric(dst, x) }

// ReluBackward sets dst[i] = g[i] if z[i] > 0, else 0.
func ReluBackward(dst, z, g []float32) { reluBackwardGeneric(dst, z, g) }

// SigmoidBackward sets dst[i] = g[i]·s[i]·(1−s[i]).
func SigmoidBackward(dst, s, g []float32) { sigmoidBackwardGeneric(dst, s, g) }

// TanhBackward sets dst[i] = g[i]·(1−t[i]²).
func TanhBackward(dst, t, g []float32) { tanhBackwardGeneric(dst, t, g) }

// Add sets dst[i] = a[i] + b[i].
func Add(dst, a, b []float32) { addGeneric(dst, a, b) }

// Sub sets dst[i] = a[i] − b[i].
func Sub(dst, a, b []float32) { subGeneric(dst, a, b) }

// Mul sets dst[i] = a[i]·b[i].
func Mul(dst, a, b []float32) { mulGeneric(dst, a, b) }

// Scale sets dst[i] = s·a[i].
func Scale(dst, a []float32, s float32) { scaleGeneric(dst, a, s) }

// Axpy sets dst[i] += alpha·x[i].
func Axpy(dst []float32, alpha float32, x []float32) { axpyGeneric(dst, alpha, x) }

// AddScalar sets dst[i] = a[i] + s.
func AddScalar(dst, a []float32, s float32) { addScalarGeneric(dst, a, s) }

// Max returns the largest element of a non-empty x (NaN if x holds one).
func Max(x []float32) float32 { return maxGeneric(x) }

// Sum returns the float32 sum of x.
func Sum(x []float32) float32 { return sumGeneric(x) }

// ExpShiftSum sets dst[i] = e^(x[i]−m) and returns the float32 sum of the
// results.
func ExpShiftSum(dst, x []float32, m float32) float32 { return expShiftSumGeneric(dst, x, m) }
