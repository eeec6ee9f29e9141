package blas

import (
	"math/bits"
	"unsafe"

	"github.com/simdml/simdml/blas/internal/kernels"
)

// SgemvBias computes y = A*x + b for the m x n row-major matrix A with
// leading dimension lda and unit-stride x (n elements), b and y (m each),
// then, if relu is set, y[i] = 0 where y[i] < 0 (NaN and -0 stay, as
// tensor.ReLU leaves them). It is not a reference BLAS routine: it is a
// dense layer's forward pass for one example, with its activation when that
// is a ReLU, in one call that reads the bias where Sgemv would read y and
// applies the ReLU before storing, instead of a copy of b, Sgemv and a
// second pass over y.
//
// The results have the bits of
//
//	copy(y, b)
//	Sgemv(NoTrans, m, n, 1, a, lda, x, 1, 1, y, 1)
//	for i := range y[:m] { if y[i] < 0 { y[i] = 0 } } // if relu
//
// at every kernel level. b may be y itself; otherwise b and y must not
// overlap. m == 0 does nothing; n == 0 sets y = b (and applies the ReLU).
// Invalid arguments panic as Sgemv's do.
func SgemvBias(m, n int, a []float32, lda int, x, b, y []float32, relu bool) {
	if !sgemvBiasOK(m, n, a, lda, x, b, y) {
		sgemvBiasCheck(m, n, a, lda, x, b, y)
	}
	kernels.GemvNBias(m, n, a, lda, x, b, y, relu)
}

// sgemvBiasOK reports whether a call is the common valid case: a
// non-empty matrix, slices long enough and b not overlapping y (or y).
// Anything else takes sgemvBiasCheck, for its message.
func sgemvBiasOK(m, n int, a []float32, lda int, x, b, y []float32) bool {
	if m <= 0 || n <= 0 || lda < n || len(x) < n || len(b) < m || len(y) < m || len(a) < n ||
		!sgemvBiasApart(b[:m], y[:m]) {
		return false
	}
	// (m-1)*lda <= len(a)-n without overflow.
	hi, lo := bits.Mul64(uint64(m-1), uint64(lda))
	return hi == 0 && lo <= uint64(len(a)-n)
}

// sgemvBiasApart reports whether b and y (of equal length) are the same
// slice or share no element.
func sgemvBiasApart(b, y []float32) bool {
	if len(y) == 0 {
		return true
	}
	pb, py := uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&y[0]))
	size := uintptr(len(y)) * 4
	return pb == py || pb+size <= py || py+size <= pb
}

// sgemvBiasCheck panics with the message for the first invalid argument;
// it returns for valid calls with an empty matrix.
func sgemvBiasCheck(m, n int, a []float32, lda int, x, b, y []float32) {
	const fn = "SgemvBias"
	if m < 0 {
		panicf("%s: m = %d < 0", fn, m)
	}
	if n < 0 {
		panicf("%s: n = %d < 0", fn, n)
	}
	checkMatrix(fn, "A", m, n, a, lda)
	checkVector(fn, "X", n, x, 1)
	if len(b) < m {
		panicf("%s: len(b) = %d, need %d for m = %d", fn, len(b), m, m)
	}
	if len(y) < m {
		panicf("%s: len(y) = %d, need %d for m = %d", fn, len(y), m, m)
	}
	if !sgemvBiasApart(b[:m], y[:m]) {
		panicf("%s: b and y overlap without being the same slice", fn)
	}
}
