package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

const (
	dotRows = 4 // MR: rows of A (and C) per tile
	dotCols = 5 // NR: rows of B (columns of C) per tile
)

// dotKernel emits gemmDot4x5AVX512, the small-m kernel for C = A·Bᵀ with
// both operands contiguous along k (A m x k, B n x k, row-major):
//
//	for i < 4, j < 5:
//		s := Σ_{p<k} a[i*lda + p] * b[j*ldb + p]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// It keeps 20 ymm accumulators (lane l of acc(i, j) sums the products with
// p ≡ l mod 8) and reduces them with a transposing tree of shuffles, about
// 2.7 instructions per accumulator: 4x4 zmm accumulators with a lane-by-lane
// reduction spent as long reducing as multiplying at k = 128. Five columns
// make the 10-wide output layer of a network two exact tiles. ymm rather than
// zmm: the FMA rate per flop is the same on Zen 4 (512-bit FMAs are
// double-pumped) and the reduction has one level less.
//
// Every accumulator is reduced by the same tree, ((l0+l2)+(l1+l3)) +
// ((l4+l6)+(l5+l7)), so an element's bits do not depend on its place in the
// tile: tiles may overlap at the edges of C, and a row of C has the same
// bits whatever the number of rows in the product.
//
// Register map: CX k left; SI &a[p], R8 lda*4, R9 3*lda*4; DI &b[p], R10
// ldb*4, R11 3*ldb*4; AX &c[0], R12 ldc*4, R13 3*ldc*4 (epilogue); BX
// scratch. Y0-Y19 acc(i, j) = Y(5i+j); Y20-Y24 rows of B; Y25, Y26 rows of
// A; K1 the k-tail mask. After the loop Y20-Y31 are reduction temporaries.
func dotKernel() {
	name := fmt.Sprintf("gemmDot%dx%dAVX512", dotRows, dotCols)
	TEXT(name, NOSPLIT, avoisa.DotSignature)
	Doc(name+" computes one 4x5 tile of C = alpha·A·Bᵀ + beta·C from rows contiguous along k;",
		"see dotKernel in asm/gemmsmall/dot.go.")

	avoisa.LoadDotArgs()
	LEAQ(Mem{Base: R12, Index: R12, Scale: 2}, R13)
	dotZero()

	Label(name + "_loop")
	Comment("Invariant: lane l of acc(i, j) = Σ a(i, q)·b(j, q) over q < p, q ≡ l mod 8.")
	CMPQ(RCX, U8(8))
	JL(LabelRef(name + "_tail"))
	dotBody(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	ADDQ(U8(32), RSI)
	ADDQ(U8(32), RDI)
	SUBQ(U8(8), RCX)
	JMP(LabelRef(name + "_loop"))

	Label(name + "_tail")
	Comment("The last k mod 8 elements, through a load mask that zeroes the other lanes.")
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_reduce"))
	MOVL(U32(1), EBX)
	SHLL(CL, EBX)
	DECL(EBX)
	KMOVW(EBX, K1)
	dotBody(func(m Mem, dst VecPhysical) { VMOVUPS_Z(m, K1, dst) })

	Label(name + "_reduce")
	dotReduce()

	Comment("Y20 = alpha, Y21 = beta in every lane; R[0] = rows 0-1, R[1] = rows 2-3",
		"(columns 0-3 of one row per 128-bit half), X4 = column 4 of rows 0-3.")
	alpha, beta, t := Y20, Y21, Y22
	VBROADCASTSS(NewParamAddr("alpha", 56), alpha)
	rows, col4 := dotScale(alpha)
	MOVL(NewParamAddr("beta", 60), EBX)
	TESTL(U32(0x7fffffff), EBX)
	JZ(LabelRef(name + "_beta0"))
	VBROADCASTSS(NewParamAddr("beta", 60), beta)
	dotAddBetaC(rows, col4, beta, t)
	Label(name + "_beta0")
	Comment("store (beta == ±0 jumps here: c is not read)")
	dotStoreRows(rows, nil)
	dotStoreCol4(col4)
	VZEROUPPER()
	RET()
}

// The register map of a 4x5 dot tile: Y0-Y19 acc(i, j) = Y(5i+j), Y20-Y24
// rows of B, Y25 and Y26 rows of A.
func dotAcc(i, j int) VecPhysical { return avoisa.Y[i*dotCols+j] }
func dotB(j int) VecPhysical      { return avoisa.Y[20+j] }
func dotA(i int) VecPhysical      { return avoisa.Y[25+i%2] }

// dotZero clears the accumulators.
func dotZero() {
	for i := 0; i < dotRows*dotCols; i++ {
		VXORPS(avoisa.Y[i], avoisa.Y[i], avoisa.Y[i])
	}
}

// dotBody emits one step of 8 along k: the five rows of B at DI (stride
// R10) and each row of A at SI (stride R8) through load, and the 20 FMAs.
func dotBody(load func(m Mem, dst VecPhysical)) {
	for j := 0; j < dotCols; j++ {
		load(avoisa.Row(RDI, R10, R11, j), dotB(j))
	}
	for i := 0; i < dotRows; i++ {
		load(avoisa.Row(RSI, R8, R9, i), dotA(i))
		for j := 0; j < dotCols; j++ {
			VFMADD231PS(dotB(j), dotA(i), dotAcc(i, j))
		}
	}
}

// dotScale multiplies the reduced tile by alpha (in every lane) and
// returns where dotReduce left it: rows[0] = rows 0-1, rows[1] = rows 2-3
// (columns 0-3 of one row per 128-bit half), col4 = column 4 of rows 0-3.
func dotScale(alpha VecPhysical) (rows [2]VecPhysical, col4 Register) {
	rows = [2]VecPhysical{dotAcc(0, 0), dotAcc(2, 0)}
	col4 = dotAcc(0, 4).AsX()
	for _, r := range rows {
		VMULPS(alpha, r, r)
	}
	VMULPS(alpha.AsX(), col4, col4)
	return rows, col4
}

// dotAddBetaC adds beta*c to the reduced, alpha-scaled tile (rows and col4
// as dotReduce leaves them), C at AX with row stride R12, R13 = 3*R12.
func dotAddBetaC(rows [2]VecPhysical, col4 Register, beta, t VecPhysical) {
	Comment("c(i, 0:5) = alpha*s(i, 0:5) + beta*c(i, 0:5)")
	for h, r := range rows {
		VMOVUPS(avoisa.Row(RAX, R12, R13, 2*h), t.AsX())
		VINSERTF32X4(U8(1), avoisa.Row(RAX, R12, R13, 2*h+1), t, t)
		VFMADD231PS(t, beta, r)
	}
	VMOVSS(avoisa.Row(RAX, R12, R13, 0).Offset(16), t.AsX())
	for i := 1; i < dotRows; i++ {
		VINSERTPS(U8(i<<4), avoisa.Row(RAX, R12, R13, i).Offset(16), t.AsX(), t.AsX())
	}
	VFMADD231PS(t.AsX(), beta.AsX(), col4)
}

// dotStoreRows stores columns 0-3 of the tile's rows (two per register of
// rows), under the store mask k unless k is nil.
func dotStoreRows(rows [2]VecPhysical, k Register) {
	for h, r := range rows {
		lo, hi := avoisa.Row(RAX, R12, R13, 2*h), avoisa.Row(RAX, R12, R13, 2*h+1)
		if k == nil {
			VMOVUPS(r.AsX(), lo)
			VEXTRACTF32X4(U8(1), r, hi)
			continue
		}
		VMOVUPS(r.AsX(), k, lo)
		VEXTRACTF32X4(U8(1), r, k, hi)
	}
}

// dotStoreCol4 stores column 4 of the tile from the low lanes of col4.
func dotStoreCol4(col4 Register) {
	VMOVSS(col4, avoisa.Row(RAX, R12, R13, 0).Offset(16))
	for i := 1; i < dotRows; i++ {
		VEXTRACTPS(U8(i), col4, avoisa.Row(RAX, R12, R13, i).Offset(16))
	}
}

// dotReduce sums the lanes of the 4x5 accumulators with a transposing tree:
// afterwards acc(0, 0) holds [s(0, 0:4) | s(1, 0:4)], acc(2, 0) holds
// [s(2, 0:4) | s(3, 0:4)] and the low 128 bits of acc(0, 4) hold s(0:4, 4).
// Each level adds lanes pairwise while interleaving registers, so every sum
// is ((l0+l2)+(l1+l3)) + ((l4+l6)+(l5+l7)) of its accumulator.
func dotReduce() {
	t1, t2 := Y27, Y28
	// pairUnpack: a = [a0+a2, b0+b2, a1+a3, b1+b3 | a4+a6, b4+b6, a5+a7, b5+b7].
	pairUnpack := func(a, b VecPhysical) {
		VUNPCKLPS(b, a, t1)
		VUNPCKHPS(b, a, t2)
		VADDPS(t2, t1, a)
	}
	// pairShuffle: a = [A, B, C, D] per 128-bit half, X = (x0+x2)+(x1+x3)
	// (low half) or (x4+x6)+(x5+x7) (high half), from pairUnpack's a (of
	// a, b) and c (of c, d).
	pairShuffle := func(a, c VecPhysical) {
		VSHUFPS(U8(0x44), c, a, t1)
		VSHUFPS(U8(0xee), c, a, t2)
		VADDPS(t2, t1, a)
	}
	Comment("Level 1: interleave pairs of accumulators, adding lanes 2 apart.")
	for i := 0; i < dotRows; i++ {
		pairUnpack(dotAcc(i, 0), dotAcc(i, 1))
		pairUnpack(dotAcc(i, 2), dotAcc(i, 3))
	}
	pairUnpack(dotAcc(0, 4), dotAcc(1, 4))
	pairUnpack(dotAcc(2, 4), dotAcc(3, 4))
	Comment("Level 2: interleave pairs of those, adding lanes 1 apart.")
	for i := 0; i < dotRows; i++ {
		pairShuffle(dotAcc(i, 0), dotAcc(i, 2))
	}
	pairShuffle(dotAcc(0, 4), dotAcc(2, 4))
	Comment("Level 3: add the 128-bit halves; two rows per register.")
	for i := 0; i < dotRows; i += 2 {
		a, e := dotAcc(i, 0), dotAcc(i+1, 0)
		VSHUFF32X4(U8(0), e, a, t1) // [a.lo | e.lo]
		VSHUFF32X4(U8(3), e, a, t2) // [a.hi | e.hi]
		VADDPS(t2, t1, a)
	}
	c4 := dotAcc(0, 4)
	VEXTRACTF32X4(U8(1), c4, t1.AsX())
	VADDPS(t1.AsX(), c4.AsX(), c4.AsX())
}

// dotPanelSignature is gemmDotPanel4x5AVX512's Go signature.
const dotPanelSignature = "func(groups int, cols int, k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, beta float32, skip int)"

// dotPanelKernel emits gemmDotPanel4x5AVX512, which computes cols columns
// of groups 4x5 tiles of C in one call, each tile exactly as
// gemmDot4x5AVX512 computes it (the same FMAs into each accumulator, the
// same reduction tree and epilogue, so the same bits):
//
//	for h < cols, g < groups, i < 4, skip <= j < 5:
//		s := Σ_{p<k} a[(4g+i)*lda + p] * b[(5h+j)*ldb + p]
//		c[(4g+i)*ldc + 5h+j] = alpha*s + beta*c[(4g+i)*ldc + 5h+j]   (beta == ±0: c not read)
//
// With skip > 0 (0 <= skip < 5) the first skip columns of each tile are
// computed (reading C) but not written, through masked stores: the driver
// shifts the last column of tiles back to end at C's edge and computes it
// in place, instead of through a scratch strip.
//
// One call instead of one per tile saves the Go call, the dispatch and the
// slicing of each tile, and sets up the tail mask, alpha and beta once; the
// five rows of B of a column of tiles stay in L1 while A streams. The
// k loop takes 16 elements per turn and tests at the bottom (then one step
// of 8, then the masked tail): cycles per tile on L1-resident operands,
// median of 6 paired runs against gemmDot4x5AVX512's loop shape, k = 128
// -8%, k = 256 -2% (the order of the FMAs into each accumulator is
// unchanged).
//
// Register map: R15 groups left; R14 k; CX k left; BX &a[4g*lda], SI
// &a[4g*lda + p], R8 lda*4, R9 3*lda*4; DX &b[5h*ldb], DI &b[5h*ldb + p],
// R10 ldb*4, R11 3*ldb*4; AX &c[4g*ldc + 5h], R12 ldc*4, R13 3*ldc*4; the
// frame holds the columns left and &c[5h]. K2 the store mask of columns
// 0-3 (columns below skip clear). Y0-Y19 acc(i, j) =
// Y(5i+j); Y20-Y24 rows of B; Y25, Y26 rows of A; Y27, Y28 reduction
// temporaries; Y29 alpha, Y30 beta; K1 the k-tail mask.
func dotPanelKernel() {
	name := fmt.Sprintf("gemmDotPanel%dx%dAVX512", dotRows, dotCols)
	TEXT(name, NOSPLIT, dotPanelSignature)
	Doc(name+" computes cols columns of groups 4x5 tiles of C = alpha·A·Bᵀ + beta·C;",
		"see dotPanelKernel in asm/gemmsmall/dot.go.")
	alpha, beta, t := Y29, Y30, Y22
	colsLeft, cCol := AllocLocal(8), AllocLocal(8)

	Load(Param("k"), R14)
	avoisa.LoadDotPanelArgs(colsLeft, cCol)
	LEAQ(Mem{Base: R12, Index: R12, Scale: 2}, R13)
	Comment("K1 = the k-tail mask (low k mod 8 lanes); alpha and beta in every lane.")
	MOVQ(R14, RCX)
	ANDQ(U8(7), RCX)
	MOVL(U32(1), ESI)
	SHLL(CL, ESI)
	DECL(ESI)
	KMOVW(ESI, K1)
	VBROADCASTSS(NewParamAddr("alpha", 72), alpha)
	VBROADCASTSS(NewParamAddr("beta", 76), beta)
	Comment("K2 = 0xf << skip: the columns 0-3 to store.")
	Load(Param("skip"), RCX)
	MOVL(U32(0xf), ESI)
	SHLL(CL, ESI)
	KMOVW(ESI, K2)

	Label(name + "_col")
	Comment("One column of tiles: rows 5h..5h+4 of B against every group of A.")
	Load(Param("groups"), R15)
	Load(Param("a"), RBX)
	MOVQ(cCol, RAX)
	Label(name + "_group")
	Comment("One 4x5 tile: rows 4g..4g+3 of A against the five rows of B.")
	dotZero()
	MOVQ(RBX, RSI)
	MOVQ(RDX, RDI)
	avoisa.DotKLoop(name, dotBody, []string{"The last k mod 8 elements, through the load mask K1."}, func() {
		dotBody(func(m Mem, dst VecPhysical) { VMOVUPS_Z(m, K1, dst) })
	})
	dotReduce()

	Comment("R[0] = rows 0-1, R[1] = rows 2-3 (columns 0-3 of one row per 128-bit",
		"half), X4 = column 4 of rows 0-3.")
	rows, col4 := dotScale(alpha)
	TESTL(U32(0x7fffffff), NewParamAddr("beta", 76))
	JZ(LabelRef(name + "_beta0"))
	dotAddBetaC(rows, col4, beta, t)
	Label(name + "_beta0")
	Comment("store (beta == ±0 jumps here: c is not read)")
	CMPQ(NewParamAddr("skip", 80), U8(0))
	JNE(LabelRef(name + "_masked"))
	dotStoreRows(rows, nil)
	JMP(LabelRef(name + "_col4"))
	Label(name + "_masked")
	Comment("columns 0-3 under the mask K2")
	dotStoreRows(rows, K2)
	Label(name + "_col4")
	dotStoreCol4(col4)
	Comment("Next group: four rows down A and C.")
	LEAQ(Mem{Base: RBX, Index: R8, Scale: 4}, RBX)
	LEAQ(Mem{Base: RAX, Index: R12, Scale: 4}, RAX)
	DECQ(R15)
	JNZ(LabelRef(name + "_group"))
	Comment("Next column: five rows down B, five columns right in C.")
	LEAQ(Mem{Base: RDX, Index: R10, Scale: 4}, RDX)
	ADDQ(R10, RDX)
	ADDQ(U8(4*dotCols), cCol)
	DECQ(colsLeft)
	JNZ(LabelRef(name + "_col"))
	VZEROUPPER()
	RET()
}
