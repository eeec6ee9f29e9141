package kernels

import (
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// Guard-page tests: every assembly entry point of this package, at every
// level this machine has, with every slice argument flush against an
// inaccessible page (internal/guard), first all after their data, then all
// before, over guard.Sizes(16) (0..2·16+1 and the tails of unrolled loops).
// An access one element outside an argument faults and fails the test with
// the function, size and placement.
//
// guardCases is filled per architecture (kernels_<arch>_guard_test.go);
// TestGuardListComplete fails when an assembly stub has no case.

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

func guardAxpy(name string, l cpu.Level, f func(alpha float32, x, y []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(1.5, ar.Fill(n, side, 1), ar.Fill(n, side, 2))
	}}
}

func guardDot(name string, l cpu.Level, f func(x, y []float32) float32) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(ar.Fill(n, side, 1), ar.Fill(n, side, 2))
	}}
}

func guardScal(name string, l cpu.Level, f func(alpha float32, x []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(-0.5, ar.Fill(n, side, 1))
	}}
}

// guardGemv runs f for m x size and size x m, m in 1..17 (the kernels need
// m, n >= 1), lda = n and n+3; x and y hold exactly the elements the
// transpose needs.
func guardGemv(name string, l cpu.Level, trans bool, f func(m, n int, alpha float32, a []float32, lda int, x, y []float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, size int, side guard.Side) {
		if size == 0 {
			return
		}
		for other := 1; other <= 17; other++ {
			for _, mn := range [][2]int{{size, other}, {other, size}} {
				m, n := mn[0], mn[1]
				lx, ly := n, m
				if trans {
					lx, ly = m, n
				}
				for _, pad := range []int{0, 3} {
					var sub guard.Arena
					lda := n + pad
					f(m, n, 0.75, sub.Fill((m-1)*lda+n, side, 1), lda, sub.Fill(lx, side, 2), sub.Fill(ly, side, 3))
					sub.Free()
				}
			}
		}
	}}
}

// TestGuardCatchesOverread proves the harness sees an assembly over-read:
// a dot kernel given y one element shorter than x must fault.
func TestGuardCatchesOverread(t *testing.T) {
	if !guard.Supported || !guardHasAsm {
		t.Skip("no guard pages or no assembly")
	}
	for _, c := range guardOverreadProbes {
		if !cpu.Has(c.Level) {
			continue
		}
		var ar guard.Arena
		err := guard.Catch(func() { c.Run(&ar, 37, guard.After) })
		ar.Free()
		if err == nil {
			t.Errorf("%s: reading past the end of y did not fault", c.Name)
		}
	}
}

// guardShortY builds a probe calling dot with len(y) = len(x)-1.
func guardShortY(name string, l cpu.Level, f func(x, y []float32) float32) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(ar.Fill(n, side, 1), ar.Fill(n-1, side, 2))
	}}
}
