package testutil

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

func TestGuarded(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	g := NewGuarded(r, 5, 3)
	d := g.Data()
	if len(d) != 5 || cap(d) != 5 {
		t.Fatalf("Data() len %d cap %d, want 5 5", len(d), cap(d))
	}
	for _, v := range d {
		if v < -1 || v >= 1 {
			t.Fatalf("data value %v outside [-1, 1)", v)
		}
	}
	g.Check(t, "fresh")
	ft := &testing.T{}
	g.buf[g.lo+5] = 0 // just past the data
	g.Check(ft, "overrun")
	if !ft.Failed() {
		t.Error("Check missed a write past the data")
	}
}

// NewGuarded's data starts off floats past a 64-byte boundary, for every
// off and size, so the offsets the kernel tests use mean what they say.
func TestGuardedAlignment(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 40; n++ {
		for off := 0; off < 16; off++ {
			g := NewGuarded(r, n, off)
			addr := uintptr(unsafe.Pointer(&g.buf[g.lo]))
			if got := addr % 64; got != uintptr(4*off) {
				t.Fatalf("n=%d off=%d: data at %d bytes past a 64-byte boundary, want %d", n, off, got, 4*off)
			}
		}
	}
}

func TestClose(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		got       float32
		want, tol float64
		ok        bool
	}{
		{1, 1, 0, true}, {1.5, 1, 0.1, false}, {float32(nan), nan, 0, true},
		{1, nan, 1, false}, {float32(inf), inf, 0, true}, {float32(-inf), inf, 0, false},
		{float32(inf), 1, 1e9, false},
	} {
		if got := Close(c.got, c.want, c.tol); got != c.ok {
			t.Errorf("Close(%v, %v, %v) = %v", c.got, c.want, c.tol, got)
		}
	}
}

func TestMustPanic(t *testing.T) {
	MustPanic(t, "boom", func() { panic("a boom here") })
	ft := &testing.T{}
	MustPanic(ft, "x", func() {})
	if !ft.Failed() {
		t.Error("MustPanic passed without a panic")
	}
}

func TestSizes(t *testing.T) {
	s := Sizes(16, 4)
	if s[0] != 0 || s[33] != 33 {
		t.Errorf("Sizes starts %v", s[:34])
	}
}
