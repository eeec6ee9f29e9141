package nn

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/tensor"
)

// benchNet is the network: 784-256-128-10 with ReLU.
func benchNet(b *testing.B) (*Sequential, []*Dense) {
	r := rand.New(rand.NewPCG(1, 2))
	d := []*Dense{NewDense(784, 256, InitHe, r), NewDense(256, 128, InitHe, r), NewDense(128, 10, InitHe, r)}
	s, err := NewSequential(d[0], NewReLU(), d[1], NewReLU(), d[2])
	if err != nil {
		b.Fatal(err)
	}
	return s, d
}

// BenchmarkTrainStep compares one training step without the optimizer
// (ZeroGrad, forward, softmax cross-entropy, backward) at batch 128 with the
// GEMM calls that step makes, run alone on the same shapes: three forward
// products, three weight gradients and two input gradients (the first
// layer's input gradient is not computed).
func BenchmarkTrainStep(b *testing.B) {
	const m = 128
	s, d := benchNet(b)
	r := rand.New(rand.NewPCG(3, 4))
	x := tensor.RandUniform(r, 0, 1, m, 784)
	labels := make([]int, m)
	for i := range labels {
		labels[i] = r.IntN(10)
	}
	flops := 0.0
	for _, l := range d {
		flops += 2 * float64(m*l.in*l.out)
	}
	grad := tensor.New(m, 10)
	tg := Targets{Labels: labels}
	nnStep := func() {
		s.ZeroGrad()
		out, _ := s.Forward(x)
		CrossEntropy{}.Eval(out, tg, grad)
		s.Backward(grad)
	}
	a := []*tensor.Tensor{x, tensor.New(m, 256), tensor.New(m, 128), tensor.New(m, 10)}
	dx := []*tensor.Tensor{nil, tensor.New(m, 256), tensor.New(m, 128)}
	gemmStep := func() {
		for i, l := range d { // Z = A·Wᵀ + Z (bias preloaded)
			blas.Sgemm(blas.NoTrans, blas.Trans, m, l.out, l.in, 1, a[i].Data(), l.in, l.w.Data(), l.in, 1, a[i+1].Data(), l.out)
		}
		for i := len(d) - 1; i >= 0; i-- {
			l, g := d[i], a[i+1].Data()
			blas.Sgemm(blas.Trans, blas.NoTrans, l.out, l.in, m, 1, g, l.out, a[i].Data(), l.in, 1, l.dw.Data(), l.in)
			if i > 0 {
				blas.Sgemm(blas.NoTrans, blas.NoTrans, m, l.in, l.out, 1, g, l.out, l.w.Data(), l.in, 0, dx[i].Data(), l.in)
			}
		}
	}
	for _, c := range []struct {
		impl string
		f    func()
	}{{"nn", nnStep}, {"gemm", gemmStep}} {
		b.Run("impl="+c.impl+"/net=784-256-128-10/batch=128", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.f()
			}
			b.ReportMetric(3*flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
		})
	}
	b.Run("impl=ratio/net=784-256-128-10/batch=128", func(b *testing.B) { benchRatio(b, nnStep, gemmStep) })
}

// benchRatio times f and ref alternately, one call each per iteration, and
// reports the ratio of their fastest calls (robust on a shared, noisy
// machine: interference only ever adds time) and of their medians.
func benchRatio(b *testing.B, f, ref func()) {
	f()
	ref()
	var tf, tr []time.Duration
	for b.Loop() {
		t0 := time.Now()
		f()
		t1 := time.Now()
		ref()
		t2 := time.Now()
		tf, tr = append(tf, t1.Sub(t0)), append(tr, t2.Sub(t1))
	}
	slices.Sort(tf)
	slices.Sort(tr)
	b.ReportMetric(float64(tf[0])/float64(tr[0]), "min-ratio")
	b.ReportMetric(float64(tf[len(tf)/2])/float64(tr[len(tr)/2]), "median-ratio")
	b.ReportMetric(float64(tf[0].Nanoseconds()), "min-ns")
	b.ReportMetric(float64(tr[0].Nanoseconds()), "ref-min-ns")
}

// BenchmarkPredict compares batch-1 inference with three matrix-vector
// products on the same shapes run alone (Sgemv with the bias preloaded and
// beta = 1; Predict itself makes three SgemvBias calls, which read the bias
// in place and apply the ReLU before storing).
func BenchmarkPredict(b *testing.B) {
	s, d := benchNet(b)
	r := rand.New(rand.NewPCG(5, 6))
	x := tensor.RandUniform(r, 0, 1, 1, 784).Data()
	dst := make([]float32, 10)
	b.Run("impl=nn/net=784-256-128-10/batch=1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.Predict(dst, x)
		}
	})
	b.Run("impl=predictor/net=784-256-128-10/batch=1", func(b *testing.B) {
		p := s.NewPredictor()
		b.ReportAllocs()
		for b.Loop() {
			p.Predict(dst, x)
		}
	})
	ys := [][]float32{x, make([]float32, 256), make([]float32, 128), make([]float32, 10)}
	gemv := func() {
		for i, l := range d {
			blas.Sgemv(blas.NoTrans, l.out, l.in, 1, l.w.Data(), l.in, ys[i], 1, 1, ys[i+1], 1)
		}
	}
	b.Run("impl=gemv/net=784-256-128-10/batch=1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			gemv()
		}
	})
	b.Run("impl=ratio/net=784-256-128-10/batch=1", func(b *testing.B) {
		benchRatio(b, func() { s.Predict(dst, x) }, gemv)
	})
}

// BenchmarkPredictBatch measures batched inference per example.
func BenchmarkPredictBatch(b *testing.B) {
	s, _ := benchNet(b)
	r := rand.New(rand.NewPCG(7, 8))
	for _, m := range []int{16, 128} {
		x := tensor.RandUniform(r, 0, 1, m, 784)
		out := tensor.New(m, 10)
		b.Run("impl=nn/net=784-256-128-10/batch="+strconv.Itoa(m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.PredictBatch(out, x)
			}
		})
	}
}

// BenchmarkTrainEpoch measures Train itself (shuffle, batch gathering,
// forward, loss, backward, finiteness checks, GradientDescent) over 40
// mini-batches of 128, for comparison with 40 TrainStep iterations.
func BenchmarkTrainEpoch(b *testing.B) {
	s, _ := benchNet(b)
	r := rand.New(rand.NewPCG(9, 10))
	const steps, m = 40, 128
	x := tensor.RandUniform(r, 0, 1, steps*m, 784)
	labels := make([]int, steps*m)
	for i := range labels {
		labels[i] = r.IntN(10)
	}
	cfg := TrainConfig{Loss: CrossEntropy{}, LR: func(int) float64 { return 0.01 }, Epochs: 1, BatchSize: m, Rand: r}
	b.Run("impl=nn/net=784-256-128-10/batch=128", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Train(Dataset{X: x, Labels: labels}, cfg); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*steps), "ns/step")
		b.ReportMetric(float64(b.N*steps*m)/b.Elapsed().Seconds(), "examples/s")
	})
}

// BenchmarkTrainerStep measures a whole training step (gather, forward,
// loss, backward, GradientDescent) through Trainer.StepRows on one and two
// workers; on "net=tiny" the step is mostly the workers' hand-offs.
func BenchmarkTrainerStep(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	big, _ := benchNet(b)
	tiny := mlp(b, r, []int{16, 8, 4}, func() Layer { return NewReLU() }, nil)
	for _, c := range []struct {
		name string
		s    *Sequential
	}{{"784-256-128-10", big}, {"tiny", tiny}} {
		const n, m = 1024, 128
		data := tensor.RandUniform(r, 0, 1, n, c.s.InputSize())
		labels := make([]int, n)
		for i := range labels {
			labels[i] = r.IntN(c.s.OutputSize())
		}
		rows := r.Perm(n)[:m]
		for _, w := range []int{1, 2} {
			b.Run("net="+c.name+"/workers="+strconv.Itoa(w)+"/batch=128", func(b *testing.B) {
				tr, err := c.s.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: w})
				if err != nil {
					b.Fatal(err)
				}
				defer tr.Close()
				defer blas.SetMaxProcs(blas.SetMaxProcs(1))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := tr.StepRows(data, Targets{Labels: labels}, rows, 1e-3); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
