package avoisa

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// The tables ISA.TailMask reads, set by DeclareTailMasks.
var mask16, mask32 Mem

// DeclareTailMasks emits the tail-mask tables ISA.TailMask reads, under the
// given symbol names (see KMaskTable and LaneMaskTable), and returns their
// addresses.
func DeclareTailMasks(name16, name32 string) (k16, lane32 Mem) {
	mask16 = KMaskTable(name16)
	mask32 = LaneMaskTable(name32)
	return mask16, mask32
}

// KMaskTable emits a table of 16 uint16s, entry r the k-mask of the low r
// lanes, and returns its address.
func KMaskTable(name string) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for r := 0; r < 16; r++ {
		DATA(2*r, U16(1<<r-1))
	}
	return m
}

// LaneMaskTable emits 8 all-ones uint32s then 8 zeros, and returns its
// address: the 8 uint32s at index 8-r are the VMASKMOVPS mask of the low r
// lanes.
func LaneMaskTable(name string) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		v := uint32(0)
		if i < 8 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}
	return m
}
