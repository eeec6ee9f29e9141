//go:build openblas && cgo

package main

import "github.com/simdml/simdml/bench/internal/openblas"

// OpenBLAS joins the comparison under -tags openblas. Set
// OPENBLAS_CORETYPE (e.g. SkylakeX or Haswell) in the command's
// environment; the report prints the core OpenBLAS picked.
func init() {
	setLibraryThreads = openblas.SetNumThreads
	extraImpls = append(extraImpls, impl{
		name: "openblas",
		sgemm: func(tA, tB bool, m, n, k int, a, b, c []float32) {
			openblas.Sgemm(tA, tB, m, n, k, 1, a, lda(tA, m, k), b, lda(tB, k, n), 0, c, n)
		},
		sgemv: func(m, n int, a, x, y []float32) { openblas.Sgemv(false, m, n, 1, a, n, x, 1, 0, y, 1) },
		saxpy: func(n int, alpha float32, x, y []float32) { openblas.Saxpy(n, alpha, x, 1, y, 1) },
		sdot:  func(n int, x, y []float32) float32 { return openblas.Sdot(n, x, 1, y, 1) },
	})
	libraryInfo = func() string { return "OpenBLAS core " + openblas.CoreName() }
}
