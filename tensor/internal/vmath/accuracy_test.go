package vmath

import (
	"flag"
	"math"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// ulpErr returns |got − want| in float32 ulps of want (the spacing of
// float32 numbers at want's magnitude; 2^−149 in the denormal range).
// got must be finite; an exact match, including ±Inf, is 0.
func ulpErr(got float32, want float64) float64 {
	w32 := float32(want) // correctly rounded
	if got == w32 || math.IsNaN(float64(got)) && math.IsNaN(want) {
		return 0
	}
	if math.IsInf(float64(got), 0) || math.IsInf(float64(w32), 0) || math.IsNaN(float64(got)) {
		return math.Inf(1)
	}
	a := math.Abs(want)
	ulp := math.Ldexp(1, -149)
	if a >= 0x1p-126 {
		_, e := math.Frexp(a) // a = f·2^e, f in [0.5, 1)
		ulp = math.Ldexp(1, e-24)
	}
	return math.Abs(float64(got)-want) / ulp
}

// sweep calls f on successive chunks of every stride-th float32 (by bit
// pattern) in [lo, hi] (lo < 0 < hi), hi included, in ascending order.
func sweep(lo, hi float32, stride uint32, f func(xs []float32)) {
	const chunk = 1 << 16
	xs := make([]float32, 0, chunk)
	flush := func() {
		f(xs)
		xs = xs[:0]
	}
	// Negative values from lo up to −0, then positive ones from +0 to hi.
	for b := math.Float32bits(lo); b > 1<<31; b -= min(stride, b-1<<31) {
		if xs = append(xs, math.Float32frombits(b)); len(xs) == chunk {
			flush()
		}
	}
	for b := uint32(0); b < math.Float32bits(hi); b += stride {
		if xs = append(xs, math.Float32frombits(b)); len(xs) == chunk {
			flush()
		}
	}
	xs = append(xs, hi)
	flush()
}

type accCase struct {
	name   string
	f      func(dst, x []float32)
	ref    func(float64) float64
	lo, hi float32
	bound  float64 // ulps
}

// The bounds (in float32 ulps of the exact result) are what the design
// allows: exp's polynomial is within 0.05 ulp, its Cody-Waite reduction
// and Horner steps add about 1 ulp; sigmoid adds the rounding of 1+e and a
// division (≤ 1 ulp more), tanh the roundings of 1−e, 1+e and a division.
var accCases = []accCase{
	{"Exp", Exp, math.Exp, -104, 89, 2},
	{"Sigmoid", Sigmoid, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, -104, 104, 3},
	{"Tanh", Tanh, math.Tanh, -10, 10, 3},
}

var accStride = flag.Uint("vmath.stride", 97, "TestAccuracy checks every `n`th float32 (1: all of them, minutes per level)")

// TestAccuracy measures each function's maximum error against float64 over
// a dense sweep of the float32 range that matters (every 97th float32 by bit
// pattern, about 23 million points per function; every 1009th with -short;
// -vmath.stride=1 for all of them), at every level, and logs it.
func TestAccuracy(t *testing.T) {
	stride := uint32(*accStride)
	if testing.Short() {
		stride = max(stride, 1009)
	}
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, c := range accCases {
			worst, at, points := 0.0, float32(0), 0
			got := make([]float32, 1<<16)
			sweep(c.lo, c.hi, stride, func(xs []float32) {
				got := got[:len(xs)]
				c.f(got, xs)
				for i, x := range xs {
					if e := ulpErr(got[i], c.ref(float64(x))); e > worst {
						worst, at = e, x
					}
				}
				points += len(xs)
			})
			t.Logf("%-7s max error %.3f ulp at x = %g (%d points in [%g, %g], stride %d)", c.name, worst, at, points, c.lo, c.hi, stride)
			if worst > c.bound {
				t.Errorf("%s: max error %.3f ulp at x = %g (%08x), bound %g", c.name, worst, at, math.Float32bits(at), c.bound)
			}
		}
	})
}
