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

// ceSum is CrossEntropy's loss summed over the rows of out, with the
// gradient rows (softmax(z)·Σy − y)·inv written into grad if not nil.
// With a gradient it works as PyTorch does, in float32 over the whole
// batch with the vector kernels: the row-wise log-softmax (into grad),
// the loss from it, then softmax = e^(log-softmax). Without one (Evaluate)
// each row's log-sum-exp is taken in float64.
func ceSum(out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64 {
	if grad == nil {
		return ceSumNoGrad(out, t)
	}
	m, n := out.Rows(), out.Cols()
	ls := tensor.LogSoftmaxRows(grad, out).Data()
	var s float64
	if t.Labels != nil {
		for i, l := range t.Labels[:m] {
			s -= float64(ls[i*n+l])
		}
		g := tensor.Scale(grad, tensor.Exp(grad, grad), float32(inv)).Data()
		for i, l := range t.Labels[:m] {
			g[i*n+l] -= float32(inv)
		}
		return s
	}
	y := t.Y.Data()
	for i := 0; i < m; i++ {
		for j, v := range y[i*n : (i+1)*n] {
			if v != 0 {
				s -= float64(v) * float64(ls[i*n+j])
			}
		}
	}
	g := tensor.Exp(grad, grad).Data()
	for i := 0; i < m; i++ {
		yi, gi := y[i*n:(i+1)*n], g[i*n:(i+1)*n]
		var ysum float64
		for _, v := range yi {
			ysum += float64(v)
		}
		for j := range gi {
			gi[j] = float32((float64(gi[j])*ysum - float64(yi[j])) * inv)
		}
	}
	return s
}

// ceSumNoGrad is ceSum without a gradient, in float64 row by row.
func ceSumNoGrad(out *tensor.Tensor, t Targets) float64 {
	m, n := out.Rows(), out.Cols()
	z := out.Data()
	var s float64
	for i := 0; i < m; i++ {
		zi := z[i*n : (i+1)*n]
		lse := logSumExp(zi)
		if t.Labels != nil {
			s -= float64(zi[t.Labels[i]]) - lse
			continue
		}
		for j, y := range t.Y.Data()[i*n : (i+1)*n] {
			if y != 0 {
				s -= float64(y) * (float64(zi[j]) - lse)
			}
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
