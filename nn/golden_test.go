package nn

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/tensor"
)

// golden mirrors testdata/golden.json, made by testdata/make_golden.py.
type golden struct {
	X      [][]float32 `json:"x"`
	Models map[string]struct {
		File   string      `json:"file"`
		Out    [][]float64 `json:"out"`
		Losses map[string]struct {
			Y      [][]float32          `json:"y"`
			Labels []int                `json:"labels"`
			Loss   float64              `json:"loss"`
			Grads  map[string][]float64 `json:"grads"`
		} `json:"losses"`
	} `json:"models"`
	DTypes map[string]struct {
		File string      `json:"file"`
		Out  [][]float64 `json:"out"`
	} `json:"dtypes"`
}

// goldenTol is the bar: at most 1e-5 relative difference. Both
// sides compute in float32 with different summation orders; an element is
// compared relative to max(|want|, 1e-2·max|want| of its tensor), so
// entries that cancel to near zero are judged on their tensor's scale.
const goldenTol = 1e-5

func loadGolden(t *testing.T) *golden {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

func matrix(rows [][]float32) *tensor.Tensor {
	t := tensor.New(len(rows), len(rows[0]))
	for i, r := range rows {
		copy(t.Row(i), r)
	}
	return t
}

// worstRel returns the worst relative difference of got against want.
func worstRel(got []float32, want []float64) float64 {
	scale := 0.0
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	worst := 0.0
	for i, w := range want {
		d := math.Abs(float64(got[i])-w) / math.Max(math.Max(math.Abs(w), 1e-2*scale), 1e-30)
		if d > worst || math.IsNaN(d) {
			worst = d
		}
	}
	return worst
}

func flatten(rows [][]float64) []float64 {
	var out []float64
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func TestPyTorchGolden(t *testing.T) {
	g := loadGolden(t)
	x := matrix(g.X)
	losses := map[string]Loss{"mse": MSE{}, "ce_labels": CrossEntropy{}, "ce_soft": CrossEntropy{}, "bce_logits": BCEWithLogits{}, "bce": BCE{}}
	testutil.ForEachLevel(t, func(t *testing.T) {
		for name, mg := range g.Models {
			s, err := LoadSequential(filepath.Join("testdata", mg.File))
			if err != nil {
				t.Fatal(err)
			}
			out, err := s.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			if d := worstRel(out.Data(), flatten(mg.Out)); d > goldenTol {
				t.Errorf("%s: output differs from PyTorch by %.3g relative", name, d)
			}
			for lname, lg := range mg.Losses {
				tg := Targets{Labels: lg.Labels}
				if lg.Y != nil {
					tg.Y = matrix(lg.Y)
				}
				loss := losses[lname]
				if err := loss.Validate(tg, s.OutputSize()); err != nil {
					t.Fatal(err)
				}
				s.ZeroGrad()
				out, _ := s.Forward(x)
				grad := tensor.New(out.Rows(), out.Cols())
				j := loss.Eval(out, tg, grad)
				if d := math.Abs(j-lg.Loss) / math.Abs(lg.Loss); d > goldenTol {
					t.Errorf("%s/%s: loss %v, PyTorch %v", name, lname, j, lg.Loss)
				}
				if err := s.Backward(grad); err != nil {
					t.Fatal(err)
				}
				for _, p := range s.Params() {
					want, ok := lg.Grads[p.Name]
					if !ok {
						t.Fatalf("%s/%s: no PyTorch gradient for %s", name, lname, p.Name)
					}
					if d := worstRel(p.Grad.Data(), want); d > goldenTol {
						t.Errorf("%s/%s: gradient of %s differs from PyTorch by %.3g relative", name, lname, p.Name, d)
					}
				}
			}
		}
	})
}

// Files written by the script in F64, F16 and BF16 load into float32 and
// reproduce PyTorch's outputs for the rounded weights.
func TestPyTorchGoldenDTypes(t *testing.T) {
	g := loadGolden(t)
	x := matrix(g.X)
	for dt, dg := range g.DTypes {
		s, err := LoadSequential(filepath.Join("testdata", dg.File))
		if err != nil {
			t.Fatalf("%s: %v", dt, err)
		}
		out := tensor.New(x.Rows(), s.OutputSize())
		if err := s.PredictBatch(out, x); err != nil {
			t.Fatal(err)
		}
		if d := worstRel(out.Data(), flatten(dg.Out)); d > goldenTol {
			t.Errorf("%s: output differs from PyTorch by %.3g relative", dt, d)
		}
	}
}

// TestPyTorchLoadsGoFile saves a model from Go, has PyTorch rebuild it from
// the file alone and checks PyTorch's outputs against Go's. It needs PyTorch:
// set SIMDML_PYTHON to an interpreter that has it (/usr/bin/python3 here).
func TestPyTorchLoadsGoFile(t *testing.T) {
	py := os.Getenv("SIMDML_PYTHON")
	if py == "" {
		t.Skip("SIMDML_PYTHON not set")
	}
	r := rand.New(rand.NewPCG(30, 30))
	s, _ := NewSequential(NewDense(6, 9, InitHe, r), NewReLU(), NewDense(9, 5, InitXavier, r), NewTanh(),
		NewDense(5, 4, InitDefault, r), NewSigmoid(), NewDense(4, 3, InitDefault, r), NewIdentity(), NewSoftmax())
	dir := t.TempDir()
	model := filepath.Join(dir, "m.safetensors")
	if err := s.Save(model); err != nil {
		t.Fatal(err)
	}
	x := tensor.RandUniform(r, -2, 2, 5, 6)
	rows := make([][]float32, 5)
	for i := range rows {
		rows[i] = x.Row(i)
	}
	in, _ := json.Marshal(rows)
	input := filepath.Join(dir, "x.json")
	if err := os.WriteFile(input, in, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, filepath.Join("testdata", "make_golden.py"), "--check", model, input).Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	var want [][]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	got := tensor.New(5, 3)
	s.PredictBatch(got, x)
	if d := worstRel(got.Data(), flatten(want)); d > goldenTol {
		t.Errorf("PyTorch's outputs for the Go file differ by %.3g relative", d)
	}
}
