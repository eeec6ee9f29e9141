package nn_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// Train a 2-4-1 tanh network on XOR with full-batch gradient descent.
func Example() {
	r := rand.New(rand.NewPCG(10, 10))
	model, err := nn.NewSequential(
		nn.NewDense(2, 4, nn.InitXavier, r), nn.NewTanh(),
		nn.NewDense(4, 1, nn.InitXavier, r), // logits: BCEWithLogits applies the sigmoid
	)
	if err != nil {
		panic(err)
	}
	data := nn.Dataset{
		X: tensor.FromSlice([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2),
		Y: tensor.FromSlice([]float32{0, 1, 1, 0}, 4, 1),
	}
	_, err = model.Train(data, nn.TrainConfig{
		Loss:   nn.BCEWithLogits{},
		LR:     func(step int) float64 { return 0.5 },
		Epochs: 3000,
	})
	if err != nil {
		panic(err)
	}
	_, acc, _ := model.Evaluate(data, nn.BCEWithLogits{})
	fmt.Println(model.NumParams(), "parameters, accuracy", acc)
	// Output: 17 parameters, accuracy 1
}

// The course's 784-16-16-10 network has 13,002 parameters, named as in a
// PyTorch state_dict.
func ExampleSequential_Params() {
	r := rand.New(rand.NewPCG(1, 1))
	model, _ := nn.NewSequential(
		nn.NewDense(784, 16, nn.InitHe, r), nn.NewReLU(),
		nn.NewDense(16, 16, nn.InitHe, r), nn.NewReLU(),
		nn.NewDense(16, 10, nn.InitDefault, r),
	)
	for _, p := range model.Params() {
		fmt.Println(p.Name, p.Value.Shape())
	}
	fmt.Println(model.NumParams())
	// Output:
	// 0.weight [16 784]
	// 0.bias [16]
	// 2.weight [16 16]
	// 2.bias [16]
	// 4.weight [10 16]
	// 4.bias [10]
	// 13002
}

// Predict is safe for concurrent use and allocates nothing per call.
func ExampleSequential_Predict() {
	r := rand.New(rand.NewPCG(2, 2))
	model, _ := nn.NewSequential(nn.NewDense(3, 2, nn.InitDefault, r), nn.NewSoftmax())
	probs := make([]float32, 2)
	if err := model.Predict(probs, []float32{0.5, -1, 2}); err != nil {
		panic(err)
	}
	fmt.Printf("%.3f\n", probs[0]+probs[1])
	fmt.Println(model.Predict(probs, []float32{1, 2}))
	// Output:
	// 1.000
	// nn: Predict: input has 2 values, model takes 3
}

// A model file holds the architecture, so it alone rebuilds the model.
func ExampleLoadSequential() {
	dir, _ := os.MkdirTemp("", "nn-example")
	defer os.RemoveAll(dir)
	r := rand.New(rand.NewPCG(3, 3))
	model, _ := nn.NewSequential(nn.NewDense(4, 3, nn.InitHe, r), nn.NewReLU(), nn.NewDense(3, 2, nn.InitDefault, r))
	path := filepath.Join(dir, "model.safetensors")
	if err := model.Save(path); err != nil {
		panic(err)
	}
	loaded, err := nn.LoadSequential(path)
	if err != nil {
		panic(err)
	}
	fmt.Println(loaded)
	// Output:
	// Sequential(
	//   (0): Linear(in_features=4, out_features=3, bias=True)
	//   (1): ReLU()
	//   (2): Linear(in_features=3, out_features=2, bias=True)
	// )
}

// Check Backward against finite differences on your own network.
func ExampleSequential_GradCheck() {
	r := rand.New(rand.NewPCG(4, 4))
	model, _ := nn.NewSequential(nn.NewDense(3, 5, nn.InitXavier, r), nn.NewSigmoid(), nn.NewDense(5, 2, nn.InitXavier, r))
	x := tensor.RandUniform(r, -1, 1, 4, 3)
	res, err := model.GradCheck(x, nn.Targets{Labels: []int{0, 1, 1, 0}}, nn.CrossEntropy{}, nn.GradCheckConfig{})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Checked, "entries, worst relative error below 1e-3:", res.MaxRelError < 1e-3)
	// Output: 32 entries, worst relative error below 1e-3: true
}

// The safetensors primitives serve other files too, such as optimizer state.
func ExampleWriteSafetensors() {
	var buf bytes.Buffer
	m := tensor.FromSlice([]float32{1, 2, 3}, 3)
	err := nn.WriteSafetensors(&buf, []nn.NamedTensor{{Name: "state.0.weight.momentum_buffer", Value: m}},
		map[string]string{"step": "42"})
	if err != nil {
		panic(err)
	}
	st, err := nn.ParseSafetensors(buf.Bytes())
	if err != nil {
		panic(err)
	}
	t := st.Tensor("state.0.weight.momentum_buffer")
	fmt.Println(t.DType, t.Shape, st.Metadata["step"])
	// Output: F32 [3] 42
}

// Mini-batch training with a fresh seeded shuffle each epoch, a per-epoch
// report and held-out evaluation.
func ExampleSequential_Train() {
	r := rand.New(rand.NewPCG(5, 5))
	// Two classes: is x0 + x1 positive? (points near the boundary left out)
	makeData := func(n int) nn.Dataset {
		x, labels := tensor.New(n, 2), make([]int, n)
		for i := 0; i < n; {
			a, b := 2*r.Float64()-1, 2*r.Float64()-1
			if a+b > -0.2 && a+b < 0.2 {
				continue
			}
			x.Row(i)[0], x.Row(i)[1] = float32(a), float32(b)
			if a+b > 0 {
				labels[i] = 1
			}
			i++
		}
		return nn.Dataset{X: x, Labels: labels}
	}
	train, held := makeData(256), makeData(64)
	model, _ := nn.NewSequential(nn.NewDense(2, 8, nn.InitHe, r), nn.NewReLU(), nn.NewDense(8, 2, nn.InitDefault, r))
	reports, err := model.Train(train, nn.TrainConfig{
		Loss:      nn.CrossEntropy{},
		LR:        func(step int) float64 { return 0.2 },
		Epochs:    20,
		BatchSize: 32,
		Rand:      r,
		Eval:      &held,
		Report: func(rep nn.EpochReport) error {
			if rep.Epoch%10 == 0 {
				fmt.Printf("epoch %d: %d steps, held-out accuracy %.2f\n", rep.Epoch, rep.Steps, rep.EvalAccuracy)
			}
			return nil
		},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(reports), "reports")
	// Output:
	// epoch 10: 80 steps, held-out accuracy 1.00
	// epoch 20: 160 steps, held-out accuracy 1.00
	// 20 reports
}
