package testutil

import (
	"math"
	"testing"
)

// Eps32 is the unit roundoff of float32 (round to nearest): 2^-24.
const Eps32 = 1.0 / (1 << 24)

// SumTol is the error bound for a float32 sum of n products in any order,
// with or without FMA: |computed − exact| ≤ γ_n·Σ|x_i·y_i|, γ_n = n·u/(1−n·u)
// (Higham, Accuracy and Stability, 3.1), taken here as (n+2)·u·abs to cover
// a final scaling by alpha and the conversion of the result to float32.
// A tiny absolute floor keeps exact-zero cases from failing on a sign.
func SumTol(n int, abs float64) float64 {
	return float64(n+2)*Eps32*abs + 1e-30
}

// Close reports whether got matches want within tol, treating NaN and
// infinities exactly: a NaN want needs a NaN got, an infinite want the same
// infinity.
func Close(got float32, want, tol float64) bool {
	g := float64(got)
	switch {
	case math.IsNaN(want):
		return math.IsNaN(g)
	case math.IsInf(want, 0):
		return g == want
	case math.IsNaN(g) || math.IsInf(g, 0):
		// A finite exact result may overflow float32 only if it is near the
		// float32 limit; the tests' inputs stay far from it.
		return false
	}
	return math.Abs(g-want) <= tol
}

// CheckClose fails t for the first element of got not Close to want[i]
// within tol[i].
func CheckClose(t testing.TB, name string, got []float32, want, tol []float64) {
	t.Helper()
	for i := range want {
		if !Close(got[i], want[i], tol[i]) {
			t.Errorf("%s: element %d = %v, want %v ± %.3g", name, i, got[i], want[i], tol[i])
			return
		}
	}
}

// Sizes returns the vector lengths worth testing for kernels whose widest
// vector holds width float32s and whose main loop handles unroll vectors
// per pass: every n in 0..2·width+1, n around multiples of width·unroll up
// to three passes, and a few large sizes.
func Sizes(width, unroll int) []int {
	seen := map[int]bool{}
	var out []int
	add := func(n int) {
		if n >= 0 && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for n := 0; n <= 2*width+1; n++ {
		add(n)
	}
	for k := 1; k <= 3; k++ {
		for d := -1; d <= 1; d++ {
			add(k*width*unroll + d)
		}
	}
	for _, n := range []int{1000, 4096, 4097, 10007} {
		add(n)
	}
	return out
}
