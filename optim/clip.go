package optim

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// ClipGradNorm rescales the gradients of params so that their global L2
// norm (over all gradients together) is at most maxNorm, as PyTorch's
// torch.nn.utils.clip_grad_norm_ does: with total the norm before clipping,
// every gradient is multiplied by maxNorm/(total + 1e-6) when that factor is
// below 1, and left alone otherwise. It returns total.
//
// The sum of squares is accumulated in float64 (PyTorch accumulates in
// float32). It returns an error, and changes nothing, if maxNorm is negative
// or not finite, or if the total norm is not finite (a NaN or Inf gradient).
// Parameters with a nil Grad are skipped.
func ClipGradNorm(params []nn.Param, maxNorm float64) (float64, error) {
	if !finite(maxNorm) || maxNorm < 0 {
		return 0, fmt.Errorf("optim: ClipGradNorm: maxNorm %v, want a finite value ≥ 0", maxNorm)
	}
	var ss float64
	for _, p := range params {
		if p.Grad != nil {
			ss += sumSquares(p.Grad.Data())
		}
	}
	total := math.Sqrt(ss)
	if !finite(total) {
		return total, fmt.Errorf("optim: ClipGradNorm: the gradients' norm is %v", total)
	}
	if coef := maxNorm / (total + 1e-6); coef < 1 {
		for _, p := range params {
			if p.Grad != nil {
				tensor.Scale(p.Grad, p.Grad, float32(coef))
			}
		}
	}
	return total, nil
}

// sumSquares returns Σ x², accumulated in float64 over four lanes.
func sumSquares(x []float32) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a, b, c, d := float64(x[i]), float64(x[i+1]), float64(x[i+2]), float64(x[i+3])
		s0 += a * a
		s1 += b * b
		s2 += c * c
		s3 += d * d
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * float64(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// ClipGradValue clamps every gradient element to [−clip, clip], as PyTorch's
// torch.nn.utils.clip_grad_value_ does (NaN stays NaN). It returns an error,
// and changes nothing, if clip is negative or not finite. Parameters with a
// nil Grad are skipped.
func ClipGradValue(params []nn.Param, clip float64) error {
	if !finite(clip) || clip < 0 {
		return fmt.Errorf("optim: ClipGradValue: clip %v, want a finite value ≥ 0", clip)
	}
	hi := float32(clip)
	lo := -hi
	for _, p := range params {
		if p.Grad == nil {
			continue
		}
		g := p.Grad.Data()
		for i, v := range g {
			if v > hi {
				g[i] = hi
			} else if v < lo {
				g[i] = lo
			}
		}
	}
	return nil
}
