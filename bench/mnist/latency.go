package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/simdml/simdml/bench/internal/mnistdata"
	"github.com/simdml/simdml/nn"
)

// latency times n batch-1 predictions of test images on one goroutine after
// n/10 warm-up calls. Each call's image is first copied, untimed, into one
// reused input buffer, as a server decodes a request into its buffer before
// predicting; bench/torch times model(x) the same way.
type latency struct {
	median, p99, min time.Duration
	calls            int
}

func measureLatency(model *nn.Sequential, test *mnistdata.Set, n int) (latency, error) {
	p := model.NewPredictor()
	out := make([]float32, model.OutputSize())
	for i := range max(100, n/10) {
		if err := p.Predict(out, test.Row(i%test.N)); err != nil {
			return latency{}, err
		}
	}
	d := make([]time.Duration, n)
	x := make([]float32, model.InputSize())
	for i := range d {
		copy(x, test.Row(i%test.N))
		t0 := time.Now()
		if err := p.Predict(out, x); err != nil {
			return latency{}, err
		}
		d[i] = time.Since(t0)
	}
	slices.Sort(d)
	return latency{median: d[n/2], p99: d[n*99/100], min: d[0], calls: n}, nil
}

func (l latency) String() string {
	us := func(d time.Duration) string { return fmt.Sprintf("%.1f us", float64(d)/1e3) }
	return fmt.Sprintf("batch-1 prediction (%d calls, one goroutine): median %s, p99 %s, min %s",
		l.calls, us(l.median), us(l.p99), us(l.min))
}
