//go:build purego || !(amd64 || arm64)

package kernels

func axpy(alpha float32, x, y []float32) { axpyGeneric(alpha, x, y) }

func dot(x, y []float32) float32 { return dotGeneric(x, y) }

func scal(alpha float32, x []float32) { scalGeneric(alpha, x) }
