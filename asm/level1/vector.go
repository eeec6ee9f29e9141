package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

// unroll is the number of vectors per pass in the Level-1 main loops: four
// independent FMA chains cover the 4-cycle FMA latency at one or two FMAs
// per cycle, and 4 vectors of x and y per pass keep loads streaming.
const unroll = 4

func axpy(s isa) {
	TEXT("axpy"+s.Name, NOSPLIT, "func(alpha float32, x, y []float32)")
	Comment("Register map: xp, yp = &x[i], &y[i]; n = elements left; va = alpha in every lane.")
	va := s.Broadcast("alpha")
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	v := s.Vecs(unroll)
	step := unroll * s.W

	main, one, tail, done := avoisa.UniqueLabel("axpyloop"), avoisa.UniqueLabel("axpyone"), avoisa.UniqueLabel("axpytail"), avoisa.UniqueLabel("axpydone")
	Label(main)
	Commentf("for n >= %d: y[0:%d] += alpha * x[0:%d]", step, step, step)
	CMPQ(n, U32(step))
	JL(LabelRef(one))
	for u := range v {
		VMOVUPS(Mem{Base: yp}.Offset(u*s.VB()), v[u])
	}
	for u := range v {
		VFMADD231PS(Mem{Base: xp}.Offset(u*s.VB()), va, v[u])
	}
	for u := range v {
		VMOVUPS(v[u], Mem{Base: yp}.Offset(u*s.VB()))
	}
	ADDQ(U32(step*4), xp)
	ADDQ(U32(step*4), yp)
	SUBQ(U32(step), n)
	JMP(LabelRef(main))

	Label(one)
	Commentf("for n >= %d: one vector", s.W)
	CMPQ(n, U32(s.W))
	JL(LabelRef(tail))
	VMOVUPS(Mem{Base: yp}, v[0])
	VFMADD231PS(Mem{Base: xp}, va, v[0])
	VMOVUPS(v[0], Mem{Base: yp})
	s.Advance(1, n, xp, yp)
	JMP(LabelRef(one))

	Label(tail)
	Comment("the last n < width elements, masked")
	TESTQ(n, n)
	JZ(LabelRef(done))
	k := s.TailMask(n)
	s.MaskedLoad(Mem{Base: yp}, k, v[0])
	s.MaskedLoad(Mem{Base: xp}, k, v[1])
	VFMADD231PS(v[1], va, v[0])
	s.MaskedStore(v[0], k, Mem{Base: yp})

	Label(done)
	VZEROUPPER()
	RET()
}

func dot(s isa) {
	TEXT("dot"+s.Name, NOSPLIT, "func(x, y []float32) float32")
	Comment("Register map: xp, yp = &x[i], &y[i]; n = elements left; acc = partial sums.")
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	acc := s.Vecs(unroll)
	avoisa.Zero(acc...)
	t := s.Vecs(unroll)
	step := unroll * s.W

	main, one, tail, reduce := avoisa.UniqueLabel("dotloop"), avoisa.UniqueLabel("dotone"), avoisa.UniqueLabel("dottail"), avoisa.UniqueLabel("dotreduce")
	Label(main)
	Commentf("for n >= %d: acc[u] += x[u-th vector] * y[u-th vector]", step)
	CMPQ(n, U32(step))
	JL(LabelRef(one))
	for u := range t {
		VMOVUPS(Mem{Base: xp}.Offset(u*s.VB()), t[u])
	}
	for u := range t {
		VFMADD231PS(Mem{Base: yp}.Offset(u*s.VB()), t[u], acc[u])
	}
	ADDQ(U32(step*4), xp)
	ADDQ(U32(step*4), yp)
	SUBQ(U32(step), n)
	JMP(LabelRef(main))

	Label(one)
	CMPQ(n, U32(s.W))
	JL(LabelRef(tail))
	VMOVUPS(Mem{Base: xp}, t[0])
	VFMADD231PS(Mem{Base: yp}, t[0], acc[0])
	s.Advance(1, n, xp, yp)
	JMP(LabelRef(one))

	Label(tail)
	Comment("the last n < width elements, masked (masked-off lanes load as 0)")
	TESTQ(n, n)
	JZ(LabelRef(reduce))
	k := s.TailMask(n)
	s.MaskedLoad(Mem{Base: xp}, k, t[0])
	s.MaskedLoad(Mem{Base: yp}, k, t[1])
	VFMADD231PS(t[1], t[0], acc[1])

	Label(reduce)
	Comment("return the sum of every lane of every accumulator")
	for w := 1; w < len(acc); w *= 2 {
		for i := 0; i+w < len(acc); i += 2 * w {
			VADDPS(acc[i+w], acc[i], acc[i])
		}
	}
	s.foldX(acc[0])
	hsumX(acc[0].AsX())
	Store(acc[0].AsX(), ReturnIndex(0))
	VZEROUPPER()
	RET()
}

func scal(s isa) {
	TEXT("scal"+s.Name, NOSPLIT, "func(alpha float32, x []float32)")
	Comment("Register map: xp = &x[i]; n = elements left; va = alpha in every lane.")
	va := s.Broadcast("alpha")
	xp := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	v := s.Vecs(unroll)
	step := unroll * s.W

	main, one, tail, done := avoisa.UniqueLabel("scalloop"), avoisa.UniqueLabel("scalone"), avoisa.UniqueLabel("scaltail"), avoisa.UniqueLabel("scaldone")
	Label(main)
	Commentf("for n >= %d: x[0:%d] *= alpha", step, step)
	CMPQ(n, U32(step))
	JL(LabelRef(one))
	for u := range v {
		VMULPS(Mem{Base: xp}.Offset(u*s.VB()), va, v[u])
	}
	for u := range v {
		VMOVUPS(v[u], Mem{Base: xp}.Offset(u*s.VB()))
	}
	ADDQ(U32(step*4), xp)
	SUBQ(U32(step), n)
	JMP(LabelRef(main))

	Label(one)
	CMPQ(n, U32(s.W))
	JL(LabelRef(tail))
	VMULPS(Mem{Base: xp}, va, v[0])
	VMOVUPS(v[0], Mem{Base: xp})
	s.Advance(1, n, xp)
	JMP(LabelRef(one))

	Label(tail)
	TESTQ(n, n)
	JZ(LabelRef(done))
	k := s.TailMask(n)
	s.MaskedLoad(Mem{Base: xp}, k, v[0])
	VMULPS(v[0], va, v[0])
	s.MaskedStore(v[0], k, Mem{Base: xp})

	Label(done)
	VZEROUPPER()
	RET()
}
