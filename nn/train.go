package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/tensor"
)

// Dataset is a set of examples: X holds one example per row (n x
// InputSize) and Y or Labels their targets (see Targets).
type Dataset struct {
	X      *tensor.Tensor
	Y      *tensor.Tensor
	Labels []int
}

// Targets returns the dataset's targets.
func (d Dataset) Targets() Targets { return Targets{Y: d.Y, Labels: d.Labels} }

// TrainConfig sets up Sequential.Train.
type TrainConfig struct {
	// Loss is the cost to minimise (required).
	Loss Loss
	// Optimizer updates the parameters after each batch; nil means
	// GradientDescent (θ ← θ − lr·∇θ).
	Optimizer Optimizer
	// LR is the learning rate schedule: LR(step) for the global step
	// 0, 1, 2, ... (required; optim.Schedule is this type).
	LR func(step int) float64
	// Epochs is the number of passes over the data (at least 1).
	Epochs int
	// BatchSize chooses the algorithm: 0 or at least the dataset size is
	// full-batch gradient descent (the data in order, one step per epoch);
	// 1 is stochastic gradient descent; anything between is mini-batch.
	// The last batch of an epoch may be smaller.
	BatchSize int
	// Rand shuffles the examples afresh every epoch (required unless full
	// batch), so a run is reproducible from its seed.
	Rand *rand.Rand
	// Eval, if set, is held-out data evaluated after every epoch.
	Eval *Dataset
	// Report, if set, receives each epoch's report; a non-nil error stops
	// training and Train returns it.
	Report func(EpochReport) error
	// Workers runs each step data-parallel on this many goroutines (0
	// means 1); see TrainerConfig.Workers.
	Workers int
}

// EpochReport describes one epoch of training.
type EpochReport struct {
	Epoch          int           // 1-based
	Steps          int           // optimizer steps taken so far, all epochs
	Loss           float64       // mean training loss over the epoch's batches, weighted by size
	Accuracy       float64       // training accuracy in [0, 1] (NaN unless the loss is a Classifier)
	ExamplesPerSec float64       // training examples per second in this epoch
	Duration       time.Duration // time spent in this epoch, without the evaluation
	EvalLoss       float64       // loss on Eval (NaN without Eval)
	EvalAccuracy   float64       // accuracy on Eval (NaN without Eval or Classifier)
}

// Train fits the model to data by gradient descent with cfg and returns
// every epoch's report. Inputs, targets and configuration are checked
// first; an error then changes nothing.
//
// If a step's loss or a gradient is NaN or ±Inf (or a gradient's squared
// norm overflows float32), Train stops with an error naming the epoch and
// step, without applying that step's update: the model is left as it was
// before the failing step.
func (s *Sequential) Train(data Dataset, cfg TrainConfig) ([]EpochReport, error) {
	if err := s.checkTrain(data, &cfg); err != nil {
		return nil, err
	}
	n := data.X.Rows()
	bs := cfg.BatchSize
	if bs <= 0 || bs > n {
		bs = n
	}
	tr, err := s.NewTrainer(TrainerConfig{Loss: cfg.Loss, Optimizer: cfg.Optimizer, Workers: cfg.Workers, CheckGrads: true})
	if err != nil {
		return nil, fmt.Errorf("nn: Train: %w", err)
	}
	defer tr.Close()
	t := &trainer{s: s, tr: tr, cfg: cfg, data: data, bs: bs, order: make([]int, n)}
	for i := range t.order {
		t.order[i] = i
	}
	var reports []EpochReport
	for epoch := 1; epoch <= cfg.Epochs; epoch++ {
		rep, err := t.epoch(epoch)
		if err != nil {
			return reports, err
		}
		if cfg.Eval != nil {
			rep.EvalLoss, rep.EvalAccuracy, err = s.Evaluate(*cfg.Eval, cfg.Loss)
			if err != nil {
				return reports, fmt.Errorf("nn: Train: epoch %d: %w", epoch, err)
			}
		}
		reports = append(reports, rep)
		if cfg.Report != nil {
			if err := cfg.Report(rep); err != nil {
				return reports, fmt.Errorf("nn: Train: stopped by Report after epoch %d: %w", epoch, err)
			}
		}
	}
	return reports, nil
}

// checkTrain validates data and configuration and fills defaults.
func (s *Sequential) checkTrain(data Dataset, cfg *TrainConfig) error {
	switch {
	case cfg.Loss == nil:
		return errors.New("nn: Train: no Loss")
	case cfg.LR == nil:
		return errors.New("nn: Train: no learning rate schedule LR")
	case cfg.Epochs < 1:
		return fmt.Errorf("nn: Train: Epochs = %d, want at least 1", cfg.Epochs)
	case cfg.BatchSize < 0:
		return fmt.Errorf("nn: Train: BatchSize = %d is negative", cfg.BatchSize)
	case cfg.Workers < 0:
		return fmt.Errorf("nn: Train: Workers = %d is negative", cfg.Workers)
	}
	if err := s.checkData("Train", data, cfg.Loss); err != nil {
		return err
	}
	if err := s.checkOutputForLoss(cfg.Loss); err != nil {
		return err
	}
	if cfg.BatchSize > 0 && cfg.BatchSize < data.X.Rows() && cfg.Rand == nil {
		return errors.New("nn: Train: mini-batch training needs Rand to shuffle")
	}
	if cfg.Eval != nil {
		if err := s.checkData("Train: Eval", *cfg.Eval, cfg.Loss); err != nil {
			return err
		}
	}
	if cfg.Optimizer == nil {
		cfg.Optimizer = GradientDescent{}
	}
	return nil
}

// checkOutputForLoss rejects the common mistake of a fused loss after the
// activation it already contains: CrossEntropy after Softmax, or
// BCEWithLogits after Sigmoid, would apply the activation twice.
func (s *Sequential) checkOutputForLoss(loss Loss) error {
	last := s.layers[len(s.layers)-1]
	switch loss.(type) {
	case CrossEntropy:
		if _, ok := last.(*Softmax); ok {
			return errors.New("nn: Train: CrossEntropy takes logits and applies the softmax itself; remove the final Softmax layer (or use it only for prediction)")
		}
	case BCEWithLogits:
		if _, ok := last.(*Sigmoid); ok {
			return errors.New("nn: Train: BCEWithLogits takes logits and applies the sigmoid itself; remove the final Sigmoid layer or use BCE")
		}
	}
	return nil
}

// checkData validates a dataset's inputs and targets for loss.
func (s *Sequential) checkData(op string, d Dataset, loss Loss) error {
	if err := s.checkInput(op, d.X); err != nil {
		return err
	}
	t := d.Targets()
	if n := t.Len(); n != d.X.Rows() {
		if n < 0 {
			return fmt.Errorf("nn: %s: no targets (Y or Labels)", op)
		}
		return fmt.Errorf("nn: %s: %d targets for %d examples", op, n, d.X.Rows())
	}
	if err := loss.Validate(t, s.out); err != nil {
		return fmt.Errorf("nn: %s: %w", op, err)
	}
	return nil
}

// trainer holds one Train call's state.
type trainer struct {
	s     *Sequential
	tr    *Trainer
	cfg   TrainConfig
	data  Dataset
	bs    int
	order []int
	step  int
}

// epoch runs one pass over the data.
func (t *trainer) epoch(epoch int) (EpochReport, error) {
	n := len(t.order)
	if t.bs < n {
		t.cfg.Rand.Shuffle(n, func(i, j int) { t.order[i], t.order[j] = t.order[j], t.order[i] })
	}
	_, isCls := t.cfg.Loss.(Classifier)
	start := time.Now()
	var sum float64
	correct := 0
	for lo := 0; lo < n; lo += t.bs {
		hi := min(lo+t.bs, n)
		res, err := t.trainStep(lo, hi)
		if err != nil {
			return EpochReport{}, fmt.Errorf("nn: Train: epoch %d, step %d: %w", epoch, t.step, err)
		}
		sum += res.Loss * float64(hi-lo)
		correct += res.Correct
		t.step++
	}
	d := time.Since(start)
	rep := EpochReport{
		Epoch: epoch, Steps: t.step, Loss: sum / float64(n), Accuracy: math.NaN(),
		ExamplesPerSec: float64(n) / d.Seconds(), Duration: d,
		EvalLoss: math.NaN(), EvalAccuracy: math.NaN(),
	}
	if isCls {
		rep.Accuracy = float64(correct) / float64(n)
	}
	return rep, nil
}

// checkGrad reports a parameter whose gradient holds NaN or ±Inf. The
// squared norm (one vectorised dot product) is finite exactly when every
// entry is, unless it overflows, which the slow scan then tells apart:
// a squared norm beyond float32's range (|∇| ≳ 1.8e19) counts as divergence.
func checkGrad(p Param) error {
	g := p.Grad.Data()
	if finiteSlice(g) {
		return nil
	}
	for i, v := range g {
		if !isFinite(float64(v)) {
			return fmt.Errorf("gradient of %s is %v at index %d", p.Name, v, i)
		}
	}
	return fmt.Errorf("gradient of %s has a squared norm beyond float32's range", p.Name)
}

// trainStep trains on the examples order[lo:hi]: the data itself when it
// is one batch in order, else rows gathered by the Trainer's workers.
func (t *trainer) trainStep(lo, hi int) (StepResult, error) {
	d, lr := t.data, t.cfg.LR(t.step)
	if hi-lo == len(t.order) && t.bs == len(t.order) {
		return t.tr.step(d.X, d.Targets(), lr)
	}
	rows := t.order[lo:hi]
	return t.tr.stepRows(d.X, t.tr.gatherTargets(d.Targets(), rows), rows, lr)
}

// evalChunk is the number of rows Evaluate runs through at a time.
const evalChunk = 256

// Evaluate returns the mean loss of the model on data and, if loss is a
// Classifier, the accuracy (NaN otherwise). It uses the inference path, so
// it is safe for concurrent use and leaves training state alone.
func (s *Sequential) Evaluate(data Dataset, loss Loss) (meanLoss, accuracy float64, err error) {
	if loss == nil {
		return 0, 0, errors.New("nn: Evaluate: no Loss")
	}
	if err := s.checkData("Evaluate", data, loss); err != nil {
		return 0, 0, err
	}
	p := s.pool.Get().(*Predictor)
	defer s.pool.Put(p)
	cls, isCls := loss.(Classifier)
	n := data.X.Rows()
	var sum float64
	correct := 0
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		x := data.X.RowSlice(lo, hi)
		var tg Targets
		if data.Labels != nil {
			tg.Labels = data.Labels[lo:hi]
		} else {
			tg.Y = data.Y.RowSlice(lo, hi)
		}
		y := p.run(x)
		sum += loss.Eval(y, tg, nil) * float64(hi-lo)
		if isCls {
			correct += cls.Correct(y, tg)
		}
	}
	accuracy = math.NaN()
	if isCls {
		accuracy = float64(correct) / float64(n)
	}
	return sum / float64(n), accuracy, nil
}

// finiteSlice reports whether g's squared norm (one vectorised dot
// product) is finite: every entry is finite and the norm does not overflow.
func finiteSlice(g []float32) bool {
	return isFinite(float64(blas.Sdot(len(g), g, 1, g, 1)))
}
