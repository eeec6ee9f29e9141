package cpu

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Level
		ok   bool
	}{
		{"generic", Generic, true}, {"AVX2", AVX2, true}, {" avx512 ", AVX512, true},
		{"neon", NEON, true}, {"sse", 0, false}, {"", 0, false},
	} {
		got, ok := Parse(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("Parse(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for l := Generic; l <= NEON; l++ {
		if got, ok := Parse(l.String()); !ok || got != l {
			t.Errorf("Parse(%v.String()) = %v, %v", l, got, ok)
		}
	}
	if s := Level(9).String(); s != "Level(9)" {
		t.Errorf("Level(9).String() = %q", s)
	}
}

// TestCapTo checks how SIMDML_KERNEL caps the hardware's levels: a cap keeps
// Generic and the levels not above it on the same architecture.
func TestCapTo(t *testing.T) {
	x86 := []Level{Generic, AVX2, AVX512}
	arm := []Level{Generic, NEON}
	for _, c := range []struct {
		hw    []Level
		limit Level
		want  []Level
	}{
		{x86, Generic, []Level{Generic}},
		{x86, AVX2, []Level{Generic, AVX2}},
		{x86, AVX512, x86},
		{x86, NEON, []Level{Generic}},
		{arm, NEON, arm},
		{arm, Generic, []Level{Generic}},
		{arm, AVX2, []Level{Generic}},
		{[]Level{Generic, AVX2}, AVX512, []Level{Generic, AVX2}},
	} {
		if got := capTo(c.hw, c.limit); !slices.Equal(got, c.want) {
			t.Errorf("capTo(%v, %v) = %v, want %v", c.hw, c.limit, got, c.want)
		}
	}
}

func TestAvailable(t *testing.T) {
	av := Available()
	if len(av) == 0 || av[0] != Generic {
		t.Fatalf("Available() = %v, want Generic first", av)
	}
	if Active() != av[len(av)-1] {
		t.Errorf("Active() = %v, want the best available %v", Active(), av[len(av)-1])
	}
	for _, l := range av {
		if !slices.Contains(Hardware(), l) {
			t.Errorf("available level %v not in Hardware() %v", l, Hardware())
		}
	}
}

func TestSet(t *testing.T) {
	before := Active()
	for _, l := range Available() {
		restore, err := Set(l)
		if err != nil {
			t.Fatalf("Set(%v): %v", l, err)
		}
		if Active() != l {
			t.Errorf("after Set(%v), Active() = %v", l, Active())
		}
		restore()
		if Active() != before {
			t.Errorf("restore left Active() = %v, want %v", Active(), before)
		}
	}
	for l := Generic; l <= NEON; l++ {
		if Has(l) {
			continue
		}
		if _, err := Set(l); err == nil {
			t.Errorf("Set(%v) succeeded for an unavailable level", l)
		}
		if Active() != before {
			t.Errorf("failed Set(%v) changed Active() to %v", l, Active())
		}
	}
}

// TestEnvCap runs this test binary again with SIMDML_KERNEL set, because the
// variable is read once at init: a valid value caps the levels, and an
// invalid one caps to generic with a message instead of silently lifting it.
func TestEnvCap(t *testing.T) {
	if os.Getenv("SIMDML_CPU_CHILD") != "" {
		fmt.Printf("levels=%v capped=%v\n", Available(), Capped())
		return
	}
	for _, c := range []struct{ env, levels, stderr string }{
		{"generic", "levels=[generic] capped=true", ""},
		{"avx3", "levels=[generic] capped=true", `SIMDML_KERNEL="avx3" is not one of`},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestEnvCap$")
		cmd.Env = append(os.Environ(), "SIMDML_CPU_CHILD=1", "SIMDML_KERNEL="+c.env)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if errors.Is(err, syscall.ENOEXEC) {
			// Under qemu-user without binfmt_misc the emulated binary cannot
			// start another copy of itself; the amd64 run covers this logic.
			t.Skipf("cannot re-execute the test binary here: %v", err)
		}
		if err != nil {
			t.Fatalf("SIMDML_KERNEL=%s: %v\n%s", c.env, err, stderr.String())
		}
		if !strings.Contains(string(out), c.levels) {
			t.Errorf("SIMDML_KERNEL=%s: got %q, want %q", c.env, out, c.levels)
		}
		if !strings.Contains(stderr.String(), c.stderr) {
			t.Errorf("SIMDML_KERNEL=%s: stderr %q, want it to contain %q", c.env, stderr.String(), c.stderr)
		}
	}
}
