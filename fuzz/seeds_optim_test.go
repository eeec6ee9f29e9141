package fuzz

import "fmt"

func init() {
	for _, name := range []string{"SGD", "SGDMomentum", "AdaGrad", "RMSProp", "Adam"} {
		seedRegistry["FuzzOptim"+name] = optimSeeds
	}
}

// optimSeeds: sizes around the vector widths 4, 8, 16 and their unrolls;
// every hyperparameter combination the targets decode (hyper bytes 0..3
// select table entries and flags), 1..4 steps with valid and invalid
// learning rates, normal and special values.
func optimSeeds() []seed {
	var out []seed
	add := func(name string, n, steps int, hyper [8]byte, lrs []byte, sides, rate, kind byte) {
		var e enc
		e.size(n, l1Small).raw(byte(steps-1)).raw(hyper[:]...).raw(lrs...).raw(sides).prng(byte(n), rate, kind)
		out = append(out, seed{name, e})
	}
	for i, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129, 1000} {
		add(fmt.Sprintf("n%d", n), n, 2, [8]byte{}, []byte{0, 1}, byte(i), 0, 0)
	}
	for h := 0; h < 32; h++ {
		b := byte(h)
		hyper := [8]byte{b % 3, b / 3 % 3, b / 2 % 3, b / 8 % 3, b / 16 % 2, b / 4 % 2}
		add(fmt.Sprintf("hyper%d", h), 37, 3, hyper, []byte{0, 2, 5}, b, 0, b%6)
	}
	add("invalid-lr", 20, 4, [8]byte{1, 1, 1, 1, 1, 1}, []byte{8, 0, 9, 10}, 0, 0, 0)
	add("specials", 41, 3, [8]byte{1, 0, 1, 1, 1, 1}, []byte{0, 4, 7}, 3, 100, 0)
	return out
}
