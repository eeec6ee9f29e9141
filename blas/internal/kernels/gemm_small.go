package kernels

import "github.com/simdml/simdml/internal/cpu"

// GemmRank1 computes the rank-1 update C = alpha·x·yᵀ + beta·C of the m x n
// row-major C (leading dimension ldc), with x of m elements at stride incX
// and y of n contiguous elements: Sgemm's k == 1 product.
//
//	for i < m:
//		s := alpha * x[i*incX]
//		for j < n: c[i*ldc + j] = s*y[j] + beta*c[i*ldc + j]   (beta == 0: c not read)
//
// Each row of C is read (unless beta == 0), updated and written in one pass.
// s is formed even when x[i] is 0, so NaN and Inf in y reach every row. The
// caller guarantees m, n >= 0, incX >= 1, ldc >= n, len(x) >= (m-1)*incX+1,
// len(y) >= n and len(c) >= (m-1)*ldc+n when m, n > 0; short slices panic
// with a Go bounds error before any assembly runs.
func GemmRank1(m, n int, alpha float32, x []float32, incX int, y []float32, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	_ = x[(m-1)*incX]
	y = y[:n]
	_ = c[(m-1)*ldc+n-1]
	// One assembly call cannot be preempted: bound each to about
	// gemmRank1Chunk elements of C (a few microseconds).
	rows := max(1, gemmRank1Chunk/n)
	for i := 0; i < m; i += rows {
		h := min(rows, m-i)
		gemmRank1(h, n, alpha, x[i*incX:], incX, y, beta, c[i*ldc:], ldc)
	}
}

// gemmRank1Chunk is the number of elements of C one kernel call updates at
// most (whole rows, at least one).
const gemmRank1Chunk = 1 << 16

// GemmSmallOK reports whether level l has the small-product kernel of
// GemmSmall.
func GemmSmallOK(l cpu.Level) bool { return gemmSmallOK(l) }

// GemmSmall computes a whole product C = alpha·A·B + beta·C in one kernel
// call at level l, with A (m x k, element (i, p) at a[i*aRS + p*aCS]) and B
// (k x n, row-major with leading dimension ldb) read in place:
//
//	for i < m, j < n:
//		s := Σ_{p<k} a[i*aRS + p*aCS] * b[p*ldb + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == 0: c not read)
//
// Every element gets the bits GemmTile gives it at the same level with
// kc = k (the same FMAs in the same order, the same epilogue). It is meant
// for short k, where the work around each tile's FMAs dominates; the call
// cannot be preempted, so the caller bounds m*n*k. Preconditions: GemmSmallOK(l);
// m, n, k >= 1; strides >= 0; ldc >= n; every element named above is inside
// its slice (checked: a short slice panics before any assembly runs).
func GemmSmall(l cpu.Level, m, n, k int, a []float32, aRS, aCS int, b []float32, ldb int,
	c []float32, ldc int, alpha, beta float32) {
	_ = a[(m-1)*aRS+(k-1)*aCS]
	_ = b[(k-1)*ldb+n-1]
	_ = c[(m-1)*ldc+n-1]
	gemmSmall(l, m, n, k, a, aRS, aCS, b, ldb, c, ldc, alpha, beta)
}
