package optim

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// TestTrainingReducesLoss trains the course's 784-16-16-10 ReLU network with
// softmax cross-entropy through nn's training loop (Sequential.Train takes
// any nn.Optimizer and a Schedule as its LR), mini-batches of 32 from 256
// synthetic examples labelled by a random linear teacher, 10 epochs, with
// every optimizer, and requires the last epoch's mean loss to be below half
// the first's.
func TestTrainingReducesLoss(t *testing.T) {
	lrs := map[string]float64{
		"SGD": 0.5, "SGD/momentum": 0.1, "AdaGrad": 0.1, "RMSProp": 0.002,
		"RMSProp/centred": 0.002, "Adam": 0.01, "Adam/amsgrad": 0.01, "AdamW": 0.01,
	}
	for name, opt := range allOptimizers(t) {
		if testing.Short() && name != "Adam" && name != "SGD/momentum" {
			continue // -short (CI under qemu): two optimizers only
		}
		sched := Must(Warmup(8, Must(CosineAnnealing(lrs[name], lrs[name]/10, 72))))
		first, last := train(t, opt, sched)
		t.Logf("%-16s epoch loss %.4f -> %.4f", name, first, last)
		if !(last < first/2) {
			t.Errorf("%s: loss %.4f -> %.4f, want below half", name, first, last)
		}
	}
}

func train(t *testing.T, opt nn.Optimizer, lr Schedule) (first, last float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 0))
	const m, in, classes = 256, 784, 10
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
	reps, err := net.Train(nn.Dataset{X: x, Labels: labels}, nn.TrainConfig{
		Loss: nn.CrossEntropy{}, Optimizer: opt, LR: lr, Epochs: 10, BatchSize: 32, Rand: r})
	if err != nil {
		t.Fatal(err)
	}
	return reps[0].Loss, reps[len(reps)-1].Loss
}

// TestResumeWithModel: training through nn.Train, interrupted after 5
// full-batch epochs (model saved with Sequential.Save, optimizer state with
// SaveState, both loaded into fresh objects) and continued for 5 more, ends
// with the same parameters, bit for bit, as 10 uninterrupted epochs.
func TestResumeWithModel(t *testing.T) {
	dir := t.TempDir()
	for name := range allOptimizers(t) {
		r := rand.New(rand.NewPCG(3, 0))
		net, err := nn.NewSequential(nn.NewDense(20, 8, nn.InitDefault, r), nn.NewTanh(), nn.NewDense(8, 4, nn.InitDefault, r))
		if err != nil {
			t.Fatal(err)
		}
		x := tensor.RandNormal(r, 0, 1, 64, 20)
		labels := tensor.ArgmaxRows(make([]int, 64), tensor.RandNormal(r, 0, 1, 64, 4))
		data := nn.Dataset{X: x, Labels: labels}
		sched := Must(CosineAnnealing(0.01, 0.001, 10))
		fit := func(net *nn.Sequential, opt nn.Optimizer, from, epochs int) {
			_, err := net.Train(data, nn.TrainConfig{Loss: nn.CrossEntropy{}, Optimizer: opt,
				LR: func(s int) float64 { return sched(from + s) }, Epochs: epochs})
			if err != nil {
				t.Fatal(err)
			}
		}
		modelPath, statePath := filepath.Join(dir, "model"), filepath.Join(dir, "state")
		if err := net.Save(modelPath); err != nil {
			t.Fatal(err)
		}
		whole := allOptimizers(t)[name]
		fit(net, whole, 0, 10)

		half, err := nn.LoadSequential(modelPath)
		if err != nil {
			t.Fatal(err)
		}
		first := allOptimizers(t)[name].(stateful)
		fit(half, first, 0, 5)
		if err := half.Save(modelPath); err != nil {
			t.Fatal(err)
		}
		if err := first.SaveState(statePath); err != nil {
			t.Fatal(err)
		}
		resumed, err := nn.LoadSequential(modelPath)
		if err != nil {
			t.Fatal(err)
		}
		second := allOptimizers(t)[name].(stateful)
		if err := second.LoadState(statePath); err != nil {
			t.Fatal(err)
		}
		fit(resumed, second, 5, 5)
		a, b := net.Params(), resumed.Params()
		for k := range a {
			for i, v := range a[k].Value.Data() {
				if w := b[k].Value.Data()[i]; math.Float32bits(v) != math.Float32bits(w) {
					t.Fatalf("%s: %s[%d] resumed %v, uninterrupted %v", name, a[k].Name, i, w, v)
				}
			}
		}
	}
}
