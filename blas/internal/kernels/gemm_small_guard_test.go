//go:build (amd64 || arm64) && !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

type gemmRank1Kernel func(m, n int, alpha float32, x *float32, incX int, y *float32, beta float32, c *float32, ldc int)

// gemmRank1Guard runs a rank-1 kernel with n = size (the kernels need
// n >= 1), m in {1, 3}, incX in {1, 2}, ldc in {n, n+3} and beta in
// {0, 1, 1.5}: x, y and C each end at the last element the kernel may touch.
func gemmRank1Guard(name string, l cpu.Level, f gemmRank1Kernel) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, n int, side guard.Side) {
		if n == 0 {
			return
		}
		for _, m := range []int{1, 3} {
			for _, incX := range []int{1, 2} {
				for _, pad := range []int{0, 3} {
					for _, beta := range []float32{0, 1, 1.5} {
						var sub guard.Arena
						ldc := n + pad
						x := sub.Fill((m-1)*incX+1, side, 1)
						y := sub.Fill(n, side, 2)
						c := sub.Fill((m-1)*ldc+n, side, 3)
						f(m, n, 0.5, unsafe.SliceData(x), incX, unsafe.SliceData(y), beta, unsafe.SliceData(c), ldc)
						sub.Free()
					}
				}
			}
		}
	}}
}
