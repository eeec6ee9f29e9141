package blasbench

import (
	"testing"

	"github.com/simdml/simdml/bench/internal/peak"
)

// BenchmarkSqrtDiv measures how fast one core can take a float32 square
// root and a division per element (independent whole-vector VSQRTPS and
// VDIVPS, no memory traffic). AdaGrad, RMSProp and Adam (PyTorch's rules:
// p −= c·g/(√s + ε)) need both for every parameter, so ns/elem times the
// parameter count is a floor for their step, reported as floor-us for the
// 235,146 parameters of 784-256-128-10 (optim's BenchmarkStep).
func BenchmarkSqrtDiv(b *testing.B) {
	for _, l := range []string{"avx2", "avx512"} {
		if !peak.Supported(l) {
			continue
		}
		b.Run("impl="+l, func(b *testing.B) {
			var elems float64
			for i := 0; i < b.N; i++ {
				elems += peak.SqrtDiv(l, 10_000)
			}
			ns := float64(b.Elapsed().Nanoseconds()) / elems
			b.ReportMetric(ns, "ns/elem")
			b.ReportMetric(ns*235146/1000, "floor-us")
		})
	}
}
