package optim

import (
	"fmt"
	"math"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// ClipGradNorm rescales the gradients of params so that their global L2
// norm (over all gradients together) is at most maxNorm, as PyTorch's
// torch.nn.utils.clip_grad_norm_ does: with total the norm before clipping,
// every gradient is multiplied by maxNorm/(total + 1e-6) when that factor is
// below 1, and left alone otherwise. It returns total.
//
// The sum of squares is computed in float32 by blas.Sdot over chunks of
// 4096 elements, added in float64 (PyTorch works in float32 throughout).
// It returns an error, and changes nothing, if maxNorm is negative or not
// finite, or if the total norm is not finite (a NaN or Inf gradient).
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

// sumSquares returns Σ x²: blas.Sdot (vectorised, float32) over chunks of
// sumChunk elements, the chunk sums added in float64. Summing positive
// terms, the float32 rounding error of a chunk is at most about
// sumChunk·2^-24 ≈ 2.4e-4 of its sum even for a sequential sum (the vector
// kernels' lanes make it smaller), far below what clipping can notice, and
// the chunks keep it from growing with the parameter count.
func sumSquares(x []float32) float64 {
	var s float64
	for len(x) > 0 {
		c := x[:min(len(x), sumChunk)]
		s += float64(blas.Sdot(len(c), c, 1, c, 1))
		x = x[len(c):]
	}
	return s
}

const sumChunk = 4096

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
