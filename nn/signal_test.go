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
