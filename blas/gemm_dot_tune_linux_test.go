package blas

import (
	"fmt"
	"math/rand"
	"testing"
)

// BenchmarkGemmDotPath times NT products on the dot path and on the
// blocked path, reporting flops per CPU-second: how gemmUseDot's bounds
// were checked.
func BenchmarkGemmDotPath(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	defer SetMaxProcs(SetMaxProcs(1))
	defer func() { gemmForceDot = nil }()
	for _, s := range [][3]int{{32, 256, 784}, {48, 1024, 1024}, {32, 256, 4096}, {128, 10, 128},
		{128, 256, 784}, {256, 256, 256}, {128, 512, 1024}, {512, 512, 512}} {
		m, n, k := s[0], s[1], s[2]
		a, lda, bm, ldb, c := gemmOperands(r, NoTrans, Trans, m, n, k)
		for _, dot := range []bool{true, false} {
			b.Run(fmt.Sprintf("m=%d/n=%d/k=%d/dot=%v", m, n, k, dot), func(b *testing.B) {
				gemmForceDot = &dot
				gemmTuneRun(b, 2*float64(m*n*k), func() { Sgemm(NoTrans, Trans, m, n, k, 1, a, lda, bm, ldb, 0.5, c, n) })
			})
		}
	}
}

// BenchmarkGemmSmallPath times NN and TN products on the small-product
// path and on the blocked path, reporting flops per CPU-second: how
// gemmUseSmall's bounds were checked.
func BenchmarkGemmSmallPath(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	defer SetMaxProcs(SetMaxProcs(1))
	defer func() { gemmForceSmall = nil }()
	for _, s := range [][4]int{{'N', 16, 16, 16}, {'N', 8, 128, 10}, {'T', 128, 256, 8}, {'N', 32, 1024, 64},
		{'T', 256, 128, 64}, {'N', 64, 64, 64}, {'N', 12, 2048, 64}, {'N', 2048, 16, 64}, {'T', 128, 256, 128}} {
		tA, m, n, k := Transpose(s[0]), s[1], s[2], s[3]
		a, lda, bm, ldb, c := gemmOperands(r, tA, NoTrans, m, n, k)
		for _, small := range []bool{true, false} {
			b.Run(fmt.Sprintf("m=%d/n=%d/k=%d/t=%cN/small=%v", m, n, k, tA, small), func(b *testing.B) {
				gemmForceSmall = &small
				gemmTuneRun(b, 2*float64(m*n*k), func() { Sgemm(tA, NoTrans, m, n, k, 1, a, lda, bm, ldb, 0.5, c, n) })
			})
		}
	}
}
