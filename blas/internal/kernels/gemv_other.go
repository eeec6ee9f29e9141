//go:build purego || !(amd64 || arm64)

package kernels

func gemvN(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, relu bool) {
	gemvNPortable(m, n, alpha, a, lda, x, b, y, relu)
}

func gemvT(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	gemvTGeneric(m, n, alpha, a, lda, x, y)
}
