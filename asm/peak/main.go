// Command peak generates the FMA peak loops of bench/internal/peak
// (../bench/internal/peak/peak_amd64.s): n iterations of independent
// vector FMA chains, enough of them (12 per loop, each FMA depending only on
// its own accumulator) to cover the FMA latency on both FMA pipes, with no
// memory operands. GFLOPS of these loops is the machine's measured peak.
//
// Register map: CX iteration count; accumulators X/Y/Z0..11; Z/Y12, 13
// constant multiplicands.
package main

import (
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

const chains = 12

func main() {
	os.Args = append(os.Args[:1], "-out", "../bench/internal/peak/peak_amd64.s")
	ConstraintExpr("!purego")
	loop("fmaLoopAVX2", []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13})
	loop("fmaLoopAVX512", []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13})
	Generate()
}

func loop(name string, r []VecPhysical) {
	TEXT(name, NOSPLIT, "func(n int)")
	Doc(fmt.Sprintf("%s runs n iterations of %d independent FMAs.", name, 2*chains))
	Load(Param("n"), RCX)
	Comment("acc[i] = 0; x, y = 0 (values never matter to the FMA units)")
	for _, v := range r {
		VXORPS(v, v, v)
	}
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_done"))
	Label(name + "_loop")
	Comment("acc[i] += x*y, twice per chain per iteration")
	for u := 0; u < 2; u++ {
		for i := 0; i < chains; i++ {
			VFMADD231PS(r[chains], r[chains+1], r[i])
		}
	}
	DECQ(RCX)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
