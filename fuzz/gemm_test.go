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

// Sgemm sizes: mostly below 48 per dimension (around every micro-tile edge),
// sometimes up to 1100 (across the cache blocks, KC = 512 on this machine,
// and past 2·64³ flops, where two workers share the product), with m·n·k
// <= 1<<22: twice the small-product path's work bound, so products just
// above it reach its calls of whole row panels (blas/gemm_small.go), and
// one exec (float64 reference plus every level) stays within about ten
// milliseconds.
const (
	gemmSmall = 48
	gemmMax   = 1100
	gemmWork  = 1 << 22
)

// FuzzSgemm checks C = alpha·op(A)·op(B) + beta·C for every element under
// sumBound(k) (see oracle_test.go) with reference-BLAS semantics: beta == 0
// never reads C (it may hold NaN), alpha == 0 or k == 0 never reads A or B
// and scales C by beta, m == 0 or n == 0 does nothing. A and B (with their
// padding) are unchanged, and so is the padding between rows of C.
func FuzzSgemm(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		d := newDecoder(data)
		flags := d.byte()
		tA, tB := blas.NoTrans, blas.NoTrans
		if flags&1 != 0 {
			tA = blas.Trans
		}
		if flags&2 != 0 {
			tB = blas.Trans
		}
		m, n, k := d.size(gemmSmall, gemmMax), d.size(gemmSmall, gemmMax), d.size(gemmSmall, gemmMax)
		shrink(gemmWork, &m, &n, &k)
		alpha, beta := d.scalar(), d.scalar()
		ar, ac := m, k
		if tA == blas.Trans {
			ar, ac = k, m
		}
		br, bc := k, n
		if tB == blas.Trans {
			br, bc = n, k
		}
		lda, ldb, ldc := max(1, ac)+d.pad(), max(1, bc)+d.pad(), max(1, n)+d.pad()
		if flags&64 != 0 {
			// Rows a multiple of 4 KiB apart: the blocked path then packs
			// operands it would read in place (gemmPacking), through the
			// kernels that pack while they compute.
			lda, ldb = (lda+1023)/1024*1024, (ldb+1023)/1024*1024
		}
		d.startData()
		a0, b0, c0 := makeMat(d, ar, ac, lda), makeMat(d, br, bc, ldb), makeMat(d, m, n, ldc)
		if beta == 0 && flags&32 != 0 {
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					c0[i*ldc+j] = float32(math.NaN())
				}
			}
		}
		var arena guard.Arena
		defer arena.Free()
		a := guarded(&arena, a0, side(flags&4 != 0))
		b := guarded(&arena, b0, side(flags&8 != 0))
		c := guarded(&arena, c0, side(flags&16 != 0))

		want, bound, check := gemmRef(tA, tB, m, n, k, alpha, a0, lda, b0, ldb, beta, c0, ldc)
		eachLevel(t, func(l cpu.Level) {
			copy(c, c0)
			call(t, l, &arena, fmt.Sprintf("Sgemm(%c, %c, m=%d, n=%d, k=%d, alpha=%v, lda=%d, ldb=%d, beta=%v, ldc=%d)", tA, tB, m, n, k, alpha, lda, ldb, beta, ldc), func() { blas.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) })
			checkUnchanged(t, l, "a", a, a0)
			checkUnchanged(t, l, "b", b, b0)
			for j := range c {
				if m == 0 || n == 0 || j%ldc >= n {
					if math.Float32bits(c[j]) != math.Float32bits(c0[j]) {
						t.Fatalf("%v: Sgemm(%c, %c, m=%d, n=%d, k=%d, alpha=%v, lda=%d, ldb=%d, beta=%v, ldc=%d): c[%d] = %s must not change (was %s)",
							l, tA, tB, m, n, k, alpha, lda, ldb, beta, ldc, j, fmtF(c[j]), fmtF(c0[j]))
					}
				}
			}
			if !check {
				return
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					got, w, e := c[i*ldc+j], want[i*n+j], bound[i*n+j]
					if !testutil.Close(got, w, e) {
						t.Fatalf("%v: Sgemm(%c, %c, m=%d, n=%d, k=%d, alpha=%v, lda=%d, ldb=%d, beta=%v, ldc=%d): c[%d,%d] = %s, want %v ± %g (c was %s)",
							l, tA, tB, m, n, k, alpha, lda, ldb, beta, ldc, i, j, fmtF(got), w, e, fmtF(c0[i*ldc+j]))
					}
				}
			}
		})
	})
}

// gemmRef returns the float64 reference for each element of C (m x n,
// dense), its error bound, and whether values can be checked at all.
func gemmRef(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) (want, bound []float64, check bool) {
	opA := func(i, p int) float32 {
		if tA == blas.Trans {
			return a[p*lda+i]
		}
		return a[i*lda+p]
	}
	opB := func(p, j int) float32 {
		if tB == blas.Trans {
			return b[j*ldb+p]
		}
		return b[p*ldb+j]
	}
	useAB := alpha != 0 && k > 0
	sa, sb, sc := newSpan(), newSpan(), newSpan()
	for i := 0; i < m && useAB; i++ {
		for p := 0; p < k; p++ {
			sa.add(opA(i, p))
		}
	}
	for p := 0; p < k && useAB; p++ {
		for j := 0; j < n; j++ {
			sb.add(opB(p, j))
		}
	}
	for i := 0; i < m && beta != 0; i++ {
		for j := 0; j < n; j++ {
			sc.add(c[i*ldc+j])
		}
	}
	check = !useAB || sumCheckable(k, alpha, beta, sa, sb, sc)
	if !useAB {
		check = sumCheckable(0, 0, beta, sa, sb, sc)
	}
	ea := float64(alpha) // alpha as far as the result depends on it
	if !useAB {
		ea = 0
	}
	want, bound = make([]float64, m*n), make([]float64, m*n)
	row := make([]float64, k)
	for i := 0; i < m; i++ {
		for p := 0; p < k && useAB; p++ {
			row[p] = float64(opA(i, p))
		}
		for j := 0; j < n; j++ {
			var s, mag, slack float64
			if useAB {
				for p := 0; p < k; p++ {
					bv := opB(p, j)
					q := row[p] * float64(bv)
					s += q
					mag += finiteAbs(q)
					slack += prescaleSlack(alpha, float32(row[p]), bv) // the rank-1 path scales A
				}
				s *= float64(alpha)
				mag *= math.Abs(float64(alpha))
			}
			if beta != 0 {
				q := float64(beta) * float64(c[i*ldc+j])
				s += q
				mag += finiteAbs(q)
			}
			want[i*n+j], bound[i*n+j] = s, sumBound(k, ea, mag)+slack
		}
	}
	return want, bound, check
}
