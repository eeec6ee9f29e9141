package nn

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/simdml/simdml/tensor"
)

// trainerNet is a small ReLU classifier with fixed weights.
func trainerNet(t testing.TB) *Sequential {
	return mlp(t, rand.New(rand.NewPCG(11, 12)), []int{13, 17, 9, 5}, func() Layer { return NewReLU() }, nil)
}

// trainerNets are the nets the data-parallel tests run on: trainerNet,
// whose first weight (17 x 13) splits between workers inside rows, so the
// workers sum its gradients; one with 18 rows there, whose first layer
// the workers split by weight rows (Trainer.directWeight) for 2 and 3
// workers; and that net behind a Tanh, whose first layer is not Dense, so
// its gradients are summed again; the split with a Sigmoid second layer,
// and with the Dense layer alone.
var trainerNets = []struct {
	name string
	mk   func(testing.TB) *Sequential
}{
	{"13-17-9-5", trainerNet},
	{"13-18-9-5", func(t testing.TB) *Sequential {
		return mlp(t, rand.New(rand.NewPCG(11, 12)), []int{13, 18, 9, 5}, func() Layer { return NewReLU() }, nil)
	}},
	{"tanh-13-18-9-5", func(t testing.TB) *Sequential {
		s := mlp(t, rand.New(rand.NewPCG(11, 12)), []int{13, 18, 9, 5}, func() Layer { return NewReLU() }, nil)
		s, err := NewSequential(append([]Layer{NewTanh()}, s.layers...)...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
	{"13-18-sigmoid-9-5", func(t testing.TB) *Sequential {
		return mlp(t, rand.New(rand.NewPCG(11, 12)), []int{13, 18, 9, 5}, func() Layer { return NewSigmoid() }, nil)
	}},
	{"13-6", func(t testing.TB) *Sequential {
		return mlp(t, rand.New(rand.NewPCG(11, 12)), []int{13, 6}, nil, nil)
	}},
}

// runSteps trains s for a few steps over batches of the given sizes with
// workers goroutines and returns the parameters and per-step results.
func runSteps(t *testing.T, s *Sequential, workers int, sizes []int, loss Loss, y bool) ([][]float32, []StepResult) {
	t.Helper()
	tr, err := s.NewTrainer(TrainerConfig{Loss: loss, Workers: workers, CheckGrads: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	r := rand.New(rand.NewPCG(13, 14))
	var res []StepResult
	for _, m := range sizes {
		x := randMatrix(r, m, s.InputSize(), -1, 1)
		labels, yt := classTargets(r, m, s.OutputSize(), true)
		tg := Targets{Labels: labels}
		if y {
			tg = Targets{Y: yt}
		}
		got, err := tr.Step(x, tg, 0.1)
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, got)
	}
	return snapshot(s), res
}

// TestTrainerOneWorkerIsTheManualStep checks that a one-worker step gives
// the bits of ZeroGrad, Forward, Eval, Backward and GradientDescent.
func TestTrainerOneWorkerIsTheManualStep(t *testing.T) {
	a, b := trainerNet(t), trainerNet(t)
	got, res := runSteps(t, a, 1, []int{8, 5, 1}, CrossEntropy{}, false)
	r := rand.New(rand.NewPCG(13, 14))
	for i, m := range []int{8, 5, 1} {
		x := randMatrix(r, m, b.InputSize(), -1, 1)
		labels, _ := classTargets(r, m, b.OutputSize(), true)
		b.ZeroGrad()
		out, err := b.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		g := tensor.New(out.Rows(), out.Cols())
		tg := Targets{Labels: labels}
		loss := CrossEntropy{}.Eval(out, tg, g)
		correct := CrossEntropy{}.Correct(out, tg)
		if err := b.Backward(g); err != nil {
			t.Fatal(err)
		}
		if err := (GradientDescent{}).Step(b.Params(), 0.1); err != nil {
			t.Fatal(err)
		}
		if res[i].Loss != loss || res[i].Correct != correct {
			t.Fatalf("step %d: Trainer %+v, manual loss %v correct %d", i, res[i], loss, correct)
		}
	}
	if !sameParams(b, got) {
		t.Fatal("one-worker Trainer and the manual step give different parameters")
	}
}

// TestTrainerWorkers checks that data-parallel steps reproduce their own
// bits for a worker count and agree with one worker to float32 rounding,
// for batches smaller than, equal to and larger than the worker count, with
// CrossEntropy (shard sums) and MSE (the scaled fallback).
func TestTrainerWorkers(t *testing.T) {
	sizes := []int{16, 7, 1, 2, 3, 33}
	for _, tc := range []struct {
		name string
		loss Loss
		y    bool
	}{{"CrossEntropy-labels", CrossEntropy{}, false}, {"CrossEntropy-Y", CrossEntropy{}, true}, {"MSE", MSE{}, true}} {
		for _, net := range trainerNets {
			t.Run(tc.name+"/"+net.name, func(t *testing.T) {
				ref, refRes := runSteps(t, net.mk(t), 1, sizes, tc.loss, tc.y)
				for _, w := range []int{2, 3, 4} {
					a, aRes := runSteps(t, net.mk(t), w, sizes, tc.loss, tc.y)
					b, _ := runSteps(t, net.mk(t), w, sizes, tc.loss, tc.y)
					for i := range a {
						for j := range a[i] {
							if math.Float32bits(a[i][j]) != math.Float32bits(b[i][j]) {
								t.Fatalf("workers %d: param %d[%d] differs between runs: %v, %v", w, i, j, a[i][j], b[i][j])
							}
							// A few steps of rounding differences in sums of
							// at most 33 products: well inside 1e-4 relative.
							if d := math.Abs(float64(a[i][j] - ref[i][j])); d > 1e-4*(1+math.Abs(float64(ref[i][j]))) {
								t.Fatalf("workers %d: param %d[%d] = %v, one worker %v", w, i, j, a[i][j], ref[i][j])
							}
						}
					}
					for i := range aRes {
						if aRes[i].Correct != refRes[i].Correct || math.Abs(aRes[i].Loss-refRes[i].Loss) > 1e-5*math.Abs(refRes[i].Loss) {
							t.Fatalf("workers %d, step %d: %+v, one worker %+v", w, i, aRes[i], refRes[i])
						}
					}
				}
			})
		}
	}
}

// TestTrainerAllocs checks that steps allocate nothing once warm.
func TestTrainerAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, net := range trainerNets {
		for _, w := range []int{1, 2} {
			s := net.mk(t)
			tr, err := s.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: w, CheckGrads: true})
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(1, 2))
			x := randMatrix(r, 32, s.InputSize(), -1, 1)
			labels, _ := classTargets(r, 32, s.OutputSize(), false)
			step := func() {
				if _, err := tr.Step(x, Targets{Labels: labels}, 0.01); err != nil {
					t.Fatal(err)
				}
			}
			step()
			if n := testing.AllocsPerRun(20, step); n != 0 {
				t.Errorf("%s, workers %d: %v allocations per step", net.name, w, n)
			}
			tr.Close()
		}
	}
}

// TestTrainerClose checks that Close stops the workers, is idempotent and
// that a closed Trainer refuses to step.
func TestTrainerClose(t *testing.T) {
	before := runtime.NumGoroutine()
	s := trainerNet(t)
	tr, err := s.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Workers() != 4 {
		t.Fatalf("Workers() = %d", tr.Workers())
	}
	x := tensor.New(6, s.InputSize())
	if _, err := tr.Step(x, Targets{Labels: make([]int, 6)}, 0.1); err != nil {
		t.Fatal(err)
	}
	tr.Close()
	tr.Close()
	for i := 0; runtime.NumGoroutine() > before && i < 100; i++ {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after Close, %d before", n, before)
	}
	if _, err := tr.Step(x, Targets{Labels: make([]int, 6)}, 0.1); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("Step after Close: %v", err)
	}
}

// TestTrainerErrors checks that bad input, targets, learning rates and
// losses give errors and leave the model unchanged, for one and several
// workers.
func TestTrainerErrors(t *testing.T) {
	for _, w := range []int{1, 2} {
		s := trainerNet(t)
		tr, err := s.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: w, CheckGrads: true})
		if err != nil {
			t.Fatal(err)
		}
		snap := snapshot(s)
		huge := tensor.Full(1e22, 4, s.InputSize()) // finite loss, |∇W| ~ 1e21: its squared norm overflows
		nan := tensor.New(4, s.InputSize())
		nan.Data()[5] = float32(math.NaN())
		ok := tensor.New(4, s.InputSize())
		for _, tc := range []struct {
			x    *tensor.Tensor
			tg   Targets
			lr   float64
			want string
		}{
			{tensor.New(4, 3), Targets{Labels: make([]int, 4)}, 0.1, "input width 3"},
			{ok, Targets{Labels: make([]int, 3)}, 0.1, "3 targets for 4 examples"},
			{ok, Targets{Labels: []int{0, 1, 5, 0}}, 0.1, "out of range"},
			{ok, Targets{Labels: make([]int, 4)}, math.NaN(), "learning rate NaN"},
			{nan, Targets{Labels: make([]int, 4)}, 0.1, "loss is NaN"},
			{huge, Targets{Labels: []int{0, 1, 2, 3}}, 0.1, "gradient of"},
		} {
			_, err := tr.Step(tc.x, tc.tg, tc.lr)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("workers %d: Step error %v, want %q", w, err, tc.want)
			}
			if !sameParams(s, snap) {
				t.Fatalf("workers %d: model changed after the error %v", w, err)
			}
		}
		tr.Close()
	}
	if _, err := trainerNet(t).NewTrainer(TrainerConfig{}); err == nil {
		t.Error("NewTrainer without a Loss: no error")
	}
	if _, err := trainerNet(t).NewTrainer(TrainerConfig{Loss: MSE{}, Workers: -1}); err == nil {
		t.Error("NewTrainer with Workers -1: no error")
	}
}

// TestTrainWorkers trains XOR-like data with two workers through Train.
func TestTrainWorkers(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	s := mlp(t, r, []int{2, 16, 2}, func() Layer { return NewTanh() }, nil)
	n := 256
	x := tensor.New(n, 2)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		a, b := r.IntN(2), r.IntN(2)
		x.Row(i)[0], x.Row(i)[1] = float32(a)+0.1*float32(r.NormFloat64()), float32(b)+0.1*float32(r.NormFloat64())
		labels[i] = a ^ b
	}
	reps, err := s.Train(Dataset{X: x, Labels: labels}, TrainConfig{Loss: CrossEntropy{}, LR: func(int) float64 { return 0.5 },
		Epochs: 60, BatchSize: 32, Rand: r, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if acc := reps[len(reps)-1].Accuracy; acc < 0.95 {
		t.Fatalf("XOR accuracy %.3f with two workers", acc)
	}
}

// TestTrainerStepRows checks that StepRows gives the bits of Step on the
// same rows gathered beforehand, for one and two workers and both target
// kinds, and allocates nothing once warm.
func TestTrainerStepRows(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	s0 := trainerNet(t)
	n := 40
	data := randMatrix(r, n, s0.InputSize(), -1, 1)
	labels, _ := classTargets(r, n, s0.OutputSize(), true)
	rows := []int{3, 17, 0, 39, 3, 22, 8}
	for _, net := range trainerNets {
		sn := net.mk(t)
		data := randMatrix(r, n, sn.InputSize(), -1, 1)
		labels, y := classTargets(r, n, sn.OutputSize(), true)
		for _, w := range []int{1, 2} {
			for _, useY := range []bool{false, true} {
				tg := Targets{Labels: labels}
				if useY {
					tg = Targets{Y: y}
				}
				a, b := net.mk(t), net.mk(t)
				ta, _ := a.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: w})
				tb, _ := b.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: w})
				x := tensor.New(len(rows), sn.InputSize())
				bt := Targets{}
				if useY {
					bt.Y = tensor.New(len(rows), sn.OutputSize())
				}
				for i, k := range rows {
					copy(x.Row(i), data.Row(k))
					if useY {
						copy(bt.Y.Row(i), y.Row(k))
					} else {
						bt.Labels = append(bt.Labels, labels[k])
					}
				}
				for range 3 {
					ra, err := ta.StepRows(data, tg, rows, 0.1)
					if err != nil {
						t.Fatal(err)
					}
					rb, err := tb.Step(x, bt, 0.1)
					if err != nil {
						t.Fatal(err)
					}
					if ra != rb {
						t.Fatalf("%s, workers %d, Y %v: StepRows %+v, Step %+v", net.name, w, useY, ra, rb)
					}
				}
				if !sameParams(a, snapshot(b)) {
					t.Fatalf("%s, workers %d, Y %v: StepRows and Step give different parameters", net.name, w, useY)
				}
				if !raceEnabled {
					if k := testing.AllocsPerRun(10, func() { ta.StepRows(data, tg, rows, 0.1) }); k != 0 {
						t.Errorf("%s, workers %d, Y %v: %v allocations per StepRows", net.name, w, useY, k)
					}
				}
				ta.Close()
				tb.Close()
			}
		}
	}
	tr, _ := s0.NewTrainer(TrainerConfig{Loss: CrossEntropy{}})
	defer tr.Close()
	snap := snapshot(s0)
	bad := append([]int(nil), labels...)
	bad[5] = 9
	for _, tc := range []struct {
		tg   Targets
		rows []int
		want string
	}{
		{Targets{Labels: labels}, nil, "no rows"},
		{Targets{Labels: labels}, []int{1, 40}, "rows[1] = 40 is out of range"},
		{Targets{Labels: labels}, []int{-1}, "rows[0] = -1"},
		{Targets{Labels: labels[:10]}, []int{1}, "10 targets for 40 examples"},
		{Targets{Labels: bad}, []int{1, 5}, "label 9 of example 1"},
	} {
		if _, err := tr.StepRows(data, tc.tg, tc.rows, 0.1); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("StepRows(%v): %v, want %q", tc.rows, err, tc.want)
		}
		if !sameParams(s0, snap) {
			t.Fatal("model changed after a StepRows error")
		}
	}
}

// TestTrainerSplitsFirstLayer checks which nets and worker counts take the
// first layer split (the other tests compare its results).
func TestTrainerSplitsFirstLayer(t *testing.T) {
	for _, tc := range []struct {
		net     int
		workers int
		want    int
	}{{0, 2, -1}, {1, 2, 0}, {1, 3, 0}, {1, 4, -1}, {2, 2, -1}, {3, 2, 0}, {4, 2, 0}, {4, 3, 0}} {
		net := trainerNets[tc.net]
		s := net.mk(t)
		tr, err := s.NewTrainer(TrainerConfig{Loss: CrossEntropy{}, Workers: tc.workers})
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, 2))
		x := randMatrix(r, 16, s.InputSize(), -1, 1)
		labels, _ := classTargets(r, 16, s.OutputSize(), false)
		if _, err := tr.Step(x, Targets{Labels: labels}, 0.01); err != nil {
			t.Fatal(err)
		}
		tr.Close()
		if tr.direct != tc.want {
			t.Errorf("%s, %d workers: direct = %d, want %d", net.name, tc.workers, tr.direct, tc.want)
		}
	}
}
