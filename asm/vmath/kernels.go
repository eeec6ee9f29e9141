package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// loop emits the common vector loop: n = len(dst) >> shift whole vectors,
// with body(i) computing the vector at byte offset i (a GP register).
// Loop invariant: i = 4·W·(vectors done), n = vectors left.
func (is isa) loop(n reg.Register, body func(i reg.Register)) {
	Commentf("n = len(dst) / %d (whole vectors); i = byte offset", is.lanes)
	SHRQ(Imm(is.shift), n)
	JZ(LabelRef("done"))
	i := GP64()
	XORQ(i, i)
	Label("loop")
	body(i)
	ADDQ(Imm(uint64(is.bytes())), i)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("done")
	VZEROUPPER()
}

func at(base, i reg.Register) Mem { return Mem{Base: base, Index: i, Scale: 1} }

func header(is isa, name, sig, doc string) {
	TEXT(name+is.name, NOSPLIT, sig)
	Commentf("%s%s: for i < len(dst) &^ %d, %s.", name, is.name, is.lanes-1, doc)
	Comment("Registers: one GP register per slice base, n = whole vectors left,",
		"i = byte offset into every slice; vector registers are allocated by avo,",
		"constants are read from memory (64-byte splats).")
}

// unary emits func(dst, x []float32): dst[i] = f(x[i]).
func unary(is isa, name, doc string, f func(x reg.VecVirtual) reg.VecVirtual) {
	header(is, name, "func(dst, x []float32)", doc)
	dst := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	is.loop(n, func(i reg.Register) {
		v := is.vec()
		Comment("v = x[i:i+W]")
		VMOVUPS(at(x, i), v)
		r := f(v)
		Comment("dst[i:i+W] = v")
		VMOVUPS(r, at(dst, i))
	})
	RET()
}

// binary emits func(dst, a, b []float32) with f(a vector, b memory).
func binary(is isa, name, doc string, f func(a reg.VecVirtual, b Mem) reg.VecVirtual) {
	header(is, name, "func(dst, a, b []float32)", fmt.Sprintf("%s (a, b = the doc's inputs in order)", doc))
	dst := Load(Param("dst").Base(), GP64())
	a := Load(Param("a").Base(), GP64())
	b := Load(Param("b").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	is.loop(n, func(i reg.Register) {
		v := is.vec()
		VMOVUPS(at(a, i), v)
		r := f(v, at(b, i))
		VMOVUPS(r, at(dst, i))
	})
	RET()
}

// binaryOp emits func(dst, a, b []float32): dst = op(a, b) (Go operand order).
func binaryOp(is isa, name, doc string, op func(b, a, d Op)) {
	binary(is, name, doc, func(a reg.VecVirtual, b Mem) reg.VecVirtual {
		Comment(doc)
		op(b, a, a)
		return a
	})
}

// scalarOp emits func(dst, a []float32, s float32): dst = op(s, a).
func scalarOp(is isa, name, doc string, op func(s, a, d Op)) {
	header(is, name, "func(dst, a []float32, s float32)", doc)
	dst := Load(Param("dst").Base(), GP64())
	a := Load(Param("a").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sx := Load(Param("s"), XMM())
	s := is.vec()
	Comment("s broadcast to every lane")
	VBROADCASTSS(sx, s)
	is.loop(n, func(i reg.Register) {
		v := is.vec()
		Comment(doc)
		op(s, at(a, i), v)
		VMOVUPS(v, at(dst, i))
	})
	RET()
}

func axpy(is isa) {
	header(is, "axpy", "func(dst []float32, alpha float32, x []float32)", "dst[i] += alpha·x[i]")
	dst := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	ax := Load(Param("alpha"), XMM())
	alpha := is.vec()
	VBROADCASTSS(ax, alpha)
	is.loop(n, func(i reg.Register) {
		v := is.vec()
		Comment("v = dst[i:i+W] + alpha·x[i:i+W], fused")
		VMOVUPS(at(dst, i), v)
		VFMADD231PS(at(x, i), alpha, v)
		VMOVUPS(v, at(dst, i))
	})
	RET()
}

// reduce emits func(x []float32) float32 folding the whole vectors of x
// with op; it needs len(x) >= W (the caller checks).
func reduce(is isa, name, doc string, op func(x, acc Op)) {
	TEXT(name+is.name, NOSPLIT, "func(x []float32) float32")
	Commentf("%s%s returns %s of x[:len(x) &^ %d]; len(x) >= %d.", name, is.name, doc, is.lanes-1, is.lanes)
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	acc := is.vec()
	Comment("acc = x[0:W]; then fold in the other whole vectors")
	VMOVUPS(Mem{Base: x}, acc)
	SHRQ(Imm(is.shift), n)
	DECQ(n)
	JZ(LabelRef("fold"))
	i := GP64()
	MOVQ(U32(is.bytes()), i)
	Label("loop")
	op(at(x, i), acc)
	ADDQ(Imm(uint64(is.bytes())), i)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("fold")
	Comment("fold the lanes of acc into lane 0")
	r := is.hreduce(acc, op)
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}

// expShiftSum emits expShiftSum (store: dst[i] = exp(x[i]−m)) or
// sumExpShift (no store); both return the sum of the exponentials.
func expShiftSum(is isa, store bool) {
	name, sig := "sumExpShift", "func(x []float32, m float32) float32"
	if store {
		name, sig = "expShiftSum", "func(dst, x []float32, m float32) float32"
	}
	TEXT(name+is.name, NOSPLIT, sig)
	Commentf("%s%s: e_i = exp32(x[i]−m) for i < len(x) &^ %d; stores e_i in dst if it has one; returns Σ e_i.", name, is.name, is.lanes-1)
	var dst reg.Register
	if store {
		dst = Load(Param("dst").Base(), GP64())
	}
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	mx := Load(Param("m"), XMM())
	m := is.vec()
	VBROADCASTSS(mx, m)
	acc := is.vec()
	VXORPS(acc, acc, acc)
	Commentf("n = len(x) / %d (whole vectors); i = byte offset", is.lanes)
	SHRQ(Imm(is.shift), n)
	JZ(LabelRef("fold"))
	i := GP64()
	XORQ(i, i)
	Label("loop")
	v := is.vec()
	Comment("v = x[i:i+W] − m")
	VMOVUPS(at(x, i), v)
	VSUBPS(m, v, v)
	e := is.exp(v)
	if store {
		VMOVUPS(e, at(dst, i))
	}
	Comment("acc += e")
	VADDPS(e, acc, acc)
	ADDQ(Imm(uint64(is.bytes())), i)
	DECQ(n)
	JNZ(LabelRef("loop"))
	Label("fold")
	r := is.hreduce(acc, func(x, acc Op) { VADDPS(x, acc, acc) })
	VZEROUPPER()
	Store(r, ReturnIndex(0))
	RET()
}
