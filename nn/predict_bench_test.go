package nn

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/simdml/simdml/tensor"
)

// BenchmarkPredictLatency times single batch-1 predictions on one goroutine
// and reports their median and minimum, as bench/mnist and bench/torch do:
// input=warm predicts the same example every call (in cache, as
// bench/torch's model(x1) and a server's just-decoded request), input=cold
// a new one of 10,000 (31 MB, as bench/mnist cycles through the test set),
// whose lines and page come from L3 or memory.
func BenchmarkPredictLatency(b *testing.B) {
	s, _ := benchNet(b)
	r := rand.New(rand.NewPCG(5, 6))
	const examples = 10000
	xs := tensor.RandUniform(r, 0, 1, examples, 784)
	p := s.NewPredictor()
	dst := make([]float32, 10)
	for _, input := range []string{"warm", "cold"} {
		b.Run("impl=predictor/net=784-256-128-10/input="+input, func(b *testing.B) {
			const calls = 5000
			d := make([]time.Duration, 0, calls)
			b.ReportAllocs()
			for range b.N {
				d = d[:0]
				for i := range calls {
					x := xs.Row(0)
					if input == "cold" {
						x = xs.Row(i % examples)
					}
					t0 := time.Now()
					p.Predict(dst, x)
					d = append(d, time.Since(t0))
				}
			}
			slices.Sort(d)
			b.ReportMetric(float64(d[len(d)/2].Nanoseconds()), "median-ns")
			b.ReportMetric(float64(d[0].Nanoseconds()), "min-ns")
		})
	}
}
