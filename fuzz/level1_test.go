package fuzz

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
	"github.com/simdml/simdml/internal/testutil"
)

// Level-1 sizes: mostly below 140 (covers 0..2·16+1 and every unroll edge of
// 8 AVX-512 vectors), sometimes up to 4140.
const (
	l1Small = 140
	l1Max   = 4140
)

// FuzzSaxpy checks y += alpha·x elementwise: per element at most two
// roundings, |err| <= 2u·(|alpha·x| + |y|) + 2^-149; alpha == 0 or n == 0
// leaves y bit for bit unchanged; gaps between strided elements are never
// written; x is unchanged.
func FuzzSaxpy(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDecoder(data)
		n := d.size(l1Small, l1Max)
		alpha := d.scalar()
		incX, incY := d.inc(false), d.inc(false)
		flags := d.byte()
		d.startData()
		x0, y0 := makeVec(d, n, incX), makeVec(d, n, incY)
		var ar guard.Arena
		defer ar.Free()
		x := guarded(&ar, x0, side(flags&1 != 0))
		y := guarded(&ar, y0, side(flags&2 != 0))
		eachLevel(t, func(l cpu.Level) {
			copy(y, y0)
			call(t, l, &ar, fmt.Sprintf("Saxpy(n=%d, alpha=%v, incX=%d, incY=%d)", n, alpha, incX, incY), func() { blas.Saxpy(n, alpha, x, incX, y, incY) })
			checkUnchanged(t, l, "x", x, x0)
			if n > 0 && alpha != 0 {
				for i := 0; i < n; i++ {
					ix, iy := vecIndex(i, n, incX), vecIndex(i, n, incY)
					xv, yv := float64(x0[ix]), float64(y0[iy])
					ref := yv + float64(alpha)*xv
					ax, ay := finiteAbs(float64(alpha)*xv), finiteAbs(yv)
					if ax+ay > safeMax {
						continue // may overflow float32: no value check
					}
					if got := y[iy]; !testutil.Close(got, ref, 2*unitRoundoff*(ax+ay)+subnormalULP) {
						t.Fatalf("%v: Saxpy(n=%d, alpha=%v, incX=%d, incY=%d): y[%d] (element %d) = %s, want %v (x=%v, y=%v)",
							l, n, alpha, incX, incY, iy, i, fmtF(got), ref, x0[ix], y0[iy])
					}
				}
			}
			for j := range y {
				if alpha != 0 && isElem(j, n, incY) {
					continue // checked by value above
				}
				if math.Float32bits(y[j]) != math.Float32bits(y0[j]) {
					t.Fatalf("%v: Saxpy(n=%d, alpha=%v, incX=%d, incY=%d): y[%d] = %s must not change (was %s)",
						l, n, alpha, incX, incY, j, fmtF(y[j]), fmtF(y0[j]))
				}
			}
		})
	})
}

// finiteAbs returns |v|, or 0 for ±Inf and NaN.
func finiteAbs(v float64) float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0
	}
	return math.Abs(v)
}

// isElem reports whether slice index j holds an element of an n-vector at
// increment inc (rather than a gap).
func isElem(j, n, inc int) bool {
	if inc < 0 {
		inc = -inc
	}
	return j%inc == 0 && j/inc < n
}

// FuzzSdot checks Σ x·y against float64 under sumBound(n); x and y unchanged.
func FuzzSdot(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDecoder(data)
		n := d.size(l1Small, l1Max)
		incX, incY := d.inc(false), d.inc(false)
		flags := d.byte()
		d.startData()
		x0, y0 := makeVec(d, n, incX), makeVec(d, n, incY)
		var ar guard.Arena
		defer ar.Free()
		x := guarded(&ar, x0, side(flags&1 != 0))
		y := guarded(&ar, y0, side(flags&2 != 0))
		sx, sy := newSpan(), newSpan()
		var ref, mag float64
		for i := 0; i < n; i++ {
			xv, yv := x0[vecIndex(i, n, incX)], y0[vecIndex(i, n, incY)]
			sx.add(xv)
			sy.add(yv)
			p := float64(xv) * float64(yv)
			ref += p
			if !math.IsInf(p, 0) && !math.IsNaN(p) {
				mag += math.Abs(p)
			}
		}
		check := sumCheckable(n, 1, 0, sx, sy, newSpan())
		eachLevel(t, func(l cpu.Level) {
			var got float32
			call(t, l, &ar, fmt.Sprintf("Sdot(n=%d, incX=%d, incY=%d)", n, incX, incY), func() { got = blas.Sdot(n, x, incX, y, incY) })
			checkUnchanged(t, l, "x", x, x0)
			checkUnchanged(t, l, "y", y, y0)
			if check && !testutil.Close(got, ref, sumBound(n, 1, mag)) {
				t.Fatalf("%v: Sdot(n=%d, incX=%d, incY=%d) = %s, want %v ± %g",
					l, n, incX, incY, fmtF(got), ref, sumBound(n, 1, mag))
			}
		})
	})
}

// FuzzSscal checks x *= alpha exactly (one rounding of an exact product);
// with alpha == 0 a kernel may also store zero for a NaN or Inf element.
// Gaps between strided elements are never written.
func FuzzSscal(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDecoder(data)
		n := d.size(l1Small, l1Max)
		alpha := d.scalar()
		incX := d.inc(true)
		flags := d.byte()
		d.startData()
		x0 := makeVec(d, n, incX)
		var ar guard.Arena
		defer ar.Free()
		x := guarded(&ar, x0, side(flags&1 != 0))
		eachLevel(t, func(l cpu.Level) {
			copy(x, x0)
			call(t, l, &ar, fmt.Sprintf("Sscal(n=%d, alpha=%v, incX=%d)", n, alpha, incX), func() { blas.Sscal(n, alpha, x, incX) })
			for j := range x {
				if !isElem(j, n, incX) {
					if math.Float32bits(x[j]) != math.Float32bits(x0[j]) {
						t.Fatalf("%v: Sscal(n=%d, alpha=%v, incX=%d): gap x[%d] = %s, was %s",
							l, n, alpha, incX, j, fmtF(x[j]), fmtF(x0[j]))
					}
					continue
				}
				want := x0[j] * alpha // float32 multiply of float32s: exactly rounded
				got := x[j]
				ok := got == want || got != got && want != want || alpha == 0 && got == 0
				if !ok {
					t.Fatalf("%v: Sscal(n=%d, alpha=%v, incX=%d): x[%d] = %s, want %s (x was %s)",
						l, n, alpha, incX, j, fmtF(got), fmtF(want), fmtF(x0[j]))
				}
			}
		})
	})
}
