package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdml/simdml/tensor"
)

// Every entry point that takes outside data returns an error naming what is
// wrong and leaves the model unchanged.
func TestErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	s := mlp(t, r, []int{4, 5, 3}, func() Layer { return NewTanh() }, nil)
	x := randMatrix(r, 6, 4, -1, 1)
	labels := []int{0, 1, 2, 0, 1, 2}
	y := randMatrix(r, 6, 3, 0, 1)
	lr := func(int) float64 { return 0.1 }
	good := TrainConfig{Loss: CrossEntropy{}, LR: lr, Epochs: 1, BatchSize: 2, Rand: r}
	data := Dataset{X: x, Labels: labels}
	train := func(d Dataset, c TrainConfig) error { _, err := s.Train(d, c); return err }
	with := func(f func(*TrainConfig)) TrainConfig { c := good; f(&c); return c }
	nanX := x.Clone()
	nanX.Data()[5] = float32(math.NaN())
	hugeX := x.Clone().Fill(1e30)

	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"Forward nil", func() error { _, err := s.Forward(nil); return err }, "nn: Forward: input is nil"},
		{"Forward width", func() error { _, err := s.Forward(tensor.New(2, 5)); return err }, "input width 5, model takes 4"},
		{"Forward 1-D", func() error { _, err := s.Forward(tensor.New(4)); return err }, "input shape [4], want [m 4]"},
		{"Forward empty", func() error { _, err := s.Forward(tensor.New(0, 4)); return err }, "empty batch"},
		{"Backward shape", func() error { s.Forward(x); return s.Backward(tensor.New(6, 2)) }, "grad shape [6 2], want [6 3]"},
		{"Predict input", func() error { return s.Predict(make([]float32, 3), make([]float32, 5)) }, "input has 5 values, model takes 4"},
		{"Predict output", func() error { return s.Predict(make([]float32, 2), make([]float32, 4)) }, "output buffer has 2 values, model gives 3"},
		{"PredictBatch input", func() error { return s.PredictBatch(tensor.New(2, 3), tensor.New(2, 7)) }, "PredictBatch: input width 7"},
		{"PredictBatch output", func() error { return s.PredictBatch(tensor.New(3, 3), tensor.New(2, 4)) }, "output shape [3 3], want [2 3]"},
		{"PredictBatch empty", func() error { return s.PredictBatch(tensor.New(0, 3), tensor.New(0, 4)) }, "empty batch"},
		{"Train no loss", func() error { return train(data, with(func(c *TrainConfig) { c.Loss = nil })) }, "no Loss"},
		{"Train no LR", func() error { return train(data, with(func(c *TrainConfig) { c.LR = nil })) }, "no learning rate schedule"},
		{"Train epochs", func() error { return train(data, with(func(c *TrainConfig) { c.Epochs = 0 })) }, "Epochs = 0"},
		{"Train batch", func() error { return train(data, with(func(c *TrainConfig) { c.BatchSize = -1 })) }, "BatchSize = -1"},
		{"Train no rand", func() error { return train(data, with(func(c *TrainConfig) { c.Rand = nil })) }, "needs Rand"},
		{"Train width", func() error { return train(Dataset{X: tensor.New(6, 3), Labels: labels}, good) }, "input width 3, model takes 4"},
		{"Train empty", func() error { return train(Dataset{X: tensor.New(0, 4), Labels: []int{}}, good) }, "empty batch"},
		{"Train label count", func() error { return train(Dataset{X: x, Labels: labels[:5]}, good) }, "5 targets for 6 examples"},
		{"Train no targets", func() error { return train(Dataset{X: x}, good) }, "no targets"},
		{"Train label range", func() error { return train(Dataset{X: x, Labels: []int{0, 1, 3, 0, 1, 2}}, good) }, "label 3 of example 2 is out of range [0, 3)"},
		{"Train negative label", func() error { return train(Dataset{X: x, Labels: []int{0, -1, 2, 0, 1, 2}}, good) }, "label -1 of example 1"},
		{"Train both targets", func() error { return train(Dataset{X: x, Labels: labels, Y: y}, good) }, "both Labels and Y"},
		{"Train Y width", func() error {
			return train(Dataset{X: x, Y: tensor.New(6, 2)}, with(func(c *TrainConfig) { c.Loss = MSE{} }))
		}, "targets Y have shape [6 2], want [m 3]"},
		{"Train MSE labels", func() error {
			return train(data, with(func(c *TrainConfig) { c.Loss = MSE{} }))
		}, "MSE: targets need Y"},
		{"Train BCE range", func() error {
			return train(Dataset{X: x, Y: tensor.Full(2, 6, 3)}, with(func(c *TrainConfig) { c.Loss = BCE{} }))
		}, "target Y[0][0] = 2 is not in [0, 1]"},
		{"Train NaN target", func() error {
			yy := y.Clone()
			yy.Data()[4] = float32(math.NaN())
			return train(Dataset{X: x, Y: yy}, with(func(c *TrainConfig) { c.Loss = MSE{} }))
		}, "target Y[1][1] = NaN is not finite"},
		{"Train eval", func() error {
			return train(data, with(func(c *TrainConfig) { c.Eval = &Dataset{X: x, Labels: labels[:2]} }))
		}, "Train: Eval: 2 targets for 6 examples"},
		{"Train NaN loss", func() error {
			return train(Dataset{X: nanX, Labels: labels}, with(func(c *TrainConfig) { c.BatchSize = 0 }))
		}, "nn: Train: epoch 1, step 0: loss is NaN"},
		{"Train Inf later", func() error {
			d := Dataset{X: hugeX, Y: y}
			return train(d, with(func(c *TrainConfig) {
				c.Loss = MSE{}
				c.BatchSize = 0
				c.Epochs = 3
				c.LR = func(int) float64 { return 1e30 }
			}))
		}, "nn: Train: epoch 2, step 1:"},
		{"Train bad LR", func() error {
			return train(data, with(func(c *TrainConfig) { c.LR = func(int) float64 { return math.Inf(1) } }))
		}, "learning rate +Inf is not finite"},
		{"Train softmax+CE", func() error {
			s = mlp(t, rand.New(rand.NewPCG(7, 7)), []int{4, 5, 3}, func() Layer { return NewTanh() }, NewSoftmax())
			return train(data, good)
		}, "remove the final Softmax layer"},
		{"Evaluate no loss", func() error { _, _, err := s.Evaluate(data, nil); return err }, "Evaluate: no Loss"},
		{"Evaluate labels", func() error { _, _, err := s.Evaluate(Dataset{X: x, Labels: labels[:1]}, CrossEntropy{}); return err }, "1 targets for 6 examples"},
		{"GradCheck labels", func() error {
			_, err := s.GradCheck(x, Targets{Labels: labels[:1]}, CrossEntropy{}, GradCheckConfig{})
			return err
		}, "GradCheck: 1 targets"},
		{"GradCheck loss", func() error {
			_, err := s.GradCheck(x, Targets{Y: y}, customLoss{}, GradCheckConfig{})
			return err
		}, "has no float64 evaluation"},
		{"GradCheck step", func() error {
			_, err := s.GradCheck(x, Targets{Y: y}, MSE{}, GradCheckConfig{Step: -1})
			return err
		}, "Step = -1"},
		{"GradientDescent lr", func() error { return GradientDescent{}.Step(s.Params(), math.NaN()) }, "learning rate NaN"},
		{"LoadParams missing", func() error { return s.LoadParams("/nonexistent/x.safetensors") }, "no such file"},
		{"ReadSequential garbage", func() error {
			_, err := ReadSequential(bytes.NewReader([]byte("garbage!")), 8)
			return err
		}, "header length"},
		{"LoadSequential missing", func() error { _, err := LoadSequential("/nonexistent/x"); return err }, "LoadSequential"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// "Train Inf later" updates the model in its first steps by design;
			// everything else must leave it untouched.
			s = mlp(t, rand.New(rand.NewPCG(7, 7)), []int{4, 5, 3}, func() Layer { return NewTanh() }, nil)
			before := snapshot(s)
			err := c.call()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if !strings.HasPrefix(err.Error(), "nn: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if c.name != "Train Inf later" && !sameParams(s, before) {
				t.Error("model changed")
			}
		})
	}
}

// customLoss is a user's loss without a float64 evaluation.
type customLoss struct{}

func (customLoss) Validate(t Targets, n int) error { return MSE{}.Validate(t, n) }
func (customLoss) Eval(o *tensor.Tensor, t Targets, g *tensor.Tensor) float64 {
	return MSE{}.Eval(o, t, g)
}
func (customLoss) String() string { return "custom" }

// recordingGD is GradientDescent that snapshots the model after each step.
type recordingGD struct {
	s    *Sequential
	last [][]float32
}

func (o *recordingGD) Step(ps []Param, lr float64) error {
	if err := (GradientDescent{}).Step(ps, lr); err != nil {
		return err
	}
	o.last = snapshot(o.s)
	return nil
}

// After a failing step the model holds the values from before that step.
func TestTrainFailureKeepsLastGoodModel(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	s := mlp(t, r, []int{2, 3, 1}, func() Layer { return NewTanh() }, nil)
	x := randMatrix(r, 4, 2, -1, 1)
	y := randMatrix(r, 4, 1, -1, 1)
	lr := func(step int) float64 {
		if step == 0 {
			return 0.1
		}
		return 1e38 // the update overflows; the next step's loss is not finite
	}
	opt := &recordingGD{s: s}
	_, err := s.Train(Dataset{X: x, Y: y}, TrainConfig{Loss: MSE{}, LR: lr, Epochs: 10, Optimizer: opt})
	if err == nil || !strings.Contains(err.Error(), "epoch 3, step 2:") {
		t.Fatalf("error %v, want the failure at epoch 3, step 2", err)
	}
	if !sameParams(s, opt.last) {
		t.Error("the model is not as it was after the last good step")
	}
}
