package tensor

import (
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// TestOpPanics triggers every documented shape panic and checks the
// message names the operation and both shapes.
func TestOpPanics(t *testing.T) {
	a23, a32, a22, v3, v2 := New(2, 3), New(3, 2), New(2, 2), New(3), New(2)
	for _, c := range []struct {
		want string
		f    func()
	}{
		{"tensor: Add: shapes [2 3] and [3 2] differ", func() { Add(a23, a23, a32) }},
		{"tensor: Add: shapes [2 2] and [2 3]: dst must have the operands' shape", func() { Add(a22, a23, a23) }},
		{"tensor: Sub: shapes [2 3] and [3 2] differ", func() { Sub(a23, a23, a32) }},
		{"tensor: Mul: shapes [2 2] and [2 3]: dst must have the operands' shape", func() { Mul(a22, a23, a23) }},
		{"tensor: Scale: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { Scale(a32, a23, 2) }},
		{"tensor: Axpy: shapes [2 3] and [3 2]: dst must have the operand's shape", func() { Axpy(a23, 2, a32) }},
		{"tensor: ReLU: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { ReLU(a32, a23) }},
		{"tensor: ReLUBackward: shapes [2 3] and [3 2] differ", func() { ReLUBackward(a23, a23, a32) }},
		{"tensor: Sigmoid: shapes [2 2] and [2 3]: dst must have the operand's shape", func() { Sigmoid(a22, a23) }},
		{"tensor: SigmoidBackward: shapes [2 2] and [2 3]: dst must have the operands' shape", func() { SigmoidBackward(a22, a23, a23) }},
		{"tensor: Tanh: shapes [3] and [2 3]: dst must have the operand's shape", func() { Tanh(v3, a23) }},
		{"tensor: TanhBackward: shapes [2 3] and [2 2] differ", func() { TanhBackward(a23, a23, a22) }},
		{"tensor: Exp: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { Exp(a32, a23) }},
		{"tensor: SoftmaxRows: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { SoftmaxRows(a32, a23) }},
		{"tensor: LogSoftmaxRows: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { LogSoftmaxRows(a32, a23) }},
		{"tensor: AddRowVector: shapes [2 3] and [2]: v must hold 3 elements", func() { AddRowVector(a23, a23, v2) }},
		{"tensor: AddRowVector: shapes [3 2] and [2 3]: dst must have the operand's shape", func() { AddRowVector(a32, a23, v3) }},
		{"tensor: SumCols: shapes [2] and [2 3]: dst must hold 3 elements", func() { SumCols(v2, a23) }},
		{"tensor: SumRows: shapes [3] and [2 3]: dst must hold 2 elements", func() { SumRows(v3, a23) }},
		{"tensor: ArgmaxRows: len(dst) = 3 and shape [2 3]: need 2 rows of at least one column", func() { ArgmaxRows(make([]int, 3), a23) }},
		{"tensor: MatMul: shapes [2 3] and [2 3] do not multiply (transA = false, transB = false)", func() { MatMul(a22, a23, a23, false, false) }},
		{"tensor: MatMul: shapes [2 3] and [2 3]: dst must be [2 2]", func() { MatMul(a23, a23, a23, false, true) }},
		{"tensor: MatMulAdd: shapes [3 2] and [2 3] do not multiply (transA = true, transB = false)", func() { MatMulAdd(a22, a32, a23, true, false) }},
		{"tensor: MatMul: shape [3] is not 2-D", func() { MatMul(a22, v3, a23, false, false) }},
	} {
		testutil.MustPanic(t, c.want, c.f)
	}
}
