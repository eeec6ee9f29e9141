package fuzz

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"

	"github.com/simdml/simdml/nn"
)

func init() { seedRegistry["FuzzSafetensors"] = safetensorsSeeds }

// stFile assembles a safetensors file from a header and data.
func stFile(header string, data []byte) []byte {
	f := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	return append(append(f, header...), data...)
}

// rawSeed wraps a file in input mode 0; headerSeed describes one in mode 1.
func rawSeed(name string, file []byte) seed { return seed{name, append([]byte{0}, file...)} }

func headerSeed(name, header string, ndata int) seed {
	in := []byte{1, byte(ndata), byte(ndata >> 8)}
	return seed{name, append(in, header...)}
}

// safetensorsSeeds: real model files written by nn, every dtype, scalar and
// empty tensors, metadata, and one file breaking each rule the parser
// enforces (length field, UTF-8, JSON, duplicate keys, dtype, shape,
// offsets, gaps, overlaps, coverage, trailing bytes).
func safetensorsSeeds() []seed {
	r := rand.New(rand.NewPCG(1, 2))
	model, err := nn.NewSequential(nn.NewDense(3, 4, nn.InitDefault, r), nn.NewReLU(), nn.NewDense(4, 2, nn.InitDefault, r), nn.NewSoftmax())
	if err != nil {
		panic(err)
	}
	var mf bytes.Buffer
	if _, err := model.WriteTo(&mf); err != nil {
		panic(err)
	}
	small, err := nn.NewSequential(nn.NewDense(1, 1, nn.InitDefault, r), nn.NewTanh(), nn.NewIdentity(), nn.NewSigmoid())
	if err != nil {
		panic(err)
	}
	var sf bytes.Buffer
	if _, err := small.WriteTo(&sf); err != nil {
		panic(err)
	}
	modelHeader := string(mf.Bytes()[8 : 8+binary.LittleEndian.Uint64(mf.Bytes())])
	seeds := []seed{
		rawSeed("model-3-4-2", mf.Bytes()),
		rawSeed("model-1-1", sf.Bytes()),
		headerSeed("model-3-4-2-header", modelHeader, mf.Len()-8-len(modelHeader)),
		rawSeed("empty-object", stFile("{}", nil)),
		rawSeed("padded", stFile("{}      ", nil)),
		rawSeed("metadata-only", stFile(`{"__metadata__":{"a":"b","format":"x"}}`, nil)),
		rawSeed("scalar-f32", stFile(`{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`, []byte{0, 0, 128, 63})),
		rawSeed("zero-size", stFile(`{"z":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}}`, nil)),
		rawSeed("dtypes", stFile(`{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},`+
			`"c":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},"d":{"dtype":"I32","shape":[1],"data_offsets":[16,20]},`+
			`"e":{"dtype":"BOOL","shape":[2,2],"data_offsets":[20,24]},"f":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[24,25]}}`,
			[]byte{0, 60, 0, 188, 128, 63, 0, 192, 0, 0, 0, 0, 0, 0, 240, 63, 1, 0, 0, 0, 1, 0, 1, 0, 56})),
		headerSeed("dtypes-header", `{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[3],"data_offsets":[4,7]}}`, 7),
		rawSeed("short", []byte{1, 2, 3}),
		rawSeed("length-too-big", stFile("{}", nil)[:9]),
		rawSeed("length-huge", append(binary.LittleEndian.AppendUint64(nil, 1<<62), "{}"...)),
		rawSeed("not-utf8", stFile("{\"\xff\":1}", nil)),
		rawSeed("trailing", stFile(`{} x`, nil)),
		rawSeed("duplicate", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8))),
		rawSeed("duplicate-field", stFile(`{"a":{"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4))),
		rawSeed("bad-dtype", stFile(`{"a":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 4))),
		rawSeed("negative-shape", stFile(`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, make([]byte, 4))),
		rawSeed("shape-overflow", stFile(`{"a":{"dtype":"F32","shape":[4611686018427387904,4611686018427387904],"data_offsets":[0,4]}}`, make([]byte, 4))),
		rawSeed("zero-times-huge", stFile(`{"a":{"dtype":"F32","shape":[0,4611686018427387904,4611686018427387904],"data_offsets":[0,0]}}`, nil)),
		rawSeed("offsets-reversed", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}`, make([]byte, 4))),
		rawSeed("gap", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8))),
		rawSeed("overlap", stFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}`, make([]byte, 8))),
		rawSeed("uncovered", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, make([]byte, 8))),
		rawSeed("extra-field", stFile(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}`, make([]byte, 4))),
		rawSeed("float-shape", stFile(`{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}`, make([]byte, 4))),
		rawSeed("nested-metadata", stFile(`{"__metadata__":{"a":{"b":"c"}}}`, nil)),
		headerSeed("arch-mismatch", `{"__metadata__":{"format":"simdml.Sequential/1","architecture":"[{\"type\":\"Linear\",\"in_features\":2,\"out_features\":1},{\"type\":\"Linear\",\"in_features\":3,\"out_features\":1}]"},`+
			`"0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},`+
			`"1.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[12,24]},"1.bias":{"dtype":"F32","shape":[1],"data_offsets":[24,28]}}`, 28),
		headerSeed("arch-f16", `{"__metadata__":{"format":"simdml.Sequential/1","architecture":"[{\"type\":\"Linear\",\"in_features\":2,\"out_features\":2},{\"type\":\"ReLU\"}]"},`+
			`"0.weight":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"0.bias":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}`, 12),
		headerSeed("arch-unknown-layer", `{"__metadata__":{"format":"simdml.Sequential/1","architecture":"[{\"type\":\"Conv2d\"}]"}}`, 0),
		headerSeed("arch-empty", `{"__metadata__":{"format":"simdml.Sequential/1","architecture":"[]"}}`, 0),
	}
	return seeds
}
