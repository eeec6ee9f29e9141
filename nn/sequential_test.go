package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/tensor"
)

func TestNumParamsCourse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	s := mlp(t, r, []int{784, 16, 16, 10}, func() Layer { return NewReLU() }, nil)
	if n := s.NumParams(); n != 13002 {
		t.Errorf("784-16-16-10 has %d parameters, want 13,002", n)
	}
	var names []string
	for _, p := range s.Params() {
		names = append(names, p.Name+"="+shapeString(p.Value.Shape()))
	}
	want := "0.weight=16x784 0.bias=16 2.weight=16x16 2.bias=16 4.weight=10x16 4.bias=10"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("params %s, want %s", got, want)
	}
	wantStr := "Sequential(\n  (0): Linear(in_features=784, out_features=16, bias=True)\n  (1): ReLU()\n" +
		"  (2): Linear(in_features=16, out_features=16, bias=True)\n  (3): ReLU()\n" +
		"  (4): Linear(in_features=16, out_features=10, bias=True)\n)"
	if s.String() != wantStr {
		t.Errorf("String() =\n%s\nwant\n%s", s, wantStr)
	}
}

func shapeString(s []int) string {
	var parts []string
	for _, d := range s {
		parts = append(parts, strconv.Itoa(d))
	}
	return strings.Join(parts, "x")
}

func TestInitializers(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	const in, out = 400, 300
	for _, c := range []struct {
		init      Init
		std       float64 // expected weight standard deviation
		zeroBias  bool
		maxAbsW   float64 // 0: unbounded
		biasBound float64
	}{
		{InitDefault, 1 / math.Sqrt(in) / math.Sqrt(3), false, 1 / math.Sqrt(in), 1 / math.Sqrt(in)},
		{InitHe, math.Sqrt(2.0 / in), true, 0, 0},
		{InitXavier, math.Sqrt(6.0/(in+out)) / math.Sqrt(3), true, math.Sqrt(6.0 / (in + out)), 0},
	} {
		d := NewDense(in, out, c.init, r)
		var ss float64
		for _, w := range d.Weight().Data() {
			ss += float64(w) * float64(w)
			if c.maxAbsW > 0 && math.Abs(float64(w)) > c.maxAbsW {
				t.Fatalf("%v: weight %v beyond %v", c.init, w, c.maxAbsW)
			}
		}
		std := math.Sqrt(ss / float64(in*out))
		if math.Abs(std-c.std)/c.std > 0.02 { // 120,000 samples: sampling error ≈ 0.3%
			t.Errorf("%v: weight std %v, want %v", c.init, std, c.std)
		}
		for _, b := range d.Bias().Data() {
			if c.zeroBias && b != 0 || !c.zeroBias && math.Abs(float64(b)) > c.biasBound {
				t.Fatalf("%v: bias %v", c.init, b)
			}
		}
	}
	// Same seed, same weights.
	a := NewDense(3, 2, InitHe, rand.New(rand.NewPCG(9, 9)))
	b := NewDense(3, 2, InitHe, rand.New(rand.NewPCG(9, 9)))
	if !tensor.AllClose(a.Weight(), b.Weight(), 0, 0) {
		t.Error("same seed gave different weights")
	}
}

// Inference is bit-identical to the training forward pass on the same batch,
// for a batch and for single examples, at every kernel level.
// TestPredictMatchesForward checks that PredictBatch and Predict give the
// bits of Forward, for a Tanh network, a ReLU network (whose ReLUs run in
// place, for one example in the Dense layer's call), one that starts with
// an activation and holds an Identity, ReLU networks whose output is a
// ReLU (Predict writes dst in the last Dense layer's call) and a single
// Dense layer with a ReLU (which must not write dst while reading x).
func TestPredictMatchesForward(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 3))
		mixed, err := NewSequential(NewReLU(), NewDense(37, 20, InitHe, r), NewReLU(), NewIdentity(),
			NewDense(20, 5, InitDefault, r), NewSigmoid())
		if err != nil {
			t.Fatal(err)
		}
		reluOut, err := NewSequential(NewDense(37, 33, InitHe, r), NewReLU(), NewDense(33, 5, InitHe, r), NewReLU(), NewIdentity())
		if err != nil {
			t.Fatal(err)
		}
		single, err := NewSequential(NewDense(37, 5, InitHe, r), NewReLU())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []*Sequential{
			mlp(t, r, []int{37, 33, 17, 5}, func() Layer { return NewTanh() }, NewSoftmax()),
			mlp(t, r, []int{37, 33, 17, 5}, func() Layer { return NewReLU() }, nil),
			mixed,
			mlp(t, r, []int{37, 33, 17, 5}, func() Layer { return NewReLU() }, NewReLU()),
			reluOut,
			single,
		} {
			x := randMatrix(r, 9, 37, -1, 1)
			fw, err := s.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			fw = fw.Clone()
			got := tensor.New(9, 5)
			if err := s.PredictBatch(got, x); err != nil {
				t.Fatal(err)
			}
			if !bitsEqual(got.Data(), fw.Data()) {
				t.Errorf("%v: PredictBatch differs from Forward", s)
			}
			for i := 0; i < 9; i++ {
				one, _ := s.Forward(x.RowSlice(i, i+1))
				want := append([]float32(nil), one.Data()...)
				dst := make([]float32, 5)
				if err := s.Predict(dst, x.Row(i)); err != nil {
					t.Fatal(err)
				}
				if !bitsEqual(dst, want) {
					t.Errorf("%v: Predict(row %d) = %v, Forward on it %v", s, i, dst, want)
				}
				// dst may share memory with x: the output is written last.
				in := append([]float32(nil), x.Row(i)...)
				if err := s.Predict(in[:5], in); err != nil || !bitsEqual(in[:5], want) {
					t.Errorf("%v: Predict(row %d) into its own input = %v, %v; want %v", s, i, in[:5], err, want)
				}
			}
		}
	})
}

func bitsEqual(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return false
		}
	}
	return true
}

// 64 goroutines predicting on one model agree with serial results (run
// under -race in CI).
func TestPredictConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	s := mlp(t, r, []int{50, 40, 30, 10}, func() Layer { return NewReLU() }, nil)
	const n = 32
	x := randMatrix(r, n, 50, -1, 1)
	want := tensor.New(n, 10)
	for i := 0; i < n; i++ {
		if err := s.Predict(want.Row(i), x.Row(i)); err != nil {
			t.Fatal(err)
		}
	}
	wantBatch := tensor.New(n, 10)
	if err := s.PredictBatch(wantBatch, x); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			dst := make([]float32, 10)
			batch := tensor.New(n, 10)
			for rep := 0; rep < 20; rep++ {
				i := (g + rep) % n
				if err := s.Predict(dst, x.Row(i)); err != nil || !bitsEqual(dst, want.Row(i)) {
					errs <- "Predict differs"
					return
				}
				if rep%5 == 0 {
					if err := s.PredictBatch(batch, x); err != nil || !bitsEqual(batch.Data(), wantBatch.Data()) {
						errs <- "PredictBatch differs"
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

func TestZeroAllocs(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	s := mlp(t, r, []int{64, 32, 16, 10}, func() Layer { return NewReLU() }, nil)
	const m = 16
	x := randMatrix(r, m, 64, -1, 1)
	dst := make([]float32, 10)
	out := tensor.New(m, 10)
	p := s.NewPredictor()
	labels, _ := classTargets(r, m, 10, false)
	grad := tensor.New(m, 10)
	// The batched paths may allocate no more than their GEMM calls alone do
	// (blas owns those; a nonzero figure is logged for its maintainers).
	fwdGEMM, stepGEMM := gemmCalls(s, m)
	fwdGEMM5, _ := gemmCalls(s, 5)
	x5, out5 := x.RowSlice(0, 5), tensor.New(5, 10)
	checks := []struct {
		name string
		f    func()
		ref  func()
	}{
		{"Sequential.Predict", func() { s.Predict(dst, x.Row(0)) }, nil},
		{"Sequential.PredictBatch", func() { s.PredictBatch(out, x) }, fwdGEMM},
		{"Predictor.Predict", func() { p.Predict(dst, x.Row(1)) }, nil},
		{"Predictor.PredictBatch", func() { p.PredictBatch(out, x) }, fwdGEMM},
		{"Predictor.PredictBatch alternating sizes", func() { p.PredictBatch(out, x); p.PredictBatch(out5, x5) },
			func() { fwdGEMM(); fwdGEMM5() }},
		{"training step", func() {
			s.ZeroGrad()
			o, _ := s.Forward(x)
			CrossEntropy{}.Eval(o, Targets{Labels: labels}, grad)
			s.Backward(grad)
		}, stepGEMM},
	}
	for _, c := range checks {
		if raceEnabled && strings.HasPrefix(c.name, "Sequential.") {
			continue // sync.Pool drops items under -race
		}
		allowed := 0.0
		if c.ref != nil {
			c.ref()
			if allowed = testing.AllocsPerRun(100, c.ref); allowed != 0 {
				t.Logf("%s: its blas.Sgemm calls alone allocate %v times per call", c.name, allowed)
			}
		}
		c.f() // warm up buffers
		if a := testing.AllocsPerRun(100, c.f); a > allowed {
			t.Errorf("%s: %v allocs per call, want %v", c.name, a, allowed)
		}
	}
}

// gemmCalls returns functions making the Sgemm calls of a forward pass and
// of a training step of s (Dense layers only) at batch m, on scratch data.
func gemmCalls(s *Sequential, m int) (fwd, step func()) {
	var ds []*Dense
	for _, l := range s.layers {
		if d, ok := l.(*Dense); ok {
			ds = append(ds, d)
		}
	}
	a := [][]float32{make([]float32, m*ds[0].in)}
	for _, d := range ds {
		a = append(a, make([]float32, m*d.out))
	}
	dx := make([]float32, m*64*64)
	fwd = func() {
		for i, d := range ds {
			blas.Sgemm(blas.NoTrans, blas.Trans, m, d.out, d.in, 1, a[i], d.in, d.w.Data(), d.in, 1, a[i+1], d.out)
		}
	}
	step = func() {
		fwd()
		for i := len(ds) - 1; i >= 0; i-- {
			d := ds[i]
			blas.Sgemm(blas.Trans, blas.NoTrans, d.out, d.in, m, 1, a[i+1], d.out, a[i], d.in, 1, d.dw.Data(), d.in)
			if i > 0 {
				blas.Sgemm(blas.NoTrans, blas.NoTrans, m, d.in, d.out, 1, a[i+1], d.out, d.w.Data(), d.in, 0, dx[:m*d.in], d.in)
			}
		}
	}
	return fwd, step
}

func TestSaveLoadPredict(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	layers := []Layer{NewDense(6, 8, InitXavier, r), NewSigmoid(), NewDense(8, 5, InitHe, r), NewReLU(),
		NewDense(5, 4, InitDefault, r), NewTanh(), NewDense(4, 3, InitDefault, r), NewIdentity(), NewSoftmax()}
	s, err := NewSequential(layers...)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.safetensors")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o644) {
		t.Errorf("saved file: %v, %v; want mode 0644", fi.Mode(), err)
	}
	l, err := LoadSequential(path)
	if err != nil {
		t.Fatal(err)
	}
	if l.String() != s.String() {
		t.Errorf("loaded model\n%s\nwant\n%s", l, s)
	}
	x := randMatrix(r, 7, 6, -2, 2)
	a, b := tensor.New(7, 3), tensor.New(7, 3)
	s.PredictBatch(a, x)
	if err := l.PredictBatch(b, x); err != nil {
		t.Fatal(err)
	}
	if !bitsEqual(a.Data(), b.Data()) {
		t.Error("loaded model predicts differently")
	}
	var buf bytes.Buffer
	n, err := s.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) {
		t.Fatalf("WriteTo: %d, %v (buffer %d)", n, err, buf.Len())
	}
	m, err := ReadSequential(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || m.NumParams() != s.NumParams() {
		t.Fatalf("ReadSequential: %v", err)
	}
	// LoadParams into a fresh model of the same shape.
	fresh, _ := NewSequential(NewDense(6, 8, InitDefault, r), NewSigmoid(), NewDense(8, 5, InitDefault, r), NewReLU(),
		NewDense(5, 4, InitDefault, r), NewTanh(), NewDense(4, 3, InitDefault, r), NewIdentity(), NewSoftmax())
	if err := fresh.LoadParams(path); err != nil {
		t.Fatal(err)
	}
	fresh.PredictBatch(b, x)
	if !bitsEqual(a.Data(), b.Data()) {
		t.Error("LoadParams model predicts differently")
	}
}

// Backward adds to the gradients until ZeroGrad; the training loop's
// overwriting pass gives what ZeroGrad then Backward give.
func TestGradientsAccumulate(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 31))
	s := mlp(t, r, []int{4, 6, 3}, func() Layer { return NewSigmoid() }, nil)
	x := randMatrix(r, 5, 4, -1, 1)
	y := randMatrix(r, 5, 3, -1, 1)
	grad := tensor.New(5, 3)
	out, _ := s.Forward(x)
	MSE{}.Eval(out, Targets{Y: y}, grad)
	s.ZeroGrad()
	s.Backward(grad)
	once := snapshotGrads(s)
	s.Backward(grad)
	for i, p := range s.Params() {
		for j, v := range p.Grad.Data() {
			// The second sum starts from the first, so rounding may differ
			// by a few ulps from an exact doubling.
			if math.Abs(float64(v-2*once[i][j])) > 1e-6*math.Abs(float64(2*once[i][j]))+1e-12 {
				t.Fatalf("%s[%d] = %v after two Backwards, want %v", p.Name, j, v, 2*once[i][j])
			}
		}
	}
	s.backward(grad, true)
	for i, p := range s.Params() {
		if !bitsEqual(p.Grad.Data(), once[i]) {
			t.Fatalf("%s: overwriting backward differs from ZeroGrad + Backward", p.Name)
		}
	}
}

func snapshotGrads(s *Sequential) [][]float32 {
	var out [][]float32
	for _, p := range s.Params() {
		out = append(out, append([]float32(nil), p.Grad.Data()...))
	}
	return out
}
