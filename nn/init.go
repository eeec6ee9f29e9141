package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdml/simdml/tensor"
)

// Init chooses how NewDense draws a layer's initial parameters.
type Init int

const (
	// InitDefault is PyTorch's nn.Linear default: W and b uniform in
	// [−1/√in, 1/√in] (kaiming_uniform with a = √5). It is the documented
	// default because it makes a Go model start where a PyTorch one does.
	InitDefault Init = iota
	// InitHe (Kaiming normal) suits ReLU layers: W ~ N(0, 2/in), b = 0.
	InitHe
	// InitXavier (Glorot uniform) suits tanh and sigmoid layers:
	// W uniform in [−√(6/(in+out)), √(6/(in+out))], b = 0.
	InitXavier
)

// String returns the initialiser's name.
func (i Init) String() string {
	switch i {
	case InitDefault:
		return "default"
	case InitHe:
		return "he"
	case InitXavier:
		return "xavier"
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// fill draws w (out x in) and b from r.
func (i Init) fill(r *rand.Rand, w, b *tensor.Tensor) {
	out, in := w.Rows(), w.Cols()
	wd, bd := w.Data(), b.Data()
	switch i {
	case InitHe:
		std := math.Sqrt(2 / float64(in))
		for k := range wd {
			wd[k] = float32(r.NormFloat64() * std)
		}
		clear(bd)
	case InitXavier:
		uniform(r, wd, math.Sqrt(6/float64(in+out)))
		clear(bd)
	default:
		bound := 1 / math.Sqrt(float64(in))
		uniform(r, wd, bound)
		uniform(r, bd, bound)
	}
}

// uniform fills v with values uniform in [−bound, bound).
func uniform(r *rand.Rand, v []float32, bound float64) {
	for k := range v {
		v[k] = float32((2*r.Float64() - 1) * bound)
	}
}
