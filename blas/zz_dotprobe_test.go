package blas

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// temporary probe (not committed)
func BenchmarkZZDotProbe(b *testing.B) {
	defer SetMaxProcs(SetMaxProcs(1))
	r := rand.New(rand.NewSource(1))
	for _, s := range [][3]int{{128, 128, 256}, {8, 128, 256}, {32, 10, 128}, {128, 256, 784}} {
		m, n, k := s[0], s[1], s[2]
		a := make([]float32, m*k)
		bm := make([]float32, n*k)
		c := make([]float32, m*n)
		for i := range a {
			a[i] = r.Float32()*2 - 1
		}
		for i := range bm {
			bm[i] = r.Float32()*2 - 1
		}
		l := cpu.Active()
		full := n / 5 * 5
		for _, mode := range []string{"sgemm", "fullC", "tinyC"} {
			b.Run(fmt.Sprintf("%dx%dx%d/%s", m, n, k, mode), func(b *testing.B) {
				var t [20]float32
				work := 0
				for i := 0; i < b.N; i++ {
					switch mode {
					case "sgemm":
						Sgemm(NoTrans, Trans, m, n, k, 1, a, k, bm, k, 0.5, c, n)
						work += m * n * k
					case "fullC":
						for j0 := 0; j0 < full; j0 += 5 {
							for i0 := 0; i0 < m; i0 += 4 {
								kernels.GemmDot(l, k, a[i0*k:], k, bm[j0*k:], k, c[i0*n+j0:], n, 1, 0.5)
							}
						}
						work += m * full * k
					case "tinyC":
						for j0 := 0; j0 < full; j0 += 5 {
							for i0 := 0; i0 < m; i0 += 4 {
								kernels.GemmDot(l, k, a[i0*k:], k, bm[j0*k:], k, t[:], 5, 1, 0.5)
							}
						}
						work += m * full * k
					}
				}
				b.ReportMetric(2*float64(work)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
