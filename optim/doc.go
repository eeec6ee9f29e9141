// Package optim holds the optimizers of the course, matching PyTorch 1.13's
// update rules step for step: SGD (momentum, dampening, Nesterov, weight
// decay), AdaGrad, RMSProp, Adam and AdamW, gradient clipping, and learning
// rate schedules.
//
// Every optimizer implements nn.Optimizer: Step(params, lr) updates each
// parameter from its gradient with the learning rate of this step, which the
// training loop takes from a Schedule. Per-parameter state (momentum
// buffers, moment estimates, step counts) is keyed by nn.Param.Name and
// created on a parameter's first step; it can be saved and loaded
// (SaveState, LoadState) so interrupted training resumes bit for bit.
//
// Hyperparameters are checked by the constructors, which return an error
// naming the bad value. Scalar coefficients (bias corrections, the learning
// rate) are computed in float64 and rounded once to float32; the update
// loops run in fused vector kernels (AVX2, AVX-512, NEON, portable Go) that
// read and write every parameter and state element once per step and give
// bitwise identical results at every kernel level.
package optim
