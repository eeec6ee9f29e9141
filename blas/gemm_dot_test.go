package blas

import (
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// TestSgemmDotTiles covers the dot path's tile shapes: n a multiple of 5
// and not of 4 (the 2x5 tiles at AVX2), of 4, and neither, m odd and even,
// around the 3-row tiles, both orientations of A, against float64 sums.
func TestSgemmDotTiles(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(31))
		for _, tA := range []Transpose{NoTrans, Trans} {
			for _, m := range []int{2, 3, 4, 5, 6, 7, 11, 32, 33} {
				for _, n := range []int{5, 10, 15, 20, 25, 35, 9, 13} {
					for _, k := range []int{1, 8, 17, 130} {
						for _, beta := range []float32{0, 0.5} {
							gemmCheck(t, r, gemmCaseSpec{tA, Trans, m, n, k, 0.75, beta, 2, beta == 0})
						}
					}
				}
			}
		}
	})
}

// TestSgemmDotSameBitsAVX2AVX512 checks that the AVX2 and AVX-512 dot
// kernels, which make the same FMAs into each lane and reduce the lanes by
// the same tree, give the same bits on the dot path, whatever their tiles
// (AVX2 3x4 and 2x5, AVX-512 4x5).
func TestSgemmDotSameBitsAVX2AVX512(t *testing.T) {
	if !cpu.Has(cpu.AVX2) || !cpu.Has(cpu.AVX512) {
		t.Skip("needs AVX2 and AVX-512")
	}
	r := rand.New(rand.NewSource(32))
	for _, tA := range []Transpose{NoTrans, Trans} {
		for _, s := range [][3]int{{2, 10, 128}, {7, 10, 33}, {32, 128, 256}, {33, 130, 100}, {48, 25, 784}, {128, 10, 128}, {90, 256, 9}, {5, 3, 15}} {
			m, n, k := s[0], s[1], s[2]
			a, lda, b, ldb, c0 := gemmOperands(r, tA, Trans, m, n, k)
			var got [2][]float32
			for i, l := range []cpu.Level{cpu.AVX2, cpu.AVX512} {
				restore, err := cpu.Set(l)
				if err != nil {
					t.Fatal(err)
				}
				got[i] = append([]float32(nil), c0...)
				Sgemm(tA, Trans, m, n, k, 0.75, a, lda, b, ldb, 0.5, got[i], n)
				restore()
			}
			if !gemmSameBits(got[0], got[1]) {
				t.Errorf("%cT m=%d n=%d k=%d: AVX2 and AVX-512 give other bits", tA, m, n, k)
			}
		}
	}
}

// TestGemmDotTile pins gemmDotTile's choices on the measured shapes.
func TestGemmDotTile(t *testing.T) {
	for _, c := range [][4]int{{2, 128, 2, 4}, {4, 128, 2, 4}, {8, 128, 2, 4}, {16, 64, 2, 4}, {32, 128, 3, 4},
		{128, 128, 3, 4}, {128, 10, 2, 5}, {32, 10, 2, 5}, {128, 30, 2, 5}, {128, 250, 3, 4}, {9, 130, 3, 4}, {3, 10, 3, 4}, {2, 5, 2, 5}} {
		if mr, nr := gemmDotTile(c[0], c[1]); mr != c[2] || nr != c[3] {
			t.Errorf("gemmDotTile(%d, %d) = %dx%d, want %dx%d", c[0], c[1], mr, nr, c[2], c[3])
		}
	}
}
