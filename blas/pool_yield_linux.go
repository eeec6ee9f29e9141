package blas

import (
	"runtime"
	"syscall"
)

// gemmYield lets other goroutines run, then other threads: a poller must
// not keep the core from a thread that has work when the machine has
// fewer free cores than busy threads (sched_yield is what OpenBLAS's
// polling threads call too).
func gemmYield() {
	runtime.Gosched()
	syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0)
}
