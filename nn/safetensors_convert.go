package nn

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/simdml/simdml/tensor"
)

// Float32 decodes the tensor's data into dst (which must hold Len()
// elements) as float32, from F32, F64 (rounded to nearest), F16 or BF16
// (exact). Other element types are an error.
func (t *SafetensorsTensor) Float32(dst []float32) error {
	switch t.DType {
	case F32, F64, F16, BF16:
	default:
		return fmt.Errorf("nn: safetensors: tensor %q: dtype %s cannot be read as float32 (want F32, F64, F16 or BF16)", t.Name, t.DType)
	}
	n := t.Len()
	if len(dst) != n {
		return fmt.Errorf("nn: safetensors: tensor %q: destination holds %d values, tensor %d", t.Name, len(dst), n)
	}
	b := t.Data
	if len(b) != n*t.DType.Size() {
		return fmt.Errorf("nn: safetensors: tensor %q: %d data bytes for %d values of %s", t.Name, len(b), n, t.DType)
	}
	switch t.DType {
	case F32:
		for i := range dst {
			dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	case F64:
		for i := range dst {
			dst[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:])))
		}
	case F16:
		for i := range dst {
			dst[i] = halfToFloat32(binary.LittleEndian.Uint16(b[2*i:]))
		}
	case BF16:
		for i := range dst {
			dst[i] = math.Float32frombits(uint32(binary.LittleEndian.Uint16(b[2*i:])) << 16)
		}
	}
	return nil
}

// ToTensor returns the tensor's data as a new float32 tensor of its shape
// (a scalar becomes shape [1]); see Float32 for the element types.
func (t *SafetensorsTensor) ToTensor() (*tensor.Tensor, error) {
	switch t.DType {
	case F32, F64, F16, BF16:
	default:
		return nil, t.Float32(nil) // the dtype error, before allocating
	}
	shape := t.Shape
	if len(shape) == 0 {
		shape = []int{1}
	}
	data := make([]float32, t.Len())
	if err := t.Float32(data); err != nil {
		return nil, err
	}
	return tensor.FromSlice(data, shape...), nil
}

// halfToFloat32 converts an IEEE 754 binary16 value exactly.
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	man := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // Inf or NaN (payload kept)
		return math.Float32frombits(sign | 0xff<<23 | man<<13)
	case exp != 0: // normal
		return math.Float32frombits(sign | (exp+127-15)<<23 | man<<13)
	case man == 0: // ±0
		return math.Float32frombits(sign)
	}
	// Subnormal: value = man * 2^-24, exact in float32.
	f := float32(man) * (1.0 / (1 << 24))
	return math.Float32frombits(sign | math.Float32bits(f))
}
