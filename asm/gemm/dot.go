package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

const (
	dot2Rows = 3 // MR: rows of A (and C) per AVX2 dot tile
	dot2Cols = 4 // NR: rows of B (columns of C) per AVX2 dot tile
)

// dotPanelSignature is gemmDotPanel3x4AVX2's Go signature (that of the
// AVX-512 level's gemmDotPanel4x5AVX512 and rowSkip).
const dotPanelSignature = "func(groups int, cols int, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, beta float32, skip int, rowSkip int)"

// dotPanelKernel emits gemmDotPanel3x4AVX2, the AVX2 kernel for C = A·Bᵀ
// with both operands contiguous along k (A m x k, B n x k, row-major). It
// computes cols columns of groups 3x4 tiles of C in one call, column of
// tiles by column of tiles (the four rows of B stay in L1 while A streams):
//
//	for h < cols, g < groups, rowSkip <= i < 3, skip <= j < 4:
//		s := Σ_{p<k} a[(3g+i)*lda + p] * b[(4h+j)*ldb + p]
//		c[(3g+i)*ldc + 4h+j] = alpha*s + beta*c[(3g+i)*ldc + 4h+j]   (beta == ±0: c not read)
//
// A single tile (package kernels' GemmDot at AVX2) is a call with groups =
// cols = 1 and skip = rowSkip = 0. With skip > 0 (< 4) the first skip
// columns of each tile, and with rowSkip > 0 (< 3) its first rowSkip rows,
// are computed (reading C) but not written, through masked stores: the
// driver shifts the last column and the last row of tiles back to end at
// C's edges.
//
// Twelve ymm accumulators (lane l of acc(i, j) sums the products with
// p ≡ l mod 8), three A rows and one B row fill the 16 registers; a step of
// 8 along k is 7 loads and 12 FMAs, where the 2x4 tile it replaces took 6
// loads for 8 FMAs and reduced its 8 accumulators lane by lane with
// extracts and HADDs. The accumulators are reduced by the transposing tree
// of gemmDotPanel4x5AVX512 (asm/gemmsmall/dot.go), about 2.7 instructions
// per accumulator, so every element is ((l0+l2)+(l1+l3)) + ((l4+l6)+(l5+l7))
// of its accumulator wherever its tile falls: tiles may overlap at the edges
// of C, a row of C has the same bits whatever the number of rows in the
// product, and the bits are those of the AVX-512 dot kernels (the same FMAs
// into each lane, the same tree, the same epilogue).
//
// With the 2x4 and 2x5 variants (dot5.go, chosen by blas's gemmDotTile),
// against the 2x4 kernel called once per tile it replaces: AVX2,
// BenchmarkSgemmPaired x-openblas (OPENBLAS_CORETYPE=Haswell), medians of 5
// alternated runs of the two test binaries, before -> after: 8x128x256 NT
// 1.75 -> 2.03, 8x10x128 1.71 -> 3.28, 32x128x256 1.00 -> 1.21, 32x10x128
// 1.08 -> 2.11, 32x256x784 1.14 -> 1.24, 128x128x256 0.83 -> 1.03,
// 128x10x128 0.84 -> 1.71, 128x256x784 0.92 -> 1.06.
//
// The k loop takes 16 elements per turn and tests at the bottom, then one
// step of 8, then the last k mod 8 through VMASKMOVPS loads that zero the
// other lanes (and do not touch memory beyond the rows). With no register
// left for the tail mask, it lives in the frame, set up once per call, as
// does the store mask of the skipped columns.
//
// Register map: R13 groups left; R14 k; CX k left; BX &a[3g*lda], SI
// &a[3g*lda + p], R8 lda*4, R9 3*lda*4; DX &b[4h*ldb], DI &b[4h*ldb + p],
// R10 ldb*4, R11 3*ldb*4; AX &c[3g*ldc + 4h], R12 ldc*4; the frame holds
// the columns left, &c[4h], the k-tail mask, the store masks of the three
// rows and whether to store through them.
// Y0-Y11 acc(i, j) = Y(4i+j); Y12-Y14 rows of A; Y15 a row of B. After the
// loop Y12-Y15 are reduction temporaries, then alpha and beta.
func dotPanelKernel() {
	name := fmt.Sprintf("gemmDotPanel%dx%dAVX2", dot2Rows, dot2Cols)
	TEXT(name, NOSPLIT, dotPanelSignature)
	Doc(name+" computes cols columns of groups 3x4 tiles of C = alpha·A·Bᵀ + beta·C;",
		"see dotPanelKernel in asm/gemm/dot.go.")
	colsLeft, cCol := AllocLocal(8), AllocLocal(8)
	tailMask, rowMasks, masked := AllocLocal(32), AllocLocal(48), AllocLocal(8)

	Load(Param("k"), R14)
	Comment("tailMask = the low k mod 8 lanes set: gemmDotMask[8 - k mod 8:].")
	dotLoadTailMask(Y0)
	VMOVUPS(Y0, tailMask)
	Comment("rowMasks[i] = lanes skip..3 set (the columns to store) if i >= rowSkip,",
		"else 0; masked = skip | rowSkip.")
	Load(Param("skip"), RCX)
	MOVQ(U32(8), RSI)
	SUBQ(RCX, RSI)
	VMOVUPS(Mem{Base: RDI, Index: RSI, Scale: 4}, X0)
	VPCMPEQD(X1, X1, X1)
	VXORPS(X1, X0, X0)
	VXORPS(X1, X1, X1)
	Load(Param("rowSkip"), RSI)
	ORQ(RSI, RCX)
	MOVQ(RCX, masked)
	for i := 0; i < dot2Rows; i++ {
		m := rowMasks.Offset(16 * i)
		VMOVUPS(X0, m)
		if i < dot2Rows-1 {
			CMPQ(RSI, U8(i))
			JLE(LabelRef(fmt.Sprintf("%s_rowmask%d", name, i)))
			VMOVUPS(X1, m)
			Label(fmt.Sprintf("%s_rowmask%d", name, i))
		}
	}

	avoisa.LoadDotPanelArgs(colsLeft, cCol)

	Label(name + "_col")
	Comment("One column of tiles: rows 4h..4h+3 of B against every group of A.")
	Load(Param("groups"), R13)
	Load(Param("a"), RBX)
	MOVQ(cCol, RAX)
	Label(name + "_group")
	Comment("One 3x4 tile: rows 3g..3g+2 of A against the four rows of B.")
	for i := 0; i < dot2Rows*dot2Cols; i++ {
		VXORPS(avoisa.Y[i], avoisa.Y[i], avoisa.Y[i])
	}
	MOVQ(RBX, RSI)
	MOVQ(RDX, RDI)
	avoisa.DotKLoop(name, dot2Body, []string{"The last k mod 8 elements, through the load mask tailMask (reloaded",
		"into the B register before each masked load)."}, func() {
		VMOVUPS(tailMask, Y15)
		dot2Body(func(m Mem, dst VecPhysical) {
			if dst == Y15 {
				VMOVUPS(tailMask, Y15)
			}
			VMASKMOVPS(m, Y15, dst)
		})
	})
	dot2Reduce()

	Comment("Y0 = rows 0-1 (columns 0-3 of one row per 128-bit half), X8 = row 2;",
		"times alpha")
	alpha, beta, t := Y14, Y15, Y13
	r01, r2 := dot2Acc(0, 0), dot2Acc(2, 0).AsX()
	VBROADCASTSS(NewParamAddr("alpha", 72), alpha)
	VMULPS(alpha, r01, r01)
	VMULPS(alpha.AsX(), r2, r2)
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 76))
	JZ(LabelRef(name + "_beta0"))
	Comment("c(i, 0:4) = alpha*s(i, 0:4) + beta*c(i, 0:4)")
	VBROADCASTSS(NewParamAddr("beta", 76), beta)
	VMOVUPS(avoisa.Row(RAX, R12, R12, 0), t.AsX())
	VINSERTF128(U8(1), avoisa.Row(RAX, R12, R12, 1), t, t)
	VFMADD231PS(t, beta, r01)
	VFMADD231PS(avoisa.Row(RAX, R12, R12, 2), beta.AsX(), r2)
	Label(name + "_beta0")
	Comment("store (beta == ±0 jumps here: c is not read)")
	CMPQ(masked, U8(0))
	JNE(LabelRef(name + "_masked"))
	VMOVUPS(r01.AsX(), avoisa.Row(RAX, R12, R12, 0))
	VEXTRACTF128(U8(1), r01, avoisa.Row(RAX, R12, R12, 1))
	VMOVUPS(r2, avoisa.Row(RAX, R12, R12, 2))
	JMP(LabelRef(name + "_next"))
	Label(name + "_masked")
	Comment("columns skip..3 of rows rowSkip..2 only, under rowMasks")
	mask := X12
	VMOVUPS(rowMasks, mask)
	VMASKMOVPS(r01.AsX(), mask, avoisa.Row(RAX, R12, R12, 0))
	VEXTRACTF128(U8(1), r01, t.AsX())
	VMOVUPS(rowMasks.Offset(16), mask)
	VMASKMOVPS(t.AsX(), mask, avoisa.Row(RAX, R12, R12, 1))
	VMOVUPS(rowMasks.Offset(32), mask)
	VMASKMOVPS(r2, mask, avoisa.Row(RAX, R12, R12, 2))
	Label(name + "_next")
	Comment("Next group: three rows down A and C.")
	ADDQ(R9, RBX)
	LEAQ(Mem{Base: RAX, Index: R12, Scale: 2}, RAX)
	ADDQ(R12, RAX)
	DECQ(R13)
	JNZ(LabelRef(name + "_group"))
	Comment("Next column: four rows down B, four columns right in C.")
	LEAQ(Mem{Base: RDX, Index: R10, Scale: 4}, RDX)
	ADDQ(U8(4*dot2Cols), cCol)
	DECQ(colsLeft)
	JNZ(LabelRef(name + "_col"))
	VZEROUPPER()
	RET()
}

// The register map of a 3x4 dot tile: Y0-Y11 acc(i, j) = Y(4i+j), Y12-Y14
// rows of A, Y15 a row of B.
func dot2Acc(i, j int) VecPhysical { return avoisa.Y[i*dot2Cols+j] }
func dot2A(i int) VecPhysical      { return avoisa.Y[12+i] }

// dot2Body emits one step of 8 along k: the three rows of A at SI (stride
// R8) and each row of B at DI (stride R10, R11 = 3*R10) through load, and
// the 12 FMAs.
func dot2Body(load func(m Mem, dst VecPhysical)) {
	for i := 0; i < dot2Rows; i++ {
		load(avoisa.Row(RSI, R8, R9, i), dot2A(i))
	}
	for j := 0; j < dot2Cols; j++ {
		load(avoisa.Row(RDI, R10, R11, j), Y15)
		for i := 0; i < dot2Rows; i++ {
			VFMADD231PS(Y15, dot2A(i), dot2Acc(i, j))
		}
	}
}

// dot2Reduce sums the lanes of the 3x4 accumulators with the transposing
// tree of asm/gemmsmall's dotReduce: afterwards acc(0, 0) holds
// [s(0, 0:4) | s(1, 0:4)] and the low 128 bits of acc(2, 0) hold s(2, 0:4).
// Each level adds lanes pairwise while interleaving registers, so every sum
// is ((l0+l2)+(l1+l3)) + ((l4+l6)+(l5+l7)) of its accumulator.
func dot2Reduce() {
	t1, t2 := Y12, Y13
	pairUnpack, pairShuffle := dotPairSteps(t1, t2)
	Comment("Level 1: interleave pairs of accumulators, adding lanes 2 apart.")
	for i := 0; i < dot2Rows; i++ {
		pairUnpack(dot2Acc(i, 0), dot2Acc(i, 1))
		pairUnpack(dot2Acc(i, 2), dot2Acc(i, 3))
	}
	Comment("Level 2: interleave pairs of those, adding lanes 1 apart.")
	for i := 0; i < dot2Rows; i++ {
		pairShuffle(dot2Acc(i, 0), dot2Acc(i, 2))
	}
	Comment("Level 3: add the 128-bit halves; rows 0 and 1 in one register.")
	a, e := dot2Acc(0, 0), dot2Acc(1, 0)
	dotAddHalves(a, e, t1, t2)
	r2 := dot2Acc(2, 0)
	VEXTRACTF128(U8(1), r2, t1.AsX())
	VADDPS(t1.AsX(), r2.AsX(), r2.AsX())
}

// dotMask is the AVX2 tail mask table: 8 all-ones lanes, then 8 zeros.
var dotMask Mem

// dotPairSteps returns the two levels of the transposing reduction tree of
// dot2Reduce and dot5Reduce, with t1 and t2 as temporaries:
//
//	unpack(a, b): a = [a0+a2, b0+b2, a1+a3, b1+b3 | a4+a6, b4+b6, a5+a7, b5+b7]
//	shuffle(a, c): a = [A, B, C, D] per 128-bit half, X = (x0+x2)+(x1+x3)
//	    (low half) or (x4+x6)+(x5+x7) (high half), from unpack's a (of a, b)
//	    and c (of c, d).
func dotPairSteps(t1, t2 VecPhysical) (unpack, shuffle func(a, b VecPhysical)) {
	unpack = func(a, b VecPhysical) {
		VUNPCKLPS(b, a, t1)
		VUNPCKHPS(b, a, t2)
		VADDPS(t2, t1, a)
	}
	shuffle = func(a, c VecPhysical) {
		VSHUFPS(U8(0x44), c, a, t1)
		VSHUFPS(U8(0xee), c, a, t2)
		VADDPS(t2, t1, a)
	}
	return unpack, shuffle
}

// dotAddHalves is the last level of dot2Reduce's and dot5Reduce's tree:
// a = [a.lo + a.hi | e.lo + e.hi], with t1 and t2 as temporaries.
func dotAddHalves(a, e, t1, t2 VecPhysical) {
	VPERM2F128(U8(0x20), e, a, t1) // [a.lo | e.lo]
	VPERM2F128(U8(0x31), e, a, t2) // [a.hi | e.hi]
	VADDPS(t2, t1, a)
}

// dotLoadTailMask sets dst to the k-tail mask of the AVX2 dot kernels, the
// low k mod 8 lanes set (dotMask[8 - k mod 8:]), from R14 = k, leaving RDI
// at dotMask.
func dotLoadTailMask(dst VecPhysical) {
	MOVQ(R14, RCX)
	ANDQ(U8(7), RCX)
	MOVQ(U32(8), RSI)
	SUBQ(RCX, RSI)
	LEAQ(dotMask, RDI)
	VMOVUPS(Mem{Base: RDI, Index: RSI, Scale: 4}, dst)
}
