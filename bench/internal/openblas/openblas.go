//go:build openblas && cgo

// Package openblas calls OpenBLAS through cgo, for benchmarks that compare
// simdml with it. It builds only with the openblas tag (and cgo); without
// it Available is false and every function panics.
//
// The wrappers take the same row-major arguments as simdml's blas and do no
// checking: they are for benchmark loops over valid data. Set
// OPENBLAS_CORETYPE (e.g. SkylakeX) and OPENBLAS_NUM_THREADS=1 in the
// environment of the benchmark run for reproducible single-thread figures.
package openblas

/*
#cgo CFLAGS: -I/usr/include/x86_64-linux-gnu/openblas-pthread -I/usr/include/openblas
#cgo LDFLAGS: -lopenblas
#include <cblas.h>
*/
import "C"

import "unsafe"

// Available reports whether this build links OpenBLAS.
const Available = true

// SetNumThreads sets the number of threads OpenBLAS uses.
func SetNumThreads(n int) { C.openblas_set_num_threads(C.int(n)) }

// Config returns OpenBLAS's build description (version, core, threading).
func Config() string { return C.GoString(C.openblas_get_config()) }

// CoreName returns the kernel core OpenBLAS selected at start.
func CoreName() string { return C.GoString(C.openblas_get_corename()) }

func ptr(x []float32) *C.float {
	if len(x) == 0 {
		return nil
	}
	return (*C.float)(unsafe.Pointer(&x[0]))
}

// Sdot returns cblas_sdot(n, x, incX, y, incY).
func Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	return float32(C.cblas_sdot(C.blasint(n), ptr(x), C.blasint(incX), ptr(y), C.blasint(incY)))
}

// Saxpy calls cblas_saxpy: y += alpha*x.
func Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	C.cblas_saxpy(C.blasint(n), C.float(alpha), ptr(x), C.blasint(incX), ptr(y), C.blasint(incY))
}

// Sscal calls cblas_sscal: x *= alpha.
func Sscal(n int, alpha float32, x []float32, incX int) {
	C.cblas_sscal(C.blasint(n), C.float(alpha), ptr(x), C.blasint(incX))
}

func trans(t bool) C.enum_CBLAS_TRANSPOSE {
	if t {
		return C.CblasTrans
	}
	return C.CblasNoTrans
}

// Sgemv calls cblas_sgemv in row-major order: y = alpha*op(A)*x + beta*y
// with A m x n (leading dimension lda), op(A) = Aᵀ when trans.
func Sgemv(transA bool, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	C.cblas_sgemv(C.CblasRowMajor, trans(transA), C.blasint(m), C.blasint(n), C.float(alpha),
		ptr(a), C.blasint(lda), ptr(x), C.blasint(incX), C.float(beta), ptr(y), C.blasint(incY))
}

// Sgemm calls cblas_sgemm in row-major order: C = alpha*op(A)*op(B) + beta*C
// with op(A) m x k, op(B) k x n.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.cblas_sgemm(C.CblasRowMajor, trans(transA), trans(transB), C.blasint(m), C.blasint(n), C.blasint(k),
		C.float(alpha), ptr(a), C.blasint(lda), ptr(b), C.blasint(ldb), C.float(beta), ptr(c), C.blasint(ldc))
}
