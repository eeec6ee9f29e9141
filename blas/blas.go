// Package blas is a float32 BLAS for row-major data: Level-1 vector
// operations, Sgemv and Sgemm, in Go assembly on amd64 (AVX2+FMA, AVX-512)
// and arm64 (NEON), with a portable Go path everywhere else and under the
// purego build tag.
//
// Signatures follow gonum's row-major blas.Float32 interface, and semantics
// the reference BLAS: beta == 0 overwrites the output without reading it,
// alpha == 0 does not read A, B or x, and negative increments walk vectors
// backwards. Invalid arguments (negative sizes, short slices, small leading
// dimensions, zero increments) are programmer errors and panic with a
// message that starts with "blas: " and names the argument and the sizes.
//
// One routine is not in the reference BLAS: SgemvBias, a dense layer's
// batch-1 forward pass (y = A·x + b, optionally followed by a ReLU) in one
// call, with the bits of a copy, Sgemv and a separate ReLU.
//
// The kernel level is chosen once, at start, from the CPU's features; the
// environment variable SIMDML_KERNEL=generic|avx2|avx512|neon caps it.
package blas

import (
	"fmt"

	"github.com/simdml/simdml/internal/cpu"
)

// Transpose says whether a matrix argument is used as stored or transposed.
type Transpose byte

// The values of Transpose, as gonum and the reference BLAS spell them.
const (
	NoTrans Transpose = 'N'
	Trans   Transpose = 'T'
)

// Kernel returns the name of the kernel level this process runs:
// "avx512", "avx2", "neon" or "generic".
func Kernel() string { return cpu.Active().String() }

// Kernels returns the names of the kernel levels this process can run,
// "generic" first and the default last.
func Kernels() []string {
	ls := cpu.Available()
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.String()
	}
	return out
}

// SetKernel makes the named level (one of Kernels) the one every simdml
// package runs from now on, and returns a function that restores the
// previous level. It is meant for start-up configuration, tests and
// benchmarks: a call running concurrently may finish its remaining kernel
// calls (blocks, rows, tails) at the new level, so its result is correct
// but not necessarily bit-identical to a run at either level alone.
func SetKernel(name string) (restore func(), err error) {
	l, ok := cpu.Parse(name)
	if !ok {
		return func() {}, fmt.Errorf("blas: unknown kernel %q (want one of %v)", name, Kernels())
	}
	return cpu.Set(l)
}

func (t Transpose) valid() bool { return t == NoTrans || t == Trans }

// panicf panics with a "blas: "-prefixed message.
func panicf(format string, args ...any) {
	panic("blas: " + fmt.Sprintf(format, args...))
}

// checkVector panics unless x holds n elements at stride inc.
func checkVector(fn, name string, n int, x []float32, inc int) {
	if inc == 0 {
		panicf("%s: inc%s is zero", fn, name)
	}
	if n <= 0 {
		return
	}
	need := 1 + (n-1)*abs(inc)
	if len(x) < need {
		panicf("%s: len(%s) = %d, need %d for n = %d, inc%s = %d", fn, lower(name), len(x), need, n, name, inc)
	}
}

// checkMatrix panics unless a holds rows x cols at leading dimension ld.
func checkMatrix(fn, name string, rows, cols int, a []float32, ld int) {
	if ld < max(1, cols) {
		panicf("%s: ld%s = %d < max(1, %d)", fn, lower(name), ld, cols)
	}
	if rows == 0 || cols == 0 {
		return
	}
	need := (rows-1)*ld + cols
	if len(a) < need {
		panicf("%s: len(%s) = %d, need %d for %d x %d with ld%s = %d", fn, lower(name), len(a), need, rows, cols, lower(name), ld)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
