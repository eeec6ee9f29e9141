// Command vmath generates tensor/internal/vmath/vmath_amd64.s: the AVX2 and
// AVX-512 elementwise kernels of package tensor (exp, sigmoid, tanh, ReLU,
// their backward forms, the softmax row passes and simple arithmetic).
//
// Run from asm/: go run ./vmath. One description per kernel emits both
// levels; isa abstracts what differs (vector width and how a lane mask is
// formed and used: a vector mask and VBLENDVPS on AVX2, an opmask register
// and VBLENDMPS or zero-masking on AVX-512).
//
// Every kernel handles the whole vectors of len(dst) (len(dst) &^ (W−1)
// elements); the Go caller finishes the tail with the generic kernel. The
// numerics follow tensor/internal/vmath/exp_generic.go, whose constants are
// repeated here.
package main

import (
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

const out = "../tensor/internal/vmath/vmath_amd64.s"

func main() {
	os.Args = []string{"vmath", "-out", out, "-pkg", "vmath"}
	ConstraintExpr("!purego")
	consts()
	for _, is := range []isa{avx2, avx512} {
		kernels(is)
	}
	Generate()
}

func kernels(is isa) {
	unary(is, "exp", "dst[i] = exp32(x[i])", func(x reg.VecVirtual) reg.VecVirtual { return is.exp(x) })
	unary(is, "sigmoid", "dst[i] = sigmoid32(x[i])", is.sigmoid)
	unary(is, "tanh", "dst[i] = tanh32(x[i])", is.tanh)
	unary(is, "relu", "dst[i] = x[i] < 0 ? 0 : x[i]", is.relu)
	binary(is, "reluBackward", "dst[i] = z[i] > 0 ? g[i] : 0", is.reluBackward)
	binary(is, "sigmoidBackward", "dst[i] = g[i]·(s[i]·(1−s[i]))", is.sigmoidBackward)
	binary(is, "tanhBackward", "dst[i] = g[i]·(1−t[i]²)", is.tanhBackward)
	binaryOp(is, "add", "dst[i] = a[i] + b[i]", func(b, a, d Op) { VADDPS(b, a, d) })
	binaryOp(is, "sub", "dst[i] = a[i] − b[i]", func(b, a, d Op) { VSUBPS(b, a, d) })
	binaryOp(is, "mul", "dst[i] = a[i]·b[i]", func(b, a, d Op) { VMULPS(b, a, d) })
	scalarOp(is, "scale", "dst[i] = a[i]·s", func(s, a, d Op) { VMULPS(a, s, d) })
	scalarOp(is, "addScalar", "dst[i] = a[i] + s", func(s, a, d Op) { VADDPS(a, s, d) })
	axpy(is)
	reduce(is, "max", "the largest element (NaN handling unspecified)", func(x, acc Op) { VMAXPS(x, acc, acc) })
	reduce(is, "sum", "the sum of the elements", func(x, acc Op) { VADDPS(x, acc, acc) })
	expShiftSum(is, true)
	expShiftSum(is, false)
	sumCols(is)
}
