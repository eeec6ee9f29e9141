package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// dotKernel emits gemmDot<R>x4<ISA>, the small-m kernel for C = A·Bᵀ with
// both operands contiguous along k (A m x k, B n x k, row-major):
//
//	for i < R, j < 4:
//		s := Σ_{p<k} a[i*lda + p] * b[j*ldb + p]
//		c[i*ldc + j] = alpha*s + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// Register map: CX k left; SI &a[p], R8 lda*4, R9 3*lda*4; DI &b[p], R10
// ldb*4, R11 3*ldb*4; AX &c[i*ldc], R12 ldc*4; R13, BX scratch. Vectors: R*4
// accumulators acc(i, j) (lane-wise partial sums over p), 4 B rows, A row
// temporaries, the tail mask.
func dotKernel(x isa, rows int) {
	name := fmt.Sprintf("gemmDot%dx4%s", rows, x.name)
	TEXT(name, NOSPLIT, avoisa.DotSignature)
	Doc(name+" computes one "+fmt.Sprint(rows)+"x4 tile of C = alpha·A·Bᵀ + beta·C from rows contiguous along k;",
		"see dotKernel in asm/gemm/dot.go.")
	nacc := rows * 4
	acc := func(i, j int) VecPhysical { return x.vec(i*4 + j) }
	bv := func(j int) VecPhysical { return x.vec(nacc + j) }
	av := func(i int) VecPhysical { return x.vec(nacc + 4 + i%2) }
	mask := x.vec(nacc + 6)
	W := x.width

	avoisa.LoadDotArgs()
	rowA := func(i int) Mem { return avoisa.Row(RSI, R8, R9, i) }
	rowB := func(j int) Mem { return avoisa.Row(RDI, R10, R11, j) }
	for i := 0; i < nacc; i++ {
		VXORPS(x.vec(i), x.vec(i), x.vec(i))
	}

	body := func(load func(m Mem, dst VecPhysical)) {
		for j := 0; j < 4; j++ {
			load(rowB(j), bv(j))
		}
		for i := 0; i < rows; i++ {
			load(rowA(i), av(i))
			for j := 0; j < 4; j++ {
				VFMADD231PS(bv(j), av(i), acc(i, j))
			}
		}
	}
	Label(name + "_loop")
	Comment("Invariant: lane l of acc(i, j) = Σ a(i, q)·b(j, q) over q < p, q ≡ l mod W.")
	CMPQ(RCX, U32(W))
	JL(LabelRef(name + "_tail"))
	body(func(m Mem, dst VecPhysical) { VMOVUPS(m, dst) })
	ADDQ(U32(4*W), RSI)
	ADDQ(U32(4*W), RDI)
	SUBQ(U32(W), RCX)
	JMP(LabelRef(name + "_loop"))

	Label(name + "_tail")
	Comment("The last k mod W elements, through a load mask that zeroes the rest.")
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_reduce"))
	if x.width == 16 {
		MOVL(U32(1), R13L)
		SHLL(CL, R13L)
		DECL(R13L)
		KMOVW(R13L, K1)
		body(func(m Mem, dst VecPhysical) { VMOVUPS_Z(m, K1, dst) })
	} else {
		Comment("mask = gemmDotMask[8-t : 16-t]: t all-ones lanes, then zeros")
		MOVQ(U32(8), R13)
		SUBQ(RCX, R13)
		LEAQ(dotMask, RBX)
		VMOVUPS(Mem{Base: RBX, Index: R13, Scale: 4}, mask)
		body(func(m Mem, dst VecPhysical) { VMASKMOVPS(m, mask, dst) })
	}

	Label(name + "_reduce")
	Comment("Sum the lanes: acc(i, j) -> xmm, then row i's four sums into one xmm by HADDs.")
	t := x.vec(nacc + 6)
	for i := 0; i < nacc; i++ {
		a := x.vec(i)
		if x.width == 16 {
			VEXTRACTF64X4(U8(1), a, t.AsY())
			VADDPS(t.AsY(), a.AsY(), a.AsY())
			VEXTRACTF32X4(U8(1), a.AsY(), t.AsX())
		} else {
			VEXTRACTF128(U8(1), a.AsY(), t.AsX())
		}
		VADDPS(t.AsX(), a.AsX(), a.AsX())
	}
	for i := 0; i < rows; i++ {
		VHADDPS(acc(i, 1).AsX(), acc(i, 0).AsX(), acc(i, 0).AsX())
		VHADDPS(acc(i, 3).AsX(), acc(i, 2).AsX(), acc(i, 2).AsX())
		VHADDPS(acc(i, 2).AsX(), acc(i, 0).AsX(), acc(i, 0).AsX())
	}
	alpha, beta := bv(0).AsX(), bv(1).AsX()
	VBROADCASTSS(NewParamAddr("alpha", 56), alpha)
	MOVL(NewParamAddr("beta", 60), R13L)
	TESTL(U32(0x7fffffff), R13L)
	JZ(LabelRef(name + "_beta0"))
	VBROADCASTSS(NewParamAddr("beta", 60), beta)
	Comment("c(i, 0:4) = alpha*s + beta*c(i, 0:4)")
	for i := 0; i < rows; i++ {
		r := acc(i, 0).AsX()
		VMULPS(alpha, r, r)
		VFMADD231PS(Mem{Base: RAX}, beta, r)
		VMOVUPS(r, Mem{Base: RAX})
		ADDQ(R12, RAX)
	}
	VZEROUPPER()
	RET()
	Label(name + "_beta0")
	for i := 0; i < rows; i++ {
		r := acc(i, 0).AsX()
		VMULPS(alpha, r, r)
		VMOVUPS(r, Mem{Base: RAX})
		ADDQ(R12, RAX)
	}
	VZEROUPPER()
	RET()
}

// dotMask is the AVX2 tail mask table: 8 all-ones lanes, then 8 zeros.
var dotMask Mem
