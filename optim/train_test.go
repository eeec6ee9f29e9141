package optim

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// TestTrainingReducesLoss trains a small 20-16-16-4 ReLU network with
// softmax cross-entropy, full batch on 256 synthetic examples labelled by a
// random linear teacher, for 60 steps with every optimizer (through the
// nn.Optimizer interface, the rate from a Schedule), and requires the loss
// to fall below half its start.
func TestTrainingReducesLoss(t *testing.T) {
	lrs := map[string]float64{
		"SGD": 0.2, "SGD/momentum": 0.05, "AdaGrad": 0.05, "RMSProp": 0.003,
		"RMSProp/centred": 0.003, "Adam": 0.01, "Adam/amsgrad": 0.01, "AdamW": 0.01,
	}
	for name, opt := range allOptimizers(t) {
		first, last := train(t, opt, Must(Warmup(5, Must(CosineAnnealing(lrs[name], lrs[name]/10, 60)))), 60)
		t.Logf("%-16s loss %.4f -> %.4f", name, first, last)
		if !(last < first/2) {
			t.Errorf("%s: loss %.4f -> %.4f, want below half", name, first, last)
		}
	}
}

func train(t *testing.T, opt nn.Optimizer, lr Schedule, steps int) (first, last float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 0))
	const m, in, classes = 256, 20, 4
	net, err := nn.NewSequential(
		nn.NewDense(in, 16, nn.InitDefault, r), nn.NewReLU(),
		nn.NewDense(16, 16, nn.InitDefault, r), nn.NewReLU(),
		nn.NewDense(16, classes, nn.InitDefault, r))
	if err != nil {
		t.Fatal(err)
	}
	x := tensor.RandNormal(r, 0, 1, m, in)
	teacher := tensor.RandNormal(r, 0, 1, in, classes)
	labels := tensor.ArgmaxRows(make([]int, m), tensor.MatMul(tensor.New(m, classes), x, teacher, false, false))
	targets := nn.Targets{Labels: labels}
	grad := tensor.New(m, classes)
	params := net.Params()
	for s := 0; s < steps; s++ {
		net.ZeroGrad()
		out, err := net.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		loss := nn.CrossEntropy{}.Eval(out, targets, grad)
		if s == 0 {
			first = loss
		}
		last = loss
		if err := net.Backward(grad); err != nil {
			t.Fatal(err)
		}
		if err := opt.Step(params, lr(s)); err != nil {
			t.Fatal(err)
		}
	}
	return first, last
}
