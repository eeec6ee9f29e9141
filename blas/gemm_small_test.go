package blas

import (
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// TestSgemmSmallPathBits checks that the small-product path (chosen by the
// work m*n*k, so by m) gives the blocked path's bits: a 500-row product with
// k = 40 or 200 runs blocked as one call (work above gemmSmallMaxWork) and
// through the small kernel in chunks of rows (at k = 200, chunks of 200 rows
// run blocked too), and every row must keep its bits.
func TestSgemmSmallPathBits(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(21))
		const m, n = 500, 130
		for _, k := range []int{40, 200} {
			if m*n*k <= gemmSmallMaxWork || k > gemmSmallMaxK {
				t.Fatal("the whole product must be above the small path's work bound, k within its bound")
			}
			gemmSmallPathBitsK(t, r, m, n, k)
		}
	})
}

// gemmSmallPathBitsK is TestSgemmSmallPathBits for one k.
func gemmSmallPathBitsK(t *testing.T, r *rand.Rand, m, n, k int) {
	for _, tA := range []Transpose{NoTrans, Trans} {
		a, lda, b, ldb, c0 := gemmOperands(r, tA, NoTrans, m, n, k)
		want := append([]float32(nil), c0...)
		Sgemm(tA, NoTrans, m, n, k, 0.75, a, lda, b, ldb, 0.5, want, n)
		for _, chunk := range []int{7, 60, 200} {
			c := append([]float32(nil), c0...)
			for i0 := 0; i0 < m; i0 += chunk {
				rows := min(chunk, m-i0)
				Sgemm(tA, NoTrans, rows, n, k, 0.75, gemmAt(a, tA, lda, i0, 0), lda, b, ldb, 0.5, c[i0*n:], n)
			}
			if !gemmSameBits(c, want) {
				t.Fatalf("%cN, k = %d: chunks of %d rows give other bits than one call", tA, k, chunk)
			}
		}
	}
}
