package optim

import (
	"math"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

func errOf[T any](_ T, err error) error { return err }

// TestInvalidHyperparameters: every bad hyperparameter is an error whose
// message names the constructor, the parameter and its bad value.
func TestInvalidHyperparameters(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	adam := func(f func(*AdamConfig)) AdamConfig { c := DefaultAdamConfig(); f(&c); return c }
	rms := func(f func(*RMSPropConfig)) RMSPropConfig { c := DefaultRMSPropConfig(); f(&c); return c }
	ada := func(f func(*AdaGradConfig)) AdaGradConfig { c := DefaultAdaGradConfig(); f(&c); return c }
	cases := []struct {
		err  error
		want string
	}{
		{errOf(NewSGD(SGDConfig{Momentum: -0.1})), "optim: NewSGD: momentum -0.1, want 0 ≤ momentum < 1"},
		{errOf(NewSGD(SGDConfig{Momentum: 1})), "optim: NewSGD: momentum 1, want 0 ≤ momentum < 1"},
		{errOf(NewSGD(SGDConfig{Momentum: nan})), "optim: NewSGD: momentum NaN"},
		{errOf(NewSGD(SGDConfig{Dampening: -1})), "optim: NewSGD: dampening -1, want 0 ≤ dampening ≤ 1"},
		{errOf(NewSGD(SGDConfig{Dampening: 1.5})), "optim: NewSGD: dampening 1.5"},
		{errOf(NewSGD(SGDConfig{WeightDecay: -1e-4})), "optim: NewSGD: weight decay -0.0001, want a finite value ≥ 0"},
		{errOf(NewSGD(SGDConfig{WeightDecay: inf})), "optim: NewSGD: weight decay +Inf"},
		{errOf(NewSGD(SGDConfig{Nesterov: true})), "optim: NewSGD: Nesterov momentum needs momentum > 0 and dampening 0"},
		{errOf(NewSGD(SGDConfig{Nesterov: true, Momentum: 0.9, Dampening: 0.1})), "optim: NewSGD: Nesterov momentum needs"},
		{errOf(NewAdaGrad(ada(func(c *AdaGradConfig) { c.LRDecay = -1 }))), "optim: NewAdaGrad: lr decay -1"},
		{errOf(NewAdaGrad(ada(func(c *AdaGradConfig) { c.WeightDecay = nan }))), "optim: NewAdaGrad: weight decay NaN"},
		{errOf(NewAdaGrad(ada(func(c *AdaGradConfig) { c.InitialAccumulator = -0.5 }))), "optim: NewAdaGrad: initial accumulator -0.5"},
		{errOf(NewAdaGrad(ada(func(c *AdaGradConfig) { c.Eps = 0 }))), "optim: NewAdaGrad: epsilon 0, want a finite value > 0"},
		{errOf(NewAdaGrad(AdaGradConfig{})), "optim: NewAdaGrad: epsilon 0"},
		{errOf(NewRMSProp(rms(func(c *RMSPropConfig) { c.Alpha = 1 }))), "optim: NewRMSProp: alpha 1, want 0 ≤ alpha < 1"},
		{errOf(NewRMSProp(rms(func(c *RMSPropConfig) { c.Alpha = -0.1 }))), "optim: NewRMSProp: alpha -0.1"},
		{errOf(NewRMSProp(rms(func(c *RMSPropConfig) { c.Eps = -1e-8 }))), "optim: NewRMSProp: epsilon -1e-08, want a finite value > 0"},
		{errOf(NewRMSProp(rms(func(c *RMSPropConfig) { c.WeightDecay = -1 }))), "optim: NewRMSProp: weight decay -1"},
		{errOf(NewRMSProp(rms(func(c *RMSPropConfig) { c.Momentum = 1.2 }))), "optim: NewRMSProp: momentum 1.2, want 0 ≤ momentum < 1"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.Beta1 = 1 }))), "optim: NewAdam: beta1 1, want 0 ≤ beta1 < 1"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.Beta1 = -0.1 }))), "optim: NewAdam: beta1 -0.1"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.Beta2 = 1.5 }))), "optim: NewAdam: beta2 1.5, want 0 ≤ beta2 < 1"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.Beta2 = nan }))), "optim: NewAdam: beta2 NaN"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.Eps = 0 }))), "optim: NewAdam: epsilon 0, want a finite value > 0"},
		{errOf(NewAdam(adam(func(c *AdamConfig) { c.WeightDecay = -0.01 }))), "optim: NewAdam: weight decay -0.01"},
		{errOf(NewAdamW(adam(func(c *AdamConfig) { c.Beta1 = 2 }))), "optim: NewAdamW: beta1 2"},
		{errOf(NewAdamW(adam(func(c *AdamConfig) { c.Eps = inf }))), "optim: NewAdamW: epsilon +Inf"},
	}
	for i, tc := range cases {
		if tc.err == nil || !strings.HasPrefix(tc.err.Error(), tc.want) {
			t.Errorf("case %d: error %v, want prefix %q", i, tc.err, tc.want)
		}
	}
	// The defaults (PyTorch's) are valid.
	for _, err := range []error{errOf(NewSGD(SGDConfig{})), errOf(NewAdaGrad(DefaultAdaGradConfig())),
		errOf(NewRMSProp(DefaultRMSPropConfig())), errOf(NewAdam(DefaultAdamConfig())),
		errOf(NewAdamW(DefaultAdamWConfig()))} {
		if err != nil {
			t.Error(err)
		}
	}
}

// allOptimizers returns one optimizer of every kind, with every state buffer.
func allOptimizers(t testing.TB) map[string]nn.Optimizer {
	t.Helper()
	must := func(o nn.Optimizer, err error) nn.Optimizer {
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	ac := DefaultAdamConfig()
	ac.AMSGrad, ac.WeightDecay = true, 1e-4
	rc := DefaultRMSPropConfig()
	rc.Centered, rc.Momentum = true, 0.9
	ag := DefaultAdaGradConfig()
	ag.LRDecay, ag.InitialAccumulator = 0.01, 0.1
	return map[string]nn.Optimizer{
		"SGD":             must(NewSGD(SGDConfig{})),
		"SGD/momentum":    must(NewSGD(SGDConfig{Momentum: 0.9, Nesterov: true, WeightDecay: 1e-4})),
		"AdaGrad":         must(NewAdaGrad(ag)),
		"RMSProp":         must(NewRMSProp(DefaultRMSPropConfig())),
		"RMSProp/centred": must(NewRMSProp(rc)),
		"Adam":            must(NewAdam(DefaultAdamConfig())),
		"Adam/amsgrad":    must(NewAdam(ac)),
		"AdamW":           must(NewAdamW(DefaultAdamWConfig())),
	}
}

func testParams(n int) []nn.Param {
	w := tensor.Full(0.5, n, 3)
	b := tensor.Full(-0.25, n)
	return []nn.Param{
		{Name: "0.weight", Value: w, Grad: tensor.Full(0.1, n, 3)},
		{Name: "0.bias", Value: b, Grad: tensor.Full(-0.2, n)},
	}
}

// TestStepErrors: bad Step arguments are errors and change nothing.
func TestStepErrors(t *testing.T) {
	for name, o := range allOptimizers(t) {
		ps := testParams(4)
		if err := o.Step(ps, 0.1); err != nil { // creates state
			t.Fatal(err)
		}
		snap := []float32{ps[0].Value.Data()[0], ps[1].Value.Data()[0]}
		cases := []struct {
			params []nn.Param
			lr     float64
			want   string
		}{
			{ps, -0.1, "learning rate -0.1, want a finite value ≥ 0"},
			{ps, math.NaN(), "learning rate NaN"},
			{ps, math.Inf(1), "learning rate +Inf"},
			{append([]nn.Param{ps[0]}, nn.Param{Name: "", Value: ps[1].Value, Grad: ps[1].Grad}), 0.1, "a parameter has no name"},
			{[]nn.Param{ps[0], ps[0]}, 0.1, `parameter name "0.weight" appears twice`},
			{[]nn.Param{ps[0], {Name: "x", Grad: ps[1].Grad}}, 0.1, `parameter "x" has a gradient but no value`},
			{[]nn.Param{ps[0], {Name: "x", Value: ps[0].Value, Grad: ps[1].Grad}}, 0.1, `parameter "x" has 12 values but its gradient has 4`},
		}
		if name != "SGD" { // plain SGD keeps no buffers
			small := testParams(2)
			cases = append(cases, struct {
				params []nn.Param
				lr     float64
				want   string
			}{[]nn.Param{ps[0], small[1]}, 0.1, `parameter "0.bias" has 2 values but its state`})
		}
		for _, tc := range cases {
			err := o.Step(tc.params, tc.lr)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "optim: ") {
				t.Errorf("%s: error %v, want %q", name, err, tc.want)
			}
			if ps[0].Value.Data()[0] != snap[0] || ps[1].Value.Data()[0] != snap[1] {
				t.Fatalf("%s: a failed Step changed the parameters", name)
			}
		}
	}
}

// TestStepSkipsNilGrad: a parameter without gradient is left alone, as
// PyTorch skips parameters whose grad is None.
func TestStepSkipsNilGrad(t *testing.T) {
	for name, o := range allOptimizers(t) {
		ps := testParams(3)
		ps[1].Grad = nil
		if err := o.Step(ps, 0.1); err != nil {
			t.Fatal(err)
		}
		if ps[1].Value.Data()[0] != -0.25 || ps[0].Value.Data()[0] == 0.5 {
			t.Errorf("%s: bias %v weight %v", name, ps[1].Value.Data()[0], ps[0].Value.Data()[0])
		}
	}
}

// TestStepAllocs: after the first step (which creates the state) Step
// allocates nothing.
func TestStepAllocs(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for name, o := range allOptimizers(t) {
			ps := testParams(100)
			if err := o.Step(ps, 0.01); err != nil {
				t.Fatal(err)
			}
			if n := testing.AllocsPerRun(20, func() { _ = o.Step(ps, 0.01) }); n != 0 {
				t.Errorf("%s: %v allocs per Step", name, n)
			}
		}
	})
}
