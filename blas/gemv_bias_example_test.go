package blas_test

import (
	"fmt"

	"github.com/simdml/simdml/blas"
)

func ExampleSgemvBias() {
	// A dense layer with 3 inputs and 2 outputs, then a ReLU.
	w := []float32{
		1, 2, 3,
		-1, -2, -3,
	}
	b := []float32{0.5, 1}
	x := []float32{1, 1, 1}
	y := make([]float32, 2)
	blas.SgemvBias(2, 3, w, 3, x, b, y, false) // y = W·x + b
	fmt.Println(y)
	blas.SgemvBias(2, 3, w, 3, x, b, y, true) // y = max(W·x + b, 0)
	fmt.Println(y)
	// Output:
	// [6.5 -5]
	// [6.5 0]
}
