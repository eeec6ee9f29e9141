package nn

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/tensor"
)

// CrossEntropy is softmax followed by categorical cross-entropy, fused on
// the logits z of a linear output, as PyTorch's nn.CrossEntropyLoss:
//
//	J = −1/m Σ_i Σ_j y_ij · log softmax(z_i)_j,  ∂J/∂z = (softmax(z)·Σ_j y_ij − y)/m.
//
// Targets are class Labels (y one-hot, so ∂J/∂z = (softmax(z) − onehot)/m,
// the course's δ = A − Y) or Y rows of one-hot or soft probabilities. The
// log-softmax subtracts the row maximum, so large logits cannot overflow.
// Predictions are softmax(z); the class is the largest logit.
type CrossEntropy struct{}

// String returns "CrossEntropy".
func (CrossEntropy) String() string { return "CrossEntropy" }

// Validate requires Labels in [0, outputs), or Y of the output width with
// finite, non-negative values.
func (CrossEntropy) Validate(t Targets, outputs int) error {
	if t.Labels == nil {
		if t.Y == nil {
			return fmt.Errorf("nn: CrossEntropy: targets need Labels or Y (m x %d)", outputs)
		}
		if err := validateY("CrossEntropy", t, outputs, false); err != nil {
			return err
		}
		for i, v := range t.Y.Data() {
			if v < 0 {
				return fmt.Errorf("nn: CrossEntropy: target Y[%d][%d] = %v is negative", i/outputs, i%outputs, v)
			}
		}
		return nil
	}
	if t.Y != nil {
		return fmt.Errorf("nn: CrossEntropy: targets hold both Labels and Y")
	}
	for i, l := range t.Labels {
		if l < 0 || l >= outputs {
			return fmt.Errorf("nn: CrossEntropy: label %d of example %d is out of range [0, %d)", l, i, outputs)
		}
	}
	return nil
}

// Eval returns J and writes ∂J/∂z into grad.
func (CrossEntropy) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	inv := 1 / float64(out.Rows())
	return ceSum(out, t, grad, inv) * inv
}

// evalSum returns the sum (not the mean) of the per-row losses and writes
// their gradients scaled by inv; a data-parallel shard passes 1/m of the
// whole batch.
func (CrossEntropy) evalSum(out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64 {
	return ceSum(out, t, grad, inv)
}

// ceFastRows is the largest batch ceSum runs through the vector kernels:
// it keeps the label entries' log-probabilities on the stack meanwhile.
const ceFastRows = 1024

// ceSum is CrossEntropy's loss summed over the rows of out, with the
// gradient rows (softmax(z)·Σy − y)·inv written into grad if not nil.
// With Labels and a gradient (and at most ceFastRows rows) it works as
// PyTorch does, in float32 over the whole batch with the vector kernels:
// the row-wise log-softmax (into grad), the loss from it, then softmax =
// e^(log-softmax), except for the label's entry, where softmax − 1 =
// expm1(log-softmax) is taken in float64 so that it does not cancel.
// Otherwise (soft targets, no gradient) it works row by row in float64.
func ceSum(out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64 {
	m, n := out.Rows(), out.Cols()
	if grad == nil || t.Labels == nil || m > ceFastRows {
		return ceSumRows(out, t, grad, inv)
	}
	labels := t.Labels[:m]
	ls := tensor.LogSoftmaxRows(grad, out).Data()
	var lab [ceFastRows]float32
	var s float64
	for i, l := range labels {
		lab[i] = ls[i*n+l]
		s -= float64(lab[i])
	}
	g := tensor.Scale(grad, tensor.Exp(grad, grad), float32(inv)).Data()
	for i, l := range labels {
		g[i*n+l] = float32(math.Expm1(float64(lab[i])) * inv)
	}
	return s
}

// ceSumRows is ceSum row by row in float64: each row's log-sum-exp, the
// loss, and the gradient (e^(z−lse)·Σy − y)·inv if grad is not nil.
func ceSumRows(out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64 {
	m, n := out.Rows(), out.Cols()
	z := out.Data()
	var s float64
	for i := 0; i < m; i++ {
		zi := z[i*n : (i+1)*n]
		lse := logSumExp(zi)
		var gi []float32
		if grad != nil {
			gi = grad.Data()[i*n : (i+1)*n]
		}
		if t.Labels != nil {
			l := t.Labels[i]
			s -= float64(zi[l]) - lse
			for j := range gi {
				gi[j] = float32(math.Exp(float64(zi[j])-lse) * inv)
			}
			if gi != nil {
				gi[l] = float32(math.Expm1(float64(zi[l])-lse) * inv)
			}
			continue
		}
		yi := t.Y.Data()[i*n : (i+1)*n]
		var ysum float64
		for j, y := range yi {
			ysum += float64(y)
			if y != 0 {
				s -= float64(y) * (float64(zi[j]) - lse)
			}
		}
		for j := range gi {
			gi[j] = float32((math.Exp(float64(zi[j])-lse)*ysum - float64(yi[j])) * inv)
		}
	}
	return s
}

// Correct counts rows whose largest logit is the label (or Y's largest entry).
func (CrossEntropy) Correct(out *tensor.Tensor, t Targets) int {
	n := out.Cols()
	c := 0
	for i := 0; i < out.Rows(); i++ {
		want := 0
		if t.Labels != nil {
			want = t.Labels[i]
		} else {
			want = argmax(t.Y.Data()[i*n : (i+1)*n])
		}
		if argmax(out.Data()[i*n:(i+1)*n]) == want {
			c++
		}
	}
	return c
}

// logSumExp returns log Σ e^z in float64, with the maximum subtracted.
func logSumExp(z []float32) float64 {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = math.Max(mx, float64(v))
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	var s float64
	for _, v := range z {
		s += math.Exp(float64(v) - mx)
	}
	return mx + math.Log(s)
}

// argmax returns the index of the first largest element (0 if empty).
func argmax(v []float32) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}
