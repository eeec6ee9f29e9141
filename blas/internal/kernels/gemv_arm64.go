//go:build !purego

package kernels

import "github.com/simdml/simdml/internal/cpu"

// gemvNNEON computes
//
//	for i := 0; i < m; i++ {
//		var s float32
//		for j := 0; j < n; j++ { s += a[i*lda+j] * x[j] }
//		y[i] += alpha * s
//	}
//
// four rows per pass. Preconditions (checked by GemvN): m, n >= 1,
// lda >= n, len(a) >= (m-1)*lda+n, len(x) >= n, len(y) >= m.
//
//go:noescape
func gemvNNEON(m, n int, alpha float32, a []float32, lda int, x, y []float32)

// gemvTNEON computes
//
//	for i := 0; i < m; i++ {
//		for j := 0; j < n; j++ { y[j] += (alpha * x[i]) * a[i*lda+j] }
//	}
//
// four rows per pass. Preconditions (checked by GemvT): m, n >= 1,
// lda >= n, len(a) >= (m-1)*lda+n, len(x) >= m, len(y) >= n.
//
//go:noescape
func gemvTNEON(m, n int, alpha float32, a []float32, lda int, x, y []float32)

// gemvN computes y[i] = b[i] + alpha*(A[i, :]·x), then zeroes negative
// results if relu is set (b is y or does not overlap it).
func gemvN(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, relu bool) {
	if cpu.Active() != cpu.NEON {
		gemvNPortable(m, n, alpha, a, lda, x, b, y, relu)
		return
	}
	copy(y[:m], b)
	gemvNNEON(m, n, alpha, a, lda, x, y)
	if relu {
		reluInPlace(y[:m])
	}
}

func gemvT(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	if cpu.Active() == cpu.NEON {
		gemvTNEON(m, n, alpha, a, lda, x, y)
		return
	}
	gemvTGeneric(m, n, alpha, a, lda, x, y)
}
