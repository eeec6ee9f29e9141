package tensor

import "github.com/simdml/simdml/tensor/internal/vmath"

// AddRowVector sets dst[i, j] = a[i, j] + v[j] (the bias broadcast over the
// rows of a batch) and returns dst. a is seen as a matrix (Rows x Cols),
// v holds Cols elements (any shape) and must not share memory with dst;
// dst has a's shape and may be a.
func AddRowVector(dst, a, v *Tensor) *Tensor {
	dstShape("AddRowVector", dst, a)
	if v.Len() != a.Cols() {
		panicf("AddRowVector: shapes %v and %v: v must hold %d elements", a.shape, v.shape, a.Cols())
	}
	vmath.AddRow(dst.data, a.data, v.data)
	return dst
}

// SumCols sets dst[j] = Σ_i a[i, j] (the bias gradient) and returns dst.
// dst holds a.Cols() elements (any shape) and must not share memory with a.
func SumCols(dst, a *Tensor) *Tensor {
	if dst.Len() != a.Cols() {
		panicf("SumCols: shapes %v and %v: dst must hold %d elements", dst.shape, a.shape, a.Cols())
	}
	vmath.SumCols(dst.data, a.data)
	return dst
}

// SumRows sets dst[i] = Σ_j a[i, j] and returns dst. dst holds a.Rows()
// elements (any shape) and must not share memory with a.
func SumRows(dst, a *Tensor) *Tensor {
	if dst.Len() != a.Rows() {
		panicf("SumRows: shapes %v and %v: dst must hold %d elements", dst.shape, a.shape, a.Rows())
	}
	c := a.Cols()
	for i := range dst.data {
		dst.data[i] = vmath.Sum(a.data[i*c : (i+1)*c])
	}
	return dst
}

// Add sets dst = a + b elementwise and returns dst. All three shapes must
// be equal; dst may be a or b.
func Add(dst, a, b *Tensor) *Tensor {
	return binary("Add", dst, a, b, vmath.Add)
}

// Sub sets dst = a − b elementwise and returns dst (shapes as Add).
func Sub(dst, a, b *Tensor) *Tensor {
	return binary("Sub", dst, a, b, vmath.Sub)
}

// Mul sets dst = a·b elementwise (Hadamard product) and returns dst
// (shapes as Add).
func Mul(dst, a, b *Tensor) *Tensor {
	return binary("Mul", dst, a, b, vmath.Mul)
}

// Scale sets dst = s·a and returns dst; dst has a's shape and may be a.
func Scale(dst, a *Tensor, s float32) *Tensor {
	dstShape("Scale", dst, a)
	vmath.Scale(dst.data, a.data, s)
	return dst
}

// Axpy sets dst += alpha·x and returns dst; the shapes must be equal.
func Axpy(dst *Tensor, alpha float32, x *Tensor) *Tensor {
	dstShape("Axpy", dst, x)
	vmath.Axpy(dst.data, alpha, x.data)
	return dst
}

// ArgmaxRows sets dst[i] to the column of the largest element of row i of
// a (seen as a matrix; the first one on ties, NaN ignored unless the whole
// row is NaN, then 0) and returns dst. len(dst) must be a.Rows() and
// a.Cols() > 0.
func ArgmaxRows(dst []int, a *Tensor) []int {
	if len(dst) != a.Rows() || a.Cols() == 0 && len(dst) > 0 {
		panicf("ArgmaxRows: len(dst) = %d and shape %v: need %d rows of at least one column", len(dst), a.shape, a.Rows())
	}
	c := a.Cols()
	for i := range dst {
		row := a.data[i*c : (i+1)*c]
		best, bv := -1, float32(0)
		for j, v := range row {
			if v == v && (best < 0 || v > bv) {
				best, bv = j, v
			}
		}
		best = max(best, 0)
		dst[i] = best
	}
	return dst
}
