package kernels

import (
	"math"
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// TestGemmPanel checks, at every level with a panel kernel, that GemmPanel
// gives each tile GemmTile's bits (A row-panels, packed B), for kc
// around the unroll by 4, one to three tiles, both beta paths (NaN in C
// with beta 0 must not survive), leaves the columns beside the tiles and
// the rows after them alone, and does not write its inputs.
func TestGemmPanel(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	for _, l := range cpu.Available() {
		if !GemmHasPanel(l) {
			continue
		}
		mr, nr := GemmDims(l)
		for _, kc := range []int{1, 2, 3, 4, 5, 7, 8, 9, 64, 67} {
			for tiles := 1; tiles <= 3; tiles++ {
				for _, beta := range []float32{0, 1, -0.75} {
					a := gemmTestRand(r, tiles*mr*kc)
					b := gemmTestRand(r, kc*nr)
					a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
					ldc := nr + 3
					c0 := gemmTestRand(r, (tiles*mr+1)*ldc)
					if beta == 0 {
						for i := 0; i < tiles*mr*ldc; i += ldc {
							c0[i] = float32(math.NaN())
						}
					}
					want := append([]float32(nil), c0...)
					for tt := 0; tt < tiles; tt++ {
						GemmTile(l, kc, a[tt*mr*kc:], kc, 1, b, nr, want[tt*mr*ldc:], ldc, mr, nr, 1.25, beta)
					}
					got := append([]float32(nil), c0...)
					GemmPanel(l, kc, a, b, got, ldc, tiles, 1.25, beta, a, 32, 4*(kc+3)) // pf walks a's rows (and past them)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v kc=%d tiles=%d beta=%g: c[%d] = %g, GemmTile gives %g", l, kc, tiles, beta, i, got[i], want[i])
						}
					}
					for i := range a {
						if a[i] != a0[i] {
							t.Fatalf("%v kc=%d: a[%d] changed", l, kc, i)
						}
					}
					for i := range b {
						if b[i] != b0[i] {
							t.Fatalf("%v kc=%d: b[%d] changed", l, kc, i)
						}
					}
				}
			}
		}
	}
}

// TestGemmTilePackARows checks, at every level with a panel kernel, that
// GemmTilePackARows gives GemmTile's bits for A as rows (the unrolled loop
// and its tail) and k-major (the general loop), copies the MR x kc block of
// A into a row-panel without writing past it, and that GemmPanel on that
// panel gives the same bits again.
func TestGemmTilePackARows(t *testing.T) {
	r := rand.New(rand.NewSource(12))
	for _, l := range cpu.Available() {
		if !GemmHasPanel(l) {
			continue
		}
		gemmCheckPackA(t, r, l, []int{1, 2, 7, 8, 9, 16, 17, 64, 131}, GemmTilePackARows,
			func(i, p, kc int) int { return i*kc + p },
			func(kc int, ap, b, c []float32, ldc int, beta float32) {
				GemmPanel(l, kc, ap, b, c, ldc, 1, 1.25, beta, b, 0, 0)
			})
	}
}
