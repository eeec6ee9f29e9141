package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/testutil"
)

// gemmRank1Case is one GemmRank1 call: m x n C at ldc = n + pad, x at
// stride incX, data starting off elements past a 64-byte boundary.
type gemmRank1Case struct {
	m, n, pad, incX int
	alpha, beta     float32
	off             int
	special         bool
}

func (c gemmRank1Case) String() string {
	return fmt.Sprintf("m=%d n=%d ldc=n+%d incX=%d alpha=%v beta=%v off=%d special=%v",
		c.m, c.n, c.pad, c.incX, c.alpha, c.beta, c.off, c.special)
}

// run checks GemmRank1 against float64 arithmetic. Each element is
// s*y + beta*c with s = alpha*x rounded to float32, one FMA and (beta != 1)
// a rounded beta*c: three roundings, so |error| <= 3u(|alpha x y| + |beta c|)
// plus second-order terms, inside SumTol(2, ...) = 4u(...). The padding of
// C holds NaN and must keep its bits (it is neither read nor written), as
// must x and y; beta == 0 starts from NaN in C, which must not survive.
func (c gemmRank1Case) run(t *testing.T, r *rand.Rand) {
	t.Helper()
	ldc := c.n + c.pad
	lenC, lenX := 0, 0
	if c.m > 0 {
		lenX = (c.m-1)*c.incX + 1
		if c.n > 0 {
			lenC = (c.m-1)*ldc + c.n
		}
	}
	x := testutil.NewGuarded(r, lenX, c.off)
	y := testutil.NewGuarded(r, c.n, (c.off+5)%16)
	cg := testutil.NewGuarded(r, lenC, (c.off+9)%16)
	cd := cg.Data()
	for i := range cd {
		if i%ldc >= c.n || c.beta == 0 {
			cd[i] = float32(math.NaN())
		}
	}
	if c.special {
		level1Specials(r, y.Data())
		if lenX > 0 {
			x.Data()[0] = 0 // 0 * Inf and 0 * NaN give NaN in row 0
		}
	}
	x0, y0, c0 := testutil.Clone(x.Data()), testutil.Clone(y.Data()), testutil.Clone(cd)
	GemmRank1(c.m, c.n, c.alpha, x.Data(), c.incX, y.Data(), c.beta, cd, ldc)
	var want, tol []float64
	var got []float32
	for i := 0; i < c.m; i++ {
		s := float64(float32(c.alpha * x0[i*c.incX]))
		for j := 0; j < c.n; j++ {
			p := s * float64(y0[j])
			w, abs := p, math.Abs(p)
			if c.beta != 0 {
				bc := float64(c.beta) * float64(c0[i*ldc+j])
				w += bc
				abs += math.Abs(bc)
			}
			want = append(want, w)
			tol = append(tol, testutil.SumTol(2, abs))
			got = append(got, cd[i*ldc+j])
		}
	}
	testutil.CheckClose(t, c.String(), got, want, tol)
	for i := range cd {
		if i%ldc >= c.n && math.Float32bits(cd[i]) != math.Float32bits(c0[i]) {
			t.Fatalf("%v: padding c[%d] changed to %v", c, i, cd[i])
		}
	}
	x.Check(t, c.String()+" x")
	y.Check(t, c.String()+" y")
	cg.Check(t, c.String()+" c")
	testutil.CheckUnchanged(t, c.String()+" x", x0, x.Data())
	testutil.CheckUnchanged(t, c.String()+" y", y0, y.Data())
}

// TestGemmRank1 covers every row length around the vector width and the
// unrolled pass (testutil.Sizes), a few row counts, strided x, padded C,
// every alignment class, beta in {0, 1, other}, and NaN/Inf in y.
func TestGemmRank1(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(11, 12))
		for _, n := range testutil.Sizes(16, rank1TestUnroll) {
			ms := []int{0, 1, 2, 3, 7}
			if n > 200 {
				ms = []int{1, 3}
			}
			for _, m := range ms {
				for _, beta := range []float32{0, 1, -0.5} {
					c := gemmRank1Case{m: m, n: n, incX: 1 + r.IntN(3), alpha: 1.5, beta: beta,
						off: r.IntN(16), special: r.IntN(4) == 0}
					if r.IntN(2) == 0 {
						c.pad = 1 + r.IntN(17)
					}
					if r.IntN(3) == 0 {
						c.alpha = -1
					}
					c.run(t, r)
				}
			}
		}
	})
}

// rank1TestUnroll is the vectors per pass of the rank-1 kernels' main loop.
const rank1TestUnroll = 4

// TestGemmRank1Chunks checks a C larger than one kernel call
// (gemmRank1Chunk elements): the rows split between calls must all be
// updated, with the right x element.
func TestGemmRank1Chunks(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		for _, n := range []int{100, gemmRank1Chunk + 3} {
			m := 2*gemmRank1Chunk/n + 3
			gemmRank1Case{m: m, n: n, pad: 2, incX: 2, alpha: 0.5, beta: 0.25, off: 3}.run(t, r)
		}
	})
}

func TestGemmRank1Allocs(t *testing.T) {
	x, y, c := make([]float32, 256), make([]float32, 784), make([]float32, 256*784)
	testutil.ForEachLevel(t, func(t *testing.T) {
		if n := testing.AllocsPerRun(10, func() {
			GemmRank1(256, 784, 1, x, 1, y, 0.5, c, 784)
		}); n != 0 {
			t.Errorf("GemmRank1 allocates %v times per call", n)
		}
	})
}

// TestGemmDotPlaceInvariant checks that the dot kernels give an element of
// C the same bits wherever it falls in the tile: the driver overlaps edge
// tiles, and a row of C must not depend on the number of rows in the
// product. Tiles at every row and column offset over 2·MR rows of A and
// 2·NR rows of B must agree on every (row of A, row of B) pair.
func TestGemmDotPlaceInvariant(t *testing.T) {
	for _, l := range cpu.Available() {
		mr, nr := GemmDotDims(l)
		if mr == 0 {
			continue
		}
		r := rand.New(rand.NewPCG(15, 16))
		for _, k := range []int{1, 3, 8, 13, 128, 301} {
			a, b := make([]float32, 2*mr*k), make([]float32, 2*nr*k)
			testutil.Fill(r, a)
			testutil.Fill(r, b)
			for _, beta := range []float32{0, 0.5} {
				seen := map[[2]int]uint32{}
				for di := 0; di <= mr; di++ {
					for dj := 0; dj <= nr; dj++ {
						c := make([]float32, mr*nr)
						for i := range c {
							c[i] = 0.25 // the same C for every placement
						}
						GemmDot(l, k, a[di*k:], k, b[dj*k:], k, c, nr, 1.5, beta)
						for i := 0; i < mr; i++ {
							for j := 0; j < nr; j++ {
								key, bits := [2]int{di + i, dj + j}, math.Float32bits(c[i*nr+j])
								if old, ok := seen[key]; ok && old != bits {
									t.Fatalf("%v k=%d beta=%g: A row %d · B row %d at tile place (%d, %d) = %v, elsewhere %v",
										l, k, beta, key[0], key[1], i, j, c[i*nr+j], math.Float32frombits(old))
								}
								seen[key] = bits
							}
						}
					}
				}
			}
		}
	}
}

// TestGemmSmall checks GemmSmall against GemmTile run tile by tile over
// the same product: the same bits for every element (the blocked path and
// the small path must agree, so that the choice between them never shows),
// for sizes around the 12-row panels and the 16- and 32-column tiles, A in
// both orientations, padded B and C, and beta 0 (C holding NaN), 1 and
// other. C's padding holds NaN and must keep its bits.
func TestGemmSmall(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmSmallOK(l) {
			continue
		}
		r := rand.New(rand.NewPCG(17, 18))
		sizes := []int{1, 2, 5, 11, 12, 13, 16, 17, 24, 25, 31, 32, 33, 47, 48, 49, 65}
		for it := 0; it < 400; it++ {
			m, n, k := sizes[r.IntN(len(sizes))], sizes[r.IntN(len(sizes))], 1+r.IntN(40)
			if it%4 == 0 { // the longer k blas sends here too (up to 256)
				k = []int{63, 64, 65, 127, 128, 129, 200, 255, 256}[r.IntN(9)]
			}
			beta := []float32{0, 1, -0.5}[r.IntN(3)]
			alpha := []float32{1.25, 1, -1}[r.IntN(3)] // 1 skips the multiply
			gemmSmallCheck(t, r, l, gemmSmallCase{m: m, n: n, k: k, trans: r.IntN(2) == 0, alpha: alpha, beta: beta})
		}
	}
}

// TestGemmSmallPipeline checks, as TestGemmSmall, every row count of up to
// three 12-row panels (halves of 1-6 rows, the 1-row panel) against column
// counts that mix the pipelined tiles (17-32 columns) with the others (at
// most 16), k around the 6 steps that store the pending half (k < 6 ends
// the loop before all are stored), and each epilogue (beta 0, 1, other;
// alpha 1, other).
func TestGemmSmallPipeline(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmSmallOK(l) {
			continue
		}
		r := rand.New(rand.NewPCG(19, 20))
		for m := 1; m <= 37; m++ {
			for _, n := range []int{16, 17, 31, 32, 33, 47, 48, 64, 65, 81} {
				for _, k := range []int{1, 2, 5, 6, 7, 8, 10} {
					beta := []float32{0, 1, -0.5}[(m+n+k)%3]
					alpha := []float32{1, 1, 1, 1.25}[(m+k)%4]
					gemmSmallCheck(t, r, l, gemmSmallCase{m: m, n: n, k: k, trans: (m+n)%2 == 0, alpha: alpha, beta: beta})
				}
			}
		}
	}
}

// TestGemmSmallSpecials checks NaN (with distinct payloads), Inf and signed
// zeros through each epilogue (beta == 1 adds c with VADDPS where GemmTile
// uses an FMA): GemmSmall must give GemmTile's bits, except that where both
// give NaN its payload may differ (the k loop's FMAs take a and b in another
// operand order than GemmTile's, so which of two NaNs survives is not fixed).
func TestGemmSmallSpecials(t *testing.T) {
	for _, l := range cpu.Available() {
		if !GemmSmallOK(l) {
			continue
		}
		r := rand.New(rand.NewPCG(21, 22))
		for _, beta := range []float32{1, -0.5, 0} {
			for _, alpha := range []float32{1, 1.25} {
				for _, m := range []int{7, 12, 25} {
					gemmSmallCheck(t, r, l, gemmSmallCase{m: m, n: 45, k: 9, trans: m%2 == 0, alpha: alpha, beta: beta, special: true})
				}
			}
		}
	}
}

// gemmSmallCase is one GemmSmall call of gemmSmallCheck.
type gemmSmallCase struct {
	m, n, k     int
	trans       bool // A stored k x m
	alpha, beta float32
	special     bool // NaN, Inf and zeros in A, B and C
}

// gemmSmallSpecial returns a special value: NaN with payload i, ±Inf or ±0.
func gemmSmallSpecial(r *rand.Rand) float32 {
	switch r.IntN(4) {
	case 0:
		return math.Float32frombits(0x7fc00000 | uint32(r.IntN(1<<20)) | uint32(r.IntN(2))<<31)
	case 1:
		return math.Float32frombits(0x7f800001 | uint32(r.IntN(1<<20))) // signalling
	case 2:
		return float32(math.Inf(1 - 2*r.IntN(2)))
	}
	return math.Float32frombits(uint32(r.IntN(2)) << 31)
}

// gemmSmallCheck runs one GemmSmall call and compares every element's bits
// with GemmTile's over the same product, and C's padding (NaN) with its
// bits before.
func gemmSmallCheck(t *testing.T, r *rand.Rand, l cpu.Level, c gemmSmallCase) {
	t.Helper()
	mr, nr := GemmDims(l)
	m, n, k := c.m, c.n, c.k
	lda := k + r.IntN(3)
	aRS, aCS := lda, 1
	if c.trans {
		lda = m + r.IntN(3)
		aRS, aCS = 1, lda
	}
	ldb, ldc := n+nr+r.IntN(3), n+r.IntN(3)
	a := make([]float32, (m+mr)*max(lda, k+1)+mr*lda) // room for GemmTile's whole tiles
	b := make([]float32, (k+1)*ldb)
	testutil.Fill(r, a)
	testutil.Fill(r, b)
	c0 := make([]float32, m*ldc)
	testutil.Fill(r, c0)
	if c.special {
		for _, x := range [][]float32{a, b, c0} {
			for range len(x) / 16 {
				x[r.IntN(len(x))] = gemmSmallSpecial(r)
			}
		}
	}
	for i := range c0 {
		if c.beta == 0 || i%ldc >= n {
			c0[i] = float32(math.NaN())
		}
	}
	want := testutil.Clone(c0)
	for i0 := 0; i0 < m; i0 += mr {
		for j0 := 0; j0 < n; j0 += nr {
			GemmTile(l, k, a[i0*aRS:], aRS, aCS, b[j0:], ldb, want[i0*ldc+j0:], ldc,
				min(mr, m-i0), min(nr, n-j0), c.alpha, c.beta)
		}
	}
	got := testutil.Clone(c0)
	GemmSmall(l, m, n, k, a, aRS, aCS, b, ldb, got, ldc, c.alpha, c.beta)
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(c.special && got[i] != got[i] && want[i] != want[i]) {
			t.Fatalf("%v m=%d n=%d k=%d trans=%v alpha=%g beta=%g special=%v: c[%d,%d] = %v (%#x), GemmTile gives %v (%#x)",
				l, m, n, k, c.trans, c.alpha, c.beta, c.special, i/ldc, i%ldc, got[i], math.Float32bits(got[i]),
				want[i], math.Float32bits(want[i]))
		}
	}
}
