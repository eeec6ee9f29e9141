//go:build !purego

package vmath

// The stubs below are implemented in vmath_arm64.s (hand-written NEON).
// Each handles the whole 4-lane vectors, the first n = len(dst) &^ 3
// elements, as the generic loop in its comment; every input must be at
// least len(dst) long.

// expNEON: for i < n, dst[i] = exp32(x[i]).
//
//go:noescape
func expNEON(dst, x []float32)

// sigmoidNEON: for i < n, dst[i] = sigmoid32(x[i]).
//
//go:noescape
func sigmoidNEON(dst, x []float32)

// tanhNEON: for i < n, dst[i] = tanh32(x[i]).
//
//go:noescape
func tanhNEON(dst, x []float32)

// reluNEON: for i < n, dst[i] = max(x[i], 0) (NaN propagates).
//
//go:noescape
func reluNEON(dst, x []float32)

// reluBackwardNEON: for i < n, dst[i] = a[i] > 0 ? b[i] : 0 (a = z, b = g).
//
//go:noescape
func reluBackwardNEON(dst, a, b []float32)

// sigmoidBackwardNEON: for i < n, dst[i] = b[i]·(a[i]·(1−a[i])).
//
//go:noescape
func sigmoidBackwardNEON(dst, a, b []float32)

// tanhBackwardNEON: for i < n, dst[i] = b[i]·(1−a[i]²) (1−t² fused).
//
//go:noescape
func tanhBackwardNEON(dst, a, b []float32)

// addNEON: for i < n, dst[i] = a[i] + b[i].
//
//go:noescape
func addNEON(dst, a, b []float32)

// subNEON: for i < n, dst[i] = a[i] − b[i].
//
//go:noescape
func subNEON(dst, a, b []float32)

// mulNEON: for i < n, dst[i] = a[i]·b[i].
//
//go:noescape
func mulNEON(dst, a, b []float32)

// scaleNEON: for i < n, dst[i] = a[i]·s.
//
//go:noescape
func scaleNEON(dst, a []float32, s float32)

// addScalarNEON: for i < n, dst[i] = a[i] + s.
//
//go:noescape
func addScalarNEON(dst, a []float32, s float32)

// axpyNEON: for i < n, dst[i] += alpha·x[i] (fused).
//
//go:noescape
func axpyNEON(dst []float32, alpha float32, x []float32)

// maxNEON returns the largest of x[:len(x)&^3]; len(x) ≥ 4.
//
//go:noescape
func maxNEON(x []float32) float32

// sumNEON returns the sum of x[:len(x)&^3]; len(x) ≥ 4.
//
//go:noescape
func sumNEON(x []float32) float32

// expShiftSumNEON: for i < len(x)&^3, dst[i] = exp32(x[i]−m); returns
// their sum. len(dst) ≥ len(x).
//
//go:noescape
func expShiftSumNEON(dst, x []float32, m float32) float32

// sumExpShiftNEON returns Σ exp32(x[i]−m) for i < len(x)&^3.
//
//go:noescape
func sumExpShiftNEON(x []float32, m float32) float32

// sumColsNEON: for j < len(dst)&^3, dst[j] = Σ_{i<rows} a[i·len(dst)+j].
// len(a) ≥ rows·len(dst).
//
//go:noescape
func sumColsNEON(dst, a []float32, rows int)
