package main

import (
	"fmt"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim"
)

// optimizerNames lists the -optimizer values: optim's optimizers with
// PyTorch's default hyperparameters ("momentum" is SGD with momentum 0.9
// and Nesterov).
var optimizerNames = []string{"adam", "adamw", "sgd", "momentum", "rmsprop", "adagrad"}

func validOptimizer(name string) bool {
	for _, n := range optimizerNames {
		if n == name {
			return true
		}
	}
	return false
}

// newOptimizer returns the optimizer and the learning-rate schedule over a
// run of steps optimizer steps: cosine annealing from -lr to 0, or constant.
func newOptimizer(cfg *config, steps int) (nn.Optimizer, optim.Schedule, error) {
	var lr optim.Schedule
	var err error
	if cfg.schedule == "cosine" {
		lr, err = optim.CosineAnnealing(cfg.lr, 0, steps)
	} else {
		lr, err = optim.Constant(cfg.lr)
	}
	if err != nil {
		return nil, nil, err
	}
	var opt nn.Optimizer
	switch cfg.optimizer {
	case "adam":
		opt, err = optim.NewAdam(optim.DefaultAdamConfig())
	case "adamw":
		opt, err = optim.NewAdamW(optim.DefaultAdamWConfig())
	case "sgd":
		opt, err = optim.NewSGD(optim.SGDConfig{})
	case "momentum":
		opt, err = optim.NewSGD(optim.SGDConfig{Momentum: 0.9, Nesterov: true})
	case "rmsprop":
		opt, err = optim.NewRMSProp(optim.DefaultRMSPropConfig())
	case "adagrad":
		opt, err = optim.NewAdaGrad(optim.DefaultAdaGradConfig())
	default:
		err = fmt.Errorf("unknown optimizer %q", cfg.optimizer)
	}
	return opt, lr, err
}
