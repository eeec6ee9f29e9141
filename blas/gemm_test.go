package blas

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// gemmGuard fills padding between rows of C and the elements after it; it
// must survive every call unchanged.
const gemmGuard = float32(-7.25e5)

// gemmEachLevel runs f once for every kernel level this process can run, and
// fails if the CPU has a level that is missing without SIMDML_KERNEL.
func gemmEachLevel(t *testing.T, f func(t *testing.T, l cpu.Level)) {
	t.Helper()
	if !cpu.Capped() && len(cpu.Available()) != len(cpu.Hardware()) {
		t.Fatalf("levels %v available, hardware has %v", cpu.Available(), cpu.Hardware())
	}
	for _, l := range cpu.Available() {
		restore, err := cpu.Set(l)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(l.String(), func(t *testing.T) { f(t, l) })
		restore()
	}
}

// gemmRand returns a rows x ld matrix (plus tail guard elements) with
// values in [-1, 1) in the rows x cols part and guards in the padding.
func gemmRand(r *rand.Rand, rows, cols, ld, tail int) []float32 {
	x := make([]float32, max(0, (rows-1)*ld+cols)+tail)
	for i := range x {
		x[i] = gemmGuard
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			x[i*ld+j] = float32(r.Float64()*2 - 1)
		}
	}
	return x
}

type gemmCaseSpec struct {
	tA, tB      Transpose
	m, n, k     int
	alpha, beta float32
	pad         int  // added to every leading dimension
	nanC        bool // C starts as NaN (with beta == 0 it must not survive)
}

func (s gemmCaseSpec) String() string {
	return fmt.Sprintf("%c%c/m=%d/n=%d/k=%d/alpha=%g/beta=%g/pad=%d/nan=%v",
		s.tA, s.tB, s.m, s.n, s.k, s.alpha, s.beta, s.pad, s.nanC)
}

// gemmCheck runs Sgemm on random data shaped by s and checks C against a
// float64 triple loop. Error bound: the kernel sums k products (with or
// without FMA), scales by alpha, and adds beta*C once per KC block of k, so
// each element suffers at most n = 2k+5 roundings of relative size
// u = 2^-24 on terms bounded by |alpha·a·b| and |beta·c|:
//
//	|c - ref| <= γ_n·(Σ_p |alpha·a_ip·b_pj| + |beta·c_ij|),  γ_n = n·u/(1-n·u)
//
// plus the smallest normal float32 for underflow.
func gemmCheck(t *testing.T, r *rand.Rand, s gemmCaseSpec) {
	t.Helper()
	ar, ac := s.m, s.k
	if s.tA == Trans {
		ar, ac = s.k, s.m
	}
	br, bc := s.k, s.n
	if s.tB == Trans {
		br, bc = s.n, s.k
	}
	lda, ldb, ldc := max(1, ac)+s.pad, max(1, bc)+s.pad, max(1, s.n)+s.pad
	const tail = 7
	a := gemmRand(r, ar, ac, lda, tail)
	b := gemmRand(r, br, bc, ldb, tail)
	c := gemmRand(r, s.m, s.n, ldc, tail)
	if s.nanC {
		for i := 0; i < s.m; i++ {
			for j := 0; j < s.n; j++ {
				c[i*ldc+j] = float32(math.NaN())
			}
		}
	}
	a0, b0, c0 := append([]float32(nil), a...), append([]float32(nil), b...), append([]float32(nil), c...)
	Sgemm(s.tA, s.tB, s.m, s.n, s.k, s.alpha, a, lda, b, ldb, s.beta, c, ldc)
	if !gemmSameBits(a, a0) || !gemmSameBits(b, b0) {
		t.Fatalf("%v: A or B changed", s)
	}
	at := func(i, p int) float64 {
		if s.tA == Trans {
			return float64(a[p*lda+i])
		}
		return float64(a[i*lda+p])
	}
	bt := func(p, j int) float64 {
		if s.tB == Trans {
			return float64(b[j*ldb+p])
		}
		return float64(b[p*ldb+j])
	}
	const u = 1.0 / (1 << 24)
	nr := float64(2*s.k+5) * u
	gamma := nr / (1 - nr)
	for idx := range c {
		i, j := idx/ldc, idx%ldc
		if i >= s.m || j >= s.n {
			if math.Float32bits(c[idx]) != math.Float32bits(c0[idx]) {
				t.Fatalf("%v: guard at index %d (row %d col %d) changed to %g", s, idx, i, j, c[idx])
			}
			continue
		}
		var ref, mag float64
		alpha, beta := float64(s.alpha), float64(s.beta)
		if s.alpha != 0 {
			for p := 0; p < s.k; p++ {
				v := alpha * at(i, p) * bt(p, j)
				ref += v
				mag += math.Abs(v)
			}
		}
		if s.beta != 0 {
			ref += beta * float64(c0[idx])
			mag += math.Abs(beta * float64(c0[idx]))
		}
		got := float64(c[idx])
		if bound := gamma*mag + 0x1p-126; !(math.Abs(got-ref) <= bound) {
			t.Fatalf("%v: c[%d,%d] = %g, want %g ± %g", s, i, j, got, ref, bound)
		}
	}
}

func gemmSameBits(x, y []float32) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float32bits(x[i]) != math.Float32bits(y[i]) {
			return false
		}
	}
	return true
}

var gemmTrans = [][2]Transpose{{NoTrans, NoTrans}, {NoTrans, Trans}, {Trans, NoTrans}, {Trans, Trans}}

// gemmEdgeSizes returns sizes around the micro-tile edge w: 0, 1, w-1, w,
// w+1, 2w+1.
func gemmEdgeSizes(w int) []int {
	return []int{0, 1, 2, w - 1, w, w + 1, 2*w + 1}
}

func TestSgemmSmallAllArgs(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(1))
		bl := gemmBlocks[l]
		for _, tr := range gemmTrans {
			for _, m := range gemmEdgeSizes(bl.mr) {
				for _, n := range gemmEdgeSizes(bl.nr) {
					for _, k := range []int{0, 1, 3, 17} {
						for _, alpha := range []float32{0, 1, -1, 0.37} {
							for _, beta := range []float32{0, 1, -1.5} {
								for _, pad := range []int{0, 3} {
									s := gemmCaseSpec{tr[0], tr[1], m, n, k, alpha, beta, pad, beta == 0 && pad == 3}
									gemmCheck(t, r, s)
								}
							}
						}
					}
				}
			}
		}
	})
}

func TestSgemmBlockEdges(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(2))
		bl := gemmBlocks[l]
		type mnk struct{ m, n, k int }
		shapes := []mnk{
			{bl.mr + 1, bl.nr + 1, bl.kc - 1}, {bl.mr*3 - 1, bl.nr*2 + 3, bl.kc},
			{bl.mr + 3, bl.nr*3 + 1, bl.kc + 1}, {2, 3, 2*bl.kc + 5},
			{4*bl.mr - 1, 4*bl.nr - 1, 33}, {4 * bl.mr, 4 * bl.nr, gemmDirectTransAMaxK + 1},
			{4*bl.mr + 5, 4*bl.nr + 7, bl.kc + 3},
			{bl.mr*20 + 1, bl.nr + 1, 9}, {bl.mr*41 + 7, 2*bl.nr + 1, 5},
			{4*bl.mr + 1, bl.nc + 1, 5}, {3, bl.nc + bl.nr + 1, 4},
			{100, 131, 257}, {1, 300, 70}, {250, 1, 70},
			{bl.mc + bl.mr + 1, 4*bl.nr + 3, 70}, {2*bl.mc + 7, 4 * bl.nr, bl.kc + 9}, // gemmRunOuter's MC edges
			{4 * bl.mr, bl.nc + bl.nr + 1, 70}, // and its NC edge
		}
		defer func() { gemmForcePacking = nil }()
		for _, force := range []*[2]bool{nil, {false, false}, {true, false}, {false, true}, {true, true}} {
			gemmForcePacking = force
			for _, sh := range shapes {
				for _, tr := range gemmTrans {
					for _, ab := range [][2]float32{{1, 0}, {-0.75, 1.25}} {
						s := gemmCaseSpec{tr[0], tr[1], sh.m, sh.n, sh.k, ab[0], ab[1], 2, ab[1] == 0}
						gemmCheck(t, r, s)
					}
				}
			}
		}
	})
}

func TestSgemmAlphaZeroIgnoresNaNInputs(t *testing.T) {
	a := []float32{float32(math.NaN()), float32(math.Inf(1)), 1, 2}
	c := []float32{1, 2, 3, 4}
	Sgemm(NoTrans, NoTrans, 2, 2, 2, 0, a, 2, a, 2, 2, c, 2)
	if want := []float32{2, 4, 6, 8}; !gemmSameBits(c, want) {
		t.Fatalf("alpha = 0: C = %v, want %v", c, want)
	}
	c = []float32{float32(math.NaN()), 2, 3, 4}
	Sgemm(NoTrans, NoTrans, 2, 2, 0, 1, nil, 1, nil, 2, 0, c, 2)
	if want := []float32{0, 0, 0, 0}; !gemmSameBits(c, want) {
		t.Fatalf("k = 0, beta = 0: C = %v, want %v", c, want)
	}
}

func TestSgemmPanics(t *testing.T) {
	s := make([]float32, 100)
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"tA", func() { Sgemm('X', NoTrans, 2, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "blas: Sgemm: tA = 'X'"},
		{"tB", func() { Sgemm(NoTrans, 'c', 2, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "blas: Sgemm: tB = 'c'"},
		{"m<0", func() { Sgemm(NoTrans, NoTrans, -1, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "blas: Sgemm: negative size m = -1"},
		{"k<0", func() { Sgemm(NoTrans, NoTrans, 1, 2, -2, 1, s, 2, s, 2, 0, s, 2) }, "k = -2"},
		{"lda", func() { Sgemm(NoTrans, NoTrans, 2, 2, 3, 1, s, 2, s, 3, 0, s, 2) }, "blas: Sgemm: lda = 2 < max(1, 3)"},
		{"ldaT", func() { Sgemm(Trans, NoTrans, 4, 2, 3, 1, s, 3, s, 2, 0, s, 2) }, "blas: Sgemm: lda = 3 < max(1, 4)"},
		{"ldb", func() { Sgemm(NoTrans, Trans, 2, 2, 3, 1, s, 3, s, 2, 0, s, 2) }, "blas: Sgemm: ldb = 2 < max(1, 3)"},
		{"ldc", func() { Sgemm(NoTrans, NoTrans, 2, 5, 3, 1, s, 3, s, 5, 0, s, 4) }, "blas: Sgemm: ldc = 4 < max(1, 5)"},
		{"lenA", func() { Sgemm(NoTrans, NoTrans, 3, 2, 3, 1, s[:8], 3, s, 2, 0, s, 2) }, "blas: Sgemm: len(a) = 8, need 9 for 3 x 3 with lda = 3"},
		{"lenB", func() { Sgemm(NoTrans, NoTrans, 2, 2, 3, 1, s, 3, s[:5], 2, 0, s, 2) }, "blas: Sgemm: len(b) = 5, need 6"},
		{"lenC", func() { Sgemm(NoTrans, NoTrans, 2, 2, 3, 1, s, 3, s, 2, 0, s[:4], 3) }, "blas: Sgemm: len(c) = 4, need 5"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, tc.want) {
					t.Fatalf("panic %q, want it to contain %q", msg, tc.want)
				}
			}()
			tc.f()
		})
	}
}

// TestSgemmDotPath covers the small-m path of op(A)·Bᵀ: m and n around the
// dot tile and below it (and m, n with several scratch strips of edge
// columns), k around the vector widths, both orientations of A.
func TestSgemmDotPath(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(7))
		for _, tA := range []Transpose{NoTrans, Trans} {
			for _, m := range []int{2, 3, 4, 5, 7, 9, gemmDotMaxM - 1, gemmDotMaxM, gemmDotMaxM + 1, 70} {
				for _, n := range []int{2, 3, 4, 5, 7, 33, 128} {
					for _, k := range []int{1, 7, 8, 15, 16, 17, 100} {
						for _, beta := range []float32{0, 0.5} {
							gemmCheck(t, r, gemmCaseSpec{tA, Trans, m, n, k, -1.25, beta, 1, beta == 0})
						}
					}
				}
			}
		}
	})
}

// TestSgemmNarrow covers products no wider than a level's narrow tile (and
// just wider), every transpose pair.
func TestSgemmNarrow(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(8))
		for _, tr := range gemmTrans {
			for _, m := range []int{2, 13, 25, 70} {
				for n := 2; n <= 17; n++ {
					for _, k := range []int{1, 20} {
						gemmCheck(t, r, gemmCaseSpec{tr[0], tr[1], m, n, k, 0.5, 0.25, 1, false})
					}
				}
			}
		}
	})
}

// TestSgemmRowsIndependentOfM checks that, for m >= 2, a row of C has the
// same bits whatever the number of rows in the call, in the network-sized
// range where no path choice depends on m (see gemmUseDot): evaluating a
// batch in chunks gives the bits of the whole batch.
func TestSgemmRowsIndependentOfM(t *testing.T) {
	gemmEachLevel(t, func(t *testing.T, l cpu.Level) {
		r := rand.New(rand.NewSource(9))
		const m, n, k = 90, 130, 300
		for _, tr := range gemmTrans {
			a, lda, b, ldb, c0 := gemmOperands(r, tr[0], tr[1], m, n, k)
			want := append([]float32(nil), c0...)
			Sgemm(tr[0], tr[1], m, n, k, 0.75, a, lda, b, ldb, 0.5, want, n)
			for _, chunk := range []int{2, 5, 17, 49, 60} {
				c := append([]float32(nil), c0...)
				for i0 := 0; i0 < m; i0 += chunk {
					rows := min(chunk, m-i0)
					if rows < 2 {
						i0 -= 2 - rows // keep every call at m >= 2
						rows = 2
						copy(c[i0*n:], c0[i0*n:(i0+rows)*n])
					}
					Sgemm(tr[0], tr[1], rows, n, k, 0.75, gemmAt(a, tr[0], lda, i0, 0), lda, b, ldb, 0.5, c[i0*n:], n)
				}
				if !gemmSameBits(c, want) {
					t.Fatalf("%c%c: chunks of %d rows give other bits than one call", tr[0], tr[1], chunk)
				}
			}
		}
	})
}
