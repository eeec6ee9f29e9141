package avoisa

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// DotSignature is the Go signature of the Sgemm dot kernels, which compute
// a tile of C = alpha·A·Bᵀ + beta·C from rows of A and B contiguous along k
// (asm/gemm/dot.go, asm/gemmsmall/dot.go).
const DotSignature = "func(k int, a *float32, lda int, b *float32, ldb int, c *float32, ldc int, alpha float32, beta float32)"

// LoadDotArgs loads a dot kernel's arguments into its register map: CX k,
// SI a, R8 lda*4, R9 3*lda*4, DI b, R10 ldb*4, R11 3*ldb*4, AX c, R12 ldc*4.
func LoadDotArgs() {
	Load(Param("k"), RCX)
	Load(Param("a"), RSI)
	Load(Param("lda"), R8)
	Load(Param("b"), RDI)
	Load(Param("ldb"), R10)
	Load(Param("c"), RAX)
	Load(Param("ldc"), R12)
	DotStrides()
}

// DotStrides turns the dot kernels' strides, loaded as elements into R8
// (lda), R10 (ldb) and R12 (ldc), into bytes, and sets R9 = 3*R8 and
// R11 = 3*R10.
func DotStrides() {
	SHLQ(U8(2), R8)
	SHLQ(U8(2), R10)
	SHLQ(U8(2), R12)
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R9)
	LEAQ(Mem{Base: R10, Index: R10, Scale: 2}, R11)
}

// LoadDotPanelArgs loads the arguments the dot panel kernels share into
// their register map (asm/gemm/dot.go, dot5.go, asm/gemmsmall/dot.go):
// colsLeft = cols, R8 lda*4, R9 3*lda*4, RDX b, R10 ldb*4, R11 3*ldb*4,
// RAX and cCol c, R12 ldc*4.
func LoadDotPanelArgs(colsLeft, cCol Mem) {
	Load(Param("cols"), RCX)
	MOVQ(RCX, colsLeft)
	Load(Param("lda"), R8)
	Load(Param("b"), RDX)
	Load(Param("ldb"), R10)
	Load(Param("c"), RAX)
	MOVQ(RAX, cCol)
	Load(Param("ldc"), R12)
	DotStrides()
}

// DotKLoop emits the k loop of the dot panel kernels (asm/gemm/dot.go,
// dot5.go, asm/gemmsmall/dot.go), with R14 = k and SI, DI at element p = 0
// of the rows of A and B: step(load) emits one step of 8 along k, reading
// the rows through load. The loop takes 16 elements per turn and tests at
// the bottom (CX counts them down), then one step of 8 if 8 to 15 are left,
// then, if k mod 8 != 0, the comment tailDoc and tail(), which does the last
// k mod 8 elements through a mask. It ends at label name_reduce, which it
// defines.
func DotKLoop(name string, step func(load func(m Mem, dst VecPhysical)), tailDoc []string, tail func()) {
	Comment("CX = k - 16 - p: the loop runs while 16 more elements are left.")
	LEAQ(Mem{Base: R14, Disp: -16}, RCX)
	TESTQ(RCX, RCX)
	JL(LabelRef(name + "_one"))
	Label(name + "_loop")
	Comment("Invariant: lane l of acc(i, j) = Σ a(i, q)·b(j, q) over q < p, q ≡ l mod 8.")
	step(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	step(func(m Mem, dst VecPhysical) { VMOVUPS(m.Offset(32), dst) })
	ADDQ(U8(64), RSI)
	ADDQ(U8(64), RDI)
	SUBQ(U8(16), RCX)
	JGE(LabelRef(name + "_loop"))
	Label(name + "_one")
	Comment("8 to 15 elements left: one more step of 8.")
	TESTQ(U32(8), R14)
	JZ(LabelRef(name + "_tail"))
	step(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	ADDQ(U8(32), RSI)
	ADDQ(U8(32), RDI)

	Label(name + "_tail")
	Comment(tailDoc...)
	TESTQ(U32(7), R14)
	JZ(LabelRef(name + "_reduce"))
	tail()

	Label(name + "_reduce")
}
