package kernels

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
)

// Guard-page tests: every assembly entry point of this package, at every
// level this machine has, with every slice argument flush against an
// inaccessible page (internal/guard), first all after their data, then all
// before, over sizes 0..2·16+1 (twice the widest vector, plus one) and the
// tails of the unrolled loops. An access one element outside an argument
// faults and fails the test with the function, size and placement.
//
// guardCases is filled per architecture (kernels_<arch>_guard_test.go);
// TestGuardListComplete fails when an assembly stub has no case.

// guardCase calls one assembly function for size n with buffers from ar
// placed on side; the function decides what n means for its arguments.
type guardCase struct {
	name  string
	level cpu.Level
	run   func(ar *guard.Arena, n int, side guard.Side)
}

var guardCases []guardCase

// guardSizes: 0..33 and the edges of 2-, 4-, 8- and 16-vector unrolls.
func guardSizes() []int {
	s := make([]int, 0, 64)
	for n := 0; n <= 33; n++ {
		s = append(s, n)
	}
	for _, e := range []int{48, 64, 96, 128, 192, 256, 512, 1024} {
		s = append(s, e-1, e, e+1)
	}
	return s
}

// guardFill returns a guarded slice of n ordinary values.
func guardFill(ar *guard.Arena, n int, side guard.Side, seed int) []float32 {
	s := ar.Floats(n, side)
	for i := range s {
		s[i] = float32((i*7+seed)%13) - 6
	}
	return s
}

// guardRun runs every case at every available level over sizes.
func guardRun(t *testing.T, cases []guardCase, sizes func(string) []int) {
	if !guard.Supported {
		t.Skip("no guard pages on this OS")
	}
	for _, c := range cases {
		if !cpu.Has(c.level) {
			if !cpu.Capped() {
				t.Errorf("%s: level %v missing without SIMDML_KERNEL", c.name, c.level)
			}
			continue
		}
		for _, side := range guard.Sides {
			for _, n := range sizes(c.name) {
				var ar guard.Arena
				err := guard.Catch(func() { c.run(&ar, n, side) })
				ar.Free()
				if err != nil {
					t.Fatalf("%s(n=%d, buffers flush %v a guard page): %v", c.name, n, side, err)
				}
			}
		}
	}
}

func TestGuardPages(t *testing.T) {
	guardRun(t, guardCases, func(string) []int { return guardSizes() })
}

// TestGuardListComplete compares guardCases with the body-less functions
// declared in this package's *_<GOARCH>.go files.
func TestGuardListComplete(t *testing.T) {
	if !guardHasAsm {
		t.Skip("no assembly in this build")
	}
	want, err := guard.AsmFuncs(".", runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range guardCases {
		got = append(got, c.name)
	}
	if !reflect.DeepEqual(guardSorted(got), want) {
		t.Fatalf("guard cases %v\ndo not match the assembly stubs %v: add a guardCase for each new assembly function", guardSorted(got), want)
	}
}

func guardSorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// Case builders shared by the architectures.

func guardAxpy(name string, l cpu.Level, f func(alpha float32, x, y []float32)) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, n int, side guard.Side) {
		f(1.5, guardFill(ar, n, side, 1), guardFill(ar, n, side, 2))
	}}
}

func guardDot(name string, l cpu.Level, f func(x, y []float32) float32) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(guardFill(ar, n, side, 1), guardFill(ar, n, side, 2))
	}}
}

var guardSink float32

func guardScal(name string, l cpu.Level, f func(alpha float32, x []float32)) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, n int, side guard.Side) {
		f(-0.5, guardFill(ar, n, side, 1))
	}}
}

// guardGemv runs f over every m x n with m, n in 1..17 and n-th size as the
// other dimension (preconditions: m, n >= 1), lda = n and lda = n+3; x has
// lenX(m, n) elements, y lenY(m, n).
func guardGemv(name string, l cpu.Level, trans bool, f func(m, n int, alpha float32, a []float32, lda int, x, y []float32)) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, size int, side guard.Side) {
		if size == 0 {
			return
		}
		for other := 1; other <= 17; other++ {
			for _, mn := range [][2]int{{size, other}, {other, size}} {
				m, n := mn[0], mn[1]
				lx, ly := n, m
				if trans {
					lx, ly = m, n
				}
				for _, pad := range []int{0, 3} {
					lda := n + pad
					var sub guard.Arena
					a := guardFill(&sub, (m-1)*lda+n, side, 1)
					f(m, n, 0.75, a, lda, guardFill(&sub, lx, side, 2), guardFill(&sub, ly, side, 3))
					sub.Free()
				}
			}
		}
	}}
}

type guardGemmKernel func(kc int, a *float32, aRS, aCS int, b *float32, bCS int, c *float32, ldc int, alpha, beta float32)

// guardGemm runs an mr x nr micro-kernel with kc = size, A packed (k-major,
// aRS = 1, aCS = mr) and as rows (aRS = kc+2, aCS = 1), B packed (bCS = nr)
// and strided (bCS = nr+5), C at ldc = nr and nr+3, beta 0 and 1.5. Each
// slice ends at the last element the kernel may touch.
func guardGemm(name string, l cpu.Level, mr, nr int, f guardGemmKernel) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, kc int, side guard.Side) {
		ptr := func(s []float32) *float32 {
			if len(s) == 0 {
				return (*float32)(reflect.ValueOf(s).UnsafePointer()) // on the guard page
			}
			return &s[0]
		}
		for _, rows := range []bool{false, true} {
			aRS, aCS := 1, mr
			if rows {
				aRS, aCS = kc+2, 1
			}
			for _, bCS := range []int{nr, nr + 5} {
				for _, ldc := range []int{nr, nr + 3} {
					for _, beta := range []float32{0, 1.5} {
						var sub guard.Arena
						la, lb := 0, 0
						if kc > 0 {
							la = (mr-1)*aRS + (kc-1)*aCS + 1
							lb = (kc-1)*bCS + nr
						}
						a, b := guardFill(&sub, la, side, 1), guardFill(&sub, lb, side, 2)
						c := guardFill(&sub, (mr-1)*ldc+nr, side, 3)
						f(kc, ptr(a), aRS, aCS, ptr(b), bCS, ptr(c), ldc, 0.5, beta)
						sub.Free()
					}
				}
			}
		}
	}}
}

// TestGuardCatchesOverread proves the harness sees an assembly over-read:
// a dot kernel given y one element shorter than x must fault.
func TestGuardCatchesOverread(t *testing.T) {
	if !guard.Supported || !guardHasAsm {
		t.Skip("no guard pages or no assembly")
	}
	for _, c := range guardOverreadProbes {
		if !cpu.Has(c.level) {
			continue
		}
		var ar guard.Arena
		err := guard.Catch(func() { c.run(&ar, 37, guard.After) })
		ar.Free()
		if err == nil {
			t.Errorf("%s: reading past the end of y did not fault", c.name)
		}
	}
}

// guardShortY builds a probe calling dot with len(y) = len(x)-1.
func guardShortY(name string, l cpu.Level, f func(x, y []float32) float32) guardCase {
	return guardCase{name, l, func(ar *guard.Arena, n int, side guard.Side) {
		guardSink = f(guardFill(ar, n, side, 1), guardFill(ar, n-1, side, 2))
	}}
}

func (c guardCase) String() string { return fmt.Sprintf("%s@%v", c.name, c.level) }
