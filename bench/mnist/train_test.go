package main

import (
	"math"
	"runtime"
	"testing"

	"github.com/simdml/simdml/bench/internal/mnistdata"
	"github.com/simdml/simdml/blas"
)

// smallSet returns the first n examples of set (shared storage).
func smallSet(set *mnistdata.Set, n int) *mnistdata.Set {
	f := set.Features()
	return &mnistdata.Set{X: set.X[:n*f], Labels: set.Labels[:n], N: n, Rows: set.Rows, Cols: set.Cols}
}

func loadMNIST(t *testing.T) (train, test *mnistdata.Set) {
	t.Helper()
	dir, err := mnistdata.Locate("")
	if err != nil {
		t.Skip(err)
	}
	train, test, err = mnistdata.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return train, test
}

// TestDeterministic trains twice on a slice of MNIST with the same seed and
// thread count and expects bit-identical losses and accuracies, also with
// two data-parallel threads; with -parallel gemm two threads give the bits
// of one. A different seed must give different numbers. It also checks that
// a short run learns.
func TestDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on MNIST")
	}
	train, test := loadMNIST(t)
	train, test = smallSet(train, 3000), smallSet(test, 1000)
	runOnce := func(seed int64, threads int, parallel string) []epochStats {
		cfg, err := parseFlags(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		cfg.epochs, cfg.seed, cfg.threads, cfg.hidden, cfg.parallel = 2, seed, threads, []int{64, 32}, parallel
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		defer blas.SetMaxProcs(blas.SetMaxProcs(0))
		if err := configure(cfg); err != nil {
			t.Fatal(err)
		}
		hist, _, err := trainModel(cfg, []int{784, 64, 32, 10}, train, test, &progress{}, func(epochStats) {})
		if err != nil {
			t.Fatal(err)
		}
		return hist
	}
	same := func(a, b []epochStats) bool {
		for i := range a {
			if math.Float64bits(a[i].Loss) != math.Float64bits(b[i].Loss) || a[i].TrainAcc != b[i].TrainAcc || a[i].TestAcc != b[i].TestAcc {
				return false
			}
		}
		return true
	}
	a, b := runOnce(1, 1, "data"), runOnce(1, 1, "data")
	if !same(a, b) {
		t.Fatalf("same seed, different results:\n%v\n%v", a, b)
	}
	// blas splits GEMM work over rows and columns, never over k, so the
	// thread count does not change the bits either.
	if c := runOnce(1, 2, "gemm"); !same(a, c) {
		t.Fatalf("1 and 2 gemm threads differ:\n%v\n%v", a, c)
	}
	c, d := runOnce(1, 2, "data"), runOnce(1, 2, "data")
	if !same(c, d) {
		t.Fatalf("two data-parallel threads, same seed, different results:\n%v\n%v", c, d)
	}
	if math.Abs(a[1].Loss-c[1].Loss) > 1e-3*a[1].Loss {
		t.Fatalf("data-parallel loss %v, one thread %v", c[1].Loss, a[1].Loss)
	}
	if c := runOnce(2, 1, "data"); same(a, c) {
		t.Fatal("seeds 1 and 2 gave identical results")
	}
	if a[1].TestAcc < 0.6 {
		t.Fatalf("test accuracy %.3f after 2 epochs on 3000 examples, want > 0.6", a[1].TestAcc)
	}
}
