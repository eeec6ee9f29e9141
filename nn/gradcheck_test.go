package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/tensor"
)

// Tolerance for Backward against float64 central differences.
//
// Backward runs in float32 (unit roundoff ε = 2^-24 ≈ 6e-8). In these
// networks every gradient entry is a sum of at most K = m·max width = 8·7 =
// 56 products passed through L = 3 layers, so its rounding error is about
// L·K·ε ≈ 1e-5 relative to the sum of the magnitudes of its terms. The
// float64 central differences (h = 1e-6) are accurate to about 1e-9.
// Cancellation can make an entry small against its terms; GradCheck's
// denominator floor (1e-3 of the tensor's largest entry) bounds that
// amplification by 1e3, so the worst case is about 1e-2, the typical one
// 1e-5. Measured worst over all cases: 1.4e-4 (softmax output with MSE,
// where s⊙(g − g·s) cancels most). We allow 1e-3; a wrong formula gives
// errors of order 1 (TestGradCheckDetectsWrongGradient).
const gradTol = 1e-3

type gradCase struct {
	name   string
	hidden func() Layer
	out    func() Layer // nil: linear output
	loss   Loss
	target string // "y", "unit", "labels", "soft"
}

func gradCases() []gradCase {
	hiddens := map[string]func() Layer{
		"relu":     func() Layer { return NewReLU() },
		"sigmoid":  func() Layer { return NewSigmoid() },
		"tanh":     func() Layer { return NewTanh() },
		"identity": func() Layer { return NewIdentity() },
		"softmax":  func() Layer { return NewSoftmax() },
	}
	var cs []gradCase
	for hn, h := range hiddens {
		cs = append(cs,
			gradCase{hn + "/linear/mse", h, nil, MSE{}, "y"},
			gradCase{hn + "/tanh/mse", h, func() Layer { return NewTanh() }, MSE{}, "y"},
			gradCase{hn + "/softmax/mse", h, func() Layer { return NewSoftmax() }, MSE{}, "unit"},
			gradCase{hn + "/relu/mse", h, func() Layer { return NewReLU() }, MSE{}, "y"},
			gradCase{hn + "/sigmoid/bce", h, func() Layer { return NewSigmoid() }, BCE{}, "unit"},
			gradCase{hn + "/linear/bcelogits", h, nil, BCEWithLogits{}, "unit"},
			gradCase{hn + "/linear/ce-labels", h, nil, CrossEntropy{}, "labels"},
			gradCase{hn + "/linear/ce-soft", h, nil, CrossEntropy{}, "soft"},
			gradCase{hn + "/identity/ce-onehot", h, func() Layer { return NewIdentity() }, CrossEntropy{}, "onehot"},
		)
	}
	return cs
}

func TestGradCheck(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, c := range gradCases() {
			t.Run(c.name, func(t *testing.T) {
				r := rand.New(rand.NewPCG(1, 2))
				var out Layer
				if c.out != nil {
					out = c.out()
				}
				s := mlp(t, r, []int{5, 7, 6, 4}, c.hidden, out)
				const m = 8
				x := randMatrix(r, m, 5, -2, 2)
				var tg Targets
				switch c.target {
				case "y":
					tg.Y = randMatrix(r, m, 4, -1, 1)
				case "unit":
					tg.Y = randMatrix(r, m, 4, 0, 1)
				case "labels":
					tg.Labels, _ = classTargets(r, m, 4, false)
				case "onehot":
					_, tg.Y = classTargets(r, m, 4, false)
				case "soft":
					_, tg.Y = classTargets(r, m, 4, true)
				}
				before := snapshot(s)
				res, err := s.GradCheck(x, tg, c.loss, GradCheckConfig{})
				if err != nil {
					t.Fatal(err)
				}
				if res.Checked != s.NumParams() {
					t.Errorf("checked %d entries, want %d", res.Checked, s.NumParams())
				}
				if res.MaxRelError > gradTol {
					t.Errorf("worst relative error %.3g > %g at %s[%d]: analytic %g, numeric %g",
						res.MaxRelError, gradTol, res.Param, res.Index, res.Analytic, res.Numeric)
				}
				if !sameParams(s, before) {
					t.Error("GradCheck changed the parameters")
				}
			})
		}
	})
}

// A wrong gradient must be caught: corrupt Backward's result by scaling.
func TestGradCheckDetectsWrongGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	s := mlp(t, r, []int{3, 4, 2}, func() Layer { return NewTanh() }, nil)
	x := randMatrix(r, 5, 3, -1, 1)
	y := randMatrix(r, 5, 2, -1, 1)
	res, err := s.GradCheck(x, Targets{Y: y}, badLoss{}, GradCheckConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelError < 0.1 {
		t.Errorf("a gradient off by a factor 2 gave worst relative error %g", res.MaxRelError)
	}
}

// badLoss is MSE whose gradient is twice too large.
type badLoss struct{ MSE }

func (b badLoss) Eval(out *tensor.Tensor, t Targets, grad *tensor.Tensor) float64 {
	v := b.MSE.Eval(out, t, grad)
	if grad != nil {
		tensor.Scale(grad, grad, 2)
	}
	return v
}

func TestGradCheckSamples(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	s := mlp(t, r, []int{6, 8, 3}, func() Layer { return NewReLU() }, nil)
	x := randMatrix(r, 4, 6, -1, 1)
	labels, _ := classTargets(r, 4, 3, false)
	res, err := s.GradCheck(x, Targets{Labels: labels}, CrossEntropy{}, GradCheckConfig{Samples: 2, Rand: r})
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != 8 {
		t.Errorf("checked %d entries, want 2 per parameter = 8", res.Checked)
	}
	if res.MaxRelError > gradTol {
		t.Errorf("worst relative error %g", res.MaxRelError)
	}
}

// A batch of 256 and wider layers take the blocked, packed GEMM paths.
func TestGradCheckLargeBatch(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 0))
		s := mlp(t, r, []int{40, 33, 16, 4}, func() Layer { return NewReLU() }, nil)
		x := tensor.RandNormal(r, 0, 1, 256, 40)
		labels, _ := classTargets(r, 256, 4, false)
		res, err := s.GradCheck(x, Targets{Labels: labels}, CrossEntropy{}, GradCheckConfig{Samples: 16, Rand: r})
		if err != nil {
			t.Fatal(err)
		}
		// Sums of up to 256 terms: the rounding bound grows to about 3·256·ε ≈ 5e-5.
		if res.MaxRelError > gradTol {
			t.Errorf("worst relative error %.3g at %s[%d]", res.MaxRelError, res.Param, res.Index)
		}
	})
}

// TestGradCheckLeadingActivation checks a model that starts with
// activations (whose backward is skipped: nothing below the first Dense
// layer needs a gradient) and has ReLUs before Dense layers (run in
// place).
func TestGradCheckLeadingActivation(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	s, err := NewSequential(NewTanh(), NewReLU(), NewDense(5, 7, InitHe, r), NewReLU(), NewDense(7, 6, InitHe, r),
		NewReLU(), NewIdentity(), NewDense(6, 4, InitDefault, r))
	if err != nil {
		t.Fatal(err)
	}
	x := randMatrix(r, 8, 5, -2, 2)
	labels, _ := classTargets(r, 8, 4, false)
	res, err := s.GradCheck(x, Targets{Labels: labels}, CrossEntropy{}, GradCheckConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelError > gradTol {
		t.Errorf("worst relative error %.3g > %g at %s[%d]", res.MaxRelError, gradTol, res.Param, res.Index)
	}
}
