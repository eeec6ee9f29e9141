package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// Tile of the AVX2 small-product kernel: 6 rows by up to two ymm vectors,
// the tile of gemmKernel6x16AVX2.
const small2MR = 6

// smallKernelAVX2 emits gemmSmallAVX2, smallKernel's product for the AVX2
// level: 6x16 tiles computed as gemmKernel6x16AVX2 computes them (a
// broadcast of a(i, p) and one FMA per vector, in order of p; alpha*acc +
// beta*c with one FMA), so every element has the blocked path's bits. The
// right-edge tile reads B's last vector and reads and writes C's through a
// VMASKMOVPS lane mask, so nothing beyond column n - 1 is touched; its loops
// are separate from the whole tiles', which use plain loads.
//
// Register map: RSI, RDI &a(row 0, 5 of the panel; step p); R8 aRS*4, R9
// 3*aRS*4, R10 aCS*4; RBX &b[p*ldb + j0], R11 ldb*4; RCX steps left; RAX
// &c(row i, j0) in the epilogue, R12 ldc*4; R14 columns left in the panel;
// R13 scratch. Y0-Y11 acc(i, v) = Y(2i+v); Y12, Y13 B (alpha and beta in
// the epilogue); Y14 broadcasts of A (C in a masked epilogue); Y15 the lane
// mask of the edge tile's last vector. Locals as smallKernel's.
func smallKernelAVX2() {
	name := "gemmSmallAVX2"
	TEXT(name, NOSPLIT, smallSignature)
	Doc(name+" computes a whole small product C = alpha·A·B + beta·C with A and B in place;",
		"see smallKernelAVX2 in asm/gemmsmall/small_avx2.go.")
	acc := func(i, v int) VecPhysical { return avoisa.Y[2*i+v] }
	bv := func(v int) VecPhysical { return avoisa.Y[12+v] }
	t, mask := Y14, Y15
	lbl := func(s string, args ...any) string { return name + "_" + fmt.Sprintf(s, args...) }

	f := smallPrologue(lbl, small2MR, nil)

	Label(lbl("tile"))
	Comment("Pointers for step p = 0.")
	MOVQ(f.aPanel, RSI)
	LEAQ(Mem{Base: RSI, Index: R8, Scale: 4}, RDI)
	ADDQ(R8, RDI) // row 5
	MOVQ(f.bTile, RBX)
	Load(Param("k"), RCX)
	Comment("The tile's shape: 16 columns, 9-15 (edge, vector 1 masked), 8, or 1-7",
		"(edge, vector 0 masked); Y15 = the mask of the low (columns mod 8) lanes.")
	CMPQ(R14, U8(16))
	JGE(LabelRef(lbl("v2full")))
	CMPQ(R14, U8(8))
	JEQ(LabelRef(lbl("v1full")))
	MOVQ(R14, RAX)
	ANDQ(U8(7), RAX)
	MOVQ(U32(8), R13)
	SUBQ(RAX, R13)
	LEAQ(mask32, RAX)
	VMOVDQU(Mem{Base: RAX, Index: R13, Scale: 4}, mask)
	CMPQ(R14, U8(8))
	JL(LabelRef(lbl("v1edge")))
	smallDispatchAVX2(lbl, f.rows, 2, true)
	Label(lbl("v1edge"))
	smallDispatchAVX2(lbl, f.rows, 1, true)
	Label(lbl("v2full"))
	smallDispatchAVX2(lbl, f.rows, 2, false)
	Label(lbl("v1full"))
	smallDispatchAVX2(lbl, f.rows, 1, false)

	for _, edge := range []bool{false, true} {
		for nv := 1; nv <= 2; nv++ {
			for r := 1; r <= small2MR; r++ {
				Label(lbl("r%dv%d%s", r, nv, edgeName(edge)))
				smallLoopAVX2(lbl("r%dv%d%sloop", r, nv, edgeName(edge)), r, nv, edge, acc, bv, t, mask)
				JMP(LabelRef(lbl("epi%d%s", nv, edgeName(edge))))
			}
		}
	}

	for _, edge := range []bool{false, true} {
		for nv := 1; nv <= 2; nv++ {
			Label(lbl("epi%d%s", nv, edgeName(edge)))
			MOVQ(f.cTile, RAX)
			MOVQ(f.rows, RDX)
			VBROADCASTSS(NewParamAddr("alpha", 80), bv(0))
			VBROADCASTSS(NewParamAddr("beta", 84), bv(1))
			MOVL(NewParamAddr("beta", 84), R13L)
			smallStoreAVX2(lbl("epi%d%s", nv, edgeName(edge)), nv, edge, acc, bv(0), bv(1), t, mask)
		}
	}

	Label(lbl("next"))
	Comment("Next tile of 16 columns, then the next panel of 6 rows.")
	SUBQ(U8(16), R14)
	JLE(LabelRef(lbl("panelDone")))
	ADDQ(U8(64), f.bTile)
	ADDQ(U8(64), f.cTile)
	JMP(LabelRef(lbl("tile")))
	smallEpilogue(lbl, f, small2MR, nil)
}

func edgeName(edge bool) string {
	if edge {
		return "edge"
	}
	return "full"
}

// smallDispatchAVX2 jumps to the loop for the panel's rows with nv vectors.
func smallDispatchAVX2(lbl func(string, ...any) string, rowsLoc Mem, nv int, edge bool) {
	MOVQ(rowsLoc, R13)
	for r := small2MR; r >= 2; r-- {
		CMPQ(R13, U8(r))
		JEQ(LabelRef(lbl("r%dv%d%s", r, nv, edgeName(edge))))
	}
	JMP(LabelRef(lbl("r1v%d%s", nv, edgeName(edge))))
}

// smallLoopAVX2 emits the k loop of a rows x nv-vector tile; an edge tile
// loads B's last vector through the lane mask.
func smallLoopAVX2(label string, rows, nv int, edge bool, acc func(i, v int) VecPhysical,
	bv func(v int) VecPhysical, t, mask VecPhysical) {
	for i := 0; i < rows; i++ {
		for v := 0; v < nv; v++ {
			VXORPS(acc(i, v), acc(i, v), acc(i, v))
		}
	}
	Label(label)
	Commentf("acc(i, :) += a(i, p) * b(p, :) for i < %d", rows)
	for v := 0; v < nv; v++ {
		m := Mem{Base: RBX, Disp: 32 * v}
		if edge && v == nv-1 {
			VMASKMOVPS(m, mask, bv(v))
			continue
		}
		VMOVUPS(m, bv(v))
	}
	for i := 0; i < rows; i++ {
		VBROADCASTSS(avoisa.PanelRow(i), t)
		for v := 0; v < nv; v++ {
			VFMADD231PS(bv(v), t, acc(i, v))
		}
	}
	avoisa.PanelStep(rows)
	ADDQ(R11, RBX)
	DECQ(RCX)
	JNZ(LabelRef(label))
}

// smallStoreAVX2 emits the epilogue of a tile of nv vectors per row, as
// smallStore; an edge tile reads and writes C's last vector through the
// lane mask.
func smallStoreAVX2(name string, nv int, edge bool, acc func(i, v int) VecPhysical, alpha, beta, t, mask VecPhysical) {
	smallStoreRows(name, "gemmSmallAVX2_next", small2MR, nv, 32, acc, alpha, func(a VecPhysical, v int, m Mem, mode pipeMode) {
		masked := edge && v == nv-1
		switch {
		case masked && mode != pipeZero:
			VMASKMOVPS(m, mask, t)
		case mode == pipeOne:
			VMOVUPS(m, t)
		}
		switch {
		case mode == pipeOne:
			VADDPS(a, t, a) // c first: the NaN an FMA would keep
		case mode == pipeAny && masked:
			VFMADD231PS(t, beta, a)
		case mode == pipeAny:
			VFMADD231PS(m, beta, a)
		}
		if masked {
			VMASKMOVPS(a, mask, m)
		} else {
			VMOVUPS(a, m)
		}
	})
}
