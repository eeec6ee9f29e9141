package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/simdml/simdml/tensor"
)

// Layers are building blocks and panic, like tensor, on shapes that do not
// fit; each documented panic is triggered and its message checked.
func TestLayerPanics(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 20))
	cases := []struct {
		name string
		f    func()
		want string
	}{
		{"NewDense size", func() { NewDense(0, 3, InitDefault, r) }, "nn: NewDense: sizes in = 0, out = 3 must be positive"},
		{"NewDense rand", func() { NewDense(2, 3, InitDefault, nil) }, "nn: NewDense: nil *rand.Rand"},
		{"Dense.Forward width", func() { NewDense(2, 3, InitDefault, r).Forward(tensor.New(4, 3)) }, "nn: Dense.Forward: input shape [4 3], want [m 2]"},
		{"Dense.Backward early", func() { NewDense(2, 3, InitDefault, r).Backward(tensor.New(4, 3)) }, "nn: Dense.Backward: no Forward before Backward"},
		{"Dense.Backward shape", func() {
			d := NewDense(2, 3, InitDefault, r)
			d.Forward(tensor.New(4, 2))
			d.Backward(tensor.New(4, 2))
		}, "nn: Dense.Backward: grad shape [4 2], want [4 3]"},
		{"ReLU.Forward 1-D", func() { NewReLU().Forward(tensor.New(3)) }, "nn: ReLU.Forward: input shape [3], want [m n]"},
		{"Tanh.Backward early", func() { NewTanh().Backward(tensor.New(1, 1)) }, "nn: Tanh.Backward: no Forward before Backward"},
		{"Sigmoid.Backward shape", func() {
			l := NewSigmoid()
			l.Forward(tensor.New(2, 2))
			l.Backward(tensor.New(2, 3))
		}, "nn: Sigmoid.Backward: grad shape [2 3], want [2 2]"},
		{"Identity.Forward nil", func() { NewIdentity().Forward(nil) }, "nn: Identity.Forward: input shape [], want [m n]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				got := fmt.Sprint(recover())
				if got != c.want {
					t.Errorf("panic %q, want %q", got, c.want)
				}
			}()
			c.f()
		})
	}
}

// Evaluate runs in chunks through the inference path; its loss matches one
// whole-batch loss evaluation of the same outputs. The outputs are made by
// Forward chunk by chunk, as Evaluate makes them: a matrix product may
// block, and so round, differently for another row count, so a
// whole-batch Forward can differ in the last float32 bits.
func TestEvaluateChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	s := mlp(t, r, []int{5, 6, 3}, func() Layer { return NewReLU() }, nil)
	const n = 2*evalChunk + 17
	x := randMatrix(r, n, 5, -1, 1)
	labels, _ := classTargets(r, n, 3, false)
	loss, acc, err := s.Evaluate(Dataset{X: x, Labels: labels}, CrossEntropy{})
	if err != nil {
		t.Fatal(err)
	}
	out := tensor.New(n, 3)
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		y, err := s.Forward(x.RowSlice(lo, hi))
		if err != nil {
			t.Fatal(err)
		}
		out.RowSlice(lo, hi).CopyFrom(y)
	}
	want := CrossEntropy{}.Eval(out, Targets{Labels: labels}, nil)
	wantAcc := float64(CrossEntropy{}.Correct(out, Targets{Labels: labels})) / n
	// Per-chunk means recombined: float64 sums of float32-exact terms agree
	// to a few ulps of float64.
	if math.Abs(loss-want) > 1e-12*want || acc != wantAcc {
		t.Errorf("Evaluate = %v, %v; whole batch %v, %v", loss, acc, want, wantAcc)
	}
}

func TestLayerStrings(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{NewReLU(), "ReLU()"}, {NewSigmoid(), "Sigmoid()"}, {NewTanh(), "Tanh()"},
		{NewSoftmax(), "Softmax(dim=1)"}, {NewIdentity(), "Identity()"},
		{NewDense(3, 2, InitDefault, rand.New(rand.NewPCG(1, 1))), "Linear(in_features=3, out_features=2, bias=True)"},
	} {
		if c.l.String() != c.want {
			t.Errorf("%T.String() = %q, want %q", c.l, c.l.String(), c.want)
		}
	}
	for _, i := range []Init{InitDefault, InitHe, InitXavier, Init(7)} {
		if s := i.String(); s == "" || strings.Contains(s, "%") {
			t.Errorf("Init(%d).String() = %q", int(i), s)
		}
	}
}
