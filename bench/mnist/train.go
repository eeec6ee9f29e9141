package main

import (
	"errors"

	"github.com/simdml/simdml/bench/internal/mnistdata"
)

// optimizerNames lists the -optimizer values.
var optimizerNames = []string{"adam", "adamw", "sgd", "momentum", "rmsprop", "adagrad"}

func validOptimizer(name string) bool {
	for _, n := range optimizerNames {
		if n == name {
			return true
		}
	}
	return false
}

// trainModel trains the network and returns its history and a function
// that saves the model. Placeholder until nn and optim are on main.
func trainModel(cfg *config, sizes []int, train, test *mnistdata.Set, prog *progress,
	report func(epochStats)) ([]epochStats, func(string) error, error) {
	return nil, nil, errors.New("training needs the nn and optim packages")
}
