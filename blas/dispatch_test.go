package blas_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/testutil"
)

func TestKernels(t *testing.T) {
	testutil.CheckLevels(t)
	names := blas.Kernels()
	if names[0] != "generic" {
		t.Errorf("Kernels() = %v, want generic first", names)
	}
	if got, want := blas.Kernel(), names[len(names)-1]; got != want {
		t.Errorf("Kernel() = %q, want the best available %q", got, want)
	}
	for _, name := range names {
		restore, err := blas.SetKernel(name)
		if err != nil {
			t.Fatalf("SetKernel(%q): %v", name, err)
		}
		if got := blas.Kernel(); got != name {
			t.Errorf("after SetKernel(%q), Kernel() = %q", name, got)
		}
		restore()
	}
	for _, bad := range []string{"sse4", "", "neon", "avx512"} {
		if slices.Contains(names, bad) {
			continue
		}
		if _, err := blas.SetKernel(bad); err == nil {
			t.Errorf("SetKernel(%q) succeeded; it is not in %v", bad, names)
		}
	}
	if got, want := blas.Kernel(), cpu.Active().String(); got != want {
		t.Errorf("Kernel() = %q after restores, want %q", got, want)
	}
}

// TestPuregoHasNoAssembly proves the purego build tag removes every .s file
// from every package of the module, and that the default amd64 build has
// some (so the test would notice the listing going wrong).
func TestPuregoHasNoAssembly(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not available")
	}
	list := func(env []string, args ...string) string {
		cmd := exec.Command(gobin, append([]string{"list"}, args...)...)
		cmd.Env = append(cmd.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	const format = `{{.ImportPath}} {{.SFiles}}`
	for _, arch := range []string{"amd64", "arm64"} {
		env := []string{"GOOS=linux", "GOARCH=" + arch, "CGO_ENABLED=0"}
		for _, line := range strings.Split(strings.TrimSpace(list(env, "-tags", "purego", "-f", format, "github.com/simdml/simdml/...")), "\n") {
			if !strings.HasSuffix(line, " []") {
				t.Errorf("GOARCH=%s -tags purego still builds assembly: %s", arch, line)
			}
		}
		if out := list(env, "-f", "{{.SFiles}}", "github.com/simdml/simdml/blas/internal/kernels"); !strings.Contains(out, ".s") {
			t.Errorf("GOARCH=%s default build lists no .s files in blas/internal/kernels: %s", arch, out)
		}
	}
}
