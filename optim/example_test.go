package optim_test

import (
	"fmt"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim"
	"github.com/simdml/simdml/tensor"
)

// One Adam step on a single parameter, with the rate from a schedule.
func ExampleAdam() {
	opt, err := optim.NewAdam(optim.DefaultAdamConfig())
	if err != nil {
		panic(err)
	}
	lr := optim.Must(optim.Constant(0.1))
	w := nn.Param{Name: "0.weight", Value: tensor.FromSlice([]float32{1, -1}, 2), Grad: tensor.FromSlice([]float32{0.5, -2}, 2)}
	for step := 0; step < 3; step++ {
		if err := opt.Step([]nn.Param{w}, lr(step)); err != nil {
			panic(err)
		}
	}
	// Adam's first steps move each weight by about lr against its gradient's sign.
	fmt.Printf("%.4f %d\n", w.Value.Data(), opt.Steps("0.weight"))
	// Output: [0.7000 -0.7000] 3
}

// Constructors reject bad hyperparameters with an error naming them.
func ExampleNewSGD() {
	_, err := optim.NewSGD(optim.SGDConfig{Momentum: 0.9, Dampening: 0.5, Nesterov: true})
	fmt.Println(err)
	// Output: optim: NewSGD: Nesterov momentum needs momentum > 0 and dampening 0 (have 0.9, 0.5)
}

// A schedule is a pure function of the step: linear warmup over 2 steps,
// then cosine annealing from 0.1 to 0 over 4 steps.
func ExampleWarmup() {
	s := optim.Must(optim.Warmup(2, optim.Must(optim.CosineAnnealing(0.1, 0, 4))))
	for step := 0; step < 7; step++ {
		fmt.Printf("%.4f ", s(step))
	}
	fmt.Println()
	// Output: 0.0500 0.1000 0.1000 0.0854 0.0500 0.0146 0.0000
}

// Gradients are rescaled so that their global norm is at most 1.
func ExampleClipGradNorm() {
	ps := []nn.Param{{Name: "b", Value: tensor.New(2), Grad: tensor.FromSlice([]float32{3, 4}, 2)}}
	total, _ := optim.ClipGradNorm(ps, 1)
	fmt.Printf("norm %v, clipped %.4f\n", total, ps[0].Grad.Data())
	// Output: norm 5, clipped [0.6000 0.8000]
}
