package blasbench

// SGEMM table and the FMA peak.
//
// BenchmarkSgemm/impl=<generic|avx2|avx512|gonum|openblas>/threads=<1|2>/m=/n=/k=/t=<tA><tB>
// times C = op(A)·op(B) + 0.5·C on: squares 16..2048 (generic and gonum up
// to 256); the three products of each layer of a 784-256-128-10 network at
// batch m = 1, 8, 32, 128 (forward t=NT m x out x in, weight gradient t=TN
// out x in x m, input gradient t=NN m x in x out); and squares 1024, 2048
// and the batch-128 products on two threads. Metrics: GFLOPS (wall),
// GFLOPS/cpu (flops per CPU-second of
// the process: the figure to compare on a machine shared with other work),
// peak-frac (GFLOPS over the measured FMA peak of one core per thread: AVX2
// peak for impl=avx2, else the best level's), allocs/op.
// BenchmarkPeak/impl=<avx2|avx512> reports that peak (bench/internal/peak).
// BenchmarkSgemmPaired (gemm_paired_test.go, -tags openblas) times simdml
// and OpenBLAS alternately on the one-thread shapes, for ratios that a
// drifting machine does not skew.
//
//	OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 go -C bench test -tags openblas -run '^$' -bench 'Peak|Sgemm/impl=(avx512|openblas|gonum)/' -benchtime=200ms -count 3 ./blasbench
//	SIMDML_KERNEL=avx2 OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1 go -C bench test -tags openblas -run '^$' -bench 'Peak|Sgemm/impl=(avx2|openblas)/' -benchtime=200ms -count 3 ./blasbench

import (
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/simdml/simdml/bench/internal/peak"
	"github.com/simdml/simdml/blas"
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gemmImpl is one SGEMM implementation in the comparison table.
type gemmImpl struct {
	name  string
	small bool // only run at small sizes (too slow for large ones)
	// use prepares the implementation for the given thread count and returns
	// the function to time and a restore function (nil f: not available).
	use func(threads int) (f gemmFunc, restore func())
}

type gemmFunc func(tA, tB byte, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int)

func simdmlSgemm(tA, tB byte, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	blas.Sgemm(blas.Transpose(tA), blas.Transpose(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// simdmlLevel runs blas.Sgemm pinned to one kernel level.
func simdmlLevel(level string, small bool) gemmImpl {
	return gemmImpl{name: level, small: small, use: func(threads int) (gemmFunc, func()) {
		restore, err := blas.SetKernel(level)
		if err != nil {
			return nil, nil
		}
		prev := blas.SetMaxProcs(threads)
		return simdmlSgemm, func() { blas.SetMaxProcs(prev); restore() }
	}}
}

var gonumImpl = gemmImpl{name: "gonum", small: true, use: func(threads int) (gemmFunc, func()) {
	prev := runtime.GOMAXPROCS(threads) // gonum splits over GOMAXPROCS goroutines
	var impl gonum.Implementation
	f := func(tA, tB byte, m, n, k int, alpha float32, a []float32, lda int,
		b []float32, ldb int, beta float32, c []float32, ldc int) {
		impl.Sgemm(gblas.Transpose(tA), gblas.Transpose(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
	return f, func() { runtime.GOMAXPROCS(prev) }
}}

// gemmImpls is the table; gemm_openblas_test.go adds OpenBLAS under the
// openblas build tag.
var gemmImpls = []gemmImpl{
	simdmlLevel("generic", true), simdmlLevel("avx2", false), simdmlLevel("avx512", false),
	simdmlLevel("neon", false), gonumImpl,
}

// gemmShape is one benchmarked product.
type gemmShape struct {
	tA, tB  byte
	m, n, k int
	threads int
}

// gemmShapes: squares, the 784-256-128-10 network's three products per
// layer at batch 1, 8, 32, 128, and two-thread squares.
func gemmShapes() []gemmShape {
	var s []gemmShape
	for _, n := range []int{16, 32, 64, 128, 256, 512, 1024, 2048} {
		s = append(s, gemmShape{'N', 'N', n, n, n, 1})
	}
	layers := [][2]int{{784, 256}, {256, 128}, {128, 10}} // in, out
	for _, batch := range []int{1, 8, 32, 128} {
		for _, l := range layers {
			in, out := l[0], l[1]
			s = append(s,
				gemmShape{'N', 'T', batch, out, in, 1}, // forward: Z = X·Wᵀ
				gemmShape{'T', 'N', out, in, batch, 1}, // weight gradient: δᵀ·X
				gemmShape{'N', 'N', batch, in, out, 1}, // input gradient: δ·W
			)
		}
	}
	for _, n := range []int{1024, 2048} {
		s = append(s, gemmShape{'N', 'N', n, n, n, 2})
	}
	// The batch-128 training step's products on two threads (the pool's
	// thresholds and splits at network sizes).
	for _, l := range layers {
		in, out := l[0], l[1]
		s = append(s,
			gemmShape{'N', 'T', 128, out, in, 2},
			gemmShape{'T', 'N', out, in, 128, 2},
			gemmShape{'N', 'N', 128, in, out, 2},
		)
	}
	return s
}

// gemmPeak measures, once per process, the FMA peak (GFLOPS) of each level.
var gemmPeak = sync.OnceValue(func() map[string]float64 {
	p := map[string]float64{}
	for _, l := range []string{"avx2", "avx512"} {
		if !peak.Supported(l) {
			continue
		}
		best := 0.0
		for rep := 0; rep < 5; rep++ { // best of 5: other processes only slow it down
			t0 := time.Now()
			fl := peak.Run(l, 2_000_000)
			best = max(best, fl/time.Since(t0).Seconds()/1e9)
		}
		p[l] = best
	}
	return p
})

// gemmPeakFor is the peak an implementation's figures are compared with:
// the AVX2 peak for the avx2 kernel, else the best level's.
func gemmPeakFor(impl string) float64 {
	p := gemmPeak()
	if v, ok := p[impl]; ok && impl == "avx2" {
		return v
	}
	if v, ok := p["avx512"]; ok {
		return v
	}
	return p["avx2"]
}

// BenchmarkPeak reports the FMA peak of one core per level.
func BenchmarkPeak(b *testing.B) {
	for _, l := range []string{"avx2", "avx512"} {
		if !peak.Supported(l) {
			continue
		}
		b.Run("impl="+l, func(b *testing.B) {
			var fl float64
			for i := 0; i < b.N; i++ {
				fl += peak.Run(l, 100_000)
			}
			b.ReportMetric(fl/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
}

// BenchmarkSgemm times C = op(A)·op(B) + 0.5·C for every implementation and
// shape, reporting GFLOPS and the fraction of the measured FMA peak.
func BenchmarkSgemm(b *testing.B) {
	r := rand.New(rand.NewSource(1))
	// Shapes outer, implementations inner: the machine's load drifts, so
	// figures to be compared are measured next to each other.
	for _, s := range gemmShapes() {
		for _, impl := range gemmImpls {
			if impl.small && s.m*s.n*s.k > 256*256*256 {
				continue
			}
			name := fmt.Sprintf("impl=%s/threads=%d/m=%d/n=%d/k=%d/t=%c%c", impl.name, s.threads, s.m, s.n, s.k, s.tA, s.tB)
			b.Run(name, func(b *testing.B) { gemmBench(b, r, impl, s) })
		}
	}
}

func gemmBench(b *testing.B, r *rand.Rand, impl gemmImpl, s gemmShape) {
	f, restore := impl.use(s.threads)
	if f == nil {
		b.Skip(impl.name + " not available")
	}
	defer restore()
	ar, ac, br, bc := gemmDims(s)
	a, bm, c := gemmRandSlice(r, ar*ac), gemmRandSlice(r, br*bc), gemmRandSlice(r, s.m*s.n)
	f(s.tA, s.tB, s.m, s.n, s.k, 1, a, ac, bm, bc, 0.5, c, s.n) // warm up
	p := gemmPeakFor(impl.name)                                 // measured once, untimed
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := gemmCPUTime()
	for i := 0; i < b.N; i++ {
		f(s.tA, s.tB, s.m, s.n, s.k, 1, a, ac, bm, bc, 0.5, c, s.n)
	}
	cpu := gemmCPUTime() - cpu0
	flops := 2 * float64(s.m) * float64(s.n) * float64(s.k) * float64(b.N)
	gflops := flops / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(gflops, "GFLOPS")
	if cpu > 0 {
		// Flops per CPU-second of this process: on a machine shared with
		// other work, wall time includes time the scheduler gave away; this
		// figure does not (it is per core, so it does not grow with threads).
		b.ReportMetric(flops/cpu/1e9, "GFLOPS/cpu")
	}
	if p > 0 {
		b.ReportMetric(gflops/(p*float64(s.threads)), "peak-frac")
	}
}

// gemmDims returns the stored sizes of A (ar x ac) and B (br x bc) for s.
func gemmDims(s gemmShape) (ar, ac, br, bc int) {
	ar, ac, br, bc = s.m, s.k, s.k, s.n
	if s.tA == 'T' {
		ar, ac = s.k, s.m
	}
	if s.tB == 'T' {
		br, bc = s.n, s.k
	}
	return ar, ac, br, bc
}

func gemmRandSlice(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.Float64()*2 - 1)
	}
	return x
}
