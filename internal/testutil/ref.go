package testutil

// Reference loops in float64, with the absolute-value sums the tolerance
// bounds need. They follow the reference BLAS indexing: a negative increment
// starts at the far end of the slice.

// Start returns the index of a strided vector's first element: 0 for a
// positive increment, (n-1)*|inc| for a negative one.
func Start(n, inc int) int {
	if inc < 0 {
		return (n - 1) * -inc
	}
	return 0
}

// DotRef returns Σ x_i·y_i in float64 and Σ |x_i·y_i| (the scale of the
// rounding error of any float32 summation order).
func DotRef(n int, x []float32, incX int, y []float32, incY int) (dot, abs float64) {
	ix, iy := Start(n, incX), Start(n, incY)
	for i := 0; i < n; i++ {
		p := float64(x[ix]) * float64(y[iy])
		dot += p
		abs += absf(p)
		ix += incX
		iy += incY
	}
	return dot, abs
}

// GemvRef returns y = alpha·op(A)·x + beta·y0 in float64 for the reference
// BLAS semantics (beta == 0 ignores y0, alpha == 0 ignores A and x), and per
// element the scale Σ|alpha·a·x| + |beta·y0| of its rounding error. y0 is
// the dense output vector (len = rows of op(A)); x is strided.
func GemvRef(trans bool, m, n int, alpha float32, a []float32, lda int, x []float32, incX int,
	beta float32, y0 []float32) (y, abs []float64) {
	rows, cols := m, n
	if trans {
		rows, cols = n, m
	}
	y = make([]float64, rows)
	abs = make([]float64, rows)
	for i := 0; i < rows; i++ {
		if beta != 0 {
			y[i] = float64(beta) * float64(y0[i])
			abs[i] = absf(y[i])
		}
		if alpha == 0 {
			continue
		}
		var s, sa float64
		ix := Start(cols, incX)
		for j := 0; j < cols; j++ {
			var av float32
			if trans {
				av = a[j*lda+i]
			} else {
				av = a[i*lda+j]
			}
			p := float64(av) * float64(x[ix])
			s += p
			sa += absf(p)
			ix += incX
		}
		y[i] += float64(alpha) * s
		abs[i] += absf(float64(alpha)) * sa
	}
	return y, abs
}

func absf(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
