package nn

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/tensor"
)

// Targets are the expected outputs of a batch: Y, one row per example with
// the network's output width (regression values, probabilities, one-hot or
// soft class targets), or Labels, one class index per example (for
// CrossEntropy). Exactly one of them is set.
type Targets struct {
	Y      *tensor.Tensor
	Labels []int
}

// Len returns the number of examples, or -1 if neither Y nor Labels is set.
func (t Targets) Len() int {
	switch {
	case t.Y != nil:
		return t.Y.Rows()
	case t.Labels != nil:
		return len(t.Labels)
	}
	return -1
}

// Loss is a cost J over a batch: the mean over the batch of a per-example
// loss, with the 1/m folded into the gradient it returns.
type Loss interface {
	// Validate checks targets for a network with the given output width and
	// returns an error naming what is wrong.
	Validate(t Targets, outputs int) error
	// Eval returns J for the network output out (m x outputs) and targets t
	// (already validated), and, if grad is not nil, writes ∂J/∂out into
	// grad (out's shape).
	Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64
	// String names the loss.
	String() string
}

// Classifier is implemented by losses whose targets are classes; it counts
// the examples of a batch that the output classifies correctly.
type Classifier interface {
	// Correct returns how many rows of out (m x outputs) are classified
	// as their targets t (already validated) say.
	Correct(out *tensor.Tensor, t Targets) int
}

// validateY checks that t holds finite Y targets of width outputs.
func validateY(name string, t Targets, outputs int, unit bool) error {
	if t.Y == nil || t.Labels != nil {
		return fmt.Errorf("nn: %s: targets need Y (m x %d) and no Labels", name, outputs)
	}
	if t.Y.Dims() != 2 || t.Y.Cols() != outputs {
		return fmt.Errorf("nn: %s: targets Y have shape %v, want [m %d]", name, t.Y.Shape(), outputs)
	}
	for i, v := range t.Y.Data() {
		if !isFinite(float64(v)) || unit && (v < 0 || v > 1) {
			want := "finite"
			if unit {
				want = "in [0, 1]"
			}
			return fmt.Errorf("nn: %s: target Y[%d][%d] = %v is not %s", name, i/outputs, i%outputs, v, want)
		}
	}
	return nil
}

// gradData returns grad's elements, or nil when no gradient is wanted.
func gradData(grad *tensor.Tensor) []float32 {
	if grad == nil {
		return nil
	}
	return grad.Data()
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// MSE is the course's squared error with its 1/2 factor, summed over the
// outputs and averaged over the batch:
//
//	J = 1/m Σ_i ½‖a_i − y_i‖²,  ∂J/∂a = (a − y)/m.
//
// PyTorch's nn.MSELoss() (mean over all m·n elements, no ½) relates as
// J = (n/2)·MSELoss, and J = ½·MSELoss(reduction='sum')/m.
type MSE struct{}

// String returns "MSE".
func (MSE) String() string { return "MSE" }

// Validate requires Y of the output width with finite values.
func (MSE) Validate(t Targets, outputs int) error { return validateY("MSE", t, outputs, false) }

// Eval returns J and writes (a − y)/m into grad.
func (MSE) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	a, y := out.Data(), t.Y.Data()
	m := float64(out.Rows())
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(y[i])
		s += d * d
	}
	if grad != nil {
		g := grad.Data()
		inv := float32(1 / m)
		for i := range a {
			g[i] = (a[i] - y[i]) * inv
		}
	}
	return s / (2 * m)
}

// Clamping for BCE on probabilities, as PyTorch's nn.BCELoss: each log is
// at least −100 and the derivative's denominator a(1−a) at least 1e-12,
// so an output of exactly 0 or 1 gives a large finite loss, not Inf.
const (
	bceLogMin = -100
	bceEps    = 1e-12
)

// BCE is binary cross-entropy on probabilities a (e.g. after Sigmoid),
// summed over the outputs and averaged over the batch:
//
//	J = −1/m Σ [y·log a + (1−y)·log(1−a)],  ∂J/∂a = (a − y)/(a(1−a))/m.
//
// Logs are clamped at −100 and a(1−a) at 1e-12, as PyTorch's nn.BCELoss;
// with one output J equals BCELoss(). Prefer BCEWithLogits on a linear
// output: it is stabler and its δ is exactly (σ(z) − y)/m.
type BCE struct{}

// String returns "BCE".
func (BCE) String() string { return "BCE" }

// Validate requires Y of the output width with values in [0, 1].
func (BCE) Validate(t Targets, outputs int) error { return validateY("BCE", t, outputs, true) }

// Eval returns J and writes ∂J/∂a into grad.
func (BCE) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	a, y, g := out.Data(), t.Y.Data(), gradData(grad)
	m := float64(out.Rows())
	var s float64
	for i := range a {
		ai, yi := float64(a[i]), float64(y[i])
		s -= yi*math.Max(math.Log(ai), bceLogMin) + (1-yi)*math.Max(math.Log(1-ai), bceLogMin)
		if g != nil {
			g[i] = float32((ai - yi) / math.Max(ai*(1-ai), bceEps) / m)
		}
	}
	return s / m
}

// Correct counts outputs on the target's side of 0.5 (all outputs of a row).
func (BCE) Correct(out *tensor.Tensor, t Targets) int { return countBinary(out, t.Y, 0.5) }

// BCEWithLogits is sigmoid followed by binary cross-entropy, fused on the
// logits z of a linear output, as PyTorch's nn.BCEWithLogitsLoss:
//
//	J = 1/m Σ [max(z,0) − z·y + log(1 + e^−|z|)],  ∂J/∂z = (σ(z) − y)/m,
//
// the course's δ = A − Y. It never overflows; predictions are σ(z).
type BCEWithLogits struct{}

// String returns "BCEWithLogits".
func (BCEWithLogits) String() string { return "BCEWithLogits" }

// Validate requires Y of the output width with values in [0, 1].
func (BCEWithLogits) Validate(t Targets, outputs int) error {
	return validateY("BCEWithLogits", t, outputs, true)
}

// Eval returns J and writes (σ(z) − y)/m into grad.
func (BCEWithLogits) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	z, y, g := out.Data(), t.Y.Data(), gradData(grad)
	m := float64(out.Rows())
	var s float64
	for i := range z {
		zi, yi := float64(z[i]), float64(y[i])
		s += math.Max(zi, 0) - zi*yi + math.Log1p(math.Exp(-math.Abs(zi)))
		if g != nil {
			g[i] = float32((sigmoid64(zi) - yi) / m)
		}
	}
	return s / m
}

// Correct counts logits on the target's side of 0 (all outputs of a row).
func (BCEWithLogits) Correct(out *tensor.Tensor, t Targets) int { return countBinary(out, t.Y, 0) }

// countBinary counts rows whose every output is on the same side of cut as
// its target is of 0.5.
func countBinary(out, y *tensor.Tensor, cut float32) int {
	n := out.Cols()
	a, yd := out.Data(), y.Data()
	c := 0
	for i := 0; i < out.Rows(); i++ {
		ok := true
		for j := i * n; j < (i+1)*n; j++ {
			ok = ok && (a[j] > cut) == (yd[j] > 0.5)
		}
		if ok {
			c++
		}
	}
	return c
}
