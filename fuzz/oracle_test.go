package fuzz

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// Error bounds. Every target compares a float32 kernel with the same
// formula evaluated in float64 from the same float32 inputs (exact products,
// sums with relative error 2^-53, negligible here). With u = 2^-24 (float32
// unit roundoff) a sum of n products computed in float32 in any order, with
// or without FMA and any number of partial accumulators, satisfies
//
//	|ŝ - s| <= γ(n)·Σ|a_i·b_i|,  γ(n) = n·u/(1 - n·u) <= 1.01·n·u  (n·u <= 0.01),
//
// (Higham, Accuracy and Stability of Numerical Algorithms, 3.1). Scaling the
// sum by alpha, scaling C by beta and adding costs at most three more
// roundings, so an element of alpha·Σ a·b + beta·c may be off by at most
//
//	bound = 1.05·(n+4)·u·(|alpha|·Σ|a_i·b_i| + |beta·c|) + slack,
//
// where slack = (2n+8)·2^-149·max(1, |alpha|) covers the absolute (not
// relative) rounding of results in the subnormal range. The bound only holds
// when no intermediate result can overflow, in any evaluation order; see
// sumCheckable. Sscal (one rounding of an exact product) must be exact.
const (
	unitRoundoff = 1.0 / (1 << 24)
	subnormalULP = 1.401298464324817e-45 // 2^-149
	safeMax      = 0x1p120               // intermediate magnitudes below this cannot overflow float32
	safeMin      = 0x1p-120              // products of factors above this stay normal
)

// sumBound is the error bound above for n products.
func sumBound(n int, alpha, mag float64) float64 {
	return 1.05*float64(n+4)*unitRoundoff*mag + float64(2*n+8)*subnormalULP*math.Max(1, math.Abs(alpha))
}

// prescaleSlack is the extra absolute error of one term u·v when a kernel
// scales a factor by alpha before multiplying, as the reference BLAS's
// GEMV does (TEMP = ALPHA*X(J)) and so do simdml's GEMV and rank-1 GEMM
// kernels: alpha·u rounds by a relative u only while it stays normal; in
// the subnormal range it may be off by 2^-150 absolutely, which the other
// factor then multiplies. Either factor may be the scaled one, hence the
// larger magnitude. Scaling by ±1 (or 0) is exact.
func prescaleSlack(alpha, u, v float32) float64 {
	if a := math.Abs(float64(alpha)); a == 0 || a == 1 {
		return 0
	}
	return math.Max(finiteAbs(float64(u)), finiteAbs(float64(v))) * subnormalULP / 2
}

// span describes the finite magnitudes and non-finite values among the
// elements an operation reads.
type span struct {
	max   float64 // largest finite |v|
	min   float64 // smallest nonzero finite |v| (+Inf if none)
	inf   bool    // some element is ±Inf
	count int
}

func newSpan() span { return span{min: math.Inf(1)} }

func (s *span) add(v float32) {
	f := math.Abs(float64(v))
	s.count++
	switch {
	case math.IsInf(f, 0):
		s.inf = true
	case math.IsNaN(f):
	default:
		s.max = math.Max(s.max, f)
		if f != 0 {
			s.min = math.Min(s.min, f)
		}
	}
}

// sumCheckable reports whether alpha·Σ_{n terms} a·b + beta·c can be
// checked against its float64 value: no intermediate of any evaluation order
// can overflow float32, and, when an Inf is among the inputs (where 0·Inf =
// NaN but tiny·Inf = Inf), no product of nonzero factors can underflow to 0.
func sumCheckable(n int, alpha, beta float32, a, b, c span) bool {
	al := math.Abs(float64(alpha))
	if math.IsInf(al, 0) {
		return false // alpha·s for s near 0: sign and NaN depend on rounding
	}
	m := math.Max(1, al) * math.Max(1, a.max) * math.Max(1, b.max) * float64(n+1)
	m += math.Max(1, math.Abs(float64(beta))) * math.Max(1, c.max)
	if !(m <= safeMax) {
		return false
	}
	if a.inf || b.inf || c.inf || math.IsInf(float64(beta), 0) {
		lo := math.Min(1, a.min) * math.Min(1, b.min)
		if al != 0 {
			lo *= math.Min(1, al)
		}
		return lo >= safeMin
	}
	return true
}

// sentinel fills every element an operation must neither use nor write: a
// signalling NaN, so arithmetic on it would also change its bits.
var sentinel = math.Float32frombits(0x7fa5a5a5)

// sameBits reports the first index where a and b differ bitwise, or -1.
func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return i
		}
	}
	return -1
}

// eachLevel runs f once per kernel level available in this process with
// that level active, restoring the previous level afterwards.
func eachLevel(t *testing.T, f func(l cpu.Level)) {
	t.Helper()
	for _, l := range cpu.Available() {
		func() {
			restore, err := cpu.Set(l)
			if err != nil {
				t.Fatal(err)
			}
			defer restore()
			f(l)
		}()
	}
}

// call runs op, failing the test with desc if it touched a guard page, and
// saying which of ar's buffers the faulting address was next to.
func call(t *testing.T, l cpu.Level, ar *guard.Arena, desc string, op func()) {
	t.Helper()
	if err := guard.Catch(op); err != nil {
		where := ""
		if f, ok := err.(*guard.Fault); ok {
			if addr, ok := f.Addr(); ok {
				where = " (" + ar.Describe(addr) + ")"
			}
		}
		t.Fatalf("%v: %s: touched memory outside its arguments%s: %v", l, desc, where, err)
	}
}

// guarded copies src into a buffer flush against a guard page on side.
func guarded(a *guard.Arena, src []float32, side guard.Side) []float32 {
	return a.FloatsOf(src, side)
}

func side(b bool) guard.Side {
	if b {
		return guard.Before
	}
	return guard.After
}

// vecIndex returns the slice index of element i of an n-vector at increment inc.
func vecIndex(i, n, inc int) int {
	if inc < 0 {
		return (n - 1 - i) * -inc
	}
	return i * inc
}

// vecLen is the length a slice needs for n elements at increment inc.
func vecLen(n, inc int) int {
	if n == 0 {
		return 0
	}
	if inc < 0 {
		inc = -inc
	}
	return 1 + (n-1)*inc
}

// makeVec returns a slice of vecLen(n, inc) with sentinels in the gaps and
// decoded values at the n element positions.
func makeVec(d *decoder, n, inc int) []float32 {
	s := make([]float32, vecLen(n, inc))
	for i := range s {
		s[i] = sentinel
	}
	for i := 0; i < n; i++ {
		s[vecIndex(i, n, inc)] = d.value()
	}
	return s
}

// matLen is the length a slice needs for rows x cols at leading dimension ld.
func matLen(rows, cols, ld int) int {
	if rows == 0 || cols == 0 {
		return 0
	}
	return (rows-1)*ld + cols
}

// makeMat returns a rows x cols matrix at leading dimension ld with
// sentinels in the padding.
func makeMat(d *decoder, rows, cols, ld int) []float32 {
	s := make([]float32, matLen(rows, cols, ld))
	for i := range s {
		s[i] = sentinel
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			s[i*ld+j] = d.value()
		}
	}
	return s
}

// checkUnchanged fails if got differs bitwise from want.
func checkUnchanged(t *testing.T, l cpu.Level, what string, got, want []float32) {
	t.Helper()
	if i := sameBits(got, want); i >= 0 {
		t.Fatalf("%v: %s[%d] changed: %v (%#x), was %v (%#x)", l, what, i,
			got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
	}
}

// fmtF formats a float32 with its bits, for failure messages.
func fmtF(v float32) string { return fmt.Sprintf("%v (%#08x)", v, math.Float32bits(v)) }
