//go:build amd64 && !purego

package vmath

import (
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// Guard-page cases for the column-sum kernels (added by the tensor helper
// beside the fuzz helper's vmath_amd64_guard_test.go): dst of n columns and
// a of 3 rows of n, each flush against its guard page.
func init() {
	guardCases = append(guardCases,
		guardSumCols("sumColsAVX2", cpu.AVX2, sumColsAVX2),
		guardSumCols("sumColsAVX512", cpu.AVX512, sumColsAVX512),
	)
}

func guardSumCols(name string, l cpu.Level, f func(dst, a []float32, rows int)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		f(ar.Fill(n, side, 1), ar.Fill(3*n, side, 2), 3)
	}}
}
