package optim

import (
	"math"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

func gradParams(gs ...[]float32) []nn.Param {
	ps := make([]nn.Param, len(gs))
	for i, g := range gs {
		ps[i] = nn.Param{Name: string(rune('a' + i)), Value: tensor.New(len(g)), Grad: tensor.FromSlice(g, len(g))}
	}
	return ps
}

func TestClipGradNorm(t *testing.T) {
	// Global norm of (3, 4) and (12) is 13.
	ps := gradParams([]float32{3, 4}, []float32{12})
	total, err := ClipGradNorm(ps, 6.5)
	if err != nil || total != 13 {
		t.Fatalf("total %v, err %v", total, err)
	}
	coef := float32(6.5 / (13 + 1e-6))
	want := []float32{3 * coef, 4 * coef, 12 * coef}
	got := append(append([]float32(nil), ps[0].Grad.Data()...), ps[1].Grad.Data()...)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("grad %d = %v, want %v", i, got[i], want[i])
		}
	}
	// Under the limit: unchanged.
	ps = gradParams([]float32{3, 4})
	if total, _ := ClipGradNorm(ps, 10); total != 5 || ps[0].Grad.Data()[1] != 4 {
		t.Errorf("total %v, grads %v", total, ps[0].Grad.Data())
	}
	// Errors leave the gradients alone.
	ps = gradParams([]float32{3, float32(math.Inf(1))})
	if _, err := ClipGradNorm(ps, 1); err == nil || !strings.Contains(err.Error(), "norm is +Inf") {
		t.Errorf("error %v", err)
	}
	if ps[0].Grad.Data()[0] != 3 {
		t.Error("failed clip changed the gradients")
	}
	for _, m := range []float64{-1, math.NaN()} {
		if _, err := ClipGradNorm(ps, m); err == nil || !strings.HasPrefix(err.Error(), "optim: ClipGradNorm: maxNorm") {
			t.Errorf("maxNorm %v: error %v", m, err)
		}
	}
}

func TestClipGradValue(t *testing.T) {
	nan := float32(math.NaN())
	ps := gradParams([]float32{-3, -0.5, 0, 0.5, 3, nan})
	if err := ClipGradValue(ps, 1); err != nil {
		t.Fatal(err)
	}
	want := []float32{-1, -0.5, 0, 0.5, 1}
	for i, w := range want {
		if g := ps[0].Grad.Data()[i]; g != w {
			t.Errorf("grad %d = %v, want %v", i, g, w)
		}
	}
	if g := ps[0].Grad.Data()[5]; g == g {
		t.Errorf("NaN became %v", g)
	}
	if err := ClipGradValue(ps, -1); err == nil || !strings.HasPrefix(err.Error(), "optim: ClipGradValue: clip -1") {
		t.Errorf("error %v", err)
	}
}

func TestClipAllocs(t *testing.T) {
	ps := gradParams(make([]float32, 1000), make([]float32, 33))
	if n := testing.AllocsPerRun(10, func() { _, _ = ClipGradNorm(ps, 1); _ = ClipGradValue(ps, 1) }); n != 0 {
		t.Errorf("%v allocs", n)
	}
}

// TestSumSquaresAccuracy: the chunked float32 sum of squares is within the
// bound stated at sumSquares (2.4e-4 relative) of the float64 sum, at every
// kernel level.
func TestSumSquaresAccuracy(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		x := make([]float32, 235146)
		var want float64
		for i := range x {
			x[i] = float32(math.Sin(float64(i))) * 0.01
			want += float64(x[i]) * float64(x[i])
		}
		if got := sumSquares(x); math.Abs(got-want) > 2.4e-4*want {
			t.Errorf("sumSquares = %v, float64 sum %v (rel. error %.2g)", got, want, math.Abs(got-want)/want)
		}
	})
}
