//go:build !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
)

// gemmKernel8x8NEON computes one 8x8 tile from a k-major packed A
// micro-panel (hand-written NEON, gemm_arm64.s):
//
//	for i < 8, j < 8:
//		s := Σ_{p<kc} a[p*8 + i] * b[p*bCS + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// Preconditions: kc >= 0; every element named above is addressable.
//
//go:noescape
func gemmKernel8x8NEON(kc int, a *float32, b *float32, bCS int, c *float32, ldc int, alpha, beta float32)

func gemmDims(l cpu.Level) (mr, nr int) {
	if l == cpu.NEON {
		return 8, 8
	}
	return gemmGenericMR, gemmGenericNR
}

func gemmKMajorA(l cpu.Level) bool { return l == cpu.NEON }

func gemmTile(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc, _, _ int, alpha, beta float32) {
	if l == cpu.NEON && aRS == 1 && aCS == 8 {
		gemmKernel8x8NEON(kc, unsafe.SliceData(a), unsafe.SliceData(b), bCS, unsafe.SliceData(c), ldc, alpha, beta)
		return
	}
	if l == cpu.NEON {
		panic("kernels: GemmTile: the NEON kernel needs a k-major packed A (aRS = 1, aCS = 8)")
	}
	gemmTileGeneric(kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta)
}
