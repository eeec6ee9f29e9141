package blas

import (
	"sync"
	"unsafe"
)

// gemmArena holds one worker's packing buffers. Arenas live on a free list
// and grow to the largest problem seen, so steady-state calls allocate
// nothing, however many goroutines call Sgemm at once.
type gemmArena struct {
	a     []float32 // one packed micro-panel of A (MR x KC)
	b     []float32 // packed B block (KC x NC)
	bEdge []float32 // the zero-padded edge micro-panel of unpacked B

	dotA, dotB []float32 // the dot path's zero-padded row copies
}

// gemmBuf returns buf resliced to n floats if its capacity allows, else a new 64-byte aligned
// buffer of n floats (rounded up).
func gemmBuf(buf []float32, n int) []float32 {
	if cap(buf) >= n {
		return buf[:n]
	}
	n = (n + 15) &^ 15
	raw := make([]float32, n+16)
	off := 0
	if mis := uintptr(unsafe.Pointer(&raw[0])) & 63; mis != 0 {
		off = int((64 - mis) / 4)
	}
	return raw[off : off+n]
}

// gemmFreeList is a bounded LIFO free list that, unlike sync.Pool, keeps
// its items across garbage collections: dropping a multi-megabyte arena at
// every GC would make the next call allocate it again. LIFO order hands out
// the most recently used (warm, already grown) item first.
type gemmFreeList[T any] struct {
	mu    sync.Mutex
	items []*T
}

func newGemmFreeList[T any](size int) *gemmFreeList[T] {
	return &gemmFreeList[T]{items: make([]*T, 0, size)}
}

func (f *gemmFreeList[T]) get() *T {
	f.mu.Lock()
	if n := len(f.items); n > 0 {
		x := f.items[n-1]
		f.items = f.items[:n-1]
		f.mu.Unlock()
		return x
	}
	f.mu.Unlock()
	return new(T)
}

func (f *gemmFreeList[T]) put(x *T) {
	f.mu.Lock()
	if len(f.items) < cap(f.items) {
		f.items = append(f.items, x)
	}
	f.mu.Unlock()
}

// gemmArenas holds enough arenas for a few concurrent callers per CPU.
var gemmArenas = newGemmFreeList[gemmArena](64)
