package optim

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// State files are safetensors files (written with nn's primitives) named
// like PyTorch's optimizer state_dict, keyed by parameter name:
//
//	tensor   "state.<param>.<buffer>"  F32, the buffer (e.g. "state.0.weight.exp_avg")
//	metadata "state.<param>.step"      the parameter's step count, decimal
//	metadata "optim.optimizer"         "SGD", "AdaGrad", "RMSProp", "Adam" or "AdamW"
//	metadata "optim.buffers"           the buffer names, comma-separated
//
// Tensors are 1-D, in the order of the sorted parameter names. The
// hyperparameters are not stored: they come from the constructor, so a run
// may resume with, say, a different learning-rate schedule.
const (
	statePrefix = "state."
	metaKind    = "optim.optimizer"
	metaBuffers = "optim.buffers"
)

// StateTensors returns the optimizer's state as named tensors and metadata
// for a safetensors file (see SaveState), for callers that store it next
// to the model's tensors in one file. The tensors share the optimizer's
// buffers: write them before the next Step.
func (c *core) StateTensors() ([]nn.NamedTensor, map[string]string) {
	names := make([]string, 0, len(c.state))
	for name := range c.state {
		names = append(names, name)
	}
	sort.Strings(names)
	meta := map[string]string{metaKind: c.kind, metaBuffers: strings.Join(c.names, ",")}
	var ts []nn.NamedTensor
	for _, name := range names {
		st := c.state[name]
		meta[statePrefix+name+".step"] = strconv.FormatInt(st.step, 10)
		for j, b := range st.bufs {
			ts = append(ts, nn.NamedTensor{Name: statePrefix + name + "." + c.names[j],
				Value: tensor.FromSlice(b, len(b))})
		}
	}
	return ts, meta
}

// maxStateStep is the largest step count a state file may hold (2^53).
const maxStateStep = 1 << 53

// SaveState writes the optimizer's state to the safetensors file at path,
// atomically (nn.SaveSafetensors). With the model's parameters saved at the
// same step, LoadState on a new optimizer of the same configuration resumes
// training with bit-identical results.
func (c *core) SaveState(path string) error {
	ts, meta := c.StateTensors()
	if err := nn.SaveSafetensors(path, ts, meta); err != nil {
		return fmt.Errorf("optim: %s.SaveState: %w", c.kind, err)
	}
	return nil
}

// LoadState replaces the optimizer's state with the one in the safetensors
// file at path (written by SaveState). On error the state is unchanged.
func (c *core) LoadState(path string) error {
	f, err := nn.LoadSafetensors(path)
	if err != nil {
		return fmt.Errorf("optim: %s.LoadState: %w", c.kind, err)
	}
	return c.LoadStateTensors(f)
}

// LoadStateTensors replaces the optimizer's state with the one held in f,
// as StateTensors wrote it; other tensors and metadata in f (a model's) are
// ignored. It returns an error, leaving the state unchanged, if f holds
// another optimizer's state, a buffer this configuration lacks or needs,
// buffers of different lengths for one parameter, or a bad step count.
func (c *core) LoadStateTensors(f *nn.Safetensors) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("optim: %s.LoadState: "+format, append([]any{c.kind}, args...)...)
	}
	if k := f.Metadata[metaKind]; k != c.kind {
		return fail("the file holds %q optimizer state, not %s", k, c.kind)
	}
	state := map[string]*paramState{}
	for key, v := range f.Metadata {
		name, ok := strings.CutSuffix(key, ".step")
		if !ok || !strings.HasPrefix(name, statePrefix) {
			continue
		}
		name = name[len(statePrefix):]
		step, err := strconv.ParseInt(v, 10, 64)
		// Steps are counted in int64 and their bias corrections in float64:
		// above 2^53 neither the next step (overflow) nor β^t is meaningful,
		// so such a count can only come from a corrupt file.
		if err != nil || step < 0 || step > maxStateStep {
			return fail("parameter %q: step count %q is not an integer in [0, 2^53]", name, v)
		}
		state[name] = &paramState{step: step, bufs: make([][]float32, len(c.names))}
	}
	for i := range f.Tensors {
		t := &f.Tensors[i]
		if !strings.HasPrefix(t.Name, statePrefix) {
			continue
		}
		if err := c.loadBuffer(state, t); err != nil {
			return fail("%w", err)
		}
	}
	for name, st := range state {
		for j, b := range st.bufs {
			if b == nil {
				return fail("parameter %q has no %q buffer", name, c.names[j])
			}
		}
	}
	c.state = state
	return nil
}

// loadBuffer decodes tensor t, "state.<param>.<buffer>", into state.
func (c *core) loadBuffer(state map[string]*paramState, t *nn.SafetensorsTensor) error {
	rest := t.Name[len(statePrefix):]
	dot := strings.LastIndexByte(rest, '.')
	if dot < 0 {
		return fmt.Errorf("tensor %q is not named state.<param>.<buffer>", t.Name)
	}
	name, buf := rest[:dot], rest[dot+1:]
	st := state[name]
	if st == nil {
		return fmt.Errorf("tensor %q has no step count %q in the metadata", t.Name, statePrefix+name+".step")
	}
	j := -1
	for k, n := range c.names {
		if n == buf {
			j = k
		}
	}
	if j < 0 {
		return fmt.Errorf("tensor %q: %q is not a buffer of this %s (buffers: %v)", t.Name, buf, c.kind, c.names)
	}
	b := newBuffer(t.Len(), j)
	if err := t.Float32(b); err != nil {
		return fmt.Errorf("tensor %q: %w", t.Name, err)
	}
	for k, other := range st.bufs {
		if other != nil && len(other) != len(b) {
			return fmt.Errorf("parameter %q: buffer %q has %d elements but %q has %d",
				name, buf, len(b), c.names[k], len(other))
		}
	}
	st.bufs[j] = b
	return nil
}
