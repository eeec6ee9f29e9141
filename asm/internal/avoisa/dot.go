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
