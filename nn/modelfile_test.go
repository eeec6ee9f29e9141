package nn

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/simdml/simdml/tensor"
)

func modelFile(t *testing.T, md map[string]string, ts ...NamedTensor) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, ts, md); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestModelFileErrors(t *testing.T) {
	arch := `[{"type":"Linear","in_features":2,"out_features":3},{"type":"ReLU"}]`
	md := map[string]string{FormatKey: FormatValue, ArchitectureKey: arch}
	w, b := tensor.New(3, 2), tensor.New(3)
	nanW := tensor.New(3, 2)
	nanW.Data()[4] = float32(math.Inf(-1))
	mdWith := func(a string) map[string]string { return map[string]string{FormatKey: FormatValue, ArchitectureKey: a} }
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"no format", modelFile(t, nil, NamedTensor{"0.weight", w}, NamedTensor{"0.bias", b}), `metadata "format" is ""`},
		{"bad arch json", modelFile(t, mdWith("[{"), NamedTensor{"0.weight", w}), "is not a JSON array"},
		{"empty arch", modelFile(t, mdWith("[]")), "architecture has 0 layers"},
		{"unknown layer", modelFile(t, mdWith(`[{"type":"Conv2d"}]`)), `unknown type "Conv2d"`},
		{"unknown field", modelFile(t, mdWith(`[{"type":"ReLU","inplace":true}]`)), `unknown field "inplace"`},
		{"bad sizes", modelFile(t, mdWith(`[{"type":"Linear","in_features":0,"out_features":3}]`)), "sizes 0, 3 must be positive"},
		{"activation sizes", modelFile(t, mdWith(`[{"type":"Linear","in_features":2,"out_features":3},{"type":"Tanh","in_features":2}]`)), "Tanh takes no sizes"},
		{"no dense", modelFile(t, mdWith(`[{"type":"ReLU"}]`)), "no Dense layer"},
		{"chain", modelFile(t, mdWith(`[{"type":"Linear","in_features":2,"out_features":3},{"type":"Linear","in_features":4,"out_features":1}]`),
			NamedTensor{"0.weight", w}, NamedTensor{"0.bias", b}, NamedTensor{"1.weight", tensor.New(1, 4)}, NamedTensor{"1.bias", tensor.New(1)}),
			"takes 4 inputs, the previous layer gives 3"},
		{"missing tensor", modelFile(t, md, NamedTensor{"0.weight", w}), `tensor "0.bias" is missing`},
		{"extra tensor", modelFile(t, md, NamedTensor{"0.weight", w}, NamedTensor{"0.bias", b}, NamedTensor{"1.weight", b}), `"1.weight" is not a parameter`},
		{"shape", modelFile(t, md, NamedTensor{"0.weight", tensor.New(2, 3)}, NamedTensor{"0.bias", b}), `"0.weight" has shape [2 3], the architecture needs [3 2]`},
		{"non-finite", modelFile(t, md, NamedTensor{"0.weight", nanW}, NamedTensor{"0.bias", b}), `"0.weight" holds -Inf at index 4`},
		{"truncated", modelFile(t, md, NamedTensor{"0.weight", w}, NamedTensor{"0.bias", b})[:100], "safetensors"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadSequential(bytes.NewReader(c.file), int64(len(c.file)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	if _, err := ReadSequential(bytes.NewReader(modelFile(t, md, NamedTensor{"0.weight", w}, NamedTensor{"0.bias", b})), 0); err == nil {
		t.Error("size 0: no error")
	}
}

// LoadParams with a file that does not fit leaves the model unchanged.
func TestLoadParamsUnchangedOnError(t *testing.T) {
	dir := t.TempDir()
	md := map[string]string{}
	w := tensor.Full(1, 3, 2)
	bad := tensor.Full(float32(math.NaN()), 3)
	path := filepath.Join(dir, "bad.safetensors")
	if err := SaveSafetensors(path, []NamedTensor{{"0.weight", w}, {"0.bias", bad}}, md); err != nil {
		t.Fatal(err)
	}
	s, _ := NewSequential(newDenseZero(2, 3), NewReLU())
	before := snapshot(s)
	err := s.LoadParams(path)
	if err == nil || !strings.Contains(err.Error(), `"0.bias" holds NaN`) {
		t.Fatalf("error %v", err)
	}
	if !sameParams(s, before) {
		t.Error("model changed (the weight was copied before the bias failed)")
	}
	short := filepath.Join(dir, "short.safetensors")
	SaveSafetensors(short, []NamedTensor{{"0.weight", w}}, md)
	if err := s.LoadParams(short); err == nil || !strings.Contains(err.Error(), "1 tensors, the model has 2 parameters") {
		t.Fatalf("error %v", err)
	}
}
