package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// isa is one vector level: its name suffix, lanes and register kind.
type isa struct {
	name  string
	lanes int
	shift uint64 // log2(lanes)
	vec   func() reg.VecVirtual
	// selectSign sets dst = sign bit of m ? a : b, lane by lane.
	selectSign func(m, a, b, dst reg.VecVirtual)
	// selectLess sets dst = x < lim ? a : b (false for NaN x).
	selectLess func(x reg.VecVirtual, lim Mem, a, b, dst reg.VecVirtual)
	// keepGreater sets dst = z > zero ? g : 0 (false for NaN z).
	keepGreater func(z, zero reg.VecVirtual, g Op, dst reg.VecVirtual)
	// hreduce folds v's lanes with op (lane 0 of the result is the total).
	hreduce func(v reg.VecVirtual, op func(x, acc Op)) reg.VecVirtual
}

func (is isa) bytes() int { return 4 * is.lanes }

const (
	cmpLT = 0x01 // less than, ordered, signalling (false for NaN)
	cmpGT = 0x1E // greater than, ordered, quiet (false for NaN)
)

var avx2 = isa{
	name: "AVX2", lanes: 8, shift: 3, vec: YMM,
	selectSign: func(m, a, b, dst reg.VecVirtual) { VBLENDVPS(m, a, b, dst) },
	selectLess: func(x reg.VecVirtual, lim Mem, a, b, dst reg.VecVirtual) {
		m := YMM()
		VCMPPS(Imm(cmpLT), lim, x, m)
		VBLENDVPS(m, a, b, dst)
	},
	keepGreater: func(z, zero reg.VecVirtual, g Op, dst reg.VecVirtual) {
		m := YMM()
		VCMPPS(Imm(cmpGT), zero, z, m)
		VANDPS(g, m, dst)
	},
	hreduce: func(v reg.VecVirtual, op func(x, acc Op)) reg.VecVirtual {
		x, t := v.AsX(), XMM()
		VEXTRACTF128(Imm(1), v, t)
		op(t, x)
		return xreduce(x.(reg.VecVirtual), op)
	},
}

var avx512 = isa{
	name: "AVX512", lanes: 16, shift: 4, vec: ZMM,
	selectSign: func(m, a, b, dst reg.VecVirtual) {
		k := K()
		VPMOVD2M(m, k)
		VBLENDMPS(a, b, k, dst)
	},
	selectLess: func(x reg.VecVirtual, lim Mem, a, b, dst reg.VecVirtual) {
		k := K()
		VCMPPS(Imm(cmpLT), lim, x, k)
		VBLENDMPS(a, b, k, dst)
	},
	keepGreater: func(z, zero reg.VecVirtual, g Op, dst reg.VecVirtual) {
		k := K()
		VCMPPS(Imm(cmpGT), zero, z, k)
		VMOVUPS_Z(g, k, dst)
	},
	hreduce: func(v reg.VecVirtual, op func(x, acc Op)) reg.VecVirtual {
		y, t := v.AsY(), YMM()
		VEXTRACTF64X4(Imm(1), v, t)
		op(t, y)
		x, u := y.(reg.VecVirtual).AsX(), XMM()
		VEXTRACTF128(Imm(1), y, u)
		op(u, x)
		return xreduce(x.(reg.VecVirtual), op)
	},
}

// xreduce folds the 4 lanes of x into lane 0.
func xreduce(x reg.VecVirtual, op func(x, acc Op)) reg.VecVirtual {
	t := XMM()
	VPERMILPS(Imm(0x4E), x, t) // swap the 64-bit halves
	op(t, x)
	VPERMILPS(Imm(0xB1), x, t) // swap neighbours
	op(t, x)
	return x
}
