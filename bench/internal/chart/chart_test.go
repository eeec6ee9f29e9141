package chart

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"
)

func TestSave(t *testing.T) {
	dir := t.TempDir()
	p, err := Lines("t", "x", "y", Series{Name: "a", X: []float64{1, 2, 3}, Y: []float64{1, 4, 9}},
		Series{Name: "peak", X: []float64{1, 3}, Y: []float64{10, 10}, Dashed: true})
	if err != nil {
		t.Fatal(err)
	}
	for name, magic := range map[string][]byte{"a.png": []byte("\x89PNG"), "a.svg": []byte("<?xml")} {
		path := filepath.Join(dir, name)
		if err := Save(path, 4*vg.Inch, 3*vg.Inch, p, p); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, magic) {
			t.Fatalf("%s: %v, starts %q", name, err, b[:min(len(b), 8)])
		}
	}
	if err := Save(filepath.Join(dir, "a.gif"), vg.Inch, vg.Inch, p); err == nil {
		t.Fatal("Save(.gif) succeeded")
	}
	if _, err := Lines("t", "x", "y", Series{X: []float64{1}, Y: nil}); err == nil {
		t.Fatal("Lines with mismatched series succeeded")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
