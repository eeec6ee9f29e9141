//go:build !purego

package cpu

// detect reports NEON unconditionally: Advanced SIMD is mandatory in ARMv8-A
// and Go's arm64 port already assumes it.
func detect() []Level { return []Level{Generic, NEON} }
