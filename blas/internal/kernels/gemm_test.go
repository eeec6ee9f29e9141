package kernels

import (
	"math"
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// TestGemmTileCorners checks GemmTile on every corner size of the tile at
// every level: the corner matches the full tile's bits, and nothing outside
// it is touched (masked stores, or the scratch-tile path).
func TestGemmTileCorners(t *testing.T) {
	for _, l := range cpu.Available() {
		mr, nr := GemmDims(l)
		const kc = 9
		a := make([]float32, mr*kc)
		b := make([]float32, kc*nr)
		for i := range a {
			a[i] = float32(i%13)*0.25 - 1
		}
		for i := range b {
			b[i] = float32(i%7)*0.5 - 1.5
		}
		ldc := nr + 2
		c0 := make([]float32, (mr+1)*ldc)
		for i := range c0 {
			c0[i] = float32(i%5) - 2
		}
		for _, beta := range []float32{0, 0.5} {
			full := append([]float32(nil), c0...)
			GemmTile(l, kc, a, 1, mr, b, nr, full, ldc, mr, nr, 1.5, beta)
			for rows := 1; rows <= mr; rows++ {
				for cols := 1; cols <= nr; cols++ {
					c := append([]float32(nil), c0...)
					GemmTile(l, kc, a, 1, mr, b, nr, c, ldc, rows, cols, 1.5, beta)
					for i := range c {
						want := c0[i]
						if i/ldc < rows && i%ldc < cols {
							want = full[i]
						}
						if c[i] != want {
							t.Fatalf("%v %dx%d beta=%g: c[%d] = %g, want %g", l, rows, cols, beta, i, c[i], want)
						}
					}
				}
			}
		}
	}
}

// TestGemmTilePackB checks, at every level with a packing kernel, that
// GemmTilePackB gives the tile GemmTile gives (the same bits, random
// operands, A as rows and k-major, B at a padded stride) and copies exactly
// kc rows of NR floats of B into the panel, leaving the float after it.
func TestGemmTilePackB(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	for _, l := range cpu.Available() {
		if !GemmPacksB(l) {
			continue
		}
		mr, nr := GemmDims(l)
		for _, kc := range []int{1, 2, 3, 4, 5, 17, 64, 129} {
			for _, kMajor := range []bool{false, true} {
				for _, beta := range []float32{0, 0.75} {
					aRS, aCS := kc+1, 1
					if kMajor {
						aRS, aCS = 1, mr
					}
					a := gemmTestRand(r, mr*(kc+1))
					bCS := nr + 7
					b := gemmTestRand(r, kc*bCS)
					ldc := nr + 3
					c0 := gemmTestRand(r, mr*ldc)
					want := append([]float32(nil), c0...)
					GemmTile(l, kc, a, aRS, aCS, b, bCS, want, ldc, mr, nr, 1.25, beta)
					got := append([]float32(nil), c0...)
					bp := make([]float32, kc*nr+1)
					bp[kc*nr] = 42
					GemmTilePackB(l, kc, a, aRS, aCS, b, bCS, got, ldc, 1.25, beta, bp)
					for i := range got {
						if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%v kc=%d kMajor=%v beta=%g: c[%d] = %g, GemmTile gives %g", l, kc, kMajor, beta, i, got[i], want[i])
						}
					}
					for p := 0; p < kc; p++ {
						for j := 0; j < nr; j++ {
							if bp[p*nr+j] != b[p*bCS+j] {
								t.Fatalf("%v kc=%d: bp[%d*%d+%d] = %g, want b's %g", l, kc, p, nr, j, bp[p*nr+j], b[p*bCS+j])
							}
						}
					}
					if bp[kc*nr] != 42 {
						t.Fatalf("%v kc=%d: the float after the panel was overwritten", l, kc)
					}
				}
			}
		}
	}
}

// TestGemmTilePackA checks, at every level with packing kernels, that
// GemmTilePackA gives GemmTile's bits for A as rows and k-major, copies the
// MR x kc block of A into a k-major panel, and that GemmTile on that panel
// (the other tiles of the row-panel) gives the same bits again.
func TestGemmTilePackA(t *testing.T) {
	r := rand.New(rand.NewSource(10))
	for _, l := range cpu.Available() {
		if !GemmPacksB(l) {
			continue
		}
		mr, nr := GemmDims(l)
		gemmCheckPackA(t, r, l, []int{1, 2, 3, 4, 5, 17, 64, 129}, GemmTilePackA,
			func(i, p, kc int) int { return p*mr + i },
			func(kc int, ap, b, c []float32, ldc int, beta float32) {
				GemmTile(l, kc, ap, 1, mr, b, nr, c, ldc, mr, nr, 1.25, beta)
			})
	}
}

// gemmPackAFunc is the signature of GemmTilePackA and GemmTilePackARows.
type gemmPackAFunc func(l cpu.Level, kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32, ap []float32)

// gemmCheckPackA checks pack at level l for every kc in kcs, A as rows and
// k-major, beta 0 and 0.75: that it gives GemmTile's bits, copies element
// (i, p) of the MR x kc block of A to ap[apAt(i, p, kc)] without writing
// past kc*MR floats, and that again, computing the tile from ap alone,
// gives the same bits.
func gemmCheckPackA(t *testing.T, r *rand.Rand, l cpu.Level, kcs []int, pack gemmPackAFunc,
	apAt func(i, p, kc int) int, again func(kc int, ap, b, c []float32, ldc int, beta float32)) {
	t.Helper()
	mr, nr := GemmDims(l)
	for _, kc := range kcs {
		for _, kMajor := range []bool{false, true} {
			for _, beta := range []float32{0, 0.75} {
				aRS, aCS := kc+1, 1
				if kMajor {
					aRS, aCS = 1, mr+3
				}
				a := gemmTestRand(r, (mr+3)*(kc+1))
				b := gemmTestRand(r, kc*nr)
				ldc := nr + 3
				c0 := gemmTestRand(r, mr*ldc)
				want := append([]float32(nil), c0...)
				GemmTile(l, kc, a, aRS, aCS, b, nr, want, ldc, mr, nr, 1.25, beta)
				got := append([]float32(nil), c0...)
				ap := make([]float32, kc*mr+1)
				ap[kc*mr] = 42
				pack(l, kc, a, aRS, aCS, b, nr, got, ldc, 1.25, beta, ap)
				fromAp := append([]float32(nil), c0...)
				again(kc, ap, b, fromAp, ldc, beta)
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) ||
						math.Float32bits(fromAp[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%v kc=%d kMajor=%v beta=%g: c[%d] = %g, from the panel %g, GemmTile gives %g",
							l, kc, kMajor, beta, i, got[i], fromAp[i], want[i])
					}
				}
				for i := 0; i < mr; i++ {
					for p := 0; p < kc; p++ {
						if k := apAt(i, p, kc); ap[k] != a[i*aRS+p*aCS] {
							t.Fatalf("%v kc=%d kMajor=%v: ap[%d] = %g, want a(%d, %d) = %g", l, kc, kMajor, k, ap[k], i, p, a[i*aRS+p*aCS])
						}
					}
				}
				if ap[kc*mr] != 42 {
					t.Fatalf("%v kc=%d: the float after the panel was overwritten", l, kc)
				}
			}
		}
	}
}

func gemmTestRand(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(r.Float64()*2 - 1)
	}
	return x
}
