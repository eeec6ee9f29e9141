//go:build arm64 && !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// The NEON tile kernel's guard-page case: the k-major A panel, the B rows
// (at stride bCS) and the 8x8 C tile each end at a guard page.
func init() {
	guardCases = append(guardCases, guard.Case{Name: "gemmKernel8x8NEON", Level: cpu.NEON,
		Run: func(ar *guard.Arena, kc int, side guard.Side) {
			for _, bCS := range []int{8, 11} {
				for _, beta := range []float32{0, 1.5} {
					var sub guard.Arena
					lb, ldc := 0, 10
					if kc > 0 {
						lb = (kc-1)*bCS + 8
					}
					a, b := sub.Fill(8*kc, side, 1), sub.Fill(lb, side, 2)
					c := sub.Fill(7*ldc+8, side, 3)
					gemmKernel8x8NEON(kc, unsafe.SliceData(a), unsafe.SliceData(b), bCS, unsafe.SliceData(c), ldc, 0.5, beta)
					sub.Free()
				}
			}
		}})
}

func init() {
	guardCases = append(guardCases, gemmRank1Guard("gemmRank1NEON", cpu.NEON, gemmRank1NEON))
}
