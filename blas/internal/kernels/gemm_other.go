//go:build purego || !(amd64 || arm64)

package kernels

import "github.com/simdml/simdml/internal/cpu"

func gemmDims(cpu.Level) (mr, nr int) { return gemmGenericMR, gemmGenericNR }

func gemmTile(_ cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, _, _ int, alpha, beta float32) {
	gemmTileGeneric(kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta)
}

func gemmKMajorA(cpu.Level) bool { return false }

func gemmDotDims(cpu.Level) (mr, nr int) { return 0, 0 }

func gemmDot(l cpu.Level, _ int, _ []float32, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32) {
	panic("kernels: GemmDot: no dot kernel at level " + l.String())
}

func gemmMasked(cpu.Level) bool { return false }

func gemmNarrowNR(cpu.Level) int { return 0 }

func gemmTileNarrow(l cpu.Level, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _, _, _ int, _, _ float32) {
	panic("kernels: GemmTileNarrow: no narrow kernel at level " + l.String())
}

func gemmPartialRows(cpu.Level) bool { return false }
