package optim

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// golden is testdata/golden.json, written by testdata/make_golden.py.
type golden struct {
	Steps  int                  `json:"steps"`
	Shapes map[string][]int     `json:"shapes"`
	Init   map[string][]float32 `json:"init"`
	Grads  []map[string][]float32
	Cases  []struct {
		Optimizer  string                 `json:"optimizer"`
		Name       string                 `json:"name"`
		Hyper      map[string]any         `json:"hyper"`
		LRs        []float64              `json:"lrs"`
		Trajectory []map[string][]float32 `json:"trajectory"`
	} `json:"cases"`
	Schedules map[string][]float64 `json:"schedules"`
}

var paramOrder = []string{"0.weight", "0.bias"}

func loadGolden(t *testing.T) *golden {
	t.Helper()
	b, err := os.ReadFile("testdata/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g golden
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return &g
}

func hnum(h map[string]any, k string, def float64) float64 {
	if v, ok := h[k]; ok {
		return v.(float64)
	}
	return def
}

func hbool(h map[string]any, k string) bool { v, _ := h[k].(bool); return v }

// newFromHyper builds the optimizer of a golden case from PyTorch's
// argument names and defaults.
func newFromHyper(kind string, h map[string]any) (nn.Optimizer, error) {
	switch kind {
	case "sgd":
		return NewSGD(SGDConfig{Momentum: hnum(h, "momentum", 0), Dampening: hnum(h, "dampening", 0),
			WeightDecay: hnum(h, "weight_decay", 0), Nesterov: hbool(h, "nesterov")})
	case "adagrad":
		return NewAdaGrad(AdaGradConfig{LRDecay: hnum(h, "lr_decay", 0), WeightDecay: hnum(h, "weight_decay", 0),
			InitialAccumulator: hnum(h, "initial_accumulator_value", 0), Eps: hnum(h, "eps", 1e-10)})
	case "rmsprop":
		return NewRMSProp(RMSPropConfig{Alpha: hnum(h, "alpha", 0.99), Eps: hnum(h, "eps", 1e-8),
			WeightDecay: hnum(h, "weight_decay", 0), Momentum: hnum(h, "momentum", 0), Centered: hbool(h, "centered")})
	case "adam", "adamw":
		c := AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: hnum(h, "eps", 1e-8), AMSGrad: hbool(h, "amsgrad")}
		if b, ok := h["betas"].([]any); ok {
			c.Beta1, c.Beta2 = b[0].(float64), b[1].(float64)
		}
		if kind == "adam" {
			c.WeightDecay = hnum(h, "weight_decay", 0)
			return NewAdam(c)
		}
		c.WeightDecay = hnum(h, "weight_decay", 0.01)
		return NewAdamW(c)
	}
	return nil, fmt.Errorf("unknown optimizer %q", kind)
}

// goldenTol is the allowed relative error against PyTorch, measured against
// max(|want|, goldenFloor): values that cross zero are judged on the scale
// of the parameters (standard normal at the start), since a relative error
// of a difference of O(1) numbers near zero means nothing. PyTorch's CPU
// kernels fuse some multiply-adds (add with alpha) that this package rounds
// separately, so the two differ by about an ulp (2^-24 ≈ 6e-8 of the O(1)
// values) in some steps; over 100 steps the worst case seen is ≈ 1e-6.
const (
	goldenTol   = 1e-5
	goldenFloor = 1.0
)

// TestGoldenTrajectories runs every golden case at every kernel level and
// compares the parameters after every step with PyTorch's.
func TestGoldenTrajectories(t *testing.T) {
	g := loadGolden(t)
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, gc := range g.Cases {
			opt, err := newFromHyper(gc.Optimizer, gc.Hyper)
			if err != nil {
				t.Fatalf("%s: %v", gc.Name, err)
			}
			params := make([]nn.Param, len(paramOrder))
			for i, name := range paramOrder {
				v := append([]float32(nil), g.Init[name]...)
				params[i] = nn.Param{Name: name, Value: tensor.FromSlice(v, g.Shapes[name]...),
					Grad: tensor.New(g.Shapes[name]...)}
			}
			worst := 0.0
			for step := 0; step < g.Steps; step++ {
				for _, p := range params {
					copy(p.Grad.Data(), g.Grads[step][p.Name])
				}
				if err := opt.Step(params, gc.LRs[step]); err != nil {
					t.Fatalf("%s step %d: %v", gc.Name, step, err)
				}
				for _, p := range params {
					want := gc.Trajectory[step][p.Name]
					for i, got := range p.Value.Data() {
						e := math.Abs(float64(got)-float64(want[i])) / math.Max(math.Abs(float64(want[i])), goldenFloor)
						worst = math.Max(worst, e)
						if !(e <= goldenTol) {
							t.Fatalf("%s step %d %s[%d] = %v, PyTorch %v (rel. error %.3g)",
								gc.Name, step+1, p.Name, i, got, want[i], e)
						}
					}
				}
			}
			t.Logf("%-32s worst relative error %.3g", gc.Name, worst)
		}
	})
}
