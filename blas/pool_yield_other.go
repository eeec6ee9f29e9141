//go:build !linux

package blas

import "runtime"

// gemmYield lets other goroutines run (the Linux build also yields the
// thread's core).
func gemmYield() { runtime.Gosched() }
