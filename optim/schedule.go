package optim

import (
	"fmt"
	"math"
)

// Schedule gives the learning rate for a step: step counts completed steps
// (or epochs) from 0, as PyTorch's scheduler last_epoch does, so Schedule(0)
// is the initial rate. A Schedule is a pure function: it never mutates an
// optimizer, keeps no state, and may be called in any order. The training
// loop asks it for the rate and passes the value to Optimizer.Step. It has
// the type nn's training loop takes, func(step int) float64.
//
// Schedule values are float64; the optimizers round derived coefficients to
// float32 once, after computing them in float64.
type Schedule func(step int) float64

// Must returns s, panicking if err is non-nil. It is for schedules built from
// literal, known-good arguments: optim.Must(optim.StepDecay(0.1, 0.5, 10)).
func Must(s Schedule, err error) Schedule {
	if err != nil {
		panic(err)
	}
	return s
}

func checkRate(fn, name string, v float64) error {
	if !(v >= 0) || math.IsInf(v, 0) {
		return fmt.Errorf("optim: %s: %s = %v, want a finite value ≥ 0", fn, name, v)
	}
	return nil
}

// Constant returns the schedule α_t = alpha.
func Constant(alpha float64) (Schedule, error) {
	if err := checkRate("Constant", "alpha", alpha); err != nil {
		return nil, err
	}
	return func(int) float64 { return alpha }, nil
}

// StepDecay returns the schedule α_t = alpha0·gamma^⌊t/size⌋: the rate is
// multiplied by gamma every size steps. It equals PyTorch's
// StepLR(step_size=size, gamma=gamma) (whose closed form this is).
func StepDecay(alpha0, gamma float64, size int) (Schedule, error) {
	if err := checkRate("StepDecay", "alpha0", alpha0); err != nil {
		return nil, err
	}
	if err := checkRate("StepDecay", "gamma", gamma); err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fmt.Errorf("optim: StepDecay: size = %d, want > 0", size)
	}
	return func(t int) float64 { return alpha0 * math.Pow(gamma, float64(floorDiv(t, size))) }, nil
}

// floorDiv is ⌊t/s⌋ for s > 0, also for negative t.
func floorDiv(t, s int) int {
	q := t / s
	if t%s != 0 && t < 0 {
		q--
	}
	return q
}

// ExponentialDecay returns the schedule α_t = alpha0·e^(−k·t), the course's
// continuous exponential decay.
func ExponentialDecay(alpha0, k float64) (Schedule, error) {
	if err := checkRate("ExponentialDecay", "alpha0", alpha0); err != nil {
		return nil, err
	}
	if err := checkRate("ExponentialDecay", "k", k); err != nil {
		return nil, err
	}
	return func(t int) float64 { return alpha0 * math.Exp(-k*float64(t)) }, nil
}

// ExponentialGamma returns the schedule α_t = alpha0·gamma^t, PyTorch's
// ExponentialLR(gamma) (ExponentialDecay with k = −ln gamma).
func ExponentialGamma(alpha0, gamma float64) (Schedule, error) {
	if err := checkRate("ExponentialGamma", "alpha0", alpha0); err != nil {
		return nil, err
	}
	if err := checkRate("ExponentialGamma", "gamma", gamma); err != nil {
		return nil, err
	}
	return func(t int) float64 { return alpha0 * math.Pow(gamma, float64(t)) }, nil
}

// CosineAnnealing returns the schedule
//
//	α_t = alphaMin + ½(alphaMax − alphaMin)(1 + cos(tπ/period))
//
// which falls from alphaMax at t = 0 to alphaMin at t = period and, being
// cyclical, rises back to alphaMax at t = 2·period. It equals PyTorch's
// CosineAnnealingLR(T_max=period, eta_min=alphaMin) with initial rate
// alphaMax, also past T_max (PyTorch's recursive form follows the same cosine).
func CosineAnnealing(alphaMax, alphaMin float64, period int) (Schedule, error) {
	if err := checkRate("CosineAnnealing", "alphaMax", alphaMax); err != nil {
		return nil, err
	}
	if err := checkRate("CosineAnnealing", "alphaMin", alphaMin); err != nil {
		return nil, err
	}
	if period <= 0 {
		return nil, fmt.Errorf("optim: CosineAnnealing: period = %d, want > 0", period)
	}
	return func(t int) float64 {
		return alphaMin + (alphaMax-alphaMin)*(1+math.Cos(float64(t)*math.Pi/float64(period)))/2
	}, nil
}

// Warmup returns a schedule that ramps linearly over the first n steps to
// the rate then continues with after, shifted by n steps:
//
//	α_t = after(0)·(t+1)/n   for 0 ≤ t < n
//	α_t = after(t − n)       for t ≥ n
//
// so the last warmup step uses the full rate after(0) and after's own step 0
// follows. n = 0 returns after unchanged.
func Warmup(n int, after Schedule) (Schedule, error) {
	if n < 0 {
		return nil, fmt.Errorf("optim: Warmup: n = %d, want ≥ 0", n)
	}
	if after == nil {
		return nil, fmt.Errorf("optim: Warmup: after is nil")
	}
	if n == 0 {
		return after, nil
	}
	return func(t int) float64 {
		if t < n {
			return after(0) * float64(t+1) / float64(n)
		}
		return after(t - n)
	}, nil
}
