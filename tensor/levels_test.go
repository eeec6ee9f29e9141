package tensor

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

// mustPanic fails t unless f panics with exactly want.
// TODO: switch to internal/testutil.MustPanic once it lands on main.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("no panic, want %q", want)
			return
		}
		if s, _ := r.(string); s != want {
			t.Errorf("panic %q, want %q", r, want)
		}
	}()
	f()
}
