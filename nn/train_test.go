package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdml/simdml/tensor"
)

// batchSizes are the three algorithms of the course: full batch,
// stochastic (1) and mini-batch.
var batchSizes = []struct {
	name string
	bs   int
}{{"batch", 0}, {"stochastic", 1}, {"minibatch", 3}}

func constLR(lr float64) func(int) float64 { return func(int) float64 { return lr } }

func TestTrainXORTanh(t *testing.T) {
	x := tensor.FromSlice([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2)
	y := tensor.FromSlice([]float32{0, 1, 1, 0}, 4, 1)
	for _, b := range batchSizes {
		t.Run(b.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(10, 10))
			s, _ := NewSequential(NewDense(2, 4, InitXavier, r), NewTanh(), NewDense(4, 1, InitXavier, r))
			epochs := map[int]int{0: 3000, 1: 1000, 3: 1500}[b.bs]
			reps, err := s.Train(Dataset{X: x, Y: y}, TrainConfig{
				Loss: BCEWithLogits{}, LR: constLR(0.5), Epochs: epochs, BatchSize: b.bs, Rand: r,
			})
			if err != nil {
				t.Fatal(err)
			}
			last := reps[len(reps)-1]
			loss, acc, _ := s.Evaluate(Dataset{X: x, Y: y}, BCEWithLogits{})
			if acc != 1 || loss > 0.05 {
				t.Errorf("XOR: loss %.4f accuracy %.2f after %d epochs (last report %+v)", loss, acc, epochs, last)
			}
			if wantSteps := epochs * map[int]int{0: 1, 1: 4, 3: 2}[b.bs]; last.Steps != wantSteps {
				t.Errorf("%d steps, want %d", last.Steps, wantSteps)
			}
		})
	}
}

// separable returns n points in the square with label x1 + 2·x2 > 0.3,
// none within 0.1 of the boundary.
func separable(r *rand.Rand, n int) Dataset {
	x, y := tensor.New(n, 2), tensor.New(n, 1)
	for i := 0; i < n; {
		a, b := 2*r.Float64()-1, 2*r.Float64()-1
		d := (a + 2*b - 0.3) / math.Sqrt(5)
		if math.Abs(d) < 0.1 {
			continue
		}
		x.Row(i)[0], x.Row(i)[1] = float32(a), float32(b)
		if d > 0 {
			y.Row(i)[0] = 1
		}
		i++
	}
	return Dataset{X: x, Y: y}
}

func TestTrainSeparableSigmoidBCE(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	train, held := separable(r, 200), separable(r, 100)
	for _, b := range batchSizes {
		t.Run(b.name, func(t *testing.T) {
			s, _ := NewSequential(NewDense(2, 1, InitXavier, rand.New(rand.NewPCG(12, 12))), NewSigmoid())
			epochs := map[int]int{0: 500, 1: 30, 3: 60}[b.bs]
			reps, err := s.Train(train, TrainConfig{
				Loss: BCE{}, LR: constLR(1), Epochs: epochs, BatchSize: b.bs, Rand: rand.New(rand.NewPCG(13, 13)), Eval: &held,
			})
			if err != nil {
				t.Fatal(err)
			}
			last := reps[len(reps)-1]
			if last.EvalAccuracy < 0.99 || last.Accuracy < 0.97 {
				t.Errorf("accuracy %.3f (held-out %.3f), loss %.4f", last.Accuracy, last.EvalAccuracy, last.Loss)
			}
			if !(last.ExamplesPerSec > 0) || last.Epoch != epochs {
				t.Errorf("report %+v", last)
			}
		})
	}
}

func TestTrainRegressionMSE(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	const n = 64
	x := randMatrix(r, n, 2, -1, 1)
	y := tensor.New(n, 1)
	for i := 0; i < n; i++ {
		a, b := float64(x.Row(i)[0]), float64(x.Row(i)[1])
		y.Row(i)[0] = float32(0.5*a - 0.3*b + 0.2*a*b + 0.1)
	}
	data := Dataset{X: x, Y: y}
	for _, b := range batchSizes {
		t.Run(b.name, func(t *testing.T) {
			s, _ := NewSequential(NewDense(2, 8, InitXavier, rand.New(rand.NewPCG(15, 15))), NewTanh(),
				NewDense(8, 1, InitXavier, rand.New(rand.NewPCG(16, 16))))
			epochs := map[int]int{0: 3000, 1: 150, 3: 300}[b.bs]
			lr := map[int]float64{0: 0.5, 1: 0.05, 3: 0.1}[b.bs]
			reps, err := s.Train(data, TrainConfig{Loss: MSE{}, LR: constLR(lr), Epochs: epochs, BatchSize: b.bs, Rand: r})
			if err != nil {
				t.Fatal(err)
			}
			first, last := reps[0], reps[len(reps)-1]
			loss, acc, _ := s.Evaluate(data, MSE{})
			// The targets' variance is about 0.05: ask for 1% of it.
			if loss > 5e-4 {
				t.Errorf("final loss %.2g (first epoch %.2g)", loss, first.Loss)
			}
			if !math.IsNaN(acc) || !math.IsNaN(last.Accuracy) {
				t.Errorf("accuracy %v for regression, want NaN", acc)
			}
		})
	}
}

func TestTrainReportStops(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 17))
	s := mlp(t, r, []int{2, 3, 1}, func() Layer { return NewTanh() }, nil)
	stop := errors.New("enough")
	calls := 0
	reps, err := s.Train(Dataset{X: randMatrix(r, 5, 2, -1, 1), Y: randMatrix(r, 5, 1, -1, 1)}, TrainConfig{
		Loss: MSE{}, LR: constLR(0.1), Epochs: 10,
		Report: func(EpochReport) error { calls++; return map[bool]error{true: stop}[calls == 3] },
	})
	if !errors.Is(err, stop) || len(reps) != 3 || calls != 3 || !strings.Contains(err.Error(), "after epoch 3") {
		t.Errorf("err %v after %d reports, %d calls", err, len(reps), calls)
	}
}

// The same seed gives the same trajectory; every epoch reshuffles.
func TestTrainReproducible(t *testing.T) {
	run := func() []float32 {
		r := rand.New(rand.NewPCG(18, 18))
		s := mlp(t, r, []int{3, 5, 2}, func() Layer { return NewReLU() }, nil)
		x := randMatrix(r, 20, 3, -1, 1)
		labels, _ := classTargets(r, 20, 2, false)
		if _, err := s.Train(Dataset{X: x, Labels: labels}, TrainConfig{Loss: CrossEntropy{}, LR: constLR(0.1), Epochs: 5, BatchSize: 4, Rand: r}); err != nil {
			t.Fatal(err)
		}
		return append([]float32(nil), s.Params()[0].Value.Data()...)
	}
	if a, b := run(), run(); !bitsEqual(a, b) {
		t.Error("two runs from the same seed differ")
	}
}

func TestGradientDescentStep(t *testing.T) {
	v := tensor.FromSlice([]float32{1, 2, 3}, 3)
	g := tensor.FromSlice([]float32{0.5, -1, 0}, 3)
	if err := (GradientDescent{}).Step([]Param{{Name: "p", Value: v, Grad: g}}, 0.1); err != nil {
		t.Fatal(err)
	}
	if want := []float32{1 - 0.1*0.5, 2 + 0.1, 3}; !bitsEqual(v.Data(), want) {
		t.Errorf("θ = %v, want %v", v.Data(), want)
	}
	bad := []Param{{Name: "ok", Value: v, Grad: g}, {Name: "q", Value: tensor.New(2, 3), Grad: tensor.New(3, 2)}}
	err := (GradientDescent{}).Step(bad, 0.1)
	if err == nil || !strings.Contains(err.Error(), `parameter "q" has no gradient of its shape`) {
		t.Errorf("error %v", err)
	}
	if v.Data()[0] != 1-0.1*0.5 {
		t.Error("a failing Step changed a parameter")
	}
}

func TestCheckGrad(t *testing.T) {
	g := tensor.New(40)
	p := Param{Name: "3.weight", Grad: g}
	if err := checkGrad(p); err != nil {
		t.Fatal(err)
	}
	g.Data()[33] = float32(math.Inf(-1))
	if err := checkGrad(p); err == nil || err.Error() != "gradient of 3.weight is -Inf at index 33" {
		t.Errorf("error %v", err)
	}
	g.Data()[33] = 1e30
	if err := checkGrad(p); err == nil || !strings.Contains(err.Error(), "squared norm beyond") {
		t.Errorf("error %v", err)
	}
}
