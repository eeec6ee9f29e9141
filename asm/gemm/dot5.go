package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// dot5PanelSignature is gemmDotPanel2x5AVX2's Go signature.
const dot5PanelSignature = "func(groups int, cols int, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, beta float32, rowSkip int)"

// dot5PanelKernel emits gemmDotPanel2x5AVX2, gemmDotPanel3x4AVX2 with 2x5
// tiles, for products whose n is a multiple of 5 but not of 4 (a network's
// 10-wide output layer: two exact tiles where 3x4 computes 12 columns):
//
//	for h < cols, g < groups, rowSkip <= i < 2, j < 5:
//		s := Σ_{p<k} a[(2g+i)*lda + p] * b[(5h+j)*ldb + p]
//		c[(2g+i)*ldc + 5h+j] = alpha*s + beta*c[(2g+i)*ldc + 5h+j]   (beta == ±0: c not read)
//
// Every element is computed as gemmDotPanel3x4AVX2 computes it (the same
// FMAs into each lane, in the same order, the same reduction tree and
// epilogue), so the two kernels give the same bits: the driver may pick
// either by the shape. With rowSkip = 1 the tile's first row is computed
// but not written (the driver shifts the last group back to end at C's
// edge); there is no column skip, n being a multiple of 5.
//
// A step of 8 along k is 7 loads and 10 FMAs; ten accumulators leave
// registers for the tail mask, alpha and beta, set once per call.
//
// Register map: R13 groups left; R14 k; CX k left; BX &a[2g*lda], SI
// &a[2g*lda + p], R8 lda*4, R9 2*lda*4; DX &b[5h*ldb], DI &b[5h*ldb + p],
// R10 ldb*4, R11 3*ldb*4; AX &c[2g*ldc + 5h], R12 ldc*4; the frame holds
// the columns left and &c[5h]. Y0-Y9 acc(i, j) = Y(5i+j); Y10, Y11 rows of
// A; Y12 a row of B; Y13 alpha, Y14 beta, Y15 the k-tail mask. After the
// loop Y10-Y12 are reduction temporaries.
func dot5PanelKernel() {
	name := "gemmDotPanel2x5AVX2"
	TEXT(name, NOSPLIT, dot5PanelSignature)
	Doc(name+" computes cols columns of groups 2x5 tiles of C = alpha·A·Bᵀ + beta·C;",
		"see dot5PanelKernel in asm/gemm/dot5.go.")
	colsLeft, cCol := AllocLocal(8), AllocLocal(8)
	alpha, beta, mask := Y13, Y14, Y15

	Load(Param("k"), R14)
	Comment("Y15 = the k-tail mask (low k mod 8 lanes): gemmDotMask[8 - k mod 8:];",
		"alpha and beta in every lane.")
	MOVQ(R14, RCX)
	ANDQ(U8(7), RCX)
	MOVQ(U32(8), RSI)
	SUBQ(RCX, RSI)
	LEAQ(dotMask, RDI)
	VMOVUPS(Mem{Base: RDI, Index: RSI, Scale: 4}, mask)
	VBROADCASTSS(NewParamAddr("alpha", 72), alpha)
	VBROADCASTSS(NewParamAddr("beta", 76), beta)

	Load(Param("cols"), RCX)
	MOVQ(RCX, colsLeft)
	Load(Param("lda"), R8)
	Load(Param("b"), RDX)
	Load(Param("ldb"), R10)
	Load(Param("c"), RAX)
	MOVQ(RAX, cCol)
	Load(Param("ldc"), R12)
	avoisa.DotStrides()
	Comment("R9 = 2*lda*4: one group down A")
	LEAQ(Mem{Base: R8, Index: R8, Scale: 1}, R9)

	Label(name + "_col")
	Comment("One column of tiles: rows 5h..5h+4 of B against every group of A.")
	Load(Param("groups"), R13)
	Load(Param("a"), RBX)
	MOVQ(cCol, RAX)
	Label(name + "_group")
	Comment("One 2x5 tile: rows 2g, 2g+1 of A against the five rows of B.")
	for i := 0; i < 10; i++ {
		VXORPS(avoisa.Y[i], avoisa.Y[i], avoisa.Y[i])
	}
	MOVQ(RBX, RSI)
	MOVQ(RDX, RDI)
	Comment("CX = k - 16 - p: the loop runs while 16 more elements are left.")
	LEAQ(Mem{Base: R14, Disp: -16}, RCX)
	TESTQ(RCX, RCX)
	JL(LabelRef(name + "_one"))
	Label(name + "_loop")
	Comment("Invariant: lane l of acc(i, j) = Σ a(i, q)·b(j, q) over q < p, q ≡ l mod 8.")
	dot5Body(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	dot5Body(func(m Mem, dst VecPhysical) { VMOVUPS(m.Offset(32), dst) })
	ADDQ(U8(64), RSI)
	ADDQ(U8(64), RDI)
	SUBQ(U8(16), RCX)
	JGE(LabelRef(name + "_loop"))
	Label(name + "_one")
	Comment("8 to 15 elements left: one more step of 8.")
	TESTQ(U32(8), R14)
	JZ(LabelRef(name + "_tail"))
	dot5Body(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	ADDQ(U8(32), RSI)
	ADDQ(U8(32), RDI)

	Label(name + "_tail")
	Comment("The last k mod 8 elements, through the load mask Y15.")
	TESTQ(U32(7), R14)
	JZ(LabelRef(name + "_reduce"))
	dot5Body(func(m Mem, dst VecPhysical) { VMASKMOVPS(m, mask, dst) })

	Label(name + "_reduce")
	dot5Reduce()

	Comment("Y0 = rows 0-1 (columns 0-4 of one row per 128-bit half), lanes 0",
		"and 1 of X4 = column 4 of rows 0 and 1; times alpha")
	r01, c4, t := dot5Acc(0, 0), dot5Acc(0, 4).AsX(), Y10
	VMULPS(alpha, r01, r01)
	VMULPS(alpha.AsX(), c4, c4)
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 76))
	JZ(LabelRef(name + "_beta0"))
	Comment("c(i, 0:5) = alpha*s(i, 0:5) + beta*c(i, 0:5)")
	VMOVUPS(avoisa.Row(RAX, R12, R12, 0), t.AsX())
	VINSERTF128(U8(1), avoisa.Row(RAX, R12, R12, 1), t, t)
	VFMADD231PS(t, beta, r01)
	VMOVSS(avoisa.Row(RAX, R12, R12, 0).Offset(16), t.AsX())
	VINSERTPS(U8(1<<4), avoisa.Row(RAX, R12, R12, 1).Offset(16), t.AsX(), t.AsX())
	VFMADD231PS(t.AsX(), beta.AsX(), c4)
	Label(name + "_beta0")
	Comment("store (beta == ±0 jumps here: c is not read); row 0 unless rowSkip")
	CMPQ(NewParamAddr("rowSkip", 80), U8(0))
	JNE(LabelRef(name + "_row1"))
	VMOVUPS(r01.AsX(), avoisa.Row(RAX, R12, R12, 0))
	VMOVSS(c4, avoisa.Row(RAX, R12, R12, 0).Offset(16))
	Label(name + "_row1")
	VEXTRACTF128(U8(1), r01, avoisa.Row(RAX, R12, R12, 1))
	VEXTRACTPS(U8(1), c4, avoisa.Row(RAX, R12, R12, 1).Offset(16))
	Comment("Next group: two rows down A and C.")
	ADDQ(R9, RBX)
	LEAQ(Mem{Base: RAX, Index: R12, Scale: 2}, RAX)
	DECQ(R13)
	JNZ(LabelRef(name + "_group"))
	Comment("Next column: five rows down B, five columns right in C.")
	LEAQ(Mem{Base: RDX, Index: R10, Scale: 4}, RDX)
	ADDQ(R10, RDX)
	ADDQ(U8(4*5), cCol)
	DECQ(colsLeft)
	JNZ(LabelRef(name + "_col"))
	VZEROUPPER()
	RET()
}

// The register map of a 2x5 dot tile: Y0-Y9 acc(i, j) = Y(5i+j), Y10 and
// Y11 rows of A, Y12 a row of B.
func dot5Acc(i, j int) VecPhysical { return avoisa.Y[i*5+j] }

// dot5Body emits one step of 8 along k: the two rows of A at SI (stride
// R8) and each row of B at DI (stride R10, R11 = 3*R10) through load, and
// the 10 FMAs.
func dot5Body(load func(m Mem, dst VecPhysical)) {
	for i := 0; i < 2; i++ {
		load(avoisa.Row(RSI, R8, R9, i), avoisa.Y[10+i])
	}
	for j := 0; j < 5; j++ {
		load(avoisa.Row(RDI, R10, R11, j), Y12)
		for i := 0; i < 2; i++ {
			VFMADD231PS(Y12, avoisa.Y[10+i], dot5Acc(i, j))
		}
	}
}

// dot5Reduce sums the lanes of the 2x5 accumulators with dot2Reduce's tree:
// afterwards acc(0, 0) holds [s(0, 0:4) | s(1, 0:4)] and lanes 0 and 1 of
// acc(0, 4) hold s(0, 4) and s(1, 4), each sum
// ((l0+l2)+(l1+l3)) + ((l4+l6)+(l5+l7)) of its accumulator.
func dot5Reduce() {
	t1, t2 := Y10, Y11
	pairUnpack := func(a, b VecPhysical) {
		VUNPCKLPS(b, a, t1)
		VUNPCKHPS(b, a, t2)
		VADDPS(t2, t1, a)
	}
	pairShuffle := func(a, c VecPhysical) {
		VSHUFPS(U8(0x44), c, a, t1)
		VSHUFPS(U8(0xee), c, a, t2)
		VADDPS(t2, t1, a)
	}
	Comment("Level 1: interleave pairs of accumulators, adding lanes 2 apart",
		"(column 4: rows 0 and 1 together).")
	for i := 0; i < 2; i++ {
		pairUnpack(dot5Acc(i, 0), dot5Acc(i, 1))
		pairUnpack(dot5Acc(i, 2), dot5Acc(i, 3))
	}
	pairUnpack(dot5Acc(0, 4), dot5Acc(1, 4))
	Comment("Level 2: interleave pairs of those, adding lanes 1 apart (column 4",
		"with itself: lanes 0, 1 of each half are rows 0, 1).")
	for i := 0; i < 2; i++ {
		pairShuffle(dot5Acc(i, 0), dot5Acc(i, 2))
	}
	pairShuffle(dot5Acc(0, 4), dot5Acc(0, 4))
	Comment("Level 3: add the 128-bit halves; rows 0 and 1 in one register.")
	a, e := dot5Acc(0, 0), dot5Acc(1, 0)
	VPERM2F128(U8(0x20), e, a, t1) // [a.lo | e.lo]
	VPERM2F128(U8(0x31), e, a, t2) // [a.hi | e.hi]
	VADDPS(t2, t1, a)
	c4 := dot5Acc(0, 4)
	VEXTRACTF128(U8(1), c4, t1.AsX())
	VADDPS(t1.AsX(), c4.AsX(), c4.AsX())
}
