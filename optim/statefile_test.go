package optim

import (
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/nn"
)

// runSteps performs steps [from, to) on ps with optimizer o: the gradient
// of step s is a function of the current parameters and s (so a wrong
// parameter at resume shows), and the rate comes from a cosine schedule.
func runSteps(t *testing.T, o nn.Optimizer, ps []nn.Param, from, to int) {
	t.Helper()
	sched := Must(Warmup(3, Must(CosineAnnealing(0.05, 0.001, 20))))
	for s := from; s < to; s++ {
		r := rand.New(rand.NewSource(int64(s)))
		for _, p := range ps {
			g, v := p.Grad.Data(), p.Value.Data()
			for i := range g {
				g[i] = float32(r.NormFloat64()) + 0.5*v[i]
			}
		}
		if err := o.Step(ps, sched(s)); err != nil {
			t.Fatal(err)
		}
	}
}

type stateful interface {
	nn.Optimizer
	SaveState(path string) error
	LoadState(path string) error
}

// TestResumeIsBitIdentical: N steps, save, load into a new optimizer, N more
// steps equals 2N uninterrupted steps bit for bit, also when the first half
// runs at the generic level and the second at the best one.
func TestResumeIsBitIdentical(t *testing.T) {
	const n = 7
	dir := t.TempDir()
	levels := cpu.Available()
	generic, best := levels[0], levels[len(levels)-1]
	for name := range allOptimizers(t) {
		whole := testParams(37)
		runSteps(t, allOptimizers(t)[name].(stateful), whole, 0, 2*n)

		restore, _ := cpu.Set(generic)
		first := allOptimizers(t)[name].(stateful)
		half := testParams(37)
		runSteps(t, first, half, 0, n)
		restore()
		path := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".safetensors")
		if err := first.SaveState(path); err != nil {
			t.Fatal(err)
		}
		restore, _ = cpu.Set(best)
		second := allOptimizers(t)[name].(stateful)
		if err := second.LoadState(path); err != nil {
			t.Fatal(err)
		}
		runSteps(t, second, half, n, 2*n)
		restore()
		for k := range whole {
			a, b := whole[k].Value.Data(), half[k].Value.Data()
			for i := range a {
				if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
					t.Fatalf("%s: %s[%d] resumed %v, uninterrupted %v", name, whole[k].Name, i, b[i], a[i])
				}
			}
		}
	}
}

func TestStateFileNames(t *testing.T) {
	o, _ := NewAdam(AdamConfig{Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true})
	ps := testParams(2)
	runSteps(t, o, ps, 0, 3)
	ts, meta := o.StateTensors()
	var names []string
	for _, nt := range ts {
		names = append(names, nt.Name)
	}
	want := "state.0.bias.exp_avg state.0.bias.exp_avg_sq state.0.bias.max_exp_avg_sq " +
		"state.0.weight.exp_avg state.0.weight.exp_avg_sq state.0.weight.max_exp_avg_sq"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("tensors %q, want %q", got, want)
	}
	if meta["state.0.weight.step"] != "3" || meta["optim.optimizer"] != "Adam" {
		t.Errorf("metadata %v", meta)
	}
	if o.Steps("0.weight") != 3 || o.Steps("nope") != 0 {
		t.Errorf("Steps %d", o.Steps("0.weight"))
	}
	o.Reset()
	if o.Steps("0.weight") != 0 {
		t.Error("Reset kept the state")
	}
}

// TestLoadStateErrors: mismatched files are errors and leave the state alone.
func TestLoadStateErrors(t *testing.T) {
	dir := t.TempDir()
	save := func(o stateful, name string) string {
		runSteps(t, o, testParams(3), 0, 2)
		p := filepath.Join(dir, name)
		if err := o.SaveState(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	adamFile := save(must(NewAdam(DefaultAdamConfig())), "adam")
	amsCfg := DefaultAdamConfig()
	amsCfg.AMSGrad = true
	amsFile := save(must(NewAdam(amsCfg)), "ams")
	sgdFile := save(must(NewSGD(SGDConfig{Momentum: 0.9})), "sgd")
	// A step count past 2^53 can only come from a corrupt file.
	huge := must(NewAdam(DefaultAdamConfig()))
	runSteps(t, huge, testParams(3), 0, 2)
	ts, meta := huge.StateTensors()
	meta["state.0.weight.step"] = "9007199254740993"
	hugeFile := filepath.Join(dir, "huge")
	if err := nn.SaveSafetensors(hugeFile, ts, meta); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad")
	if err := os.WriteFile(bad, []byte("not a safetensors file"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		o    stateful
		path string
		want string
	}{
		{must(NewAdam(DefaultAdamConfig())), sgdFile, `optim: Adam.LoadState: the file holds "SGD" optimizer state, not Adam`},
		{must(NewAdam(DefaultAdamConfig())), amsFile, `"max_exp_avg_sq" is not a buffer of this Adam`},
		{must(NewAdam(amsCfg)), adamFile, `has no "max_exp_avg_sq" buffer`},
		{must(NewAdamW(DefaultAdamWConfig())), adamFile, `holds "Adam" optimizer state, not AdamW`},
		{must(NewAdam(DefaultAdamConfig())), hugeFile, `step count "9007199254740993" is not an integer in [0, 2^53]`},
		{must(NewAdam(DefaultAdamConfig())), bad, "optim: Adam.LoadState: "},
		{must(NewAdam(DefaultAdamConfig())), filepath.Join(dir, "missing"), "optim: Adam.LoadState: "},
	}
	for _, tc := range cases {
		ps := testParams(3)
		runSteps(t, tc.o, ps, 0, 1)
		err := tc.o.LoadState(tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want %q", err, tc.want)
		}
		if s := tc.o.(interface{ Steps(string) int64 }).Steps("0.weight"); s != 1 {
			t.Errorf("failed LoadState changed the state: step %d", s)
		}
	}
}

func must[T any](o T, err error) T {
	if err != nil {
		panic(err)
	}
	return o
}
