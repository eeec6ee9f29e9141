package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/testutil"
)

// TestSgemvBias checks that SgemvBias gives the bits of copy(y, b), Sgemv
// with alpha = beta = 1 and an elementwise v < 0 → 0, at every level, for
// b apart from y and b == y, with NaN, -0 and negative results, and leaves
// a, x, b and the guards around y alone.
func TestSgemvBias(t *testing.T) {
	shapes := [][2]int{{1, 1}, {3, 5}, {4, 16}, {7, 33}, {33, 7}, {17, 65}, {64, 129}, {130, 10}, {5, 1100}, {256, 784}, {128, 256}, {10, 128}, {9, 0}}
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(31, 32))
		for _, s := range shapes {
			m, n := s[0], s[1]
			for _, same := range []bool{false, true} {
				for _, relu := range []bool{false, true} {
					lda := max(1, n+r.IntN(3))
					a := testutil.NewGuarded(r, max(0, (m-1)*lda+n), r.IntN(16))
					x := testutil.NewGuarded(r, n, r.IntN(16))
					b := testutil.NewGuarded(r, m, r.IntN(16))
					bd := b.Data()
					bd[0] = float32(math.NaN())
					if m > 2 {
						bd[1] = float32(math.Copysign(0, -1))
						bd[2] = float32(math.Inf(-1))
					}
					if n > 0 && m > 3 {
						// Row 3's product is exactly -0: its x·A is zero and b is -0.
						for j := 0; j < n; j++ {
							a.Data()[3*lda+j] = 0
						}
						bd[3] = float32(math.Copysign(0, -1))
					}
					a0, x0, b0 := testutil.Clone(a.Data()), testutil.Clone(x.Data()), testutil.Clone(bd)
					y := testutil.NewGuarded(r, m, r.IntN(16))
					yb := y.Data()
					if same {
						copy(yb, bd)
						blas.SgemvBias(m, n, a.Data(), lda, x.Data(), yb, yb, relu)
					} else {
						blas.SgemvBias(m, n, a.Data(), lda, x.Data(), bd, yb, relu)
					}
					want := testutil.Clone(b0)
					if m > 0 && n > 0 {
						blas.Sgemv(blas.NoTrans, m, n, 1, a0, lda, x0, 1, 1, want, 1)
					}
					for i, v := range want {
						if relu && v < 0 {
							want[i] = 0
						}
					}
					name := fmt.Sprintf("SgemvBias m=%d n=%d lda=%d same=%v relu=%v", m, n, lda, same, relu)
					for i := range want {
						if math.Float32bits(yb[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%s: y[%d] = %v, copy+Sgemv+ReLU gives %v", name, i, yb[i], want[i])
						}
					}
					a.Check(t, name+" a")
					x.Check(t, name+" x")
					b.Check(t, name+" b")
					y.Check(t, name+" y")
					testutil.CheckUnchanged(t, name+" a", a0, a.Data())
					testutil.CheckUnchanged(t, name+" x", x0, x.Data())
					if !same {
						testutil.CheckUnchanged(t, name+" b", b0, bd)
					}
				}
			}
		}
	})
}

func TestSgemvBiasEmpty(t *testing.T) {
	y := []float32{1, 2, 3}
	blas.SgemvBias(0, 3, nil, 3, make([]float32, 3), nil, y, true)
	if y[0] != 1 || y[1] != 2 || y[2] != 3 {
		t.Errorf("SgemvBias with m = 0 changed y to %v", y)
	}
	blas.SgemvBias(3, 0, nil, 1, nil, []float32{-1, 0, 5}, y, true)
	if y[0] != 0 || y[1] != 0 || y[2] != 5 {
		t.Errorf("SgemvBias with n = 0: y = %v, want [0 0 5]", y)
	}
}

func TestSgemvBiasPanics(t *testing.T) {
	a, x, b, y := make([]float32, 12), make([]float32, 4), make([]float32, 4), make([]float32, 4)
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"blas: SgemvBias: m = -1 < 0", func() { blas.SgemvBias(-1, 4, a, 4, x, b, y, false) }},
		{"blas: SgemvBias: n = -1 < 0", func() { blas.SgemvBias(3, -1, a, 4, x, b, y, false) }},
		{"blas: SgemvBias: lda = 3 < max(1, 4)", func() { blas.SgemvBias(3, 4, a, 3, x, b, y, false) }},
		{"blas: SgemvBias: len(a) = 12, need 15 for 3 x 5 with lda = 5", func() { blas.SgemvBias(3, 5, a, 5, make([]float32, 5), b, y, false) }},
		{"blas: SgemvBias: len(x) = 4, need 5 for n = 5, incX = 1", func() { blas.SgemvBias(2, 5, a, 5, x, b, y, false) }},
		{"blas: SgemvBias: len(b) = 2, need 3 for m = 3", func() { blas.SgemvBias(3, 4, a, 4, x, b[:2], y, false) }},
		{"blas: SgemvBias: len(y) = 2, need 3 for m = 3", func() { blas.SgemvBias(3, 4, a, 4, x, b, y[:2], false) }},
		{"blas: SgemvBias: b and y overlap without being the same slice", func() { blas.SgemvBias(3, 4, a, 4, x, y[1:], y, false) }},
	} {
		testutil.MustPanic(t, c.want, c.f)
	}
}

func TestSgemvBiasAllocs(t *testing.T) {
	a, x, b, y := make([]float32, 256*784), make([]float32, 784), make([]float32, 256), make([]float32, 256)
	testutil.ForEachLevel(t, func(t *testing.T) {
		if n := testing.AllocsPerRun(5, func() { blas.SgemvBias(256, 784, a, 784, x, b, y, true) }); n != 0 {
			t.Errorf("SgemvBias: %v allocs per run", n)
		}
	})
}
