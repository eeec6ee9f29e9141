package main

import (
	"github.com/simdml/simdml/blas"
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// impl is one BLAS implementation under test, on unit-stride row-major
// data: C = op(A)·op(B) (m x k times k x n, tA/tB transpose A/B as
// stored), y = A·x (m x n), y += a·x, x·y.
type impl struct {
	name  string
	setup func() (restore func(), err error) // selects the implementation (a kernel level); may be nil
	sgemm func(tA, tB bool, m, n, k int, a, b, c []float32)
	sgemv func(m, n int, a, x, y []float32)
	saxpy func(n int, alpha float32, x, y []float32)
	sdot  func(n int, x, y []float32) float32
}

// extraImpls holds implementations registered by build-tagged files (OpenBLAS).
var extraImpls []impl

// impls returns simdml at every kernel level this machine runs, gonum, and
// any build-tagged extras.
func impls() []impl {
	var out []impl
	for _, level := range blas.Kernels() {
		out = append(out, impl{
			name:  "simdml/" + level,
			setup: func() (func(), error) { return blas.SetKernel(level) },
			sgemm: func(tA, tB bool, m, n, k int, a, b, c []float32) {
				blas.Sgemm(trans(tA), trans(tB), m, n, k, 1, a, lda(tA, m, k), b, lda(tB, k, n), 0, c, n)
			},
			sgemv: func(m, n int, a, x, y []float32) { blas.Sgemv(blas.NoTrans, m, n, 1, a, n, x, 1, 0, y, 1) },
			saxpy: func(n int, alpha float32, x, y []float32) { blas.Saxpy(n, alpha, x, 1, y, 1) },
			sdot:  func(n int, x, y []float32) float32 { return blas.Sdot(n, x, 1, y, 1) },
		})
	}
	var g gonum.Implementation
	out = append(out, impl{
		name: "gonum",
		sgemm: func(tA, tB bool, m, n, k int, a, b, c []float32) {
			g.Sgemm(gtrans(tA), gtrans(tB), m, n, k, 1, a, lda(tA, m, k), b, lda(tB, k, n), 0, c, n)
		},
		sgemv: func(m, n int, a, x, y []float32) { g.Sgemv(gblas.NoTrans, m, n, 1, a, n, x, 1, 0, y, 1) },
		saxpy: func(n int, alpha float32, x, y []float32) { g.Saxpy(n, alpha, x, 1, y, 1) },
		sdot:  func(n int, x, y []float32) float32 { return g.Sdot(n, x, 1, y, 1) },
	})
	return append(out, extraImpls...)
}

// lda returns the leading dimension of an r x c operand stored as is
// (c) or transposed (r).
func lda(t bool, r, c int) int {
	if t {
		return r
	}
	return c
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func gtrans(t bool) gblas.Transpose {
	if t {
		return gblas.Trans
	}
	return gblas.NoTrans
}
