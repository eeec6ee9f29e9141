package blasbench

import (
	"fmt"
	"os"
	"testing"

	"github.com/simdml/simdml/bench/internal/openblas"
	"github.com/simdml/simdml/blas"
	gblas "gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// level1API is the part of a BLAS the Level-1 and Sgemv benchmarks call,
// with simdml's argument types.
type level1API interface {
	Sdot(n int, x []float32, incX int, y []float32, incY int) float32
	Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int)
	Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int)
}

// level1Impl is one implementation under benchmark. For simdml levels,
// activate makes the level current (blas.SetKernel) and returns the
// restore function.
type level1Impl struct {
	name     string
	api      level1API
	activate func() (restore func())
}

type simdmlAPI struct{}

func (simdmlAPI) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	return blas.Sdot(n, x, incX, y, incY)
}
func (simdmlAPI) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	blas.Saxpy(n, alpha, x, incX, y, incY)
}
func (simdmlAPI) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	blas.Sgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

type gonumAPI struct{ gonum.Implementation }

func (g gonumAPI) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	g.Implementation.Sgemv(gblas.Transpose(tA), m, n, alpha, a, lda, x, incX, beta, y, incY)
}

type openblasAPI struct{}

func (openblasAPI) Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	return openblas.Sdot(n, x, incX, y, incY)
}
func (openblasAPI) Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	openblas.Saxpy(n, alpha, x, incX, y, incY)
}
func (openblasAPI) Sgemv(tA blas.Transpose, m, n int, alpha float32, a []float32, lda int, x []float32, incX int, beta float32, y []float32, incY int) {
	openblas.Sgemv(tA == blas.Trans, m, n, alpha, a, lda, x, incX, beta, y, incY)
}

// level1Impls lists simdml at every kernel level this machine runs
// ("generic", "avx2", "avx512" or "neon"), gonum's pure-Go BLAS, and
// OpenBLAS when built with -tags openblas.
func level1Impls() []level1Impl {
	var out []level1Impl
	for _, k := range blas.Kernels() {
		out = append(out, level1Impl{name: k, api: simdmlAPI{}, activate: func() func() {
			restore, err := blas.SetKernel(k)
			if err != nil {
				panic(err)
			}
			return restore
		}})
	}
	none := func() func() { return func() {} }
	out = append(out, level1Impl{name: "gonum", api: gonumAPI{}, activate: none})
	if openblas.Available {
		out = append(out, level1Impl{name: "openblas", api: openblasAPI{}, activate: none})
	}
	return out
}

// TestMain pins OpenBLAS to one thread (simdml's Level-1 and Sgemv are
// single-threaded) and reports its configuration.
func TestMain(m *testing.M) {
	if openblas.Available {
		openblas.SetNumThreads(1)
		fmt.Fprintf(os.Stderr, "openblas: %s; core %s; OPENBLAS_CORETYPE=%q\n",
			openblas.Config(), openblas.CoreName(), os.Getenv("OPENBLAS_CORETYPE"))
	}
	os.Exit(m.Run())
}
