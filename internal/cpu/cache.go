package cpu

import "github.com/klauspost/cpuid/v2"

// Cache sizes in bytes as cpuid reports them, with defaults typical of a
// current core where cpuid cannot tell (0 or a negative value).
var (
	L1D = orDefault(cpuid.CPU.Cache.L1D, 32<<10)
	L2  = orDefault(cpuid.CPU.Cache.L2, 1<<20)
	L3  = orDefault(cpuid.CPU.Cache.L3, 8<<20)
)

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}
