// Package peak measures the machine's single-precision FMA peak: loops of
// independent vector FMAs with no memory traffic, so benchmarks can report
// every GEMM figure as a fraction of what the cores can do at all.
package peak

// FlopsPerIter is the number of float32 flops one iteration of the AVX2
// loop does (24 FMAs of 8 lanes, 2 flops each); the AVX-512 loop does twice
// as many.
const FlopsPerIter = 24 * 8 * 2

// Supported reports whether level ("avx2" or "avx512") can run here.
func Supported(level string) bool { return supported(level) }

// Run runs n iterations of the level's FMA loop and returns the flops done
// (0 if the level is not supported).
func Run(level string, n int) float64 { return run(level, n) }

// SqrtDiv runs n iterations of the level's divider loop, two square roots
// and two divisions of whole vectors each, and returns the number of
// float32 elements that got both a square root and a division (0 if the
// level is not supported). Time per element is the floor of any loop that
// needs both per element, such as an AdaGrad, RMSProp or Adam step.
func SqrtDiv(level string, n int) float64 { return sqrtDiv(level, n) }
