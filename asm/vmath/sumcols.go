package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// sumCols emits func(dst, a []float32, rows int): for the whole vectors of
// columns j < len(dst) &^ (W−1), dst[j] = Σ_{i<rows} a[i·len(dst) + j].
// It walks the rows once per block of four column vectors (four
// independent accumulators), then once per leftover column vector, so a is
// read row-wise and dst written once.
func sumCols(is isa) {
	TEXT("sumCols"+is.name, NOSPLIT, "func(dst, a []float32, rows int)")
	Commentf("sumCols%s: for j < len(dst) &^ %d, dst[j] = Σ_{i<rows} a[i·len(dst) + j].", is.name, is.lanes-1)
	Comment("Registers: stride = bytes per row of a, j = byte offset of the column block,",
		"p walks down the block's rows, r = rows left.")
	dst := Load(Param("dst").Base(), GP64())
	a := Load(Param("a").Base(), GP64())
	cols := Load(Param("dst").Len(), GP64())
	rows := Load(Param("rows"), GP64())
	stride := GP64()
	MOVQ(cols, stride)
	SHLQ(Imm(2), stride)
	j := GP64()
	XORQ(j, j)
	nblk := GP64()
	MOVQ(cols, nblk)
	Comment("nblk = blocks of 4 column vectors")
	SHRQ(Imm(is.shift+2), nblk)
	JZ(LabelRef("single"))
	Label("block")
	is.sumColsBlock(4, dst, a, rows, stride, j, "blockrow", "blockstore")
	DECQ(nblk)
	JNZ(LabelRef("block"))
	Label("single")
	Comment("nv = leftover whole column vectors (0..3)")
	nv := cols
	SHRQ(Imm(is.shift), nv)
	ANDQ(Imm(3), nv)
	JZ(LabelRef("done"))
	Label("vec")
	is.sumColsBlock(1, dst, a, rows, stride, j, "vecrow", "vecstore")
	DECQ(nv)
	JNZ(LabelRef("vec"))
	Label("done")
	VZEROUPPER()
	RET()
}

// sumColsBlock sums k column vectors at byte offset j over all rows into
// dst[j:], then advances j past them.
func (is isa) sumColsBlock(k int, dst, a, rows, stride, j reg.Register, row, store string) {
	Commentf("acc[0..%d] = 0; p = &a[0][j]; r = rows", k-1)
	acc := make([]reg.VecVirtual, k)
	for q := range acc {
		acc[q] = is.vec()
		VXORPS(acc[q], acc[q], acc[q])
	}
	p, r := GP64(), GP64()
	LEAQ(Mem{Base: a, Index: j, Scale: 1}, p)
	MOVQ(rows, r)
	TESTQ(r, r)
	JZ(LabelRef(store))
	Label(row)
	Commentf("acc[q] += a[i][j + q·W], q < %d; next row", k)
	for q := range acc {
		VADDPS(Mem{Base: p, Disp: q * is.bytes()}, acc[q], acc[q])
	}
	ADDQ(stride, p)
	DECQ(r)
	JNZ(LabelRef(row))
	Label(store)
	Comment("dst[j + q·W] = acc[q]; j += k·W")
	for q := range acc {
		VMOVUPS(acc[q], Mem{Base: dst, Index: j, Scale: 1, Disp: q * is.bytes()})
	}
	ADDQ(U32(k*is.bytes()), j)
}
