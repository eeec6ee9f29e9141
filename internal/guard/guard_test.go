package guard

import (
	"errors"
	"strings"
	"testing"
	"unsafe"
)

// peek reads the float32 at p+off bytes; the only way past a slice's bounds.
//
//go:noinline
func peek(s []float32, off int) float32 {
	return *(*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), off))
}

//go:noinline
func poke(s []float32, off int, v float32) {
	*(*float32)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s)), off)) = v
}

func TestFloatsInBoundsUsable(t *testing.T) {
	var a Arena
	defer a.Free()
	for _, side := range Sides {
		for _, n := range []int{1, 2, 3, 1023, 1024, 1025, 5000} {
			s := a.Floats(n, side)
			if len(s) != n || cap(s) != n {
				t.Fatalf("%v n=%d: len %d cap %d", side, n, len(s), cap(s))
			}
			for i := range s {
				if s[i] != 0 {
					t.Fatalf("%v n=%d: s[%d] = %v, want zeroed memory", side, n, i, s[i])
				}
				s[i] = float32(i)
			}
			if err := Catch(func() {
				for i := range s {
					if peek(s, 4*i) != float32(i) {
						t.Errorf("%v n=%d: read back s[%d] wrong", side, n, i)
					}
				}
			}); err != nil {
				t.Fatalf("%v n=%d: in-bounds access faulted: %v", side, n, err)
			}
		}
	}
}

func TestOutOfBoundsFaults(t *testing.T) {
	if !Supported {
		t.Skip("no guard pages on this platform")
	}
	var a Arena
	defer a.Free()
	for _, n := range []int{0, 1, 3, 16, 1023, 1024, 1025} {
		after := a.Floats(n, After)
		before := a.Floats(n, Before)
		cases := []struct {
			name string
			f    func()
		}{
			{"read one past the end", func() { _ = peek(after, 4*n) }},
			{"write one past the end", func() { poke(after, 4*n, 1) }},
			{"read one before the start", func() { _ = peek(before, -4) }},
			{"write one before the start", func() { poke(before, -4, 1) }},
		}
		if n == 0 {
			cases = append(cases, struct {
				name string
				f    func()
			}{"read the empty slice's pointer", func() { _ = peek(before, 0) }})
		}
		for _, c := range cases {
			err := Catch(c.f)
			var f *Fault
			if !errors.As(err, &f) {
				t.Errorf("n=%d: %s: no fault (err = %v)", n, c.name, err)
			}
		}
	}
}

func TestCatchPropagatesOtherPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "boom") {
			t.Fatalf("recovered %v, want the original panic", r)
		}
	}()
	_ = Catch(func() { panic("boom") })
	t.Fatal("Catch swallowed a non-fault panic")
}

func TestBytesAndFloatsOf(t *testing.T) {
	var a Arena
	defer a.Free()
	b := a.Bytes(7, After)
	if len(b) != 7 || cap(b) != 7 {
		t.Fatalf("Bytes: len %d cap %d", len(b), cap(b))
	}
	src := []float32{1, 2, 3}
	s := a.FloatsOf(src, Before)
	if len(s) != 3 || s[0] != 1 || s[2] != 3 {
		t.Fatalf("FloatsOf = %v", s)
	}
	if Before.String() != "before" || After.String() != "after" {
		t.Fatal("Side.String")
	}
}

func TestNegativeSizePanics(t *testing.T) {
	var a Arena
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "guard: Floats: n = -1") {
			t.Fatalf("recovered %v", r)
		}
	}()
	a.Floats(-1, After)
}

func TestReusedBuffersAreZeroedAndGuarded(t *testing.T) {
	for round := 0; round < 3; round++ {
		var a Arena
		s := a.Floats(100, After)
		for i := range s {
			if s[i] != 0 {
				t.Fatalf("round %d: reused buffer not zeroed at %d: %v", round, i, s[i])
			}
			s[i] = 42
		}
		if Supported {
			if err := Catch(func() { _ = peek(s, 400) }); err == nil {
				t.Fatalf("round %d: no fault past a reused buffer", round)
			}
		}
		a.Free()
	}
}

func TestSizes(t *testing.T) {
	s := Sizes(16)
	for n := 0; n <= 33; n++ {
		if s[n] != n {
			t.Fatalf("Sizes(16)[%d] = %d", n, s[n])
		}
	}
	for _, n := range []int{47, 48, 49, 1023, 1024, 1025} {
		found := false
		for _, v := range s {
			found = found || v == n
		}
		if !found {
			t.Fatalf("Sizes(16) lacks %d: %v", n, s)
		}
	}
}

func TestRunCases(t *testing.T) {
	if !Supported {
		t.Skip()
	}
	calls := 0
	RunCases(t, []Case{{Name: "noop", Level: 0, Run: func(a *Arena, n int, s Side) {
		calls++
		x := a.Fill(n, s, 1)
		if len(x) != n {
			t.Fatalf("Fill length %d != %d", len(x), n)
		}
	}}}, func(Case) []int { return []int{0, 1, 5} })
	if calls != 6 {
		t.Fatalf("calls = %d, want 6", calls)
	}
}

func TestDescribe(t *testing.T) {
	if !Supported {
		t.Skip()
	}
	var a Arena
	defer a.Free()
	_ = a.Floats(3, Before)
	s := a.Floats(5, After)
	err := Catch(func() { _ = peek(s, 20) })
	var f *Fault
	if !errors.As(err, &f) {
		t.Fatalf("no fault: %v", err)
	}
	addr, ok := f.Addr()
	if !ok {
		t.Fatal("fault without an address")
	}
	if got, want := a.Describe(addr), "0 bytes past the end of buffer 1 (20 bytes, flush after a guard page)"; got != want {
		t.Fatalf("Describe = %q, want %q", got, want)
	}
}
