// Package cpu chooses, once per process, which kernel level simdml runs,
// and lets tests and benchmarks run every level this machine has.
//
// The level is detected at init from cpuid (which also checks that the OS
// saves the wide registers), capped by the environment variable
// SIMDML_KERNEL=generic|avx2|avx512|neon. Kernel dispatch reads Active once
// per call: one atomic load, as cheap as a plain load on amd64 and arm64.
package cpu

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// Level is a kernel implementation level.
type Level int32

// The kernel levels. Their order is the order of preference on amd64.
const (
	Generic Level = iota // portable Go
	AVX2                 // amd64 AVX2 + FMA
	AVX512               // amd64 AVX-512 F, VL, BW, DQ (+ AVX2, FMA)
	NEON                 // arm64 Advanced SIMD
)

var names = [...]string{Generic: "generic", AVX2: "avx2", AVX512: "avx512", NEON: "neon"}

// String returns the level's name as SIMDML_KERNEL spells it.
func (l Level) String() string {
	if l >= 0 && int(l) < len(names) {
		return names[l]
	}
	return fmt.Sprintf("Level(%d)", int32(l))
}

// Parse returns the level named s ("generic", "avx2", "avx512", "neon").
func Parse(s string) (Level, bool) {
	for i, n := range names {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Level(i), true
		}
	}
	return 0, false
}

var (
	active    atomic.Int32
	available []Level // ascending preference, Generic first; capped by SIMDML_KERNEL
	hardware  []Level // what the CPU and build support, ignoring the cap
	capped    bool    // SIMDML_KERNEL was set (an invalid value caps to Generic)
)

func init() {
	hardware = detect() // per-architecture, build-tag selected
	available = hardware
	if s, ok := os.LookupEnv("SIMDML_KERNEL"); ok && s != "" {
		l, ok := Parse(s)
		if !ok {
			// A cap exists to keep a level off a machine (a service pinning
			// AVX2, say), so a misspelt one must not silently lift it: fall
			// back to the portable level and say why, once.
			fmt.Fprintf(os.Stderr, "simdml: SIMDML_KERNEL=%q is not one of generic, avx2, avx512, neon; using generic\n", s)
			l = Generic
		}
		capped = true
		available = capTo(hardware, l)
	}
	active.Store(int32(available[len(available)-1]))
}

// capTo keeps the levels of hw that are Generic or not above limit on the
// same architecture. NEON and the x86 levels never cap each other except
// that "generic" caps everything.
func capTo(hw []Level, limit Level) []Level {
	out := []Level{Generic}
	for _, l := range hw[1:] {
		switch {
		case limit == Generic:
		case limit == NEON && l == NEON:
			out = append(out, l)
		case limit != NEON && l != NEON && l <= limit:
			out = append(out, l)
		}
	}
	return out
}

// Active returns the level kernels dispatch to now.
func Active() Level { return Level(active.Load()) }

// Available returns the levels this process may run, Generic first and the
// default (best) last. The slice must not be modified.
func Available() []Level { return available }

// Hardware returns the levels the CPU and build support, ignoring
// SIMDML_KERNEL. Tests use it to fail, not skip, when a level the CPU has is
// missing from Available without a cap explaining it.
func Hardware() []Level { return hardware }

// Capped reports whether SIMDML_KERNEL capped the choice.
func Capped() bool { return capped }

// Has reports whether l is available in this process.
func Has(l Level) bool {
	for _, a := range available {
		if a == l {
			return true
		}
	}
	return false
}

// Set makes l the active level and returns a function that restores the
// previous one. It is for tests, benchmarks and start-up configuration:
// every dispatch reads the level anew, so an operation that makes several
// kernel calls (blocks, rows, tails) while Set runs may mix levels; each
// level is correct, but the result need not be bit-identical to a run at
// one level. It returns an error if l is not available.
func Set(l Level) (restore func(), err error) {
	if !Has(l) {
		return func() {}, fmt.Errorf("cpu: kernel level %v is not available here (available: %v)", l, available)
	}
	prev := active.Swap(int32(l))
	return func() { active.Store(prev) }, nil
}
