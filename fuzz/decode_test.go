package fuzz

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
)

// decoder turns a fuzz input into parameters and data. Reading past the end
// yields zero bytes, so every input decodes to something valid. Element
// values take one input byte each while bytes remain, then come from a PRNG
// seeded by the input, so a short input can still describe a large problem.
type decoder struct {
	data []byte
	rng  *rand.Rand
	rate int  // PRNG mode: chance in 1024 that an element is special
	kind byte // PRNG mode: value distribution
}

func newDecoder(data []byte) *decoder { return &decoder{data: data} }

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		return 0
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b
}

func (d *decoder) uint16() int { return int(d.byte()) | int(d.byte())<<8 }

// size returns a dimension: mostly 0..small-1, sometimes small..max.
func (d *decoder) size(small, max int) int {
	b := d.byte()
	if b < 192 || max <= small {
		return int(b) % small
	}
	return small + d.uint16()%(max-small+1)
}

// pad returns the extra leading-dimension padding: mostly 0..7, sometimes larger.
func (d *decoder) pad() int {
	b := d.byte()
	if b < 240 {
		return int(b) % 8
	}
	return 8 + int(b-240)*9
}

var incTable = [...]int{1, 1, 1, 1, 1, 1, 2, -1, 3, -3, -2, 4, -1, 7, -5, 16}

// inc returns a vector increment (never zero); positive if pos.
func (d *decoder) inc(pos bool) int {
	v := incTable[d.byte()%byte(len(incTable))]
	if pos && v < 0 {
		v = -v
	}
	return v
}

var scalarTable = [...]float32{0, 1, 0, 1, -1, float32(math.NaN()), 0.5, 2, -0.75,
	float32(math.Inf(1)), float32(math.Copysign(0, -1)), 1.5e-3, 3.25, -1, 1, 0}

// scalar returns alpha or beta: often 0 or 1 (the special paths), sometimes
// NaN, Inf or -0, otherwise an ordinary value.
func (d *decoder) scalar() float32 {
	b := d.byte()
	if b >= 240 {
		return float32(int(b)-248) * 0.375
	}
	return scalarTable[b%byte(len(scalarTable))]
}

// startData reads the PRNG seed and mode; call it after the parameters.
func (d *decoder) startData() {
	var s [8]byte
	for i := range s[:5] {
		s[i] = d.byte()
	}
	d.rate = int(d.byte()) % 64
	d.kind = d.byte()
	seed := binary.LittleEndian.Uint64(s[:])
	d.rng = rand.New(rand.NewPCG(seed, 0x5eed))
}

// specials are the values an element byte >= 224 maps to (one per byte
// value): NaN, Inf, signed zero, values whose products overflow or
// underflow float32, subnormals, and values with long mantissas.
var specials = [32]float32{
	float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Copysign(0, -1)),
	1e30, -1e-30, 1e-40, math.MaxFloat32,
	1 << 36, -1.0 / (1 << 36), 1.0 / 3, -math.Pi, 0, 1, -1, 0.1,
	-1e-40, -math.MaxFloat32, math.SmallestNonzeroFloat32, 3e38,
	65504, -1e-7, 1e7, 16777217, -8388607.5, 2.5e-5, 1e-20, 1e20,
	float32(math.NaN()), float32(math.Inf(1)), 7, -0.5,
}

// value returns the next element value.
func (d *decoder) value() float32 {
	var v float32
	if len(d.data) > 0 {
		b := d.byte()
		if b < 224 {
			v = float32(int(b)-112) / 8
		} else {
			v = specials[b-224]
		}
	} else if d.rate > 0 && d.rng.IntN(1024) < d.rate {
		v = specials[d.rng.IntN(len(specials))]
	} else {
		switch d.kind % 6 {
		case 0:
			v = float32(d.rng.NormFloat64())
		case 1:
			v = float32(d.rng.IntN(33) - 16)
		case 2:
			v = float32(d.rng.NormFloat64() * 1e3)
		case 3:
			v = float32(d.rng.Float64()*2 - 1)
		case 4:
			v = math.Float32frombits(d.rng.Uint32()) // anything, NaN payloads included
		default:
			v = float32(d.rng.NormFloat64() * 40) // the range where exp, sigmoid, tanh turn
		}
	}
	return v
}
