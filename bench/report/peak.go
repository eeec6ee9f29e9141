package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/simdml/simdml/bench/internal/peak"
)

// peak is the machine's measured FMA throughput on one core.
type peakResult struct {
	gflops float64
	what   string
	err    error
}

// measurePeak times the FMA loop of the widest level this machine runs
// (bench/internal/peak): independent vector FMAs with no memory traffic.
func measurePeak(budget time.Duration, reps int) peakResult {
	for _, level := range []string{"avx512", "avx2"} {
		if !peak.Supported(level) {
			continue
		}
		const iters = 1 << 14
		var flops float64
		// Many short batches: on a shared machine the best of them is the one
		// least disturbed.
		per := measure(func() { flops = peak.Run(level, iters) }, 2*budget, 4*reps)
		if flops == 0 {
			return peakResult{err: fmt.Errorf("peak.Run(%q) did nothing", level)}
		}
		return peakResult{gflops: flops / per.Seconds() / 1e9, what: level + " FMA loop, one core"}
	}
	return peakResult{err: errors.New("no FMA peak loop for this CPU (avx2 or avx512 needed)")}
}
