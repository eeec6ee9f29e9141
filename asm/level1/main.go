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
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

const out = "../blas/internal/kernels/level1_amd64.s"

// isa is one x86 vector level; the methods below add level1's reductions.
type isa struct{ avoisa.ISA }

var (
	avx2   = isa{avoisa.ISA{Name: "AVX2", W: 8}}
	avx512 = isa{avoisa.ISA{Name: "AVX512", W: 16, AVX512: true}}
)

func main() {
	os.Args = append(os.Args[:1], "-out", out, "-pkg", "kernels")
	ConstraintExpr("!purego")

	avoisa.DeclareTailMasks("tailmask16", "tailmask32")

	for _, s := range []isa{avx2, avx512} {
		axpy(s)
		dot(s)
		scal(s)
		gemvN(s)
		gemvT(s)
	}
	Generate()
}

// foldX adds the halves of v until its low xmm holds four partial sums.
// Only EVEX-encodable instructions are used at the AVX-512 level, where v
// may live in Z16-Z31.
func (s isa) foldX(v VecVirtual) {
	if s.AVX512 {
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
