//go:build !purego

package kernels

import (
	"sync/atomic"
	"unsafe"
)

// gemvNFlipMin is the size of A (m*n floats, 64 KiB) from which GemvN
// alternates the order of its row blocks between calls.
//
// Why: a network's weights are read in the same order on every call. When
// they nearly fill L2 (784-256-128-10: 939 KB against 1 MiB on AMD Zen 4),
// some cache sets hold more lines than they have ways, and in a cyclic
// access pattern an LRU-like policy then evicts each line just before it is
// needed again: those sets miss on every line. Walking the blocks last to
// first on every other call reads the most recently used lines first, so
// only the overflow misses. Measured on Zen 4 (784-256-128-10 forward,
// AVX-512, kernels called directly): 8.74-9.02 µs per pass in a fixed
// order, 8.35-8.44 µs alternating, the same whether only the 256x784 layer
// alternates or both large ones. The result bits do not depend on the
// order; small matrices skip the table.
const gemvNFlipMin = 1 << 14

// gemvNFlips is a direct-mapped table of call counters, indexed by a hash
// of the matrix's address and tagged with the address, so matrices keep
// their own parity (a shared counter would give two matrices called in
// turn the same order on every pass). A matrix that finds its slot taken
// claims it and runs forward; two matrices that keep evicting each other
// just lose the alternation. Races between goroutines only lose or repeat
// a flip: any order gives the same results. One slot per cache line, so
// matrices used on different cores do not contend.
var gemvNFlips [64]struct {
	a atomic.Uintptr // &A[0, 0] of the matrix that owns the slot
	n atomic.Uint32  // its calls since it took the slot
	_ [52]byte
}

// gemvNSlot returns the table slot of the matrix at address p.
func gemvNSlot(p uintptr) int {
	return int(uint64(p) * 0x9e3779b97f4a7c15 >> 58)
}

// gemvNBack reports whether this call of GemvN on A walks its row blocks
// backward: every other call for a large A, never for a small one.
func gemvNBack(m, n int, a []float32) bool {
	if m*n < gemvNFlipMin {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	s := &gemvNFlips[gemvNSlot(p)]
	if s.a.Load() != p {
		s.a.Store(p)
		s.n.Store(0)
		return false
	}
	// A load and a store rather than an atomic add: a locked add costs
	// more than the rest of the dispatch, and a race between goroutines
	// only loses or repeats a flip.
	c := s.n.Load() + 1
	s.n.Store(c)
	return c&1 == 1
}
