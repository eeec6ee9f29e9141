package main

import (
	"errors"
	"time"
)

// peak is the machine's measured FMA throughput on one core.
type peak struct {
	gflops float64
	what   string
	err    error
}

// measurePeak runs the FMA peak loop (placeholder until bench/internal/peak lands).
func measurePeak(budget time.Duration) peak {
	return peak{err: errors.New("the FMA peak loop (bench/internal/peak) is not built yet")}
}
