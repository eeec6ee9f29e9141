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
	lda, ldb, ldc := k+pad, k+2*pad, n+pad
	a, b := make([]float32, m*lda+1), make([]float32, n*ldb+1)
	testutil.Fill(r, a)
	testutil.Fill(r, b)
	a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
	want, got := make([]float32, m*ldc), make([]float32, m*ldc)
	sentinel := float32(math.Inf(-1))
	for i := range want {
		switch {
		case i%ldc >= n:
			want[i] = sentinel
		case beta == 0:
			want[i] = float32(math.NaN())
		default:
			want[i] = float32(r.NormFloat64())
		}
	}
	copy(got, want)
	orig := append([]float32(nil), want...)
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
	lda, ldb, ldc := k+pad, k+2*pad, n+pad
	a, b := make([]float32, (m+dmr)*lda), make([]float32, (n+dnr)*ldb)
	testutil.Fill(r, a)
	testutil.Fill(r, b)
	a0, b0 := append([]float32(nil), a...), append([]float32(nil), b...)
	want, got := make([]float32, m*ldc), make([]float32, m*ldc)
	sentinel := float32(math.Inf(-1))
	for i := range want {
		switch {
		case i%ldc >= n:
			want[i] = sentinel
		case beta == 0:
			want[i] = float32(math.NaN())
		default:
			want[i] = float32(r.NormFloat64())
		}
	}
	copy(got, want)
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
