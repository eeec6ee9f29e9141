package testutil

import (
	"fmt"
	"strings"
	"testing"
)

// MustPanic fails t unless f panics with a message (a string, error or
// Stringer) that contains want.
func MustPanic(t testing.TB, want string, f func()) {
	t.Helper()
	msg, ok := panicMessage(f)
	if !ok {
		t.Errorf("no panic, want one containing %q", want)
		return
	}
	if !strings.Contains(msg, want) {
		t.Errorf("panic %q, want it to contain %q", msg, want)
	}
}

func panicMessage(f func()) (msg string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			panicked = true
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return "", false
}
