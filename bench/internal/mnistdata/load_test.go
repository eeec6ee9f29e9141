package mnistdata

import "testing"

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

// TestFromBuildInfo checks the lookup that needs no go command: the
// GoMNIST version recorded in the binary, in the module cache.
func TestFromBuildInfo(t *testing.T) {
	dir, err := fromBuildInfo()
	if err != nil {
		t.Skip(err) // e.g. a binary built without module information
	}
	if err := hasFiles(dir); err != nil {
		t.Fatalf("build info points at %s: %v", dir, err)
	}
}
