package kernels

// GemvN computes y = alpha*A*x + beta*y for the m x n row-major matrix A
// with leading dimension lda and unit-stride x (n elements) and y (m). It is
// the entry point Sgemv uses for NoTrans with unit increments, and the one
// Sgemm's helper uses for products with n == 1 (one column of C).
//
// Semantics: beta == 0 sets y without reading it (NaN in y does not
// survive), beta == 1 leaves y as is before accumulating, alpha == 0 or
// n == 0 does not read A or x (y becomes beta*y). The caller guarantees
// m, n >= 0, lda >= max(1, n), len(a) >= (m-1)*lda+n when m, n > 0,
// len(x) >= n and len(y) >= m; short slices panic with a Go bounds error
// before any assembly runs.
func GemvN(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	if m == 0 {
		return
	}
	y = y[:m]
	scaleBy(beta, y)
	if alpha == 0 || n == 0 {
		return
	}
	gemvN(m, n, alpha, a[:(m-1)*lda+n], lda, x[:n], y)
}

// GemvT computes y = alpha*Aᵀ*x + beta*y for the m x n row-major matrix A
// with leading dimension lda and unit-stride x (m elements) and y (n). It is
// the entry point Sgemv uses for Trans with unit increments, and the one
// Sgemm's helper uses for products with m == 1 (one row of C: cᵀ = aᵀB is
// GemvT over B).
//
// Semantics and preconditions are GemvN's with the roles of m and n in x
// and y swapped: len(x) >= m, len(y) >= n; m == 0 or alpha == 0 leaves
// y = beta*y without reading A or x.
func GemvT(m, n int, alpha float32, a []float32, lda int, x []float32, beta float32, y []float32) {
	if n == 0 {
		return
	}
	y = y[:n]
	scaleBy(beta, y)
	if alpha == 0 || m == 0 {
		return
	}
	gemvT(m, n, alpha, a[:(m-1)*lda+n], lda, x[:m], y)
}

// scaleBy sets y = beta*y, writing zeros for beta == 0 so that NaN and Inf
// in y do not survive, as the reference BLAS specifies.
func scaleBy(beta float32, y []float32) {
	switch beta {
	case 1:
	case 0:
		clear(y)
	default:
		Scal(beta, y)
	}
}
