package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// tileRegs is the vector register map of an MR x (NV*width) tile, shared by
// the tile, packing and panel kernels: the MR*NV accumulators first (NV
// vectors per row), then NV B vectors, then broadcast temporaries.
type tileRegs struct {
	x        isa
	nv, nacc int
}

func (x isa) tileRegs(mr, nv int) tileRegs { return tileRegs{x: x, nv: nv, nacc: mr * nv} }

// acc is vector v of row i's accumulators.
func (r tileRegs) acc(i, v int) VecPhysical { return r.x.vec(i*r.nv + v) }

// bv is vector v of the current step's B row.
func (r tileRegs) bv(v int) VecPhysical { return r.x.vec(r.nacc + v) }

// tmp is row i's broadcast temporary (the remaining registers in turn).
func (r tileRegs) tmp(i int) VecPhysical {
	return r.x.vec(r.nacc + r.nv + i%(len(r.x.regs())-r.nacc-r.nv))
}

// zero clears the accumulators.
func (r tileRegs) zero() {
	for i := 0; i < r.nacc; i++ {
		v := r.x.vec(i)
		VXORPS(v, v, v)
	}
}

// loadB loads the NV vectors of B at BX + disp into bv.
func (r tileRegs) loadB(disp int) {
	for v := 0; v < r.nv; v++ {
		VMOVUPS(Mem{Base: RBX, Disp: disp + r.x.width*4*v}, r.bv(v))
	}
}

// fmaRows emits acc(i, :) += a(i) * b for rows i < rows, a(i) the float at
// a(i): with bcst through embedded-broadcast FMAs, otherwise broadcast into
// tmp(i) first, and then after(i, tmp(i)) runs (if not nil) before the
// row's FMAs.
func (r tileRegs) fmaRows(rows int, bcst bool, a func(i int) Mem, after func(i int, t VecPhysical)) {
	for i := 0; i < rows; i++ {
		if bcst {
			for v := 0; v < r.nv; v++ {
				VFMADD231PS_BCST(a(i), r.bv(v), r.acc(i, v))
			}
			continue
		}
		t := r.tmp(i)
		VBROADCASTSS(a(i), t)
		if after != nil {
			after(i, t)
		}
		for v := 0; v < r.nv; v++ {
			VFMADD231PS(r.bv(v), t, r.acc(i, v))
		}
	}
}

// panelRowAt addresses row i of the A panel q steps of k past the current
// one (A rows contiguous along k).
func panelRowAt(q int) func(i int) Mem {
	return func(i int) Mem { return avoisa.PanelRow(i).Offset(4 * q) }
}

// loadTileArgs loads the tile kernels' arguments into their register map
// (see the package comment), strides in bytes, with the row bases DI and DX
// of A for tiles of mr > 5 and mr > 10 rows.
func loadTileArgs(mr int) {
	Comment("Strides to bytes; row bases of A.")
	Load(Param("kc"), RCX)
	Load(Param("a"), RSI)
	Load(Param("aRS"), R8)
	Load(Param("aCS"), R10)
	Load(Param("b"), RBX)
	Load(Param("bCS"), R11)
	Load(Param("c"), RAX)
	Load(Param("ldc"), R12)
	SHLQ(U8(2), R8)
	SHLQ(U8(2), R10)
	SHLQ(U8(2), R11)
	SHLQ(U8(2), R12)
	LEAQ(Mem{Base: R8, Index: R8, Scale: 2}, R9) // 3*aRS
	if mr > 5 {
		LEAQ(Mem{Base: R8, Index: R8, Scale: 4}, R13) // 5*aRS
		LEAQ(Mem{Base: RSI, Index: R13, Scale: 1}, RDI)
		if mr > 10 {
			LEAQ(Mem{Base: RDI, Index: R13, Scale: 1}, RDX)
		}
	}
}

// rowsUnrolledHead emits the head of a packing kernel's k loop unrolled by
// u for A rows contiguous along k (other strides go to name_loop): the
// label name_unrolled, the exit to name_loop with fewer than u steps left,
// and a prefetch of each row of A packARowPrefetch bytes ahead, after the
// comment why unless it is empty.
func rowsUnrolledHead(name string, mr, u int, why string) {
	Commentf("A rows contiguous along k (aCS == 1): the loop unrolled by %d.", u)
	CMPQ(R10, U8(4))
	JNE(LabelRef(name + "_loop"))
	Label(name + "_unrolled")
	CMPQ(RCX, U8(u))
	JL(LabelRef(name + "_loop"))
	if why != "" {
		Comment(why)
	}
	for i := 0; i < mr; i++ {
		PREFETCHT0(avoisa.PanelRow(i).Offset(packARowPrefetch))
	}
}
