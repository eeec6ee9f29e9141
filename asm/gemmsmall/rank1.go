package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// rank1Unroll is the number of vectors per pass of a row: the loop is
// bound by loads and stores of C, and four vectors keep them streaming.
const rank1Unroll = 4

// betaMode selects the update of C in rank1's inner loop.
type betaMode int

const (
	betaZero  betaMode = iota // c = s*y, c not read
	betaOne                   // c = s*y + c
	betaOther                 // c = s*y + beta*c (beta*c rounded first)
)

// rank1 emits gemmRank1<ISA>, C = beta*C + (alpha*x)·yᵀ row by row:
//
//	for i < m:
//		s := alpha * x[i*incX]
//		for j < n: c[i*ldc + j] = s*y[j] + beta*c[i*ldc + j]   (beta == ±0: c not read)
//
// with one FMA per element (beta*c is rounded first unless beta == 1), so C
// is streamed once: a row of C is loaded, updated and stored in one pass.
// The tail mask (n mod width lanes) and the beta case are chosen once per
// call, outside the row loop.
func rank1(s isa) {
	name := "gemmRank1" + s.Name
	TEXT(name, NOSPLIT, "func(m, n int, alpha float32, x *float32, incX int, y *float32, beta float32, c *float32, ldc int)")
	Doc(name + " computes C = alpha·x·yᵀ + beta·C for an m x n C; see rank1 in asm/gemmsmall/rank1.go.")
	Comment("Register map: m = rows left; xp = &x[i*incX], incX in bytes; yp, cp = &y[j],",
		"&c[i*ldc + j] within a row; cr = &c[i*ldc], ldc in bytes; j = elements left in",
		"the row; vs = s in every lane; vb = beta in every lane; k = the tail mask.")
	m := Load(Param("m"), GP64())
	n := Load(Param("n"), GP64())
	xp := Load(Param("x"), GP64())
	incX := Load(Param("incX"), GP64())
	SHLQ(U8(2), incX)
	cr := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(U8(2), ldc)
	alpha := XMM()
	VMOVSS(NewParamAddr("alpha", 16), alpha)
	vb := s.Vec()
	VBROADCASTSS(NewParamAddr("beta", 48), vb)

	Comment("tail = n mod width; its mask, computed once")
	tail := GP64()
	MOVQ(n, tail)
	ANDQ(U32(s.W-1), tail)
	k := s.TailMask(tail)

	Comment("Choose the loop by beta: ±0 (C not read), 1, other.")
	bits := GP32()
	MOVL(NewParamAddr("beta", 48), bits)
	zeroL, oneL := avoisa.UniqueLabel("rank1beta0_"), avoisa.UniqueLabel("rank1beta1_")
	TESTL(U32(0x7fffffff), bits)
	JZ(LabelRef(zeroL))
	CMPL(bits, U32(0x3f800000))
	JE(LabelRef(oneL))
	rank1Rows(s, betaOther, m, n, xp, incX, cr, ldc, alpha, vb, tail, k)
	Label(zeroL)
	rank1Rows(s, betaZero, m, n, xp, incX, cr, ldc, alpha, vb, tail, k)
	Label(oneL)
	rank1Rows(s, betaOne, m, n, xp, incX, cr, ldc, alpha, vb, tail, k)
}

func (b betaMode) String() string {
	return [...]string{"c = s*y", "c = s*y + c", "c = s*y + beta*c"}[b]
}

// rank1Rows emits the row loop for one beta case, ending in RET.
func rank1Rows(s isa, mode betaMode, m, n, xp, incX, cr, ldc, alpha Register, vb VecVirtual,
	tail, k Register) {
	row, main, one, tl, next := avoisa.UniqueLabel("rank1row"), avoisa.UniqueLabel("rank1loop"), avoisa.UniqueLabel("rank1one"), avoisa.UniqueLabel("rank1tail"), avoisa.UniqueLabel("rank1next")
	yp, cp, j := GP64(), GP64(), GP64()
	vs := s.Vec()
	v := s.Vecs(rank1Unroll)
	sx := XMM()
	upd := func(c Mem, y Mem, k Register, dst VecVirtual) {
		switch mode {
		case betaZero:
			if k == nil {
				VMULPS(y, vs, dst)
			} else {
				s.MaskedLoad(y, k, dst)
				VMULPS(dst, vs, dst)
			}
		case betaOne:
			s.MaskedLoad(c, k, dst)
			if k == nil {
				VFMADD231PS(y, vs, dst)
			} else {
				t := s.Vec()
				s.MaskedLoad(y, k, t)
				VFMADD231PS(t, vs, dst)
			}
		default:
			if k == nil {
				VMULPS(c, vb, dst)
				VFMADD231PS(y, vs, dst)
			} else {
				s.MaskedLoad(c, k, dst)
				VMULPS(dst, vb, dst)
				t := s.Vec()
				s.MaskedLoad(y, k, t)
				VFMADD231PS(t, vs, dst)
			}
		}
	}

	Label(row)
	Comment("s = alpha * x[i*incX] in every lane")
	VMULSS(Mem{Base: xp}, alpha, sx)
	VBROADCASTSS(sx, vs)
	Load(Param("y"), yp)
	MOVQ(cr, cp)
	MOVQ(n, j)

	Label(main)
	Commentf("for j >= %d: %s, %d elements", rank1Unroll*s.W, mode, rank1Unroll*s.W)
	CMPQ(j, U32(rank1Unroll*s.W))
	JL(LabelRef(one))
	for u := range v {
		upd(Mem{Base: cp}.Offset(u*s.VB()), Mem{Base: yp}.Offset(u*s.VB()), nil, v[u])
	}
	for u := range v {
		VMOVUPS(v[u], Mem{Base: cp}.Offset(u*s.VB()))
	}
	s.Advance(rank1Unroll, j, yp, cp)
	JMP(LabelRef(main))

	Label(one)
	Comment("one vector at a time")
	CMPQ(j, U32(s.W))
	JL(LabelRef(tl))
	upd(Mem{Base: cp}, Mem{Base: yp}, nil, v[0])
	VMOVUPS(v[0], Mem{Base: cp})
	s.Advance(1, j, yp, cp)
	JMP(LabelRef(one))

	Label(tl)
	Comment("the last n mod width elements, masked (other lanes neither read nor written)")
	TESTQ(tail, tail)
	JZ(LabelRef(next))
	upd(Mem{Base: cp}, Mem{Base: yp}, k, v[0])
	s.MaskedStore(v[0], k, Mem{Base: cp})

	Label(next)
	Comment("next row")
	ADDQ(incX, xp)
	ADDQ(ldc, cr)
	DECQ(m)
	JNZ(LabelRef(row))
	VZEROUPPER()
	RET()
}
