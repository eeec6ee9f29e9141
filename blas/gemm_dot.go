package blas

import (
	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// op(A)·Bᵀ (tB == Trans) takes the dot path when m <= gemmDotMaxM, or when
// k <= gemmDotMaxK and n <= gemmDotMaxN, whatever m. Each element of C is
// then a dot product of two rows contiguous along k, computed by a kernel
// that needs no packing, where the packed path would first transpose all of
// B into panels. Measured with BenchmarkGemmDotPath (AVX-512 4x5 kernel,
// GFLOPS per CPU-second, dot vs blocked): 32x256x784 107 vs 69, 48x1024x1024
// 95 vs 77, 32x256x4096 95 vs 67, 128x10x128 92 vs 43, 128x256x784 107 vs
// 98; it loses at large m: 128x512x1024 94 vs 97, 256^3 99 vs 104, 512^3 99
// vs 109. At AVX2 (3x4, 2x4 and 2x5 tiles, gemmRunDotTiles; median of 3):
// 32x256x784 106 vs 67, 48x1024x1024 105 vs 78, 32x256x4096 85 vs 67,
// 128x10x128 99 vs 46, 128x256x784 111 vs 96, 128x512x1024 103 vs 95, 256^3
// 109 vs 105; 512^3 105 vs 109.
//
// Deciding by n and k alone in the network-sized range makes a dense
// layer's forward pass batch-invariant: every row of C has the same bits
// whatever m >= 2 (TestSgemmRowsIndependentOfM).
const (
	gemmDotMaxM = 48
	gemmDotMaxK = 1024
	gemmDotMaxN = 512
)

// gemmUseDot reports whether p takes the dot path at level l. The choice
// depends on the whole problem only, never on a worker's share of it, so
// the bits do not depend on the number of workers.
func gemmUseDot(l cpu.Level, p *gemmProblem) bool {
	mr, _ := kernels.GemmDotDims(l)
	if f := gemmForceDot; f != nil && mr > 0 && p.tB == Trans {
		return *f
	}
	return mr > 0 && p.tB == Trans &&
		(p.m <= gemmDotMaxM || p.k <= gemmDotMaxK && p.n <= gemmDotMaxN)
}

// gemmForceDot, when set (by BenchmarkGemmDotPath, never concurrently with
// Sgemm), overrides gemmUseDot's choice for tB == Trans.
var gemmForceDot *bool

// gemmRunDot computes p (tB == Trans) with the dot kernel: for each group
// of NR rows of B (kept in L1), every group of MR rows of A. The last group
// in each direction is shifted back to end at the matrix's edge (or, for a
// matrix smaller than a tile, the operand is copied into a zero-padded
// scratch) and computed through a scratch tile, from which only the
// elements not yet written are copied: every element of C is computed by
// the same instructions wherever its tile falls. Levels with panel kernels
// take gemmRunDotTiles (AVX2) or gemmRunDotPanel (AVX-512) instead, unless
// the matrix is smaller than a tile.
func gemmRunDot(l cpu.Level, p *gemmProblem, ar *gemmArena) {
	mr, nr := kernels.GemmDotDims(l)
	if kernels.GemmHasDotTiles(l) && p.m >= 2 && p.n >= nr {
		gemmRunDotTiles(l, p, ar)
		return
	}
	if kernels.GemmHasDotPanel(l) && p.m >= mr && p.n >= nr {
		gemmRunDotPanel(l, p, ar, mr, nr)
		return
	}
	a, lda := p.a, p.lda
	if p.tA == Trans || p.m < mr {
		a, lda = gemmDotRowsA(p, ar, max(p.m, mr))
	}
	b, ldb := p.b, p.ldb
	if p.n < nr {
		ar.dotB = gemmBuf(ar.dotB, nr*p.k)
		clear(ar.dotB[p.n*p.k:])
		for j := 0; j < p.n; j++ {
			copy(ar.dotB[j*p.k:(j+1)*p.k], p.b[j*p.ldb:j*p.ldb+p.k])
		}
		b, ldb = ar.dotB, p.k
	}
	var t [gemmDotMaxTile]float32 // edge scratch
	mEff, nEff := max(p.m, mr), max(p.n, nr)
	for j0 := 0; j0 < p.n; j0 += nr {
		tj := min(j0, nEff-nr)
		for i0 := 0; i0 < p.m; i0 += mr {
			ti := min(i0, mEff-mr)
			if ti == i0 && tj == j0 && i0+mr <= p.m && j0+nr <= p.n {
				kernels.GemmDot(l, p.k, a[ti*lda:], lda, b[tj*ldb:], ldb, p.c[ti*p.ldc+tj:], p.ldc, p.alpha, p.beta)
				continue
			}
			gemmDotEdge(l, p, a[ti*lda:], lda, b[tj*ldb:], ldb, t[:], ti, tj, i0, j0, mr, nr)
		}
	}
}

// gemmDotMaxTile bounds MR*NR of the dot kernels (AVX-512 4x5, AVX2 3x4).
const gemmDotMaxTile = 20

// gemmDotRowsA copies the first p.m rows of op(A) into the arena,
// contiguous and zero-padded to rows rows, and returns them with their
// leading dimension.
func gemmDotRowsA(p *gemmProblem, ar *gemmArena, rows int) ([]float32, int) {
	ar.dotA = gemmBuf(ar.dotA, rows*p.k)
	clear(ar.dotA[p.m*p.k:])
	for i := 0; i < p.m; i++ {
		row := ar.dotA[i*p.k : (i+1)*p.k]
		if p.tA == NoTrans {
			copy(row, p.a[i*p.lda:i*p.lda+p.k])
			continue
		}
		for q := range row {
			row[q] = p.a[q*p.lda+i]
		}
	}
	return ar.dotA, p.k
}

// gemmRunDotPanel is gemmRunDot for m >= MR and n >= NR at a level with
// kernels.GemmDotPanel: one call computes every whole tile, column of
// tiles by column of tiles (NR rows of B in L1 while A streams), where a
// call per tile cost its Go call, dispatch and slicing. The last column
// of tiles, shifted back to end at C's edge, is computed in place by a
// second call that skips the columns already written; the shifted last
// row of tiles goes through gemmDotEdge. Neither needs the arena. AVX-512,
// median paired ratio to OpenBLAS (SkylakeX, one thread) over 7
// interleaved runs of BenchmarkSgemm, a call per tile with the edges
// through scratch -> this: 8x128x256 1.00 -> 1.07, 32x10x128 1.11 -> 1.26,
// 128x128x256 1.00 -> 1.13, 128x256x784 1.13 -> 1.11 (noise: 5-10%).
func gemmRunDotPanel(l cpu.Level, p *gemmProblem, ar *gemmArena, mr, nr int) {
	a, lda := p.a, p.lda
	if p.tA == Trans {
		a, lda = gemmDotRowsA(p, ar, p.m)
	}
	groups, cols := p.m/mr, p.n/nr
	mFull, nFull := groups*mr, cols*nr
	kernels.GemmDotPanel(l, groups, cols, p.k, a, lda, p.b, p.ldb, p.c, p.ldc, p.alpha, p.beta, 0)
	if nFull < p.n {
		tj := p.n - nr
		kernels.GemmDotPanel(l, groups, 1, p.k, a, lda, p.b[tj*p.ldb:], p.ldb, p.c[tj:], p.ldc, p.alpha, p.beta, nFull-tj)
	}
	if mFull == p.m {
		return
	}
	var t [gemmDotMaxTile]float32
	ti := p.m - mr
	for j0 := 0; j0 < p.n; j0 += nr {
		tj := min(j0, p.n-nr)
		gemmDotEdge(l, p, a[ti*lda:], lda, p.b[tj*p.ldb:], p.ldb, t[:], ti, tj, mFull, j0, mr, nr)
	}
}

// gemmDotEdge computes the tile at (ti, tj) into the scratch t, loaded
// with C where C exists so beta applies as in a full tile, and copies back
// the elements at or beyond (i0, j0) inside C.
func gemmDotEdge(l cpu.Level, p *gemmProblem, a []float32, lda int, b []float32, ldb int,
	t []float32, ti, tj, i0, j0, mr, nr int) {
	rows, cols := min(mr, p.m-ti), min(nr, p.n-tj)
	if p.beta != 0 {
		for r := 0; r < rows; r++ {
			copy(t[r*nr:r*nr+cols], p.c[(ti+r)*p.ldc+tj:])
		}
	}
	kernels.GemmDot(l, p.k, a, lda, b, ldb, t, nr, p.alpha, p.beta)
	for r := i0 - ti; r < rows; r++ {
		c0 := j0 - tj
		copy(p.c[(ti+r)*p.ldc+j0:(ti+r)*p.ldc+tj+cols], t[r*nr+c0:r*nr+cols])
	}
}

// gemmRunDotTiles is gemmRunDotPanel at a level with
// kernels.GemmDotPanelTiles (AVX2), for m >= 2 and n >= NR, with the tile
// shape of gemmDotTile. Every tile shape gives an element the same bits, so
// choosing it by m and n keeps the dot path's contracts. The last column and
// row of tiles, shifted back to end at C's edges, are computed in place,
// skipping the columns and rows already written: at most four calls, no
// arena (unless A is transposed), no scratch.
func gemmRunDotTiles(l cpu.Level, p *gemmProblem, ar *gemmArena) {
	a, lda := p.a, p.lda
	if p.tA == Trans {
		a, lda = gemmDotRowsA(p, ar, p.m)
	}
	mr, nr := gemmDotTile(p.m, p.n)
	groups, cols := p.m/mr, p.n/nr
	ti, tj := p.m-mr, p.n-nr
	rowSkip, skip := groups*mr-ti, cols*nr-tj
	call := func(groups, cols, i0, j0, skip, rowSkip int) {
		kernels.GemmDotPanelTiles(l, mr, nr, groups, cols, p.k, a[i0*lda:], lda, p.b[j0*p.ldb:], p.ldb,
			p.c[i0*p.ldc+j0:], p.ldc, p.alpha, p.beta, skip, rowSkip)
	}
	call(groups, cols, 0, 0, 0, 0)
	if skip < nr {
		call(groups, 1, 0, tj, skip, 0)
	}
	if rowSkip < mr {
		call(1, cols, ti, 0, 0, rowSkip)
		if skip < nr {
			call(1, 1, ti, tj, skip, rowSkip)
		}
	}
}

// gemmDotTile returns the AVX2 dot tile for an m x n product (m >= 2, n >=
// 4): of 3x4, 2x4 and 2x5 (n a multiple of 5), the one with the least
// rows·columns computed (edges included) times its cost per element
// relative to 3x4: 2x5 1.02, 2x4 1.07. AVX2, GFLOPS median paired ratio of
// 9 interleaved rounds, other shape over 3x4: 2x5 128x10x128 1.19,
// 128x30x256 1.05, 128x50x256 1.03, 128x250x256 0.99, 32x250x784 1.00,
// 9x130x256 0.88; 2x4 (7 rounds) 128x128x256 0.93, 32x256x784 0.96,
// 64x512x1024 0.97, 8x128x256 1.07, 8x256x784 1.00, 16x64x64 1.14.
func gemmDotTile(m, n int) (mr, nr int) {
	ceil := func(x, d int) int { return (x + d - 1) / d * d }
	mr, nr = 2, 4
	best := ceil(m, 2) * ceil(n, 4) * 107
	if n%5 == 0 {
		if c := ceil(m, 2) * n * 102; c < best {
			mr, nr, best = 2, 5, c
		}
	}
	if m >= 3 && ceil(m, 3)*ceil(n, 4)*100 <= best {
		mr, nr = 3, 4
	}
	return mr, nr
}
