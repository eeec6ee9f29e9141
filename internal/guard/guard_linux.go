//go:build linux

package guard

import (
	"fmt"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Supported reports whether buffers really are flush against inaccessible
// pages on this platform.
const Supported = true

type mapping []byte

var pageSize = unix.Getpagesize()

// Released mappings are kept for reuse, per total size, so that tests making
// thousands of small buffers do not spend their time in mmap and mprotect.
// The pool is bounded: small mappings only, a few per size, a fixed total,
// so a fuzzer that sees every size does not accumulate memory.
var (
	poolMu    sync.Mutex
	pool      = map[int][]mapping{}
	poolBytes int
)

const (
	poolPerSize  = 8
	poolMaxMap   = 256 << 10 // larger mappings are unmapped on release
	poolMaxBytes = 16 << 20  // total bytes kept
)

// mapGuarded returns a mapping of total bytes whose first and last pages
// are inaccessible and whose middle is zeroed and writable.
func mapGuarded(total int) mapping {
	ps := pageSize
	poolMu.Lock()
	if free := pool[total]; len(free) > 0 {
		m := free[len(free)-1]
		pool[total] = free[:len(free)-1]
		poolBytes -= total
		poolMu.Unlock()
		clear(m[ps : total-ps])
		return m
	}
	poolMu.Unlock()
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		panic(fmt.Sprintf("guard: mmap %d bytes: %v", total, err))
	}
	if err := unix.Mprotect(mem[:ps], unix.PROT_NONE); err != nil {
		panic(fmt.Sprintf("guard: mprotect leading page: %v", err))
	}
	if err := unix.Mprotect(mem[total-ps:], unix.PROT_NONE); err != nil {
		panic(fmt.Sprintf("guard: mprotect trailing page: %v", err))
	}
	return mem
}

// alloc maps guard page, data pages, guard page and returns the address of
// an nbytes region flush against the guard page on side. With nbytes == 0
// the address is the first byte of a guard page.
func (a *Arena) alloc(nbytes int, side Side) unsafe.Pointer {
	ps := pageSize
	data := (nbytes + ps - 1) / ps * ps
	total := data + 2*ps
	mem := mapGuarded(total)
	a.maps = append(a.maps, mem)
	base := unsafe.Pointer(unsafe.SliceData(mem))
	off := ps // Before: first data byte, right after the leading guard page
	if side == After {
		off = ps + data - nbytes // last data byte right before the trailing guard page
	}
	if nbytes == 0 {
		off = ps + data // on the trailing guard page either way
	}
	return unsafe.Add(base, off)
}

func (m mapping) release() {
	poolMu.Lock()
	if len(m) <= poolMaxMap && len(pool[len(m)]) < poolPerSize && poolBytes+len(m) <= poolMaxBytes {
		pool[len(m)] = append(pool[len(m)], m)
		poolBytes += len(m)
		poolMu.Unlock()
		return
	}
	poolMu.Unlock()
	if err := unix.Munmap(m); err != nil {
		panic(fmt.Sprintf("guard: munmap: %v", err))
	}
}
