package kernels

import "github.com/simdml/simdml/internal/cpu"

// GemmDims returns the micro-tile size MR x NR that GemmTile computes at
// level l: MR rows of C (broadcast from A) by NR columns (vector loads of B).
func GemmDims(l cpu.Level) (mr, nr int) {
	mr, nr = gemmDims(l)
	return mr, nr
}

// GemmTile computes one MR x NR tile of C at level l (MR, NR = GemmDims(l)):
//
//	for i < MR, j < NR:
//		s := Σ_{p<kc} a[i*aRS + p*aCS] * b[p*bCS + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == 0: c is not read)
//
// Preconditions (the caller, package blas, guarantees them; they are not
// checked): kc >= 1; every a, b and c element named above is inside its
// slice; strides are non-negative and fit in 32 bits. The accumulation order
// over p is fixed, so a tile's bits do not depend on which call computes it.
func GemmTile(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32) {
	gemmTile(l, kc, a, aRS, aCS, b, bCS, c, ldc, alpha, beta)
}

// GemmKMajorA reports whether GemmTile at level l reads A only as a k-major
// packed micro-panel (aRS = 1, aCS = MR); otherwise any strides work.
func GemmKMajorA(l cpu.Level) bool { return gemmKMajorA(l) }
