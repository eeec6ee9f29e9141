package blas

import (
	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// gemmBlocking is the Goto/BLIS blocking for one kernel level: the
// micro-tile MR x NR and the cache blocks KC (shared dimension: a kc x NR
// B micro-panel stays in L1 while A micro-panels stream past it), MC (an
// MC x KC packed A block fills part of L2) and NC (a KC x NC packed B block
// fills part of L3).
type gemmBlocking struct{ mr, nr, kc, mc, nc int }

var gemmBlocks [cpu.NEON + 1]gemmBlocking

func init() {
	for l := range gemmBlocks {
		gemmBlocks[l] = gemmBlockingFor(cpu.Level(l), cpu.L1D, cpu.L2, cpu.L3)
	}
}

// gemmBlockingFor derives the cache blocks from the cache sizes in bytes.
func gemmBlockingFor(l cpu.Level, l1, l2, l3 int) gemmBlocking {
	mr, nr := kernels.GemmDims(l)
	// The B micro-panel (kc*nr floats) takes about half of L1, leaving room
	// for the A micro-panel and C tile streaming through.
	kc := clampRound(l1/2/(4*nr), 64, 512, 16)
	// The packed A block takes about half of L2.
	mc := clampRound(l2/2/(4*kc), mr, 1200, mr)
	// The packed B block takes about a quarter of the (shared) L3.
	nc := clampRound(l3/4/(4*kc), nr, 4096, nr)
	return gemmBlocking{mr: mr, nr: nr, kc: kc, mc: mc, nc: nc}
}

// clampRound clamps v to [lo, hi] and rounds it down to a multiple of q
// (lo and hi being multiples of q).
func clampRound(v, lo, hi, q int) int {
	v = max(lo, min(hi, v))
	return v / q * q
}

// gemmRun computes the whole problem p on the calling goroutine:
//
//	for jc over n by NC:            (B block)
//	  for pc over k by KC:          (beta applies at pc == 0 only)
//	    pack B[pc:pc+kc, jc:jc+nc]  (or read it in place)
//	    for ic over m by MC:
//	      pack A[ic:ic+mc, pc:pc+kc] (or read it in place)
//	      for jr over nc by NR, ir over mc by MR: micro-kernel
//
// The loops and the kernel's accumulation order depend only on m, n, k and
// the level, so a sub-problem on MR/NR-aligned rows/columns gives the same
// bits as the whole.
func gemmRun(l cpu.Level, p *gemmProblem, ar *gemmArena) {
	bl := &gemmBlocks[l]
	mr, nr := bl.mr, bl.nr
	kcMax, mcMax, ncMax := min(bl.kc, p.k), min(bl.mc, p.m), min(bl.nc, p.n)
	// Packing costs one pass over the operand; reading it in place costs
	// strided, TLB-heavy access on each reuse. Pack when it is reused enough.
	doPackB := p.tB == Trans || p.m >= gemmPackBMinM
	doPackA := p.n >= gemmPackAMinN
	if doPackB {
		ar.b = gemmBuf(ar.b, kcMax*((ncMax+nr-1)/nr)*nr)
	}
	if doPackA {
		ar.a = gemmBuf(ar.a, kcMax*((mcMax+mr-1)/mr)*mr)
	}
	ar.aEdge = gemmBuf(ar.aEdge, kcMax*mr)
	ar.bEdge = gemmBuf(ar.bEdge, kcMax*nr)
	ar.cTmp = gemmBuf(ar.cTmp, mr*nr)

	for jc := 0; jc < p.n; jc += ncMax {
		nc := min(ncMax, p.n-jc)
		for pc := 0; pc < p.k; pc += kcMax {
			kc := min(kcMax, p.k-pc)
			beta := p.beta
			if pc > 0 {
				beta = 1
			}
			if doPackB {
				packB(ar.b, p.tB, gemmAt(p.b, p.tB, p.ldb, pc, jc), p.ldb, kc, nc, nr)
			} else if nc%nr != 0 { // only the edge panel of NoTrans B
				j0 := nc / nr * nr
				packBRows(ar.bEdge, p.b[pc*p.ldb+jc+j0:], p.ldb, nc-j0, kc, nr)
			}
			for ic := 0; ic < p.m; ic += mcMax {
				mc := min(mcMax, p.m-ic)
				gemmBlock(l, p, ar, doPackA, doPackB, ic, jc, pc, mc, nc, kc, beta)
			}
		}
	}
}

// Thresholds for packing (see gemmRun), from BenchmarkSgemm's network
// shapes: below them the operand is reused too few times to repay a copy.
var (
	gemmPackBMinM = 64  // pack NoTrans B when m >= this
	gemmPackAMinN = 128 // pack A when n >= this
)

// gemmAt returns the slice of a stored matrix x starting at element (r, c)
// of op(x).
func gemmAt(x []float32, t Transpose, ld, r, c int) []float32 {
	if t == NoTrans {
		return x[r*ld+c:]
	}
	return x[c*ld+r:]
}

// gemmBlock runs the jr/ir loops over one mc x nc block of C at (ic, jc)
// for the shared-dimension block pc..pc+kc.
func gemmBlock(l cpu.Level, p *gemmProblem, ar *gemmArena, doPackA, doPackB bool,
	ic, jc, pc, mc, nc, kc int, beta float32) {
	mr, nr := gemmBlocks[l].mr, gemmBlocks[l].nr
	var aRS, aCS int
	if doPackA {
		aRS, aCS = packA(ar.a, p.tA, gemmAt(p.a, p.tA, p.lda, ic, pc), p.lda, mc, kc, mr)
	}
	// The edge panel of A when A is read in place.
	var eRS, eCS int
	if !doPackA && mc%mr != 0 {
		i0 := mc / mr * mr
		eRS, eCS = packA(ar.aEdge, p.tA, gemmAt(p.a, p.tA, p.lda, ic+i0, pc), p.lda, mc-i0, kc, mr)
	}
	for jr := 0; jr < nc; jr += nr {
		w := min(nr, nc-jr)
		var bp []float32
		bCS := nr
		switch {
		case doPackB:
			bp = ar.b[(jr/nr)*nr*kc:]
		case w == nr:
			bp, bCS = p.b[pc*p.ldb+jc+jr:], p.ldb
		default:
			bp = ar.bEdge
		}
		for ir := 0; ir < mc; ir += mr {
			h := min(mr, mc-ir)
			var ap []float32
			rs, cs := aRS, aCS
			switch {
			case doPackA:
				ap = ar.a[(ir/mr)*mr*kc:]
			case h < mr:
				ap, rs, cs = ar.aEdge, eRS, eCS
			case p.tA == NoTrans:
				ap, rs, cs = p.a[(ic+ir)*p.lda+pc:], p.lda, 1
			default:
				ap, rs, cs = p.a[pc*p.lda+ic+ir:], 1, p.lda
			}
			ci := (ic+ir)*p.ldc + jc + jr
			if h == mr && w == nr {
				kernels.GemmTile(l, kc, ap, rs, cs, bp, bCS, p.c[ci:], p.ldc, p.alpha, beta)
				continue
			}
			kernels.GemmTile(l, kc, ap, rs, cs, bp, bCS, ar.cTmp, nr, 1, 0)
			gemmStoreEdge(p.c[ci:], p.ldc, ar.cTmp, nr, h, w, p.alpha, beta)
		}
	}
}

// gemmStoreEdge sets the h x w corner of C to alpha*t + beta*C (not reading
// C when beta == 0).
func gemmStoreEdge(c []float32, ldc int, t []float32, ldt, h, w int, alpha, beta float32) {
	for i := 0; i < h; i++ {
		row := c[i*ldc : i*ldc+w]
		tr := t[i*ldt : i*ldt+w]
		if beta == 0 {
			for j, v := range tr {
				row[j] = alpha * v
			}
			continue
		}
		for j, v := range tr {
			row[j] = alpha*v + beta*row[j]
		}
	}
}
