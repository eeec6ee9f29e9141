//go:build openblas && cgo

package blasbench

import "github.com/simdml/simdml/bench/internal/openblas"

// OpenBLAS joins the SGEMM table under -tags openblas. Run it with
// OPENBLAS_CORETYPE=SkylakeX (or Haswell, to compare with
// SIMDML_KERNEL=avx2) in the command's environment.
func init() {
	gemmImpls = append(gemmImpls, gemmImpl{name: "openblas", use: func(threads int) (gemmFunc, func()) {
		openblas.SetNumThreads(threads)
		f := func(tA, tB byte, m, n, k int, alpha float32, a []float32, lda int,
			b []float32, ldb int, beta float32, c []float32, ldc int) {
			openblas.Sgemm(tA == 'T', tB == 'T', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
		return f, func() { openblas.SetNumThreads(1) }
	}})
}
