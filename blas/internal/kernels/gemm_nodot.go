//go:build purego || !amd64

package kernels

import "github.com/simdml/simdml/internal/cpu"

// Only amd64 has dot, masked and narrow GEMM kernels; elsewhere (NEON and
// the generic level) the driver never asks for them, and these report that.

func gemmDotDims(cpu.Level) (mr, nr int) { return 0, 0 }

func gemmDot(l cpu.Level, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32) {
	panic("kernels: GemmDot: no dot kernel at level " + l.String())
}

func gemmHasDotPanel(cpu.Level) bool { return false }

func gemmDotPanel(l cpu.Level, _, _, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _ int) {
	panic("kernels: GemmDotPanel: no dot panel kernel at level " + l.String())
}

func gemmMasked(cpu.Level) bool { return false }

func gemmNarrowNR(cpu.Level) int { return 0 }

func gemmTileNarrow(l cpu.Level, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _, _, _ int, _, _ float32) {
	panic("kernels: GemmTileNarrow: no narrow kernel at level " + l.String())
}

func gemmPartialRows(cpu.Level) bool { return false }

func gemmPacksB(cpu.Level) bool { return false }

func gemmTilePackB(l cpu.Level, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _ []float32) {
	panic("kernels: GemmTilePackB: no packing kernel at level " + l.String())
}

func gemmTilePackA(l cpu.Level, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _ []float32) {
	panic("kernels: GemmTilePackA: no packing kernel at level " + l.String())
}

func gemmHasPanel(cpu.Level) bool { return false }

func gemmPanel(l cpu.Level, _ int, _, _, _ []float32, _, _ int, _, _ float32, _ []float32, _, _ int) {
	panic("kernels: GemmPanel: no panel kernel at level " + l.String())
}

func gemmTilePackARows(l cpu.Level, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32, _ []float32) {
	panic("kernels: GemmTilePackARows: no panel kernel at level " + l.String())
}
