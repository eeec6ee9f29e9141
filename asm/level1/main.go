// Command level1 writes blas/internal/kernels/level1_amd64.s: the AVX2+FMA
// and AVX-512 kernels for Axpy, Dot, Scal, GemvN and GemvT. Run it from the
// asm directory (asm/gen.sh does).
//
// Every kernel has the same shape: a main loop over several vectors per
// pass (independent accumulators hide the FMA latency), a one-vector loop,
// and one masked vector for the last n mod width elements. AVX-512 masks
// with a k register (masked-off lanes are neither read nor written); AVX2
// uses VMASKMOVPS with a lane mask loaded from a table. The Go stubs in
// blas/internal/kernels/*_amd64.go document each function's reference loop.
package main

import (
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

const out = "../blas/internal/kernels/level1_amd64.s"

// isa is one x86 vector level.
type isa struct {
	name   string // function name suffix
	w      int    // float32 lanes per vector
	avx512 bool
}

var (
	avx2   = isa{"AVX2", 8, false}
	avx512 = isa{"AVX512", 16, true}
)

// Tables for tail masks: mask16[r] is the k-mask of the low r lanes;
// mask32[8-r : 16-r] is the VMASKMOVPS lane mask of the low r lanes.
var mask16, mask32 Mem

func main() {
	os.Args = append(os.Args[:1], "-out", out, "-pkg", "kernels")
	ConstraintExpr("!purego")

	mask16 = GLOBL("tailmask16", RODATA|NOPTR)
	for r := 0; r < 16; r++ {
		DATA(2*r, U16(1<<r-1))
	}
	mask32 = GLOBL("tailmask32", RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		v := uint32(0)
		if i < 8 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}

	for _, s := range []isa{avx2, avx512} {
		axpy(s)
		dot(s)
		scal(s)
		gemvN(s)
		gemvT(s)
	}
	Generate()
}

var labels int

// label returns a label name unique in the file.
func label(prefix string) string {
	labels++
	return fmt.Sprintf("%s%d", prefix, labels)
}

func (s isa) vec() VecVirtual {
	if s.avx512 {
		return ZMM()
	}
	return YMM()
}

func (s isa) vecs(k int) []VecVirtual {
	v := make([]VecVirtual, k)
	for i := range v {
		v[i] = s.vec()
	}
	return v
}

// vb is the size of one vector in bytes.
func (s isa) vb() int { return 4 * s.w }

// broadcast loads the float32 parameter name into every lane of a vector.
func (s isa) broadcast(name string) VecVirtual {
	x := Load(Param(name), XMM())
	v := s.vec()
	VBROADCASTSS(x, v)
	return v
}

// tailMask returns a mask of the low r lanes, 0 <= r < w.
func (s isa) tailMask(r Register) Register {
	tbl := GP64()
	if s.avx512 {
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

// load reads the lanes of mask k (all lanes if k is nil) from m into dst,
// zeroing the others.
func (s isa) load(m Mem, k Register, dst VecVirtual) {
	switch {
	case k == nil:
		VMOVUPS(m, dst)
	case s.avx512:
		VMOVUPS_Z(m, k, dst)
	default:
		VMASKMOVPS(m, k, dst)
	}
}

// store writes the lanes of mask k (all if nil) of src to m.
func (s isa) store(src VecVirtual, k Register, m Mem) {
	switch {
	case k == nil:
		VMOVUPS(src, m)
	case s.avx512:
		VMOVUPS(src, k, m)
	default:
		VMASKMOVPS(src, k, m)
	}
}

func zero(vs ...VecVirtual) {
	for _, v := range vs {
		VXORPS(v, v, v)
	}
}

// foldX adds the halves of v until its low xmm holds four partial sums.
// Only EVEX-encodable instructions are used at the AVX-512 level, where v
// may live in Z16-Z31.
func (s isa) foldX(v VecVirtual) {
	if s.avx512 {
		t := YMM()
		VEXTRACTF64X4(U8(1), v, t)
		VADDPS(t, v.AsY(), v.AsY())
		u := XMM()
		VEXTRACTF32X4(U8(1), v.AsY(), u)
		VADDPS(u, v.AsX(), v.AsX())
		return
	}
	u := XMM()
	VEXTRACTF128(U8(1), v, u)
	VADDPS(u, v.AsX(), v.AsX())
}

// hsumX leaves the sum of x's four lanes in every lane.
func hsumX(x Register) {
	t := XMM()
	VPERMILPS(U8(0x4e), x, t) // swap 64-bit halves
	VADDPS(t, x, x)
	VPERMILPS(U8(0xb1), x, t) // swap neighbours
	VADDPS(t, x, x)
}

// sum4X leaves [Σa, Σb, Σc, Σd] in a (four xmm inputs; b, c, d clobbered).
func sum4X(a, b, c, d Register) {
	t0, t1 := XMM(), XMM()
	VUNPCKLPS(b, a, t0) // t0 = a0 b0 a1 b1
	VUNPCKHPS(b, a, t1) // t1 = a2 b2 a3 b3
	VADDPS(t1, t0, t0)
	VUNPCKLPS(d, c, t1) // c0 d0 c1 d1
	VUNPCKHPS(d, c, b)  // c2 d2 c3 d3
	VADDPS(b, t1, t1)
	VSHUFPS(U8(0x44), t1, t0, a) // a = t0_0 t0_1 t1_0 t1_1
	VSHUFPS(U8(0xee), t1, t0, b) // b = t0_2 t0_3 t1_2 t1_3
	VADDPS(b, a, a)
}
