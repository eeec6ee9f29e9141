package vmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// TestReductions: Max exactly, Sum within the float32 summation bound
// (n−1)·ε·Σ|x| for any order, ExpShiftSum's stored values within exp's 2
// ulp and its sum within (n+2)·ε·Σe.
func TestReductions(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for _, n := range sizes() {
			for off := 0; off < 16; off += 3 {
				all, x := buf(r, n, off, -4, 4)
				if n > 0 {
					x[r.IntN(n)] = 4.5 // a unique maximum anywhere
					want := float32(math.Inf(-1))
					for _, v := range x {
						want = max(want, v)
					}
					if got := Max(x); got != want {
						t.Fatalf("Max n=%d off=%d = %g, want %g", n, off, got, want)
					}
				}
				var ws, wa float64
				for _, v := range x {
					ws += float64(v)
					wa += math.Abs(float64(v))
				}
				if got := Sum(x); math.Abs(float64(got)-ws) > float64(n)*testutil.Eps32*wa {
					t.Fatalf("Sum n=%d off=%d = %g, want %g", n, off, got, ws)
				}
				dall, d := buf(r, n, (off+5)%16, 0, 1)
				const m = 1.25
				got := ExpShiftSum(d, x, m)
				gotNil := ExpShiftSum(nil, x, m)
				var es float64
				for i, v := range x {
					e := math.Exp(float64(v) - m)
					es += e
					if ulpErr(d[i], e) > 2 {
						t.Fatalf("ExpShiftSum n=%d: dst[%d] = %g, want %g", n, i, d[i], e)
					}
				}
				for _, g := range []float32{got, gotNil} {
					if math.Abs(float64(g)-es) > float64(n+2)*testutil.Eps32*es {
						t.Fatalf("ExpShiftSum n=%d off=%d sum = %g, want %g", n, off, g, es)
					}
				}
				dall.Check(t, "ExpShiftSum dst")
				all.Check(t, "reductions x")
			}
		}
	})
}

// softmaxRef returns the softmax and log-softmax of row in float64.
func softmaxRef(row []float32) (p, lp []float64) {
	m := math.Inf(-1)
	for _, v := range row {
		m = max(m, float64(v))
	}
	var s float64
	for _, v := range row {
		s += math.Exp(float64(v) - m)
	}
	for _, v := range row {
		p = append(p, math.Exp(float64(v)-m)/s)
		lp = append(lp, float64(v)-m-math.Log(s))
	}
	return p, lp
}

// TestSoftmaxRows checks both row functions against float64, in place and
// not. Bounds: softmax relative (n+6)·ε + |x−m|·ε (sum n·ε, exp 2 ulp,
// reciprocal and product, and the rounding of x−m amplified by exp);
// log-softmax absolute (|x|+|m|+|log s|)·3ε + (n+4)·ε.
func TestSoftmaxRows(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for _, cols := range []int{1, 2, 3, 7, 8, 9, 10, 15, 16, 17, 31, 33, 256, 1000} {
			for _, rows := range []int{1, 3} {
				for _, inPlace := range []bool{false, true} {
					name := fmt.Sprintf("cols=%d/rows=%d/inplace=%t", cols, rows, inPlace)
					_, x := buf(r, rows*cols, 1, -20, 20)
					x0 := append([]float32(nil), x...)
					for _, log := range []bool{false, true} {
						x = append(x[:0], x0...)
						dall, d := buf(r, rows*cols, 3, 0, 1)
						if inPlace {
							d = x
						}
						if log {
							LogSoftmaxRows(d, x, cols)
						} else {
							SoftmaxRows(d, x, cols)
						}
						for i := 0; i < rows; i++ {
							row := x0[i*cols : (i+1)*cols]
							p, lp := softmaxRef(row)
							for j := range row {
								got := float64(d[i*cols+j])
								if log {
									tol := (math.Abs(float64(row[j]))+20+math.Log(float64(cols))+1)*3*testutil.Eps32 + float64(cols+4)*testutil.Eps32
									if math.Abs(got-lp[j]) > tol {
										t.Fatalf("%s: log-softmax[%d,%d] = %g, want %g ± %g", name, i, j, got, lp[j], tol)
									}
								} else if math.Abs(got-p[j]) > (float64(cols+6)+40)*testutil.Eps32*p[j] { // +|x−m|·ε from rounding x−m

									t.Fatalf("%s: softmax[%d,%d] = %g, want %g", name, i, j, got, p[j])
								}
							}
						}
						if !inPlace {
							dall.Check(t, name)
						}
					}
				}
			}
		}
	})
}

// TestSoftmaxRowsSpecials: huge inputs do not overflow; NaN, +Inf and
// all −Inf rows become NaN (as PyTorch); −Inf entries give 0 / −Inf.
func TestSoftmaxRowsSpecials(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, cols := range []int{3, 16, 17, 40} {
			x := make([]float32, cols)
			for j := range x {
				x[j] = 1e30
			}
			x[0] = ninf
			d := make([]float32, cols)
			SoftmaxRows(d, x, cols)
			// Every x−m is 0 and exp(0) is within 2 ulp (4ε) of 1; the sum
			// of cols−1 of them adds (cols−2)ε, the reciprocal and the
			// product 2ε: (cols+4)ε relative to 1/(cols−1).
			tol := float64(cols+4) * testutil.Eps32
			if d[0] != 0 || math.Abs(float64(d[1])-1/float64(cols-1)) > tol/float64(cols-1) {
				t.Fatalf("cols=%d: softmax of huge row = %v", cols, d)
			}
			LogSoftmaxRows(d, x, cols)
			// 0 − log s: log of a sum off by (cols+4)ε relative, rounded.
			if !math.IsInf(float64(d[0]), -1) || math.Abs(float64(d[1])+math.Log(float64(cols-1))) > tol*(1+math.Log(float64(cols-1))) {
				t.Fatalf("cols=%d: log-softmax of huge row = %v", cols, d)
			}
			for _, bad := range []float32{nan, pinf} {
				x[cols-1] = bad
				SoftmaxRows(d, x, cols)
				for j, v := range d {
					if v == v {
						t.Fatalf("cols=%d: softmax with %g: d[%d] = %g, want NaN", cols, bad, j, v)
					}
				}
			}
		}
	})
}

// TestRowHelpers: AddRow and SumCols against plain loops.
func TestRowHelpers(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		for _, cols := range []int{1, 5, 8, 16, 17, 33, 63, 64, 80, 100, 200, 255, 256} {
			for _, rows := range []int{0, 1, 4, 7} {
				_, a := buf(r, rows*cols, 2, -1, 1)
				_, v := buf(r, cols, 5, -1, 1)
				dall, d := buf(r, rows*cols, 1, -1, 1)
				AddRow(d, a, v)
				for i := range d {
					if d[i] != a[i]+v[i%cols] {
						t.Fatalf("AddRow cols=%d rows=%d: d[%d] = %g, want %g", cols, rows, i, d[i], a[i]+v[i%cols])
					}
				}
				dall.Check(t, "AddRow")
				sall, s := buf(r, cols, 4, -1, 1)
				SumCols(s, a)
				for j := range s {
					var want, abs float64
					for i := 0; i < rows; i++ {
						want += float64(a[i*cols+j])
						abs += math.Abs(float64(a[i*cols+j]))
					}
					if math.Abs(float64(s[j])-want) > float64(rows)*testutil.Eps32*abs {
						t.Fatalf("SumCols cols=%d rows=%d: s[%d] = %g, want %g", cols, rows, j, s[j], want)
					}
				}
				sall.Check(t, "SumCols")
			}
		}
	})
}
