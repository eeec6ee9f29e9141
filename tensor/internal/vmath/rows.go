package vmath

import "math"

// SoftmaxRows sets each row of dst (rows of cols elements) to the softmax
// of the same row of x: e^(x−max)/Σe^(x−max). A row holding NaN or +Inf,
// or only −Inf, gives NaN.
func SoftmaxRows(dst, x []float32, cols int) {
	if cols == 0 {
		return
	}
	for i := 0; i+cols <= len(dst); i += cols {
		d, r := dst[i:i+cols:i+cols], x[i:i+cols:i+cols]
		m := Max(r)
		s := ExpShiftSum(d, r, m)
		Scale(d, d, 1/s)
	}
}

// LogSoftmaxRows sets each row of dst to the log-softmax of the same row
// of x: x − max − log Σe^(x−max). The exponentials go through dst as
// scratch, so dst may alias x only exactly.
func LogSoftmaxRows(dst, x []float32, cols int) {
	if cols == 0 {
		return
	}
	for i := 0; i+cols <= len(dst); i += cols {
		d, r := dst[i:i+cols:i+cols], x[i:i+cols:i+cols]
		m := Max(r)
		if &d[0] == &r[0] {
			// In place: the sum needs e^(x−m) without overwriting x.
			s := ExpShiftSum(nil, r, m)
			shiftLog(d, r, m, s)
			continue
		}
		shiftLog(d, r, m, ExpShiftSum(d, r, m))
	}
}

// shiftLog sets d = (r − m) − log s, in that order so that log s is not
// absorbed by a huge m.
func shiftLog(d, r []float32, m, s float32) {
	AddScalar(d, r, -m)
	AddScalar(d, d, -float32(math.Log(float64(s))))
}

// AddRow sets dst[i, j] = a[i, j] + v[j] for rows of len(v) elements.
func AddRow(dst, a, v []float32) {
	c := len(v)
	if c == 0 {
		return
	}
	for i := 0; i+c <= len(dst); i += c {
		Add(dst[i:i+c:i+c], a[i:i+c:i+c], v)
	}
}

// SumCols sets dst[j] = Σ_i a[i, j] over the rows of len(dst) elements of a
// (whole rows only), summing each column in row order.
func SumCols(dst, a []float32) {
	c := len(dst)
	if c == 0 {
		return
	}
	rows := len(a) / c
	n := sumColsVec(dst, a[:rows*c], rows)
	if n == 0 {
		// Generic level: accumulate whole rows (contiguous, same order).
		clear(dst)
		for i := 0; i < rows; i++ {
			addGeneric(dst, dst, a[i*c:(i+1)*c])
		}
		return
	}
	for j := n; j < c; j++ {
		var s float32
		for i := 0; i < rows; i++ {
			s += a[i*c+j]
		}
		dst[j] = s
	}
}
