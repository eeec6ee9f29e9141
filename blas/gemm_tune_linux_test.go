package blas

import (
	"fmt"
	"math/rand"
	"syscall"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// BenchmarkGemmBlocking times 512^3, 1024^3 and 2048^3 at the best level with
// other cache blocks than the derived ones, reporting flops per CPU-second
// (robust to a shared machine's time slicing). It is how the defaults were
// checked (SIMDML_KERNEL=avx2 for the AVX2 ones).
func BenchmarkGemmBlocking(b *testing.B) {
	l := cpu.Available()[len(cpu.Available())-1]
	r := rand.New(rand.NewSource(1))
	defer SetMaxProcs(SetMaxProcs(1))
	saved := gemmBlocks[l]
	defer func() { gemmBlocks[l] = saved }()
	for _, n := range []int{512, 1024, 2048} {
		a, lda, bm, ldb, c := gemmOperands(r, NoTrans, NoTrans, n, n, n)
		for _, kc := range []int{256, 384, 512, 640, 768, 896, 1024} {
			for _, nc := range []int{256, 512, 1024, 2048} {
				b.Run(fmt.Sprintf("n=%d/kc=%d/nc=%d", n, kc, nc), func(b *testing.B) {
					gemmBlocks[l].kc, gemmBlocks[l].nc = kc, nc/saved.nr*saved.nr
					gemmTuneRun(b, 2*float64(n*n*n), func() { Sgemm(NoTrans, NoTrans, n, n, n, 1, a, lda, bm, ldb, 0.5, c, n) })
				})
			}
		}
	}
}

// BenchmarkGemmPacking times square NN products with the packing thresholds
// moved, reporting flops per CPU-second: how gemmPacking's rules
// were chosen.
func BenchmarkGemmPacking(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	defer SetMaxProcs(SetMaxProcs(1))
	defer func() { gemmForcePacking = nil }()
	for _, n := range []int{32, 64, 128, 256, 512, 1024} {
		a, lda, bm, ldb, c := gemmOperands(r, NoTrans, NoTrans, n, n, n)
		for _, th := range [][2]int{{1 << 30, 1 << 30}, {1 << 30, 0}, {0, 1 << 30}, {0, 0}} {
			b.Run(fmt.Sprintf("n=%d/packB=%v/packA=%v", n, th[0] == 0, th[1] == 0), func(b *testing.B) {
				force := [2]bool{th[1] == 0, th[0] == 0}
				gemmForcePacking = &force
				gemmTuneRun(b, 2*float64(n*n*n), func() { Sgemm(NoTrans, NoTrans, n, n, n, 1, a, lda, bm, ldb, 0, c, n) })
			})
		}
	}
}

// gemmTuneRun calls f b.N times and reports its flops (per call) per
// CPU-second of the process, a figure robust to a shared machine's time
// slicing.
func gemmTuneRun(b *testing.B, flops float64, f func()) {
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for i := 0; i < b.N; i++ {
		f()
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpuSec := float64(ru1.Utime.Nano()-ru0.Utime.Nano()+ru1.Stime.Nano()-ru0.Stime.Nano()) / 1e9
	b.ReportMetric(flops*float64(b.N)/cpuSec/1e9, "GFLOPS/cpu")
}
