package tensor

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

func TestConstructors(t *testing.T) {
	z := New(2, 3)
	if !slices.Equal(z.Shape(), []int{2, 3}) || z.Len() != 6 || z.Dims() != 2 || z.Rows() != 2 || z.Cols() != 3 {
		t.Fatalf("New(2, 3): shape %v len %d dims %d rows %d cols %d", z.Shape(), z.Len(), z.Dims(), z.Rows(), z.Cols())
	}
	for _, v := range Zeros(4).Data() {
		if v != 0 {
			t.Fatal("Zeros not zero")
		}
	}
	for _, v := range Full(2.5, 3, 1).Data() {
		if v != 2.5 {
			t.Fatal("Full")
		}
	}
	if s := New(); s.Len() != 1 || s.Rows() != 1 || s.Cols() != 1 {
		t.Fatalf("scalar: len %d rows %d cols %d", s.Len(), s.Rows(), s.Cols())
	}
	if v := New(5); v.Rows() != 1 || v.Cols() != 5 {
		t.Fatalf("vector: rows %d cols %d", v.Rows(), v.Cols())
	}
	if v := New(2, 3, 4); v.Rows() != 6 || v.Cols() != 4 {
		t.Fatalf("3-D: rows %d cols %d", v.Rows(), v.Cols())
	}
	if e := New(3, 0); e.Rows() != 3 || e.Cols() != 0 || e.Len() != 0 {
		t.Fatalf("empty rows: rows %d cols %d len %d", e.Rows(), e.Cols(), e.Len())
	}
	d := []float32{1, 2, 3, 4}
	f := FromSlice(d, 2, 2)
	d[3] = 9
	if f.Data()[3] != 9 {
		t.Fatal("FromSlice copied")
	}
	shape := []int{2, 2}
	g := New(shape...)
	shape[0] = 7
	if g.Shape()[0] != 2 {
		t.Fatal("New kept the caller's shape slice")
	}
}

func TestRandFills(t *testing.T) {
	a := RandNormal(rand.New(rand.NewPCG(1, 1)), 2, 0.5, 100, 100)
	b := RandNormal(rand.New(rand.NewPCG(1, 1)), 2, 0.5, 100, 100)
	if !slices.Equal(a.Data(), b.Data()) {
		t.Fatal("RandNormal not reproducible from the seed")
	}
	var s, s2 float64
	for _, v := range a.Data() {
		s += float64(v)
		s2 += float64(v) * float64(v)
	}
	n := float64(a.Len())
	mean, std := s/n, math.Sqrt(s2/n-(s/n)*(s/n))
	// 10000 samples: the mean's standard error is 0.005; allow 6 of them.
	if math.Abs(mean-2) > 0.03 || math.Abs(std-0.5) > 0.03 {
		t.Fatalf("RandNormal mean %g std %g, want 2, 0.5", mean, std)
	}
	u := RandUniform(rand.New(rand.NewPCG(2, 2)), -3, 5, 1000)
	for _, v := range u.Data() {
		if v < -3 || v >= 5 {
			t.Fatalf("RandUniform value %g outside [-3, 5)", v)
		}
	}
}

func TestViews(t *testing.T) {
	a := FromSlice([]float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 4, 3)
	r := a.Reshape(2, -1)
	if !slices.Equal(r.Shape(), []int{2, 6}) {
		t.Fatalf("Reshape(2, -1) shape %v", r.Shape())
	}
	s := a.RowSlice(1, 3)
	if !slices.Equal(s.Shape(), []int{2, 3}) || s.Data()[0] != 3 || s.Len() != 6 {
		t.Fatalf("RowSlice(1, 3) = %v", s)
	}
	s.Data()[0] = 30
	if a.Row(1)[0] != 30 {
		t.Fatal("RowSlice is not a view")
	}
	if row := a.Row(3); !slices.Equal(row, []float32{9, 10, 11}) || cap(row) != 3 {
		t.Fatalf("Row(3) = %v cap %d", row, cap(row))
	}
	if e := a.RowSlice(4, 4); e.Len() != 0 {
		t.Fatal("empty RowSlice")
	}
	c := a.Clone()
	c.Data()[0] = 99
	if a.Data()[0] != 0 {
		t.Fatal("Clone shares data")
	}
	New(4, 3).CopyFrom(a)
	if a.Zero().Data()[5] != 0 || a.Fill(3).Data()[11] != 3 {
		t.Fatal("Zero/Fill")
	}
}

func TestAllClose(t *testing.T) {
	a := FromSlice([]float32{1, 2, float32(math.Inf(1))}, 3)
	b := FromSlice([]float32{1.001, 2, float32(math.Inf(1))}, 3)
	if !AllClose(a, b, 1e-2, 0) || AllClose(a, b, 1e-4, 0) || !AllClose(a, b, 0, 0.002) {
		t.Fatal("AllClose tolerances")
	}
	if AllClose(a, a.Reshape(1, 3), 1, 1) {
		t.Fatal("AllClose ignores shape")
	}
	n := FromSlice([]float32{float32(math.NaN())}, 1)
	if AllClose(n, n, 1, 1) {
		t.Fatal("NaN close to NaN")
	}
	if AllClose(a, FromSlice([]float32{1, 2, float32(math.Inf(-1))}, 3), 1, 1) {
		t.Fatal("+Inf close to -Inf")
	}
}

func TestString(t *testing.T) {
	if s := FromSlice([]float32{1, 2.5, 3, 4}, 2, 2).String(); s != "Tensor[2 2] [[1 2.5] [3 4]]" {
		t.Fatalf("String = %q", s)
	}
	if s := FromSlice([]float32{1, 2}, 2).String(); s != "Tensor[2] [1 2]" {
		t.Fatalf("String = %q", s)
	}
	big := New(20, 20).String()
	if !strings.Contains(big, "...") || len(big) > 400 {
		t.Fatalf("big String not elided: %d bytes", len(big))
	}
}

func TestViewPanics(t *testing.T) {
	a := New(2, 3)
	testutil.MustPanic(t, "tensor: New: shape [2 -1] has a negative dimension", func() { New(2, -1) })
	testutil.MustPanic(t, "tensor: FromSlice: len(data) = 5, shape [2 3] needs 6", func() { FromSlice(make([]float32, 5), 2, 3) })
	testutil.MustPanic(t, "tensor: Reshape: shapes [2 3] and [4 2] hold different element counts", func() { a.Reshape(4, 2) })
	testutil.MustPanic(t, "tensor: Reshape: cannot infer -1 in [4 -1] from shape [2 3]", func() { a.Reshape(4, -1) })
	testutil.MustPanic(t, "tensor: Reshape: shape [-1 -1] has a bad dimension -1", func() { a.Reshape(-1, -1) })
	testutil.MustPanic(t, "tensor: RowSlice: rows [1, 3) out of range for shape [2 3]", func() { a.RowSlice(1, 3) })
	testutil.MustPanic(t, "tensor: RowSlice: shape [6] is not 2-D", func() { New(6).RowSlice(0, 1) })
	testutil.MustPanic(t, "tensor: Row: row 2 out of range for shape [2 3]", func() { a.Row(2) })
	testutil.MustPanic(t, "tensor: CopyFrom: shapes [2 3] and [3 2] differ", func() { a.CopyFrom(New(3, 2)) })
}
