package blas

import (
	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// A product with tB == NoTrans, k <= gemmSmallMaxK (and <= KC) and m*n*k
// <= gemmSmallMaxWork runs as one call of the small-product kernel (AVX-512
// and AVX2): A and B are read in place and C is walked in the level's tiles
// (12x32, 6x16) inside the assembly, with the bits the blocked path would
// give (the same FMAs in the same order, for k <= KC), so the choice never
// shows in the result.
// A short k leaves little work per tile, and the blocked path's per-tile
// cost (a Go call chain, kernel setup, packing B's edge panel) dominated
// it. BenchmarkGemmSmallPath, AVX-512, GFLOPS per CPU-second, small vs
// blocked: 16^3 68 vs 48, 8x128x10 NN 82 vs 69, 128x256x8 TN 88 vs 77,
// 32x1024x64 NN 106 vs 100, 256x128x64 TN 111 vs 105, 64^3 110 vs 105,
// 2048x16x64 NN 111 vs 79. AVX2: 16^3 72 vs 58, 8x128x10 NN 78 vs 53,
// 128x256x8 TN 85 vs 64, 32x1024x64 NN 84 vs 64, 64^3 111 vs 105.
// Up to k = 256 the small kernel also wins where the work bound lets it
// run: interleaved runs (the two paths alternated 9 times, 50-100 ms each,
// median of the per-pass ratios, small over blocked) over m 2..96, n
// 64..1024, k 96..512, both transposes of A, gave on AVX-512 1.00-1.13 at k
// <= 256 (8x256x128 NN 1.026-1.028, 8x784x256 NN 1.107, 10x128x128 TN
// 1.026) but 0.86 at 2x256x512 NN; on AVX2 0.98-1.36 except 8x1024x96 NN
// (0.91-0.94: its 2-row edge panel).
// The AVX-512 kernel stores the two halves of a tile (k <= 128, alpha == 1)
// while the other half computes (asm/gemmsmall/smallpipe.go), and both add
// C with VADDPS when beta == 1. BenchmarkSgemmPaired (beta 0.5), x-openblas
// (SkylakeX), median of 5 runs alternating the kernel before and after:
// 128x128x10 NN 1.04 -> 1.15, 32x128x10 NN 1.03 -> 1.15, 8x128x10 NN 1.08
// -> 1.13, 128x256x8 TN 1.05 -> 1.16, 10x128x8 TN 1.03 -> 1.11, 256x784x8
// TN 1.53 -> 1.72, 128x256x32 TN 1.26 -> 1.30, 10x128x32 TN 1.02 -> 1.03,
// 32^3 1.05 -> 1.07, 64^3 1.05 -> 1.05, 16^3 1.15 -> 1.13. At 8x128x10
// the kernel alone runs at 102 GFLOPS and Sgemm at 84: the rest is the
// call's Go-side cost.
//
// The work bound keeps one non-preemptible call under about 40 µs. A with
// rows a multiple of 4 KiB apart goes to the blocked path, which packs it:
// the small kernel re-reads a panel of A (MR rows by k, or k rows by MR
// when transposed) for every tile, and such rows evict each other from L1.
//
// On AVX-512 a larger product runs as several calls of whole 12-row panels,
// each within the work bound, when one panel is (12*n*k <= gemmSmallMaxWork)
// and B's and C's rows are not a multiple of 4 KiB apart either; on AVX2 (6
// rows) also when n*k <= gemmSmallAVX2ChunkNK. One
// thread, the small path over the blocked one (interleaved, 5 rounds,
// median of paired ratios): NN 1.01-1.31 over m 24..1000, n 64..784, k
// 8..256 (256x784x32 1.10, 1000x784x8 1.31, 256x256x256 1.01), TN
// 1.01-1.30 (256x784x32 1.13, 256x784x128 1.05); with n = 2048 (rows 8 KiB
// apart) 0.93-0.99 at k 32..64, which the stride rule keeps blocked. On
// AVX2 (6-row panels) the same sweep gave 1.00-1.17 for n*k <= 32768 (B
// within 128 KiB: 256x784x32 TN 1.06, 500x64x256 TN 1.17) but 0.97-0.99 at
// n = 784, k = 64..128, so there B is bounded too. BenchmarkSgemmPaired,
// x-openblas, before -> after (medians of 3 alternated runs): AVX-512
// (SkylakeX) 256x784x32 TN 1.10 -> 1.28, 256x784x128 TN 1.05 -> 1.07,
// 128x256x128 TN 1.12 -> 1.15, 256^3 1.09 -> 1.11; AVX2 (Haswell)
// 256x784x32 TN 1.02 -> 1.04, 128x256x128 TN 0.97 -> 1.06, NN 1.01 ->
// 1.05. With more than one worker such products run in parallel (pool.go)
// instead.
const (
	gemmSmallMaxK        = 256
	gemmSmallMaxWork     = 1 << 21
	gemmSmallAVX2ChunkNK = 1 << 15
)

// gemmUseSmall reports whether p (not on the dot path) runs through the
// small-product kernel at level l: in one call, or (gemmSmallChunkRows) in
// calls of whole panels of rows.
func gemmUseSmall(l cpu.Level, p *gemmProblem) bool {
	if f := gemmForceSmall; f != nil && kernels.GemmSmallOK(l) && p.tB == NoTrans {
		return *f
	}
	if !kernels.GemmSmallOK(l) || p.tB != NoTrans || p.k > min(gemmSmallMaxK, gemmBlocks[l].kc) ||
		gemmConflictStride(p.lda) {
		return false
	}
	if p.m*p.n*p.k <= gemmSmallMaxWork {
		return true
	}
	return (l == cpu.AVX512 || l == cpu.AVX2 && p.n*p.k <= gemmSmallAVX2ChunkNK) &&
		gemmSmallChunkRows(l, p.n, p.k) > 0 && !gemmConflictStride(p.ldb) && !gemmConflictStride(p.ldc)
}

// gemmSmallChunkRows returns the rows of one small-kernel call in a
// product of n columns and shared dimension k above gemmSmallMaxWork: the
// most whole panels of the level's MR rows within that bound (0 if not one
// panel fits).
func gemmSmallChunkRows(l cpu.Level, n, k int) int {
	mr := gemmBlocks[l].mr
	return gemmSmallMaxWork / (n * k) / mr * mr
}

// gemmForceSmall, when set (by BenchmarkGemmSmallPath, never concurrently
// with Sgemm), overrides gemmUseSmall's choice where the kernel applies.
var gemmForceSmall *bool

// gemmRunSmall computes p with the small-product kernel, A and B in place:
// in one call, or in calls of gemmSmallChunkRows rows when p's work is
// above gemmSmallMaxWork (each row's bits do not depend on its call).
func gemmRunSmall(l cpu.Level, p *gemmProblem) {
	aRS, aCS := p.lda, 1
	if p.tA == Trans {
		aRS, aCS = 1, p.lda
	}
	rows := p.m
	if p.m*p.n*p.k > gemmSmallMaxWork {
		if r := gemmSmallChunkRows(l, p.n, p.k); r > 0 {
			rows = r
		}
	}
	for i := 0; i < p.m; i += rows {
		kernels.GemmSmall(l, min(rows, p.m-i), p.n, p.k, p.a[i*aRS:], aRS, aCS, p.b, p.ldb,
			p.c[i*p.ldc:], p.ldc, p.alpha, p.beta)
	}
}
