package blas_test

import (
	"fmt"

	"github.com/simdml/simdml/blas"
)

func ExampleSaxpy() {
	x := []float32{1, 2, 3, 4}
	y := []float32{10, 20, 30, 40}
	blas.Saxpy(len(x), 0.5, x, 1, y, 1) // y += 0.5*x
	fmt.Println(y)
	// Output: [10.5 21 31.5 42]
}

func ExampleSaxpy_strided() {
	// Every second element of x, y walked backwards (negative increments
	// start from the far end, as in the reference BLAS).
	x := []float32{1, 0, 2, 0, 3}
	y := []float32{0, 0, 0}
	blas.Saxpy(3, 1, x, 2, y, -1)
	fmt.Println(y)
	// Output: [3 2 1]
}

func ExampleSdot() {
	x := []float32{1, 2, 3}
	y := []float32{4, 5, 6}
	fmt.Println(blas.Sdot(len(x), x, 1, y, 1))
	// Output: 32
}

func ExampleSscal() {
	x := []float32{1, 2, 3}
	blas.Sscal(len(x), 2, x, 1)
	fmt.Println(x)
	// Output: [2 4 6]
}

func ExampleSgemv() {
	// A is 2 x 3, row-major with leading dimension 3.
	a := []float32{
		1, 2, 3,
		4, 5, 6,
	}
	x := []float32{1, 1, 1}
	y := make([]float32, 2)
	blas.Sgemv(blas.NoTrans, 2, 3, 1, a, 3, x, 1, 0, y, 1) // y = A·x
	fmt.Println(y)

	z := make([]float32, 3)
	blas.Sgemv(blas.Trans, 2, 3, 1, a, 3, []float32{1, -1}, 1, 0, z, 1) // z = Aᵀ·[1 -1]
	fmt.Println(z)
	// Output:
	// [6 15]
	// [-3 -3 -3]
}

func ExampleKernel() {
	// Kernel names the level this process runs; Kernels lists every level
	// it can run, generic first. SetKernel switches (tests and benchmarks
	// use it); SIMDML_KERNEL=generic|avx2|avx512|neon caps the choice at
	// start.
	best := blas.Kernel()
	restore, err := blas.SetKernel("generic")
	if err != nil {
		panic(err)
	}
	fmt.Println(blas.Kernel())
	restore()
	fmt.Println(blas.Kernel() == best)
	// Output:
	// generic
	// true
}
