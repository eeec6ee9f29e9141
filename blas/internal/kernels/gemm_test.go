package kernels

import (
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
