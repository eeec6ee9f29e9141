package blas

import (
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// TestSgemmSmallPathBits checks that the small-product path gives the
// blocked path's bits: a 500-row product with k = 40 or 200 (work above
// gemmSmallMaxWork) computed by the blocked path (gemmForceSmall) must give
// every row the bits Sgemm gives it in one call (on AVX-512 the small
// kernel in calls of whole panels, elsewhere blocked) and in chunks of 7,
// 60 and 200 rows (the small kernel, or blocked where a chunk's work is
// above the bound and the level has no panel calls).
func TestSgemmSmallPathBits(t *testing.T) {
	defer SetMaxProcs(SetMaxProcs(1)) // no parallel split: the small path runs
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
		blocked := false
		gemmForceSmall = &blocked
		Sgemm(tA, NoTrans, m, n, k, 0.75, a, lda, b, ldb, 0.5, want, n)
		gemmForceSmall = nil
		for _, chunk := range []int{7, 60, 200, m} {
			c := append([]float32(nil), c0...)
			for i0 := 0; i0 < m; i0 += chunk {
				rows := min(chunk, m-i0)
				Sgemm(tA, NoTrans, rows, n, k, 0.75, gemmAt(a, tA, lda, i0, 0), lda, b, ldb, 0.5, c[i0*n:], n)
			}
			if !gemmSameBits(c, want) {
				t.Fatalf("%cN, k = %d: chunks of %d rows give other bits than the blocked path in one call", tA, k, chunk)
			}
		}
	}
}

// TestSgemmSmallChunks checks gemmUseSmall's choice for products above
// the work bound and that the panel calls cover every row once: with alpha
// 1 (AVX-512's pipelined tiles) and beta 0, 1 and other, the bits of the
// blocked path; B's or C's rows 4 KiB apart keep the product blocked, and
// so does a B above gemmSmallAVX2ChunkNK on AVX2.
func TestSgemmSmallChunks(t *testing.T) {
	defer SetMaxProcs(SetMaxProcs(1)) // no parallel split: the small path runs
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(23))
		const m, n, k = 301, 784, 32
		p := gemmProblem{tB: NoTrans, m: m, n: n, k: k, lda: k, ldb: n, ldc: n}
		want := l == cpu.AVX512 || l == cpu.AVX2
		if got := gemmUseSmall(l, &p); got != want {
			t.Fatalf("gemmUseSmall(%dx%dx%d) = %v, want %v", m, n, k, got, want)
		}
		q := p
		q.k = 64
		if got, want := gemmUseSmall(l, &q), l == cpu.AVX512; got != want {
			t.Fatalf("gemmUseSmall(%dx%dx%d) = %v, want %v", m, n, q.k, got, want)
		}
		for _, ld := range []int{1024, 2048} {
			q := p
			q.n, q.ldb, q.ldc = ld, ld, ld
			if gemmUseSmall(l, &q) {
				t.Fatalf("gemmUseSmall(%dx%dx%d): rows 4 KiB apart must stay blocked", m, ld, k)
			}
		}
		for _, tA := range []Transpose{NoTrans, Trans} {
			for _, beta := range []float32{0, 1, -0.5} {
				a, lda, b, ldb, c0 := gemmOperands(r, tA, NoTrans, m, n, k)
				wantC := append([]float32(nil), c0...)
				blocked := false
				gemmForceSmall = &blocked
				Sgemm(tA, NoTrans, m, n, k, 1, a, lda, b, ldb, beta, wantC, n)
				gemmForceSmall = nil
				c := append([]float32(nil), c0...)
				Sgemm(tA, NoTrans, m, n, k, 1, a, lda, b, ldb, beta, c, n)
				if !gemmSameBits(c, wantC) {
					t.Fatalf("%cN beta = %g: %dx%dx%d gives other bits than the blocked path", tA, beta, m, n, k)
				}
			}
		}
	})
}
