package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// exp returns a register holding exp32 of each lane of x (x is clobbered).
func (is isa) exp(x reg.VecVirtual) reg.VecVirtual {
	Comment("exp: x = min(max(x, -104), 89), NaN kept (x is the second source)")
	lim := is.vec()
	VMOVUPS(cExpMax, lim)
	VMINPS(x, lim, x)
	VMOVUPS(cExpMin, lim)
	VMAXPS(x, lim, x)
	Comment("exp: ni = round(x·log2e) as int32, n = float(ni)")
	ni, n := is.vec(), is.vec()
	VMULPS(cLog2e, x, n)
	VCVTPS2DQ(n, ni)
	VCVTDQ2PS(ni, n)
	Comment("exp: r = x − n·ln2Hi − n·ln2Lo (Cody-Waite, fused)")
	VFNMADD231PS(cLn2Hi, n, x)
	VFNMADD231PS(cLn2Lo, n, x)
	Comment("exp: p = c6·r⁴ + c5·r³ + c4·r² + c3·r + c2 (Horner)")
	p := is.vec()
	VMOVUPS(cC6, p)
	VFMADD213PS(cC5, x, p)
	VFMADD213PS(cC4, x, p)
	VFMADD213PS(cC3, x, p)
	VFMADD213PS(cC2, x, p)
	Comment("exp: p = 1 + (r + r²·p)")
	r2 := n
	VMULPS(x, x, r2)
	VFMADD213PS(x, r2, p)
	VADDPS(cOne, p, p)
	Comment("exp: p ·= 2^(ni>>1) · 2^(ni − ni>>1), each built from exponent bits")
	n1 := is.vec()
	VPSRAD(Imm(1), ni, n1)
	VPSUBD(n1, ni, ni)
	VPADDD(cBias, n1, n1)
	VPSLLD(Imm(23), n1, n1)
	VPADDD(cBias, ni, ni)
	VPSLLD(Imm(23), ni, ni)
	VMULPS(n1, p, p)
	VMULPS(ni, p, p)
	return p
}

// sigmoid: e = exp(−|x|); (x < 0 ? e : 1) / (1 + e).
func (is isa) sigmoid(x reg.VecVirtual) reg.VecVirtual {
	Comment("sigmoid: e = exp(−|x|)")
	na := is.vec()
	VORPS(cSign, x, na)
	e := is.exp(na)
	Comment("sigmoid: num = sign(x) ? e : 1; den = 1 + e; num/den")
	one, num, den := is.vec(), is.vec(), is.vec()
	VMOVUPS(cOne, one)
	VADDPS(one, e, den)
	is.selectSign(x, e, one, num)
	VDIVPS(den, num, num)
	return num
}

// tanh: a = |x|; a < 0.625 ? a + a·z·Q(z) (z = a²) : (1−e)/(1+e) with
// e = exp(−2a); the sign of x copied in.
func (is isa) tanh(x reg.VecVirtual) reg.VecVirtual {
	Comment("tanh: a = |x|; q = a + a·z·Q(z), z = a²")
	a, z, q := is.vec(), is.vec(), is.vec()
	VANDPS(cAbs, x, a)
	VMULPS(a, a, z)
	VMOVUPS(cT11, q)
	VFMADD213PS(cT9, z, q)
	VFMADD213PS(cT7, z, q)
	VFMADD213PS(cT5, z, q)
	VFMADD213PS(cT3, z, q)
	VMULPS(z, q, q)
	VFMADD213PS(a, a, q)
	Comment("tanh: y = (1 − e)/(1 + e), e = exp(−2a)")
	m2 := is.vec()
	VMULPS(cMinus2, a, m2)
	e := is.exp(m2)
	num, den := is.vec(), is.vec()
	VMOVUPS(cOne, num)
	VSUBPS(e, num, num)
	VADDPS(cOne, e, den)
	VDIVPS(den, num, num)
	Comment("tanh: y = a < 0.625 ? q : y; y |= sign(x)")
	y := is.vec()
	is.selectLess(a, cTanhLim, q, num, y)
	VANDPS(cSign, x, x)
	VORPS(x, y, y)
	return y
}

func (is isa) relu(x reg.VecVirtual) reg.VecVirtual {
	Comment("relu: x = 0 > x ? 0 : x (MAXPS returns its second source, x, on NaN)")
	zero := is.vec()
	VXORPS(zero, zero, zero)
	VMAXPS(x, zero, x)
	return x
}

func (is isa) reluBackward(z reg.VecVirtual, g Mem) reg.VecVirtual {
	Comment("reluBackward: d = z > 0 ? g : 0")
	zero, d := is.vec(), is.vec()
	VXORPS(zero, zero, zero)
	is.keepGreater(z, zero, g, d)
	return d
}

func (is isa) sigmoidBackward(s reg.VecVirtual, g Mem) reg.VecVirtual {
	Comment("sigmoidBackward: d = g·(s·(1−s))")
	d := is.vec()
	VMOVUPS(cOne, d)
	VSUBPS(s, d, d)
	VMULPS(s, d, d)
	VMULPS(g, d, d)
	return d
}

func (is isa) tanhBackward(t reg.VecVirtual, g Mem) reg.VecVirtual {
	Comment("tanhBackward: d = g·(1−t²)")
	d := is.vec()
	VMOVUPS(cOne, d)
	VFNMADD231PS(t, t, d)
	VMULPS(g, d, d)
	return d
}
