package vmath

import (
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// forEachLevel runs f once per kernel level this process can run.
// TODO: switch to internal/testutil.ForEachLevel once it lands on main.
func forEachLevel(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, l := range cpu.Available() {
		restore, err := cpu.Set(l)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(l.String(), f)
		restore()
	}
}
