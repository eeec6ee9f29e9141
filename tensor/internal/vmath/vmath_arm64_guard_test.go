//go:build arm64 && !purego

package vmath

import (
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

const guardHasAsm = true

func init() {
	ne := cpu.NEON
	guardCases = append(guardCases,
		guardUnary("expNEON", ne, expNEON), guardUnary("sigmoidNEON", ne, sigmoidNEON),
		guardUnary("tanhNEON", ne, tanhNEON), guardUnary("reluNEON", ne, reluNEON),
		guardBinary("reluBackwardNEON", ne, reluBackwardNEON), guardBinary("sigmoidBackwardNEON", ne, sigmoidBackwardNEON),
		guardBinary("tanhBackwardNEON", ne, tanhBackwardNEON), guardBinary("addNEON", ne, addNEON),
		guardBinary("subNEON", ne, subNEON), guardBinary("mulNEON", ne, mulNEON),
		guardScalar("scaleNEON", ne, scaleNEON), guardScalar("addScalarNEON", ne, addScalarNEON),
		guardAxpy("axpyNEON", ne, axpyNEON),
		guardReduce("maxNEON", ne, maxNEON), guardReduce("sumNEON", ne, sumNEON),
		guardExpShiftSum("expShiftSumNEON", ne, expShiftSumNEON), guardSumExpShift("sumExpShiftNEON", ne, sumExpShiftNEON),
		// dst of n columns, a of 3 rows of n.
		guard.Case{Name: "sumColsNEON", Level: ne, Run: func(ar *guard.Arena, n int, side guard.Side) {
			sumColsNEON(ar.Fill(n, side, 1), ar.Fill(3*n, side, 2), 3)
		}},
	)
}
