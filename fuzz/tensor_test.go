package fuzz

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/tensor"
)

// Tensor targets: one per vector kernel of tensor/internal/vmath, through
// the public tensor API, at every level. Shapes are rows x cols with rows
// 1..4 and cols mostly below 140 (2·16+1 and every unroll tail), sometimes
// up to 1100; dst may alias an input (decoded). Bounds, per element, with
// u = 2^-24 and ulp(y) the float32 spacing at y (at least 2^-149):
//
//	Exp 2 ulp, Sigmoid 3 ulp, Tanh 3 ulp (the package's documented and
//	tested accuracy); Exp may also give +Inf when e^x is within 2 ulp of
//	MaxFloat32 (its documented overflow threshold 88.7228394);
//	ReLU, ReLUBackward, Add, Sub, Mul, Scale, AddRowVector: exact (one
//	IEEE operation, or none);
//	SigmoidBackward g·(s·(1−s)): 3 roundings, 1.01·3u·|ref| + 3·2^-149;
//	TanhBackward g·(1−t²): 1.01·u·|g|·(2|1−t²| + t²) + 3·2^-149;
//	Axpy d + α·x (fused or not): 2u·(|d| + |α·x|) + 2^-149;
//	SumRows, SumCols: sumBound (oracle_test.go) over the terms;
//	SoftmaxRows: (cols + 6 + |x−max|)·1.05u·p + 8·2^-149 (the sum, exp's
//	2 ulp, the reciprocal and product, and the rounding of x−max that exp
//	amplifies); LogSoftmaxRows: 3u·(|x| + |max| + |log s|) + (cols+4)·u.
//
// Elements whose float64 intermediates leave the float32 range (2^126) are
// not value-checked (the result depends on where overflow happens).

const (
	tensorColsSmall = 140
	tensorColsMax   = 1100
	safeElem        = 0x1p126
)

// tensorCase is a decoded problem: shape, inputs, scalar, aliasing.
type tensorCase struct {
	rows, cols int
	in         [][]float32 // saved inputs
	dst0       []float32   // dst's initial contents
	s          float32
	alias      int // 0: dst separate; k: dst is input k-1
	sides      byte
}

func decodeTensorCase(data []byte, nin int) *tensorCase {
	d := newDecoder(data)
	c := &tensorCase{}
	c.rows = 1 + int(d.byte()%4)
	c.cols = d.size(tensorColsSmall, tensorColsMax)
	c.s = d.scalar()
	c.alias = int(d.byte()) % 3
	if c.alias > nin {
		c.alias = 0
	}
	c.sides = d.byte()
	d.startData()
	n := c.rows * c.cols
	for k := 0; k < nin; k++ {
		v := make([]float32, n)
		for i := range v {
			v[i] = d.value()
		}
		c.in = append(c.in, v)
	}
	c.dst0 = make([]float32, max(n, c.rows, c.cols)) // dst may be a row or a column
	for i := range c.dst0 {
		c.dst0[i] = d.value()
	}
	return c
}

func (c *tensorCase) String() string {
	return fmt.Sprintf("shape [%d %d], s=%v, alias=%d", c.rows, c.cols, c.s, c.alias)
}

// run makes guarded tensors for dst and the inputs (dst aliasing one when
// decoded), calls op at every level, and checks each element of dst with
// check(i, got) plus the inputs that are not dst for unchanged bits.
func (c *tensorCase) run(t *testing.T, name string, dstShape []int, op func(dst *tensor.Tensor, in []*tensor.Tensor),
	check func(l cpu.Level, dst []float32)) {
	var ar guard.Arena
	defer ar.Free()
	shape := []int{c.rows, c.cols}
	ins := make([]*tensor.Tensor, len(c.in))
	bufs := make([][]float32, len(c.in))
	for k, v := range c.in {
		bufs[k] = ar.FloatsOf(v, side(c.sides>>k&1 != 0))
		ins[k] = tensor.FromSlice(bufs[k], shape...)
	}
	var dbuf []float32
	var dst *tensor.Tensor
	if c.alias > 0 {
		dbuf, dst = bufs[c.alias-1], ins[c.alias-1]
	} else {
		n := 1
		for _, s := range dstShape {
			n *= s
		}
		dbuf = ar.FloatsOf(c.dst0[:n], side(c.sides&8 != 0))
		dst = tensor.FromSlice(dbuf, dstShape...)
	}
	eachLevel(t, func(l cpu.Level) {
		for k := range bufs {
			copy(bufs[k], c.in[k])
		}
		if c.alias == 0 {
			copy(dbuf, c.dst0)
		}
		call(t, l, &ar, name+" "+c.String(), func() { op(dst, ins) })
		for k := range bufs {
			if k != c.alias-1 {
				checkUnchanged(t, l, fmt.Sprintf("%s input %d", name, k), bufs[k], c.in[k])
			}
		}
		check(l, dbuf)
	})
}

// ulpOf is the float32 spacing at |y| (at least 2^-149).
func ulpOf(y float64) float64 {
	y = math.Abs(y)
	if y < 0x1p-126 {
		return 0x1p-149
	}
	_, e := math.Frexp(y)
	return math.Ldexp(1, e-24)
}

// exactly reports whether got is want rounded to float32 (NaN for NaN;
// the sign of zero is not checked).
func exactly(got float32, want float64) bool {
	w := float32(want)
	return got == w || got != got && w != w
}

// fuzzUnary fuzzes an activation against ref within ulps (0: exact).
func fuzzUnary(f *testing.F, name string, op func(dst, z *tensor.Tensor) *tensor.Tensor, ref func(float64) float64, ulps float64) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		c.run(t, name, []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { op(dst, in[0]) },
			func(l cpu.Level, dst []float32) {
				for i, x := range c.in[0] {
					want := ref(float64(x))
					ok := exactly(dst[i], want)
					if ulps > 0 && !ok {
						ok = testutil.Close(dst[i], want, ulps*ulpOf(want))
						// Documented overflow: +Inf where e^x rounds near MaxFloat32.
						ok = ok || math.IsInf(float64(dst[i]), 1) && want >= math.MaxFloat32-2*ulpOf(math.MaxFloat32)
					}
					if !ok {
						t.Fatalf("%v: %s(%s): dst[%d] = %s for x = %s, want %v (±%g ulp)", l, name, c, i, fmtF(dst[i]), fmtF(x), want, ulps)
					}
				}
			})
	})
}

func FuzzTensorExp(f *testing.F) { fuzzUnary(f, "Exp", tensor.Exp, math.Exp, 2) }

func FuzzTensorSigmoid(f *testing.F) {
	fuzzUnary(f, "Sigmoid", tensor.Sigmoid, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }, 3)
}

func FuzzTensorTanh(f *testing.F) { fuzzUnary(f, "Tanh", tensor.Tanh, math.Tanh, 3) }

func FuzzTensorReLU(f *testing.F) {
	fuzzUnary(f, "ReLU", tensor.ReLU, func(x float64) float64 {
		if x < 0 {
			return 0
		}
		return x
	}, 0)
}

// fuzzBinary fuzzes dst = op(a, b) elementwise; ref returns the float64
// value and its error bound (0: exact), or ok = false to skip the value.
func fuzzBinary(f *testing.F, name string, op func(dst, a, b *tensor.Tensor) *tensor.Tensor,
	ref func(a, b float64) (want, bound float64, ok bool)) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 2)
		c.run(t, name, []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { op(dst, in[0], in[1]) },
			func(l cpu.Level, dst []float32) {
				for i := range dst {
					a, b := c.in[0][i], c.in[1][i]
					want, bound, ok := ref(float64(a), float64(b))
					if !ok {
						continue
					}
					if bound == 0 && !exactly(dst[i], want) || bound > 0 && !testutil.Close(dst[i], want, bound) {
						t.Fatalf("%v: %s(%s): dst[%d] = %s for a = %s, b = %s, want %v ± %g",
							l, name, c, i, fmtF(dst[i]), fmtF(a), fmtF(b), want, bound)
					}
				}
			})
	})
}

func exact(v float64) (float64, float64, bool) { return v, 0, true }

func FuzzTensorAdd(f *testing.F) {
	fuzzBinary(f, "Add", tensor.Add, func(a, b float64) (float64, float64, bool) { return exact(a + b) })
}

func FuzzTensorSub(f *testing.F) {
	fuzzBinary(f, "Sub", tensor.Sub, func(a, b float64) (float64, float64, bool) { return exact(a - b) })
}

func FuzzTensorMul(f *testing.F) {
	fuzzBinary(f, "Mul", tensor.Mul, func(a, b float64) (float64, float64, bool) { return exact(a * b) })
}

func FuzzTensorReLUBackward(f *testing.F) {
	fuzzBinary(f, "ReLUBackward", tensor.ReLUBackward, func(z, g float64) (float64, float64, bool) {
		if z > 0 {
			return exact(g)
		}
		return exact(0)
	})
}

// FuzzTensorSigmoidBackward: dst = g·(s·(1−s)), three roundings.
func FuzzTensorSigmoidBackward(f *testing.F) {
	fuzzBinary(f, "SigmoidBackward", tensor.SigmoidBackward, func(s, g float64) (float64, float64, bool) {
		q := s * (1 - s)
		want := g * q
		if tooBig(q) || tooBig(want) || tooBig(1-s) {
			return 0, 0, false
		}
		return want, 1.01*3*unitRoundoff*math.Abs(want) + 3*subnormalULP, true
	})
}

// FuzzTensorTanhBackward: dst = g·(1−t²), 1−t² fused or not.
func FuzzTensorTanhBackward(f *testing.F) {
	fuzzBinary(f, "TanhBackward", tensor.TanhBackward, func(t, g float64) (float64, float64, bool) {
		q := 1 - t*t
		want := g * q
		if tooBig(t*t) || tooBig(want) {
			return 0, 0, false
		}
		return want, 1.01*unitRoundoff*finiteAbs(g)*(2*math.Abs(q)+t*t) + 3*subnormalULP, true
	})
}

// tooBig reports whether a finite float64 intermediate is beyond float32's
// comfortable range (overflow depends on evaluation order there).
func tooBig(v float64) bool { return !math.IsInf(v, 0) && math.Abs(v) > safeElem }

func FuzzTensorScale(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		c.run(t, "Scale", []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { tensor.Scale(dst, in[0], c.s) },
			func(l cpu.Level, dst []float32) {
				for i, a := range c.in[0] {
					if want := float64(c.s) * float64(a); !exactly(dst[i], want) {
						t.Fatalf("%v: Scale(%s): dst[%d] = %s for a = %s, want %v", l, c, i, fmtF(dst[i]), fmtF(a), want)
					}
				}
			})
	})
}

// FuzzTensorAxpy: dst += s·x (fused at the vector levels).
func FuzzTensorAxpy(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		if c.alias == 1 {
			c.alias = 0 // Axpy's dst and x are distinct arguments
		}
		c.run(t, "Axpy", []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { tensor.Axpy(dst, c.s, in[0]) },
			func(l cpu.Level, dst []float32) {
				for i, x := range c.in[0] {
					d0 := float64(c.dst0[i])
					ax := float64(c.s) * float64(x)
					want := d0 + ax
					if tooBig(ax) || tooBig(want) {
						continue
					}
					if bound := 2*unitRoundoff*(finiteAbs(d0)+finiteAbs(ax)) + subnormalULP; !testutil.Close(dst[i], want, bound) {
						t.Fatalf("%v: Axpy(%s): dst[%d] = %s for dst = %s, x = %s, want %v ± %g",
							l, c, i, fmtF(dst[i]), fmtF(c.dst0[i]), fmtF(x), want, bound)
					}
				}
			})
	})
}

// FuzzTensorAddRowVector: dst[i,j] = a[i,j] + v[j], exact.
func FuzzTensorAddRowVector(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 2)
		if c.alias == 2 {
			c.alias = 0 // v has another shape than dst
		}
		var ar guard.Arena
		defer ar.Free()
		v := ar.FloatsOf(c.in[1][:c.cols], side(c.sides&4 != 0))
		c.run(t, "AddRowVector", []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) {
			tensor.AddRowVector(dst, in[0], tensor.FromSlice(v, c.cols))
		}, func(l cpu.Level, dst []float32) {
			checkUnchanged(t, l, "AddRowVector v", v, c.in[1][:c.cols])
			for i := range dst {
				a, b := c.in[0][i], v[i%c.cols]
				if want := float64(a) + float64(b); !exactly(dst[i], want) {
					t.Fatalf("%v: AddRowVector(%s): dst[%d] = %s for a = %s, v = %s, want %v", l, c, i, fmtF(dst[i]), fmtF(a), fmtF(b), want)
				}
			}
		})
	})
}

// sumCheck compares a float32 sum with the float64 sum of terms.
func sumCheck(got float32, terms []float32) (ok bool, want, bound float64) {
	var mag float64
	sp := newSpan()
	for _, v := range terms {
		want += float64(v)
		mag += finiteAbs(float64(v))
		sp.add(v)
	}
	if mag > safeMax {
		return true, want, 0
	}
	bound = sumBound(len(terms), 1, mag)
	return testutil.Close(got, want, bound), want, bound
}

// FuzzTensorSumRows: dst[i] = Σ_j a[i,j] under sumBound(cols).
func FuzzTensorSumRows(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		c.alias = 0
		c.run(t, "SumRows", []int{c.rows}, func(dst *tensor.Tensor, in []*tensor.Tensor) { tensor.SumRows(dst, in[0]) },
			func(l cpu.Level, dst []float32) {
				for i := 0; i < c.rows; i++ {
					if ok, want, bound := sumCheck(dst[i], c.in[0][i*c.cols:(i+1)*c.cols]); !ok {
						t.Fatalf("%v: SumRows(%s): dst[%d] = %s, want %v ± %g", l, c, i, fmtF(dst[i]), want, bound)
					}
				}
			})
	})
}

// FuzzTensorSumCols: dst[j] = Σ_i a[i,j] under sumBound(rows).
func FuzzTensorSumCols(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		c.alias = 0
		c.run(t, "SumCols", []int{c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { tensor.SumCols(dst, in[0]) },
			func(l cpu.Level, dst []float32) {
				col := make([]float32, c.rows)
				for j := 0; j < c.cols; j++ {
					for i := range col {
						col[i] = c.in[0][i*c.cols+j]
					}
					if ok, want, bound := sumCheck(dst[j], col); !ok {
						t.Fatalf("%v: SumCols(%s): dst[%d] = %s, want %v ± %g", l, c, j, fmtF(dst[j]), want, bound)
					}
				}
			})
	})
}

// softmaxRef returns max, Σe^(x−max) in float64 and whether the row is a
// NaN row (NaN or +Inf anywhere, or only −Inf).
func softmaxRef(row []float32) (m, s float64, nanRow bool) {
	m = math.Inf(-1)
	for _, v := range row {
		if v != v || math.IsInf(float64(v), 1) {
			return 0, 0, true
		}
		m = math.Max(m, float64(v))
	}
	if math.IsInf(m, -1) {
		return 0, 0, true
	}
	for _, v := range row {
		s += math.Exp(float64(v) - m)
	}
	return m, s, false
}

func fuzzSoftmax(f *testing.F, name string, op func(dst, z *tensor.Tensor) *tensor.Tensor, log bool) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeTensorCase(data, 1)
		c.run(t, name, []int{c.rows, c.cols}, func(dst *tensor.Tensor, in []*tensor.Tensor) { op(dst, in[0]) },
			func(l cpu.Level, dst []float32) {
				for i := 0; i < c.rows; i++ {
					row := c.in[0][i*c.cols : (i+1)*c.cols]
					m, s, nanRow := softmaxRef(row)
					for j, x := range row {
						got := dst[i*c.cols+j]
						var want, bound float64
						switch {
						case nanRow:
							want = math.NaN()
						case math.Abs(float64(x)-m) > math.MaxFloat32:
							continue // x−max overflows float32: −Inf there, finite here
						case log:
							want = float64(x) - m - math.Log(s)
							bound = 3*unitRoundoff*(finiteAbs(float64(x))+math.Abs(m)+math.Abs(math.Log(s))) + float64(c.cols+4)*unitRoundoff
						default:
							want = math.Exp(float64(x)-m) / s
							bound = (float64(c.cols+6)+finiteAbs(float64(x)-m))*1.05*unitRoundoff*want + 8*subnormalULP
						}
						if !testutil.Close(got, want, bound) {
							t.Fatalf("%v: %s(%s): dst[%d,%d] = %s for x = %s (row max %v, Σ %v), want %v ± %g",
								l, name, c, i, j, fmtF(got), fmtF(x), m, s, want, bound)
						}
					}
				}
			})
	})
}

func FuzzTensorSoftmaxRows(f *testing.F) { fuzzSoftmax(f, "SoftmaxRows", tensor.SoftmaxRows, false) }

func FuzzTensorLogSoftmaxRows(f *testing.F) {
	fuzzSoftmax(f, "LogSoftmaxRows", tensor.LogSoftmaxRows, true)
}
