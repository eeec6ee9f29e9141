package blasbench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// level1Sizes are the vector lengths of the Level-1 benchmarks: 1024 and
// 4096 are the bars (in L1), 65536 is L2-sized.
var level1Sizes = []int{256, 1024, 4096, 65536}

func level1Vector(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(2*r.Float64() - 1)
	}
	return x
}

// reportGFLOPS adds a GFLOPS metric for flops floating-point operations
// per iteration.
func reportGFLOPS(b *testing.B, flops float64, start time.Time) {
	if s := time.Since(start).Seconds(); s > 0 {
		b.ReportMetric(flops*float64(b.N)/s/1e9, "GFLOPS")
	}
}

var level1Sink float32

// BenchmarkSdot: bytes are the 8n bytes read; GFLOPS counts 2n flops.
func BenchmarkSdot(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, impl := range level1Impls() {
		for _, n := range level1Sizes {
			x, y := level1Vector(r, n), level1Vector(r, n)
			b.Run(fmt.Sprintf("impl=%s/n=%d", impl.name, n), func(b *testing.B) {
				defer impl.activate()()
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				start := time.Now()
				for range b.N {
					level1Sink += impl.api.Sdot(n, x, 1, y, 1)
				}
				reportGFLOPS(b, 2*float64(n), start)
			})
		}
	}
}

// BenchmarkSaxpy: bytes are the 12n bytes read and written (x, y in; y
// out); GFLOPS counts 2n flops. alpha alternates sign so y stays bounded.
func BenchmarkSaxpy(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	for _, impl := range level1Impls() {
		for _, n := range level1Sizes {
			x, y := level1Vector(r, n), level1Vector(r, n)
			b.Run(fmt.Sprintf("impl=%s/n=%d", impl.name, n), func(b *testing.B) {
				defer impl.activate()()
				b.SetBytes(int64(12 * n))
				b.ReportAllocs()
				alpha := float32(0.5)
				start := time.Now()
				for range b.N {
					impl.api.Saxpy(n, alpha, x, 1, y, 1)
					alpha = -alpha
				}
				reportGFLOPS(b, 2*float64(n), start)
			})
		}
	}
}

// saxpyCopyN is 2^22 elements: 16 MiB per vector, far beyond L2, so the
// benchmark measures memory traffic.
const saxpyCopyN = 1 << 22

// BenchmarkSaxpyCopy compares Saxpy at n = 2^22 with Go's built-in copy.
// Bytes convention, the same for both: bytes read plus bytes written per
// operation. Saxpy reads x and y and writes y (12n bytes); impl=copy copies
// a 2^22-element float32 slice (reads 4n, writes 4n: 8n bytes). The MB/s
// columns are therefore memory traffic rates and directly comparable.
func BenchmarkSaxpyCopy(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	n := saxpyCopyN
	x, y := level1Vector(r, n), level1Vector(r, n)
	for _, impl := range level1Impls() {
		b.Run(fmt.Sprintf("impl=%s/n=%d", impl.name, n), func(b *testing.B) {
			defer impl.activate()()
			b.SetBytes(int64(12 * n))
			b.ReportAllocs()
			alpha := float32(0.5)
			for range b.N {
				impl.api.Saxpy(n, alpha, x, 1, y, 1)
				alpha = -alpha
			}
		})
	}
	b.Run(fmt.Sprintf("impl=copy/n=%d", n), func(b *testing.B) {
		b.SetBytes(int64(8 * n))
		b.ReportAllocs()
		for range b.N {
			copy(y, x)
		}
	})
}

// TestImplsAgree runs every implementation on one case each, so a wrapper
// with a wrong argument order fails a test instead of skewing a benchmark.
func TestImplsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	const m, n = 37, 29
	a, x, y0 := level1Vector(r, m*n), level1Vector(r, m), level1Vector(r, m)
	for _, impl := range level1Impls() {
		func() {
			defer impl.activate()()
			want := float64(0)
			for i := range x {
				want += float64(x[i]) * float64(y0[i])
			}
			if got := impl.api.Sdot(m, x, 1, y0, 1); math.Abs(float64(got)-want) > 1e-4 {
				t.Errorf("%s: Sdot = %v, want %v", impl.name, got, want)
			}
			y := append([]float32(nil), y0...)
			impl.api.Saxpy(m, 2, x, 1, y, 1)
			if want := y0[5] + 2*x[5]; math.Abs(float64(y[5]-want)) > 1e-6 {
				t.Errorf("%s: Saxpy y[5] = %v, want %v", impl.name, y[5], want)
			}
			out := make([]float32, n)
			impl.api.Sgemv('T', m, n, 1, a, n, x, 1, 0, out, 1)
			var s float64
			for i := 0; i < m; i++ {
				s += float64(x[i]) * float64(a[i*n+3])
			}
			if math.Abs(float64(out[3])-s) > 1e-4 {
				t.Errorf("%s: Sgemv T out[3] = %v, want %v", impl.name, out[3], s)
			}
		}()
	}
}
