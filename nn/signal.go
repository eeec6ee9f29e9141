package nn

import (
	"runtime"
	"sync/atomic"
	"time"
)

// signal wakes one goroutine from another, cheaply when the waiter is
// about to be needed again: the waiter first spins on an atomic counter
// (yielding its processor now and then), and only then parks on a channel.
// The spin adapts: it doubles (up to signalSpinMax) after a wait that the
// spin caught and halves (down to signalSpinMin) after one that parked, so
// on a machine whose other processes keep the poster off the CPU the
// waiter soon stops burning the time it would need. A data-parallel step hands work to its workers and
// back twice; a goroutine parked on a channel leaves its CPU idle, and on a
// VM waking an idle virtual CPU took about 100 µs per hand-off (measured
// on the 2-vCPU Zen 4 VM: each phase of a 784-256-128-10 step took 100 µs
// longer than its work), a fifth of the step.
type signal struct {
	seq    atomic.Uint32 // incremented by every post
	asleep atomic.Bool   // the waiter is parked (or about to park) on ch
	ch     chan struct{}
	spin   time.Duration // the waiter's current spin budget
}

// The spin budget's bounds: the longest is well above the gaps between the
// phases of a training step, so a busy training loop on a quiet machine
// never parks.
const (
	signalSpinMin = 20 * time.Microsecond
	signalSpinMax = 500 * time.Microsecond
)

func newSignal() *signal { return &signal{ch: make(chan struct{}, 1), spin: signalSpinMax} }

// post wakes the waiter (or lets its next wait return at once).
func (s *signal) post() {
	s.seq.Add(1)
	if s.asleep.CompareAndSwap(true, false) {
		s.ch <- struct{}{}
	}
}

// wait returns once the counter differs from seen, and returns it. Only
// one goroutine waits on a signal.
func (s *signal) wait(seen uint32) uint32 {
	var start time.Time
	for i := 0; ; i++ {
		if v := s.seq.Load(); v != seen {
			s.spin = min(2*s.spin, signalSpinMax)
			return v
		}
		if i%256 == 255 {
			// Let another goroutine have this processor (with fewer
			// processors than workers, the poster may be waiting for it).
			runtime.Gosched()
			if start.IsZero() {
				start = time.Now()
			} else if time.Since(start) > s.spin {
				break
			}
		}
	}
	s.spin = max(s.spin/2, signalSpinMin)
	for {
		s.asleep.Store(true)
		if v := s.seq.Load(); v != seen && s.asleep.CompareAndSwap(true, false) {
			return v // posted meanwhile, and post will not send
		}
		<-s.ch // a post cleared asleep and sends (or is about to)
		if v := s.seq.Load(); v != seen {
			return v
		}
		// The token came from a post that had counted an earlier wait's
		// value (which that wait saw while spinning) and only then found
		// this wait asleep: park again for the post this wait is for.
	}
}
