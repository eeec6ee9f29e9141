package nn

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/simdml/simdml/tensor"
)

// rawFile assembles a safetensors file from a header string and data.
func rawFile(header string, data []byte) []byte {
	b := make([]byte, 8, 8+len(header)+len(data))
	binary.LittleEndian.PutUint64(b, uint64(len(header)))
	b = append(b, header...)
	return append(b, data...)
}

func TestSafetensorsRoundTrip(t *testing.T) {
	a := tensor.FromSlice([]float32{1, -2, 3.5, float32(math.Inf(1)), 0, 6}, 2, 3)
	b := tensor.FromSlice([]float32{7}, 1)
	md := map[string]string{"k": "v \"quoted\"\n", "z": ""}
	var buf bytes.Buffer
	if err := WriteSafetensors(&buf, []NamedTensor{{"b.first", b}, {"a", a}}, md); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	if n := binary.LittleEndian.Uint64(raw); n%8 != 0 {
		t.Errorf("header length %d is not a multiple of 8", n)
	}
	st, err := ParseSafetensors(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Tensors) != 2 || st.Tensors[0].Name != "b.first" || st.Tensors[1].Name != "a" {
		t.Fatalf("tensors %+v, want b.first then a (offset order)", st.Tensors)
	}
	if st.Metadata["k"] != md["k"] || st.Metadata["z"] != "" || len(st.Metadata) != 2 {
		t.Errorf("metadata %q, want %q", st.Metadata, md)
	}
	got, err := st.Tensor("a").ToTensor()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Shape(), []int{2, 3}) || !bytes.Equal(f32bytes(got.Data()), f32bytes(a.Data())) {
		t.Errorf("a read back as %v", got)
	}
	r, err := ReadSafetensors(bytes.NewReader(raw), int64(len(raw)))
	if err != nil || len(r.Tensors) != 2 {
		t.Fatalf("ReadSafetensors: %v", err)
	}
}

func f32bytes(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func TestSafetensorsEmpty(t *testing.T) {
	st, err := ParseSafetensors(rawFile("{}", nil))
	if err != nil || len(st.Tensors) != 0 {
		t.Fatalf("empty file: %v, %v", st, err)
	}
	// A scalar and a zero-size tensor are legal.
	h := `{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]}}`
	st, err = ParseSafetensors(rawFile(h, f32bytes([]float32{2.5})))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := st.Tensor("s").ToTensor(); s.Data()[0] != 2.5 {
		t.Errorf("scalar = %v", s)
	}
}

func TestSafetensorsMalformed(t *testing.T) {
	d24 := make([]byte, 24)
	const ok = `"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}`
	huge := make([]byte, 16)
	binary.LittleEndian.PutUint64(huge, MaxSafetensorsHeader+1)
	past := make([]byte, 16)
	binary.LittleEndian.PutUint64(past, 9)
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"short", []byte{1, 2, 3}, "shorter than the 8-byte header length"},
		{"oversized header", huge, "exceeds the limit"},
		{"header past end", past, "exceeds the 8 bytes after the length field"},
		{"truncated header", rawFile("{"+ok+"}", d24)[:20], "exceeds the"},
		{"truncated data", rawFile("{"+ok+"}", d24[:20]), "run past the end"},
		{"extra data", rawFile("{"+ok+"}", make([]byte, 28)), "cover 24 bytes but the data buffer holds 28"},
		{"not json", rawFile("{nope}", nil), "invalid JSON"},
		{"array", rawFile("[1, 2]", nil), `want "{"`},
		{"trailing", rawFile("{}x", nil), "non-space data after the JSON object"},
		{"bad utf8", rawFile("{\"\xff\":1}", nil), "not valid UTF-8"},
		{"duplicate tensor", rawFile("{"+ok+","+ok+"}", d24), `duplicate key "a"`},
		{"duplicate field", rawFile(`{"a":{"dtype":"F32","dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}`, d24), `duplicate key "dtype"`},
		{"duplicate metadata", rawFile(`{"__metadata__":{"k":"1","k":"2"}}`, nil), `duplicate key "k"`},
		{"metadata twice", rawFile(`{"__metadata__":{},"__metadata__":{}}`, nil), `duplicate key "__metadata__"`},
		{"metadata not string", rawFile(`{"__metadata__":{"k":1}}`, nil), `value of "k" is 1, want a string`},
		{"overlap", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}`, make([]byte, 12)), "overlap the previous tensor"},
		{"gap", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8)), "leave a gap"},
		{"wrong dtype size", rawFile(`{"a":{"dtype":"F64","shape":[2,3],"data_offsets":[0,24]}}`, d24), "needs 48 bytes"},
		{"unknown dtype", rawFile(`{"a":{"dtype":"F31","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4)), "unknown dtype F31"},
		{"negative dim", rawFile(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, make([]byte, 4)), "-1 is not a non-negative integer"},
		{"fractional offset", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.0]}}`, make([]byte, 4)), "4.0 is not a non-negative integer"},
		{"reversed offsets", rawFile(`{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}`, make([]byte, 4)), "end before they begin"},
		{"three offsets", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}`, make([]byte, 4)), "has 3 values, want 2"},
		{"missing shape", rawFile(`{"a":{"dtype":"F32","data_offsets":[0,4]}}`, make([]byte, 4)), `missing "shape"`},
		{"unknown field", rawFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}`, make([]byte, 4)), `unknown field "x"`},
		{"overflow", rawFile(`{"a":{"dtype":"F64","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}`, make([]byte, 8)), "overflows the byte count"},
		{"dim too large", rawFile(`{"a":{"dtype":"U8","shape":[99999999999],"data_offsets":[0,8]}}`, make([]byte, 8)), "too large"},
		{"offset huge", rawFile(`{"a":{"dtype":"U8","shape":[8],"data_offsets":[18446744073709551607,18446744073709551615]}}`, make([]byte, 8)), "leave a gap"},
		{"offset overflow", rawFile(`{"a":{"dtype":"U8","shape":[8],"data_offsets":[0,18446744073709551616]}}`, make([]byte, 8)), "not a non-negative integer"},
		{"offset past end", rawFile(`{"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}`, make([]byte, 4)), "run past the end"},
		{"tensor not object", rawFile(`{"a":[1]}`, nil), `tensor "a": want "{"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseSafetensors(c.file)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "nn: safetensors: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if len(c.file) >= 8 {
				_, err2 := ReadSafetensors(bytes.NewReader(c.file), int64(len(c.file)))
				if err2 == nil || !strings.Contains(err2.Error(), c.want) {
					t.Errorf("ReadSafetensors error %v, want one containing %q", err2, c.want)
				}
			}
		})
	}
}

// Every truncation of a valid file is an error, never a panic.
func TestSafetensorsEveryTruncation(t *testing.T) {
	var buf bytes.Buffer
	a := tensor.FromSlice([]float32{1, 2, 3}, 3)
	if err := WriteSafetensors(&buf, []NamedTensor{{"a", a}}, map[string]string{"m": "x"}); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	for n := 0; n < len(raw); n++ {
		if _, err := ParseSafetensors(raw[:n]); err == nil {
			t.Errorf("truncated to %d of %d bytes: no error", n, len(raw))
		}
	}
}

func TestSafetensorsDTypes(t *testing.T) {
	// 1.5, -2, 65504 (max half), 2^-24 (smallest subnormal half), -0, +Inf.
	f16 := []uint16{0x3e00, 0xc000, 0x7bff, 0x0001, 0x8000, 0x7c00}
	want := []float32{1.5, -2, 65504, 1.0 / (1 << 24), float32(math.Copysign(0, -1)), float32(math.Inf(1))}
	b := make([]byte, 12)
	for i, h := range f16 {
		binary.LittleEndian.PutUint16(b[2*i:], h)
	}
	bf := make([]byte, 12)
	for i, w := range want {
		binary.LittleEndian.PutUint16(bf[2*i:], uint16(math.Float32bits(w)>>16))
	}
	f64 := make([]byte, 48)
	for i, w := range want {
		binary.LittleEndian.PutUint64(f64[8*i:], math.Float64bits(float64(w)))
	}
	for _, c := range []struct {
		dt   DType
		data []byte
		want []float32
	}{
		{F16, b, want},
		{BF16, bf, []float32{1.5, -2, 65280, 1.0 / (1 << 24), float32(math.Copysign(0, -1)), float32(math.Inf(1))}},
		{F64, f64, want},
	} {
		st := SafetensorsTensor{Name: "x", DType: c.dt, Shape: []int{6}, Data: c.data}
		got := make([]float32, 6)
		if err := st.Float32(got); err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(c.want[i]) {
				t.Errorf("%s[%d] = %v, want %v", c.dt, i, got[i], c.want[i])
			}
		}
	}
	if got := halfToFloat32(0x7e00); !math.IsNaN(float64(got)) {
		t.Errorf("half NaN = %v", got)
	}
	st := SafetensorsTensor{Name: "i", DType: I32, Shape: []int{1}, Data: make([]byte, 4)}
	if err := st.Float32(make([]float32, 1)); err == nil || !strings.Contains(err.Error(), "dtype I32 cannot be read as float32") {
		t.Errorf("I32: %v", err)
	}
}

// Every finite half converts exactly: compare with float64 arithmetic.
func TestHalfToFloat32Exhaustive(t *testing.T) {
	for h := 0; h < 1<<16; h++ {
		exp, man := (h>>10)&0x1f, h&0x3ff
		if exp == 0x1f {
			continue
		}
		var v float64
		if exp == 0 {
			v = math.Ldexp(float64(man), -24)
		} else {
			v = math.Ldexp(float64(man|0x400), exp-25)
		}
		if h&0x8000 != 0 {
			v = -v
		}
		if got := halfToFloat32(uint16(h)); got != float32(v) || math.Signbit(float64(got)) != (h&0x8000 != 0) {
			t.Fatalf("half %#04x = %v, want %v", h, got, v)
		}
	}
}

func TestSaveSafetensorsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.safetensors")
	a := tensor.FromSlice([]float32{1, 2}, 2)
	if err := SaveSafetensors(path, []NamedTensor{{"a", a}}, nil); err != nil {
		t.Fatal(err)
	}
	// A failing write (duplicate names) leaves the old file and no temporary.
	if err := SaveSafetensors(path, []NamedTensor{{"a", a}, {"a", a}}, nil); err == nil {
		t.Fatal("duplicate names: no error")
	}
	st, err := LoadSafetensors(path)
	if err != nil || st.Tensor("a") == nil {
		t.Fatalf("old file damaged: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries, want 1 (no temporary left)", len(ents))
	}
	if err := SaveSafetensors(filepath.Join(dir, "missing", "x"), nil, nil); err == nil {
		t.Error("saving into a missing directory: no error")
	}
}

// A size larger than the data is an error, without allocating that size.
func TestReadSafetensorsShortReader(t *testing.T) {
	var buf bytes.Buffer
	WriteSafetensors(&buf, []NamedTensor{{"a", tensor.New(2)}}, nil)
	_, err := ReadSafetensors(bytes.NewReader(buf.Bytes()), 1<<40)
	if err == nil || !strings.Contains(err.Error(), "the file size given is 1099511627776") {
		t.Errorf("error %v", err)
	}
}
