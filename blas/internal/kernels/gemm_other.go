//go:build purego || !(amd64 || arm64)

package kernels

import "github.com/simdml/simdml/internal/cpu"

func gemmDims(cpu.Level) (mr, nr int) { return gemmGenericMR, gemmGenericNR }

func gemmTile(_ cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, _, _ int, alpha, beta float32) {
	gemmTileGeneric(kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta)
}

func gemmKMajorA(cpu.Level) bool { return false }
