package blas

// Sgemm computes C = alpha * op(A) * op(B) + beta * C for row-major
// matrices, where op(A) is m x k, op(B) is k x n and C is m x n. A is stored
// m x k (NoTrans) or k x m (Trans) with leading dimension lda; likewise B.
// beta == 0 overwrites C without reading it, alpha == 0 or k == 0 does not
// read A or B, and an empty m or n does nothing.
func Sgemm(tA, tB Transpose, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !tA.valid() {
		panicf("Sgemm: tA = %q, want 'N' or 'T'", byte(tA))
	}
	if !tB.valid() {
		panicf("Sgemm: tB = %q, want 'N' or 'T'", byte(tB))
	}
	if m < 0 || n < 0 || k < 0 {
		panicf("Sgemm: negative size m = %d, n = %d, k = %d", m, n, k)
	}
	ar, ac := m, k
	if tA == Trans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB == Trans {
		br, bc = n, k
	}
	checkMatrix("Sgemm", "A", ar, ac, a, lda)
	checkMatrix("Sgemm", "B", br, bc, b, ldb)
	checkMatrix("Sgemm", "C", m, n, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		for j := range row {
			var s float32
			if alpha != 0 {
				for p := 0; p < k; p++ {
					av := a[i*lda+p]
					if tA == Trans {
						av = a[p*lda+i]
					}
					bv := b[p*ldb+j]
					if tB == Trans {
						bv = b[j*ldb+p]
					}
					s += av * bv
				}
			}
			switch {
			case beta == 0:
				row[j] = alpha * s
			case alpha == 0:
				row[j] *= beta
			default:
				row[j] = alpha*s + beta*row[j]
			}
		}
	}
}
