package fuzz

import (
	"bytes"
	"strings"

	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

func init() { seedRegistry["FuzzOptimState"] = optimStateSeeds }

// optimStateSeeds: the state file of every optimizer kind after two steps
// over two parameters, each also broken once: another kind's name, a bad
// and a huge step count, a missing and an unknown buffer, buffers of
// different lengths for one parameter.
func optimStateSeeds() []seed {
	var out []seed
	for _, k := range optimKinds {
		o, err := k.make()
		if err != nil {
			panic(err)
		}
		params := []nn.Param{
			{Name: "0.weight", Value: tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3), Grad: tensor.FromSlice([]float32{1, -1, 2, -2, 0, 3}, 2, 3)},
			{Name: "0.bias", Value: tensor.FromSlice([]float32{0.5, -0.5}, 2), Grad: tensor.FromSlice([]float32{1, 2}, 2)},
		}
		for i := 0; i < 2; i++ {
			if err := o.Step(params, 0.1); err != nil {
				panic(err)
			}
		}
		ts, meta := o.StateTensors()
		write := func(ts []nn.NamedTensor, meta map[string]string) []byte {
			var b bytes.Buffer
			if err := nn.WriteSafetensors(&b, ts, meta); err != nil {
				panic(err)
			}
			return b.Bytes()
		}
		clone := func() map[string]string {
			m := map[string]string{}
			for k, v := range meta {
				m[k] = v
			}
			return m
		}
		out = append(out, rawSeed(k.name, write(ts, meta)))
		m := clone()
		m["optim.optimizer"] = "Nadam"
		out = append(out, rawSeed(k.name+"-kind", write(ts, m)))
		m = clone()
		m["state.0.bias.step"] = "x"
		out = append(out, rawSeed(k.name+"-step-bad", write(ts, m)))
		m = clone()
		m["state.0.bias.step"] = "9223372036854775807"
		out = append(out, rawSeed(k.name+"-step-huge", write(ts, m)))
		out = append(out, rawSeed(k.name+"-missing-buffer", write(ts[1:], meta)))
		bad := append([]nn.NamedTensor(nil), ts...)
		bad[0].Name = strings.Replace(bad[0].Name, "0.bias.", "0.bias.nonesuch", 1)
		out = append(out, rawSeed(k.name+"-unknown-buffer", write(bad, meta)))
		if len(ts) > 2 {
			bad = append([]nn.NamedTensor(nil), ts...)
			bad[1] = nn.NamedTensor{Name: ts[1].Name, Value: tensor.FromSlice([]float32{1, 2, 3}, 3)}
			out = append(out, rawSeed(k.name+"-lengths", write(bad, meta)))
		}
	}
	return out
}
