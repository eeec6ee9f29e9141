package fuzz

import (
	"bytes"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim"
	"github.com/simdml/simdml/tensor"
)

// stateful is what FuzzOptimState needs of an optimizer.
type stateful interface {
	nn.Optimizer
	StateTensors() ([]nn.NamedTensor, map[string]string)
	LoadStateTensors(*nn.Safetensors) error
	Steps(name string) int64
}

// optimKinds makes one optimizer of each kind, with every state buffer.
var optimKinds = []struct {
	name string
	make func() (stateful, error)
}{
	{"SGD", func() (stateful, error) { return optim.NewSGD(optim.SGDConfig{Momentum: 0.9}) }},
	{"AdaGrad", func() (stateful, error) { return optim.NewAdaGrad(optim.DefaultAdaGradConfig()) }},
	{"RMSProp", func() (stateful, error) {
		c := optim.DefaultRMSPropConfig()
		c.Momentum, c.Centered = 0.9, true
		return optim.NewRMSProp(c)
	}},
	{"Adam", func() (stateful, error) {
		c := optim.DefaultAdamConfig()
		c.AMSGrad = true
		return optim.NewAdam(c)
	}},
	{"AdamW", func() (stateful, error) { return optim.NewAdamW(optim.DefaultAdamWConfig()) }},
}

// FuzzOptimState feeds any safetensors file nn accepts (input modes as
// FuzzSafetensors) to LoadStateTensors of every optimizer kind. Each must
// return an error starting "optim: " and leave the state it had (one step
// on a 5-element "0.weight") bit for bit unchanged, or load a state whose
// step counts match the file and on which a Step over parameters of the
// loaded sizes succeeds — never a panic or a hang (20 s watchdog).
func FuzzOptimState(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte) {
		st, err := nn.ParseSafetensors(safetensorsFile(in))
		if err != nil {
			return
		}
		watchdog := time.AfterFunc(20*time.Second, func() { panic("FuzzOptimState: load or step took over 20 s") })
		defer watchdog.Stop()
		for _, k := range optimKinds {
			o, err := k.make()
			if err != nil {
				t.Fatal(err)
			}
			w := tensor.FromSlice([]float32{1, -2, 3, -4, 5}, 5)
			g := tensor.FromSlice([]float32{0.5, 0.25, -1, 2, 0}, 5)
			if err := o.Step([]nn.Param{{Name: "0.weight", Value: w, Grad: g}}, 0.1); err != nil {
				t.Fatal(err)
			}
			before := snapshotState(o)
			if err := o.LoadStateTensors(st); err != nil {
				if !strings.HasPrefix(err.Error(), "optim: ") {
					t.Fatalf("%s: error without the package prefix: %v", k.name, err)
				}
				if after := snapshotState(o); after != before {
					t.Fatalf("%s: a failed LoadStateTensors (%v) changed the state", k.name, err)
				}
				continue
			}
			checkLoadedState(t, k.name, o, st)
		}
	})
}

// snapshotState renders the whole state (names, metadata, buffer bits) as
// a string, for comparisons.
func snapshotState(o stateful) string {
	ts, meta := o.StateTensors()
	var b bytes.Buffer
	keys := make([]string, 0, len(meta))
	for k := range meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(k + "=" + meta[k] + ";")
	}
	for _, t := range ts {
		b.WriteString(t.Name + ":")
		for _, v := range t.Value.Data() {
			u := math.Float32bits(v)
			b.Write([]byte{byte(u), byte(u >> 8), byte(u >> 16), byte(u >> 24)})
		}
	}
	return b.String()
}

// checkLoadedState: step counts as in the file, and a Step over parameters
// of the loaded buffers' sizes works.
func checkLoadedState(t *testing.T, kind string, o stateful, st *nn.Safetensors) {
	ts, meta := o.StateTensors()
	sizes := map[string]int{}
	for _, nt := range ts {
		rest := strings.TrimPrefix(nt.Name, "state.")
		name := rest[:strings.LastIndexByte(rest, '.')]
		sizes[name] = nt.Value.Len()
	}
	for key, v := range meta {
		name, ok := strings.CutSuffix(key, ".step")
		if !ok || !strings.HasPrefix(name, "state.") {
			continue
		}
		if st.Metadata[key] == "" {
			t.Fatalf("%s: loaded state has %q, the file does not", kind, key)
		}
		_ = v
		if _, ok := sizes[name[len("state."):]]; !ok {
			sizes[name[len("state."):]] = -1 // a parameter with a step count and no buffers
		}
	}
	var params []nn.Param
	names := make([]string, 0, len(sizes))
	for name := range sizes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		n := sizes[name]
		if n < 0 || n > 1<<20 || name == "" {
			continue
		}
		v := make([]float32, n)
		g := make([]float32, n)
		for i := range g {
			g[i] = float32(i%7) - 3
		}
		params = append(params, nn.Param{Name: name, Value: tensor.FromSlice(v, n), Grad: tensor.FromSlice(g, n)})
	}
	steps := map[string]int64{}
	for _, p := range params {
		steps[p.Name] = o.Steps(p.Name)
	}
	if err := o.Step(params, 0.01); err != nil {
		t.Fatalf("%s: Step after loading a state: %v", kind, err)
	}
	for _, p := range params {
		if got := o.Steps(p.Name); got != steps[p.Name]+1 {
			t.Fatalf("%s: parameter %q: step count %d after one step from %d", kind, p.Name, got, steps[p.Name])
		}
	}
}
