package blas_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/testutil"
)

// level1Incs are the increments every strided test uses: unit, positive
// non-unit and negative (the reference BLAS walks those from the far end).
var level1Incs = []int{1, 2, -1, -3}

// level1Sizes are the vector lengths for the strided tests: all of
// 0..2*16+1 and the unroll edges (the kernel package tests every offset).
func level1Sizes() []int {
	if testing.Short() {
		return []int{0, 1, 2, 7, 15, 16, 17, 33, 63, 64, 65, 129}
	}
	return testutil.Sizes(16, 4)
}

// level1Span is the slice length a vector of n elements at increment inc
// needs.
func level1Span(n, inc int) int {
	if n == 0 {
		return 0
	}
	return 1 + (n-1)*max(inc, -inc)
}

// level1Gather returns the n elements of x at increment inc in visiting
// order.
func level1Gather(n int, x []float32, inc int) []float32 {
	out := make([]float32, n)
	ix := testutil.Start(n, inc)
	for i := range out {
		out[i] = x[ix]
		ix += inc
	}
	return out
}

// level1CheckStrided compares the strided output y against want (in
// visiting order) and checks that elements between the strides are
// unchanged.
func level1CheckStrided(t *testing.T, name string, n int, y, y0 []float32, inc int, want, tol []float64) {
	t.Helper()
	testutil.CheckClose(t, name, level1Gather(n, y, inc), want, tol)
	step := max(inc, -inc)
	for i := range y {
		if i%step != 0 && math.Float32bits(y[i]) != math.Float32bits(y0[i]) {
			t.Errorf("%s: element %d between strides changed from %v to %v", name, i, y0[i], y[i])
			return
		}
	}
}

func TestSaxpy(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for _, n := range level1Sizes() {
			for _, incX := range level1Incs {
				for _, incY := range level1Incs {
					alpha := float32(4*r.Float64() - 2)
					if n%5 == 4 {
						alpha = 0 // a no-op: x is not even read
					}
					x := testutil.NewGuarded(r, level1Span(n, incX), r.IntN(16))
					y := testutil.NewGuarded(r, level1Span(n, incY), r.IntN(16))
					if n%3 == 2 { // with alpha == 0 the NaN and Inf must not reach y
						level1Specials(r, x.Data())
					}
					x0, y0 := testutil.Clone(x.Data()), testutil.Clone(y.Data())
					blas.Saxpy(n, alpha, x.Data(), incX, y.Data(), incY)
					xs, ys := level1Gather(n, x0, incX), level1Gather(n, y0, incY)
					want, tol := make([]float64, n), make([]float64, n)
					for i := range want {
						want[i] = float64(ys[i])
						if alpha != 0 {
							p := float64(alpha) * float64(xs[i])
							want[i] += p
							// FMA rounds once, mul+add twice: ≤ 2u(|y|+|αx|).
							tol[i] = 2 * testutil.Eps32 * (math.Abs(float64(ys[i])) + math.Abs(p))
						}
					}
					name := fmt.Sprintf("Saxpy n=%d incX=%d incY=%d", n, incX, incY)
					level1CheckStrided(t, name, n, y.Data(), y0, incY, want, tol)
					x.Check(t, name+" x")
					y.Check(t, name+" y")
					testutil.CheckUnchanged(t, name+" x", x0, x.Data())
				}
			}
		}
	})
}

func TestSdot(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, n := range level1Sizes() {
			for _, incX := range level1Incs {
				for _, incY := range level1Incs {
					x := testutil.NewGuarded(r, level1Span(n, incX), r.IntN(16))
					y := testutil.NewGuarded(r, level1Span(n, incY), r.IntN(16))
					if n%3 == 2 {
						level1Specials(r, y.Data())
					}
					x0, y0 := testutil.Clone(x.Data()), testutil.Clone(y.Data())
					got := blas.Sdot(n, x.Data(), incX, y.Data(), incY)
					want, abs := testutil.DotRef(n, x0, incX, y0, incY)
					if tol := testutil.SumTol(n, abs); !testutil.Close(got, want, tol) {
						t.Errorf("Sdot n=%d incX=%d incY=%d = %v, want %v ± %.3g", n, incX, incY, got, want, tol)
					}
					x.Check(t, "Sdot x")
					y.Check(t, "Sdot y")
					testutil.CheckUnchanged(t, "Sdot x", x0, x.Data())
					testutil.CheckUnchanged(t, "Sdot y", y0, y.Data())
				}
			}
		}
	})
}

func TestSscal(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(15, 16))
		for _, n := range level1Sizes() {
			for _, inc := range []int{1, 2, 3} {
				alpha := float32(4*r.Float64() - 2)
				x := testutil.NewGuarded(r, level1Span(n, inc), r.IntN(16))
				if n%3 == 2 {
					level1Specials(r, x.Data())
				}
				x0 := testutil.Clone(x.Data())
				blas.Sscal(n, alpha, x.Data(), inc)
				want, tol := make([]float64, n), make([]float64, n)
				for i, v := range level1Gather(n, x0, inc) {
					want[i] = float64(alpha) * float64(v)
					tol[i] = testutil.Eps32 * math.Abs(want[i]) // one rounding of an exact product
				}
				name := fmt.Sprintf("Sscal n=%d inc=%d", n, inc)
				level1CheckStrided(t, name, n, x.Data(), x0, inc, want, tol)
				x.Check(t, name)
			}
		}
	})
}

// level1Specials overwrites random elements of x with NaN, +Inf and -Inf.
func level1Specials(r *rand.Rand, x []float32) {
	if len(x) == 0 {
		return
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x[r.IntN(len(x))] = float32(v)
	}
}

func TestLevel1Panics(t *testing.T) {
	x := make([]float32, 4)
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"blas: Saxpy: n = -1 < 0", func() { blas.Saxpy(-1, 1, x, 1, x, 1) }},
		{"blas: Saxpy: incX is zero", func() { blas.Saxpy(2, 1, x, 0, x, 1) }},
		{"blas: Saxpy: incY is zero", func() { blas.Saxpy(2, 1, x, 1, x, 0) }},
		{"blas: Saxpy: len(x) = 4, need 5 for n = 5, incX = 1", func() { blas.Saxpy(5, 1, x, 1, make([]float32, 5), 1) }},
		{"blas: Saxpy: len(y) = 4, need 7 for n = 3, incY = -3", func() { blas.Saxpy(3, 1, make([]float32, 9), 1, x, -3) }},
		{"blas: Sdot: n = -2 < 0", func() { blas.Sdot(-2, x, 1, x, 1) }},
		{"blas: Sdot: incX is zero", func() { blas.Sdot(1, x, 0, x, 1) }},
		{"blas: Sdot: incY is zero", func() { blas.Sdot(1, x, 1, x, 0) }},
		{"blas: Sdot: len(x) = 4, need 5 for n = 3, incX = 2", func() { blas.Sdot(3, x, 2, make([]float32, 9), 1) }},
		{"blas: Sdot: len(y) = 4, need 5 for n = 5, incY = 1", func() { blas.Sdot(5, make([]float32, 9), 1, x, 1) }},
		{"blas: Sscal: n = -1 < 0", func() { blas.Sscal(-1, 1, x, 1) }},
		{"blas: Sscal: incX = 0, must be positive", func() { blas.Sscal(1, 1, x, 0) }},
		{"blas: Sscal: incX = -1, must be positive", func() { blas.Sscal(1, 1, x, -1) }},
		{"blas: Sscal: len(x) = 4, need 5 for n = 5, incX = 1", func() { blas.Sscal(5, 1, x, 1) }},
	} {
		testutil.MustPanic(t, c.want, c.f)
	}
}

func TestLevel1Allocs(t *testing.T) {
	x, y := make([]float32, 1027), make([]float32, 1027)
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, inc := range []int{1, -1, 2} {
			n := 1 + 1026/max(inc, -inc)
			if a := testing.AllocsPerRun(10, func() { blas.Saxpy(n, 0.5, x, inc, y, inc) }); a != 0 {
				t.Errorf("Saxpy inc=%d: %v allocs per run", inc, a)
			}
			if a := testing.AllocsPerRun(10, func() { _ = blas.Sdot(n, x, inc, y, inc) }); a != 0 {
				t.Errorf("Sdot inc=%d: %v allocs per run", inc, a)
			}
			if inc > 0 {
				if a := testing.AllocsPerRun(10, func() { blas.Sscal(n, 0.5, y, inc) }); a != 0 {
					t.Errorf("Sscal inc=%d: %v allocs per run", inc, a)
				}
			}
		}
	})
}
