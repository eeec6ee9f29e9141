package optim

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// splitParams returns parameters of odd lengths (fewer than, equal to and
// more than the part counts used) with random values and gradients.
func splitParams(seed uint64) []nn.Param {
	r := rand.New(rand.NewPCG(seed, 1))
	var ps []nn.Param
	for i, n := range []int{1, 3, 7, 100, 1031} {
		ps = append(ps, nn.Param{Name: string(rune('a' + i)),
			Value: tensor.RandUniform(r, -1, 1, n), Grad: tensor.RandUniform(r, -1, 1, n)})
	}
	return ps
}

// TestStepPartsAreStep checks, for every optimizer, that BeginStep and
// StepPart over n parts (run concurrently) give the bits of Step, over
// several steps (so momentum and bias corrections are exercised), and that
// BeginStep rejects what Step rejects without changing anything.
func TestStepPartsAreStep(t *testing.T) {
	for name := range allOptimizers(t) {
		for _, n := range []int{2, 3, 5} {
			whole, parts := allOptimizers(t)[name], allOptimizers(t)[name].(nn.SplitOptimizer)
			pw, pp := splitParams(1), splitParams(1)
			for step := range 4 {
				lr := 0.01 * float64(step+1)
				if err := whole.Step(pw, lr); err != nil {
					t.Fatal(err)
				}
				if err := parts.BeginStep(pp, lr); err != nil {
					t.Fatal(err)
				}
				done := make(chan struct{})
				for i := range n {
					go func() { parts.StepPart(i, n); done <- struct{}{} }()
				}
				for range n {
					<-done
				}
			}
			for i := range pw {
				a, b := pw[i].Value.Data(), pp[i].Value.Data()
				for j := range a {
					if a[j] != b[j] {
						t.Fatalf("%s, %d parts: %s[%d] = %v, Step gives %v", name, n, pw[i].Name, j, b[j], a[j])
					}
				}
			}
		}
		o := allOptimizers(t)[name].(nn.SplitOptimizer)
		ps := splitParams(2)
		if err := o.BeginStep(ps, -1); err == nil {
			t.Errorf("%s: BeginStep with lr -1: no error", name)
		}
		if s, ok := o.(interface{ Steps(string) int64 }); ok && s.Steps("a") != 0 {
			t.Errorf("%s: a rejected BeginStep advanced the step count", name)
		}
	}
}

// TestTrainerSplitsOptimizer checks that a data-parallel nn.Trainer gives
// the same bits whether it spreads Adam's update over its workers or runs
// Step on one goroutine (Adam hidden behind a plain nn.Optimizer), with and
// without the gradient check.
func TestTrainerSplitsOptimizer(t *testing.T) {
	run := func(hide, check bool) []float32 {
		r := rand.New(rand.NewPCG(3, 4))
		s, adam := splitTestNet(t, r)
		var opt nn.Optimizer = adam
		if hide {
			opt = struct{ nn.Optimizer }{opt}
		}
		tr, err := s.NewTrainer(nn.TrainerConfig{Loss: nn.CrossEntropy{}, Optimizer: opt, Workers: 3, CheckGrads: check})
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		x := tensor.RandUniform(r, -1, 1, 20, 9)
		labels := make([]int, 20)
		for i := range labels {
			labels[i] = r.IntN(4)
		}
		for range 5 {
			if _, err := tr.Step(x, nn.Targets{Labels: labels}, 0.01); err != nil {
				t.Fatal(err)
			}
		}
		var out []float32
		for _, p := range s.Params() {
			out = append(out, p.Value.Data()...)
		}
		return out
	}
	ref := run(true, false)
	for _, c := range [][2]bool{{false, false}, {false, true}, {true, true}} {
		got := run(c[0], c[1])
		for i := range ref {
			if got[i] != ref[i] {
				t.Fatalf("hide %v, check %v: parameter %d = %v, want %v", c[0], c[1], i, got[i], ref[i])
			}
		}
	}
}

// TestTrainerAdamAllocs checks that data-parallel steps with Adam split
// over the workers allocate nothing once warm.
func TestTrainerAdamAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	r := rand.New(rand.NewPCG(5, 6))
	s, adam := splitTestNet(t, r)
	for _, check := range []bool{false, true} {
		tr, err := s.NewTrainer(nn.TrainerConfig{Loss: nn.CrossEntropy{}, Optimizer: adam, Workers: 2, CheckGrads: check})
		if err != nil {
			t.Fatal(err)
		}
		data := tensor.RandUniform(r, -1, 1, 50, 9)
		labels := make([]int, 50)
		rows := []int{4, 8, 15, 16, 23, 42, 0, 1}
		step := func() {
			if _, err := tr.StepRows(data, nn.Targets{Labels: labels}, rows, 0.01); err != nil {
				t.Fatal(err)
			}
		}
		step()
		if n := testing.AllocsPerRun(20, step); n != 0 {
			t.Errorf("check %v: %v allocations per step", check, n)
		}
		tr.Close()
	}
}

// splitTestNet returns the 9-31-4 ReLU net of the Trainer tests, drawn
// from r, and a default Adam.
func splitTestNet(t *testing.T, r *rand.Rand) (*nn.Sequential, *Adam) {
	t.Helper()
	s, err := nn.NewSequential(nn.NewDense(9, 31, nn.InitHe, r), nn.NewReLU(), nn.NewDense(31, 4, nn.InitDefault, r))
	if err != nil {
		t.Fatal(err)
	}
	adam, err := NewAdam(DefaultAdamConfig())
	if err != nil {
		t.Fatal(err)
	}
	return s, adam
}
