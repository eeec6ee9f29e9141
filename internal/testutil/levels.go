// Package testutil holds simdml's shared test helpers: a runner that repeats
// a test at every kernel level this process can run, guarded buffers that
// catch out-of-bounds writes, float64 reference loops and tolerance checks
// derived from float32 rounding error bounds.
//
// It is imported only by _test.go files.
package testutil

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// ForEachLevel runs f as a subtest named after each level in
// cpu.Available(), with that level active, and restores the previous level
// afterwards. It first calls CheckLevels, so a level the hardware has but
// this process lost is a failure, not a silent skip.
func ForEachLevel(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	CheckLevels(t)
	for _, l := range cpu.Available() {
		restore, err := cpu.Set(l)
		if err != nil {
			t.Fatalf("cpu.Set(%v): %v", l, err)
		}
		t.Run(l.String(), f)
		restore()
	}
}

// CheckLevels fails t when the set of runnable levels is not what it should
// be:
//   - if SIMDML_EXPECT_LEVELS is set (a comma-separated list such as
//     "generic,avx2,avx512"), cpu.Available() must equal it exactly, in order;
//   - a level in cpu.Hardware() missing from cpu.Available() is a failure
//     unless SIMDML_KERNEL capped the choice.
func CheckLevels(t testing.TB) {
	t.Helper()
	avail := cpu.Available()
	if want, ok := os.LookupEnv("SIMDML_EXPECT_LEVELS"); ok && want != "" {
		if got := LevelNames(avail); got != normalize(want) {
			t.Fatalf("SIMDML_EXPECT_LEVELS=%q but cpu.Available() = %q", want, got)
		}
	}
	if cpu.Capped() {
		return
	}
	for _, l := range cpu.Hardware() {
		if !slices.Contains(avail, l) {
			t.Fatalf("level %v is in cpu.Hardware() %v but not in cpu.Available() %v, and SIMDML_KERNEL is not set",
				l, cpu.Hardware(), avail)
		}
	}
}

// LevelNames returns the levels' names joined by commas, the format of
// SIMDML_EXPECT_LEVELS.
func LevelNames(ls []cpu.Level) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = l.String()
	}
	return strings.Join(s, ",")
}

func normalize(list string) string {
	parts := strings.Split(list, ",")
	for i, p := range parts {
		parts[i] = strings.ToLower(strings.TrimSpace(p))
	}
	return strings.Join(parts, ",")
}
