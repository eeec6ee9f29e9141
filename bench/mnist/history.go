package main

import (
	"fmt"
	"time"

	"github.com/simdml/simdml/bench/internal/chart"
	"gonum.org/v1/plot/vg"
)

// epochStats is one epoch's summary line.
type epochStats struct {
	Epoch    int
	Loss     float64       // mean training loss over the epoch's batches
	TrainAcc float64       // accuracy on the epoch's training batches, as they were trained
	TestAcc  float64       // accuracy on the test set after the epoch
	ExPerSec float64       // training examples per second in this epoch
	Time     time.Duration // this epoch's training time (evaluation excluded)
	CPU      time.Duration // CPU time of the process (all threads) in that time; 0 if unknown
	Elapsed  time.Duration // since training started, evaluation included
}

// String formats the line printed after each epoch.
func (s epochStats) String() string {
	cpu := ""
	if s.CPU > 0 {
		cpu = fmt.Sprintf(" (cpu %.3fs)", s.CPU.Seconds())
	}
	return fmt.Sprintf("epoch %2d  loss %.4f  train %6.2f%%  test %6.2f%%  %7.0f ex/s  epoch %6.3fs%s  elapsed %s",
		s.Epoch, s.Loss, 100*s.TrainAcc, 100*s.TestAcc, s.ExPerSec, s.Time.Seconds(), cpu,
		s.Elapsed.Round(10*time.Millisecond))
}

// savePlot draws loss (top) and train/test accuracy (bottom) per epoch.
func savePlot(path, title string, hist []epochStats) error {
	n := len(hist)
	ep, loss, tr, te := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, s := range hist {
		ep[i], loss[i], tr[i], te[i] = float64(s.Epoch), s.Loss, 100*s.TrainAcc, 100*s.TestAcc
	}
	lp, err := chart.Lines(title, "epoch", "training loss",
		chart.Series{Name: "train loss", X: ep, Y: loss})
	if err != nil {
		return err
	}
	ap, err := chart.Lines("", "epoch", "accuracy (%)",
		chart.Series{Name: "train", X: ep, Y: tr}, chart.Series{Name: "test", X: ep, Y: te})
	if err != nil {
		return err
	}
	ap.Legend.Top = false
	ap.Legend.Left = false
	return chart.Save(path, 6*vg.Inch, 3*vg.Inch, lp, ap)
}
