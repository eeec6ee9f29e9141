//go:build purego || !amd64

package kernels

import "github.com/simdml/simdml/internal/cpu"

// Only amd64 has the AVX2 dot panel kernel.

func gemmHasDotPanelAVX2(cpu.Level) bool { return false }

func gemmDotPanelAVX2(_, _, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _, _ int) {
	panic("kernels: GemmDotPanel: no AVX2 dot panel kernel")
}

func gemmDotPanelTiles(_, _, _, _, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _, _ int) {
	panic("kernels: GemmDotPanelTiles: no AVX2 dot panel kernel")
}
