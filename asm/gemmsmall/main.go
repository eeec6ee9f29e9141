// Command gemmsmall writes blas/internal/kernels/gemm_small_amd64.s: the
// AVX2+FMA and AVX-512 kernels of Sgemm's small-shape paths (package blas,
// gemm.go and gemm_dot.go): the rank-1 update that computes products with
// k == 1 (rank1.go), the AVX-512 dot kernel of op(A)·Bᵀ products with few
// rows or a short k (dot.go), and the small-product kernels that compute a
// whole short-k product in one call (small.go, small_avx2.go). Run it from the asm directory (asm/gen.sh
// does).
//
// The Go stubs in blas/internal/kernels/gemm_small_amd64.go document each
// function's reference loop.
package main

import (
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

const out = "../blas/internal/kernels/gemm_small_amd64.s"

// isa is one x86 vector level.
type isa struct {
	name   string // function name suffix
	w      int    // float32 lanes per vector
	avx512 bool
}

var (
	avx2    = isa{"AVX2", 8, false}
	avx512y = isa{"AVX512", 8, true} // AVX-512VL: ymm vectors, k-mask tails
)

// Tail-mask tables: gemmSmallMask16[r] is the k-mask of the low r lanes;
// gemmSmallMask32[8-r : 16-r] is the VMASKMOVPS lane mask of the low r lanes.
var mask16, mask32 Mem

func main() {
	os.Args = append(os.Args[:1], "-out", out, "-pkg", "kernels")
	ConstraintExpr("!purego")

	mask16 = GLOBL("gemmSmallMask16", RODATA|NOPTR)
	for r := 0; r < 16; r++ {
		DATA(2*r, U16(1<<r-1))
	}
	mask32 = GLOBL("gemmSmallMask32", RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		v := uint32(0)
		if i < 8 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}
	rank1(avx2)
	// The AVX-512 rank-1 kernel works on ymm vectors with k-mask tails: the
	// loop streams C through L1/L2, and Zen 4 moves 512-bit loads and stores
	// as two halves anyway; zmm measured 39 GFLOPS per CPU-second at
	// 256x784x1, ymm 44 (BenchmarkSgemm).
	rank1(avx512y)
	dotKernel()
	smallKernel()
	smallKernelAVX2()
	Generate()
}

var labels int

// label returns a label name unique in the file.
func label(prefix string) string {
	labels++
	return fmt.Sprintf("%s%d", prefix, labels)
}

// vec returns a vector register of the isa's width: zmm for 16 lanes, ymm
// for 8 (with EVEX encodings available at the AVX-512 level).
func (s isa) vec() VecVirtual {
	if s.w == 16 {
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
