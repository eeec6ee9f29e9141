package main

import (
	"fmt"
	"io"
	"math/rand"
	"strings"
	"time"
)

// stepGemm is one of the matrix products of a training step of the MNIST
// network 784-256-128-10 at batch 128, as nn calls them (row-major; X is
// the batch, W_l is out x in, δ_l the gradient at layer l's output).
type stepGemm struct {
	what    string
	tA, tB  bool
	m, n, k int
}

var mnistStep = []stepGemm{
	{"Z1 = X·W1ᵀ", false, true, 128, 256, 784},
	{"Z2 = A1·W2ᵀ", false, true, 128, 128, 256},
	{"Z3 = A2·W3ᵀ", false, true, 128, 10, 128},
	{"dW3 = δ3ᵀ·A2", true, false, 10, 128, 128},
	{"δ2 = δ3·W3", false, false, 128, 128, 10},
	{"dW2 = δ2ᵀ·A1", true, false, 128, 256, 128},
	{"δ1 = δ2·W2", false, false, 128, 256, 128},
	{"dW1 = δ1ᵀ·X", true, false, 256, 784, 128},
}

// stepResult is the time per call of each product for each implementation.
type stepResult struct {
	impls []string
	times [][]time.Duration // [impl][gemm]
}

// runStep times the training step's products for every implementation.
func runStep(cfg *config, stderr io.Writer) (stepResult, error) {
	var res stepResult
	for _, im := range impls() {
		restore := func() {}
		if im.setup != nil {
			var err error
			if restore, err = im.setup(); err != nil {
				return res, fmt.Errorf("%s: %w", im.name, err)
			}
		}
		r := rand.New(rand.NewSource(1))
		row := make([]time.Duration, len(mnistStep))
		for i, g := range mnistStep {
			a, b, c := randSlice(r, g.m*g.k), randSlice(r, g.k*g.n), make([]float32, g.m*g.n)
			row[i] = measure(func() { im.sgemm(g.tA, g.tB, g.m, g.n, g.k, a, b, c) }, cfg.budget/2, cfg.reps)
		}
		restore()
		fmt.Fprintf(stderr, "step   %-15s %v\n", im.name, row)
		res.impls = append(res.impls, im.name)
		res.times = append(res.times, row)
	}
	return res, nil
}

// markdown renders the per-product times and the step's total.
func (s stepResult) markdown() string {
	var b strings.Builder
	b.WriteString("\n## One training step's GEMMs (784-256-128-10, batch 128), µs per call\n\n" +
		"The products nn runs for one step of `go -C bench run ./mnist` (the input gradient of the first layer is not needed). " +
		"An epoch is 469 steps.\n\n| product | op(A)·op(B) m x n x k |")
	for _, name := range s.impls {
		fmt.Fprintf(&b, " %s |", name)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---:|", len(s.impls)) + "\n")
	totals := make([]time.Duration, len(s.impls))
	for j, g := range mnistStep {
		fmt.Fprintf(&b, "| %s | %s%s %dx%dx%d |", g.what, tn(g.tA), tn(g.tB), g.m, g.n, g.k)
		for i := range s.impls {
			fmt.Fprintf(&b, " %.1f |", float64(s.times[i][j])/1e3)
			totals[i] += s.times[i][j]
		}
		b.WriteString("\n")
	}
	b.WriteString("| **step total** | |")
	for _, t := range totals {
		fmt.Fprintf(&b, " **%.1f** |", float64(t)/1e3)
	}
	b.WriteString("\n| epoch (469 steps), GEMMs only, s | |")
	for _, t := range totals {
		fmt.Fprintf(&b, " %.3f |", 469*t.Seconds())
	}
	b.WriteString("\n")
	return b.String()
}

func tn(t bool) string {
	if t {
		return "T"
	}
	return "N"
}
