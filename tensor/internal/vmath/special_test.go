package vmath

import (
	"math"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

var (
	nan  = float32(math.NaN())
	pinf = float32(math.Inf(1))
	ninf = float32(math.Inf(-1))
)

// special is one input with the exact result every level must give
// (check == nil) or a check of the result.
type special struct {
	x, want float32
	check   func(got float32) bool
}

func same(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

// TestSpecials checks the specified behaviour at the edges: NaN, ±Inf,
// signed zeros, the overflow and underflow thresholds of exp, saturation of
// sigmoid and tanh. Each value fills a 37-element vector, so every lane of
// the vector kernels and the generic tail see it.
func TestSpecials(t *testing.T) {
	const lastFinite = 88.72283172607421875 // largest float32 with finite exp
	const firstInf = 88.72283935546875
	denorm := func(lo, hi float32) func(float32) bool {
		return func(g float32) bool { return g >= lo && g <= hi }
	}
	cases := []struct {
		name string
		f    func(dst, x []float32)
		vals []special
	}{
		{"Exp", Exp, []special{
			{x: nan, want: nan}, {x: pinf, want: pinf}, {x: ninf, want: 0},
			{x: 0, want: 1}, {x: float32(math.Copysign(0, -1)), want: 1},
			{x: firstInf, want: pinf}, {x: 100, want: pinf}, {x: math.MaxFloat32, want: pinf},
			{x: lastFinite, check: func(g float32) bool { return g > 3.4e38 && !math.IsInf(float64(g), 0) }},
			{x: -104, want: 0}, {x: -103.98, want: 0}, {x: -1000, want: 0}, {x: -math.MaxFloat32, want: 0},
			{x: -103.9, check: denorm(0x1p-149, 0x1p-148)}, // e^-103.9 ≈ 1.08·2^-150·... ≈ 1 denormal ulp
			{x: -100, check: denorm(3.6e-44, 3.8e-44)},     // gradual underflow
			{x: -87.5, check: denorm(0x1p-127, 0x1p-125)},
		}},
		{"Sigmoid", Sigmoid, []special{
			{x: nan, want: nan}, {x: pinf, want: 1}, {x: ninf, want: 0}, {x: 0, want: 0.5},
			{x: 1000, want: 1}, {x: 20, want: 1}, {x: -1000, want: 0},
			{x: -100, check: denorm(3.6e-44, 3.8e-44)}, // tiny, not 0, not NaN
			{x: -90, check: func(g float32) bool { return math.Abs(float64(g)/math.Exp(-90)-1) < 1e-6 }},
		}},
		{"Tanh", Tanh, []special{
			{x: nan, want: nan}, {x: pinf, want: 1}, {x: ninf, want: -1},
			{x: 0, want: 0}, {x: float32(math.Copysign(0, -1)), want: float32(math.Copysign(0, -1))},
			{x: 10, want: 1}, {x: -10, want: -1}, {x: 1e4, want: 1}, {x: -math.MaxFloat32, want: -1},
			{x: 1e-30, want: 1e-30}, {x: -0x1p-149, want: -0x1p-149},
		}},
		{"Relu", Relu, []special{
			{x: nan, want: nan}, {x: pinf, want: pinf}, {x: ninf, want: 0}, {x: -1, want: 0}, {x: 3, want: 3},
		}},
	}
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, c := range cases {
			for _, s := range c.vals {
				x := make([]float32, 37)
				for i := range x {
					x[i] = s.x
				}
				got := make([]float32, len(x))
				c.f(got, x)
				for i, g := range got {
					ok := same(g, s.want)
					if s.check != nil {
						ok = s.check(g)
					}
					if !ok {
						t.Errorf("%s(%g) = %g (lane %d), want %g", c.name, s.x, g, i, s.want)
						break
					}
				}
			}
		}
	})
}

// TestReluBackwardSpecials: ReLU'(0) = 0 and a NaN z passes nothing.
func TestReluBackwardSpecials(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, c := range []struct{ z, g, want float32 }{
			{0, 5, 0}, {float32(math.Copysign(0, -1)), 5, 0}, {nan, 5, 0}, {1e-45, 5, 5},
			{pinf, 2, 2}, {ninf, 2, 0}, {1, nan, nan},
		} {
			z, g, got := make([]float32, 37), make([]float32, 37), make([]float32, 37)
			for i := range z {
				z[i], g[i] = c.z, c.g
			}
			ReluBackward(got, z, g)
			for i, v := range got {
				if !same(v, c.want) {
					t.Errorf("ReluBackward(z=%g, g=%g) = %g (lane %d), want %g", c.z, c.g, v, i, c.want)
					break
				}
			}
		}
	})
}
