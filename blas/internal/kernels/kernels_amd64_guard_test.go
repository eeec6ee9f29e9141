//go:build amd64 && !purego

package kernels

import (
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

const guardHasAsm = true

func init() {
	guardCases = append(guardCases,
		guardAxpy("axpyAVX2", cpu.AVX2, axpyAVX2),
		guardAxpy("axpyAVX512", cpu.AVX512, axpyAVX512),
		guardDot("dotAVX2", cpu.AVX2, dotAVX2),
		guardDot("dotAVX512", cpu.AVX512, dotAVX512),
		guardScal("scalAVX2", cpu.AVX2, scalAVX2),
		guardScal("scalAVX512", cpu.AVX512, scalAVX512),
		guardGemv("gemvNAVX2", cpu.AVX2, false, gemvNAVX2),
		guardGemv("gemvNAVX512", cpu.AVX512, false, gemvNAVX512),
		guardGemv("gemvTAVX2", cpu.AVX2, true, gemvTAVX2),
		guardGemv("gemvTAVX512", cpu.AVX512, true, gemvTAVX512),
	)
}

var guardOverreadProbes = []guard.Case{
	guardShortY("dotAVX2", cpu.AVX2, dotAVX2),
	guardShortY("dotAVX512", cpu.AVX512, dotAVX512),
}
