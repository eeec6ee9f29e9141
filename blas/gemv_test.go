package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/testutil"
)

// TestSgemv checks Sgemv through the public API: both orientations, unit
// and non-unit (also negative) increments, padded lda, alpha and beta
// special values. The kernel package tests many more shapes of the
// unit-stride kernels.
func TestSgemv(t *testing.T) {
	shapes := [][2]int{{1, 1}, {3, 5}, {4, 16}, {7, 33}, {33, 7}, {17, 65}, {64, 129}, {130, 10}, {5, 1100}, {1030, 3}}
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(21, 22))
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, s := range shapes {
				for _, incX := range level1Incs {
					for _, incY := range level1Incs {
						alpha, beta := float32(1.25), []float32{0, 1, -0.5}[r.IntN(3)]
						if r.IntN(8) == 0 {
							alpha = 0
						}
						gemvCheck(t, r, tA, s[0], s[1], s[1]+r.IntN(3), alpha, beta, incX, incY)
					}
				}
			}
		}
	})
}

// gemvCheck runs one Sgemv and compares it with the float64 reference. A's
// row padding holds NaN (must not be read); with beta == 0 y starts as NaN
// (must not survive); with alpha == 0, A and x hold NaN (must not be read).
func gemvCheck(t *testing.T, r *rand.Rand, tA blas.Transpose, m, n, lda int, alpha, beta float32, incX, incY int) {
	t.Helper()
	trans := tA == blas.Trans
	lenX, lenY := n, m
	if trans {
		lenX, lenY = m, n
	}
	a := testutil.NewGuarded(r, (m-1)*lda+n, r.IntN(16))
	for i := range a.Data() {
		if i%lda >= n || alpha == 0 {
			a.Data()[i] = float32(math.NaN())
		}
	}
	x := testutil.NewGuarded(r, level1Span(lenX, incX), r.IntN(16))
	y := testutil.NewGuarded(r, level1Span(lenY, incY), r.IntN(16))
	if alpha == 0 {
		x.Data()[0] = float32(math.NaN())
	}
	if beta == 0 {
		for i := range y.Data() {
			y.Data()[i] = float32(math.NaN())
		}
	}
	a0, x0, y0 := testutil.Clone(a.Data()), testutil.Clone(x.Data()), testutil.Clone(y.Data())
	blas.Sgemv(tA, m, n, alpha, a.Data(), lda, x.Data(), incX, beta, y.Data(), incY)

	want, abs := testutil.GemvRef(trans, m, n, alpha, a0, lda, level1Gather(lenX, x0, incX), 1, beta, level1Gather(lenY, y0, incY))
	tol := make([]float64, lenY)
	for i := range tol {
		tol[i] = testutil.SumTol(lenX+1, abs[i])
	}
	name := fmt.Sprintf("Sgemv %c m=%d n=%d lda=%d alpha=%v beta=%v incX=%d incY=%d", tA, m, n, lda, alpha, beta, incX, incY)
	if beta == 0 {
		// Elements between the strides of y keep their (NaN) values.
		testutil.CheckClose(t, name, level1Gather(lenY, y.Data(), incY), want, tol)
	} else {
		level1CheckStrided(t, name, lenY, y.Data(), y0, incY, want, tol)
	}
	a.Check(t, name+" a")
	x.Check(t, name+" x")
	y.Check(t, name+" y")
	testutil.CheckUnchanged(t, name+" a", a0, a.Data())
	testutil.CheckUnchanged(t, name+" x", x0, x.Data())
}

// TestSgemvEmpty checks that m == 0 or n == 0 does nothing, not even
// scaling y by beta, as in the reference BLAS.
func TestSgemvEmpty(t *testing.T) {
	y := []float32{1, 2, 3}
	blas.Sgemv(blas.NoTrans, 3, 0, 1, nil, 1, nil, 1, 0, y, 1)
	blas.Sgemv(blas.Trans, 0, 3, 1, nil, 3, nil, 1, 0, y, 1)
	if y[0] != 1 || y[1] != 2 || y[2] != 3 {
		t.Errorf("empty Sgemv changed y to %v", y)
	}
}

func TestSgemvPanics(t *testing.T) {
	a, x, y := make([]float32, 12), make([]float32, 4), make([]float32, 4)
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"blas: Sgemv: tA = 'X', want 'N' or 'T'", func() { blas.Sgemv('X', 3, 4, 1, a, 4, x, 1, 0, y, 1) }},
		{"blas: Sgemv: m = -1 < 0", func() { blas.Sgemv(blas.NoTrans, -1, 4, 1, a, 4, x, 1, 0, y, 1) }},
		{"blas: Sgemv: n = -1 < 0", func() { blas.Sgemv(blas.NoTrans, 3, -1, 1, a, 4, x, 1, 0, y, 1) }},
		{"blas: Sgemv: lda = 3 < max(1, 4)", func() { blas.Sgemv(blas.NoTrans, 3, 4, 1, a, 3, x, 1, 0, y, 1) }},
		{"blas: Sgemv: len(a) = 12, need 15 for 3 x 5 with lda = 5", func() { blas.Sgemv(blas.NoTrans, 3, 5, 1, a, 5, make([]float32, 5), 1, 0, y, 1) }},
		{"blas: Sgemv: incX is zero", func() { blas.Sgemv(blas.NoTrans, 3, 4, 1, a, 4, x, 0, 0, y, 1) }},
		{"blas: Sgemv: incY is zero", func() { blas.Sgemv(blas.NoTrans, 3, 4, 1, a, 4, x, 1, 0, y, 0) }},
		{"blas: Sgemv: len(x) = 4, need 7 for n = 4, incX = 2", func() { blas.Sgemv(blas.NoTrans, 3, 4, 1, a, 4, x, 2, 0, y, 1) }},
		{"blas: Sgemv: len(x) = 4, need 5 for n = 3, incX = -2", func() { blas.Sgemv(blas.Trans, 3, 4, 1, a, 4, x, -2, 0, y, 1) }},
		{"blas: Sgemv: len(y) = 4, need 5 for n = 3, incY = 2", func() { blas.Sgemv(blas.NoTrans, 3, 4, 1, a, 4, x, 1, 0, y, 2) }},
		{"blas: Sgemv: len(y) = 3, need 4 for n = 4, incY = 1", func() { blas.Sgemv(blas.Trans, 3, 4, 1, a, 4, x, 1, 0, y[:3], 1) }},
	} {
		testutil.MustPanic(t, c.want, c.f)
	}
}

func TestSgemvAllocs(t *testing.T) {
	a, x, y := make([]float32, 256*784), make([]float32, 2*784), make([]float32, 2*784)
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, inc := range []int{1, 2} {
				if n := testing.AllocsPerRun(5, func() {
					blas.Sgemv(tA, 256, 784, 1, a, 784, x, inc, 0.5, y, inc)
				}); n != 0 {
					t.Errorf("Sgemv %c inc=%d: %v allocs per run", tA, inc, n)
				}
			}
		}
	})
}
