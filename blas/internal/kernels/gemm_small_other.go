//go:build purego || !(amd64 || arm64)

package kernels

func gemmRank1(m, n int, alpha float32, x []float32, incX int, y []float32, beta float32, c []float32, ldc int) {
	gemmRank1Generic(m, n, alpha, x, incX, y, beta, c, ldc)
}
