package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/simdml/simdml/bench/internal/chart"
	"github.com/simdml/simdml/blas"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var writeFile = chart.WriteFile

// machine describes where the report ran.
func machine(cfg *config) string {
	return fmt.Sprintf("%s; %s %s/%s; GOMAXPROCS %d; simdml kernels %s (default %s); %s, OPENBLAS_CORETYPE=%s; %s",
		cpuName(), runtime.Version(), runtime.GOOS, runtime.GOARCH, cfg.threads,
		strings.Join(blas.Kernels(), ", "), blas.Kernel(), libraryInfo(), envOr("OPENBLAS_CORETYPE", "(unset)"),
		time.Now().UTC().Format("2006-01-02 15:04 UTC"))
}

// cpuName returns the CPU model from /proc/cpuinfo where there is one.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH + " CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH + " CPU"
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// markdown renders one GFLOPS table per op, with the best simdml level's
// ratio to each reference implementation.
func markdown(results []result, pk peakResult, where string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# simdml BLAS report\n\n%s\n\n", where)
	if pk.err == nil {
		fmt.Fprintf(&b, "Measured FMA peak: **%.1f GFLOPS** (%s).\n\n", pk.gflops, pk.what)
	} else {
		fmt.Fprintf(&b, "Measured FMA peak: not available (%v).\n\n", pk.err)
	}
	b.WriteString("GFLOPS, higher is better; each cell is the best of several timed batches. " +
		"The ratio columns divide the best simdml level by the reference in the same run.\n")
	for _, r := range results {
		fmt.Fprintf(&b, "\n## %s (%s)\n\n| size |", r.op.name, r.op.shape)
		refs := references(r)
		for _, name := range r.impls {
			fmt.Fprintf(&b, " %s |", name)
		}
		for _, i := range refs {
			fmt.Fprintf(&b, " simdml / %s |", r.impls[i])
		}
		if pk.err == nil && r.op.name == "Sgemm" {
			b.WriteString(" simdml / peak |")
		}
		b.WriteString("\n|---:|" + strings.Repeat("---:|", len(r.impls)+len(refs)))
		if pk.err == nil && r.op.name == "Sgemm" {
			b.WriteString("---:|")
		}
		b.WriteString("\n")
		for j, s := range r.op.sizes {
			fmt.Fprintf(&b, "| %s |", sizeLabel(s))
			best := bestSimdml(r, j)
			for i := range r.impls {
				fmt.Fprintf(&b, " %.2f |", r.gflops[i][j])
			}
			for _, i := range refs {
				fmt.Fprintf(&b, " %.2fx |", best/r.gflops[i][j])
			}
			if pk.err == nil && r.op.name == "Sgemm" {
				fmt.Fprintf(&b, " %.0f%% |", 100*best/pk.gflops)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// references returns the indexes of the non-simdml implementations.
func references(r result) []int {
	var out []int
	for i, name := range r.impls {
		if !strings.HasPrefix(name, "simdml/") {
			out = append(out, i)
		}
	}
	return out
}

// bestSimdml returns the highest simdml GFLOPS at size index j.
func bestSimdml(r result, j int) float64 {
	best := 0.0
	for i, name := range r.impls {
		if strings.HasPrefix(name, "simdml/") {
			best = max(best, r.gflops[i][j])
		}
	}
	return best
}

// saveChart draws GFLOPS against size, one panel per op, one line per
// implementation, and the measured peak as a dashed line on every panel.
func saveChart(path string, results []result, pk peakResult) error {
	var plots []*plot.Plot
	for _, r := range results {
		var series []chart.Series
		xs := make([]float64, len(r.op.sizes))
		for j, s := range r.op.sizes {
			xs[j] = float64(s)
		}
		for i, name := range r.impls {
			series = append(series, chart.Series{Name: name, X: xs, Y: r.gflops[i]})
		}
		if pk.err == nil && r.op.name == "Sgemm" {
			series = append(series, chart.Series{Name: "FMA peak", X: []float64{xs[0], xs[len(xs)-1]},
				Y: []float64{pk.gflops, pk.gflops}, Dashed: true})
		}
		p, err := chart.Lines(r.op.name+" ("+r.op.shape+")", "size", "GFLOPS", series...)
		if err != nil {
			return err
		}
		p.X.Scale = plot.LogScale{}
		ticks := make(plot.ConstantTicks, len(r.op.sizes))
		for j, s := range r.op.sizes {
			ticks[j] = plot.Tick{Value: float64(s), Label: sizeLabel(s)}
		}
		p.X.Tick.Marker = ticks
		p.Legend.Top = true
		p.Legend.Left = true
		// Leave headroom above the data for the legend in the top-left corner.
		top := 0.0
		for _, s := range series {
			for _, y := range s.Y {
				top = max(top, y)
			}
		}
		p.Y.Min = 0
		p.Y.Max = top * (1.05 + 0.1*float64(len(series)))
		plots = append(plots, p)
	}
	return chart.Save(path, 7*vg.Inch, 3.5*vg.Inch, plots...)
}
