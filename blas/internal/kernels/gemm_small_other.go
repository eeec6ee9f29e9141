//go:build purego || !(amd64 || arm64)

package kernels

import "github.com/simdml/simdml/internal/cpu"

func gemmRank1(m, n int, alpha float32, x []float32, incX int, y []float32, beta float32, c []float32, ldc int) {
	gemmRank1Generic(m, n, alpha, x, incX, y, beta, c, ldc)
}

func gemmSmallOK(cpu.Level) bool { return false }

func gemmSmall(l cpu.Level, _, _, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32) {
	panic("kernels: GemmSmall: no small-product kernel at level " + l.String())
}
