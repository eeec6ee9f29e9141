//go:build purego || !amd64

package kernels

import "github.com/simdml/simdml/internal/cpu"

// Only amd64 has the AVX2 dot panel kernel.

func gemmHasDotTiles(cpu.Level) bool { return false }

func gemmDotPanelTiles(_, _, _, _, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _, _ int) {
	panic("kernels: GemmDotPanelTiles: no AVX2 dot panel kernel")
}
