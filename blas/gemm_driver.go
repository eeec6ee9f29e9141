package blas

import (
	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// gemmBlocking is the blocking for one kernel level: the micro-tile
// MR x NR and the cache blocks KC (shared dimension) and NC (columns of C).
// An MR x KC micro-panel of A stays in L1 while the kernel sweeps it along
// a KC x NC packed block of B (in L2 and L3); C is walked row-panel by
// row-panel, so its cache lines stream in order.
//
// mc, if not 0, is the row block of gemmRunOuter's loop order (the packed A
// block, MC x KC, stays in L2 while B micro-panels of KC x NR sit in L1).
type gemmBlocking struct{ mr, nr, kc, nc, mc int }

var gemmBlocks [cpu.NEON + 1]gemmBlocking

func init() {
	for l := range gemmBlocks {
		gemmBlocks[l] = gemmBlockingFor(cpu.Level(l), cpu.L1D, cpu.L2)
	}
}

// gemmBlockingFor derives the cache blocks from the cache sizes in bytes.
// The fractions come from BenchmarkGemmBlocking (2048^3, AVX-512, Zen 4 with
// 32 KiB L1D and 1 MiB L2): kc 512 / nc 1024 ran 105 GFLOPS per CPU-second,
// kc 336 / nc 384 (A panel half of L1, B block half of L2) 96-98. Repacking
// A once per NC columns costs more than streaming a B block larger than L2
// from L3, so NC is large.
func gemmBlockingFor(l cpu.Level, l1, l2 int) gemmBlocking {
	mr, nr := kernels.GemmDims(l)
	if l == cpu.AVX2 {
		return gemmOuterBlockingFor(mr, nr, l1, l2)
	}
	// The A micro-panel (mr*kc floats) takes about three quarters of L1D.
	kc := clampRound(3*l1/4/(4*mr), 64, 512, 16)
	// The packed B block (kc*nc floats) is about twice L2.
	nc := clampRound(2*l2/(4*kc), nr, 4096, nr)
	return gemmBlocking{mr: mr, nr: nr, kc: kc, nc: nc}
}

// clampRound clamps v to [lo, hi] and rounds it down to a multiple of q
// (lo and hi being multiples of q).
func clampRound(v, lo, hi, q int) int {
	v = max(lo, min(hi, v))
	return v / q * q
}

// gemmRun computes the whole problem p on the calling goroutine:
//
//	for jc over n by NC:               (B block)
//	  for pc over k by KC:             (beta applies at pc == 0 only)
//	    pack B[pc:pc+kc, jc:jc+nc]     (or read it in place)
//	    for ir over m by MR:
//	      pack A[ir:ir+MR, pc:pc+kc]   (or read it in place)
//	      for jr over nc by NR: micro-kernel on C[ir:ir+MR, jc+jr:jc+jr+NR]
//
// The loops and the kernel's accumulation order depend only on k and the
// level, so a sub-problem on MR/NR-aligned rows/columns gives the same bits
// as the whole.
func gemmRun(l cpu.Level, p *gemmProblem, ar *gemmArena) {
	if p.dot {
		gemmRunDot(l, p, ar)
		return
	}
	if gemmUseOuter(l, p) {
		gemmRunOuter(l, p, ar)
		return
	}
	bl := &gemmBlocks[l]
	mr, nr := gemmTileDims(l, p)
	kcMax, ncMax := min(bl.kc, p.k), min(bl.nc, p.n)
	doPackA, doPackB := gemmPacking(l, p)
	fuse := doPackB && gemmFusePackB(l, p, mr)
	if ar != nil { // nil when gemmNeedsArena says no buffer is touched
		if doPackB {
			ar.b = gemmBuf(ar.b, kcMax*((ncMax+nr-1)/nr)*nr)
		}
		ar.a = gemmBuf(ar.a, kcMax*mr)
		ar.bEdge = gemmBuf(ar.bEdge, kcMax*nr)
	}

	gemmForBlocks(p, kcMax, ncMax, func(jc, nc, pc, kc int, beta float32) {
		switch j0 := nc / nr * nr; {
		case fuse: // only the edge panel; the first row-panel packs the others
			if j0 < nc {
				packBRows(ar.b[(j0/nr)*nr*kc:], p.b[pc*p.ldb+jc+j0:], p.ldb, nc-j0, kc, nr)
			}
		case doPackB:
			packB(ar.b, p.tB, gemmAt(p.b, p.tB, p.ldb, pc, jc), p.ldb, kc, nc, nr)
		case j0 < nc: // only the edge panel of NoTrans B
			packBRows(ar.bEdge, p.b[pc*p.ldb+jc+j0:], p.ldb, nc-j0, kc, nr)
		}
		gemmBlock(l, p, ar, doPackA, doPackB, fuse, jc, pc, nc, kc, beta)
	})
}

// gemmForBlocks calls fn for each block of p's columns (jc, nc wide, by
// ncMax) and, inside, of its shared dimension (pc, kc long, by kcMax), with
// the beta the block applies: p.beta for the first block along k, then 1,
// each later block adding to what the earlier ones wrote.
func gemmForBlocks(p *gemmProblem, kcMax, ncMax int, fn func(jc, nc, pc, kc int, beta float32)) {
	for jc := 0; jc < p.n; jc += ncMax {
		nc := min(ncMax, p.n-jc)
		for pc := 0; pc < p.k; pc += kcMax {
			kc := min(kcMax, p.k-pc)
			beta := p.beta
			if pc > 0 {
				beta = 1
			}
			fn(jc, nc, pc, kc, beta)
		}
	}
}

// gemmNeedsArena reports whether gemmRun(l, p, ar) touches ar's buffers;
// if not, small products skip the free list (two mutex round trips, a
// fifth of a 16^3 product's time).
func gemmNeedsArena(l cpu.Level, p *gemmProblem) bool {
	if p.dot {
		mr, nr := kernels.GemmDotDims(l)
		return p.tA == Trans || p.m < mr || p.n < nr // edges: stack scratch
	}
	if gemmUseOuter(l, p) {
		return true
	}
	mr, nr := gemmTileDims(l, p)
	packA, packB := gemmPacking(l, p)
	return packA || packB || p.n%nr != 0 || p.m%mr != 0 && !kernels.GemmPartialRows(l)
}

// gemmTileDims returns the micro-tile p runs with at level l.
func gemmTileDims(l cpu.Level, p *gemmProblem) (mr, nr int) {
	mr, nr = gemmBlocks[l].mr, gemmBlocks[l].nr
	if p.narrow {
		nr = kernels.GemmNarrowNR(l)
	}
	return mr, nr
}

// gemmFusePackB reports whether gemmRun packs NoTrans B with
// kernels.GemmTilePackB, the first row-panel of each block copying the B
// panels it reads while it computes, rather than in a pass of its own
// before. The separate pass cost 3-8% of a 512^3 product at AVX2 and 2-3%
// of 1024^3 (GFLOPS per CPU-second with the pass skipped, BenchmarkGemmBlocking).
// The fused first row-panel reads B in place, at ldb strides: that one
// panel in MR is slower.
func gemmFusePackB(l cpu.Level, p *gemmProblem, mr int) bool {
	return p.tB == NoTrans && !p.narrow && p.m >= mr && kernels.GemmPacksB(l)
}

// gemmPacking decides which operands gemmRun packs. Packing costs a pass
// over the operand (and a call per copied row); reading in place costs
// strided access on every reuse, which is cheap until rows a multiple of
// 4 KiB apart fall into the same L1 sets: twelve such rows of A evict each
// other from an 8-way L1. BenchmarkGemmPacking (NN squares, AVX-512, GFLOPS
// per CPU-second, packing neither / A / B / both): n = 32: 81 / 72 / 66 / 60;
// n = 128: 108 / 106 / 100 / 98; n = 256: 109 / 109 / 105 / 103; n = 1024
// (4 KiB rows): 95 / 101 / 97 / 104.
func gemmPacking(l cpu.Level, p *gemmProblem) (packA, packB bool) {
	if f := gemmForcePacking; f != nil { // tests and BenchmarkGemmPacking
		return f[0] || kernels.GemmKMajorA(l), f[1] || p.tB == Trans
	}
	mr, nr := gemmTileDims(l, p)
	reusedA := p.n >= 4*nr // each A panel meets at least 4 B panels
	reusedB := p.m >= 4*mr
	packA = kernels.GemmKMajorA(l) ||
		reusedA && (gemmConflictStride(p.lda) || p.tA == Trans && p.k > gemmDirectTransAMaxK)
	// Unpacked B is read as NR-float row segments, ldb apart: with one cache
	// line per segment (AVX2's 16 floats), 2 KiB strides already stall it
	// (AVX2 512^3: 61 GFLOPS unpacked, 99 packed), with two (AVX-512) only
	// 4 KiB ones (AVX-512 512^3: 113 unpacked, 105 packed).
	packB = p.tB == Trans || reusedB && p.ldb%(32*nr) == 0
	return packA, packB
}

// gemmForcePacking, when set (by tests, never concurrently with Sgemm),
// overrides gemmPacking's choice for A and B where the kernel allows.
var gemmForcePacking *[2]bool

// gemmDirectTransAMaxK is the largest k for which a reused Trans A is read in
// place: each step of k reads MR floats from another row of the stored A,
// and beyond a few hundred rows they no longer stay in L1 between reuses.
const gemmDirectTransAMaxK = 256

// gemmConflictStride reports whether rows ld floats apart map to the same
// L1 sets (a multiple of 4 KiB apart).
func gemmConflictStride(ld int) bool { return ld%1024 == 0 }

// gemmAt returns the slice of a stored matrix x starting at element (r, c)
// of op(x).
func gemmAt(x []float32, t Transpose, ld, r, c int) []float32 {
	if t == NoTrans {
		return x[r*ld+c:]
	}
	return x[c*ld+r:]
}

// gemmBlock runs the ir/jr loops over the m x nc block of C at column jc
// for the shared-dimension block pc..pc+kc. A whole row-panel of A to be
// packed is packed by its first tile (kernels.GemmTilePackA, k-major) where
// the level has the kernel, except in the first row-panel when that packs
// B: a separate pass cost about 2% of 1024^3 and 2048^3 at AVX2 and
// AVX-512 (GFLOPS per CPU-second with A's packing skipped,
// BenchmarkGemmBlocking).
func gemmBlock(l cpu.Level, p *gemmProblem, ar *gemmArena, doPackA, doPackB, fuse bool,
	jc, pc, nc, kc int, beta float32) {
	mr, nr := gemmTileDims(l, p)
	kMajor := kernels.GemmKMajorA(l)
	partial := kernels.GemmPartialRows(l)
	for ir := 0; ir < p.m; ir += mr {
		h := min(mr, p.m-ir)
		var ap []float32
		var rs, cs int
		packFirst := false // the first tile packs A (k-major) for the others
		switch {
		case doPackA && h == mr && nc >= nr && !p.narrow && !(fuse && ir == 0) && kernels.GemmPacksB(l):
			packFirst = true
			ap, rs, cs = ar.a, 1, mr
		case doPackA || h < mr && !partial:
			ap = ar.a
			rs, cs = packA(ar.a, p.tA, gemmAt(p.a, p.tA, p.lda, ir, pc), p.lda, h, kc, mr, kMajor)
		case p.tA == NoTrans:
			ap, rs, cs = p.a[ir*p.lda+pc:], p.lda, 1
		default:
			ap, rs, cs = p.a[pc*p.lda+ir:], 1, p.lda
		}
		for jr := 0; jr < nc; jr += nr {
			w := min(nr, nc-jr)
			var bp []float32
			bCS := nr
			switch {
			case fuse && ir == 0 && w == nr: // h == mr: fuse needs m >= mr
				kernels.GemmTilePackB(l, kc, ap, rs, cs, p.b[pc*p.ldb+jc+jr:], p.ldb,
					p.c[ir*p.ldc+jc+jr:], p.ldc, p.alpha, beta, ar.b[(jr/nr)*nr*kc:])
				continue
			case doPackB:
				bp = ar.b[(jr/nr)*nr*kc:]
			case w == nr:
				bp, bCS = p.b[pc*p.ldb+jc+jr:], p.ldb
			default:
				bp = ar.bEdge
			}
			if packFirst && jr == 0 { // w == nr: nc >= nr
				src, srs, scs := gemmAt(p.a, p.tA, p.lda, ir, pc), p.lda, 1
				if p.tA == Trans {
					srs, scs = 1, p.lda
				}
				kernels.GemmTilePackA(l, kc, src, srs, scs, bp, bCS, p.c[ir*p.ldc+jc+jr:], p.ldc,
					p.alpha, beta, ar.a)
				continue
			}
			if p.narrow {
				kernels.GemmTileNarrow(l, kc, ap, rs, cs, bp, bCS, p.c[ir*p.ldc+jc+jr:], p.ldc, h, w, p.alpha, beta)
				continue
			}
			kernels.GemmTile(l, kc, ap, rs, cs, bp, bCS, p.c[ir*p.ldc+jc+jr:], p.ldc, h, w, p.alpha, beta)
		}
	}
}
