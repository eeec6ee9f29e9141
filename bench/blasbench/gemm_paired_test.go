//go:build openblas && cgo

package blasbench

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// BenchmarkSgemmPaired/impl=<avx2|avx512>/m=/n=/k=/t=<tA><tB> times blas.Sgemm
// pinned to one level and OpenBLAS, both on one thread, on the one-thread
// shapes of BenchmarkSgemm, alternating between the two in blocks of calls
// of about 10 ms (one call for products longer than that) in one
// benchmark. The machine's speed drifts over seconds on a shared host;
// BenchmarkSgemm measures the two implementations seconds apart, so a drift
// shows up in its ratios, while here both see the same moments. A block is
// long next to what a switch costs (caches and predictors warming up again:
// microseconds) and short next to the drift. Metrics: GFLOPS
// (simdml), openblas-GFLOPS, x-openblas (OpenBLAS's time over simdml's:
// above 1 means simdml is faster). ns/op is one call of each.
//
//	SIMDML_KERNEL=avx2 OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 go -C bench test -tags openblas -run '^$' -bench 'SgemmPaired/impl=avx2/' -benchtime=1s ./blasbench
//	OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 go -C bench test -tags openblas -run '^$' -bench 'SgemmPaired/impl=avx512/' -benchtime=1s ./blasbench
//
// OPENBLAS_CORETYPE picks OpenBLAS's kernels: compare avx2 with Haswell and
// avx512 with SkylakeX.
func BenchmarkSgemmPaired(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	var ob gemmImpl
	for _, impl := range gemmImpls {
		if impl.name == "openblas" {
			ob = impl
		}
	}
	for _, s := range gemmShapes() {
		if s.threads != 1 {
			continue // OpenBLAS's idle threads spin for a while after a call, into simdml's turn
		}
		for _, level := range []string{"avx2", "avx512", "neon"} {
			name := fmt.Sprintf("impl=%s/m=%d/n=%d/k=%d/t=%c%c", level, s.m, s.n, s.k, s.tA, s.tB)
			b.Run(name, func(b *testing.B) { gemmPairedBench(b, r, simdmlLevel(level, false), ob, s) })
		}
	}
}

func gemmPairedBench(b *testing.B, r *rand.Rand, impl, ref gemmImpl, s gemmShape) {
	f, restore := impl.use(1)
	if f == nil {
		b.Skip(impl.name + " not available")
	}
	defer restore()
	g, restoreRef := ref.use(1)
	defer restoreRef()
	ar, ac, br, bc := gemmDims(s)
	a, bm := gemmRandSlice(r, ar*ac), gemmRandSlice(r, br*bc)
	c := gemmRandSlice(r, s.m*s.n)
	cRef := append([]float32(nil), c...)
	call := func(f gemmFunc, c []float32, calls int) time.Duration {
		t0 := time.Now()
		for i := 0; i < calls; i++ {
			f(s.tA, s.tB, s.m, s.n, s.k, 1, a, ac, bm, bc, 0.5, c, s.n)
		}
		return time.Since(t0)
	}
	call(g, cRef, 1) // warm up
	block := max(1, int(10*time.Millisecond/max(call(f, c, 1), 1)))
	b.ReportAllocs()
	b.ResetTimer()
	var t, tRef time.Duration
	for done := 0; done < b.N; done += block {
		calls := min(block, b.N-done)
		t += call(f, c, calls)
		tRef += call(g, cRef, calls)
	}
	flops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N)
	b.ReportMetric(flops/t.Seconds()/1e9, "GFLOPS")
	b.ReportMetric(flops/tRef.Seconds()/1e9, "openblas-GFLOPS")
	b.ReportMetric(tRef.Seconds()/t.Seconds(), "x-openblas")
}
