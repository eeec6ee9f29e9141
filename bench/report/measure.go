package main

import (
	"time"
)

// measure returns the best time per call of fn over reps timed batches
// whose total is about budget. The batch size is calibrated by doubling
// (which also warms caches and the branch predictor); a single call longer
// than the budget is timed once and returned.
func measure(fn func(), budget time.Duration, reps int) time.Duration {
	slice := budget / time.Duration(reps)
	n := 1
	var d time.Duration
	for {
		d = timeCalls(fn, n)
		if d >= budget/2 && n == 1 {
			return d
		}
		if d >= slice/4 || n >= 1<<30 {
			break
		}
		n *= 2
	}
	per := max(d/time.Duration(n), time.Nanosecond)
	n = max(1, int(slice/per))
	best := time.Duration(1<<63 - 1)
	for range reps {
		if t := timeCalls(fn, n) / time.Duration(n); t < best {
			best = t
		}
	}
	return best
}

// timeCalls returns how long n calls of fn take.
func timeCalls(fn func(), n int) time.Duration {
	t0 := time.Now()
	for range n {
		fn()
	}
	return time.Since(t0)
}
