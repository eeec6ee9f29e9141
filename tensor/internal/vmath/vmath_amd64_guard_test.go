//go:build amd64 && !purego

package vmath

import "github.com/simdml/simdml/internal/cpu"

const guardHasAsm = true

func init() {
	a2, a5 := cpu.AVX2, cpu.AVX512
	guardCases = append(guardCases,
		guardUnary("expAVX2", a2, expAVX2), guardUnary("expAVX512", a5, expAVX512),
		guardUnary("sigmoidAVX2", a2, sigmoidAVX2), guardUnary("sigmoidAVX512", a5, sigmoidAVX512),
		guardUnary("tanhAVX2", a2, tanhAVX2), guardUnary("tanhAVX512", a5, tanhAVX512),
		guardUnary("reluAVX2", a2, reluAVX2), guardUnary("reluAVX512", a5, reluAVX512),
		guardBinary("reluBackwardAVX2", a2, reluBackwardAVX2), guardBinary("reluBackwardAVX512", a5, reluBackwardAVX512),
		guardBinary("sigmoidBackwardAVX2", a2, sigmoidBackwardAVX2), guardBinary("sigmoidBackwardAVX512", a5, sigmoidBackwardAVX512),
		guardBinary("tanhBackwardAVX2", a2, tanhBackwardAVX2), guardBinary("tanhBackwardAVX512", a5, tanhBackwardAVX512),
		guardBinary("addAVX2", a2, addAVX2), guardBinary("addAVX512", a5, addAVX512),
		guardBinary("subAVX2", a2, subAVX2), guardBinary("subAVX512", a5, subAVX512),
		guardBinary("mulAVX2", a2, mulAVX2), guardBinary("mulAVX512", a5, mulAVX512),
		guardScalar("scaleAVX2", a2, scaleAVX2), guardScalar("scaleAVX512", a5, scaleAVX512),
		guardScalar("addScalarAVX2", a2, addScalarAVX2), guardScalar("addScalarAVX512", a5, addScalarAVX512),
		guardAxpy("axpyAVX2", a2, axpyAVX2), guardAxpy("axpyAVX512", a5, axpyAVX512),
		guardReduce("maxAVX2", a2, maxAVX2), guardReduce("maxAVX512", a5, maxAVX512),
		guardReduce("sumAVX2", a2, sumAVX2), guardReduce("sumAVX512", a5, sumAVX512),
		guardExpShiftSum("expShiftSumAVX2", a2, expShiftSumAVX2), guardExpShiftSum("expShiftSumAVX512", a5, expShiftSumAVX512),
		guardSumExpShift("sumExpShiftAVX2", a2, sumExpShiftAVX2), guardSumExpShift("sumExpShiftAVX512", a5, sumExpShiftAVX512),
	)
}
