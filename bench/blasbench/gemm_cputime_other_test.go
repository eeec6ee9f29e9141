//go:build !unix

package blasbench

// gemmCPUTime is unavailable here: no GFLOPS/cpu metric.
func gemmCPUTime() float64 { return 0 }
