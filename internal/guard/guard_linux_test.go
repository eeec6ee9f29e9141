//go:build linux

package guard

import "testing"

func TestPoolBounded(t *testing.T) {
	for n := 1; n < 3000; n += 7 {
		var a Arena
		a.Floats(n*256, After) // every size class up to 3 MB
		a.Free()
	}
	poolMu.Lock()
	defer poolMu.Unlock()
	if poolBytes > poolMaxBytes {
		t.Fatalf("pool holds %d bytes, bound %d", poolBytes, poolMaxBytes)
	}
}
