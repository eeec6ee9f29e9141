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

// Sgemv sizes: mostly below 70 per dimension (2·32+1 and unroll edges),
// sometimes up to 770, with m·n <= 1<<17 so one exec stays around a millisecond.
const (
	gemvSmall = 70
	gemvMax   = 770
	gemvWork  = 1 << 17
)

// shrink halves the largest of dims until their product is at most limit.
func shrink(limit int, dims ...*int) {
	for {
		p, big := 1, dims[0]
		for _, d := range dims {
			p *= *d
			if *d > *big {
				big = d
			}
		}
		if p <= limit {
			return
		}
		*big /= 2
	}
}

// FuzzSgemv checks y = alpha·op(A)·x + beta·y for every element under
// sumBound (see oracle_test.go) with reference-BLAS semantics: m == 0 or
// n == 0 leaves y unchanged; beta == 0 never reads y (it may hold NaN);
// alpha == 0 never reads A or x. A (with its padding) and x are unchanged,
// and so are the gaps of a strided y.
func FuzzSgemv(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDecoder(data)
		flags := d.byte()
		tA := blas.NoTrans
		if flags&1 != 0 {
			tA = blas.Trans
		}
		m, n := d.size(gemvSmall, gemvMax), d.size(gemvSmall, gemvMax)
		shrink(gemvWork, &m, &n)
		alpha, beta := d.scalar(), d.scalar()
		lda := max(1, n) + d.pad()
		incX, incY := d.inc(false), d.inc(false)
		d.startData()
		lenX, lenY := n, m
		if tA == blas.Trans {
			lenX, lenY = m, n
		}
		a0 := makeMat(d, m, n, lda)
		x0, y0 := makeVec(d, lenX, incX), makeVec(d, lenY, incY)
		if beta == 0 && flags&32 != 0 {
			for i := 0; i < lenY; i++ {
				y0[vecIndex(i, lenY, incY)] = float32(math.NaN())
			}
		}
		var ar guard.Arena
		defer ar.Free()
		a := guarded(&ar, a0, side(flags&2 != 0))
		x := guarded(&ar, x0, side(flags&4 != 0))
		y := guarded(&ar, y0, side(flags&8 != 0))

		want, bound, check := gemvRef(tA, m, n, alpha, a0, lda, x0, incX, beta, y0, incY)
		eachLevel(t, func(l cpu.Level) {
			copy(y, y0)
			call(t, l, &ar, fmt.Sprintf("Sgemv(%c, m=%d, n=%d, alpha=%v, lda=%d, incX=%d, beta=%v, incY=%d)", tA, m, n, alpha, lda, incX, beta, incY), func() { blas.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY) })
			checkUnchanged(t, l, "a", a, a0)
			checkUnchanged(t, l, "x", x, x0)
			for j := range y {
				if m == 0 || n == 0 || !isElem(j, lenY, incY) {
					if math.Float32bits(y[j]) != math.Float32bits(y0[j]) {
						t.Fatalf("%v: Sgemv(%c, m=%d, n=%d, alpha=%v, lda=%d, incX=%d, beta=%v, incY=%d): y[%d] = %s must not change (was %s)",
							l, tA, m, n, alpha, lda, incX, beta, incY, j, fmtF(y[j]), fmtF(y0[j]))
					}
				}
			}
			if tA == blas.NoTrans && incX == 1 && incY == 1 {
				sgemvBiasSameBits(t, l, &ar, m, n, a, lda, x, y0, flags&16 != 0)
			}
			if m == 0 || n == 0 || !check {
				return
			}
			for i := 0; i < lenY; i++ {
				iy := vecIndex(i, lenY, incY)
				if !testutil.Close(y[iy], want[i], bound[i]) {
					t.Fatalf("%v: Sgemv(%c, m=%d, n=%d, alpha=%v, lda=%d, incX=%d, beta=%v, incY=%d): y[%d] (element %d) = %s, want %v ± %g (y was %s)",
						l, tA, m, n, alpha, lda, incX, beta, incY, iy, i, fmtF(y[iy]), want[i], bound[i], fmtF(y0[iy]))
				}
			}
		})
	})
}

// gemvRef returns the float64 reference for each element of y, its error
// bound, and whether the values can be checked at all (sumCheckable).
func gemvRef(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int,
	x []float32, incX int, beta float32, y []float32, incY int) (want, bound []float64, check bool) {
	lenX, lenY := n, m
	if tA == blas.Trans {
		lenX, lenY = m, n
	}
	sa, sx, sy := newSpan(), newSpan(), newSpan()
	if alpha != 0 {
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				sa.add(a[i*lda+j])
			}
		}
		for i := 0; i < lenX; i++ {
			sx.add(x[vecIndex(i, lenX, incX)])
		}
	}
	if beta != 0 {
		for i := 0; i < lenY; i++ {
			sy.add(y[vecIndex(i, lenY, incY)])
		}
	}
	check = sumCheckable(lenX, alpha, beta, sa, sx, sy)
	want, bound = make([]float64, lenY), make([]float64, lenY)
	for i := 0; i < lenY; i++ {
		var s, mag, slack float64
		if alpha != 0 {
			for j := 0; j < lenX; j++ {
				var av float32
				if tA == blas.Trans {
					av = a[j*lda+i]
				} else {
					av = a[i*lda+j]
				}
				xv := x[vecIndex(j, lenX, incX)]
				p := float64(av) * float64(xv)
				s += p
				mag += finiteAbs(p)
				slack += prescaleSlack(alpha, av, xv)
			}
			s *= float64(alpha)
			mag *= math.Abs(float64(alpha))
		}
		if beta != 0 {
			c := float64(beta) * float64(y[vecIndex(i, lenY, incY)])
			s += c
			mag += finiteAbs(c)
		}
		want[i], bound[i] = s, sumBound(lenX, float64(alpha), mag)+slack
	}
	return want, bound, check
}

// sgemvBiasSameBits checks that SgemvBias with the bias b0 (in a guarded
// slice apart from y, and as y itself) gives the bits of copy(y, b0),
// Sgemv(NoTrans, alpha = beta = 1) and, if relu, y[i] = 0 where y[i] < 0.
func sgemvBiasSameBits(t *testing.T, l cpu.Level, ar *guard.Arena, m, n int, a []float32, lda int, x, b0 []float32, relu bool) {
	t.Helper()
	want := append([]float32(nil), b0...)
	if m > 0 && n > 0 {
		blas.Sgemv(blas.NoTrans, m, n, 1, a, lda, x, 1, 1, want, 1)
	}
	for i, v := range want {
		if relu && v < 0 {
			want[i] = 0
		}
	}
	b := guarded(ar, b0, guard.After)
	y := guarded(ar, make([]float32, len(b0)), guard.Before)
	desc := fmt.Sprintf("SgemvBias(m=%d, n=%d, lda=%d, relu=%v)", m, n, lda, relu)
	for _, same := range []bool{false, true} {
		bias := b
		if same {
			copy(y, b0)
			bias = y
		}
		call(t, l, ar, desc, func() { blas.SgemvBias(m, n, a, lda, x, bias, y, relu) })
		for i := range want {
			if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%v: %s same=%v: y[%d] = %s, copy+Sgemv+ReLU gives %s", l, desc, same, i, fmtF(y[i]), fmtF(want[i]))
			}
		}
	}
	checkUnchanged(t, l, "b", b, b0)
}
