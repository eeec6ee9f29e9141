//go:build !purego

package kernels

import "github.com/simdml/simdml/internal/cpu"

// axpyAVX2 and axpyAVX512 compute
//
//	for i := range x { y[i] += alpha * x[i] }
//
// with FMA (one rounding per element). len(y) >= len(x).
//
//go:noescape
func axpyAVX2(alpha float32, x, y []float32)

//go:noescape
func axpyAVX512(alpha float32, x, y []float32)

// dotAVX2 and dotAVX512 return
//
//	for i := range x { s += x[i] * y[i] }
//
// summed in four vector accumulators with FMA. len(y) >= len(x).
//
//go:noescape
func dotAVX2(x, y []float32) float32

//go:noescape
func dotAVX512(x, y []float32) float32

// scalAVX2 and scalAVX512 compute
//
//	for i := range x { x[i] *= alpha }
//
//go:noescape
func scalAVX2(alpha float32, x []float32)

//go:noescape
func scalAVX512(alpha float32, x []float32)

func axpy(alpha float32, x, y []float32) {
	switch cpu.Active() {
	case cpu.AVX512:
		axpyAVX512(alpha, x, y)
	case cpu.AVX2:
		axpyAVX2(alpha, x, y)
	default:
		axpyGeneric(alpha, x, y)
	}
}

func dot(x, y []float32) float32 {
	switch cpu.Active() {
	case cpu.AVX512:
		return dotAVX512(x, y)
	case cpu.AVX2:
		return dotAVX2(x, y)
	}
	return dotGeneric(x, y)
}

func scal(alpha float32, x []float32) {
	switch cpu.Active() {
	case cpu.AVX512:
		scalAVX512(alpha, x)
	case cpu.AVX2:
		scalAVX2(alpha, x)
	default:
		scalGeneric(alpha, x)
	}
}
