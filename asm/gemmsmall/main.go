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
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"

	"github.com/simdml/simdml/asm/internal/avoisa"
)

const out = "../blas/internal/kernels/gemm_small_amd64.s"

// isa is one x86 vector level.
type isa = avoisa.ISA

var (
	avx2    = isa{Name: "AVX2", W: 8}
	avx512y = isa{Name: "AVX512", W: 8, AVX512: true} // AVX-512VL: ymm vectors, k-mask tails
)

// mask32 is the VMASKMOVPS lane-mask table (gemmSmallMask32).
var mask32 Mem

func main() {
	os.Args = append(os.Args[:1], "-out", out, "-pkg", "kernels")
	ConstraintExpr("!purego")

	// Tail-mask tables: gemmSmallMask16[r] is the k-mask of the low r lanes;
	// gemmSmallMask32[8-r : 16-r] is the VMASKMOVPS lane mask of the low r lanes.
	_, mask32 = avoisa.DeclareTailMasks("gemmSmallMask16", "gemmSmallMask32")
	rank1(avx2)
	// The AVX-512 rank-1 kernel works on ymm vectors with k-mask tails: the
	// loop streams C through L1/L2, and Zen 4 moves 512-bit loads and stores
	// as two halves anyway; zmm measured 39 GFLOPS per CPU-second at
	// 256x784x1, ymm 44 (BenchmarkSgemm).
	rank1(avx512y)
	dotKernel()
	dotPanelKernel()
	smallKernel()
	smallKernelAVX2()
	Generate()
}
