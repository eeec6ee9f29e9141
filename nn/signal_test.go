package nn

import (
	"testing"
	"time"
)

// TestSignal passes a counter back and forth through two signals, with
// posts that come at once (the waiter spinning) and posts that come after
// the spin has given up (the waiter parked), and checks that no post is
// lost or seen twice.
func TestSignal(t *testing.T) {
	ping, pong := newSignal(), newSignal()
	const rounds = 200
	var box int
	go func() {
		var seen uint32
		for i := 0; i < rounds; i++ {
			seen = ping.wait(seen)
			box++
			pong.post()
		}
	}()
	var seen uint32
	for i := 0; i < rounds; i++ {
		if i%50 == 7 {
			time.Sleep(2 * signalSpinMax) // the other side parks
		}
		ping.post()
		seen = pong.wait(seen)
		if box != i+1 || seen != uint32(i+1) {
			t.Fatalf("round %d: box %d, seen %d", i, box, seen)
		}
	}
}

// TestSignalLatePost replays a post whose two halves straddle waits: it
// counts while one wait spins (which returns), and clears asleep and sends
// only once the next wait has parked. That wait must stay parked until its
// own post (the race detector found the early return in CI).
func TestSignalLatePost(t *testing.T) {
	s := newSignal()
	s.seq.Add(1) // the late post's first half
	seen := s.wait(0)
	got := make(chan uint32, 1)
	go func() { got <- s.wait(seen) }()
	for deadline := time.Now().Add(10 * time.Second); !s.asleep.Load(); {
		if time.Now().After(deadline) {
			t.Fatal("the waiter never parked")
		}
		time.Sleep(signalSpinMin)
	}
	if s.asleep.CompareAndSwap(true, false) { // the late post's second half
		s.ch <- struct{}{}
	}
	select {
	case v := <-got:
		t.Fatalf("wait(%d) returned %d before the next post", seen, v)
	case <-time.After(20 * time.Millisecond):
	}
	s.post()
	if v := <-got; v != seen+1 {
		t.Fatalf("wait(%d) = %d after the next post, want %d", seen, v, seen+1)
	}
}
