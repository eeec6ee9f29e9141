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
	gemvN(m, n, alpha, a[:(m-1)*lda+n], lda, x[:n], y, y, false)
}

// GemvNBias computes y = A*x + b for the m x n row-major matrix A with
// leading dimension lda, then, if relu is set, y[i] = 0 where y[i] < 0 (NaN
// and -0 stay, as tensor.ReLU leaves them). It is a dense layer's forward
// pass for one example, with its activation when that is a ReLU. The bits
// are those of copy(y, b); GemvN(m, n, 1, a, lda, x, 1, y) and then the
// ReLU: the bias is read where GemvN reads y, so no copy or second pass is
// needed.
//
// The caller guarantees m, n >= 0, lda >= max(1, n), len(a) >= (m-1)*lda+n
// when m, n > 0, len(x) >= n, len(b) >= m, len(y) >= m, and that b and y
// are the same slice or do not overlap. Short slices panic with a Go bounds
// error before any assembly runs.
func GemvNBias(m, n int, a []float32, lda int, x, b, y []float32, relu bool) {
	if m == 0 {
		return
	}
	y, b = y[:m], b[:m]
	if n == 0 {
		copy(y, b)
		if relu {
			reluInPlace(y)
		}
		return
	}
	gemvN(m, n, 1, a[:(m-1)*lda+n], lda, x[:n], b, y, relu)
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
