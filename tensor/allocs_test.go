package tensor

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// TestNoAllocs: every operation that takes a dst allocates nothing, at
// every level.
func TestNoAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	a, b, d := randT(r, 33, 47), randT(r, 33, 47), New(33, 47)
	w, mm := randT(r, 47, 47), New(33, 47)
	v, cols, rows := randT(r, 47), New(47), New(33)
	idx := make([]int, 33)
	ops := map[string]func(){
		"MatMul":                  func() { MatMul(mm, a, w, false, true) },
		"MatMulAdd":               func() { MatMulAdd(mm, a, w, false, false) },
		"AddRowVector":            func() { AddRowVector(d, a, v) },
		"SumCols":                 func() { SumCols(cols, a) },
		"SumRows":                 func() { SumRows(rows, a) },
		"Add":                     func() { Add(d, a, b) },
		"Sub":                     func() { Sub(d, a, b) },
		"Mul":                     func() { Mul(d, a, b) },
		"Scale":                   func() { Scale(d, a, 2) },
		"Axpy":                    func() { Axpy(d, 2, a) },
		"ArgmaxRows":              func() { ArgmaxRows(idx, a) },
		"ReLU":                    func() { ReLU(d, a) },
		"ReLUBackward":            func() { ReLUBackward(d, a, b) },
		"Sigmoid":                 func() { Sigmoid(d, a) },
		"SigmoidBackward":         func() { SigmoidBackward(d, a, b) },
		"Tanh":                    func() { Tanh(d, a) },
		"TanhBackward":            func() { TanhBackward(d, a, b) },
		"Exp":                     func() { Exp(d, a) },
		"SoftmaxRows":             func() { SoftmaxRows(d, a) },
		"LogSoftmaxRows":          func() { LogSoftmaxRows(d, a) },
		"LogSoftmaxRows in place": func() { LogSoftmaxRows(b, b) },
		"CopyFrom/Zero/Fill":      func() { d.CopyFrom(a).Zero().Fill(1) },
	}
	testutil.ForEachLevel(t, func(t *testing.T) {
		for name, f := range ops {
			if n := testing.AllocsPerRun(20, f); n != 0 {
				t.Errorf("%s: %v allocations per call, want 0", name, n)
			}
		}
	})
}
