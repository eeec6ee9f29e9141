package tensor

import "github.com/simdml/simdml/blas"

// MatMul sets dst = op(a)·op(b) and returns dst, where op(a) is a or its
// transpose (transA) and likewise for b. a, b and dst are 2-D; op(a) is
// m x k, op(b) is k x n and dst must be m x n. dst must not share memory
// with a or b. It runs blas.Sgemm with beta = 0, so dst's old contents
// (NaN included) do not matter.
func MatMul(dst, a, b *Tensor, transA, transB bool) *Tensor {
	return matMul("MatMul", dst, a, b, transA, transB, 0)
}

// MatMulAdd sets dst += op(a)·op(b) and returns dst (blas.Sgemm with
// beta = 1); see MatMul for the shapes.
func MatMulAdd(dst, a, b *Tensor, transA, transB bool) *Tensor {
	return matMul("MatMulAdd", dst, a, b, transA, transB, 1)
}

func matMul(op string, dst, a, b *Tensor, transA, transB bool, beta float32) *Tensor {
	a.need2D(op)
	b.need2D(op)
	dst.need2D(op)
	m, k, tA := a.shape[0], a.shape[1], blas.NoTrans
	if transA {
		m, k, tA = k, m, blas.Trans
	}
	kb, n, tB := b.shape[0], b.shape[1], blas.NoTrans
	if transB {
		kb, n, tB = n, kb, blas.Trans
	}
	if k != kb {
		panicf("%s: shapes %v and %v do not multiply (transA = %t, transB = %t)", op, a.shape, b.shape, transA, transB)
	}
	if dst.shape[0] != m || dst.shape[1] != n {
		panicf("%s: shapes %v and %v: dst must be [%d %d]", op, dst.shape, a.shape, m, n)
	}
	blas.Sgemm(tA, tB, m, n, k, 1, a.data, max(1, a.shape[1]), b.data, max(1, b.shape[1]), beta, dst.data, max(1, n))
	return dst
}
