package testutil

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// Sentinel is the value written around every guarded buffer: a quiet NaN
// with a recognisable payload. A kernel that writes past its output changes
// it; one that reads past its input and uses the value turns results into
// NaN, which the reference comparison catches.
var Sentinel = math.Float32frombits(0x7fdead00)

// GuardLen is the number of sentinel elements on each side of a guarded
// buffer's data: more than one AVX-512 vector, so an overrun by a whole
// vector still lands in the guard.
const GuardLen = 64

// alignFloats is the guard boundary's alignment in float32s (64 bytes: one
// cache line, one AVX-512 vector).
const alignFloats = 16

// Guarded is a float32 buffer with sentinel values before and after the
// data, used to catch out-of-bounds writes.
type Guarded struct {
	buf []float32
	lo  int // index of the first data element in buf
	n   int
}

// NewGuarded returns a guarded buffer of n elements filled with uniform
// values in [-1, 1) from r. The data starts off elements (0..15 makes
// useful unaligned starts) past a 64-byte-aligned guard boundary, so
// offsets exercise every alignment.
func NewGuarded(r *rand.Rand, n, off int) *Guarded {
	size := GuardLen + off + n + GuardLen
	// Over-allocate one vector and slide the window so the guard boundary
	// is 64-byte aligned whatever the allocator hands out (Go's heap does
	// not move objects, so the alignment holds for the buffer's life).
	raw := make([]float32, size+alignFloats-1)
	shift := (alignFloats - int(uintptr(unsafe.Pointer(&raw[GuardLen]))/4%alignFloats)) % alignFloats
	g := &Guarded{buf: raw[shift : shift+size : shift+size], lo: GuardLen + off, n: n}
	for i := range g.buf {
		g.buf[i] = Sentinel
	}
	Fill(r, g.Data())
	return g
}

// Data returns the data part of the buffer (capacity limited to its length,
// so appends cannot reach the guard).
func (g *Guarded) Data() []float32 { return g.buf[g.lo : g.lo+g.n : g.lo+g.n] }

// Check fails t if any guard element changed, naming the buffer and index.
func (g *Guarded) Check(t testing.TB, name string) {
	t.Helper()
	want := math.Float32bits(Sentinel)
	for i, v := range g.buf {
		if i >= g.lo && i < g.lo+g.n {
			continue
		}
		if math.Float32bits(v) != want {
			t.Errorf("%s: guard element %d (data is [%d, %d)) changed to %v", name, i, g.lo, g.lo+g.n, v)
			return
		}
	}
}

// Fill sets x to uniform values in [-1, 1) drawn from r.
func Fill(r *rand.Rand, x []float32) {
	for i := range x {
		x[i] = float32(2*r.Float64() - 1)
	}
}

// Clone returns a copy of x.
func Clone(x []float32) []float32 { return append([]float32(nil), x...) }

// CheckUnchanged fails t unless after is bit-for-bit equal to before (so a
// NaN input must stay the same NaN).
func CheckUnchanged(t testing.TB, name string, before, after []float32) {
	t.Helper()
	if len(before) != len(after) {
		t.Errorf("%s: length changed from %d to %d", name, len(before), len(after))
		return
	}
	for i := range before {
		if math.Float32bits(before[i]) != math.Float32bits(after[i]) {
			t.Errorf("%s: input element %d changed from %v to %v", name, i, before[i], after[i])
			return
		}
	}
}
