// Command gemm generates the amd64 SGEMM micro-kernels of package
// blas/internal/kernels (../blas/internal/kernels/gemm_amd64.s).
//
// Each kernel computes one MR x NR tile of C over kc steps of the shared
// dimension, with A read through general strides (so packed row-panels,
// packed k-major panels and unpacked A in either orientation all work) and
// B read as NR contiguous floats per step at stride bCS:
//
//	for i < MR, j < NR:
//		s := Σ_{p<kc} a[i*aRS + p*aCS] * b[p*bCS + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == 0: c not read)
//
// Register map (general purpose, all kernels):
//
//	CX  kc, counting down          R8  aRS*4     R9  3*aRS*4
//	SI  &a[p*aCS] (rows 0-4)       R10 aCS*4
//	DI  SI + 5*aRS*4 (rows 5-9)    R11 bCS*4
//	DX  SI + 10*aRS*4 (rows 10-14) BX  &b[p*bCS]
//	AX  &c[i*ldc] in the epilogue  R12 ldc*4   R13 scratch
//
// Vector registers: MR*NV accumulators first (NV vectors per row), then NV
// B vectors, then broadcast temporaries.
package main

import (
	"fmt"
	"os"
	"strings"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// signature is the AVX2 kernels': they read only rows rows of A and write
// only rows rows of C (1 <= rows <= MR), all NR columns.
const signature = "func(kc int, a *float32, aRS int, aCS int, b *float32, bCS int, c *float32, ldc int, rows int, alpha float32, beta float32)"

// maskedSignature is the AVX-512 kernels': they read only rows rows of A
// and write only the top-left rows x cols of the tile (1 <= rows <= MR,
// 1 <= cols <= NR), through k-masks, so edge tiles need neither a packed
// A panel nor a scratch tile, and get the same arithmetic.
const maskedSignature = "func(kc int, a *float32, aRS int, aCS int, b *float32, bCS int, c *float32, ldc int, rows int, cols int, alpha float32, beta float32)"

// isa describes one vector extension: register file, width in floats, and
// whether FMAs may take an embedded-broadcast memory operand.
type isa struct {
	name  string
	width int
	vec   func(i int) VecPhysical
	bcst  bool
}

var (
	avx2   = isa{name: "AVX2", width: 8, vec: func(i int) VecPhysical { return avoisa.Y[:16][i] }} // VEX: Y0-Y15
	avx512 = isa{name: "AVX512", width: 16, vec: func(i int) VecPhysical { return avoisa.Z[i] }, bcst: true}
)

func main() {
	os.Args = append(os.Args[:1], "-out", "../blas/internal/kernels/gemm_amd64.s")
	ConstraintExpr("!purego")
	// Tile shapes measured with BenchmarkGemmKernel (L1-resident panels,
	// best of 12 runs on a shared Zen 4 core whose FMA peak is the same ~116
	// GFLOPS for AVX2 and AVX-512): AVX2 6x16 114, 4x24 90; AVX-512 12x32
	// 115 (embedded-broadcast FMAs: the same), 6x64 98-107, 14x32 52-72.
	kernel(avx2, 6, 2, false, packNone)
	kernel(avx512, 12, 2, false, packNone)
	kernel(avx512, 12, 1, false, packNone) // for n <= 16, where a 32-wide tile wastes half its work
	// Whole tiles that also copy the B panel they read into packed form
	// (the first row-panel of a block packs B for the others), or the A
	// panel (the first tile of a row-panel packs A for the others).
	kernel(avx2, 6, 2, false, packB)
	kernel(avx512, 12, 2, false, packB)
	kernel(avx2, 6, 2, false, packA)
	kernel(avx512, 12, 2, false, packA)
	// The AVX2 blocked path's inner loop: a column of whole tiles of one
	// packed A block against one packed B micro-panel, in one call.
	panelKernel(avx2, 6, 2)
	packARowsKernel(avx2, 6, 2)
	dotMask = avoisa.LaneMaskTable("gemmDotMask")
	dotPanelKernel()
	dot5PanelKernel(5)
	dot5PanelKernel(4)
	Generate()
}

// packMode selects what a kernel packs while it computes.
type packMode int

const (
	packNone packMode = iota
	packB             // the B rows it reads, into a k-major panel
	packA             // the A elements it reads, into a k-major panel
)

// kernel emits the MR x (NV*width) kernel; bcst selects embedded-broadcast
// FMAs (one load per FMA) instead of one VBROADCASTSS per row. A packing
// kernel takes one more argument, bp or ap *float32, and stores each step's
// NR floats of B at bp[p*NR:] (packB) or MR floats of A at ap[p*MR:]
// (packA) as it loads them; it computes whole tiles only (rows == MR, cols
// == NR), with the general loop, and AX holds bp or ap during the loop.
func kernel(x isa, mr, nv int, bcst bool, mode packMode) {
	pack := mode != packNone
	nr := nv * x.width
	name := fmt.Sprintf("gemmKernel%dx%d%s", mr, nr, x.name)
	if bcst {
		name += "Bcst"
	}
	packArg := "bp"
	switch mode {
	case packB:
		name += "Pack"
	case packA:
		name += "PackA"
		packArg = "ap"
	}
	nacc := mr * nv
	if nacc+nv+1 > len(x.regs()) {
		panic(name + ": too many registers")
	}
	masked := x.width == 16
	sig := signature
	if masked {
		sig = maskedSignature
	}
	if pack {
		sig = strings.Replace(sig, "beta float32)", "beta float32, "+packArg+" *float32)", 1)
	}
	TEXT(name, NOSPLIT, sig)
	Doc(fmt.Sprintf("%s computes one %dx%d tile of C; see the package comment of asm/gemm.", name, mr, nr))
	r := x.tileRegs(mr, nv)
	loadTileArgs(mr)

	Comment("Prefetch the C tile when the loop is long enough to hide it; zero",
		"the accumulators.")
	CMPQ(RCX, U8(32))
	JL(LabelRef(name + "_noprefetch"))
	for i := 0; i < mr; i++ {
		PREFETCHT0(Mem{Base: RAX})
		if nr*4 > 64 {
			PREFETCHT0(Mem{Base: RAX, Disp: nr*4 - 4})
		}
		ADDQ(R12, RAX)
	}
	Label(name + "_noprefetch")
	if pack {
		Load(Param(packArg), RAX)
	} else {
		Load(Param("c"), RAX)
	}
	farPrefetch := pack && x.width == 8
	if farPrefetch {
		Comment("R13 = the prefetch distance in bytes along k of the operand read in place")
		if mode == packB {
			IMUL3Q(U8(packBPrefetchRows), R11, R13)
		} else {
			IMUL3Q(U8(packAPrefetchSteps), R10, R13)
		}
	}
	r.zero()
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_store"))
	loop := func(label string, rows int) {
		Label(label)
		Comment("Invariant: acc[i][j] = Σ_{q<p} a(i,q)*b(q,j); SI..DX, BX point at step p.",
			"b := b[p*bCS : p*bCS+NR]")
		r.loadB(0)
		if mode == packB {
			Comment("Prefetch b some rows ahead (in place, rows ldb apart: the",
				"hardware prefetchers miss that stride); bp[p*NR : p*NR+NR] = b")
			for off := 0; off < 4*nr; off += 64 {
				if farPrefetch {
					PREFETCHT0(Mem{Base: RBX, Index: R13, Scale: 1, Disp: off})
					Comment("and the same row of the next panel, which the next packing tile reads")
					PREFETCHT0(Mem{Base: RBX, Disp: 4*nr + off})
					continue
				}
				PREFETCHT0(Mem{Base: RBX, Index: R11, Scale: 8, Disp: off})
			}
			for v := 0; v < nv; v++ {
				VMOVUPS(r.bv(v), Mem{Base: RAX, Disp: x.width * 4 * v})
			}
		}
		if mode == packA && farPrefetch {
			Comment("Prefetch the A step packAPrefetchSteps ahead (A read in place along a column)")
			PREFETCHT0(Mem{Base: RSI, Index: R13, Scale: 1})
			if rows > 5 {
				PREFETCHT0(Mem{Base: RDI, Index: R13, Scale: 1})
			}
		}
		Commentf("acc[i][:] += a(i,p) * b for rows i < %d", rows)
		var storeA func(i int, t VecPhysical)
		if mode == packA {
			storeA = func(i int, t VecPhysical) {
				VMOVSS(t.AsX(), Mem{Base: RAX, Disp: 4 * i}) // ap[p*MR + i] = a(i, p)
			}
		}
		r.fmaRows(rows, bcst, avoisa.PanelRow, storeA)
		Comment("p++")
		avoisa.PanelStep(rows)
		ADDQ(R11, RBX)
		switch mode {
		case packB:
			ADDQ(U32(4*nr), RAX)
		case packA:
			ADDQ(U32(4*mr), RAX)
		}
		DECQ(RCX)
		JNZ(LabelRef(label))
	}
	if pack {
		if mode == packA && farPrefetch {
			packAUnrolled(name, mr, r)
		}
		loop(name+"_loop", mr)
		Label(name + "_store")
		Load(Param("c"), RAX)
		kernelEpilogue(x, name, mr, nv, masked, r.acc, r.bv)
		return
	}
	Comment("An edge tile of rows < MR rows runs a loop over just those rows:",
		"no wasted FMAs, and A is not read beyond row rows-1.")
	Load(Param("rows"), R13)
	for r := 1; r < mr; r++ {
		CMPQ(R13, U8(r))
		JEQ(LabelRef(fmt.Sprintf("%s_rows%d", name, r)))
	}
	unrolledLoop(name, mr, nr, bcst, r)
	loop(name+"_loop", mr)
	for r := 1; r < mr; r++ {
		JMP(LabelRef(name + "_store"))
		loop(fmt.Sprintf("%s_rows%d", name, r), r)
	}

	Label(name + "_store")
	kernelEpilogue(x, name, mr, nv, masked, r.acc, r.bv)
}

// kernelEpilogue stores the tile from the accumulators (AX = &c).
func kernelEpilogue(x isa, name string, mr, nv int, masked bool, acc func(i, v int) VecPhysical, bv func(v int) VecPhysical) {
	if masked {
		maskedEpilogue(x, name, mr, nv, acc, bv)
		return
	}
	alpha, beta := bv(0), bv(1) // the B registers are free now
	Load(Param("rows"), RDX)
	VBROADCASTSS(NewParamAddr("alpha", 72), alpha)
	MOVL(NewParamAddr("beta", 76), R13L)
	VBROADCASTSS(NewParamAddr("beta", 76), beta)
	maskedRows(x, name, mr, nv, acc, nil, alpha, beta, nil) // whole rows: no masks
}

// maskedRows stores rows x cols of the tile from its first u vectors,
// reading C only if beta != ±0 (R13L holds beta's bits); a nil kmask stores
// whole vectors (cols == NR).
func maskedRows(x isa, name string, mr, u int, acc func(i, v int) VecPhysical, kmask func(v int) Register, alpha, beta, t VecPhysical) {
	TESTL(U32(0x7fffffff), R13L)
	JZ(LabelRef(name + "_beta0"))
	if kmask == nil {
		Comment("c(i, :) = alpha*acc(i, :) + beta*c(i, :) for i < rows")
	} else {
		Comment("c(i, :) = alpha*acc(i, :) + beta*c(i, :) for i < rows, masked to cols")
	}
	for i := 0; i < mr; i++ {
		for v := 0; v < u; v++ {
			m := Mem{Base: RAX, Disp: x.width * 4 * v}
			VMULPS(alpha, acc(i, v), acc(i, v))
			if kmask == nil { // whole rows: no masks
				VFMADD231PS(m, beta, acc(i, v))
				VMOVUPS(acc(i, v), m)
				continue
			}
			VMOVUPS_Z(m, kmask(v), t)
			VFMADD231PS(t, beta, acc(i, v))
			VMOVUPS(acc(i, v), kmask(v), m)
		}
		if i < mr-1 {
			ADDQ(R12, RAX)
			DECQ(RDX)
			JZ(LabelRef(name + "_done"))
		}
	}
	JMP(LabelRef(name + "_done"))

	Label(name + "_beta0")
	Comment("beta == ±0: c = alpha*acc without reading c")
	for i := 0; i < mr; i++ {
		for v := 0; v < u; v++ {
			VMULPS(alpha, acc(i, v), acc(i, v))
			if kmask == nil {
				VMOVUPS(acc(i, v), Mem{Base: RAX, Disp: x.width * 4 * v})
				continue
			}
			VMOVUPS(acc(i, v), kmask(v), Mem{Base: RAX, Disp: x.width * 4 * v})
		}
		if i < mr-1 {
			ADDQ(R12, RAX)
			DECQ(RDX)
			JZ(LabelRef(name + "_done"))
		}
	}
	Label(name + "_done")
	VZEROUPPER()
	RET()
}

// unrolledLoop emits, for a whole tile (rows == MR) whose A row-panel is
// contiguous along k (aCS == 1) and whose B panel is packed (bCS == NR),
// the k loop unrolled by 4 with constant displacements: one pointer update
// per operand per 4 steps instead of per step. Other strides, and the
// kc mod 4 steps left over, fall through to the general loop.
func unrolledLoop(name string, mr, nr int, bcst bool, r tileRegs) {
	const u = 4
	Comment("Packed B (bCS == NR) and A as rows (aCS == 1) or k-major (aRS == 1,",
		"aCS == MR): the loop unrolled by 4.")
	CMPQ(R11, U32(4*nr))
	JNE(LabelRef(name + "_loop"))
	CMPQ(R10, U8(4))
	JEQ(LabelRef(name + "_unrolled"))
	CMPQ(R10, U32(4*mr))
	JNE(LabelRef(name + "_loop"))
	CMPQ(R8, U8(4))
	JNE(LabelRef(name + "_loop"))
	Label(name + "_unrolledK")
	CMPQ(RCX, U8(u))
	JL(LabelRef(name + "_loop"))
	if r.x.width == 8 {
		Comment("Prefetch the packed A panel (streamed from L2) a few steps ahead.")
		for off := 0; off < 4*mr*u; off += 64 {
			PREFETCHT0(Mem{Base: RSI, Disp: kMajorAPrefetch + off})
		}
	}
	for q := 0; q < u; q++ {
		r.loadB(4 * nr * q)
		r.fmaRows(mr, bcst, func(i int) Mem { return Mem{Base: RSI, Disp: 4 * (mr*q + i)} }, nil)
	}
	Comment("The general loop's row bases DI, DX move with SI.")
	avoisa.PanelAdvance(mr, U32(4*mr*u))
	ADDQ(U32(4*nr*u), RBX)
	SUBQ(U8(u), RCX)
	JNZ(LabelRef(name + "_unrolledK"))
	JMP(LabelRef(name + "_store"))

	Label(name + "_unrolled")
	CMPQ(RCX, U8(u))
	JL(LabelRef(name + "_loop"))
	for q := 0; q < u; q++ {
		r.loadB(4 * nr * q)
		r.fmaRows(mr, bcst, panelRowAt(q), nil)
	}
	avoisa.PanelAdvance(mr, U8(4*u))
	ADDQ(U32(4*nr*u), RBX)
	SUBQ(U8(u), RCX)
	JNZ(LabelRef(name + "_unrolled"))
	JMP(LabelRef(name + "_store"))
}

// maskedEpilogue stores rows x cols of alpha*acc + beta*C: vector v of a row
// goes through mask K(v+1) = the low clamp(cols - 16v, 0, 16) lanes, and the
// row loop stops after `rows` rows. Masked-off lanes are neither read nor
// written (AVX-512 masked accesses do not fault there).
func maskedEpilogue(x isa, name string, mr, nv int, acc func(i, v int) VecPhysical, bv func(v int) VecPhysical) {
	Comment("K(v+1) = lanes [0, clamp(cols - 16v, 0, 16)) of vector v")
	Load(Param("cols"), RSI)
	for v := 0; v < nv; v++ {
		MOVQ(RSI, RDI)
		if v > 0 {
			SUBQ(U32(16*v), RDI)
		}
		XORL(EDX, EDX)
		CMPQ(RDI, U8(0))
		CMOVQLT(RDX, RDI)
		MOVL(U32(16), EDX)
		CMPQ(RDI, RDX)
		CMOVQGT(RDX, RDI)
		MOVL(U32(1), EBX)
		MOVQ(RDI, RCX)
		SHLQ(CL, RBX)
		DECQ(RBX)
		KMOVW(EBX, []Register{K1, K2, K3, K4}[v])
	}
	kmask := func(v int) Register { return []Register{K1, K2, K3, K4}[v] }
	Load(Param("rows"), RDX)
	alpha, beta := bv(0), bv(1) // the B registers are free now
	t := x.vec(len(x.regs()) - 1)
	VBROADCASTSS(NewParamAddr("alpha", 80), alpha)
	Comment("Only the vectors that hold some of the cols columns are touched: a",
		"fully masked store would still overlap the next row of a narrow C and",
		"stall the next row's load behind it.")
	MOVL(NewParamAddr("beta", 84), R13L)
	VBROADCASTSS(NewParamAddr("beta", 84), beta)
	Comment("Whole-width tiles (all of them in a large product) store without masks.")
	CMPQ(RSI, U32(16*nv))
	JEQ(LabelRef(name + "_full"))
	for u := 1; u < nv; u++ {
		CMPQ(RSI, U32(16*u))
		JLE(LabelRef(fmt.Sprintf("%s_v%d", name, u)))
	}
	for u := nv; u >= 1; u-- {
		Label(fmt.Sprintf("%s_v%d", name, u))
		maskedRows(x, fmt.Sprintf("%s_v%d", name, u), mr, u, acc, kmask, alpha, beta, t)
	}
	Label(name + "_full")
	maskedRows(x, name+"_full", mr, nv, acc, nil, alpha, beta, t)
}

func (x isa) regs() []VecPhysical {
	if x.width == 16 {
		return avoisa.Z
	}
	return avoisa.Y[:16]
}

// The prefetch distances of the AVX2 packing kernels, which read one operand
// in place: B rows (ldb apart) and A steps along k. 8 B rows (about 50
// cycles of FMAs) hid little of a miss to L3 or memory.
const (
	packBPrefetchRows  = 32
	packAPrefetchSteps = 32
	packARowPrefetch   = 256 // bytes ahead in each row of A when aCS == 1
	kMajorAPrefetch    = 384 // bytes ahead in a k-major A panel (16 steps of 6 rows)
	rowsAPrefetch      = 256 // bytes ahead in each row of a row-panel of A
	// nextBPanelStep is how far the panel kernel's prefetch of the next B
	// panel moves per 8 steps: 2*kc bytes per tile, so a column of 32 tiles
	// (MC = 192) prefetches the whole kc*64-byte panel before the next
	// column reads it.
	nextBPanelStep = 16
)

// packAUnrolled emits, for a packA kernel whose A rows are contiguous along
// k (aCS == 1), the k loop unrolled by 8 with each row of A prefetched
// packARowPrefetch bytes ahead (six streams of 4 bytes per step, which the
// hardware prefetchers follow late) and B advanced by bCS per step. The
// kc mod 8 steps left over fall through to the general loop.
func packAUnrolled(name string, mr int, r tileRegs) {
	const u = 8
	rowsUnrolledHead(name, mr, u, "")
	for q := 0; q < u; q++ {
		r.loadB(0)
		r.fmaRows(mr, false, panelRowAt(q), func(i int, t VecPhysical) {
			VMOVSS(t.AsX(), Mem{Base: RAX, Disp: 4 * (mr*q + i)}) // ap[p*MR + i] = a(i, p)
		})
		ADDQ(R11, RBX)
	}
	avoisa.PanelAdvance(mr, U8(4*u))
	ADDQ(U32(4*mr*u), RAX)
	SUBQ(U8(u), RCX)
	JNZ(LabelRef(name + "_unrolled"))
	JMP(LabelRef(name + "_store"))
}

// panelSignature is the panel kernels': tiles whole MR x NR tiles down a
// column of C, from consecutive packed A row-panels and one packed B panel.
const panelSignature = "func(kc int, a *float32, b *float32, c *float32, ldc int, tiles int, alpha float32, beta float32, pf *float32, pfSkip int, pfStep int)"

// panelKernel emits gemmPanel<MR>x<NR><ISA>, which computes tiles >= 1
// whole tiles t, one after the other, from row-panels of A (tile t's row i
// at a[(t*MR+i)*kc:], as packARowsKernel and packARows write them):
//
//	for t < tiles, i < MR, j < NR:
//		s := Σ_{p<kc} a[(t*MR+i)*kc + p] * b[p*NR + j]
//		c[(t*MR+i)*ldc + j] = alpha*s + beta*c[(t*MR+i)*ldc + j]   (beta == ±0: c not read)
//
// with the tile kernel's FMAs in the same order and its epilogue, so every
// tile gets the bits the tile kernel gives it. One call per column of
// tiles instead of one per tile saves the Go call chain and the kernel's
// setup per tile (about 2% of an AVX2 1024^3).
//
// Registers: CX k steps left, SI &a(0, p) of the tile (rows 0-4 at R8
// strides), DI &a(5, p), R8 kc*4, R9 3*kc*4, BX &b[p*NR], R10 &c of tile t,
// AX a row of C (and scratch), R12 ldc*4, R11 tiles left, DX the next B
// panel, R13 pf.
//
// pf: while it computes, each tile also prefetches (into L2) one line per 8
// steps: pf, pf + pfStep, ..., then pf moves on by pfSkip more, so the
// caller can walk rows of the A block the next packing column reads (one
// row of 4*kc bytes per tile: pfStep 32, pfSkip 4*lda - 4*(kc - kc mod 8))
// or the rows of B the next packing tile reads (pfStep 4*ldb, pfSkip 0).
// pf, pfStep and pfSkip need not point into anything: prefetches do not
// fault.
func panelKernel(x isa, mr, nv int) {
	if mr != 6 {
		panic("panelKernel: row 5 is the last row DI addresses")
	}
	nr := nv * x.width
	name := fmt.Sprintf("gemmPanel%dx%d%s", mr, nr, x.name)
	TEXT(name, NOSPLIT, panelSignature)
	Doc(fmt.Sprintf("%s computes a column of whole %dx%d tiles of C; see panelKernel in asm/gemm.", name, mr, nr))
	r := x.tileRegs(mr, nv)
	acc, bv := r.acc, r.bv

	Comment("Setup: strides to bytes.")
	Load(Param("kc"), R8)
	Load(Param("a"), RSI)
	Load(Param("c"), R10)
	Load(Param("ldc"), R12)
	Load(Param("tiles"), R11)
	SHLQ(U8(2), R8)
	SHLQ(U8(2), R12)
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R9)
	Comment("DX = the next B panel (b + kc*NR), prefetched (into L2: the current panel fills L1) a little per step")
	Load(Param("b"), RDX)
	IMUL3Q(U8(nr), R8, RAX)
	ADDQ(RAX, RDX)
	Comment("R13 = pf (see above)")
	Load(Param("pf"), R13)

	Label(name + "_tile")
	Comment("Prefetch the tile of C; zero the accumulators; DI = row 5, BX = b, CX = kc.")
	MOVQ(R10, RAX)
	for i := 0; i < mr; i++ {
		PREFETCHT0(Mem{Base: RAX})
		if i < mr-1 {
			ADDQ(R12, RAX)
		}
	}
	r.zero()
	LEAQ(Mem{Base: R8, Index: R8, Scale: 4}, RAX)
	LEAQ(Mem{Base: RSI, Index: RAX, Scale: 1}, RDI)
	Load(Param("b"), RBX)
	Load(Param("kc"), RCX)
	step := func(q int) {
		r.loadB(4 * nr * q)
		r.fmaRows(mr, false, panelRowAt(q), nil)
	}
	const u = 8
	Label(name + "_unrolled")
	Comment("Invariant: acc[i][j] = Σ_{q<p} a(i,q)*b(q,j); SI, DI, BX point at step p. Eight steps.")
	CMPQ(RCX, U8(u))
	JL(LabelRef(name + "_tail"))
	for i := 0; i < mr; i++ {
		PREFETCHT0(avoisa.PanelRow(i).Offset(rowsAPrefetch))
	}
	PREFETCHT2(Mem{Base: RDX})
	PREFETCHT2(Mem{Base: R13})
	for q := 0; q < u; q++ {
		step(q)
	}
	ADDQ(U8(nextBPanelStep), RDX)
	ADDQ(NewParamAddr("pfStep", 72), R13)
	avoisa.PanelAdvance(mr, U8(4*u))
	ADDQ(U32(4*nr*u), RBX)
	SUBQ(U8(u), RCX)
	JMP(LabelRef(name + "_unrolled"))

	Label(name + "_tail")
	Comment("The kc mod 8 steps left, one at a time.")
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_store"))
	step(0)
	avoisa.PanelAdvance(mr, U8(4))
	ADDQ(U8(4*nr), RBX)
	DECQ(RCX)
	JMP(LabelRef(name + "_tail"))

	Label(name + "_store")
	alpha, beta := bv(0), bv(1) // the B registers are free now
	VBROADCASTSS(NewParamAddr("alpha", 48), alpha)
	VBROADCASTSS(NewParamAddr("beta", 52), beta)
	MOVQ(R10, RAX)
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 52))
	JZ(LabelRef(name + "_beta0"))
	Comment("c(i, :) = alpha*acc(i, :) + beta*c(i, :)")
	for i := 0; i < mr; i++ {
		for v := 0; v < nv; v++ {
			m := Mem{Base: RAX, Disp: x.width * 4 * v}
			VMULPS(alpha, acc(i, v), acc(i, v))
			VFMADD231PS(m, beta, acc(i, v))
			VMOVUPS(acc(i, v), m)
		}
		if i < mr-1 {
			ADDQ(R12, RAX)
		}
	}
	JMP(LabelRef(name + "_next"))
	Label(name + "_beta0")
	Comment("beta == ±0: c = alpha*acc without reading c")
	for i := 0; i < mr; i++ {
		for v := 0; v < nv; v++ {
			VMULPS(alpha, acc(i, v), acc(i, v))
			VMOVUPS(acc(i, v), Mem{Base: RAX, Disp: x.width * 4 * v})
		}
		if i < mr-1 {
			ADDQ(R12, RAX)
		}
	}
	Label(name + "_next")
	Comment("t++: c moves on MR rows (AX is at row MR-1), a on MR rows (SI is at row 0, step kc).")
	LEAQ(Mem{Base: RAX, Index: R12, Scale: 1}, R10)
	LEAQ(Mem{Base: R8, Index: R8, Scale: 4}, RAX)
	ADDQ(RAX, RSI)
	Comment("pf moves on by pfSkip after each tile")
	ADDQ(NewParamAddr("pfSkip", 64), R13)
	DECQ(R11)
	JNZ(LabelRef(name + "_tile"))
	VZEROUPPER()
	RET()
}

// packARowsKernel emits gemmKernel<MR>x<NR><ISA>PackARows: the tile kernel
// for a whole tile (rows == MR) that also copies the MR x kc block of A it
// reads into ap as a row-panel, ap[i*kc + p] = a[i*aRS + p*aCS], the layout
// panelKernel reads. With A's rows contiguous (aCS == 1) the loop is
// unrolled by 8 and copies each row's 8 floats with one vector load and
// store (the k-major panel took six scalar stores per step, and the tile
// 1.5x the time of a plain one); other strides store one float per row and
// step. The signature is the packA kernels'.
//
// Registers as the tile kernel's, and AX &ap(0, p) (rows 0-4 at R13
// strides, R12 = 3*R13), DX &ap(5, p), R13 kc*4.
func packARowsKernel(x isa, mr, nv int) {
	if mr != 6 {
		panic("packARowsKernel: row 5 is the last row DI and DX address")
	}
	nr := nv * x.width
	name := fmt.Sprintf("gemmKernel%dx%d%sPackARows", mr, nr, x.name)
	TEXT(name, NOSPLIT, strings.Replace(signature, "beta float32)", "beta float32, ap *float32)", 1))
	Doc(fmt.Sprintf("%s computes one %dx%d tile of C and packs its A; see packARowsKernel in asm/gemm.", name, mr, nr))
	r := x.tileRegs(mr, nv)
	dst := func(i int) Mem {
		if i < 5 {
			return avoisa.Row(RAX, R13, R12, i)
		}
		return Mem{Base: RDX}
	}

	loadTileArgs(mr)
	Comment("Prefetch the C tile when the loop is long enough to hide it.")
	CMPQ(RCX, U8(32))
	JL(LabelRef(name + "_noprefetch"))
	for i := 0; i < mr; i++ {
		PREFETCHT0(Mem{Base: RAX})
		ADDQ(R12, RAX)
	}
	Label(name + "_noprefetch")
	Comment("ap's row stride R13 = kc*4, R12 = 3*R13, DX = row 5")
	Load(Param("ap"), RAX)
	MOVQ(RCX, R13)
	SHLQ(U8(2), R13)
	LEAQ(Mem{Base: R13, Index: R13, Scale: 2}, R12)
	LEAQ(Mem{Base: R13, Index: R13, Scale: 4}, RDX)
	ADDQ(RAX, RDX)
	r.zero()
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_store"))

	const u = 8
	rowsUnrolledHead(name, mr, u, "Prefetch each row of A ahead (six streams the hardware follows late)")
	for q := 0; q < u; q++ {
		r.loadB(0)
		r.fmaRows(mr, false, panelRowAt(q), nil)
		ADDQ(R11, RBX)
	}
	Comment("ap(i, p:p+8) = a(i, p:p+8), after the steps' loads: stored before them, a",
		"store 4 KiB from a load (ap and A both page-aligned) stalled the load.")
	for i := 0; i < mr; i++ {
		VMOVUPS(avoisa.PanelRow(i), r.tmp(i))
		VMOVUPS(r.tmp(i), dst(i))
	}
	for _, r := range []Register{RSI, RDI, RAX, RDX} {
		ADDQ(U8(4*u), r)
	}
	SUBQ(U8(u), RCX)
	JMP(LabelRef(name + "_unrolled"))

	Label(name + "_loop")
	Comment("Invariant: acc[i][j] = Σ_{q<p} a(i,q)*b(q,j); SI, DI, BX, AX, DX at step p.")
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_store"))
	r.loadB(0)
	r.fmaRows(mr, false, avoisa.PanelRow, func(i int, t VecPhysical) {
		VMOVSS(t.AsX(), dst(i)) // ap[i*kc + p] = a(i, p)
	})
	avoisa.PanelStep(mr)
	ADDQ(R11, RBX)
	ADDQ(U8(4), RAX)
	ADDQ(U8(4), RDX)
	DECQ(RCX)
	JMP(LabelRef(name + "_loop"))

	Label(name + "_store")
	Load(Param("c"), RAX)
	Load(Param("ldc"), R12)
	SHLQ(U8(2), R12)
	kernelEpilogue(x, name, mr, nv, false, r.acc, r.bv)
}
