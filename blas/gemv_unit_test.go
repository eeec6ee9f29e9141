package blas

import (
	"math"
	"testing"
)

// TestSgemvNUnit checks the fast path's acceptance test against the general
// validation at its edges: exact lengths pass, one element short or any
// other shape of call falls back, and a row count whose (m-1)*lda
// overflows does not pass.
func TestSgemvNUnit(t *testing.T) {
	a, x, y := make([]float32, 2*7+5), make([]float32, 5), make([]float32, 3)
	cases := []struct {
		name string
		tA   Transpose
		m, n int
		a    []float32
		lda  int
		x    []float32
		incX int
		y    []float32
		incY int
		want bool
	}{
		{"exact", NoTrans, 3, 5, a, 7, x, 1, y, 1, true},
		{"lda == n", NoTrans, 3, 5, a[:15], 5, x, 1, y, 1, true},
		{"a short", NoTrans, 3, 5, a[:2*7+4], 7, x, 1, y, 1, false},
		{"x short", NoTrans, 3, 5, a, 7, x[:4], 1, y, 1, false},
		{"y short", NoTrans, 3, 5, a, 7, x, 1, y[:2], 1, false},
		{"lda < n", NoTrans, 3, 5, a, 4, x, 1, y, 1, false},
		{"trans", Trans, 3, 5, a, 7, make([]float32, 3), 1, make([]float32, 5), 1, false},
		{"incX", NoTrans, 3, 5, a, 7, make([]float32, 9), 2, y, 1, false},
		{"incY", NoTrans, 3, 5, a, 7, x, 1, make([]float32, 5), 2, false},
		{"m == 0", NoTrans, 0, 5, a, 7, x, 1, y, 1, false},
		{"n == 0", NoTrans, 3, 0, a, 7, x, 1, y, 1, false},
		{"overflow", NoTrans, 3, 5, a, math.MaxInt/2 + 1, x, 1, y, 1, false},
	}
	for _, c := range cases {
		if got := sgemvNUnit(c.tA, c.m, c.n, c.a, c.lda, c.x, c.incX, c.y, c.incY); got != c.want {
			t.Errorf("%s: sgemvNUnit = %v, want %v", c.name, got, c.want)
		}
	}
}
