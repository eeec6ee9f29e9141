package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMeasure(t *testing.T) {
	calls := 0
	d := measure(func() { calls++ }, 10*time.Millisecond, 3)
	if d <= 0 || d > time.Millisecond || calls < 10 {
		t.Fatalf("measure = %v after %d calls", d, calls)
	}
	calls = 0
	measure(func() { calls++; time.Sleep(20 * time.Millisecond) }, 10*time.Millisecond, 3)
	if calls != 1 {
		t.Fatalf("a call longer than the budget ran %d times, want 1", calls)
	}
}

// TestQuickRun runs the whole report at two sizes per op with a tiny budget
// and checks both files and every implementation's column.
func TestQuickRun(t *testing.T) {
	dir := t.TempDir()
	cfg, err := parseFlags([]string{"-quick", "-budget", "2ms", "-reps", "1", "-out", dir}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(cfg, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Sgemm", "## Sgemv", "## Saxpy", "## Sdot", "simdml/generic", "gonum", "simdml / gonum"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	if png, err := os.ReadFile(filepath.Join(dir, "report.png")); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("report.png: %v", err)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	for _, args := range [][]string{{"-budget", "0s"}, {"-reps", "0"}, {"-threads", "0"}, {"-format", "gif"}, {"x"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) succeeded", args)
		}
	}
}
