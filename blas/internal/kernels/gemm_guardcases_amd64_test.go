//go:build amd64 && !purego

package kernels

import (
	"unsafe"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// The dot kernels' guard-page cases: rows of A and B end exactly at a
// guard page (the masked k tail must not touch it), and so does C.
func init() {
	guardCases = append(guardCases,
		guard.Case{Name: "gemmDotPanel3x4AVX2", Level: cpu.AVX2, Run: func(ar *guard.Arena, k int, side guard.Side) {
			panel := gemmDotGuard("", cpu.AVX2, 6, 8, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32) {
				gemmDotPanel3x4AVX2(2, 2, k, a, lda, b, ldb, c, ldc, alpha, beta, k%4, k%3) // 2 x 2 tiles
			})
			tile := gemmDotGuard("", cpu.AVX2, 3, 4, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32) {
				gemmDotPanel3x4AVX2(1, 1, k, a, lda, b, ldb, c, ldc, alpha, beta, 0, 0) // GemmDot's one tile
			})
			panel.Run(ar, k, side)
			tile.Run(ar, k, side)
		}},
		gemmDotGuard("gemmDotPanel2x5AVX2", cpu.AVX2, 4, 10, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32) {
			gemmDotPanel2x5AVX2(2, 2, k, a, lda, b, ldb, c, ldc, alpha, beta, k%2) // 2 x 2 tiles
		}),
		gemmDotGuard("gemmDotPanel2x4AVX2", cpu.AVX2, 4, 8, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32) {
			gemmDotPanel2x4AVX2(2, 2, k, a, lda, b, ldb, c, ldc, alpha, beta, k%4, k%2) // 2 x 2 tiles
		}),
		gemmDotGuard("gemmDot4x5AVX512", cpu.AVX512, 4, 5, gemmDot4x5AVX512),
		gemmDotGuard("gemmDotPanel4x5AVX512", cpu.AVX512, 12, 10, func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32) {
			gemmDotPanel4x5AVX512(3, 2, k, a, lda, b, ldb, c, ldc, alpha, beta, k%5) // 3 x 2 tiles
		}),
		gemmMaskedGuard("gemmKernel12x32AVX512", cpu.AVX512, 12, 32, gemmKernel12x32AVX512),
		gemmMaskedGuard("gemmKernel12x16AVX512", cpu.AVX512, 12, 16, gemmKernel12x16AVX512),
		gemmPackGuard("gemmKernel6x16AVX2Pack", cpu.AVX2, 6, 16, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, bp *float32) {
			gemmKernel6x16AVX2Pack(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta, bp)
		}),
		gemmPackGuard("gemmKernel12x32AVX512Pack", cpu.AVX512, 12, 32, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, bp *float32) {
			gemmKernel12x32AVX512Pack(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 32, alpha, beta, bp)
		}),
		gemmPackGuard("gemmKernel6x16AVX2PackA", cpu.AVX2, 6, 16, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, _ *float32) {
			var sub guard.Arena // the A panel, against a guard page too
			ap := sub.Fill(kc*6, guard.After, 4)
			gemmKernel6x16AVX2PackA(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta, unsafe.SliceData(ap))
			sub.Free()
		}),
		gemmPanelGuard("gemmPanel6x16AVX2", cpu.AVX2, 6, 16, gemmPanel6x16AVX2),
		gemmPackGuard("gemmKernel6x16AVX2PackARows", cpu.AVX2, 6, 16, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, _ *float32) {
			var sub guard.Arena // the A panel, against a guard page too
			ap := sub.Fill(kc*6, guard.After, 4)
			gemmKernel6x16AVX2PackARows(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta, unsafe.SliceData(ap))
			sub.Free()
		}),
		gemmPackGuard("gemmKernel12x32AVX512PackA", cpu.AVX512, 12, 32, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, _ *float32) {
			var sub guard.Arena
			ap := sub.Fill(kc*12, guard.After, 4)
			gemmKernel12x32AVX512PackA(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 32, alpha, beta, unsafe.SliceData(ap))
			sub.Free()
		}),
	)
}

// gemmPackGuard runs a whole-tile packing kernel with A (rows), B (at a
// padded stride), C and the packed panel bp each ending at a guard page.
func gemmPackGuard(name string, l cpu.Level, mr, nr int, f func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32, bp *float32)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, kc int, side guard.Side) {
		if kc == 0 {
			return // the driver never packs an empty block
		}
		for _, beta := range []float32{0, 1.5} {
			var sub guard.Arena
			bCS, ldc := nr+5, nr+3
			a := sub.Fill((mr-1)*kc+kc, side, 1)
			b := sub.Fill((kc-1)*bCS+nr, side, 2)
			c := sub.Fill((mr-1)*ldc+nr, side, 3)
			bp := sub.Fill(kc*nr, side, 4)
			f(kc, unsafe.SliceData(a), kc, 1, unsafe.SliceData(b), bCS, unsafe.SliceData(c), ldc, 0.5, beta, unsafe.SliceData(bp))
			sub.Free()
		}
	}}
}

// gemmMaskedGuard runs the masked AVX-512 kernel with A, B and the C corner
// against guard pages: A holds only the corner's rows, B a whole panel, C
// only the rows x cols corner: all the kernel may touch.
type gemmMaskedKernel func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, rows, cols int, alpha, beta float32)

func gemmMaskedGuard(name string, l cpu.Level, mr, nr int, f gemmMaskedKernel) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, kc int, side guard.Side) {
		for _, rc := range [][2]int{{mr, nr}, {1, 1}, {mr - 1, nr - 1}, {5, min(nr, 17)}, {mr, 16}} {
			for _, beta := range []float32{0, 1.5} {
				var sub guard.Arena
				// A holds just rows row-panel rows: the kernel must not read beyond.
				a, b := sub.Fill(rc[0]*kc, side, 1), sub.Fill(kc*nr, side, 2)
				ldc := nr + 3
				c := sub.Fill((rc[0]-1)*ldc+rc[1], side, 3)
				f(kc, unsafe.SliceData(a), kc, 1, unsafe.SliceData(b), nr, unsafe.SliceData(c), ldc, rc[0], rc[1], 0.5, beta)
				sub.Free()
			}
		}
	}}
}

type gemmDotKernel func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32)

func gemmDotGuard(name string, l cpu.Level, mr, nr int, f gemmDotKernel) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, k int, side guard.Side) {
		for _, pad := range []int{0, 3} {
			for _, beta := range []float32{0, 1.5} {
				var sub guard.Arena
				lda, ldb, ldc := k+pad, k+2*pad, nr+pad
				a := sub.Fill((mr-1)*lda+k, side, 1)
				b := sub.Fill((nr-1)*ldb+k, side, 2)
				c := sub.Fill((mr-1)*ldc+nr, side, 3)
				f(k, unsafe.SliceData(a), lda, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, 0.5, beta)
				sub.Free()
			}
		}
	}}
}

func init() {
	guardCases = append(guardCases,
		gemmRank1Guard("gemmRank1AVX2", cpu.AVX2, gemmRank1AVX2),
		gemmRank1Guard("gemmRank1AVX512", cpu.AVX512, gemmRank1AVX512),
	)
}

func init() {
	guardCases = append(guardCases,
		guard.Case{Name: "gemmSmallAVX512", Level: cpu.AVX512, Run: gemmSmallGuard(gemmSmallAVX512)},
		guard.Case{Name: "gemmSmallAVX2", Level: cpu.AVX2, Run: gemmSmallGuard(gemmSmallAVX2)})
}

// gemmSmallGuard runs the small-product kernel with k = size (>= 1) over
// shapes around its 12-row panels and 16/32-column tiles, A in both
// orientations, ldb = n and n+3, ldc = n and n+5, beta 0 and 1.5: A, B and
// C each end at the last element the kernel may touch (B's masked loads
// must not reach past column n-1 of its last row).
type gemmSmallKernel func(m, n, k int, a *float32, aRS, aCS int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32)

func gemmSmallGuard(f gemmSmallKernel) func(ar *guard.Arena, k int, side guard.Side) {
	return func(ar *guard.Arena, k int, side guard.Side) {
		gemmSmallGuardRun(f, k, side)
	}
}

func gemmSmallGuardRun(f gemmSmallKernel, k int, side guard.Side) {
	if k == 0 {
		return
	}
	for _, mn := range [][2]int{{1, 1}, {12, 32}, {13, 17}, {5, 16}, {25, 33}, {11, 70}, {7, 8}, {6, 9}, {3, 7}} {
		m, n := mn[0], mn[1]
		for _, trans := range []bool{false, true} {
			for _, pad := range []int{0, 3} {
				for _, beta := range []float32{0, 1.5} {
					var sub guard.Arena
					aRS, aCS, la := k+pad, 1, (m-1)*(k+pad)+k
					if trans {
						aRS, aCS, la = 1, m+pad, (k-1)*(m+pad)+m
					}
					ldb, ldc := n+pad, n+5*pad/3
					a := sub.Fill(la, side, 1)
					b := sub.Fill((k-1)*ldb+n, side, 2)
					c := sub.Fill((m-1)*ldc+n, side, 3)
					f(m, n, k, unsafe.SliceData(a), aRS, aCS, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, 0.5, beta)
					sub.Free()
				}
			}
		}
	}
}

// gemmPanelGuard runs a panel kernel on two tiles with the A panels, the B
// panel and C each ending at a guard page (C's last row is only NR wide).
func gemmPanelGuard(name string, l cpu.Level, mr, nr int, f func(kc int, a, b, c *float32, ldc, tiles int, alpha, beta float32, pf *float32, pfSkip, pfStep int)) guard.Case {
	return guard.Case{Name: name, Level: l, Run: func(ar *guard.Arena, kc int, side guard.Side) {
		const tiles = 2
		for _, beta := range []float32{0, 1.5} {
			var sub guard.Arena
			ldc := nr + 3
			a := sub.Fill(tiles*mr*kc+1, side, 1) // +1: never empty
			b := sub.Fill(kc*nr+1, side, 2)
			c := sub.Fill((tiles*mr-1)*ldc+nr, side, 3)
			if side == guard.After {
				a, b = a[1:], b[1:]
			}
			f(kc, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), ldc, tiles, 0.5, beta, unsafe.SliceData(b), 4096, 4096) // prefetches past the guard page: they must not fault
			sub.Free()
		}
	}}
}
