package guard

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestAsmFuncs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("x_amd64.go", "//go:build !purego\n\npackage k\n\n//go:noescape\nfunc zAVX2(x []float32)\n\nfunc helper() {}\n\n//go:noescape\nfunc aAVX512(n int) float32\n")
	write("x_arm64.go", "package k\n\nfunc xNEON(x []float32)\n")
	write("x_amd64_test.go", "package k\n\nfunc testOnly()\n")
	got, err := AsmFuncs(dir, "amd64")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"aAVX512", "zAVX2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("amd64: %v, want %v", got, want)
	}
	got, err = AsmFuncs(dir, "arm64")
	if err != nil || !reflect.DeepEqual(got, []string{"xNEON"}) {
		t.Fatalf("arm64: %v, %v", got, err)
	}
	write("bad_amd64.go", "package k\nfunc (")
	if _, err := AsmFuncs(dir, "amd64"); err == nil {
		t.Fatal("no error for a file that does not parse")
	}
}
