package optim

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// mlpParams returns the parameters of the 784-256-128-10 network (235,146
// floats) with random values and gradients.
func mlpParams() []nn.Param {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := []struct {
		name  string
		shape []int
	}{
		{"0.weight", []int{256, 784}}, {"0.bias", []int{256}},
		{"2.weight", []int{128, 256}}, {"2.bias", []int{128}},
		{"4.weight", []int{10, 128}}, {"4.bias", []int{10}},
	}
	ps := make([]nn.Param, len(shapes))
	for i, s := range shapes {
		ps[i] = nn.Param{Name: s.name, Value: tensor.RandNormal(r, 0, 0.05, s.shape...),
			Grad: tensor.RandNormal(r, 0, 0.01, s.shape...)}
	}
	return ps
}

func numParams(ps []nn.Param) int {
	n := 0
	for _, p := range ps {
		n += p.Value.Len()
	}
	return n
}

// BenchmarkStep measures one optimizer step over the 235,146 parameters of
// 784-256-128-10 at every kernel level, next to BenchmarkStep/opt=Saxpy,
// one blas.Saxpy over as many floats at the default level: the bar
// is Step ≤ 2× Saxpy, 0 allocs/op. AdaGrad, RMSProp and Adam take a
// square root and a division per parameter, whose throughput bounds them
// from below: bench/blasbench's BenchmarkSqrtDiv measures that floor (on a
// Zen 4 core 0.28 ns per element, 65 µs for these parameters, more than
// twice a Saxpy's time).
//
//	go test -run '^$' -bench 'Step' -benchmem -count 5 ./optim
func BenchmarkStep(b *testing.B) {
	ps := mlpParams()
	n := numParams(ps)
	x, y := make([]float32, n), make([]float32, n)
	b.Run("opt=Saxpy/level=default", func(b *testing.B) {
		b.SetBytes(int64(12 * n))
		for i := 0; i < b.N; i++ {
			blas.Saxpy(n, 1e-6, x, 1, y, 1)
		}
	})
	sgdm, _ := NewSGD(SGDConfig{Momentum: 0.9})
	opts := []struct {
		name string
		o    nn.Optimizer
	}{
		{"SGD", must(NewSGD(SGDConfig{}))},
		{"SGDMomentum", sgdm},
		{"AdaGrad", must(NewAdaGrad(DefaultAdaGradConfig()))},
		{"RMSProp", must(NewRMSProp(DefaultRMSPropConfig()))},
		{"Adam", must(NewAdam(DefaultAdamConfig()))},
		{"AdamW", must(NewAdamW(DefaultAdamWConfig()))},
	}
	for _, l := range cpu.Available() {
		restore, _ := cpu.Set(l)
		for _, o := range opts {
			b.Run("opt="+o.name+"/level="+l.String(), func(b *testing.B) {
				if err := o.o.Step(ps, 1e-6); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					_ = o.o.Step(ps, 1e-6)
				}
			})
		}
		restore()
	}
}
