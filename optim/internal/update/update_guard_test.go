package update

import (
	"testing"
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
	guardpage "github.com/simdml/simdml/internal/guard"
)

// Guard-page tests: every assembly loop of this package at every level this
// machine has, each of its arrays flush against an inaccessible page
// (internal/guard), all after their data and then all before. The loops take
// n a multiple of the vector width W, so each size s of guardpage.Sizes(16)
// runs n = s &^ (W−1), which covers n = 0 (no element may be touched), W,
// 2W and the tails of every unroll up to 64W. guardCases is filled per
// architecture (update_<arch>_guard_test.go); TestGuardListComplete fails
// when an assembly stub has no case.

var guardCases []guardpage.Case

func TestGuardPages(t *testing.T) {
	sizes := guardpage.Sizes(16)
	guardpage.RunCases(t, guardCases, func(guardpage.Case) []int { return sizes })
}

func TestGuardListComplete(t *testing.T) {
	if !guardHasAsm {
		t.Skip("no assembly in this build")
	}
	guardpage.CheckComplete(t, ".", guardCases)
}

func guardWidth(l cpu.Level) int {
	switch l {
	case cpu.AVX512:
		return 16
	case cpu.AVX2:
		return 8
	}
	return 4
}

// guardArrays returns k guarded arrays of n = s &^ (W−1) elements (pointers
// to a guard page when n == 0), with the values of an optimizer state: all
// positive, so that square roots stay real.
func guardArrays(ar *guardpage.Arena, l cpu.Level, s int, side guardpage.Side, k int) (n int, ps []*float32) {
	n = s &^ (guardWidth(l) - 1)
	for i := 0; i < k; i++ {
		a := ar.Fill(n, side, i)
		for j := range a {
			a[j] = a[j]*a[j] + 0.5
		}
		ps = append(ps, unsafe.SliceData(a))
	}
	return n, ps
}

var (
	guardSGDCoef  = SGDCoef{WD: 0.01, Mom: 0.9, Damp1: 0.9, A: 1, B: 0.9, NegLR: -0.1}
	guardRMSCoef  = RMSPropCoef{WD: 0.01, Alpha: 0.99, C: 0.01, Eps: 1e-8, Mom: 0.9, NegLR: -0.01}
	guardAdamCoef = AdamCoef{Decay: 1, WD: 0.01, B1: 0.9, C1: 0.1, B2: 0.999, C2: 0.001, Eps: 3e-10, NegStep: -0.01}
)

func guardSGD(name string, l cpu.Level, f func(p, grad *float32, n int, c *[2]float32)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 2)
		f(a[0], a[1], n, &[2]float32{0.01, -0.1})
	}}
}

func guardSGDMomentum(name string, l cpu.Level, f func(p, grad, buf *float32, n int, c *SGDCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 3)
		c := guardSGDCoef
		f(a[0], a[1], a[2], n, &c)
	}}
}

func guardAdaGrad(name string, l cpu.Level, f func(p, grad, sum *float32, n int, c *[3]float32)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 3)
		f(a[0], a[1], a[2], n, &[3]float32{0.01, -0.1, 1e-10})
	}}
}
