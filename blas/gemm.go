package blas

import (
	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// Sgemm computes C = alpha * op(A) * op(B) + beta * C for row-major
// matrices, where op(A) is m x k, op(B) is k x n and C is m x n. A is stored
// m x k (NoTrans) or k x m (Trans) with leading dimension lda; likewise B.
// beta == 0 overwrites C without reading it, alpha == 0 or k == 0 does not
// read A or B, and an empty m or n does nothing.
//
// Large products run the Goto/BLIS blocked algorithm with an assembly
// micro-kernel and, above a work threshold, on a fixed pool of worker
// goroutines (see SetMaxProcs); the rows and columns of C are split between
// workers, never k, so the result has the same bits for any number of
// workers. One-row and one-column products run as Sgemv, k == 1 as one
// rank-1 update pass over C, op(A)·Bᵀ with few rows of A or network-sized
// n and k as dot products, and, on AVX2 and AVX-512, other products with a
// short k in one kernel call without packing (with the blocked path's bits). So, as
// with any BLAS, the rounding of an element may depend on the shape of the
// whole product (a row of C can differ in its last bits between m = 17 and
// m = 300), never on the number of workers or on the call. Sgemm allocates
// nothing in steady state and is safe for concurrent use on distinct C.
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
	if alpha == 0 || k == 0 {
		gemmScaleC(m, n, beta, c, ldc)
		return
	}
	if m == 1 || n == 1 {
		gemmAsGemv(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if k == 1 && tB == NoTrans {
		gemmRank1(tA, m, n, alpha, a, lda, b, beta, c, ldc)
		return
	}
	p := gemmProblem{tA: tA, tB: tB, m: m, n: n, k: k, alpha: alpha, beta: beta,
		a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc}
	l := cpu.Active()
	gemmPlan(l, &p)
	if w := gemmWorkers(l, m, n, k); w > 1 {
		gemmParallel(l, &p, w)
		return
	}
	if p.small {
		gemmRunSmall(l, &p)
		return
	}
	if !gemmNeedsArena(l, &p) {
		gemmRun(l, &p, nil)
		return
	}
	ar2 := gemmArenas.get()
	gemmRun(l, &p, ar2)
	gemmArenas.put(ar2)
}

// gemmProblem is one Sgemm call's arguments after validation, with
// non-empty m, n and k and non-zero alpha.
type gemmProblem struct {
	tA, tB      Transpose
	m, n, k     int
	alpha, beta float32
	a           []float32
	lda         int
	b           []float32
	ldb         int
	c           []float32
	ldc         int
	dot         bool // take the dot path (gemm_dot.go)
	narrow      bool // use the level's narrow tile kernel (n <= its width)
	small       bool // the small-product kernel, A and B in place (gemm_small.go)
}

// gemmPlan chooses the kernel family for p at level l.
func gemmPlan(l cpu.Level, p *gemmProblem) {
	p.dot = gemmUseDot(l, p)
	// A product no wider than the narrow tile runs with it: the full tile
	// would compute (and discard) twice the columns. 16^3 on AVX-512: 19 ->
	// 35 GFLOPS per CPU-second.
	p.narrow = !p.dot && p.n <= kernels.GemmNarrowNR(l)
	p.small = !p.dot && gemmUseSmall(l, p)
}

// gemmScaleC sets C = beta*C, writing zeros without reading C when beta == 0.
func gemmScaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// gemmRank1 computes C = alpha*a·bᵀ + beta*C for k == 1 when op(B) is a
// contiguous row: row i of C is beta*c_i + (alpha*a_i)*b, which the rank-1
// kernel computes for all rows in one call, reading and writing each row of
// C once (one FMA per element). The blocked path would pack both operands
// for a micro-kernel doing one FMA per element of C it loads and stores:
// 256x784x1 (the weight gradient of a batch-1 step) ran at 0.43x OpenBLAS
// that way, and 0.63x as one scale pass plus one axpy pass per row (GemvT);
// fused, 1.3x. The multiplication by a_i happens inside the kernel, so NaN
// and Inf in b still reach every row.
func gemmRank1(tA Transpose, m, n int, alpha float32, a []float32, lda int,
	b []float32, beta float32, c []float32, ldc int) {
	inc := lda // A is m x 1: a_i = a[i*lda]
	if tA == Trans {
		inc = 1 // A is 1 x m
	}
	kernels.GemmRank1(m, n, alpha, a, inc, b, beta, c, ldc)
}

// gemmAsGemv computes a one-row (m == 1) or one-column (n == 1) product,
// k >= 1, as a matrix-vector product: GEMV streams the matrix once, where
// the packed path would copy it first (OpenBLAS's Haswell build runs m == 1
// through full packing and is several times slower than its own sgemv).
func gemmAsGemv(tA, tB Transpose, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 1 {
		// c[0, :] = alpha * op(B)ᵀ·x + beta*c with x = row 0 of op(A).
		incX := 1
		if tA == Trans {
			incX = lda
		}
		if tB == NoTrans { // B is k x n
			Sgemv(Trans, k, n, alpha, b, ldb, a, incX, beta, c, 1)
		} else { // B is n x k
			Sgemv(NoTrans, n, k, alpha, b, ldb, a, incX, beta, c, 1)
		}
		return
	}
	// c[:, 0] (stride ldc) = alpha * op(A)·x + beta*c with x = column 0 of op(B).
	incX := ldb
	if tB == Trans {
		incX = 1
	}
	if tA == NoTrans { // A is m x k
		Sgemv(NoTrans, m, k, alpha, a, lda, b, incX, beta, c, ldc)
	} else { // A is k x m
		Sgemv(Trans, k, m, alpha, a, lda, b, incX, beta, c, ldc)
	}
}
