package optim

import (
	"math"
	"strings"
	"testing"
)

// TestSchedulesMatchPyTorch compares the schedules with the values of
// PyTorch's StepLR, ExponentialLR and CosineAnnealingLR (recursive forms,
// which accumulate float64 rounding: 1e-12 relative is ample).
func TestSchedulesMatchPyTorch(t *testing.T) {
	g := loadGolden(t)
	scheds := map[string]Schedule{
		"StepLR(lr=0.1,step_size=3,gamma=0.5)":             Must(StepDecay(0.1, 0.5, 3)),
		"ExponentialLR(lr=0.1,gamma=0.9)":                  Must(ExponentialGamma(0.1, 0.9)),
		"CosineAnnealingLR(lr=0.1,T_max=10,eta_min=0.001)": Must(CosineAnnealing(0.1, 0.001, 10)),
	}
	if len(g.Schedules) != len(scheds) {
		t.Fatalf("golden has %d schedules, test knows %d", len(g.Schedules), len(scheds))
	}
	for name, want := range g.Schedules {
		s := scheds[name]
		for step, w := range want {
			if got := s(step); math.Abs(got-w) > 1e-12*math.Abs(w) {
				t.Errorf("%s step %d: %v, PyTorch %v", name, step, got, w)
			}
		}
	}
	// e^(−kt) with k = −ln γ is the γ^t form.
	e := Must(ExponentialDecay(0.1, -math.Log(0.9)))
	for step, w := range g.Schedules["ExponentialLR(lr=0.1,gamma=0.9)"] {
		if got := e(step); math.Abs(got-w) > 1e-12*w {
			t.Errorf("ExponentialDecay step %d: %v, PyTorch %v", step, got, w)
		}
	}
}

func TestScheduleValues(t *testing.T) {
	c := Must(Constant(0.3))
	w := Must(Warmup(4, Must(CosineAnnealing(1, 0, 10))))
	cases := []struct {
		name string
		s    Schedule
		step int
		want float64
	}{
		{"constant", c, 0, 0.3},
		{"constant", c, 1000, 0.3},
		{"step decay start", Must(StepDecay(1, 0.1, 5)), 4, 1},
		{"step decay after", Must(StepDecay(1, 0.1, 5)), 5, 0.1},
		{"exp decay", Must(ExponentialDecay(2, 0.5)), 2, 2 * math.Exp(-1)},
		{"cosine half", Must(CosineAnnealing(1, 0, 10)), 5, 0.5},
		{"cosine end", Must(CosineAnnealing(1, 0.1, 10)), 10, 0.1},
		{"warmup first", w, 0, 0.25},
		{"warmup last", w, 3, 1},
		{"warmup then cosine start", w, 4, 1},
		{"warmup then cosine mid", w, 9, 0.5},
		{"warmup 0", Must(Warmup(0, c)), 0, 0.3},
	}
	for _, tc := range cases {
		if got := tc.s(tc.step); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: step %d = %v, want %v", tc.name, tc.step, got, tc.want)
		}
	}
}

func TestScheduleErrors(t *testing.T) {
	c := Must(Constant(1))
	cases := []struct {
		err  error
		want string
	}{
		{second(Constant(-1)), "optim: Constant: alpha = -1, want a finite value ≥ 0"},
		{second(Constant(math.NaN())), "optim: Constant: alpha = NaN"},
		{second(StepDecay(math.Inf(1), 0.5, 1)), "optim: StepDecay: alpha0 = +Inf"},
		{second(StepDecay(1, -0.5, 1)), "optim: StepDecay: gamma = -0.5"},
		{second(StepDecay(1, 0.5, 0)), "optim: StepDecay: size = 0, want > 0"},
		{second(ExponentialDecay(1, -1)), "optim: ExponentialDecay: k = -1"},
		{second(ExponentialGamma(1, math.NaN())), "optim: ExponentialGamma: gamma = NaN"},
		{second(CosineAnnealing(1, -1, 5)), "optim: CosineAnnealing: alphaMin = -1"},
		{second(CosineAnnealing(1, 0, -5)), "optim: CosineAnnealing: period = -5, want > 0"},
		{second(Warmup(-1, c)), "optim: Warmup: n = -1, want ≥ 0"},
		{second(Warmup(3, nil)), "optim: Warmup: after is nil"},
	}
	for _, tc := range cases {
		if tc.err == nil || !strings.HasPrefix(tc.err.Error(), tc.want) {
			t.Errorf("error %v, want prefix %q", tc.err, tc.want)
		}
	}
}

func TestMustPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "size = 0") {
			t.Errorf("recovered %v", r)
		}
	}()
	Must(StepDecay(1, 0.5, 0))
}

func second(_ Schedule, err error) error { return err }
