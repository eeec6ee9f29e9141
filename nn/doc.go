// Package nn is the course's fully connected neural network, batch-first:
// layers (Dense and the activations ReLU, Sigmoid, Tanh, Softmax and
// Identity) chained in a Sequential, losses (MSE, BCE, BCEWithLogits,
// CrossEntropy), a training loop for full-batch, stochastic and mini-batch
// gradient descent, a gradient checker, concurrency-safe zero-allocation
// inference, and safetensors files that move to and from PyTorch.
//
// # Shapes
//
// A batch holds one example per row: X is m x n_in, as in PyTorch. A Dense
// layer keeps the course's weight shape, W is n_out x n_in (PyTorch's
// nn.Linear), so the course's column-per-example formulas become
//
//	Z  = A_prev · Wᵀ + b       (b added to every row)
//	dW = δᵀ · A_prev           (the loss folds the batch mean 1/m into δ)
//	db = Σ_rows δ
//	δ_prev = (δ · W) ⊙ g'(Z_prev)
//
// # Training
//
// Sequential.Train runs whole epochs; a Trainer (Sequential.NewTrainer)
// runs one step at a time for custom loops: forward, loss, backward (the
// gradients overwritten, no separate zeroing pass) and the optimizer, on
// a batch or on rows of a dataset (StepRows), allocating nothing per step.
// With Workers > 1 a step runs data-parallel: each worker takes a
// contiguous shard of the batch's rows into its own gradients, the
// gradients are summed in worker order, and a SplitOptimizer (every optim
// optimizer) updates each worker's range of the parameters on that worker.
// The result depends only on the data, the seed and the worker count.
//
// # Errors
//
// Methods of Sequential and the package functions that take outside data
// (inputs, targets, files) return errors naming what is wrong, and leave
// the model as it was. The methods of single layers are building blocks:
// like the tensor package, they panic on shapes that do not fit.
//
// # Parameter names
//
// Sequential numbers its layers as PyTorch's nn.Sequential does, counting
// the activations, so parameter names ("0.weight", "0.bias", "2.weight",
// ...) and shapes match a PyTorch state_dict, and safetensors files written
// by one load in the other (see Sequential.Save and LoadSequential).
package nn
