//go:build !linux

package guard

import "unsafe"

// Supported reports whether buffers really are flush against inaccessible
// pages on this platform. Here they are ordinary Go memory.
const Supported = false

type mapping struct{}

func (mapping) release() {}

// alloc returns ordinary zeroed Go memory: no guard pages on this platform.
func (a *Arena) alloc(nbytes int, side Side) unsafe.Pointer {
	b := make([]byte, nbytes+1) // +1: a valid pointer also for nbytes == 0
	return unsafe.Pointer(&b[0])
}
