package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/simdml/simdml/bench/internal/mnistdata"
	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/nn"
)

// run loads MNIST, trains, and writes the model and the plot.
func run(cfg *config, stdout *os.File) error {
	if err := configure(cfg); err != nil {
		return err
	}
	dir, err := mnistdata.Locate(cfg.data)
	if err != nil {
		return err
	}
	train, test, err := mnistdata.Load(dir)
	if err != nil {
		return err
	}
	sizes := append(append([]int{train.Features()}, cfg.hidden...), mnistdata.Classes)
	arch := joinInts(sizes, "-")
	fmt.Fprintf(stdout, "simdml MNIST: %s ReLU, %s lr %g (%s), batch %d, %d epochs, seed %d\n",
		arch, cfg.optimizer, cfg.lr, cfg.schedule, cfg.batch, cfg.epochs, cfg.seed)
	fmt.Fprintf(stdout, "kernel %s, threads %d, %s/%s; data %s (train %d, test %d)\n",
		blas.Kernel(), cfg.threads, runtime.GOOS, runtime.GOARCH, dir, train.N, test.N)
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if cfg.profile != "" {
		stop, err := startProfile(cfg.profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	hist, model, err := trainModel(cfg, sizes, train, test, newProgress(stdout), func(s epochStats) {
		fmt.Fprintln(stdout, s)
	})
	if err != nil {
		return err
	}
	return finish(cfg, stdout, arch, hist, model, test)
}

// configure applies the thread count and the kernel level.
func configure(cfg *config) error {
	runtime.GOMAXPROCS(cfg.threads)
	if cfg.parallel == "data" {
		blas.SetMaxProcs(1) // each worker's products stay on its goroutine
	} else {
		blas.SetMaxProcs(cfg.threads)
	}
	if cfg.kernel != "" {
		if _, err := blas.SetKernel(cfg.kernel); err != nil {
			return err
		}
	}
	return nil
}

// finish writes the model and the plot, times batch-1 prediction and says
// where the files went.
func finish(cfg *config, stdout *os.File, arch string, hist []epochStats, model *nn.Sequential, test *mnistdata.Set) error {
	modelPath := filepath.Join(cfg.out, "mnist.safetensors")
	if err := model.Save(modelPath); err != nil {
		return err
	}
	plotPath := filepath.Join(cfg.out, cfg.plot)
	if err := savePlot(plotPath, "MNIST "+arch+" ReLU (simdml, "+cfg.optimizer+")", hist); err != nil {
		return err
	}
	last := hist[len(hist)-1]
	fmt.Fprintf(stdout, "test accuracy %.2f%% after %d epochs in %s\n", 100*last.TestAcc, last.Epoch,
		last.Elapsed.Round(10*time.Millisecond))
	lat, err := measureLatency(model, test, 5000)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, lat)
	fmt.Fprintf(stdout, "model: %s\nplot:  %s\n", abs(modelPath), abs(plotPath))
	return nil
}

// abs returns path made absolute for printing (path itself on failure).
func abs(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

func joinInts(v []int, sep string) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, sep)
}

// startProfile starts a CPU profile into path and returns its stop function.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("-cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
