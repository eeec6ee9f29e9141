//go:build purego || !(amd64 || arm64)

package kernels

func gemvN(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	gemvNGeneric(m, n, alpha, a, lda, x, y)
}

func gemvT(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	gemvTGeneric(m, n, alpha, a, lda, x, y)
}
