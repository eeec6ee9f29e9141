package mnistdata

import (
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestLoadReal loads the real MNIST files from the GoMNIST module.
func TestLoadReal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 55 MB of MNIST")
	}
	dir, err := Locate("")
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 || train.Rows != Side || train.Cols != Side {
		t.Fatalf("train %d %dx%d, test %d", train.N, train.Rows, train.Cols, test.N)
	}
	// The first training digit is a 5 and the first test digit a 7.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Fatalf("first labels %d, %d; want 5, 7", train.Labels[0], test.Labels[0])
	}
	var sum float64
	for _, v := range train.X {
		sum += float64(v)
	}
	if mean := sum / float64(len(train.X)); mean < -0.01 || mean > 0.01 {
		t.Fatalf("normalised training mean %v, want about 0", mean)
	}
}

func TestLocateOverride(t *testing.T) {
	if _, err := Locate(t.TempDir()); err == nil {
		t.Fatal("Locate(empty dir) succeeded")
	}
}

// TestDataDir checks the lookup that needs no go command: the GoMNIST
// version recorded in a binary's build information (test binaries record
// none, so the build information here is made up).
func TestDataDir(t *testing.T) {
	cache := func() (string, error) { return "/cache", nil }
	bi := &debug.BuildInfo{Deps: []*debug.Module{
		{Path: "gonum.org/v1/plot", Version: "v0.17.0"},
		{Path: ModulePath, Version: "v0.0.0-20150320212226-2fbe10d0fa63"},
	}}
	got, err := dataDir(bi, cache)
	want := filepath.Join("/cache", "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63", "data")
	if err != nil || got != want {
		t.Fatalf("dataDir = %q, %v; want %q", got, err, want)
	}
	bi.Deps[1].Replace = &debug.Module{Path: "/src/gomnist"}
	if got, err := dataDir(bi, cache); err != nil || got != filepath.Join("/src/gomnist", "data") {
		t.Fatalf("replaced: dataDir = %q, %v", got, err)
	}
	if _, err := dataDir(&debug.BuildInfo{}, cache); err == nil {
		t.Fatal("dataDir without GoMNIST succeeded")
	}
}
