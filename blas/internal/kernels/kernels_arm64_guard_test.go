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
		// The NEON micro-kernel takes only k-major packed A (aRS = 1, aCS = 8).
		guardGemmKMajor("gemmKernel8x8NEON", cpu.NEON, 8, 8, gemmKernel8x8NEON),
	)
}

var guardOverreadProbes = []guard.Case{
	guardShortY("dotNEON", cpu.NEON, dotNEON),
}

// guardGemmKMajor adapts a micro-kernel that only takes k-major packed A
// (no strides) to guardGemm, running only its aRS = 1, aCS = mr layout.
func guardGemmKMajor(name string, l cpu.Level, mr, nr int,
	f func(kc int, a *float32, b *float32, bCS int, c *float32, ldc int, alpha, beta float32)) guard.Case {
	c := guardGemm(name, l, mr, nr, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
		if aRS == 1 && aCS == mr {
			f(kc, a, b, bCS, c, ldc, alpha, beta)
		}
	})
	return c
}
