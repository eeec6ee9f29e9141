package blas

import (
	"fmt"
	"os"
)

func init() {
	if s := os.Getenv("GEMMDBG"); s != "" {
		var kc, mc, nc int
		fmt.Sscanf(s, "%d,%d,%d", &kc, &mc, &nc)
		for l := range gemmBlocks {
			b := &gemmBlocks[l]
			if kc > 0 {
				b.kc = kc
			}
			if nc > 0 {
				b.nc = nc / b.nr * b.nr
			}
		}
	}
	if os.Getenv("GEMMDBGPRINT") != "" {
		fmt.Fprintln(os.Stderr, gemmBlocks)
	}
}
