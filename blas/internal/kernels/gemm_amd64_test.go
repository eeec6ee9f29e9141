//go:build !purego

package kernels

import (
	"fmt"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

type gemmAsmKernel func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32)

var gemmCandidates = []struct {
	name   string
	level  cpu.Level
	mr, nr int
	f      gemmAsmKernel
}{
	{"6x16AVX2", cpu.AVX2, 6, 16, gemmFull6x16AVX2},
	{"12x32AVX512", cpu.AVX512, 12, 32, gemmFull12x32AVX512},
	{"12x16AVX512", cpu.AVX512, 12, 16, gemmFull12x16AVX512},
	{"6x16AVX2Pack", cpu.AVX2, 6, 16, gemmFull6x16AVX2Pack},
	{"12x32AVX512Pack", cpu.AVX512, 12, 32, gemmFull12x32AVX512Pack},
	{"6x16AVX2PackA", cpu.AVX2, 6, 16, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
		ap := make([]float32, kc*6+1)
		gemmKernel6x16AVX2PackA(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta, &ap[0])
	}},
	{"12x32AVX512PackA", cpu.AVX512, 12, 32, func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
		ap := make([]float32, kc*12+1)
		gemmKernel12x32AVX512PackA(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 32, alpha, beta, &ap[0])
	}},
}

// gemmFull6x16AVX2Pack is the AVX2 packing kernel, packing into a scratch
// panel (TestGemmTilePackB checks the panel).
func gemmFull6x16AVX2Pack(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
	bp := make([]float32, kc*16+1)
	gemmKernel6x16AVX2Pack(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta, &bp[0])
}

// gemmFull12x32AVX512Pack is the AVX-512 packing kernel, packing into a
// scratch panel.
func gemmFull12x32AVX512Pack(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
	bp := make([]float32, kc*32+1)
	gemmKernel12x32AVX512Pack(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 32, alpha, beta, &bp[0])
}

// gemmFull12x16AVX512 is the narrow masked AVX-512 kernel on a whole tile.
func gemmFull12x16AVX512(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
	gemmKernel12x16AVX512(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 16, alpha, beta)
}

// gemmFull6x16AVX2 is the AVX2 kernel on a whole tile.
func gemmFull6x16AVX2(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
	gemmKernel6x16AVX2(kc, a, aRS, aCS, b, bCS, c, ldc, 6, alpha, beta)
}

// gemmFull12x32AVX512 is the masked AVX-512 kernel on a whole tile.
func gemmFull12x32AVX512(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32) {
	gemmKernel12x32AVX512(kc, a, aRS, aCS, b, bCS, c, ldc, 12, 32, alpha, beta)
}

// TestGemmCandidates checks every generated tile kernel against the generic kernel's definition in float64, with
// each A layout and both beta paths.
func TestGemmCandidates(t *testing.T) {
	for _, k := range gemmCandidates {
		if !cpu.Has(k.level) {
			continue
		}
		for _, kc := range []int{0, 1, 2, 3, 4, 5, 7, 8, 64, 67} {
			for _, beta := range []float32{0, 1.5} {
				for _, layout := range []string{"kmajor", "kmajor/packedB", "rows", "rows/packedB"} {
					aRS, aCS := 1, k.mr
					if !strings.HasPrefix(layout, "kmajor") {
						aRS, aCS = kc+3, 1
					}
					a := make([]float32, k.mr*(kc+3)+k.mr)
					for i := range a {
						a[i] = float32(i%13) - 6
					}
					bCS := k.nr + 5
					if strings.HasSuffix(layout, "packedB") { // the kernels' unrolled loops
						bCS = k.nr
					}
					b := make([]float32, (kc+1)*bCS)
					for i := range b {
						b[i] = float32(i%7) - 3
					}
					ldc := k.nr + 2
					c := make([]float32, k.mr*ldc)
					for i := range c {
						c[i] = float32(i % 5)
					}
					c0 := append([]float32(nil), c...)
					k.f(kc, &a[0], aRS, aCS, &b[0], bCS, &c[0], ldc, 0.5, beta)
					for i := 0; i < k.mr; i++ {
						for j := 0; j < ldc; j++ {
							want := c0[i*ldc+j]
							if j < k.nr {
								var s float64
								for p := 0; p < kc; p++ {
									s += float64(a[i*aRS+p*aCS]) * float64(b[p*bCS+j])
								}
								want = float32(0.5*s + float64(beta)*float64(c0[i*ldc+j]))
							}
							if c[i*ldc+j] != want {
								t.Fatalf("%s kc=%d beta=%g %s: c[%d,%d] = %g, want %g", k.name, kc, beta, layout, i, j, c[i*ldc+j], want)
							}
						}
					}
				}
			}
		}
	}
}

// BenchmarkGemmKernel measures each micro-kernel on L1/L2-resident packed
// panels, the inner loop of the blocked path.
func BenchmarkGemmKernel(b *testing.B) {
	for _, k := range gemmCandidates {
		if !cpu.Has(k.level) {
			continue
		}
		for _, kc := range []int{128, 256, 384} {
			b.Run(fmt.Sprintf("k=%s/kc=%d", k.name, kc), func(b *testing.B) {
				const tiles = 8 // distinct A panels, as in the ir loop
				a := make([]float32, tiles*k.mr*kc)
				bp := make([]float32, kc*k.nr)
				c := make([]float32, tiles*k.mr*k.nr)
				for i := range a {
					a[i] = 1
				}
				b.ResetTimer()
				for it := 0; it < b.N; it++ {
					for t := 0; t < tiles; t++ {
						k.f(kc, &a[t*k.mr*kc], 1, k.mr, &bp[0], k.nr, &c[t*k.mr*k.nr], k.nr, 1, 1)
					}
				}
				flops := 2.0 * float64(k.mr*k.nr*kc*tiles) * float64(b.N)
				b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}

// TestGemmDot checks the small-m dot kernels against float64 sums for k
// around the vector width (full chunks and every tail length) and both beta
// paths, with guards beside the C tile.
func TestGemmDot(t *testing.T) {
	for _, l := range cpu.Available() {
		mr, nr := GemmDotDims(l)
		if mr == 0 {
			continue
		}
		for k := 0; k <= 40; k++ {
			for _, beta := range []float32{0, -0.5} {
				lda, ldb, ldc := k+1, k+2, nr+3
				a := make([]float32, mr*lda+1)
				b := make([]float32, nr*ldb+1)
				for i := range a {
					a[i] = float32(i%11) - 5
				}
				for i := range b {
					b[i] = float32(i%9) - 4
				}
				c := make([]float32, mr*ldc)
				for i := range c {
					c[i] = float32(i%7) + 0.5
				}
				c0 := append([]float32(nil), c...)
				GemmDot(l, k, a, lda, b, ldb, c, ldc, 0.75, beta)
				for i := 0; i < mr; i++ {
					for j := 0; j < ldc; j++ {
						want := c0[i*ldc+j]
						if j < nr {
							var s float64
							for p := 0; p < k; p++ {
								s += float64(a[i*lda+p]) * float64(b[j*ldb+p])
							}
							want = float32(0.75*s + float64(beta)*float64(want))
						}
						if c[i*ldc+j] != want {
							t.Fatalf("%v k=%d beta=%g: c[%d,%d] = %g, want %g", l, k, beta, i, j, c[i*ldc+j], want)
						}
					}
				}
			}
		}
	}
}

// BenchmarkGemmCorner times the masked AVX-512 kernel on corners of its
// tile with a short kc, where the epilogue dominates.
func BenchmarkGemmCorner(b *testing.B) {
	if !cpu.Has(cpu.AVX512) {
		b.Skip("no AVX-512")
	}
	for _, rc := range [][2]int{{12, 32}, {12, 16}, {4, 16}, {12, 31}, {12, 20}} {
		for _, beta := range []float32{0, 0.5} {
			b.Run(fmt.Sprintf("rows=%d/cols=%d/beta=%g", rc[0], rc[1], beta), func(b *testing.B) {
				const kc = 16
				a := make([]float32, 12*kc)
				bp := make([]float32, kc*32)
				c := make([]float32, 12*32)
				for it := 0; it < b.N; it++ {
					gemmKernel12x32AVX512(kc, &a[0], 1, 12, &bp[0], 32, &c[0], 32, rc[0], rc[1], 1, beta)
				}
			})
		}
	}
}
