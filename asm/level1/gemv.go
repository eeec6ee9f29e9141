package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

const gemvSig = "func(m, n int, alpha float32, a []float32, lda int, x, y []float32)"

// gemvNSig is gemvSig plus the bias b (read in place of y; b is y for a
// plain GEMV), the block order (back walks the four-row blocks from the
// last to the first) and relu (set negative results to zero).
const gemvNSig = "func(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)"

// gemvN emits y[i] = b[i] + alpha * dot(A[i, :n], x) for i < m (one fused
// multiply-add), then y[i] = 0 where y[i] < 0 if relu is set. Rows go four
// at a time so each load of x feeds four FMAs; the blocks of four rows run
// first to last, or last to first when back is set (each row's arithmetic
// is the same either way, so the results have the same bits). Leftover
// rows (m mod 4) go one at a time after the blocks, always in the same
// order, with four accumulators each.
func gemvN(s isa) {
	TEXT("gemvN"+s.Name, NOSPLIT, gemvNSig)
	Comment("Register map: nb = four-row blocks left; end = &x[nv] for nv = n rounded down to",
		"whole vectors; r = n mod width; a0 = &A[i, 0] for the block's first row i; lda, lda3 =",
		"1 and 3 rows in bytes; bs = ±4 rows in bytes and ys = ±4 floats in bytes (block",
		"steps); yp = &y[i]; db = &b[0] - &y[0], so b[i] is at yp+db.")
	nb := Load(Param("m"), GP64())
	SHRQ(U8(2), nb)
	n := Load(Param("n"), GP64())
	a0 := Load(Param("a").Base(), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(2), lda)
	lda3 := GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, lda3)
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	db := Load(Param("b").Base(), GP64())
	SUBQ(yp, db)
	alpha := Load(Param("alpha"), XMM())
	valpha := XMM()
	VBROADCASTSS(alpha, valpha)
	r := GP64()
	MOVQ(n, r)
	ANDQ(U32(s.W-1), r)
	end := n
	SUBQ(r, end)
	LEAQ(Mem{Base: xp, Index: end, Scale: 4}, end)
	k := s.TailMask(r)
	gemvNPrefetchX(nb, xp, end, r)

	Comment("bs, ys = 4 rows forward; back: start at the last block and step backward")
	bs, ys := GP64(), GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, bs)
	ADDQ(lda, bs)
	MOVQ(U32(16), ys)
	back := Load(Param("back"), GP8())
	fwd := avoisa.UniqueLabel("gemvnfwd")
	TESTB(back, back)
	JZ(LabelRef(fwd))
	TESTQ(nb, nb)
	JZ(LabelRef(fwd))
	t := GP64()
	LEAQ(Mem{Base: nb}.Offset(-1), t)
	IMULQ(bs, t)
	ADDQ(t, a0)
	LEAQ(Mem{Base: nb}.Offset(-1), t)
	SHLQ(U8(4), t)
	ADDQ(t, yp)
	NEGQ(bs)
	NEGQ(ys)
	Label(fwd)

	rows4, rows1, done := avoisa.UniqueLabel("gemvn4"), avoisa.UniqueLabel("gemvn1"), avoisa.UniqueLabel("gemvndone")
	Label(rows4)
	Comment("for nb > 0: y[i:i+4] = relu?(b[i:i+4] + alpha * A[i:i+4, :] · x)")
	TESTQ(nb, nb)
	JZ(LabelRef(rows1))
	rowMem := func(p Register) []Mem {
		return []Mem{{Base: p}, {Base: p, Index: lda, Scale: 1}, {Base: p, Index: lda, Scale: 2}, {Base: p, Index: lda3, Scale: 1}}
	}
	acc := s.gemvNRows(a0, rowMem, xp, end, r, k, s.gemvNUnroll())
	s.sum4(acc)
	y := XMM()
	VMOVUPS(Mem{Base: yp, Index: db, Scale: 1}, y)
	VFMADD231PS(acc[0].AsX(), valpha, y)
	gemvNReLU(y, VMAXPS)
	VMOVUPS(y, Mem{Base: yp})
	ADDQ(ys, yp)
	ADDQ(bs, a0)
	DECQ(nb)
	JMP(LabelRef(rows4))

	Label(rows1)
	Comment("the rows after the blocks: i = m &^ 3; a0 = &A[i, 0]; yp = &y[i]; nb = m mod 4")
	Load(Param("m"), nb)
	ANDQ(U32(3), nb)
	JZ(LabelRef(done))
	i := Load(Param("m"), GP64())
	SUBQ(nb, i)
	Load(Param("a").Base(), a0)
	Load(Param("y").Base(), yp)
	LEAQ(Mem{Base: yp, Index: i, Scale: 4}, yp)
	IMULQ(lda, i)
	ADDQ(i, a0)
	one := avoisa.UniqueLabel("gemvn1row")
	Label(one)
	Comment("for nb > 0: y[i] = relu?(b[i] + alpha * A[i, :] · x)")
	acc = s.gemvNRows(a0, func(p Register) []Mem { return []Mem{{Base: p}} }, xp, end, r, k, 4)
	s.foldX(acc[0])
	hsumX(acc[0].AsX())
	VMOVSS(Mem{Base: yp, Index: db, Scale: 1}, y)
	VFMADD231SS(acc[0].AsX(), alpha, y)
	gemvNReLU(y, VMAXSS)
	VMOVSS(y, Mem{Base: yp})
	ADDQ(U32(4), yp)
	ADDQ(lda, a0)
	DECQ(nb)
	JNZ(LabelRef(one))

	Label(done)
	VZEROUPPER()
	RET()
}

// gemvNReLU emits y = max(0, y) with the zero as the first source, so that
// NaN and -0 in y pass through (MAXPS returns its second source unless the
// first is greater): tensor.ReLU's v < 0 → 0. It runs only if relu is set.
func gemvNReLU(y Register, max func(ops ...Op)) {
	skip := avoisa.UniqueLabel("gemvnnorelu")
	relu, err := Param("relu").Resolve()
	if err != nil {
		panic(err)
	}
	CMPB(relu.Addr, U8(0))
	JE(LabelRef(skip))
	z := XMM()
	VXORPS(z, z, z)
	max(y, z, y)
	Label(skip)
}

// gemvNPrefetchX emits a software prefetch of every cache line of x (the
// floats from xp to end+4r) when there are at least two row blocks
// (nb >= 2). A new example's x may be cold (in L3 or memory); asking for
// all its lines at once overlaps their misses, where the first row block's
// loads would otherwise meet them one at a time. For a warm x the loop
// costs about one cycle per 64 bytes.
func gemvNPrefetchX(nb, xp, end, r Register) {
	Comment("prefetch x[0:n] when nb >= 2")
	skip, loop := avoisa.UniqueLabel("gemvnpfxdone"), avoisa.UniqueLabel("gemvnpfx")
	CMPQ(nb, U8(2))
	JB(LabelRef(skip))
	p, last := GP64(), GP64()
	MOVQ(xp, p)
	LEAQ(Mem{Base: end, Index: r, Scale: 4}.Offset(-4), last)
	Label(loop)
	PREFETCHT0(Mem{Base: p})
	ADDQ(U8(64), p)
	CMPQ(p, last)
	JB(LabelRef(loop))
	PREFETCHT0(Mem{Base: last})
	Label(skip)
}

// gemvNUnroll is the number of vectors per row per pass in gemvN's
// four-row loop. AVX2: two, so eight FMA chains cover the latency at two
// FMAs per cycle. AVX-512: one; four zmm chains already saturate the loads
// (five per four FMAs), and fewer accumulators mean less set-up and
// reduction per row block, which dominates for short rows.
func (s isa) gemvNUnroll() int {
	if s.AVX512 {
		return 1
	}
	return 2
}

// sum4 leaves [Σacc0, Σacc1, Σacc2, Σacc3] in the low xmm of acc[0].
func (s isa) sum4(acc []VecVirtual) {
	if !s.AVX512 {
		for i := range acc {
			s.foldX(acc[i])
		}
		sum4X(acc[0].AsX(), acc[1].AsX(), acc[2].AsX(), acc[3].AsX())
		return
	}
	Comment("fold pairs of zmm accumulators across 128-bit lanes: two shuffles and an add",
		"per pair instead of an extract and an add per accumulator and halving")
	t := ZMM()
	// ab = [a.q0+a.q2, a.q1+a.q3, b.q0+b.q2, b.q1+b.q3]; cd likewise.
	for _, p := range [][2]VecVirtual{{acc[0], acc[1]}, {acc[2], acc[3]}} {
		VSHUFF32X4(U8(0xee), p[1], p[0], t)
		VSHUFF32X4(U8(0x44), p[1], p[0], p[0])
		VADDPS(t, p[0], p[0])
	}
	// acc0 = [Σ4 a, Σ4 b, Σ4 c, Σ4 d] as four 128-bit lanes of partial sums.
	VSHUFF32X4(U8(0xdd), acc[2], acc[0], t)
	VSHUFF32X4(U8(0x88), acc[2], acc[0], acc[0])
	VADDPS(t, acc[0], acc[0])
	b, c, d := XMM(), XMM(), XMM()
	VEXTRACTF32X4(U8(1), acc[0], b)
	VEXTRACTF32X4(U8(2), acc[0], c)
	VEXTRACTF32X4(U8(3), acc[0], d)
	sum4X(acc[0].AsX(), b, c, d)
}

// gemvNRows emits the column loops for the rows rowMem(p) (p = &A[row0, j])
// and returns one accumulator per row whose lanes add up to that row's dot
// product with x. u vectors per row per pass; the whole vectors of x end at
// end, r columns follow. a0 is not changed.
func (s isa) gemvNRows(a0 Register, rowMem func(p Register) []Mem, xp, end, r, k Register, u int) []VecVirtual {
	p, xc := GP64(), GP64()
	MOVQ(a0, p)
	MOVQ(xp, xc)
	rows := rowMem(p)
	acc := make([][]VecVirtual, len(rows))
	for i := range acc {
		acc[i] = s.Vecs(u)
		avoisa.Zero(acc[i]...)
	}
	xv := s.Vecs(u)
	main, one, tail, reduce := avoisa.UniqueLabel("nmain"), avoisa.UniqueLabel("none"), avoisa.UniqueLabel("ntail"), avoisa.UniqueLabel("nreduce")

	if u > 1 {
		last := GP64()
		Label(main)
		Commentf("for xc+%d <= end: acc[row][v] += A[row, j+v*w:] * x[j+v*w:]", u*s.W)
		LEAQ(Mem{Base: xc}.Offset(u*s.VB()), last)
		CMPQ(last, end)
		JA(LabelRef(one))
		for v := range xv {
			VMOVUPS(Mem{Base: xc}.Offset(v*s.VB()), xv[v])
		}
		for i := range rows {
			for v := range xv {
				VFMADD231PS(rows[i].Offset(v*s.VB()), xv[v], acc[i][v])
			}
		}
		MOVQ(last, xc)
		ADDQ(U32(u*s.VB()), p)
		JMP(LabelRef(main))
	}

	Label(one)
	Comment("for xc < end: one vector per row")
	CMPQ(xc, end)
	JAE(LabelRef(tail))
	VMOVUPS(Mem{Base: xc}, xv[0])
	for i := range rows {
		VFMADD231PS(rows[i], xv[0], acc[i][0])
	}
	ADDQ(U32(s.VB()), xc)
	ADDQ(U32(s.VB()), p)
	JMP(LabelRef(one))

	Label(tail)
	Comment("the last r = n mod width columns, masked")
	TESTQ(r, r)
	JZ(LabelRef(reduce))
	s.MaskedLoad(Mem{Base: xc}, k, xv[0])
	t := s.Vec()
	for i := range rows {
		s.MaskedLoad(rows[i], k, t)
		VFMADD231PS(t, xv[0], acc[i][0])
	}

	Label(reduce)
	out := make([]VecVirtual, len(rows))
	for i := range rows {
		for v := 1; v < u; v++ {
			VADDPS(acc[i][v], acc[i][0], acc[i][0])
		}
		out[i] = acc[i][0]
	}
	return out
}

// gemvTChunk is the number of vectors of y one pass of gemvT keeps in
// registers: each row then costs one broadcast and gemvTChunk independent
// FMAs, enough to cover the FMA latency.
const gemvTChunk = 8

// gemvT emits y[j] += alpha * Σ_i x[i]·A[i, j] for j < n. A chunk of y
// stays in registers while the loop walks every row, so y is read and
// written once per call. Chunks of gemvTChunk vectors first; then single
// vectors and a masked one, for which four rows per pass go to four
// accumulators (one chain per row would stall on the FMA latency).
func gemvT(s isa) {
	TEXT("gemvT"+s.Name, NOSPLIT, gemvSig)
	Comment("Register map: m = rows; n = columns left; ap = &A[0, j]; yp = &y[j]; lda in bytes;",
		"p = &A[i, j] and xi = &x[i] while walking rows; cnt = rows left.")
	m := Load(Param("m"), GP64())
	n := Load(Param("n"), GP64())
	ap := Load(Param("a").Base(), GP64())
	lda := Load(Param("lda"), GP64())
	SHLQ(U8(2), lda)
	xp := Load(Param("x").Base(), GP64())
	yp := Load(Param("y").Base(), GP64())
	va := s.Broadcast("alpha")
	p, xi, cnt := GP64(), GP64(), GP64()
	startRows := func() {
		MOVQ(ap, p)
		MOVQ(xp, xi)
		MOVQ(m, cnt)
	}

	chunk, one, tail, done := avoisa.UniqueLabel("tchunk"), avoisa.UniqueLabel("tone"), avoisa.UniqueLabel("ttail"), avoisa.UniqueLabel("tdone")
	Label(chunk)
	Commentf("for n >= %d: y[j:j+%d] += alpha * Σ_i x[i]·A[i, j:j+%d]", gemvTChunk*s.W, gemvTChunk*s.W, gemvTChunk*s.W)
	CMPQ(n, U32(gemvTChunk*s.W))
	JL(LabelRef(one))
	acc := s.Vecs(gemvTChunk)
	avoisa.Zero(acc...)
	startRows()
	rows := avoisa.UniqueLabel("trows")
	Label(rows)
	b := s.Vec()
	VBROADCASTSS(Mem{Base: xi}, b)
	for c := range acc {
		VFMADD231PS(Mem{Base: p}.Offset(c*s.VB()), b, acc[c])
	}
	ADDQ(lda, p)
	ADDQ(U32(4), xi)
	DECQ(cnt)
	JNZ(LabelRef(rows))
	Comment("y = alpha*acc + y")
	for c := range acc {
		VFMADD213PS(Mem{Base: yp}.Offset(c*s.VB()), va, acc[c])
		VMOVUPS(acc[c], Mem{Base: yp}.Offset(c*s.VB()))
	}
	s.Advance(gemvTChunk, n, ap, yp)
	JMP(LabelRef(chunk))

	Label(one)
	Comment("for n >= width: one vector of y")
	CMPQ(n, U32(s.W))
	JL(LabelRef(tail))
	s.gemvTVector(nil, p, xi, cnt, lda, va, yp, startRows)
	s.Advance(1, n, ap, yp)
	JMP(LabelRef(one))

	Label(tail)
	Comment("the last n < width columns, masked")
	TESTQ(n, n)
	JZ(LabelRef(done))
	k := s.TailMask(n)
	s.gemvTVector(k, p, xi, cnt, lda, va, yp, startRows)

	Label(done)
	VZEROUPPER()
	RET()
}

// gemvTVector emits the row walk for one (masked if k != nil) vector of y.
func (s isa) gemvTVector(k, p, xi, cnt, lda Register, va VecVirtual, yp Register, startRows func()) {
	acc := s.Vecs(4)
	avoisa.Zero(acc...)
	startRows()
	rows4, rows1, fin := avoisa.UniqueLabel("tv4"), avoisa.UniqueLabel("tv1"), avoisa.UniqueLabel("tvfin")
	Label(rows4)
	Comment("for cnt >= 4: acc[r] += x[i+r] * A[i+r, j:j+w]")
	CMPQ(cnt, U32(4))
	JL(LabelRef(rows1))
	q := GP64()
	LEAQ(Mem{Base: p, Index: lda, Scale: 2}, q)
	rowMem := []Mem{{Base: p}, {Base: p, Index: lda, Scale: 1}, {Base: q}, {Base: q, Index: lda, Scale: 1}}
	for i := range acc {
		b, t := s.Vec(), s.Vec()
		VBROADCASTSS(Mem{Base: xi}.Offset(4*i), b)
		if k == nil {
			VFMADD231PS(rowMem[i], b, acc[i])
			continue
		}
		s.MaskedLoad(rowMem[i], k, t)
		VFMADD231PS(t, b, acc[i])
	}
	LEAQ(Mem{Base: p, Index: lda, Scale: 4}, p)
	ADDQ(U32(16), xi)
	SUBQ(U32(4), cnt)
	JMP(LabelRef(rows4))

	Label(rows1)
	TESTQ(cnt, cnt)
	JZ(LabelRef(fin))
	b, t := s.Vec(), s.Vec()
	VBROADCASTSS(Mem{Base: xi}, b)
	if k == nil {
		VFMADD231PS(Mem{Base: p}, b, acc[0])
	} else {
		s.MaskedLoad(Mem{Base: p}, k, t)
		VFMADD231PS(t, b, acc[0])
	}
	ADDQ(lda, p)
	ADDQ(U32(4), xi)
	DECQ(cnt)
	JMP(LabelRef(rows1))

	Label(fin)
	Comment("y = alpha*(acc0+acc1+acc2+acc3) + y")
	VADDPS(acc[1], acc[0], acc[0])
	VADDPS(acc[3], acc[2], acc[2])
	VADDPS(acc[2], acc[0], acc[0])
	y := s.Vec()
	s.MaskedLoad(Mem{Base: yp}, k, y)
	VFMADD231PS(acc[0], va, y)
	s.MaskedStore(y, k, Mem{Base: yp})
}
