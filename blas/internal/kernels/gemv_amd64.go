//go:build !purego

package kernels

import "github.com/simdml/simdml/internal/cpu"

// gemvNAVX2 and gemvNAVX512 compute
//
//	for i := 0; i < m; i++ {
//		var s float32
//		for j := 0; j < n; j++ { s += a[i*lda+j] * x[j] }
//		v := b[i] + alpha*s // one fused multiply-add
//		if relu && v < 0 { v = 0 }
//		y[i] = v
//	}
//
// four rows per pass: the blocks of rows 4b..4b+3 (b < m/4) in increasing
// b, or in decreasing b when back is set, then rows m&^3..m-1. Every row's
// result has the same bits in both orders. b is the bias: y itself for a
// plain GEMV (y += alpha*A·x), or a slice that does not overlap y. With two
// or more row blocks, the kernels first prefetch every cache line of x.
// Preconditions (checked by GemvN and GemvNBias): m, n >= 1, lda >= n,
// len(a) >= (m-1)*lda+n, len(x) >= n, len(b) >= m, len(y) >= m.
//
//go:noescape
func gemvNAVX2(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)

//go:noescape
func gemvNAVX512(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)

// gemvTAVX2 and gemvTAVX512 compute
//
//	for j := 0; j < n; j++ {
//		var s float32
//		for i := 0; i < m; i++ { s += x[i] * a[i*lda+j] }
//		y[j] += alpha * s
//	}
//
// keeping a chunk of y in registers across all m rows. Preconditions
// (checked by GemvT): m, n >= 1, lda >= n, len(a) >= (m-1)*lda+n,
// len(x) >= m, len(y) >= n.
//
//go:noescape
func gemvTAVX2(m, n int, alpha float32, a []float32, lda int, x, y []float32)

//go:noescape
func gemvTAVX512(m, n int, alpha float32, a []float32, lda int, x, y []float32)

// gemvNShortRow is the row length below which the AVX-512 level runs the
// AVX2 NoTrans kernel: a row shorter than one zmm is all masked tail, and
// reducing four zmm accumulators costs more than the ymm code's smaller
// reduction (measured on AMD Zen 4, 128x10: 188 ns with zmm, 134 ns ymm).
const gemvNShortRow = 16

// gemvN computes y[i] = b[i] + alpha*(A[i, :]·x), then zeroes negative
// results if relu is set (see gemvNAVX2; b is y or does not overlap it).
func gemvN(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, relu bool) {
	switch cpu.Active() {
	case cpu.AVX512:
		if n < gemvNShortRow {
			gemvNAVX2(m, n, alpha, a, lda, x, b, y, false, relu)
			return
		}
		gemvNAVX512(m, n, alpha, a, lda, x, b, y, gemvNBack(m, n, a), relu)
	case cpu.AVX2:
		gemvNAVX2(m, n, alpha, a, lda, x, b, y, gemvNBack(m, n, a), relu)
	default:
		gemvNPortable(m, n, alpha, a, lda, x, b, y, relu)
	}
}

func gemvT(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	switch cpu.Active() {
	case cpu.AVX512:
		gemvTAVX512(m, n, alpha, a, lda, x, y)
	case cpu.AVX2:
		gemvTAVX2(m, n, alpha, a, lda, x, y)
	default:
		gemvTGeneric(m, n, alpha, a, lda, x, y)
	}
}
