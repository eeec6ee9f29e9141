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
var asmCoverage = merge(
	// blas/internal/kernels
	each([]string{"axpyAVX2", "axpyAVX512", "axpyNEON"}, "FuzzSaxpy"),
	each([]string{"dotAVX2", "dotAVX512", "dotNEON"}, "FuzzSdot"),
	each([]string{"scalAVX2", "scalAVX512", "scalNEON"}, "FuzzSscal", "FuzzSgemv"), // Sgemv scales y by beta
	each([]string{"gemvNAVX2", "gemvNAVX512", "gemvNNEON", "gemvTAVX2", "gemvTAVX512", "gemvTNEON"},
		"FuzzSgemv", "FuzzSgemm"), // Sgemm runs one-row and one-column products as Sgemv
	each([]string{"gemmKernel6x16AVX2", "gemmKernel12x32AVX512", "gemmKernel12x16AVX512", "gemmKernel8x8NEON"}, "FuzzSgemm"),
	each([]string{"gemmPanel6x16AVX2", "gemmKernel6x16AVX2PackARows"}, "FuzzSgemm"), // the AVX2 blocked path, m >= 24 and n >= 64
	each([]string{"gemmKernel6x16AVX2Pack", "gemmKernel12x32AVX512Pack", // the blocked path packing B (Trans B; NoTrans B at 4 KiB-multiple strides)
		"gemmKernel6x16AVX2PackA", "gemmKernel12x32AVX512PackA"}, "FuzzSgemm"), // packing A (Trans A with k > 256; 4 KiB-multiple lda)
	each([]string{"gemmDotPanel3x4AVX2", "gemmDotPanel2x5AVX2", "gemmDotPanel2x4AVX2", "gemmDot4x5AVX512", "gemmDotPanel4x5AVX512"}, "FuzzSgemm"), // tB == Trans, m <= 48
	each([]string{"gemmRank1AVX2", "gemmRank1AVX512", "gemmRank1NEON"}, "FuzzSgemm"),                                                              // k == 1
	each([]string{"gemmSmallAVX512", "gemmSmallAVX2"}, "FuzzSgemm"),                                                                               // tB == NoTrans, k <= 64
	// tensor/internal/vmath
	each([]string{"expAVX2", "expAVX512", "expNEON"}, "FuzzTensorExp"),
	each([]string{"sigmoidAVX2", "sigmoidAVX512", "sigmoidNEON"}, "FuzzTensorSigmoid"),
	each([]string{"tanhAVX2", "tanhAVX512", "tanhNEON"}, "FuzzTensorTanh"),
	each([]string{"reluAVX2", "reluAVX512", "reluNEON"}, "FuzzTensorReLU"),
	each([]string{"reluBackwardAVX2", "reluBackwardAVX512", "reluBackwardNEON"}, "FuzzTensorReLUBackward"),
	each([]string{"sigmoidBackwardAVX2", "sigmoidBackwardAVX512", "sigmoidBackwardNEON"}, "FuzzTensorSigmoidBackward"),
	each([]string{"tanhBackwardAVX2", "tanhBackwardAVX512", "tanhBackwardNEON"}, "FuzzTensorTanhBackward"),
	each([]string{"addAVX2", "addAVX512", "addNEON"}, "FuzzTensorAdd", "FuzzTensorAddRowVector", "FuzzTensorSumCols"),
	each([]string{"subAVX2", "subAVX512", "subNEON"}, "FuzzTensorSub"),
	each([]string{"mulAVX2", "mulAVX512", "mulNEON"}, "FuzzTensorMul"),
	each([]string{"scaleAVX2", "scaleAVX512", "scaleNEON"}, "FuzzTensorScale", "FuzzTensorSoftmaxRows"),
	each([]string{"addScalarAVX2", "addScalarAVX512", "addScalarNEON"}, "FuzzTensorLogSoftmaxRows"),
	each([]string{"axpyAVX2", "axpyAVX512", "axpyNEON"}, "FuzzTensorAxpy", "FuzzSaxpy"), // same names in blas and vmath
	each([]string{"maxAVX2", "maxAVX512", "maxNEON"}, "FuzzTensorSoftmaxRows", "FuzzTensorLogSoftmaxRows"),
	each([]string{"sumAVX2", "sumAVX512", "sumNEON"}, "FuzzTensorSumRows"),
	each([]string{"sumColsAVX2", "sumColsAVX512", "sumColsNEON"}, "FuzzTensorSumCols"),
	each([]string{"expShiftSumAVX2", "expShiftSumAVX512", "expShiftSumNEON"}, "FuzzTensorSoftmaxRows", "FuzzTensorLogSoftmaxRows"),
	each([]string{"sumExpShiftAVX2", "sumExpShiftAVX512", "sumExpShiftNEON"}, "FuzzTensorLogSoftmaxRows"), // in place
	// optim/internal/update
	each([]string{"sgdAVX2", "sgdAVX512", "sgdNEON"}, "FuzzOptimSGD"),
	each([]string{"sgdMomentumAVX2", "sgdMomentumAVX512", "sgdMomentumNEON"}, "FuzzOptimSGDMomentum"),
	each([]string{"adagradAVX2", "adagradAVX512", "adagradNEON"}, "FuzzOptimAdaGrad"),
	each([]string{"rmspropAVX2", "rmspropAVX512", "rmspropMomentumAVX2", "rmspropMomentumAVX512",
		"rmspropCenteredAVX2", "rmspropCenteredAVX512", "rmspropCenteredMomentumAVX2",
		"rmspropCenteredMomentumAVX512", "rmspropNEON"}, "FuzzOptimRMSProp"),
	each([]string{"adamAVX2", "adamAVX512", "adamAMSGradAVX2", "adamAMSGradAVX512", "adamNEON"}, "FuzzOptimAdam"),
)

// asmUndispatched lists assembly functions that no non-test code calls
// (so no fuzz target can reach them), with the reason. TestAsmCoverage
// checks that they really are unreferenced outside tests: once one is
// dispatched it must move to asmCoverage. The guard-page tests still call
// them directly.
var asmUndispatched = map[string]string{}

func each(names []string, targets ...string) map[string][]string {
	m := map[string][]string{}
	for _, n := range names {
		m[n] = targets
	}
	return m
}

func merge(ms ...map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = append(out[k], v...)
		}
	}
	return out
}

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
				if why, ok := asmUndispatched[name]; ok {
					if refs := nonTestRefs(t, dir, name); refs > 0 {
						t.Errorf("%s: %s is listed as undispatched (%s) but non-test code uses it %d times: list it in asmCoverage with its fuzz targets", dir, name, why, refs)
					}
					continue
				}
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
	for name := range asmUndispatched {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
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

// nonTestRefs counts the uses of the identifier name in the non-test Go
// files of dir, not counting function declarations' own names.
func nonTestRefs(t *testing.T, dir, name string) int {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		declared := map[*ast.Ident]bool{}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok {
				declared[fn.Name] = true
			}
		}
		ast.Inspect(f, func(node ast.Node) bool {
			if id, ok := node.(*ast.Ident); ok && id.Name == name && !declared[id] {
				n++
			}
			return true
		})
	}
	return n
}
