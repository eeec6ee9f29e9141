//go:build arm64 && !purego

package kernels

import "github.com/simdml/simdml/internal/cpu"

const guardHasAsm = true

func init() {
	guardCases = append(guardCases,
		guardAxpy("axpyNEON", cpu.NEON, axpyNEON),
		guardDot("dotNEON", cpu.NEON, dotNEON),
		guardScal("scalNEON", cpu.NEON, scalNEON),
		guardGemv("gemvNNEON", cpu.NEON, false, gemvNNEON),
		guardGemv("gemvTNEON", cpu.NEON, true, gemvTNEON),
	)
}

var guardOverreadProbes = []guardCase{
	guardShortY("dotNEON", cpu.NEON, dotNEON),
}
