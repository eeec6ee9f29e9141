package guard

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
)

// AsmFuncs returns the sorted names of the assembly entry points declared in
// dir for goarch: the functions without a body in the package's non-test
// files named *_<goarch>.go (the //go:noescape stubs next to the .s files).
// Tests compare it with the functions they cover, so that adding an assembly
// function without a test fails.
func AsmFuncs(dir, goarch string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_"+goarch+".go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var names []string
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("guard: AsmFuncs: %w", err)
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Body == nil {
				names = append(names, fn.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}
