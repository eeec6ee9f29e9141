package main

import (
	"syscall"
	"unsafe"
)

// hugePageSize is the size of a transparent huge page on linux/amd64 and
// arm64 (the size madvise(MADV_HUGEPAGE) asks for).
const hugePageSize = 2 << 20

// trainingCopy returns a copy of x in memory the kernel is asked to back
// with transparent huge pages. A training step gathers its batch's rows
// from all over the 188 MB of MNIST images; with 4 KiB pages nearly every
// row costs a TLB miss and a page walk (a nested one in a VM). Measured on
// the 2-vCPU Zen 4 VM, gathering 64 random rows took 27 µs with huge pages
// against 36 µs without. Where the advice fails or the kernel ignores it,
// the copy is an ordinary one.
func trainingCopy(x []float32) []float32 {
	n := len(x) + hugePageSize/4
	buf := make([]float32, n) // fresh from the OS and not touched yet: the advice applies to its first faults
	b := unsafe.Slice((*byte)(unsafe.Pointer(&buf[0])), 4*n)
	off := (hugePageSize - int(uintptr(unsafe.Pointer(&b[0]))%hugePageSize)) % hugePageSize
	_ = syscall.Madvise(b[off:], syscall.MADV_HUGEPAGE)
	y := buf[off/4 : off/4+len(x)]
	copy(y, x)
	return y
}
