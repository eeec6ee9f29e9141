//go:build !purego

package kernels

import "github.com/simdml/simdml/internal/cpu"

// axpyNEON computes
//
//	for i := range x { y[i] += alpha * x[i] }
//
// with FMA, 16 elements per pass. len(y) >= len(x).
//
//go:noescape
func axpyNEON(alpha float32, x, y []float32)

// dotNEON returns
//
//	for i := range x { s += x[i] * y[i] }
//
// in four vector accumulators. len(y) >= len(x).
//
//go:noescape
func dotNEON(x, y []float32) float32

// scalNEON computes
//
//	for i := range x { x[i] *= alpha }
//
//go:noescape
func scalNEON(alpha float32, x []float32)

func axpy(alpha float32, x, y []float32) {
	if cpu.Active() == cpu.NEON {
		axpyNEON(alpha, x, y)
		return
	}
	axpyGeneric(alpha, x, y)
}

func dot(x, y []float32) float32 {
	if cpu.Active() == cpu.NEON {
		return dotNEON(x, y)
	}
	return dotGeneric(x, y)
}

func scal(alpha float32, x []float32) {
	if cpu.Active() == cpu.NEON {
		scalNEON(alpha, x)
		return
	}
	scalGeneric(alpha, x)
}
