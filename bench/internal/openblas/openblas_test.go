package openblas

import (
	"math"
	"testing"
)

// TestWrappers checks every wrapper on a tiny case, so a wrong argument
// order shows up here and not as a suspicious benchmark.
func TestWrappers(t *testing.T) {
	if !Available {
		t.Skip("built without -tags openblas")
	}
	SetNumThreads(1)
	t.Logf("OpenBLAS %s, core %s", Config(), CoreName())
	x, y := []float32{1, 2, 3}, []float32{4, 5, 6}
	if d := Sdot(3, x, 1, y, 1); d != 32 {
		t.Errorf("Sdot = %v, want 32", d)
	}
	Saxpy(3, 2, x, 1, y, 1)
	if y[0] != 6 || y[2] != 12 {
		t.Errorf("Saxpy: y = %v, want [6 9 12]", y)
	}
	Sscal(3, 0.5, y, 1)
	if y[1] != 4.5 {
		t.Errorf("Sscal: y = %v, want [3 4.5 6]", y)
	}
	a := []float32{1, 2, 3, 4, 5, 6} // 2 x 3
	out := make([]float32, 3)
	Sgemv(false, 2, 3, 1, a, 3, x, 1, 0, out[:2], 1)
	if out[0] != 14 || out[1] != 32 {
		t.Errorf("Sgemv N = %v, want [14 32]", out[:2])
	}
	Sgemv(true, 2, 3, 1, a, 3, []float32{1, 1}, 1, 0, out, 1)
	if out[0] != 5 || out[2] != 9 {
		t.Errorf("Sgemv T = %v, want [5 7 9]", out)
	}
	c := make([]float32, 4)
	Sgemm(false, true, 2, 2, 3, 1, a, 3, a, 3, 0, c, 2) // A·Aᵀ
	if want := []float32{14, 32, 32, 77}; math.Abs(float64(c[3]-want[3])) > 0 || c[1] != want[1] {
		t.Errorf("Sgemm = %v, want %v", c, want)
	}
}
