package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// dot5PanelSignature is gemmDotPanel2x5AVX2's Go signature
// (gemmDotPanel2x4AVX2 has dotPanelSignature's, with skip).
const dot5PanelSignature = "func(groups int, cols int, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, beta float32, rowSkip int)"

// dot5PanelKernel emits gemmDotPanel2x<nc>AVX2 (nc = 4 or 5),
// gemmDotPanel3x4AVX2 with 2x5 tiles, for products whose n is a multiple of
// 5 but not of 4 (a network's 10-wide output layer: two exact tiles where
// 3x4 computes 12 columns), or 2x4 tiles, for m where 3-row tiles would
// compute more rows (m = 2, 4, 8: 2, 6, 9 rows):
//
//	for h < cols, g < groups, rowSkip <= i < 2, skip <= j < nc:
//		s := Σ_{p<k} a[(2g+i)*lda + p] * b[(nc*h+j)*ldb + p]
//		c[(2g+i)*ldc + nc*h+j] = alpha*s + beta*c[(2g+i)*ldc + nc*h+j]   (beta == ±0: c not read)
//
// Every element is computed as gemmDotPanel3x4AVX2 computes it (the same
// FMAs into each lane, in the same order, the same reduction tree and
// epilogue), so the two kernels give the same bits: the driver may pick
// either by the shape. With rowSkip = 1 the tile's first row is computed
// but not written (the driver shifts the last group back to end at C's
// edge). The 2x4 kernel also skips the first skip columns of each tile (the
// last column of tiles shifted back, through masked stores); the 2x5 one has
// no skip argument, n being a multiple of 5.
//
// A step of 8 along k is 7 loads and 10 FMAs (2x4: 6 and 8); the
// accumulators leave registers for the tail mask, alpha and beta (and the
// 2x4 column store mask), set once per call.
//
// Register map: R13 groups left; R14 k; CX k left; BX &a[2g*lda], SI
// &a[2g*lda + p], R8 lda*4, R9 2*lda*4; DX &b[5h*ldb], DI &b[5h*ldb + p],
// R10 ldb*4, R11 3*ldb*4; AX &c[2g*ldc + 5h], R12 ldc*4; the frame holds
// the columns left and &c[nc*h]. Y0-Y(2nc-1) acc(i, j) = Y(nc*i+j);
// Y(2nc), Y(2nc+1) rows of A; Y(2nc+2) a row of B; X11 the column store
// mask (2x4); Y13 alpha, Y14 beta, Y15 the k-tail mask. After the loop the
// A and B registers are reduction temporaries.
func dot5PanelKernel(nc int) {
	name := fmt.Sprintf("gemmDotPanel2x%dAVX2", nc)
	sig, rowSkipAt := dot5PanelSignature, 80
	if nc == 4 {
		sig, rowSkipAt = dotPanelSignature, 88
	}
	TEXT(name, NOSPLIT, sig)
	Doc(fmt.Sprintf("%s computes cols columns of groups 2x%d tiles of C = alpha·A·Bᵀ + beta·C;", name, nc),
		"see dot5PanelKernel in asm/gemm/dot5.go.")
	colsLeft, cCol := AllocLocal(8), AllocLocal(8)
	alpha, beta, mask, colMask := Y13, Y14, Y15, X11
	acc := func(i, j int) VecPhysical { return avoisa.Y[i*nc+j] }
	bv := avoisa.Y[2*nc+2]
	body := func(load func(m Mem, dst VecPhysical)) {
		for i := 0; i < 2; i++ {
			load(avoisa.Row(RSI, R8, R9, i), avoisa.Y[2*nc+i])
		}
		for j := 0; j < nc; j++ {
			load(avoisa.Row(RDI, R10, R11, j), bv)
			for i := 0; i < 2; i++ {
				VFMADD231PS(bv, avoisa.Y[2*nc+i], acc(i, j))
			}
		}
	}

	Load(Param("k"), R14)
	Comment("Y15 = the k-tail mask (low k mod 8 lanes): gemmDotMask[8 - k mod 8:];",
		"alpha and beta in every lane.")
	dotLoadTailMask(mask)
	VBROADCASTSS(NewParamAddr("alpha", 72), alpha)
	VBROADCASTSS(NewParamAddr("beta", 76), beta)
	if nc == 4 {
		Comment("X11 = lanes skip..3 set: the columns to store.")
		Load(Param("skip"), RCX)
		MOVQ(U32(8), RSI)
		SUBQ(RCX, RSI)
		VMOVUPS(Mem{Base: RDI, Index: RSI, Scale: 4}, colMask)
		VPCMPEQD(X12, X12, X12)
		VXORPS(X12, colMask, colMask)
	}

	avoisa.LoadDotPanelArgs(colsLeft, cCol)
	Comment("R9 = 2*lda*4: one group down A")
	LEAQ(Mem{Base: R8, Index: R8, Scale: 1}, R9)

	Label(name + "_col")
	Comment("One column of tiles: the nc rows of B from nc*h against every group of A.")
	Load(Param("groups"), R13)
	Load(Param("a"), RBX)
	MOVQ(cCol, RAX)
	Label(name + "_group")
	Comment("One tile: rows 2g, 2g+1 of A against the nc rows of B.")
	for i := 0; i < 2*nc; i++ {
		VXORPS(avoisa.Y[i], avoisa.Y[i], avoisa.Y[i])
	}
	MOVQ(RBX, RSI)
	MOVQ(RDX, RDI)
	avoisa.DotKLoop(name, body, []string{"The last k mod 8 elements, through the load mask Y15."}, func() {
		body(func(m Mem, dst VecPhysical) { VMASKMOVPS(m, mask, dst) })
	})
	dot5Reduce(nc, acc)

	Comment("Y0 = rows 0-1 (columns 0-3 of one row per 128-bit half), lanes 0",
		"and 1 of X4 = column 4 of rows 0 and 1 (2x5); times alpha")
	r01, c4, t := acc(0, 0), acc(0, 4%nc).AsX(), avoisa.Y[2*nc]
	row0, row1 := avoisa.Row(RAX, R12, R12, 0), avoisa.Row(RAX, R12, R12, 1)
	VMULPS(alpha, r01, r01)
	if nc == 5 {
		VMULPS(alpha.AsX(), c4, c4)
	}
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 76))
	JZ(LabelRef(name + "_beta0"))
	Comment("c(i, :) = alpha*s(i, :) + beta*c(i, :)")
	VMOVUPS(row0, t.AsX())
	VINSERTF128(U8(1), row1, t, t)
	VFMADD231PS(t, beta, r01)
	if nc == 5 {
		VMOVSS(row0.Offset(16), t.AsX())
		VINSERTPS(U8(1<<4), row1.Offset(16), t.AsX(), t.AsX())
		VFMADD231PS(t.AsX(), beta.AsX(), c4)
	}
	Label(name + "_beta0")
	Comment("store (beta == ±0 jumps here: c is not read); row 0 unless rowSkip")
	VEXTRACTF128(U8(1), r01, t.AsX())
	if nc == 4 {
		CMPQ(NewParamAddr("skip", 80), U8(0))
		JNE(LabelRef(name + "_masked"))
	}
	CMPQ(NewParamAddr("rowSkip", rowSkipAt), U8(0))
	JNE(LabelRef(name + "_row1"))
	VMOVUPS(r01.AsX(), row0)
	if nc == 5 {
		VMOVSS(c4, row0.Offset(16))
	}
	Label(name + "_row1")
	VMOVUPS(t.AsX(), row1)
	if nc == 5 {
		VEXTRACTPS(U8(1), c4, row1.Offset(16))
	}
	if nc == 4 {
		JMP(LabelRef(name + "_next"))
		Label(name + "_masked")
		Comment("columns skip..3 only, under X11; row 0 unless rowSkip")
		CMPQ(NewParamAddr("rowSkip", rowSkipAt), U8(0))
		JNE(LabelRef(name + "_mrow1"))
		VMASKMOVPS(r01.AsX(), colMask, row0)
		Label(name + "_mrow1")
		VMASKMOVPS(t.AsX(), colMask, row1)
		Label(name + "_next")
	}
	Comment("Next group: two rows down A and C.")
	ADDQ(R9, RBX)
	LEAQ(Mem{Base: RAX, Index: R12, Scale: 2}, RAX)
	DECQ(R13)
	JNZ(LabelRef(name + "_group"))
	Comment("Next column: nc rows down B, nc columns right in C.")
	LEAQ(Mem{Base: RDX, Index: R10, Scale: 4}, RDX)
	if nc == 5 {
		ADDQ(R10, RDX)
	}
	ADDQ(U8(4*nc), cCol)
	DECQ(colsLeft)
	JNZ(LabelRef(name + "_col"))
	VZEROUPPER()
	RET()
}

// dot5Reduce sums the lanes of the 2 x nc accumulators with dot2Reduce's
// tree: afterwards acc(0, 0) holds [s(0, 0:4) | s(1, 0:4)] and, for nc = 5,
// lanes 0 and 1 of acc(0, 4) hold s(0, 4) and s(1, 4), each sum
// ((l0+l2)+(l1+l3)) + ((l4+l6)+(l5+l7)) of its accumulator. The A registers
// are the temporaries.
func dot5Reduce(nc int, acc func(i, j int) VecPhysical) {
	t1, t2 := avoisa.Y[2*nc], avoisa.Y[2*nc+1]
	pairUnpack, pairShuffle := dotPairSteps(t1, t2)
	Comment("Level 1: interleave pairs of accumulators, adding lanes 2 apart",
		"(column 4: rows 0 and 1 together).")
	for i := 0; i < 2; i++ {
		pairUnpack(acc(i, 0), acc(i, 1))
		pairUnpack(acc(i, 2), acc(i, 3))
	}
	if nc == 5 {
		pairUnpack(acc(0, 4), acc(1, 4))
	}
	Comment("Level 2: interleave pairs of those, adding lanes 1 apart (column 4",
		"with itself: lanes 0, 1 of each half are rows 0, 1).")
	for i := 0; i < 2; i++ {
		pairShuffle(acc(i, 0), acc(i, 2))
	}
	if nc == 5 {
		pairShuffle(acc(0, 4), acc(0, 4))
	}
	Comment("Level 3: add the 128-bit halves; rows 0 and 1 in one register.")
	a, e := acc(0, 0), acc(1, 0)
	dotAddHalves(a, e, t1, t2)
	if nc == 5 {
		c4 := acc(0, 4)
		VEXTRACTF128(U8(1), c4, t1.AsX())
		VADDPS(t1.AsX(), c4.AsX(), c4.AsX())
	}
}
