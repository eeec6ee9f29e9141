package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/simdml/simdml/bench/internal/mnistdata"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim"
	"github.com/simdml/simdml/tensor"
)

// Seeds derive two independent streams from -seed: one draws the initial
// weights, the other shuffles every epoch.
const (
	streamInit    = 0x696e6974 // "init"
	streamShuffle = 0x73687566 // "shuf"
)

// newModel builds sizes[0]-...-sizes[n-1] with ReLU between the Dense
// layers and logits out, initialised as PyTorch's nn.Linear is (so
// bench/torch starts from the same distribution).
func newModel(sizes []int, seed int64) (*nn.Sequential, error) {
	r := rand.New(rand.NewPCG(uint64(seed), streamInit))
	var layers []nn.Layer
	for i := 0; i+1 < len(sizes); i++ {
		if i > 0 {
			layers = append(layers, nn.NewReLU())
		}
		layers = append(layers, nn.NewDense(sizes[i], sizes[i+1], nn.InitDefault, r))
	}
	return nn.NewSequential(layers...)
}

// trainer holds one training run's model and reusable buffers, so a step
// allocates nothing after the first.
type trainer struct {
	cfg   *config
	model *nn.Sequential
	tr    *nn.Trainer
	lr    optim.Schedule
	loss  nn.CrossEntropy
	shuf  *rand.Rand
	perm  []int
	data  *tensor.Tensor // a copy of the training images (see trainingCopy), examples x features
	src   *float32       // the first image of the set data copies
	eval  *tensor.Tensor // evalBatch x classes
	step  int
}

const evalBatch = 1000

func newTrainer(cfg *config, sizes []int, n int) (*trainer, error) {
	model, err := newModel(sizes, cfg.seed)
	if err != nil {
		return nil, err
	}
	steps := cfg.epochs * ((n + cfg.batch - 1) / cfg.batch)
	opt, lr, err := newOptimizer(cfg, steps)
	if err != nil {
		return nil, err
	}
	workers := 1
	if cfg.parallel == "data" {
		workers = cfg.threads
	}
	tr, err := model.NewTrainer(nn.TrainerConfig{Loss: nn.CrossEntropy{}, Optimizer: opt, Workers: workers})
	if err != nil {
		return nil, err
	}
	t := &trainer{
		cfg: cfg, model: model, tr: tr, lr: lr,
		shuf: rand.New(rand.NewPCG(uint64(cfg.seed), streamShuffle)),
		perm: make([]int, n),
		eval: tensor.New(evalBatch, sizes[len(sizes)-1]),
	}
	for i := range t.perm {
		t.perm[i] = i
	}
	return t, nil
}

// epoch trains one pass over set in a fresh shuffle and returns the mean
// loss and the fraction of examples classified correctly as they trained.
func (t *trainer) epoch(ep int, set *mnistdata.Set, prog *progress) (loss, acc float64, err error) {
	t.shuf.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
	start := time.Now()
	var sum float64
	correct := 0
	for lo := 0; lo < set.N; lo += t.cfg.batch {
		hi := min(lo+t.cfg.batch, set.N)
		l, c, err := t.trainStep(set, t.perm[lo:hi])
		if err != nil {
			return 0, 0, fmt.Errorf("epoch %d, step %d: %w", ep, t.step, err)
		}
		sum += l * float64(hi-lo)
		correct += c
		prog.update(ep, t.cfg.epochs, hi, set.N, sum/float64(hi), start)
	}
	prog.clear()
	return sum / float64(set.N), float64(correct) / float64(set.N), nil
}

// trainStep runs forward, loss, backward and the optimizer on the examples
// idx of set (the Trainer's workers gather their rows), and returns the
// batch's mean loss and correct count.
func (t *trainer) trainStep(set *mnistdata.Set, idx []int) (float64, int, error) {
	t.useData(set)
	res, err := t.tr.StepRows(t.data, nn.Targets{Labels: set.Labels}, idx, t.lr(t.step))
	if err != nil {
		return 0, 0, err
	}
	t.step++
	return res.Loss, res.Correct, nil
}

// useData makes t.data a copy of set's images (see trainingCopy) unless it
// is one already.
func (t *trainer) useData(set *mnistdata.Set) {
	if t.src == nil || t.src != &set.X[0] {
		t.data, t.src = tensor.FromSlice(trainingCopy(set.X), set.N, set.Features()), &set.X[0]
	}
}

// accuracy returns the fraction of set the model classifies correctly.
func (t *trainer) accuracy(set *mnistdata.Set) (float64, error) {
	f := set.Features()
	correct := 0
	for lo := 0; lo < set.N; lo += evalBatch {
		hi := min(lo+evalBatch, set.N)
		out := t.eval.RowSlice(0, hi-lo)
		x := tensor.FromSlice(set.X[lo*f:hi*f], hi-lo, f)
		if err := t.model.PredictBatch(out, x); err != nil {
			return 0, err
		}
		correct += t.loss.Correct(out, nn.Targets{Labels: set.Labels[lo:hi]})
	}
	return float64(correct) / float64(set.N), nil
}

// trainModel trains for cfg.epochs, reporting each epoch, and returns the
// history and a function that saves the model.
func trainModel(cfg *config, sizes []int, train, test *mnistdata.Set, prog *progress,
	report func(epochStats)) ([]epochStats, *nn.Sequential, error) {
	t, err := newTrainer(cfg, sizes, train.N)
	if err != nil {
		return nil, nil, err
	}
	defer t.tr.Close()
	// Copy the images before the clock starts, and collect now: the copy
	// doubles the heap, and a collection it would trigger during the first
	// epoch waits for every worker to leave its matrix kernels.
	t.useData(train)
	runtime.GC()
	var hist []epochStats
	start := time.Now()
	for ep := 1; ep <= cfg.epochs; ep++ {
		t0 := time.Now()
		c0, _ := cpuTime()
		loss, acc, err := t.epoch(ep, train, prog)
		if err != nil {
			return nil, nil, err
		}
		dt := time.Since(t0)
		c1, haveCPU := cpuTime()
		testAcc, err := t.accuracy(test)
		if err != nil {
			return nil, nil, err
		}
		s := epochStats{Epoch: ep, Loss: loss, TrainAcc: acc, TestAcc: testAcc,
			ExPerSec: float64(train.N) / dt.Seconds(), Time: dt, Elapsed: time.Since(start)}
		if haveCPU {
			s.CPU = c1 - c0
		}
		hist = append(hist, s)
		report(s)
	}
	return hist, t.model, nil
}
