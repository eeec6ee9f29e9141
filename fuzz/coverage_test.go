package fuzz

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/guard"
)

// kernelDirs are the packages that hold assembly, relative to this one.
var kernelDirs = []string{"../blas/internal/kernels", "../tensor/internal/vmath", "../optim/internal/update"}

// asmCoverage maps every assembly entry point (the body-less stubs in the
// kernel packages' *_amd64.go and *_arm64.go files) to the fuzz targets
// that reach it through the public API. TestAsmCoverage fails when a stub is
// missing here, so a new assembly function needs a fuzz target first.
var asmCoverage = map[string][]string{}

func TestAsmCoverage(t *testing.T) {
	targets := fuzzTargets(t)
	seen := map[string]bool{}
	for _, dir := range kernelDirs {
		for _, arch := range []string{"amd64", "arm64"} {
			names, err := guard.AsmFuncs(dir, arch)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				seen[name] = true
				ts, ok := asmCoverage[name]
				if !ok || len(ts) == 0 {
					t.Errorf("%s: assembly function %s (%s) has no fuzz target: add one and list it in asmCoverage", dir, name, arch)
				}
				for _, tg := range ts {
					if !targets[tg] {
						t.Errorf("asmCoverage[%s] names %s, which is not a fuzz target here", name, tg)
					}
				}
			}
		}
	}
	var stale []string
	for name := range asmCoverage {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		t.Errorf("asmCoverage lists %s, which no kernel package declares any more", name)
	}
}

// fuzzTargets returns the names of the Fuzz functions of this package.
func fuzzTargets(t *testing.T) map[string]bool {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Fuzz") {
				out[fn.Name.Name] = true
			}
		}
	}
	return out
}
