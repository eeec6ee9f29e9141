package main

import (
	"fmt"
	"math/rand"
)

// op is one operation measured at several sizes.
type op struct {
	name  string // "Sgemm"
	shape string // how size maps to the arguments, for the table heading
	sizes []int
	flops func(size int) float64
	// prepare allocates the operands for size and returns one call of im.
	prepare func(im *impl, size int, r *rand.Rand) func()
}

func randSlice(r *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = r.Float32()*2 - 1
	}
	return s
}

// ops returns the measured operations; quick shrinks the size ranges.
func ops(quick bool) []op {
	gemm := []int{16, 32, 64, 128, 256, 384, 512}
	gemv := []int{64, 128, 256, 512, 1024, 2048, 4096}
	vec := []int{256, 1024, 4096, 16384, 65536, 262144, 1 << 20}
	if quick {
		gemm, gemv, vec = []int{32, 128}, []int{128, 1024}, []int{1024, 65536}
	}
	return []op{
		{
			name: "Sgemm", shape: "m = n = k = size, C = A·B", sizes: gemm,
			flops: func(s int) float64 { return 2 * float64(s) * float64(s) * float64(s) },
			prepare: func(im *impl, s int, r *rand.Rand) func() {
				a, b, c := randSlice(r, s*s), randSlice(r, s*s), make([]float32, s*s)
				return func() { im.sgemm(false, false, s, s, s, a, b, c) }
			},
		},
		{
			name: "Sgemv", shape: "m = n = size, y = A·x", sizes: gemv,
			flops: func(s int) float64 { return 2 * float64(s) * float64(s) },
			prepare: func(im *impl, s int, r *rand.Rand) func() {
				a, x, y := randSlice(r, s*s), randSlice(r, s), make([]float32, s)
				return func() { im.sgemv(s, s, a, x, y) }
			},
		},
		{
			name: "Saxpy", shape: "n = size, y += α·x", sizes: vec,
			flops: func(s int) float64 { return 2 * float64(s) },
			prepare: func(im *impl, s int, r *rand.Rand) func() {
				x, y := randSlice(r, s), randSlice(r, s)
				return func() { im.saxpy(s, 1e-7, x, y) } // tiny alpha: y stays bounded
			},
		},
		{
			name: "Sdot", shape: "n = size, x·y", sizes: vec,
			flops: func(s int) float64 { return 2 * float64(s) },
			prepare: func(im *impl, s int, r *rand.Rand) func() {
				x, y := randSlice(r, s), randSlice(r, s)
				return func() { im.sdot(s, x, y) } // an indirect call: never optimised away
			},
		},
	}
}

// sizeLabel formats a size for tables (1024 -> 1Ki for vector lengths).
func sizeLabel(s int) string {
	if s >= 1024 && s%1024 == 0 && s > 4096 {
		return fmt.Sprintf("%dKi", s/1024)
	}
	return fmt.Sprint(s)
}
