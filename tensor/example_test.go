package tensor_test

import (
	"fmt"

	"github.com/simdml/simdml/tensor"
)

// A dense layer's forward pass on a batch of two examples: Z = X·Wᵀ + b,
// then A = ReLU(Z).
func Example() {
	x := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)                 // 2 examples, 3 features
	w := tensor.FromSlice([]float32{1, 0, -1, 0.5, 0.5, 0.5, 0, 0, 0}, 3, 3) // 3 units
	b := tensor.FromSlice([]float32{0.5, -10, 1}, 3)
	z := tensor.New(2, 3)
	tensor.MatMul(z, x, w, false, true)
	tensor.AddRowVector(z, z, b)
	a := tensor.ReLU(tensor.New(2, 3), z)
	fmt.Println(z)
	fmt.Println(a)
	// Output:
	// Tensor[2 3] [[-1.5 -7 1] [-1.5 -2.5 1]]
	// Tensor[2 3] [[0 0 1] [0 0 1]]
}

func ExampleSoftmaxRows() {
	z := tensor.FromSlice([]float32{1, 2, 3, 1000, 1000, 1000}, 2, 3)
	p := tensor.SoftmaxRows(tensor.New(2, 3), z)
	fmt.Printf("%.4f\n", p.Data())
	// Output:
	// [0.0900 0.2447 0.6652 0.3333 0.3333 0.3333]
}

func ExampleArgmaxRows() {
	scores := tensor.FromSlice([]float32{0.1, 0.7, 0.2, 0.5, 0.3, 0.2}, 2, 3)
	fmt.Println(tensor.ArgmaxRows(make([]int, 2), scores))
	// Output:
	// [1 0]
}

func ExampleTensor_Reshape() {
	t := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	v := t.Reshape(3, -1)
	v.Data()[0] = 9 // a view: t changes too
	fmt.Println(v.Shape(), t)
	// Output:
	// [3 2] Tensor[2 3] [[9 2 3] [4 5 6]]
}
