package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// Tile of the small-product kernel: MR rows by up to two zmm vectors.
const (
	smallMR = 12
	smallNV = 2
)

// smallKernel emits gemmSmallAVX512, a whole small product in one call:
//
//	for i < m, j < n:
//		s := Σ_{p<k} a[i*aRS + p*aCS] * b[p*ldb + j]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// with A and B read in place (no packing). It walks C in row panels of 12
// and, within a panel, tiles of 32 columns (16 for a last tile of at most
// 16), every element computed as the 12x32 micro-kernel (asm/gemm/main.go)
// computes it: the accumulator starts at zero, takes one FMA per step of k
// in order, and is stored as alpha*acc + beta*c with one FMA (alpha == 1:
// no multiply; beta == 1: one VADDPS, c + acc, the same bits), so every
// element has the bits of the blocked path for k <= KC. What it saves is
// the per-tile work around the FMAs, which dominates a short k: a Go call
// chain, the kernel's setup and the edge panels the blocked path packs. B
// is read through k-masks at the right edge, so no element beyond column n
// is touched; an edge row panel runs a loop over just its rows.
//
// Tiles of 17-32 columns with alpha == 1 and k <= 128 run pipelined
// (smallpipe.go): two halves in two register banks, each storing the
// other's rows during its first k steps, which hides most of the stores'
// cost on Zen 4. Kernel alone (gemmSmallAVX512 before and after, 9
// interleaved rounds of 20 ms, median GFLOPS; the FMA peak is 116), beta
// 0.5 / 1 / 0: 128x128x10 NN 96.5 -> 105.2 / 96.4 -> 111.8 / 102.1 ->
// 113.4; 128x256x8 TN 92.4 -> 102.5 / 91.4 -> 111.1 / 97.8 -> 109.1;
// 10x128x8 TN 91.3 -> 100.8 / 91.5 -> 107.1 / 101.7 -> 108.1; 8x128x10 NN
// 97.2 -> 101.9 / 97.5 -> 107.2 / 108.2 -> 109.3; 256x784x8 TN 91.4 -> 98.6
// / 91.6 -> 107.7 / 95.2 -> 107.5; 64^3 113.0 -> 114.1; k = 128 to 256
// 0.99-1.02x. The other tiles (at most 16 columns, alpha != 1, 1-row
// panels, k > 128) run as before: one tile, then its epilogue (16^3 beta
// 0.5: 1.00x; beta 1, now one VADDPS per vector: 1.06x). (Prefetching each
// tile's C rows before its k loop measured no faster: the epilogue's loads
// of C are independent of the FMAs and issue early anyway.)
//
// Register map of those tiles: RSI, RDI, RDX &a(row 0, 5, 10 of the panel;
// step p); R8 aRS*4, R9 3*aRS*4, R10 aCS*4; RBX &b[p*ldb + j0], R11 ldb*4;
// RCX steps left; RAX &c(row i, j0) in the epilogue, R12 ldc*4; R14 columns
// left in the panel; R13 scratch. Z0-Z23 acc(i, v) = Z(2i+v); Z24, Z25 B
// (alpha and beta in the epilogue), Z26 C in a masked epilogue. K1, K2 the
// column masks of vectors 0 and 1. The pipelined tiles' registers are in
// smallpipe.go. Locals: the panel's A and C, the tile's B and C, rows left,
// rows in the panel, and smallPipe's.
func smallKernel() {
	name := "gemmSmallAVX512"
	TEXT(name, NOSPLIT, smallSignature)
	Doc(name+" computes a whole small product C = alpha·A·B + beta·C with A and B in place;",
		"see smallKernel in asm/gemmsmall/small.go.")
	acc := func(i, v int) VecPhysical { return avoisa.Z[2*i+v] }
	bv := func(v int) VecPhysical { return avoisa.Z[24+v] }
	kmask := func(v int) Register { return []Register{K1, K2}[v] }
	lbl := func(s string, args ...any) string { return name + "_" + fmt.Sprintf(s, args...) }

	p := &smallPipe{lbl: lbl}
	p.rowsTop, p.rowsBot = AllocLocal(8), AllocLocal(8)
	p.aBotOff, p.cBotOff = AllocLocal(8), AllocLocal(8)
	p.pendC, p.pendRows = AllocLocal(8), AllocLocal(8)
	f := smallPrologue(lbl, smallMR, func() { smallPipeInit(p) })
	p.f = f
	smallPipePanel(p)

	Label(lbl("tile"))
	Comment("K1, K2 = the columns of vectors 0 and 1 in this tile: min(16, cols),",
		"clamp(cols - 16, 0, 16) lanes, cols = min(32, columns left).")
	MOVQ(U32(0xffff), RAX)
	KMOVW(EAX, K1)
	KMOVW(EAX, K2)
	CMPQ(R14, U8(32))
	JGE(LabelRef(lbl("masksdone")))
	MOVQ(R14, RCX)
	MOVL(U32(16), EAX)
	CMPQ(RCX, RAX)
	CMOVQGT(RAX, RCX)
	MOVL(U32(1), EAX)
	SHLL(CL, EAX)
	DECL(EAX)
	KMOVW(EAX, K1)
	MOVQ(R14, RCX)
	SUBQ(U8(16), RCX)
	XORL(EAX, EAX)
	CMPQ(RCX, U8(0))
	JLE(LabelRef(lbl("k2")))
	MOVL(U32(1), EAX)
	SHLL(CL, EAX)
	DECL(EAX)
	Label(lbl("k2"))
	KMOVW(EAX, K2)
	Label(lbl("masksdone"))
	smallPipeOK(p, lbl("old"))
	smallPipeTile(p, lbl("next"))

	Label(lbl("old"))
	Comment("A tile of at most 16 columns, alpha != 1 or one row: store the pending",
		"half, then compute and store the tile at once.")
	smallPipeFlush(p, "oldflush")

	Comment("Pointers for step p = 0; dispatch on (rows, vectors).")
	MOVQ(f.aPanel, RSI)
	LEAQ(Mem{Base: RSI, Index: R8, Scale: 4}, RDI)
	ADDQ(R8, RDI) // row 5
	LEAQ(Mem{Base: RDI, Index: R8, Scale: 4}, RDX)
	ADDQ(R8, RDX) // row 10
	MOVQ(f.bTile, RBX)
	Load(Param("k"), RCX)
	MOVQ(f.rows, R13)
	CMPQ(R14, U8(16))
	JLE(LabelRef(lbl("nv1")))
	for r := smallMR; r >= 1; r-- {
		CMPQ(R13, U8(r))
		JEQ(LabelRef(lbl("r%dv2", r)))
	}
	Label(lbl("nv1"))
	for r := smallMR; r >= 2; r-- {
		CMPQ(R13, U8(r))
		JEQ(LabelRef(lbl("r%dv1", r)))
	}
	// rows == 1 falls through

	for nv := 1; nv <= smallNV; nv++ {
		for r := 1; r <= smallMR; r++ {
			if !(nv == 1 && r == 1) {
				Label(lbl("r%dv%d", r, nv))
			}
			smallLoop(lbl("r%dv%dloop", r, nv), r, nv, acc, bv, kmask)
			JMP(LabelRef(lbl("epi%d", nv)))
		}
	}

	for nv := 1; nv <= smallNV; nv++ {
		Label(lbl("epi%d", nv))
		Comment("Store the tile: whole vectors unless it is the right edge.")
		MOVQ(f.cTile, RAX)
		MOVQ(f.rows, RDX)
		VBROADCASTSS(NewParamAddr("alpha", 80), bv(0))
		VBROADCASTSS(NewParamAddr("beta", 84), bv(1))
		MOVL(NewParamAddr("beta", 84), R13L)
		CMPQ(R14, U8(16*nv))
		JL(LabelRef(lbl("epi%dmasked", nv)))
		smallStore(lbl("epi%dfull", nv), nv, acc, nil, bv(0), bv(1), avoisa.Z[26])
		Label(lbl("epi%dmasked", nv))
		smallStore(lbl("epi%dmask", nv), nv, acc, kmask, bv(0), bv(1), avoisa.Z[26])
	}

	Label(lbl("next"))
	Comment("Next tile of 32 columns, then the next panel of 12 rows.")
	SUBQ(U8(32), R14)
	JLE(LabelRef(lbl("panelDone")))
	ADDQ(U8(128), f.bTile)
	ADDQ(U8(128), f.cTile)
	JMP(LabelRef(lbl("tile")))
	smallEpilogue(lbl, f, smallMR, func() { smallPipeFlush(p, "endflush") })
}

// smallLoop emits the k loop of a rows x nv-vector tile: zero the
// accumulators, then for each p, acc(i, v) += a(i, p) * b(p, v) in order.
// The FMAs take a(i, p) as an embedded-broadcast memory operand: one
// instruction per FMA instead of a broadcast per row, which measured 25%
// faster at 16^3 (one vector per row, so one FMA per broadcast) and 1-3%
// at two vectors per row (BenchmarkSgemm, k = 8 to 32).
func smallLoop(label string, rows, nv int, acc func(i, v int) VecPhysical, bv func(v int) VecPhysical,
	kmask func(v int) Register) {
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			VXORPS(acc(i, v), acc(i, v), acc(i, v))
		}
	}
	Label(label)
	Commentf("acc(i, :) += a(i, p) * b(p, :) for i < %d; B masked to the tile's columns", rows)
	for v := 0; v < nv; v++ {
		VMOVUPS_Z(Mem{Base: RBX, Disp: 64 * v}, kmask(v), bv(v))
	}
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			VFMADD231PS_BCST(avoisa.PanelRow(i), bv(v), acc(i, v))
		}
	}
	avoisa.PanelStep(rows)
	ADDQ(R11, RBX)
	DECQ(RCX)
	JNZ(LabelRef(label))
}

// smallStore emits the epilogue of a tile of nv vectors per row: c = alpha*acc
// + beta*c (beta == ±0, R13L holding its bits: c = alpha*acc, not read), for
// RDX rows from RAX; a nil kmask stores whole vectors. It ends with a jump to
// the next tile.
func smallStore(name string, nv int, acc func(i, v int) VecPhysical, kmask func(v int) Register, alpha, beta, t VecPhysical) {
	smallStoreRows(name, "gemmSmallAVX512_next", smallMR, nv, 64, acc, alpha, func(a VecPhysical, v int, m Mem, mode pipeMode) {
		if kmask == nil {
			switch mode {
			case pipeAny:
				VFMADD231PS(m, beta, a)
			case pipeOne:
				VMOVUPS(m, t)
				VADDPS(a, t, a) // c first: the NaN an FMA would keep
			}
			VMOVUPS(a, m)
			return
		}
		if mode != pipeZero {
			VMOVUPS_Z(m, kmask(v), t)
		}
		switch mode {
		case pipeAny:
			VFMADD231PS(t, beta, a)
		case pipeOne:
			VADDPS(a, t, a)
		}
		VMOVUPS(a, kmask(v), m)
	})
}

// smallStoreRows emits the row loop of both kernels' epilogues: for each of
// RDX rows (at most mr) from RAX, at stride R12, and each of its nv vectors
// of vb bytes, acc(i, v) *= alpha, then store(acc(i, v), v, m, mode) writes
// it to m as mode says (pipeMode: adding beta*c with an FMA, adding c when
// beta == 1, or not reading c when beta == ±0; R13L holds beta's bits). The
// loop is emitted six times: for each mode, with and without the multiply
// (name_..._a1, taken when alpha is exactly 1, where alpha*acc == acc: the
// same bits one multiply per vector sooner, which is a tenth of a tile at k
// = 10). All end with a jump to next.
func smallStoreRows(name, next string, mr, nv, vb int, acc func(i, v int) VecPhysical, alpha VecPhysical,
	store func(a VecPhysical, v int, m Mem, mode pipeMode)) {
	TESTL(U32(0x7fffffff), R13L)
	JZ(LabelRef(name + "_beta0"))
	CMPL(R13L, U32(math.Float32bits(1)))
	JEQ(LabelRef(name + "_beta1"))
	for _, mode := range []pipeMode{pipeAny, pipeZero, pipeOne} {
		pre := name
		if mode != pipeAny {
			pre = name + "_" + mode.String()
			Label(pre)
		}
		CMPL(NewParamAddr("alpha", 80), U32(math.Float32bits(1)))
		JEQ(LabelRef(pre + "_a1"))
		for _, mul := range []bool{true, false} {
			if !mul {
				Label(pre + "_a1")
			}
			smallStoreLoop(next, mr, nv, vb, acc, alpha, mul, func(a VecPhysical, v int, m Mem) { store(a, v, m, mode) })
		}
	}
}

// smallStoreLoop emits one variant of smallStoreRows' row loop: acc(i, v)
// *= alpha if mul, then store; it ends with a jump to next.
func smallStoreLoop(next string, mr, nv, vb int, acc func(i, v int) VecPhysical, alpha VecPhysical, mul bool,
	store func(a VecPhysical, v int, m Mem)) {
	for i := 0; i < mr; i++ {
		for v := 0; v < nv; v++ {
			if mul {
				VMULPS(alpha, acc(i, v), acc(i, v))
			}
			store(acc(i, v), v, Mem{Base: RAX, Disp: vb * v})
		}
		if i < mr-1 {
			ADDQ(R12, RAX)
			DECQ(RDX)
			JZ(LabelRef(next))
		}
	}
	JMP(LabelRef(next))
}

// smallSignature is the Go signature of the small-product kernels.
const smallSignature = "func(m, n, k int, a *float32, aRS, aCS int, b *float32, ldb int, c *float32, ldc int, alpha, beta float32)"

// smallFrame holds the locals of a small-product kernel: the panel's A and
// C, the tile's B and C, rows left and rows in the panel.
type smallFrame struct {
	aPanel, cPanel, bTile, cTile, mLeft, rows Mem
}

// smallPrologue allocates the kernel's locals, turns the strides to bytes
// (R8 aRS*4, R9 3*aRS*4, R10 aCS*4, R11 ldb*4, R12 ldc*4) and starts the
// panel loop at lbl("panel"): rows = min(mr, m left), R14 = n columns left
// and the first tile's B and C at column 0.
func smallPrologue(lbl func(string, ...any) string, mr int, init func()) smallFrame {
	var f smallFrame
	f.aPanel, f.cPanel = AllocLocal(8), AllocLocal(8)
	f.bTile, f.cTile = AllocLocal(8), AllocLocal(8)
	f.mLeft, f.rows = AllocLocal(8), AllocLocal(8)

	Comment("Strides to bytes; the panel and tile pointers live in locals.")
	Load(Param("aRS"), R8)
	Load(Param("aCS"), R10)
	Load(Param("ldb"), R11)
	Load(Param("ldc"), R12)
	SHLQ(U8(2), R8)
	SHLQ(U8(2), R10)
	SHLQ(U8(2), R11)
	SHLQ(U8(2), R12)
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R9)
	Load(Param("a"), RAX)
	MOVQ(RAX, f.aPanel)
	Load(Param("c"), RAX)
	MOVQ(RAX, f.cPanel)
	Load(Param("m"), RAX)
	MOVQ(RAX, f.mLeft)
	if init != nil {
		init()
	}

	Label(lbl("panel"))
	Commentf("rows = min(%d, m left); the panel starts at column 0", mr)
	MOVQ(f.mLeft, RAX)
	MOVL(U32(mr), R13L)
	CMPQ(RAX, R13)
	CMOVQGT(R13, RAX)
	MOVQ(RAX, f.rows)
	Load(Param("n"), R14)
	Load(Param("b"), RAX)
	MOVQ(RAX, f.bTile)
	MOVQ(f.cPanel, RAX)
	MOVQ(RAX, f.cTile)
	return f
}

// smallEpilogue emits lbl("panelDone"): it advances A and C by one panel of
// mr rows (6 or 12), loops back to lbl("panel") while rows are left, and
// returns after the last panel.
func smallEpilogue(lbl func(string, ...any) string, f smallFrame, mr int, final func()) {
	shift := map[int]uint8{6: 1, 12: 2}[mr]
	if shift == 0 {
		panic(fmt.Sprintf("smallEpilogue: panel of %d rows", mr))
	}
	Label(lbl("panelDone"))
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, RAX) // 3*aRS
	SHLQ(U8(shift), RAX)                          // mr*aRS
	ADDQ(RAX, f.aPanel)
	LEAQ(Mem{Base: R12, Index: R12, Scale: 2}, RAX)
	SHLQ(U8(shift), RAX) // mr*ldc
	ADDQ(RAX, f.cPanel)
	SUBQ(U8(mr), f.mLeft)
	JG(LabelRef(lbl("panel")))
	if final != nil {
		final()
	}
	VZEROUPPER()
	RET()
}
