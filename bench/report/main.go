// Command report measures simdml's Sgemm, Sgemv, Saxpy and Sdot at every
// kernel level this machine runs against gonum (and OpenBLAS when built
// with -tags openblas) and the machine's measured FMA peak, and writes a
// Markdown table and a chart of GFLOPS against size to an output directory.
//
//	go -C bench run ./report [-out out/report] [-budget 300ms] [-quick]
//	OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=1 go -C bench run -tags openblas ./report
//
// Every figure is one process's best time per call over a few timed
// batches, on one thread by default, so the ratios between columns are the
// meaningful part; absolute numbers move with the machine's load.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/simdml/simdml/blas"
)

// config holds the command line.
type config struct {
	out     string
	budget  time.Duration
	reps    int
	threads int
	quick   bool
	format  string
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.StringVar(&cfg.out, "out", filepath.Join("out", "report"), "output directory")
	fs.DurationVar(&cfg.budget, "budget", 300*time.Millisecond, "time spent measuring each implementation at each size")
	fs.IntVar(&cfg.reps, "reps", 15, "timed batches per measurement (the best is kept)")
	fs.IntVar(&cfg.threads, "threads", 1, "GOMAXPROCS (and OpenBLAS threads) during the measurements")
	fs.BoolVar(&cfg.quick, "quick", false, "two sizes per operation (a smoke test)")
	fs.StringVar(&cfg.format, "format", "png", "chart format: png or svg")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case cfg.budget <= 0 || cfg.budget > time.Minute:
		return nil, fmt.Errorf("-budget %v: want (0, 1m]", cfg.budget)
	case cfg.reps < 1 || cfg.reps > 100:
		return nil, fmt.Errorf("-reps %d: want [1, 100]", cfg.reps)
	case cfg.threads < 1:
		return nil, fmt.Errorf("-threads %d: want at least 1", cfg.threads)
	case cfg.format != "png" && cfg.format != "svg":
		return nil, fmt.Errorf("-format %q: want png or svg", cfg.format)
	}
	return cfg, nil
}

// result is one op's GFLOPS per implementation (in impls order) per size.
type result struct {
	op     op
	impls  []string
	gflops [][]float64 // [impl][size]
}

func run(cfg *config, stdout, stderr io.Writer) error {
	runtime.GOMAXPROCS(cfg.threads)
	blas.SetMaxProcs(cfg.threads)
	setLibraryThreads(cfg.threads)
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	start := time.Now()
	pk := measurePeak(cfg.budget, cfg.reps)
	if pk.err != nil {
		fmt.Fprintf(stderr, "peak: %v\n", pk.err)
	} else {
		fmt.Fprintf(stderr, "peak: %.1f GFLOPS (%s)\n", pk.gflops, pk.what)
	}
	var results []result
	for _, o := range ops(cfg.quick) {
		res, err := runOp(cfg, o, stderr)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	step, err := runStep(cfg, stderr)
	if err != nil {
		return err
	}
	md := markdown(results, pk, machine(cfg)) + step.markdown()
	mdPath := filepath.Join(cfg.out, "report.md")
	if err := writeFile(mdPath, []byte(md)); err != nil {
		return err
	}
	chartPath := filepath.Join(cfg.out, "report."+cfg.format)
	if err := saveChart(chartPath, results, pk); err != nil {
		return err
	}
	fmt.Fprint(stdout, md)
	fmt.Fprintf(stdout, "\nwrote %s and %s in %s\n", abs(mdPath), abs(chartPath), time.Since(start).Round(time.Second))
	return nil
}

// runOp measures every implementation at every size of o.
func runOp(cfg *config, o op, stderr io.Writer) (result, error) {
	res := result{op: o}
	for _, im := range impls() {
		restore := func() {}
		if im.setup != nil {
			var err error
			if restore, err = im.setup(); err != nil {
				return res, fmt.Errorf("%s: %w", im.name, err)
			}
		}
		r := rand.New(rand.NewSource(1))
		row := make([]float64, len(o.sizes))
		for i, s := range o.sizes {
			t := measure(o.prepare(&im, s, r), cfg.budget, cfg.reps)
			row[i] = o.flops(s) / t.Seconds() / 1e9
		}
		restore()
		fmt.Fprintf(stderr, "%-6s %-15s %s\n", o.name, im.name, formatRow(row))
		res.impls = append(res.impls, im.name)
		res.gflops = append(res.gflops, row)
	}
	return res, nil
}

func formatRow(v []float64) string {
	s := ""
	for _, g := range v {
		s += fmt.Sprintf(" %7.2f", g)
	}
	return s
}

func abs(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}
