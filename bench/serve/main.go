// Command serve answers MNIST predictions over HTTP from a model file
// written by `go -C bench run ./mnist`, sharing one loaded model across all
// requests, and has a load mode that measures it under concurrent clients.
//
//	go -C bench run ./serve -model out/mnist.safetensors [-addr 127.0.0.1:8080]
//	curl -s localhost:8080/predict -d '{"pixels":[0,0,...,255,...]}'   # 784 values in [0, 255]
//	go -C bench run ./serve -model out/mnist.safetensors -load [-clients 64] [-requests 50000]
//
// POST /predict takes {"pixels":[784 numbers]} or {"images":[[784], ...]}
// and returns {"class":7,"probabilities":[10 numbers]} (or
// {"predictions":[...]}). Bad requests get 400 (413 for an oversized body)
// with {"error": reason}. GET /model describes the model; GET /healthz says ok.
//
// In load mode the command serves on a free 127.0.0.1 port (or targets
// -target, which must be a loopback address), sends -requests single-image
// requests from -clients concurrent clients using the MNIST test images,
// stops early after -duration, and prints throughput and latency
// percentiles.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/nn"
)

type config struct {
	model    string
	addr     string
	maxBody  int64
	maxBatch int
	load     bool
	target   string
	clients  int
	requests int
	duration time.Duration
	data     string
	threads  int
}

func main() {
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(2)
	}
	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.StringVar(&cfg.model, "model", "", "model file (safetensors) written by ./mnist (required)")
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "listen address")
	fs.Int64Var(&cfg.maxBody, "max-body", 4<<20, "largest request body in bytes")
	fs.IntVar(&cfg.maxBatch, "max-batch", 256, "most images in one request")
	fs.BoolVar(&cfg.load, "load", false, "load mode: serve on 127.0.0.1 and measure with concurrent clients")
	fs.StringVar(&cfg.target, "target", "", "load mode: base URL of a running server on loopback instead of serving in-process")
	fs.IntVar(&cfg.clients, "clients", 64, "load mode: concurrent clients")
	fs.IntVar(&cfg.requests, "requests", 50000, "load mode: total requests")
	fs.DurationVar(&cfg.duration, "duration", 60*time.Second, "load mode: stop sending after this long")
	fs.StringVar(&cfg.data, "data", "", "load mode: MNIST directory (default: the GoMNIST module's data/)")
	fs.IntVar(&cfg.threads, "threads", 0, "GOMAXPROCS (0: all CPUs)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case cfg.model == "" && cfg.target == "":
		return nil, errors.New("-model FILE is required (write one with `go -C bench run ./mnist`)")
	case cfg.maxBody < 1024 || cfg.maxBody > 1<<30:
		return nil, fmt.Errorf("-max-body %d: want [1024, 1<<30]", cfg.maxBody)
	case cfg.maxBatch < 1 || cfg.maxBatch > 1<<16:
		return nil, fmt.Errorf("-max-batch %d: want [1, 65536]", cfg.maxBatch)
	case cfg.clients < 1 || cfg.clients > 4096:
		return nil, fmt.Errorf("-clients %d: want [1, 4096]", cfg.clients)
	case cfg.requests < 1 || cfg.requests > 10_000_000:
		return nil, fmt.Errorf("-requests %d: want [1, 10000000]", cfg.requests)
	case cfg.duration <= 0 || cfg.duration > 10*time.Minute:
		return nil, fmt.Errorf("-duration %v: want (0, 10m]", cfg.duration)
	case cfg.threads < 0:
		return nil, fmt.Errorf("-threads %d: want >= 0", cfg.threads)
	case cfg.target != "" && !cfg.load:
		return nil, errors.New("-target needs -load")
	}
	return cfg, nil
}

func run(cfg *config, stdout io.Writer) error {
	if cfg.threads > 0 {
		runtime.GOMAXPROCS(cfg.threads)
	}
	// Requests run in parallel already: keep each matrix product on its
	// request's goroutine instead of fanning out over the GEMM pool.
	blas.SetMaxProcs(1)
	if cfg.load && cfg.target != "" {
		return loadTest(cfg, cfg.target, stdout)
	}
	model, err := nn.LoadSequential(cfg.model)
	if err != nil {
		return err
	}
	srv := newServer(model, cfg.maxBody, cfg.maxBatch)
	addr := cfg.addr
	if cfg.load {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "serving %s (%d inputs, %d classes, %d parameters) on http://%s\n",
		cfg.model, srv.in, srv.out, model.NumParams(), ln.Addr())

	if cfg.load {
		err = loadTest(cfg, "http://"+ln.Addr().String(), stdout)
	} else {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		select {
		case err = <-served:
			return err
		case <-ctx.Done():
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := hs.Shutdown(ctx); err == nil {
		err = serr
	}
	return err
}
