package avoisa

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Y lists the physical ymm registers in order; Y[16:] need EVEX encodings
// (AVX-512VL), so no VEX-only instruction may touch them.
var Y = []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15,
	Y16, Y17, Y18, Y19, Y20, Y21, Y22, Y23, Y24, Y25, Y26, Y27, Y28, Y29, Y30, Y31}

// Z lists the physical zmm registers in order.
var Z = []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
	Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}

// Row addresses row i (< 5) of a matrix at base with row stride ld bytes,
// ld3 = 3*ld: base, base+ld, base+2*ld, base+ld3, base+4*ld.
func Row(base, ld, ld3 Register, i int) Mem {
	switch i {
	case 0:
		return Mem{Base: base}
	case 1:
		return Mem{Base: base, Index: ld, Scale: 1}
	case 2:
		return Mem{Base: base, Index: ld, Scale: 2}
	case 3:
		return Mem{Base: base, Index: ld3, Scale: 1}
	}
	return Mem{Base: base, Index: ld, Scale: 4}
}

// PanelRow returns the address of element (row i < 15, current step) of an
// A panel walked with the register convention of the tile kernels: rows
// 0-4 from RSI, 5-9 from RDI, 10-14 from RDX, R8 the row stride in bytes
// and R9 three times it.
func PanelRow(i int) Mem {
	return Row([]Register{RSI, RDI, RDX}[i/5], R8, R9, i%5)
}

// PanelStep moves the row pointers of a panel of rows rows (see PanelRow)
// on by one step of k: RSI, and RDI and RDX if the panel reaches them, each
// by R10, A's column stride in bytes.
func PanelStep(rows int) { PanelAdvance(rows, R10) }

// PanelAdvance moves the row pointers of a panel of rows rows (see
// PanelRow) on by the byte count by (a register or an immediate).
func PanelAdvance(rows int, by Op) {
	ADDQ(by, RSI)
	if rows > 5 {
		ADDQ(by, RDI)
	}
	if rows > 10 {
		ADDQ(by, RDX)
	}
}
