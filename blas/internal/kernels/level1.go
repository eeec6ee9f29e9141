package kernels

// Axpy computes y[i] += alpha * x[i] for i < len(x). y must hold at least
// len(x) elements.
func Axpy(alpha float32, x, y []float32) {
	if len(x) == 0 {
		return
	}
	axpy(alpha, x, y[:len(x)])
}

// Dot returns Σ x[i]*y[i] for i < len(x), summed in an order that depends
// on the kernel level. y must hold at least len(x) elements.
func Dot(x, y []float32) float32 {
	if len(x) == 0 {
		return 0
	}
	return dot(x, y[:len(x)])
}

// Scal computes x[i] *= alpha for every element of x. alpha == 0 still
// multiplies, so NaN and Inf in x become NaN, as in the reference BLAS.
func Scal(alpha float32, x []float32) {
	if len(x) == 0 {
		return
	}
	scal(alpha, x)
}
