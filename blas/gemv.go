package blas

import (
	"math/bits"

	"github.com/simdml/simdml/blas/internal/kernels"
)

// Sgemv computes y = alpha * op(A) * x + beta * y, where A is an m x n
// row-major matrix with leading dimension lda and op(A) is A or Aᵀ. For
// NoTrans x has n elements and y m; for Trans x has m and y n. beta == 0
// overwrites y without reading it; alpha == 0 does not read A or x; m == 0
// or n == 0 does nothing (as in the reference BLAS, y is not even scaled).
// Unit increments run the vector kernels directly; other increments stage
// blocks of x and y in small stack buffers and run the same kernels.
//
// On amd64, NoTrans products with m*n >= 16384 alternate the order in
// which they walk A's rows from one call on the same A to the next. The
// results are the same bits either way; weights read over and over (a
// network's layers at batch 1) then stay in L2 better when they nearly
// fill it.
func Sgemv(tA Transpose, m, n int, alpha float32, a []float32, lda int,
	x []float32, incX int, beta float32, y []float32, incY int) {
	if sgemvNUnit(tA, m, n, a, lda, x, incX, y, incY) {
		kernels.GemvN(m, n, alpha, a, lda, x, beta, y)
		return
	}
	if !tA.valid() {
		panicf("Sgemv: tA = %q, want 'N' or 'T'", byte(tA))
	}
	if m < 0 {
		panicf("Sgemv: m = %d < 0", m)
	}
	if n < 0 {
		panicf("Sgemv: n = %d < 0", n)
	}
	checkMatrix("Sgemv", "A", m, n, a, lda)
	lenX, lenY := n, m
	if tA == Trans {
		lenX, lenY = m, n
	}
	checkVector("Sgemv", "X", lenX, x, incX)
	checkVector("Sgemv", "Y", lenY, y, incY)
	if m == 0 || n == 0 {
		return
	}
	if incX == 1 && incY == 1 {
		if tA == NoTrans {
			kernels.GemvN(m, n, alpha, a, lda, x, beta, y)
		} else {
			kernels.GemvT(m, n, alpha, a, lda, x, beta, y)
		}
		return
	}
	sgemvStrided(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// sgemvNUnit reports whether a call is the common valid case that needs no
// further checks: NoTrans, unit increments, a non-empty matrix and slices
// long enough. It is small enough to inline, so batch-1 inference (three
// such calls per example) skips the general validation's calls; every
// other call, valid or not, takes the general path and its messages.
func sgemvNUnit(tA Transpose, m, n int, a []float32, lda int, x []float32, incX int, y []float32, incY int) bool {
	if tA != NoTrans || incX != 1 || incY != 1 || m <= 0 || n <= 0 || lda < n ||
		len(x) < n || len(y) < m || len(a) < n {
		return false
	}
	// (m-1)*lda <= len(a)-n without overflow.
	hi, lo := bits.Mul64(uint64(m-1), uint64(lda))
	return hi == 0 && lo <= uint64(len(a)-n)
}
