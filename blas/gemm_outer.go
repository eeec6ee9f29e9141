package blas

import (
	"unsafe"

	"github.com/simdml/simdml/blas/internal/kernels"
	"github.com/simdml/simdml/internal/cpu"
)

// The AVX2 blocked path runs the BLIS loop order, the B micro-panel outside
// the A micro-panels:
//
//	for jc over n by NC:                  (B block, packed)
//	  for pc over k by KC:                (beta applies at pc == 0 only)
//	    for ic over m by MC:              (A block, packed in row-panels, in L2)
//	      for jr over nc by NR:           (B micro-panel, in L1)
//	        for ir over mc by MR: micro-kernel on C[ic+ir:+MR, jc+jr:+NR]
//
// where gemmBlock runs jr inside ir (the A micro-panel in L1, the B block
// streamed past it for every row-panel). An AVX2 6x16 tile reads 16 floats
// of B and 6 of A per step of k: streaming A from L2 moves 24 bytes per 12
// FMAs, streaming B from L2 or L3 64. Packing is fused where the kernels
// allow: the first row-panel of the first A block packs each B micro-panel
// (kernels.GemmTilePackB) and the first column of tiles of each A block
// packs that block's A row-panels (kernels.GemmTilePackARows).
//
// The bits are gemmBlock's: the same kernels, the same KC, so a product's
// result does not depend on which driver or how many workers ran it.

// gemmUseOuter reports whether p (not on the dot path) runs with
// gemmRunOuter at level l: AVX2 products with at least 4 tiles each way.
func gemmUseOuter(l cpu.Level, p *gemmProblem) bool {
	mr, nr := gemmTileDims(l, p)
	return l == cpu.AVX2 && gemmBlocks[l].mc > 0 && !p.narrow && p.m >= 4*mr && p.n >= 4*nr &&
		gemmForcePacking == nil
}

// gemmRunOuter computes p in the BLIS loop order (see above).
func gemmRunOuter(l cpu.Level, p *gemmProblem, ar *gemmArena) {
	bl := &gemmBlocks[l]
	mr, nr := bl.mr, bl.nr
	kcMax, ncMax := min(bl.kc, p.k), min(bl.nc, p.n)
	mcMax := min(bl.mc, (p.m+mr-1)/mr*mr)
	ar.b = gemmBuf(ar.b, kcMax*((ncMax+nr-1)/nr)*nr)
	ar.a = gemmBuf(ar.a, kcMax*mcMax+gemmAliasSpan)
	gemmForBlocks(p, kcMax, ncMax, func(jc, nc, pc, kc int, beta float32) {
		for ic := 0; ic < p.m; ic += mcMax {
			mc := min(mcMax, p.m-ic)
			ap := gemmAliasShift(ar.a, gemmAt(p.a, p.tA, p.lda, ic, pc))
			next := gemmOuterNextBlock(p, ic+mc, pc, mcMax, kcMax)
			next.pc, next.jEnd = pc, jc+nc
			gemmOuterBlock(l, p, ar, ap, &next, ic, jc, pc, mc, nc, kc, beta)
		}
	})
}

// gemmOuterBlock runs the jr/ir loops over the mc x nc block of C at (ic,
// jc) for the shared-dimension block pc..pc+kc. The first block of rows
// (ic == 0) packs B's micro-panels as it goes; every block packs its A
// row-panels, into ap, in its first column of tiles.
func gemmOuterBlock(l cpu.Level, p *gemmProblem, ar *gemmArena, ap []float32, next *gemmOuterNext, ic, jc, pc, mc, nc, kc int, beta float32) {
	mr, nr := gemmBlocks[l].mr, gemmBlocks[l].nr
	for jr := 0; jr < nc; jr += nr {
		w := min(nr, nc-jr)
		bp := ar.b[(jr/nr)*nr*kc : (jr/nr+1)*nr*kc]
		fuseB := ic == 0 && w == nr && p.tB == NoTrans && jr > 0
		if ic == 0 && !fuseB {
			gemmOuterPackB(p, bp, pc, jc+jr, w, kc, nr)
		}
		switch {
		case jr == 0:
			gemmOuterPackAColumn(l, p, ap, bp, ic, jc, pc, mc, w, kc, beta)
		case fuseB: // the first tile packs B: h == mr as m >= 4*mr
			kernels.GemmTilePackB(l, kc, ap, kc, 1, p.b[pc*p.ldb+jc+jr:], p.ldb,
				p.c[ic*p.ldc+jc+jr:], p.ldc, p.alpha, beta, bp)
			gemmOuterColumn(l, p, ap, bp, next, jr/nr, ic, mr, jc+jr, mc, w, kc, beta)
		default:
			gemmOuterColumn(l, p, ap, bp, next, jr/nr, ic, 0, jc+jr, mc, w, kc, beta)
		}
	}
}

// gemmOuterColumn computes the tiles from row ir0 on of column col (w <=
// NR columns at j) of the block of rows ic..ic+mc, from the packed A block
// and the packed B panel bp: the whole tiles in one kernel call where the
// level has a panel kernel, which also prefetches rows of the next A block
// (col's share of them, one row per tile).
func gemmOuterColumn(l cpu.Level, p *gemmProblem, ablk, bp []float32, next *gemmOuterNext, col, ic, ir0, j, mc, w, kc int, beta float32) {
	mr, nr := gemmBlocks[l].mr, gemmBlocks[l].nr
	if whole := mc / mr * mr; w == nr && whole > ir0 && kernels.GemmHasPanel(l) {
		tiles := (whole - ir0) / mr
		pf, step, skip := bp, 0, 0
		switch r := (col - 1) * tiles; {
		case next.a != nil && r < next.rows: // one row of the next A block per tile
			pf, step, skip = next.a[r*p.lda:], 32, 4*p.lda-4*(kc-kc%8)
		case ic == 0 && p.tB == NoTrans && j+2*nr <= next.jEnd:
			// The kc rows of B the next column's packing tile reads: tile t
			// prefetches rows t*adv .. t*adv + kc/8, one per 8 steps.
			adv := (kc + tiles - 1) / tiles
			pf, step, skip = p.b[next.pc*p.ldb+j+nr:], 4*p.ldb, 4*p.ldb*(adv-kc/8)
		}
		kernels.GemmPanel(l, kc, ablk[(ir0/mr)*mr*kc:], bp, p.c[(ic+ir0)*p.ldc+j:], p.ldc,
			tiles, p.alpha, beta, pf, step, skip)
		ir0 = whole
	}
	for ir := ir0; ir < mc; ir += mr {
		h := min(mr, mc-ir)
		ap := ablk[(ir/mr)*mr*kc : (ir/mr+1)*mr*kc]
		kernels.GemmTile(l, kc, ap, kc, 1, bp, nr, p.c[(ic+ir)*p.ldc+j:], p.ldc, h, w, p.alpha, beta)
	}
}

// gemmOuterPackAColumn computes the first column of tiles (w <= NR columns
// at jc) of the block of rows ic..ic+mc, packing the block's A micro-panels
// (row-panels, the layout kernels.GemmPanel reads) as it goes: whole tiles
// with kernels.GemmTilePackARows.
func gemmOuterPackAColumn(l cpu.Level, p *gemmProblem, ablk, bp []float32, ic, jc, pc, mc, w, kc int, beta float32) {
	mr, nr := gemmBlocks[l].mr, gemmBlocks[l].nr
	for ir := 0; ir < mc; ir += mr {
		h := min(mr, mc-ir)
		ap := ablk[(ir/mr)*mr*kc : (ir/mr+1)*mr*kc]
		src := gemmAt(p.a, p.tA, p.lda, ic+ir, pc)
		c := p.c[(ic+ir)*p.ldc+jc:]
		if h == mr && w == nr {
			srs, scs := p.lda, 1
			if p.tA == Trans {
				srs, scs = 1, p.lda
			}
			kernels.GemmTilePackARows(l, kc, src, srs, scs, bp, nr, c, p.ldc, p.alpha, beta, ap)
			continue
		}
		if p.tA == NoTrans {
			packARows(ap, src, p.lda, h, kc, mr)
		} else {
			packATransRows(ap, src, p.lda, h, kc, mr)
		}
		kernels.GemmTile(l, kc, ap, kc, 1, bp, nr, c, p.ldc, h, w, p.alpha, beta)
	}
}

// gemmOuterPackB packs the kc x w micro-panel of op(B) at (pc, j) into bp,
// zero-padded to nr columns.
func gemmOuterPackB(p *gemmProblem, bp []float32, pc, j, w, kc, nr int) {
	if p.tB == NoTrans {
		packBRows(bp, p.b[pc*p.ldb+j:], p.ldb, w, kc, nr)
		return
	}
	packBCols(bp, p.b[j*p.ldb+pc:], p.ldb, w, kc, nr)
}

// gemmOuterBlockingFor derives gemmRunOuter's blocks from the cache sizes
// in bytes: a B micro-panel (KC x NR) as large as L1D, an A block (MC x KC)
// of 3/8 of L2, and a B block as wide as most products (NC = 4096), since
// every NC columns repack A. BenchmarkGemmOuterBlocking (AVX2, 32 KiB L1D, 1 MiB
// L2, GFLOPS per CPU-second, best of 4, noisy to 2-3%): at 1024^3 kc
// 192-384 with mc 48-510 ran 99-108, kc 512 with mc 96-264 104-111 (a
// larger KC halves the passes over C). A B block larger than L2 is read
// from L3 by every block of rows; at 2048^3 (48 MiB of operands, more than
// L3) that ran 90-93 against 107-110 with nc 512 until the panel kernel
// prefetched the next B panel while computing a column (nc 512: 103-107,
// nc 4096: 106-111).
func gemmOuterBlockingFor(mr, nr, l1, l2 int) gemmBlocking {
	kc := clampRound(l1/(4*nr), 64, 512, 16)
	mc := clampRound(3*l2/8/(4*kc), mr, 4092, mr)
	return gemmBlocking{mr: mr, nr: nr, kc: kc, nc: 4096 / nr * nr, mc: mc}
}

// packATransRows transposes h columns of a (kc rows of the stored Trans A,
// stride lda) into a row-panel: dst[i*kc + p] = a[p*lda + i], zeroing rows
// h..mr-1.
func packATransRows(dst, a []float32, lda, h, kc, mr int) {
	for i := 0; i < h; i++ {
		row := dst[i*kc : (i+1)*kc]
		for p := range row {
			row[p] = a[p*lda+i]
		}
	}
	clear(dst[h*kc : mr*kc])
}

// gemmAliasSpan is the slack (in floats) gemmAliasShift needs after the A
// block: 2 KiB.
const gemmAliasSpan = 512

// gemmAliasShift returns buf from an offset below gemmAliasSpan (a
// multiple of 8 floats) at which the packed A block starts about 1 KiB
// after src modulo 2 KiB. The packing kernel stores each row of A right
// after loading it; a store that matches a later load's address in its low
// 12 bits (4 KiB aliasing) delays the load, and with page-aligned A and
// buffer every step did: a packing tile took 1.35x a plain tile's time,
// 1.03x at 1 KiB (a throwaway benchmark, L2-resident, lda 1024). Row-panels of kc
// = 512 floats put every row of the block in one of two classes 2 KiB
// apart, as are the rows of an A whose row length is a multiple of 512.
func gemmAliasShift(buf, src []float32) []float32 {
	d := (uintptr(unsafe.Pointer(unsafe.SliceData(src)))/4 + gemmAliasSpan/2 -
		uintptr(unsafe.Pointer(unsafe.SliceData(buf)))/4) % gemmAliasSpan
	return buf[d&^7:]
}

// gemmOuterNext is what the panel kernel prefetches: the A block the next
// packing column reads (NoTrans A): rows rows of op(A) from a, lda apart
// (a == nil: none), and in the first block of rows, B for the next column.
type gemmOuterNext struct {
	a    []float32
	rows int

	pc, jEnd int // this block's first row of B, and its columns' end
}

// gemmOuterNextBlock returns the A block after the one ending at row ic
// in the shared-dimension block at pc: the next rows, else the first rows
// of the next shared-dimension block.
func gemmOuterNextBlock(p *gemmProblem, ic, pc, mcMax, kcMax int) gemmOuterNext {
	if p.tA != NoTrans {
		return gemmOuterNext{}
	}
	if ic >= p.m {
		ic, pc = 0, pc+kcMax
		if pc >= p.k {
			return gemmOuterNext{}
		}
	}
	return gemmOuterNext{a: p.a[ic*p.lda+pc:], rows: min(mcMax, p.m-ic)}
}
