//go:build arm64 && !purego

package kernels

import (
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

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

var guardOverreadProbes = []guard.Case{
	guardShortY("dotNEON", cpu.NEON, dotNEON),
}
