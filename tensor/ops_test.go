package tensor

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

const eps = testutil.Eps32

func randT(r *rand.Rand, shape ...int) *Tensor { return RandUniform(r, -1, 1, shape...) }

// at returns a[i, j] of op(a) where op transposes if tr.
func at(a *Tensor, tr bool, i, j int) float64 {
	if tr {
		i, j = j, i
	}
	return float64(a.data[i*a.shape[1]+j])
}

// TestMatMul checks MatMul and MatMulAdd against a float64 triple loop for
// every transpose combination; bound k·ε·Σ|a||b| (+ |c|·ε for MatMulAdd).
func TestMatMul(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 7}, {2, 4, 4}, {4, 17, 33}, {1, 9, 16}, {7, 3, 2}, {33, 65, 17}, {13, 1, 29}, {64, 40, 10}} {
		m, k, n := s[0], s[1], s[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				for _, add := range []bool{false, true} {
					name := fmt.Sprintf("m=%d/k=%d/n=%d/tA=%t/tB=%t/add=%t", m, k, n, tA, tB, add)
					a, b := randT(r, m, k), randT(r, k, n)
					if tA {
						a = randT(r, k, m)
					}
					if tB {
						b = randT(r, n, k)
					}
					c := randT(r, m, n)
					c0 := c.Clone()
					if add {
						MatMulAdd(c, a, b, tA, tB)
					} else {
						MatMul(c, a, b, tA, tB)
					}
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							var want, abs float64
							for p := 0; p < k; p++ {
								want += at(a, tA, i, p) * at(b, tB, p, j)
								abs += math.Abs(at(a, tA, i, p) * at(b, tB, p, j))
							}
							if add {
								want += float64(c0.data[i*n+j])
								abs += math.Abs(float64(c0.data[i*n+j]))
							}
							if got := float64(c.data[i*n+j]); math.Abs(got-want) > float64(k+1)*eps*abs {
								t.Fatalf("%s: c[%d,%d] = %g, want %g", name, i, j, got, want)
							}
						}
					}
				}
			}
		}
	}
}

// TestMatMulEmpty: k = 0 gives zeros (MatMulAdd leaves dst), empty m or n
// does nothing.
func TestMatMulEmpty(t *testing.T) {
	c := Full(3, 2, 2)
	MatMulAdd(c, New(2, 0), New(0, 2), false, false)
	if !AllClose(c, Full(3, 2, 2), 0, 0) {
		t.Fatalf("MatMulAdd with k = 0 changed dst: %v", c)
	}
	MatMul(c, New(2, 0), New(0, 2), false, false)
	if !AllClose(c, New(2, 2), 0, 0) {
		t.Fatalf("MatMul with k = 0 = %v, want zeros", c)
	}
	MatMul(New(0, 2), New(0, 3), New(3, 2), false, false)
	MatMul(New(2, 0), New(2, 3), New(0, 3), false, true)
}

// TestMatMulIgnoresDst: beta = 0, so NaN in dst does not survive.
func TestMatMulIgnoresDst(t *testing.T) {
	c := Full(float32(math.NaN()), 2, 2)
	MatMul(c, Full(1, 2, 3), Full(2, 3, 2), false, false)
	if !AllClose(c, Full(6, 2, 2), 0, 0) {
		t.Fatalf("MatMul over NaN dst = %v", c)
	}
}

type opCase struct {
	name string
	run  func(dst, a, b *Tensor)
	ref  func(a, b float64) float64
	tol  float64 // relative, in units of ε (0: exact)
}

// TestElementwiseOps checks every elementwise operation against a float64
// loop at every level, on odd shapes, out of place and in place (dst = a).
// The math kernels are bounded in ulps in package vmath (exp 2, sigmoid and
// tanh 3); since one ulp of y is at most 2ε|y|, an n-ulp bound is
// tol·ε·|ref| with tol = 2n (+1e-45 for results that round to 0).
// SigmoidBackward, b·(a·(1−a)), rounds at most three times (3ε) and shares
// sigmoid's 6. The other operations round once and must match exactly.
func TestElementwiseOps(t *testing.T) {
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	cases := []opCase{
		{"Add", func(d, a, b *Tensor) { Add(d, a, b) }, func(a, b float64) float64 { return a + b }, 0},
		{"Sub", func(d, a, b *Tensor) { Sub(d, a, b) }, func(a, b float64) float64 { return a - b }, 0},
		{"Mul", func(d, a, b *Tensor) { Mul(d, a, b) }, func(a, b float64) float64 { return a * b }, 0},
		{"Scale", func(d, a, _ *Tensor) { Scale(d, a, 3) }, func(a, _ float64) float64 { return 3 * a }, 0},
		{"ReLU", func(d, a, _ *Tensor) { ReLU(d, a) }, func(a, _ float64) float64 { return max(a, 0) }, 0},
		{"ReLUBackward", func(d, a, b *Tensor) { ReLUBackward(d, a, b) }, func(a, b float64) float64 {
			if a > 0 {
				return b
			}
			return 0
		}, 0},
		{"Sigmoid", func(d, a, _ *Tensor) { Sigmoid(d, a) }, func(a, _ float64) float64 { return sig(a) }, 6},
		{"SigmoidBackward", func(d, a, b *Tensor) { SigmoidBackward(d, a, b) }, func(a, b float64) float64 { return b * a * (1 - a) }, 6},
		{"Tanh", func(d, a, _ *Tensor) { Tanh(d, a) }, func(a, _ float64) float64 { return math.Tanh(a) }, 6},
		{"Exp", func(d, a, _ *Tensor) { Exp(d, a) }, func(a, _ float64) float64 { return math.Exp(a) }, 4},
	}
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, c := range cases {
			for _, shape := range [][]int{{1, 1}, {3, 7}, {5, 33}, {17}, {2, 3, 5}} {
				for _, inPlace := range []bool{false, true} {
					a, b := randT(r, shape...), randT(r, shape...)
					a0 := a.Clone()
					d := New(shape...)
					if inPlace {
						d = a
					}
					c.run(d, a, b)
					for i := range d.data {
						want := c.ref(float64(a0.data[i]), float64(b.data[i]))
						got := float64(d.data[i])
						bad := got != float64(float32(want))
						if c.tol > 0 {
							bad = math.Abs(got-want) > c.tol*eps*math.Abs(want)+1e-45
						}
						if bad {
							t.Fatalf("%s %v in place %t: [%d] = %g, want %g", c.name, shape, inPlace, i, got, want)
						}
					}
				}
			}
		}
	})
}

func TestAxpyOp(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		d, x := randT(r, 9, 5), randT(r, 9, 5)
		d0 := d.Clone()
		Axpy(d, -2, x)
		for i := range d.data {
			want := float64(d0.data[i]) - 2*float64(x.data[i])
			if math.Abs(float64(d.data[i])-want) > 2*eps*(math.Abs(float64(d0.data[i]))+2*math.Abs(float64(x.data[i]))) {
				t.Fatalf("Axpy [%d] = %g, want %g", i, d.data[i], want)
			}
		}
	})
}

// TestBroadcastsAndReductions: AddRowVector exactly; SumCols/SumRows within
// n·ε·Σ|a|; ArgmaxRows with ties, NaN and -Inf.
func TestBroadcastsAndReductions(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for _, s := range [][2]int{{1, 1}, {4, 7}, {3, 16}, {9, 33}, {128, 10}} {
			rows, cols := s[0], s[1]
			a, v := randT(r, rows, cols), randT(r, cols)
			d := New(rows, cols)
			AddRowVector(d, a, v)
			sc, sr := New(cols), New(rows, 1)
			SumCols(sc, a)
			SumRows(sr, a)
			for i := 0; i < rows; i++ {
				var rs, ra float64
				for j := 0; j < cols; j++ {
					if d.data[i*cols+j] != a.data[i*cols+j]+v.data[j] {
						t.Fatalf("AddRowVector %v [%d,%d]", s, i, j)
					}
					rs += float64(a.data[i*cols+j])
					ra += math.Abs(float64(a.data[i*cols+j]))
				}
				if math.Abs(float64(sr.data[i])-rs) > float64(cols)*eps*ra {
					t.Fatalf("SumRows %v [%d] = %g, want %g", s, i, sr.data[i], rs)
				}
			}
			for j := 0; j < cols; j++ {
				var cs, ca float64
				for i := 0; i < rows; i++ {
					cs += float64(a.data[i*cols+j])
					ca += math.Abs(float64(a.data[i*cols+j]))
				}
				if math.Abs(float64(sc.data[j])-cs) > float64(rows)*eps*ca {
					t.Fatalf("SumCols %v [%d] = %g, want %g", s, j, sc.data[j], cs)
				}
			}
		}
	})
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	a := FromSlice([]float32{
		1, 3, 3, 2,
		nan, -1, 5, nan,
		nan, nan, nan, nan,
		-inf, -inf, -inf, -inf,
		0, inf, -inf, 1,
	}, 5, 4)
	got := ArgmaxRows(make([]int, 5), a)
	if want := []int{1, 2, 0, 0, 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ArgmaxRows = %v, want %v", got, want)
	}
}

// TestSoftmaxOps: rows sum to 1 and log-softmax is log(softmax).
//
// Bounds, for rows of n = 13: each softmax entry e_j·(1/s) carries exp's
// 2 ulp (4ε), the float32 sum s of n positive terms ((n−1)ε), the rounded
// reciprocal and the product (2ε): (n+5)ε relative, so a row sums to 1
// within (n+7)ε = 20ε. The log of such an entry is off by (n+5)ε absolute;
// log-softmax (z−m) − log s adds (n+3)ε from log s and a rounding of
// |z−m| ≤ |lp| + log n and of |lp|, so the two differ by at most
// (2n+8+2·log n)ε + 2ε|lp| ≤ (2n+14)·ε·(1+|lp|).
func TestSoftmaxOps(t *testing.T) {
	const n = 13
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		z := RandNormal(r, 0, 5, 7, n)
		p, lp := SoftmaxRows(New(7, n), z), LogSoftmaxRows(New(7, n), z)
		for i := 0; i < 7; i++ {
			var s float64
			for j, v := range p.Row(i) {
				s += float64(v)
				if math.Abs(math.Log(float64(v))-float64(lp.Row(i)[j])) > (2*n+14)*eps*(1+math.Abs(float64(lp.Row(i)[j]))) {
					t.Fatalf("log-softmax [%d,%d] = %g, log softmax = %g", i, j, lp.Row(i)[j], math.Log(float64(v)))
				}
			}
			if math.Abs(s-1) > (n+7)*eps {
				t.Fatalf("softmax row %d sums to %g", i, s)
			}
		}
	})
}
