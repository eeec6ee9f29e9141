//go:build !purego

package cpu

import "github.com/klauspost/cpuid/v2"

func detect() []Level {
	ls := []Level{Generic}
	c := cpuid.CPU
	if c.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3) {
		ls = append(ls, AVX2)
		if c.Supports(cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512BW, cpuid.AVX512DQ) {
			ls = append(ls, AVX512)
		}
	}
	return ls
}
