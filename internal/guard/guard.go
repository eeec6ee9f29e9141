// Package guard allocates test buffers flush against inaccessible memory, so
// that a kernel reading or writing one element past either end of its
// arguments faults at once instead of silently touching a neighbour.
//
// On Linux every buffer gets its own anonymous mapping: one PROT_NONE page,
// the data pages, one PROT_NONE page. The slice is placed either so that its
// last element ends exactly where the trailing guard page starts (After) or
// so that its first element starts exactly where the leading guard page ends
// (Before); a slice whose byte length is a multiple of the page size touches
// both. Elsewhere (Supported reports false) the buffers are ordinary Go
// slices and the tests that use them still run, without the fault.
//
// A fault on a guard page is a SIGSEGV. Tests turn it into a recoverable
// panic with runtime/debug.SetPanicOnFault(true) (see Catch), so a failure
// names the kernel and size instead of killing the test binary.
//
// The package is for tests only: mappings are per buffer, slow to create and
// must be released with Arena.Free, after which the slices must not be used
// (the mappings are reused by later buffers).
package guard

import (
	"fmt"
	"runtime/debug"
	"unsafe"
)

// Side says which end of a buffer touches its guard page.
type Side int

const (
	// After places the buffer's end flush against the trailing guard page.
	After Side = iota
	// Before places the buffer's start flush against the leading guard page.
	Before
)

// String returns "after" or "before".
func (s Side) String() string {
	if s == Before {
		return "before"
	}
	return "after"
}

// Sides lists both placements, for loops in tests.
var Sides = [...]Side{Before, After}

// Arena owns guarded buffers until Free. The zero value is ready to use. An
// Arena is not safe for concurrent use.
type Arena struct {
	maps []mapping
	bufs []bufInfo
}

// bufInfo records one buffer handed out, for Describe.
type bufInfo struct {
	start uintptr
	n     int // bytes
	side  Side
}

// Floats returns a zeroed slice of n float32 (len == cap == n) flush against
// a guard page on the given side. It panics if the memory cannot be mapped.
// For n == 0 the slice's data pointer is on a guard page.
func (a *Arena) Floats(n int, side Side) []float32 {
	if n < 0 {
		panic(fmt.Sprintf("guard: Floats: n = %d < 0", n))
	}
	p := a.alloc(n*4, side)
	a.bufs = append(a.bufs, bufInfo{uintptr(p), n * 4, side})
	return unsafe.Slice((*float32)(p), n)
}

// Bytes returns a zeroed slice of n bytes (len == cap == n) flush against a
// guard page on the given side. It panics if the memory cannot be mapped.
func (a *Arena) Bytes(n int, side Side) []byte {
	if n < 0 {
		panic(fmt.Sprintf("guard: Bytes: n = %d < 0", n))
	}
	p := a.alloc(n, side)
	a.bufs = append(a.bufs, bufInfo{uintptr(p), n, side})
	return unsafe.Slice((*byte)(p), n)
}

// FloatsOf returns a guarded copy of src flush on the given side.
func (a *Arena) FloatsOf(src []float32, side Side) []float32 {
	s := a.Floats(len(src), side)
	copy(s, src)
	return s
}

// Free releases every buffer of the arena. The slices it returned must not
// be used afterwards. It panics if the memory cannot be unmapped.
func (a *Arena) Free() {
	for _, m := range a.maps {
		m.release()
	}
	a.maps = a.maps[:0]
	a.bufs = a.bufs[:0]
}

// Describe says where addr lies relative to the arena's buffers, for a
// fault report: "4 bytes past the end of buffer 2 (12 bytes, flush after)".
func (a *Arena) Describe(addr uintptr) string {
	best, dist := -1, ^uintptr(0)
	var where string
	for i, b := range a.bufs {
		end := b.start + uintptr(b.n)
		var d uintptr
		var w string
		switch {
		case addr < b.start:
			d, w = b.start-addr, fmt.Sprintf("%d bytes before the start", b.start-addr)
		case addr >= end:
			d, w = addr-end, fmt.Sprintf("%d bytes past the end", addr-end)
		default:
			d, w = 0, fmt.Sprintf("at byte %d", addr-b.start)
		}
		if d < dist {
			best, dist, where = i, d, w
		}
	}
	if best < 0 {
		return fmt.Sprintf("address %#x, not near any buffer of the arena", addr)
	}
	b := a.bufs[best]
	return fmt.Sprintf("%s of buffer %d (%d bytes, flush %v a guard page)", where, best, b.n, b.side)
}

// Addr returns the faulting address, if the runtime reported one.
func (f *Fault) Addr() (uintptr, bool) {
	if e, ok := f.Value.(interface{ Addr() uintptr }); ok {
		return e.Addr(), true
	}
	return 0, false
}

// Fault is the value Catch reports when f touched inaccessible memory.
type Fault struct {
	Value any // what recover returned: a runtime.Error with an Addr method for a fault
}

func (f *Fault) Error() string { return fmt.Sprintf("guard: fault: %v", f.Value) }

// Catch runs f with faults turned into panics (runtime/debug.SetPanicOnFault)
// and returns a *Fault if f faulted. Any other panic propagates, as do faults
// the runtime cannot recover from (for example on a non-Go stack).
func Catch(f func()) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			if isFault(r) {
				err = &Fault{Value: r}
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

// isFault reports whether a recovered value is a memory fault (a runtime
// error with the faulting address).
func isFault(r any) bool {
	_, ok := r.(interface{ Addr() uintptr })
	return ok
}
