package tensor

import (
	"fmt"
	"math"
	"slices"
)

// panicf panics with a "tensor: "-prefixed message.
func panicf(format string, args ...any) {
	panic("tensor: " + fmt.Sprintf(format, args...))
}

// numel returns the product of the dimensions, panicking on a negative one.
func numel(op string, shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panicf("%s: shape %v has a negative dimension", op, shape)
		}
		n *= d
	}
	return n
}

func cloneShape(s []int) []int { return append(make([]int, 0, len(s)), s...) }

// sameShape panics unless a and b have equal shapes.
func sameShape(op string, a, b *Tensor) {
	if !slices.Equal(a.shape, b.shape) {
		panicf("%s: shapes %v and %v differ", op, a.shape, b.shape)
	}
}

// sameShape3 panics unless dst, a and b have equal shapes.
func sameShape3(op string, dst, a, b *Tensor) {
	if !slices.Equal(a.shape, b.shape) {
		panicf("%s: shapes %v and %v differ", op, a.shape, b.shape)
	}
	if !slices.Equal(dst.shape, a.shape) {
		panicf("%s: shapes %v and %v: dst must have the operands' shape", op, dst.shape, a.shape)
	}
}

// dstShape panics unless dst has a's shape.
func dstShape(op string, dst, a *Tensor) {
	if !slices.Equal(dst.shape, a.shape) {
		panicf("%s: shapes %v and %v: dst must have the operand's shape", op, dst.shape, a.shape)
	}
}

// unary checks that dst has z's shape, then runs the elementwise kernel f
// over the data: the body of every one-operand elementwise operation.
func unary(op string, dst, z *Tensor, f func(dst, x []float32)) *Tensor {
	dstShape(op, dst, z)
	f(dst.data, z.data)
	return dst
}

// binary checks that dst, a and b have one shape, then runs the elementwise
// kernel f over the data: the body of every two-operand elementwise operation.
func binary(op string, dst, a, b *Tensor, f func(dst, a, b []float32)) *Tensor {
	sameShape3(op, dst, a, b)
	f(dst.data, a.data, b.data)
	return dst
}

func (t *Tensor) need2D(op string) {
	if len(t.shape) != 2 {
		panicf("%s: shape %v is not 2-D", op, t.shape)
	}
}

// AllClose reports whether a and b have equal shapes and every pair of
// elements satisfies |a−b| ≤ atol + rtol·|b| (numpy's rule). Infinities
// are close only to the same infinity; NaN is close to nothing.
func AllClose(a, b *Tensor, rtol, atol float64) bool {
	if !slices.Equal(a.shape, b.shape) {
		return false
	}
	for i, x := range a.data {
		av, bv := float64(x), float64(b.data[i])
		if av == bv {
			continue
		}
		if math.IsInf(av, 0) || math.IsInf(bv, 0) || !(math.Abs(av-bv) <= atol+rtol*math.Abs(bv)) {
			return false
		}
	}
	return true
}
