package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/tensor"
)

// mlp builds Dense layers of the given sizes with hidden after every one
// but the last, and out (if not nil) after the last.
func mlp(t testing.TB, r *rand.Rand, sizes []int, hidden func() Layer, out Layer) *Sequential {
	t.Helper()
	var layers []Layer
	for i := 0; i+1 < len(sizes); i++ {
		layers = append(layers, NewDense(sizes[i], sizes[i+1], InitDefault, r))
		if i+2 < len(sizes) {
			layers = append(layers, hidden())
		}
	}
	if out != nil {
		layers = append(layers, out)
	}
	s, err := NewSequential(layers...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func randMatrix(r *rand.Rand, rows, cols int, lo, hi float64) *tensor.Tensor {
	return tensor.RandUniform(r, lo, hi, rows, cols)
}

// oneHot returns soft targets: probability rows (if soft) or one-hot rows.
func classTargets(r *rand.Rand, m, n int, soft bool) ([]int, *tensor.Tensor) {
	labels := make([]int, m)
	y := tensor.New(m, n)
	for i := range labels {
		labels[i] = r.IntN(n)
		row := y.Row(i)
		if !soft {
			row[labels[i]] = 1
			continue
		}
		var s float32
		for j := range row {
			row[j] = float32(r.Float64())
			s += row[j]
		}
		for j := range row {
			row[j] /= s
		}
	}
	return labels, y
}

// snapshot copies every parameter value.
func snapshot(s *Sequential) [][]float32 {
	var out [][]float32
	for _, p := range s.Params() {
		out = append(out, append([]float32(nil), p.Value.Data()...))
	}
	return out
}

func sameParams(s *Sequential, snap [][]float32) bool {
	for i, p := range s.Params() {
		for j, v := range p.Value.Data() {
			if v != snap[i][j] {
				return false
			}
		}
	}
	return true
}
