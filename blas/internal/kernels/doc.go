// Package kernels holds blas's vector kernels: Axpy, Dot, Scal and the two
// Sgemv loops, in portable Go and in assembly (AVX2+FMA and AVX-512 on
// amd64, NEON on arm64). Each exported function takes unit-stride slices,
// assumes the caller validated sizes (it panics on short slices through Go
// bounds checks before any assembly runs) and dispatches on cpu.Active().
//
// Layout per family (axpy shown): level1.go holds the exported entry
// points, level1_generic.go the portable Go kernels, level1_amd64.go the
// assembly stubs (their doc comment is the reference loop) and the
// dispatch switch, level1_amd64.s the avo-generated code (asm/level1),
// level1_arm64.go/.s the NEON code, and level1_other.go the purego and
// other-architecture dispatch. gemv*.go follow the same pattern.
package kernels
