// Package avoisa holds the helpers the avo programs of this module share:
// a vector level (ISA) with its masked loads and stores, the tail-mask
// tables they read, unique labels and the physical register files.
//
// Every helper emits through avo's global build context, so a program that
// calls them generates exactly what it would with its own copies.
package avoisa

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// ISA is one x86 vector level of a kernel family.
type ISA struct {
	Name   string // function name suffix
	W      int    // float32 lanes per vector: 16 selects zmm, 8 ymm
	AVX512 bool   // k-mask tails and EVEX encodings (AVX-512VL for W == 8)
}

// Vec returns a vector register of the ISA's width: zmm for 16 lanes, ymm
// for 8 (with EVEX encodings available at the AVX-512 level).
func (s ISA) Vec() VecVirtual {
	if s.W == 16 {
		return ZMM()
	}
	return YMM()
}

// Vecs returns k vector registers of the ISA's width.
func (s ISA) Vecs(k int) []VecVirtual {
	v := make([]VecVirtual, k)
	for i := range v {
		v[i] = s.Vec()
	}
	return v
}

// VB is the size of one vector in bytes.
func (s ISA) VB() int { return 4 * s.W }

// Broadcast loads the float32 parameter name into every lane of a vector.
func (s ISA) Broadcast(name string) VecVirtual {
	x := Load(Param(name), XMM())
	v := s.Vec()
	VBROADCASTSS(x, v)
	return v
}

// TailMask returns a mask of the low r lanes, 0 <= r < W: a k register at
// the AVX-512 level, a VMASKMOVPS lane mask otherwise. It reads the tables
// of DeclareTailMasks.
func (s ISA) TailMask(r Register) Register {
	tbl := GP64()
	if s.AVX512 {
		LEAQ(mask16, tbl)
		k := K()
		KMOVW(Mem{Base: tbl, Index: r, Scale: 2}, k)
		return k
	}
	LEAQ(mask32, tbl)
	off := GP64()
	MOVQ(U32(8), off)
	SUBQ(r, off)
	m := YMM()
	VMOVDQU(Mem{Base: tbl, Index: off, Scale: 4}, m)
	return m
}

// MaskedLoad reads the lanes of mask k (all lanes if k is nil) from m into
// dst, zeroing the others.
func (s ISA) MaskedLoad(m Mem, k Register, dst VecVirtual) {
	switch {
	case k == nil:
		VMOVUPS(m, dst)
	case s.AVX512:
		VMOVUPS_Z(m, k, dst)
	default:
		VMASKMOVPS(m, k, dst)
	}
}

// MaskedStore writes the lanes of mask k (all if nil) of src to m.
func (s ISA) MaskedStore(src VecVirtual, k Register, m Mem) {
	switch {
	case k == nil:
		VMOVUPS(src, m)
	case s.AVX512:
		VMOVUPS(src, k, m)
	default:
		VMASKMOVPS(src, k, m)
	}
}

// Zero clears every register of vs.
func Zero(vs ...VecVirtual) {
	for _, v := range vs {
		VXORPS(v, v, v)
	}
}

var labels int

// UniqueLabel returns a label name unique in the file: prefix and a counter.
func UniqueLabel(prefix string) string {
	labels++
	return fmt.Sprintf("%s%d", prefix, labels)
}

// Advance moves the pointers ptrs on by k vectors (in order) and counts k
// vectors' lanes off the element count n.
func (s ISA) Advance(k int, n Register, ptrs ...Register) {
	for _, p := range ptrs {
		ADDQ(U32(k*s.VB()), p)
	}
	SUBQ(U32(k*s.W), n)
}
