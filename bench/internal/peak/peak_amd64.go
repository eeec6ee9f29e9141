//go:build !purego

package peak

import (
	"slices"

	"github.com/simdml/simdml/blas"
)

func fmaLoopAVX2(n int)

func fmaLoopAVX512(n int)

func sqrtDivLoopAVX2(n int)

func sqrtDivLoopAVX512(n int)

// supported asks blas, which read cpuid (and SIMDML_KERNEL) at start.
func supported(level string) bool {
	return (level == "avx2" || level == "avx512") && slices.Contains(blas.Kernels(), level)
}

func run(level string, n int) float64 {
	if !supported(level) {
		return 0
	}
	if level == "avx512" {
		fmaLoopAVX512(n)
		return 2 * FlopsPerIter * float64(n)
	}
	fmaLoopAVX2(n)
	return FlopsPerIter * float64(n)
}

func sqrtDiv(level string, n int) float64 {
	if !supported(level) {
		return 0
	}
	if level == "avx512" {
		sqrtDivLoopAVX512(n)
		return 2 * 16 * float64(n)
	}
	sqrtDivLoopAVX2(n)
	return 2 * 8 * float64(n)
}
