//go:build !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
)

// gemmRank1NEON computes
//
//	for i < m:
//		s := alpha * x[i*incX]
//		for j < n: c[i*ldc + j] = s*y[j] + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// with one FMA per element of C (beta*c rounded first unless beta == 1),
// 16 elements per pass. Preconditions (checked by GemmRank1): m, n >= 1;
// incX >= 1; ldc >= n; every element named above is inside its slice.
//
//go:noescape
func gemmRank1NEON(m, n int, alpha float32, x *float32, incX int, y *float32, beta float32, c *float32, ldc int)

func gemmRank1(m, n int, alpha float32, x []float32, incX int, y []float32, beta float32, c []float32, ldc int) {
	if cpu.Active() == cpu.NEON {
		gemmRank1NEON(m, n, alpha, unsafe.SliceData(x), incX, unsafe.SliceData(y), beta, unsafe.SliceData(c), ldc)
		return
	}
	gemmRank1Generic(m, n, alpha, x, incX, y, beta, c, ldc)
}

func gemmSmallOK(cpu.Level) bool { return false }

func gemmSmall(l cpu.Level, _, _, _ int, _ []float32, _, _ int, _ []float32, _ int, _ []float32, _ int, _, _ float32) {
	panic("kernels: GemmSmall: no small-product kernel at level " + l.String())
}
