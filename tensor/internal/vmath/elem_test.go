package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// sizes: every length up to 2·16+1 (all tails of every vector width),
// around the loop edges, and large ones (testutil.Sizes; no unrolling).
func sizes() []int { return testutil.Sizes(16, 1) }

// buf returns a guarded buffer (testutil.NewGuarded) of n elements at
// offset off (0..15, breaking 64-byte alignment), filled with uniform
// values in [lo, hi).
func buf(r *rand.Rand, n, off int, lo, hi float32) (*testutil.Guarded, []float32) {
	g := testutil.NewGuarded(r, n, off)
	x := g.Data()
	for i := range x {
		x[i] = lo + (hi-lo)*r.Float32()
	}
	return g, x
}

// elemCase is one elementwise kernel with its reference and tolerance:
// |got − ref| ≤ tol(inputs, ref) with ref in float64.
type elemCase struct {
	name   string
	nin    int
	lo, hi float32
	run    func(dst []float32, in [][]float32)
	ref    func(in []float64) float64
	ulps   float64 // allowed error in float32 ulps of the reference (0: exact)
}

var elemCases = []elemCase{
	{"Exp", 1, -100, 88, func(d []float32, in [][]float32) { Exp(d, in[0]) }, func(v []float64) float64 { return math.Exp(v[0]) }, 2},
	{"Sigmoid", 1, -30, 30, func(d []float32, in [][]float32) { Sigmoid(d, in[0]) }, func(v []float64) float64 { return 1 / (1 + math.Exp(-v[0])) }, 3},
	{"Tanh", 1, -5, 5, func(d []float32, in [][]float32) { Tanh(d, in[0]) }, func(v []float64) float64 { return math.Tanh(v[0]) }, 3},
	{"Relu", 1, -1, 1, func(d []float32, in [][]float32) { Relu(d, in[0]) }, func(v []float64) float64 { return max(v[0], 0) }, 0},
	{"ReluBackward", 2, -1, 1, func(d []float32, in [][]float32) { ReluBackward(d, in[0], in[1]) },
		func(v []float64) float64 {
			if v[0] > 0 {
				return v[1]
			}
			return 0
		}, 0},
	// s(1−s) then ·g: 1−s, the product and ·g each round once (3 ulp).
	{"SigmoidBackward", 2, 0, 1, func(d []float32, in [][]float32) { SigmoidBackward(d, in[0], in[1]) },
		func(v []float64) float64 { return v[1] * v[0] * (1 - v[0]) }, 3},
	// 1−t² loses relative accuracy as t² → 1: the bound is in ulps of 1
	// (the operand scale), checked by tanhBackwardTol below.
	{"TanhBackward", 2, -1, 1, func(d []float32, in [][]float32) { TanhBackward(d, in[0], in[1]) },
		func(v []float64) float64 { return v[1] * (1 - v[0]*v[0]) }, -1},
	{"Add", 2, -1, 1, func(d []float32, in [][]float32) { Add(d, in[0], in[1]) }, func(v []float64) float64 { return v[0] + v[1] }, 0},
	{"Sub", 2, -1, 1, func(d []float32, in [][]float32) { Sub(d, in[0], in[1]) }, func(v []float64) float64 { return v[0] - v[1] }, 0},
	{"Mul", 2, -1, 1, func(d []float32, in [][]float32) { Mul(d, in[0], in[1]) }, func(v []float64) float64 { return v[0] * v[1] }, 0},
	{"Scale", 1, -1, 1, func(d []float32, in [][]float32) { Scale(d, in[0], -0.3) }, func(v []float64) float64 { return float64(float32(-0.3)) * v[0] }, 0},
	{"AddScalar", 1, -1, 1, func(d []float32, in [][]float32) { AddScalar(d, in[0], 0.7) }, func(v []float64) float64 { return v[0] + float64(float32(0.7)) }, 0},
}

// TestElementwise runs every kernel against its float64 reference at every
// level: all sizes, offsets 0..15, guards around dst, inputs unchanged, and
// dst aliasing the first input.
func TestElementwise(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, c := range elemCases {
			for _, n := range sizes() {
				for off := 0; off < 16; off += 1 + 4*(n/64) {
					for _, alias := range []bool{false, true} {
						name := fmt.Sprintf("%s/n=%d/off=%d/alias=%t", c.name, n, off, alias)
						checkElem(t, r, c, name, n, off, alias)
					}
				}
			}
		}
	})
}

func checkElem(t *testing.T, r *rand.Rand, c elemCase, name string, n, off int, alias bool) {
	t.Helper()
	ins := make([][]float32, c.nin)
	alls := make([]*testutil.Guarded, c.nin)
	for k := range ins {
		alls[k], ins[k] = buf(r, n, (off+3*k)%16, c.lo, c.hi)
	}
	saved := make([][]float32, c.nin)
	for k := range ins {
		saved[k] = append([]float32(nil), ins[k]...)
	}
	dall, dst := buf(r, n, off, c.lo, c.hi)
	if alias {
		dall, dst = alls[0], ins[0]
	}
	c.run(dst, ins)
	v := make([]float64, c.nin)
	for i := 0; i < n; i++ {
		for k := range v {
			v[k] = float64(saved[k][i])
		}
		want := c.ref(v)
		var bad bool
		switch {
		case c.ulps < 0: // TanhBackward: 3 roundings of values ≤ |g|
			bad = math.Abs(float64(dst[i])-want) > 3*testutil.Eps32*math.Abs(v[1])
		case c.ulps == 0:
			bad = dst[i] != float32(want)
		default:
			bad = ulpErr(dst[i], want) > c.ulps
		}
		if bad {
			t.Fatalf("%s: dst[%d] = %g, want %g (inputs %v)", name, i, dst[i], want, v)
		}
	}
	dall.Check(t, name+" dst")
	for k := range ins {
		if alias && k == 0 {
			continue
		}
		for i := range ins[k] {
			if math.Float32bits(ins[k][i]) != math.Float32bits(saved[k][i]) {
				t.Fatalf("%s: input %d changed at %d", name, k, i)
			}
		}
		alls[k].Check(t, fmt.Sprintf("%s input %d", name, k))
	}
}

// TestAxpy: dst += alpha·x is fused at the vector levels and not in Go, so
// the bound is one rounding of the sum plus one of the product: ε·(|dst|+|αx|)·2.
func TestAxpy(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range sizes() {
			for off := 0; off < 16; off += 5 {
				xall, x := buf(r, n, (off+7)%16, -1, 1)
				dall, d := buf(r, n, off, -1, 1)
				d0, x0 := append([]float32(nil), d...), append([]float32(nil), x...)
				const alpha = float32(-1.7)
				Axpy(d, alpha, x)
				for i := range d {
					want := float64(d0[i]) + float64(alpha)*float64(x0[i])
					tol := 2 * testutil.Eps32 * (math.Abs(float64(d0[i])) + math.Abs(float64(alpha)*float64(x0[i])))
					if math.Abs(float64(d[i])-want) > tol {
						t.Fatalf("n=%d off=%d: dst[%d] = %g, want %g ± %g", n, off, i, d[i], want, tol)
					}
				}
				dall.Check(t, "Axpy dst")
				xall.Check(t, "Axpy x")
				for i := range x {
					if x[i] != x0[i] {
						t.Fatalf("Axpy changed x[%d]", i)
					}
				}
			}
		}
	})
}
