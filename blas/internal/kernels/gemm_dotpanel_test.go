package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/testutil"
)

// TestGemmDotPanel checks GemmDotPanel against GemmDot run tile by tile:
// the same bits for every element of C, for k around the 8-lane loop, its
// 16-element unrolling and its masked tail, 1 to 5 groups of rows by 1 to 3
// columns of tiles, 0 to 4 skipped columns per tile (left as they were),
// padded rows of A, B and C, and beta 0 (C holding NaN, which must not
// survive), 1 and other. C's padding holds a
// sentinel that must keep its bits, and A and B must be left unchanged.
func TestGemmDotPanel(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmHasDotPanel(l) {
			continue
		}
		mr, nr := GemmDotDims(l)
		r := rand.New(rand.NewPCG(19, 20))
		for _, k := range []int{0, 1, 7, 8, 9, 16, 31, 128, 133, 784} {
			for groups := 1; groups <= 5; groups++ {
				for cols := 1; cols <= 3; cols++ {
					for _, pad := range []int{0, 3} {
						for _, beta := range []float32{0, 1, -0.75} {
							skip := (k + groups + cols + pad) % nr
							gemmDotPanelCase(t, r, l, mr, nr, k, groups, cols, pad, skip, beta)
						}
					}
				}
			}
		}
	}
}

func gemmDotPanelCase(t *testing.T, r *rand.Rand, l cpu.Level, mr, nr, k, groups, cols, pad, skip int, beta float32) {
	t.Helper()
	m, n := groups*mr, cols*nr
	a, b, want, lda, ldb, ldc := gemmDotPanelOperands(r, m, n, k, pad, m+1, n+1, beta)
	a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
	got, orig := append([]float32(nil), want...), append([]float32(nil), want...)
	for h := 0; h < cols; h++ {
		for g := 0; g < groups; g++ {
			GemmDot(l, k, a[g*mr*lda:], lda, b[h*nr*ldb:], ldb, want[g*mr*ldc+h*nr:], ldc, 1.25, beta)
		}
	}
	for i := range want {
		if j := i % ldc; j < n && j%nr < skip {
			want[i] = orig[i] // not written
		}
	}
	GemmDotPanel(l, groups, cols, k, a, lda, b, ldb, got, ldc, 1.25, beta, skip)
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) || math.IsNaN(float64(got[i])) && i%ldc%nr >= skip {
			t.Fatalf("%v k=%d groups=%d cols=%d pad=%d skip=%d beta=%g: c[%d] = %v, want %v",
				l, k, groups, cols, pad, skip, beta, i, got[i], want[i])
		}
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(a0[i]) {
			t.Fatalf("%v k=%d groups=%d: a[%d] changed", l, k, groups, i)
		}
	}
	for i := range b {
		if math.Float32bits(b[i]) != math.Float32bits(b0[i]) {
			t.Fatalf("%v k=%d groups=%d: b[%d] changed", l, k, groups, i)
		}
	}
}

// TestGemmDotPanelTiles checks GemmDotPanelTiles against GemmDot: every
// element of every tile shape gets the bits GemmDot gives it (computed as
// element (0, 0) of a GemmDot tile, A and B padded with rows for the tile),
// for k around the loop unrolling and the masked tail, 1 to 4 groups by 1
// to 3 columns of tiles, every rowSkip and skip (skipped rows and columns
// left as they were), padded rows, beta 0 (C holding NaN), 1 and other;
// C's padding and A and B keep their bits.
func TestGemmDotPanelTiles(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmHasDotTiles(l) {
			continue
		}
		r := rand.New(rand.NewPCG(21, 22))
		for _, tile := range [][2]int{{3, 4}, {2, 4}, {2, 5}} {
			mr, nr := tile[0], tile[1]
			for _, k := range []int{0, 1, 7, 8, 9, 16, 23, 31, 128, 133, 784} {
				for groups := 1; groups <= 4; groups++ {
					for cols := 1; cols <= 3; cols++ {
						for _, pad := range []int{0, 3} {
							for bi, beta := range []float32{0, 1, -0.75} {
								skip := (k + groups + cols + pad) % nr
								if nr == 5 {
									skip = 0
								}
								rowSkip := (k + 2*groups + cols + bi) % mr
								gemmDotPanelTilesCase(t, r, l, mr, nr, k, groups, cols, pad, skip, rowSkip, beta)
							}
						}
					}
				}
			}
		}
	}
}

func gemmDotPanelTilesCase(t *testing.T, r *rand.Rand, l cpu.Level, mr, nr, k, groups, cols, pad, skip, rowSkip int, beta float32) {
	t.Helper()
	dmr, dnr := GemmDotDims(l)
	m, n := groups*mr, cols*nr
	a, b, want, lda, ldb, ldc := gemmDotPanelOperands(r, m, n, k, pad, m+dmr, n+dnr, beta)
	a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
	got := append([]float32(nil), want...)
	written := func(i, j int) bool { return j < n && i%mr >= rowSkip && j%nr >= skip }
	tile := make([]float32, dmr*dnr)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if written(i, j) {
				tile[0] = want[i*ldc+j]
				GemmDot(l, k, a[i*lda:], lda, b[j*ldb:], ldb, tile, dnr, 1.25, beta)
				want[i*ldc+j] = tile[0]
			}
		}
	}
	GemmDotPanelTiles(l, mr, nr, groups, cols, k, a[:m*lda], lda, b[:n*ldb], ldb, got, ldc, 1.25, beta, skip, rowSkip)
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) || math.IsNaN(float64(got[i])) && written(i/ldc, i%ldc) {
			t.Fatalf("%v %dx%d k=%d groups=%d cols=%d pad=%d skip=%d rowSkip=%d beta=%g: c[%d] = %v, want %v",
				l, mr, nr, k, groups, cols, pad, skip, rowSkip, beta, i, got[i], want[i])
		}
	}
	testutil.CheckUnchanged(t, "a", a0, a)
	testutil.CheckUnchanged(t, "b", b0, b)
}

// TestGemmDotPanelTilesNaive checks every tile shape of GemmDotPanelTiles
// against a float64 loop within testutil.SumTol(k, Σ|alpha·a·b|) plus the
// rounding of alpha·s + beta·c (|beta·c|·2ε): k = 0..2·8+1 and around the
// 16-element unrolling, A and B starting at offsets 1..3 into their slices
// (unaligned), NaN and ±Inf planted in A and B in some cases (the reference
// then gives the exact NaN or infinity), C's padding and the elements
// beyond C (guards) keeping their bits.
func TestGemmDotPanelTilesNaive(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmHasDotTiles(l) {
			continue
		}
		r := rand.New(rand.NewPCG(23, 24))
		for _, tile := range [][2]int{{3, 4}, {2, 4}, {2, 5}} {
			mr, nr := tile[0], tile[1]
			for k := 0; k <= 40; k++ {
				if k > 17 && k%8 != 0 && k%8 != 7 && k%8 != 1 {
					continue
				}
				for special := 0; special < 3; special++ {
					for _, beta := range []float32{0, -0.5} {
						gemmDotTilesNaiveCase(t, r, l, mr, nr, k, special, beta)
					}
				}
			}
		}
	}
}

func gemmDotTilesNaiveCase(t *testing.T, r *rand.Rand, l cpu.Level, mr, nr, k, special int, beta float32) {
	t.Helper()
	const groups, cols, alpha, guards = 2, 2, 0.75, 7
	m, n := groups*mr, cols*nr
	off := 1 + k%3
	lda, ldb, ldc := k+1, k+2, n+3
	a := make([]float32, off+m*lda)
	b := make([]float32, off+n*ldb)
	testutil.Fill(r, a)
	testutil.Fill(r, b)
	if special > 0 && k > 0 {
		bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
		a[off+(special%m)*lda+k/2] = bad[(k+special)%3]
		b[off+((special*3)%n)*ldb+k-1] = bad[(k+2*special)%3]
	}
	c := make([]float32, m*ldc+guards)
	for i := range c {
		c[i] = float32(i%7) - 2.5
	}
	c0 := append([]float32(nil), c...)
	GemmDotPanelTiles(l, mr, nr, groups, cols, k, a[off:], lda, b[off:], ldb, c, ldc, alpha, beta, 0, 0)
	for i := 0; i < m; i++ {
		for j := 0; j < ldc; j++ {
			got := c[i*ldc+j]
			if j >= n {
				if math.Float32bits(got) != math.Float32bits(c0[i*ldc+j]) {
					t.Fatalf("%v %dx%d k=%d: padding c[%d,%d] changed", l, mr, nr, k, i, j)
				}
				continue
			}
			s, abs := testutil.DotRef(k, a[off+i*lda:], 1, b[off+j*ldb:], 1)
			cb := float64(beta) * float64(c0[i*ldc+j])
			if beta == 0 {
				cb = 0
			}
			want := alpha*s + cb
			tol := testutil.SumTol(k, alpha*abs) + 2*testutil.Eps32*math.Abs(cb)
			if !testutil.Close(got, want, tol) {
				t.Fatalf("%v %dx%d k=%d special=%d beta=%g: c[%d,%d] = %v, want %v ± %.3g",
					l, mr, nr, k, special, beta, i, j, got, want, tol)
			}
		}
	}
	for i := m * ldc; i < len(c); i++ {
		if math.Float32bits(c[i]) != math.Float32bits(c0[i]) {
			t.Fatalf("%v %dx%d k=%d: guard c[%d] changed", l, mr, nr, k, i)
		}
	}
}

// gemmDotPanelOperands returns the operands of a panel case: A with aRows
// rows of k (lda = k+pad) and B with bRows rows (ldb = k+2*pad), filled
// from r, and an m x n C (ldc = n+pad) holding NaN where beta == 0 must not
// read it, random values otherwise, and a -Inf sentinel in its padding.
func gemmDotPanelOperands(r *rand.Rand, m, n, k, pad, aRows, bRows int, beta float32) (a, b, c []float32, lda, ldb, ldc int) {
	lda, ldb, ldc = k+pad, k+2*pad, n+pad
	a, b = make([]float32, aRows*lda), make([]float32, bRows*ldb)
	testutil.Fill(r, a)
	testutil.Fill(r, b)
	c = make([]float32, m*ldc)
	for i := range c {
		switch {
		case i%ldc >= n:
			c[i] = float32(math.Inf(-1))
		case beta == 0:
			c[i] = float32(math.NaN())
		default:
			c[i] = float32(r.NormFloat64())
		}
	}
	return a, b, c, lda, ldb, ldc
}
