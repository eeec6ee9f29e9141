package fuzz

import (
	"bytes"
	"encoding/binary"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/simdml/simdml/nn"
)

// FuzzSafetensors feeds any input to nn's safetensors parser
// (ParseSafetensors, ReadSafetensors) and model loader (ReadSequential).
// Each must return an error starting "nn: " or a result that is valid:
//
//   - a parsed file's tensors tile its data buffer exactly, each holds
//     Len()·DType.Size() bytes, float tensors convert (ToTensor), and
//     ParseSafetensors and ReadSafetensors agree;
//   - a loaded model predicts, holds the file's tensors as its parameters
//     bit for bit (F32) and survives WriteTo and ReadSequential unchanged;
//
// never a panic, and never a hang (a watchdog panics after 20 s) or an
// allocation beyond the bound 128·len(file) + 4 MiB per call, measured as
// the increase of runtime.MemStats.TotalAlloc over the call. (Data costs
// its file bytes, up to 2x again when F16 or BF16 widen to float32, a model
// 2 float32 copies per parameter — at most 8x the file for F16 weights —
// and the JSON header its tokens: measured 30-35x the header for many small
// tensors or metadata entries, 85x for a 200000-dimension shape, 65x for a
// model of 65536 layers. The bound is linear in the input: a file cannot
// make the parser allocate what it does not itself spell out.)
//
// Input modes (first byte mod 4): 0, 3: the rest is the file; 1: the rest
// after two length bytes is the JSON header, followed by that many data
// bytes (so mutations reach the header rules without breaking the length
// prefix); 2: as 1, with the header padded by spaces to a multiple of 8.
func FuzzSafetensors(f *testing.F) {
	f.Fuzz(func(t *testing.T, in []byte) {
		file := safetensorsFile(in)
		watchdog := time.AfterFunc(20*time.Second, func() { panic("FuzzSafetensors: parse or load took over 20 s") })
		defer watchdog.Stop()

		var (
			st, st2    *nn.Safetensors
			err, err2  error
			model      *nn.Sequential
			merr       error
			bound      = uint64(128*len(file) + 4<<20)
			calls      = []string{"ParseSafetensors", "ReadSafetensors", "ReadSequential"}
			allocs     [3]uint64
			readerOver = func() *bytes.Reader { return bytes.NewReader(file) }
		)
		allocs[0] = allocated(func() { st, err = nn.ParseSafetensors(file) })
		allocs[1] = allocated(func() { st2, err2 = nn.ReadSafetensors(readerOver(), int64(len(file))) })
		allocs[2] = allocated(func() { model, merr = nn.ReadSequential(readerOver(), int64(len(file))) })
		for i, a := range allocs {
			if a > bound {
				t.Fatalf("%s of a %d-byte file allocated %d bytes, bound %d", calls[i], len(file), a, bound)
			}
		}
		for _, e := range []error{err, err2, merr} {
			if e != nil && !strings.HasPrefix(e.Error(), "nn: ") {
				t.Fatalf("error without the package prefix: %v", e)
			}
		}
		if (err == nil) != (err2 == nil) {
			t.Fatalf("ParseSafetensors error %v but ReadSafetensors error %v", err, err2)
		}
		if err == nil {
			checkParsed(t, file, st)
			checkSameFile(t, st, st2)
		}
		if merr == nil {
			if err != nil {
				t.Fatalf("ReadSequential loaded a model from a file ParseSafetensors rejects: %v", err)
			}
			checkModel(t, st, model)
		}
	})
}

// allocated returns the bytes f allocated (runtime.MemStats.TotalAlloc).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// safetensorsFile builds the file an input describes (see FuzzSafetensors).
func safetensorsFile(in []byte) []byte {
	if len(in) < 3 || in[0]%4 == 0 || in[0]%4 == 3 {
		if len(in) == 0 {
			return nil
		}
		return in[1:]
	}
	ndata := int(binary.LittleEndian.Uint16(in[1:3]))
	header := in[3:]
	if in[0]%4 == 2 {
		header = append(append([]byte(nil), header...), bytes.Repeat([]byte(" "), (8-len(header)%8)%8)...)
	}
	file := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	file = append(file, header...)
	for i := 0; i < ndata; i++ {
		file = append(file, byte(i*37))
	}
	return file
}

func checkParsed(t *testing.T, file []byte, st *nn.Safetensors) {
	hlen := binary.LittleEndian.Uint64(file)
	var total int
	for i := range st.Tensors {
		tt := &st.Tensors[i]
		n := tt.Len()
		for _, d := range tt.Shape {
			if d < 0 {
				t.Fatalf("tensor %q: negative dimension in %v", tt.Name, tt.Shape)
			}
		}
		if tt.DType.Size() == 0 || len(tt.Data) != n*tt.DType.Size() {
			t.Fatalf("tensor %q: %s %v holds %d bytes", tt.Name, tt.DType, tt.Shape, len(tt.Data))
		}
		total += len(tt.Data)
		switch tt.DType {
		case nn.F32, nn.F64, nn.F16, nn.BF16:
			v, err := tt.ToTensor()
			if err != nil {
				t.Fatalf("tensor %q: ToTensor: %v", tt.Name, err)
			}
			if v.Len() != n {
				t.Fatalf("tensor %q: ToTensor has %d elements, want %d", tt.Name, v.Len(), n)
			}
		default:
			if _, err := tt.ToTensor(); err == nil {
				t.Fatalf("tensor %q: ToTensor converted dtype %s", tt.Name, tt.DType)
			}
		}
	}
	if want := len(file) - 8 - int(hlen); total != want {
		t.Fatalf("tensors hold %d bytes, the data buffer %d", total, want)
	}
}

func checkSameFile(t *testing.T, a, b *nn.Safetensors) {
	if len(a.Tensors) != len(b.Tensors) || len(a.Metadata) != len(b.Metadata) {
		t.Fatalf("ParseSafetensors and ReadSafetensors disagree: %d/%d tensors, %d/%d metadata",
			len(a.Tensors), len(b.Tensors), len(a.Metadata), len(b.Metadata))
	}
	for i := range a.Tensors {
		x, y := &a.Tensors[i], &b.Tensors[i]
		if x.Name != y.Name || x.DType != y.DType || !bytes.Equal(x.Data, y.Data) {
			t.Fatalf("ParseSafetensors and ReadSafetensors disagree on tensor %d: %q/%q", i, x.Name, y.Name)
		}
	}
	for k, v := range a.Metadata {
		if b.Metadata[k] != v {
			t.Fatalf("ParseSafetensors and ReadSafetensors disagree on metadata %q", k)
		}
	}
}

// checkModel: the model's parameters are the file's tensors (bitwise for
// F32, else as Float32 converts them), it predicts, and it round-trips.
func checkModel(t *testing.T, st *nn.Safetensors, m *nn.Sequential) {
	params := m.Params()
	if len(params) != len(st.Tensors) {
		t.Fatalf("model has %d parameters, file %d tensors", len(params), len(st.Tensors))
	}
	for _, p := range params {
		ft := st.Tensor(p.Name)
		if ft == nil {
			t.Fatalf("model parameter %q is not in the file", p.Name)
		}
		want := make([]float32, ft.Len())
		if err := ft.Float32(want); err != nil {
			t.Fatalf("parameter %q: %v", p.Name, err)
		}
		if i := sameBits(p.Value.Data(), want); i >= 0 || p.Value.Len() != len(want) {
			t.Fatalf("parameter %q differs from the file at %d", p.Name, i)
		}
	}
	dst := make([]float32, m.OutputSize())
	x := make([]float32, m.InputSize())
	for i := range x {
		x[i] = float32(i%5) - 2
	}
	if err := m.Predict(dst, x); err != nil {
		t.Fatalf("loaded model (%v) cannot predict: %v", m, err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	m2, err := nn.ReadSequential(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("a written model does not load: %v", err)
	}
	p2 := m2.Params()
	for i, p := range params {
		if p2[i].Name != p.Name || sameBits(p2[i].Value.Data(), p.Value.Data()) >= 0 {
			t.Fatalf("parameter %q changed in a WriteTo/ReadSequential round trip", p.Name)
		}
	}
	dst2 := make([]float32, len(dst))
	if err := m2.Predict(dst2, x); err != nil || sameBits(dst, dst2) >= 0 && !hasNaN(dst) {
		t.Fatalf("round-tripped model predicts %v (err %v), the original %v", dst2, err, dst)
	}
}

func hasNaN(s []float32) bool {
	for _, v := range s {
		if math.IsNaN(float64(v)) {
			return true
		}
	}
	return false
}
