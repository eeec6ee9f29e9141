package blas_test

import (
	"fmt"

	"github.com/simdml/simdml/blas"
)

// A dense layer's forward pass for a batch of two: Z = X·Wᵀ, with X 2 x 3
// (one example per row) and W 2 x 3 (one output unit per row).
func ExampleSgemm() {
	x := []float32{
		1, 2, 3,
		4, 5, 6,
	}
	w := []float32{
		1, 0, -1,
		0.5, 0.5, 0.5,
	}
	z := make([]float32, 2*2)
	blas.Sgemm(blas.NoTrans, blas.Trans, 2, 2, 3, 1, x, 3, w, 3, 0, z, 2)
	fmt.Println(z)
	// Output: [-2 3 -2 7.5]
}

// A service running many requests in parallel can keep each Sgemm call on
// its own goroutine.
func ExampleSetMaxProcs() {
	prev := blas.SetMaxProcs(1)
	defer blas.SetMaxProcs(prev)
	fmt.Println(prev)
	// Output: 0
}
