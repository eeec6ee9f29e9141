//go:build purego || !amd64

package vmath

// No assembly on this architecture yet (an arm64 NEON file will need
// vmath_arm64_guard_test.go and this constraint narrowed).
const guardHasAsm = false
