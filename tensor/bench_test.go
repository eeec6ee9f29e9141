package tensor

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/cpu"
)

// Benchmarks compare each operation at every kernel level with impl=scalar,
// a plain Go loop (float64 math.Exp / math.Tanh for the math), in the same
// run: go test -run '^$' -bench . ./tensor

const benchRows, benchCols = 128, 256

func benchShape() string { return "shape=128x256" }

// benchLevels runs f as impl=<level> for every available level.
func benchLevels(b *testing.B, scalar func(), f func()) {
	b.Run("impl=scalar/"+benchShape(), func(b *testing.B) { runBench(b, scalar) })
	for _, l := range cpu.Available() {
		restore, err := cpu.Set(l)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("impl="+l.String()+"/"+benchShape(), func(b *testing.B) { runBench(b, f) })
		restore()
	}
}

func runBench(b *testing.B, f func()) {
	b.ReportAllocs()
	b.SetBytes(4 * benchRows * benchCols)
	for b.Loop() {
		f()
	}
}

func benchInputs() (z, g, d *Tensor) {
	r := rand.New(rand.NewPCG(1, 2))
	return RandNormal(r, 0, 3, benchRows, benchCols), RandNormal(r, 0, 1, benchRows, benchCols), New(benchRows, benchCols)
}

func BenchmarkSigmoid(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			d.data[i] = float32(1 / (1 + math.Exp(-float64(v))))
		}
	}, func() { Sigmoid(d, z) })
}

func BenchmarkTanh(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			d.data[i] = float32(math.Tanh(float64(v)))
		}
	}, func() { Tanh(d, z) })
}

func BenchmarkExp(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			d.data[i] = float32(math.Exp(float64(v)))
		}
	}, func() { Exp(d, z) })
}

func BenchmarkSoftmaxRows(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i := 0; i < benchRows; i++ {
			row, out := z.data[i*benchCols:(i+1)*benchCols], d.data[i*benchCols:(i+1)*benchCols]
			m := row[0]
			for _, v := range row {
				m = max(m, v)
			}
			var s float64
			for j, v := range row {
				e := math.Exp(float64(v - m))
				out[j] = float32(e)
				s += e
			}
			inv := float32(1 / s)
			for j := range out {
				out[j] *= inv
			}
		}
	}, func() { SoftmaxRows(d, z) })
}

func BenchmarkLogSoftmaxRows(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i := 0; i < benchRows; i++ {
			row, out := z.data[i*benchCols:(i+1)*benchCols], d.data[i*benchCols:(i+1)*benchCols]
			m := row[0]
			for _, v := range row {
				m = max(m, v)
			}
			var s float64
			for _, v := range row {
				s += math.Exp(float64(v - m))
			}
			ls := float32(math.Log(s))
			for j, v := range row {
				out[j] = v - m - ls
			}
		}
	}, func() { LogSoftmaxRows(d, z) })
}

func BenchmarkReLU(b *testing.B) {
	z, _, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			if v < 0 {
				v = 0
			}
			d.data[i] = v
		}
	}, func() { ReLU(d, z) })
}

func BenchmarkReLUBackward(b *testing.B) {
	z, g, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			if v > 0 {
				d.data[i] = g.data[i]
			} else {
				d.data[i] = 0
			}
		}
	}, func() { ReLUBackward(d, z, g) })
}

func BenchmarkSigmoidBackward(b *testing.B) {
	z, g, d := benchInputs()
	benchLevels(b, func() {
		for i, s := range z.data {
			d.data[i] = g.data[i] * s * (1 - s)
		}
	}, func() { SigmoidBackward(d, z, g) })
}

func BenchmarkAddRowVector(b *testing.B) {
	z, g, d := benchInputs()
	v := FromSlice(g.data[:benchCols], benchCols)
	benchLevels(b, func() {
		for i := 0; i < benchRows; i++ {
			for j := 0; j < benchCols; j++ {
				d.data[i*benchCols+j] = z.data[i*benchCols+j] + v.data[j]
			}
		}
	}, func() { AddRowVector(d, z, v) })
}

func BenchmarkSumCols(b *testing.B) {
	z, _, _ := benchInputs()
	s := New(benchCols)
	benchLevels(b, func() {
		clear(s.data)
		for i := 0; i < benchRows; i++ {
			row := z.data[i*benchCols : (i+1)*benchCols]
			for j, v := range row {
				s.data[j] += v
			}
		}
	}, func() { SumCols(s, z) })
}

func BenchmarkAdd(b *testing.B) {
	z, g, d := benchInputs()
	benchLevels(b, func() {
		for i, v := range z.data {
			d.data[i] = v + g.data[i]
		}
	}, func() { Add(d, z, g) })
}

// BenchmarkMatMul and BenchmarkSgemmDirect measure the same product (a
// dense layer's forward pass, Z = X·Wᵀ, 128x784 times 784x256): the
// difference is MatMul's own overhead.
const mmM, mmK, mmN = 128, 784, 256

func mmInputs() (x, w, z *Tensor) {
	r := rand.New(rand.NewPCG(3, 4))
	return RandUniform(r, -1, 1, mmM, mmK), RandUniform(r, -1, 1, mmN, mmK), New(mmM, mmN)
}

func BenchmarkMatMul(b *testing.B) {
	x, w, z := mmInputs()
	b.Run("shape=128x784x256", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			MatMul(z, x, w, false, true)
		}
		b.ReportMetric(2*mmM*mmK*mmN*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
	})
}

func BenchmarkSgemmDirect(b *testing.B) {
	x, w, z := mmInputs()
	b.Run("shape=128x784x256", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			blas.Sgemm(blas.NoTrans, blas.Trans, mmM, mmN, mmK, 1, x.data, mmK, w.data, mmK, 0, z.data, mmN)
		}
		b.ReportMetric(2*mmM*mmK*mmN*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
	})
}

// BenchmarkMatMulOverhead alternates MatMul and the direct blas.Sgemm call
// it wraps, timing every call, and reports each one's fastest and median
// call and the ratio of the medians: on a shared, noisy machine the
// alternation exposes both to the same load, which separate benchmarks do
// not.
func BenchmarkMatMulOverhead(b *testing.B) {
	x, w, z := mmInputs()
	b.Run("shape=128x784x256", func(b *testing.B) {
		var tm, ts []time.Duration
		for b.Loop() {
			t0 := time.Now()
			MatMul(z, x, w, false, true)
			t1 := time.Now()
			blas.Sgemm(blas.NoTrans, blas.Trans, mmM, mmN, mmK, 1, x.data, mmK, w.data, mmK, 0, z.data, mmN)
			t2 := time.Now()
			tm, ts = append(tm, t1.Sub(t0)), append(ts, t2.Sub(t1))
		}
		slices.Sort(tm)
		slices.Sort(ts)
		b.ReportMetric(float64(tm[0].Nanoseconds()), "matmul-min-ns")
		b.ReportMetric(float64(ts[0].Nanoseconds()), "sgemm-min-ns")
		b.ReportMetric(float64(tm[len(tm)/2])/float64(ts[len(ts)/2]), "median-ratio")
	})
}
