package fuzz

import (
	"fmt"
	"math"
)

func init() {
	for _, name := range []string{"Exp", "Sigmoid", "Tanh", "ReLU", "Add", "Sub", "Mul", "ReLUBackward",
		"SigmoidBackward", "TanhBackward", "Scale", "Axpy", "AddRowVector", "SumRows", "SumCols",
		"SoftmaxRows", "LogSoftmaxRows"} {
		seedRegistry["FuzzTensor"+name] = tensorSeeds
	}
}

// tensorSeeds: every column count around the vector widths (4, 8, 16) and
// their unrolls, 1..4 rows, each value distribution (normal, integers,
// ±1e3, [-1, 1], arbitrary bits, ±40), specials mixed in, the scalar's
// special values, and dst aliasing each input.
func tensorSeeds() []seed {
	var out []seed
	add := func(name string, rows, cols int, s float32, alias, sides, rate, kind byte) {
		var e enc
		e.raw(byte(rows-1)).size(cols, tensorColsSmall).scalar(s).raw(alias, sides).prng(byte(rows*cols), rate, kind)
		out = append(out, seed{name, e})
	}
	cols := []int{0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 257, 1000}
	for i, c := range cols {
		add(fmt.Sprintf("cols%d", c), 1+i%4, c, 0.5, byte(i%3), byte(i), 0, byte(i%6))
	}
	for kind := byte(0); kind < 6; kind++ {
		add(fmt.Sprintf("kind%d-specials", kind), 3, 37, -1, 0, 5, 40, kind)
	}
	for _, s := range []float32{0, 1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Copysign(0, -1))} {
		add(fmt.Sprintf("s%v", s), 2, 20, s, 0, 0, 0, 0)
	}
	return out
}
