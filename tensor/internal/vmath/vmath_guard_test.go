package vmath

import (
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// Guard-page tests: every assembly entry point of this package at every
// level this machine has, every slice argument flush against an
// inaccessible page (internal/guard), all after their data and then all
// before, over guard.Sizes(16): 0..2·16+1 and the tails of unrolled loops.
// The kernels handle len(dst) &^ (W−1) elements; the reductions need
// len(x) >= W and are called only then. guardCases is filled per
// architecture (vmath_<arch>_guard_test.go); TestGuardListComplete fails
// when an assembly stub has no case.

var guardCases []guard.Case

func TestGuardPages(t *testing.T) {
	sizes := guard.Sizes(16)
	guard.RunCases(t, guardCases, func(guard.Case) []int { return sizes })
}

func TestGuardListComplete(t *testing.T) {
	if !guardHasAsm {
		t.Skip("no assembly in this build")
	}
	guard.CheckComplete(t, ".", guardCases)
}

var guardSink float32

// guardWidth is the vector width of a level's kernels, in float32.
func guardWidth(l cpu.Level) int {
	if l == cpu.AVX512 {
		return 16
	}
	return 4 << (l & 1) // AVX2: 8; NEON: 4
}

func guardUnary(name string, l cpu.Level, f func(dst, x []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(ar.Fill(n, side, 1), ar.Fill(n, side, 2))
	}}
}

func guardBinary(name string, l cpu.Level, f func(dst, a, b []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(ar.Fill(n, side, 1), ar.Fill(n, side, 2), ar.Fill(n, side, 3))
	}}
}

func guardScalar(name string, l cpu.Level, f func(dst, a []float32, s float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(ar.Fill(n, side, 1), ar.Fill(n, side, 2), 0.25)
	}}
}

func guardAxpy(name string, l cpu.Level, f func(dst []float32, alpha float32, x []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(ar.Fill(n, side, 1), 0.25, ar.Fill(n, side, 2))
	}}
}

func guardReduce(name string, l cpu.Level, f func(x []float32) float32) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		if n >= guardWidth(l) {
			guardSink = f(ar.Fill(n, side, 1))
		}
	}}
}

func guardExpShiftSum(name string, l cpu.Level, f func(dst, x []float32, m float32) float32) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(ar.Fill(n, side, 1), ar.Fill(n, side, 2), 6)
	}}
}

func guardSumExpShift(name string, l cpu.Level, f func(x []float32, m float32) float32) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(ar.Fill(n, side, 1), 6)
	}}
}
