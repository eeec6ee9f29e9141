package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/simdml/simdml/tensor"
)

// GradCheckConfig tunes GradCheck; the zero value checks every parameter
// entry with the default step.
type GradCheckConfig struct {
	// Step is the relative finite-difference step: entry θ moves by
	// ±Step·max(1, |θ|). 0 means 1e-6.
	Step float64
	// Samples, if positive, checks only this many entries of each
	// parameter, drawn with Rand; 0 checks them all.
	Samples int
	// Rand draws the sampled entries, so a check is reproducible from its
	// seed; required when Samples > 0, unused otherwise.
	Rand *rand.Rand
}

// GradCheckResult is GradCheck's verdict: the worst relative error over the
// checked entries and where it occurred.
type GradCheckResult struct {
	MaxRelError float64 // worst relative error (see GradCheck), NaN once any compared value is NaN
	Param       string  // parameter name of the worst entry, e.g. "2.weight"
	Index       int     // flat index in that parameter
	Analytic    float64 // Backward's gradient there (float32, widened)
	Numeric     float64 // central difference there
	Checked     int     // entries checked
}

// GradCheck compares the gradients Backward computes for the batch x and
// targets t under loss with central finite differences, and returns the
// worst relative error. It is for users' own networks as much as for tests.
//
// The differences are taken on a float64 re-evaluation of the network and
// loss from the model's float32 parameters, so they carry no float32
// rounding: (J(θ+h) − J(θ−h))/2h with h = Step·max(1, |θ|). The relative
// error of an entry is |a − n| / max(|a|, |n|, 1e-3·N, 1e-30), where N is
// the largest |n| of the same parameter, so entries whose true gradient is
// zero are judged against their tensor's scale rather than against zero.
// Backward's float32 result differs from the exact gradient by rounding of
// order K·2^-24 for sums of K terms; a correct Backward on a small network
// gives errors around 1e-6 to 1e-4, a wrong one errors near 1.
//
// The cost is two float64 forward passes per checked entry. GradCheck
// overwrites the gradients (as one ZeroGrad, Forward, Backward would) and
// leaves the parameters unchanged.
func (s *Sequential) GradCheck(x *tensor.Tensor, t Targets, loss Loss, cfg GradCheckConfig) (GradCheckResult, error) {
	var res GradCheckResult
	l64, ok := loss.(loss64)
	if !ok {
		return res, fmt.Errorf("nn: GradCheck: loss %v has no float64 evaluation (want one of the package's losses)", loss)
	}
	if err := s.checkData("GradCheck", Dataset{X: x, Y: t.Y, Labels: t.Labels}, loss); err != nil {
		return res, err
	}
	if cfg.Samples > 0 && cfg.Rand == nil {
		return res, errors.New("nn: GradCheck: Samples needs Rand")
	}
	h := cfg.Step
	if h == 0 {
		h = 1e-6
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return res, fmt.Errorf("nn: GradCheck: Step = %v, want a small positive number", h)
	}
	// Analytic gradients.
	out := s.forward(x)
	g := tensor.New(out.Rows(), out.Cols())
	loss.Eval(out, t, g)
	s.backward(g, true)

	ps := s.params64()
	xs := widen(x.Data())
	J := func() float64 { return l64.eval64(s.forward64(xs, x.Rows(), ps), x.Rows(), s.out, t) }
	flat := 0
	for li, l := range s.layers {
		for pi, p := range l.Params() {
			name := s.params[flat].Name
			flat++
			v := ps[li][pi]
			num := make([]float64, len(v))
			idx := entries(len(v), cfg)
			scale := 0.0
			for _, i := range idx {
				old := v[i]
				step := h * math.Max(1, math.Abs(old))
				v[i] = old + step
				jp := J()
				v[i] = old - step
				jm := J()
				v[i] = old
				num[i] = (jp - jm) / (2 * step)
				scale = math.Max(scale, math.Abs(num[i]))
			}
			for _, i := range idx {
				a := float64(p.Grad.Data()[i])
				den := math.Max(math.Max(math.Abs(a), math.Abs(num[i])), math.Max(1e-3*scale, 1e-30))
				rel := math.Abs(a-num[i]) / den
				res.Checked++
				if rel > res.MaxRelError || math.IsNaN(rel) {
					res = GradCheckResult{MaxRelError: rel, Param: name, Index: i, Analytic: a, Numeric: num[i], Checked: res.Checked}
				}
			}
		}
	}
	return res, nil
}

// entries returns the indices of a parameter with n entries to check.
func entries(n int, cfg GradCheckConfig) []int {
	if cfg.Samples <= 0 || cfg.Samples >= n {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	return cfg.Rand.Perm(n)[:cfg.Samples]
}

// params64 returns every layer's parameters widened to float64.
func (s *Sequential) params64() [][][]float64 {
	ps := make([][][]float64, len(s.layers))
	for i, l := range s.layers {
		for _, p := range l.Params() {
			ps[i] = append(ps[i], widen(p.Value.Data()))
		}
	}
	return ps
}

// forward64 runs the float64 reference forward of every layer.
func (s *Sequential) forward64(x []float64, m int, ps [][][]float64) []float64 {
	w := s.in
	for i, l := range s.layers {
		x = l.forward64(x, m, w, ps[i])
		w, _ = l.outWidth(w)
	}
	return x
}

func widen(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// loss64 is the float64 reference evaluation of a loss, for GradCheck.
type loss64 interface {
	eval64(out []float64, m, n int, t Targets) float64
}

func (MSE) eval64(a []float64, m, _ int, t Targets) float64 {
	var s float64
	for i, y := range t.Y.Data() {
		d := a[i] - float64(y)
		s += d * d
	}
	return s / (2 * float64(m))
}

func (BCE) eval64(a []float64, m, _ int, t Targets) float64 {
	var s float64
	for i, y := range t.Y.Data() {
		yi := float64(y)
		s -= yi*math.Max(math.Log(a[i]), bceLogMin) + (1-yi)*math.Max(math.Log(1-a[i]), bceLogMin)
	}
	return s / float64(m)
}

func (BCEWithLogits) eval64(z []float64, m, _ int, t Targets) float64 {
	var s float64
	for i, y := range t.Y.Data() {
		s += math.Max(z[i], 0) - z[i]*float64(y) + math.Log1p(math.Exp(-math.Abs(z[i])))
	}
	return s / float64(m)
}

func (CrossEntropy) eval64(z []float64, m, n int, t Targets) float64 {
	var s float64
	for i := 0; i < m; i++ {
		zi := z[i*n : (i+1)*n]
		mx := math.Inf(-1)
		for _, v := range zi {
			mx = math.Max(mx, v)
		}
		var e float64
		for _, v := range zi {
			e += math.Exp(v - mx)
		}
		lse := mx + math.Log(e)
		if t.Labels != nil {
			s -= zi[t.Labels[i]] - lse
			continue
		}
		for j, y := range t.Y.Data()[i*n : (i+1)*n] {
			if y != 0 {
				s -= float64(y) * (zi[j] - lse)
			}
		}
	}
	return s / float64(m)
}
