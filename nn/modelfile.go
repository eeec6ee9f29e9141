package nn

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/simdml/simdml/tensor"
)

// Model files are safetensors files holding the state_dict tensors ("0.weight",
// "0.bias", ... as F32) and two metadata entries:
//
//	"format":       "simdml.Sequential/1"
//	"architecture": a JSON array with one object per layer, in order:
//	                {"type":"Linear","in_features":784,"out_features":16},
//	                {"type":"ReLU"}, {"type":"Sigmoid"}, {"type":"Tanh"},
//	                {"type":"Softmax"}, {"type":"Identity"}
//
// The type names are PyTorch's module names, so a script can rebuild the
// same nn.Sequential and load the tensors as its state_dict.
const (
	FormatKey       = "format"
	ArchitectureKey = "architecture"
	FormatValue     = "simdml.Sequential/1"
)

// maxLayers bounds the architecture read from a file.
const maxLayers = 1 << 16

// layerSpec is one layer of the architecture entry.
type layerSpec struct {
	Type string `json:"type"`
	In   int    `json:"in_features,omitempty"`
	Out  int    `json:"out_features,omitempty"`
}

// Save writes the model to path as a safetensors file (see FormatKey),
// atomically: a reader sees the old file or the whole new one.
func (s *Sequential) Save(path string) error {
	tensors, md := s.fileContents()
	if err := SaveSafetensors(path, tensors, md); err != nil {
		return fmt.Errorf("nn: Save: %w", err)
	}
	return nil
}

// WriteTo writes the model file to w and returns the bytes written.
func (s *Sequential) WriteTo(w io.Writer) (int64, error) {
	tensors, md := s.fileContents()
	cw := &countWriter{w: w}
	err := WriteSafetensors(cw, tensors, md)
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (s *Sequential) fileContents() ([]NamedTensor, map[string]string) {
	specs := make([]layerSpec, len(s.layers))
	for i, l := range s.layers {
		specs[i] = l.spec()
	}
	arch, _ := json.Marshal(specs) // plain structs always marshal
	tensors := make([]NamedTensor, len(s.params))
	for i, p := range s.params {
		tensors[i] = NamedTensor{Name: p.Name, Value: p.Value}
	}
	return tensors, map[string]string{FormatKey: FormatValue, ArchitectureKey: string(arch)}
}

// LoadSequential reads a model file written by Save (or by a script
// following the same layout, see FormatKey) and rebuilds the model from it
// alone. F32, F64, F16 and BF16 tensors are read into float32.
func LoadSequential(path string) (*Sequential, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("nn: LoadSequential: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("nn: LoadSequential: %w", err)
	}
	s, err := ReadSequential(f, fi.Size())
	if err != nil {
		return nil, fmt.Errorf("%w (file %s)", err, path)
	}
	return s, nil
}

// ReadSequential reads a model file of size bytes from r (see LoadSequential).
func ReadSequential(r io.ReaderAt, size int64) (*Sequential, error) {
	st, err := ReadSafetensors(r, size)
	if err != nil {
		return nil, err
	}
	return SequentialFromSafetensors(st)
}

// SequentialFromSafetensors builds a model from a parsed model file: the
// architecture from its metadata, the parameters from its tensors, which
// must be exactly the model's, with the model's shapes.
func SequentialFromSafetensors(st *Safetensors) (*Sequential, error) {
	if f := st.Metadata[FormatKey]; f != FormatValue {
		return nil, fmt.Errorf("nn: model file: metadata %q is %q, want %q", FormatKey, f, FormatValue)
	}
	specs, err := parseArchitecture(st.Metadata[ArchitectureKey])
	if err != nil {
		return nil, err
	}
	if err := checkTensorShapes(specs, st); err != nil {
		return nil, err
	}
	layers := make([]Layer, len(specs))
	for i, sp := range specs {
		layers[i] = sp.layer()
	}
	s, err := NewSequential(layers...)
	if err != nil {
		return nil, fmt.Errorf("nn: model file: architecture: %w", err)
	}
	if err := s.loadTensors(st); err != nil {
		return nil, err
	}
	return s, nil
}

func parseArchitecture(arch string) ([]layerSpec, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(arch), &raw); err != nil {
		return nil, fmt.Errorf("nn: model file: metadata %q is not a JSON array: %w", ArchitectureKey, err)
	}
	if len(raw) == 0 || len(raw) > maxLayers {
		return nil, fmt.Errorf("nn: model file: architecture has %d layers, want 1 to %d", len(raw), maxLayers)
	}
	specs := make([]layerSpec, len(raw))
	for i, r := range raw {
		dec := json.NewDecoder(bytes.NewReader(r))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&specs[i]); err != nil {
			return nil, fmt.Errorf("nn: model file: architecture layer %d: %w", i, err)
		}
		sp := specs[i]
		switch sp.Type {
		case "Linear":
			if sp.In <= 0 || sp.Out <= 0 {
				return nil, fmt.Errorf("nn: model file: architecture layer %d: Linear sizes %d, %d must be positive", i, sp.In, sp.Out)
			}
		case "ReLU", "Sigmoid", "Tanh", "Softmax", "Identity":
			if sp.In != 0 || sp.Out != 0 {
				return nil, fmt.Errorf("nn: model file: architecture layer %d: %s takes no sizes", i, sp.Type)
			}
		default:
			return nil, fmt.Errorf("nn: model file: architecture layer %d: unknown type %q", i, sp.Type)
		}
	}
	return specs, nil
}

// checkTensorShapes checks the file holds exactly the architecture's
// tensors, with its shapes, before anything the size of a layer is made.
func checkTensorShapes(specs []layerSpec, st *Safetensors) error {
	want := map[string][]int{}
	for i, sp := range specs {
		if sp.Type == "Linear" {
			want[strconv.Itoa(i)+".weight"] = []int{sp.Out, sp.In}
			want[strconv.Itoa(i)+".bias"] = []int{sp.Out}
		}
	}
	for _, t := range st.Tensors {
		shape, ok := want[t.Name]
		if !ok {
			return fmt.Errorf("nn: model file: tensor %q is not a parameter of the architecture", t.Name)
		}
		if !slices.Equal(t.Shape, shape) {
			return fmt.Errorf("nn: model file: tensor %q has shape %v, the architecture needs %v", t.Name, t.Shape, shape)
		}
		delete(want, t.Name)
	}
	for i := range specs {
		for _, p := range []string{".weight", ".bias"} {
			if _, ok := want[strconv.Itoa(i)+p]; ok {
				return fmt.Errorf("nn: model file: tensor %q is missing", strconv.Itoa(i)+p)
			}
		}
	}
	return nil
}

func (sp layerSpec) layer() Layer {
	switch sp.Type {
	case "Linear":
		return newDenseZero(sp.In, sp.Out)
	case "ReLU":
		return NewReLU()
	case "Sigmoid":
		return NewSigmoid()
	case "Tanh":
		return NewTanh()
	case "Softmax":
		return NewSoftmax()
	}
	return NewIdentity()
}

// LoadParams replaces the model's parameters with the tensors of the
// safetensors file at path, which must hold exactly the model's parameter
// names and shapes (its metadata is not needed). On error the model is
// unchanged.
func (s *Sequential) LoadParams(path string) error {
	st, err := LoadSafetensors(path)
	if err != nil {
		return fmt.Errorf("nn: LoadParams: %w", err)
	}
	if err := s.loadTensors(st); err != nil {
		return fmt.Errorf("nn: LoadParams: %w (file %s)", err, path)
	}
	return nil
}

// loadTensors decodes every parameter first and copies only if all succeed.
func (s *Sequential) loadTensors(st *Safetensors) error {
	if len(st.Tensors) != len(s.params) {
		return fmt.Errorf("nn: model file: %d tensors, the model has %d parameters", len(st.Tensors), len(s.params))
	}
	vals := make([]*tensor.Tensor, len(s.params))
	for i, p := range s.params {
		t := st.Tensor(p.Name)
		if t == nil {
			return fmt.Errorf("nn: model file: tensor %q is missing", p.Name)
		}
		if !slices.Equal(t.Shape, p.Value.Shape()) {
			return fmt.Errorf("nn: model file: tensor %q has shape %v, the model needs %v", p.Name, t.Shape, p.Value.Shape())
		}
		v := tensor.New(p.Value.Shape()...)
		if err := t.Float32(v.Data()); err != nil {
			return err
		}
		for j, x := range v.Data() {
			if !isFinite(float64(x)) {
				return fmt.Errorf("nn: model file: tensor %q holds %v at index %d", p.Name, x, j)
			}
		}
		vals[i] = v
	}
	for i, p := range s.params {
		p.Value.CopyFrom(vals[i])
	}
	return nil
}
