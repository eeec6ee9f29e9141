//go:build amd64 && !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

const guardHasAsm = true

func init() {
	guardCases = append(guardCases,
		guardAxpy("axpyAVX2", cpu.AVX2, axpyAVX2),
		guardAxpy("axpyAVX512", cpu.AVX512, axpyAVX512),
		guardDot("dotAVX2", cpu.AVX2, dotAVX2),
		guardDot("dotAVX512", cpu.AVX512, dotAVX512),
		guardScal("scalAVX2", cpu.AVX2, scalAVX2),
		guardScal("scalAVX512", cpu.AVX512, scalAVX512),
		guardGemvNBias(guardGemv("gemvNAVX2", cpu.AVX2, false, guardGemvNBoth(gemvNAVX2)), gemvNAVX2),
		guardGemvNBias(guardGemv("gemvNAVX512", cpu.AVX512, false, guardGemvNBoth(gemvNAVX512)), gemvNAVX512),
		guardGemv("gemvTAVX2", cpu.AVX2, true, gemvTAVX2),
		guardGemv("gemvTAVX512", cpu.AVX512, true, gemvTAVX512),
		guardGemm("gemmKernel6x16AVX2", cpu.AVX2, 6, 16, gemmFull6x16AVX2),
	)
}

var guardOverreadProbes = []guard.Case{
	guardShortY("dotAVX2", cpu.AVX2, dotAVX2),
	guardShortY("dotAVX512", cpu.AVX512, dotAVX512),
}

// guardGemvNBoth runs a NoTrans kernel with its row blocks in both orders.
func guardGemvNBoth(f func(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)) func(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	return func(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
		f(m, n, alpha, a, lda, x, y, y, false, false)
		f(m, n, alpha, a, lda, x, y, y, true, true)
	}
}

// guardGemvNBias extends the case c of a NoTrans kernel f: after c's runs
// (b is y), it runs f with the bias in its own slice, in both block orders,
// with and without the ReLU, for guardGemv's shapes (lda = n); b, like y,
// holds exactly m elements.
func guardGemvNBias(c guard.Case, f func(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)) guard.Case {
	run := c.Run
	c.Run = func(ar *guard.Arena, size int, side guard.Side) {
		run(ar, size, side)
		if size == 0 {
			return
		}
		for other := 1; other <= 17; other++ {
			for _, mn := range [][2]int{{size, other}, {other, size}} {
				m, n := mn[0], mn[1]
				var sub guard.Arena
				a, x := sub.Fill(m*n, side, 1), sub.Fill(n, side, 2)
				b, y := sub.Fill(m, side, 3), sub.Fill(m, side, 4)
				f(m, n, 0.75, a, n, x, b, y, false, true)
				f(m, n, 0.75, a, n, x, b, y, true, false)
				sub.Free()
			}
		}
	}
	return c
}

type guardGemmKernel func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32)

// guardGemm runs an mr x nr micro-kernel with kc = size, A packed (k-major,
// aRS = 1, aCS = mr) and as rows (aRS = kc+2, aCS = 1), B packed (bCS = nr)
// and strided (bCS = nr+5), C at ldc = nr and nr+3, beta 0 and 1.5. Each
// slice ends at the last element the kernel may touch; with kc == 0, A and
// B are empty and point at a guard page.
func guardGemm(name string, l cpu.Level, mr, nr int, f guardGemmKernel) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, kc int, side guard.Side) {
		for _, rows := range []bool{false, true} {
			aRS, aCS := 1, mr
			if rows {
				aRS, aCS = kc+2, 1
			}
			for _, bCS := range []int{nr, nr + 5} {
				for _, ldc := range []int{nr, nr + 3} {
					for _, beta := range []float32{0, 1.5} {
						var sub guard.Arena
						la, lb := 0, 0
						if kc > 0 {
							la = (mr-1)*aRS + (kc-1)*aCS + 1
							lb = (kc-1)*bCS + nr
						}
						a, b := sub.Fill(la, side, 1), sub.Fill(lb, side, 2)
						c := sub.Fill((mr-1)*ldc+nr, side, 3)
						f(kc, unsafe.SliceData(a), aRS, aCS, unsafe.SliceData(b), bCS, unsafe.SliceData(c), ldc, 0.5, beta)
						sub.Free()
					}
				}
			}
		}
	}}
}
