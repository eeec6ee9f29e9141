package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// level1Width and level1Unroll are the widest vector (AVX-512: 16 float32)
// and the main-loop unroll of the Level-1 kernels: testutil.Sizes covers
// every n up to 2*16+1 and every n around multiples of 16*4.
const (
	level1Width  = 16
	level1Unroll = 4
)

// level1Offsets returns the start offsets to try for vectors of length n:
// all of 0..15 for short vectors (every alignment of a 64-byte line), a
// few for long ones, fewer under -short (qemu).
func level1Offsets(n int) []int {
	if testing.Short() || n > 200 {
		return []int{0, 1, 7}
	}
	return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
}

// level1Specials overwrites up to three random elements of x with NaN, +Inf
// and -Inf, so NaN and Inf propagation is checked against the float64
// reference, which propagates them the same way.
func level1Specials(r *rand.Rand, x []float32) {
	if len(x) == 0 {
		return
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		x[r.IntN(len(x))] = float32(v)
	}
}

// level1Case runs f for every size, offset and (for a few sizes) with
// NaN/Inf planted, at every kernel level.
func level1Case(t *testing.T, f func(t *testing.T, r *rand.Rand, n, off int, special bool)) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, n := range testutil.Sizes(level1Width, level1Unroll) {
			for _, off := range level1Offsets(n) {
				f(t, r, n, off, false)
			}
			f(t, r, n, 3, true)
		}
	})
}

func TestAxpy(t *testing.T) {
	level1Case(t, func(t *testing.T, r *rand.Rand, n, off int, special bool) {
		alpha := float32(4*r.Float64() - 2)
		x, y := testutil.NewGuarded(r, n, off), testutil.NewGuarded(r, n, (off*5+3)%16)
		if special {
			level1Specials(r, x.Data())
		}
		x0, y0 := testutil.Clone(x.Data()), testutil.Clone(y.Data())
		Axpy(alpha, x.Data(), y.Data())
		// One FMA (one rounding) or a multiply and an add (two): the error
		// is at most 2u·(|y| + |alpha·x|).
		want, tol := make([]float64, n), make([]float64, n)
		for i := range want {
			p := float64(alpha) * float64(x0[i])
			want[i] = float64(y0[i]) + p
			tol[i] = 2 * testutil.Eps32 * (math.Abs(float64(y0[i])) + math.Abs(p))
		}
		testutil.CheckClose(t, "Axpy", y.Data(), want, tol)
		x.Check(t, "Axpy x")
		y.Check(t, "Axpy y")
		testutil.CheckUnchanged(t, "Axpy x", x0, x.Data())
	})
}

func TestDot(t *testing.T) {
	level1Case(t, func(t *testing.T, r *rand.Rand, n, off int, special bool) {
		x, y := testutil.NewGuarded(r, n, off), testutil.NewGuarded(r, n, (off*5+3)%16)
		if special {
			level1Specials(r, y.Data())
		}
		x0, y0 := testutil.Clone(x.Data()), testutil.Clone(y.Data())
		got := Dot(x.Data(), y.Data())
		want, abs := testutil.DotRef(n, x0, 1, y0, 1)
		if !testutil.Close(got, want, testutil.SumTol(n, abs)) {
			t.Errorf("Dot n=%d off=%d = %v, want %v ± %.3g", n, off, got, want, testutil.SumTol(n, abs))
		}
		x.Check(t, "Dot x")
		y.Check(t, "Dot y")
		testutil.CheckUnchanged(t, "Dot x", x0, x.Data())
		testutil.CheckUnchanged(t, "Dot y", y0, y.Data())
	})
}

func TestScal(t *testing.T) {
	level1Case(t, func(t *testing.T, r *rand.Rand, n, off int, special bool) {
		alpha := float32(4*r.Float64() - 2)
		if n%7 == 0 {
			alpha = 0 // still multiplies: NaN and Inf become NaN
		}
		x := testutil.NewGuarded(r, n, off)
		if special {
			level1Specials(r, x.Data())
		}
		x0 := testutil.Clone(x.Data())
		Scal(alpha, x.Data())
		// A float32 product is exact before its one rounding.
		want, tol := make([]float64, n), make([]float64, n)
		for i := range want {
			want[i] = float64(alpha) * float64(x0[i])
			tol[i] = testutil.Eps32 * math.Abs(want[i])
		}
		testutil.CheckClose(t, "Scal", x.Data(), want, tol)
		x.Check(t, "Scal x")
	})
}

func TestLevel1Empty(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		Axpy(1, nil, nil)
		Scal(2, nil)
		if d := Dot(nil, nil); d != 0 {
			t.Errorf("Dot(nil, nil) = %v", d)
		}
	})
}

func TestLevel1Allocs(t *testing.T) {
	x, y := make([]float32, 1000), make([]float32, 1000)
	testutil.ForEachLevel(t, func(t *testing.T) {
		if a := testing.AllocsPerRun(10, func() {
			Axpy(0.5, x, y)
			Scal(0.5, y)
			_ = Dot(x, y)
		}); a != 0 {
			t.Errorf("Axpy+Scal+Dot allocate %v times per run", a)
		}
	})
}
