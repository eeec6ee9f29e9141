package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// gemvDims returns the row and column counts to test: every size up to
// 2*16+1 in both (rows block by 4, columns by vectors of 8 or 16 and
// passes of 2 vectors), sizes around the GemvT chunk of 8*16 columns, and
// the network's shapes.
func gemvDims() []int {
	d := []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129}
	if testing.Short() {
		return d
	}
	for n := 10; n <= 2*16+1; n++ {
		if n != 15 && n != 16 && n != 17 && n != 31 && n != 32 && n != 33 {
			d = append(d, n)
		}
	}
	return append(d, 255, 257)
}

type gemvCase struct {
	trans       bool
	m, n, pad   int
	alpha, beta float32
	off         int
}

func (c gemvCase) String() string {
	op := "N"
	if c.trans {
		op = "T"
	}
	return fmt.Sprintf("%s m=%d n=%d lda=n+%d alpha=%v beta=%v off=%d", op, c.m, c.n, c.pad, c.alpha, c.beta, c.off)
}

// run checks GemvN or GemvT against the float64 reference. The padding
// between rows holds NaN, so reading past n columns shows up as NaN
// results; beta == 0 starts from NaN in y (it must not be read); alpha == 0
// poisons A and x (they must not be read).
func (c gemvCase) run(t *testing.T, r *rand.Rand) {
	t.Helper()
	lda := c.n + c.pad
	lenA := 0
	if c.m > 0 && c.n > 0 {
		lenA = (c.m-1)*lda + c.n
	}
	rows, cols := c.m, c.n // of op(A)
	if c.trans {
		rows, cols = c.n, c.m
	}
	a := testutil.NewGuarded(r, lenA, c.off)
	x := testutil.NewGuarded(r, cols, (c.off+5)%16)
	y := testutil.NewGuarded(r, rows, (c.off+9)%16)
	for i := 0; i < lenA; i++ {
		if i%lda >= c.n {
			a.Data()[i] = float32(math.NaN())
		}
	}
	if c.beta == 0 {
		for i := range y.Data() {
			y.Data()[i] = float32(math.NaN())
		}
	}
	if c.alpha == 0 && lenA > 0 && cols > 0 {
		a.Data()[0], x.Data()[0] = float32(math.Inf(1)), float32(math.NaN())
	}
	a0, x0, y0 := testutil.Clone(a.Data()), testutil.Clone(x.Data()), testutil.Clone(y.Data())
	if c.trans {
		GemvT(c.m, c.n, c.alpha, a.Data(), lda, x.Data(), c.beta, y.Data())
	} else {
		GemvN(c.m, c.n, c.alpha, a.Data(), lda, x.Data(), c.beta, y.Data())
	}
	want, abs := testutil.GemvRef(c.trans, c.m, c.n, c.alpha, a0, lda, x0, 1, c.beta, y0)
	tol := make([]float64, rows)
	for i := range tol {
		tol[i] = testutil.SumTol(cols+1, abs[i])
	}
	testutil.CheckClose(t, c.String(), y.Data(), want, tol)
	a.Check(t, c.String()+" a")
	x.Check(t, c.String()+" x")
	y.Check(t, c.String()+" y")
	testutil.CheckUnchanged(t, c.String()+" a", a0, a.Data())
	testutil.CheckUnchanged(t, c.String()+" x", x0, x.Data())
}

func TestGemv(t *testing.T) {
	dims := gemvDims()
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, trans := range []bool{false, true} {
			for _, m := range dims {
				for _, n := range dims {
					c := gemvCase{trans: trans, m: m, n: n, alpha: 1.5, beta: 0, off: r.IntN(16)}
					switch r.IntN(4) {
					case 1:
						c.beta = 1
					case 2:
						c.beta = -0.5
					}
					if r.IntN(3) == 0 {
						c.pad = 1 + r.IntN(17)
					}
					c.run(t, r)
				}
			}
		}
	})
}

// TestGemvSemantics covers alpha == 0 and beta in {0, 1, other} for every
// orientation at a size with full and partial vectors.
func TestGemvSemantics(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for _, trans := range []bool{false, true} {
			for _, alpha := range []float32{0, 1, -2} {
				for _, beta := range []float32{0, 1, 0.25} {
					for _, mn := range [][2]int{{0, 5}, {5, 0}, {37, 21}, {21, 37}, {784, 10}} {
						c := gemvCase{trans: trans, m: mn[0], n: mn[1], pad: 3, alpha: alpha, beta: beta, off: 1}
						c.run(t, r)
					}
				}
			}
		}
	})
}

func TestGemvSpecials(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for _, trans := range []bool{false, true} {
			for _, mn := range [][2]int{{6, 40}, {40, 6}, {33, 129}} {
				m, n := mn[0], mn[1]
				a, x, y := make([]float32, m*n), make([]float32, max(m, n)), make([]float32, max(m, n))
				testutil.Fill(r, a)
				testutil.Fill(r, x)
				level1Specials(r, a)
				level1Specials(r, x[:min(m, n)])
				lx, ly := n, m
				if trans {
					lx, ly = m, n
				}
				want, abs := testutil.GemvRef(trans, m, n, 1, a, n, x, 1, 0, y)
				if trans {
					GemvT(m, n, 1, a, n, x[:lx], 0, y[:ly])
				} else {
					GemvN(m, n, 1, a, n, x[:lx], 0, y[:ly])
				}
				tol := make([]float64, ly)
				for i := range tol {
					tol[i] = testutil.SumTol(lx, abs[i])
				}
				testutil.CheckClose(t, fmt.Sprintf("specials trans=%v %dx%d", trans, m, n), y[:ly], want, tol)
			}
		}
	})
}

func TestGemvAllocs(t *testing.T) {
	a, x, y := make([]float32, 256*784), make([]float32, 784), make([]float32, 784)
	testutil.ForEachLevel(t, func(t *testing.T) {
		if n := testing.AllocsPerRun(10, func() {
			GemvN(256, 784, 1, a, 784, x, 0, y)
			GemvT(256, 784, 1, a, 784, x, 0.5, y)
		}); n != 0 {
			t.Errorf("GemvN+GemvT allocate %v times per run", n)
		}
	})
}
