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
		guardGemm("gemmKernel6x16AVX2", cpu.AVX2, 6, 16, gemmKernel6x16AVX2),
		guardGemm("gemmKernel4x24AVX2", cpu.AVX2, 4, 24, gemmKernel4x24AVX2),
		guardGemm("gemmKernel12x32AVX512", cpu.AVX512, 12, 32, gemmKernel12x32AVX512),
		guardGemm("gemmKernel12x32AVX512Bcst", cpu.AVX512, 12, 32, gemmKernel12x32AVX512Bcst),
		guardGemm("gemmKernel14x32AVX512", cpu.AVX512, 14, 32, gemmKernel14x32AVX512),
		guardGemm("gemmKernel6x64AVX512", cpu.AVX512, 6, 64, gemmKernel6x64AVX512),
		guardGemm("gemmKernel6x64AVX512Bcst", cpu.AVX512, 6, 64, gemmKernel6x64AVX512Bcst),
	)
}

var guardOverreadProbes = []guard.Case{
	guardShortY("dotAVX2", cpu.AVX2, dotAVX2),
	guardShortY("dotAVX512", cpu.AVX512, dotAVX512),
}
