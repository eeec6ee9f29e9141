// Command peak generates the FMA peak loops of bench/internal/peak
// (../bench/internal/peak/peak_amd64.s): n iterations of independent
// vector FMA chains, enough of them (12 per loop, each FMA depending only on
// its own accumulator) to cover the FMA latency on both FMA pipes, with no
// memory operands. GFLOPS of these loops is the machine's measured peak.
// The divider loops do the same for a square root and a division per
// element (what AdaGrad, RMSProp and Adam need): their rate bounds those
// optimizer steps from below, whatever the memory does.
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
	divLoop("sqrtDivLoopAVX2", []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5})
	divLoop("sqrtDivLoopAVX512", []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5})
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

// divLoop writes name(n): n iterations of two independent VSQRTPS and two
// independent VDIVPS on the same inputs, r[0] (1.0 in every lane, so
// no value is denormal); r[2..5] receive the results.
func divLoop(name string, r []VecPhysical) {
	TEXT(name, NOSPLIT, "func(n int)")
	Doc(fmt.Sprintf("%s runs n iterations of two square roots and two divisions of whole vectors.", name))
	Load(Param("n"), RCX)
	Comment("x = 1.0 in every lane (all-ones bits shifted: 0x3f800000)")
	VPCMPEQD(r[1].AsY(), r[1].AsY(), r[1].AsY())
	VPSRLD(U8(25), r[1].AsY(), r[1].AsY())
	VPSLLD(U8(23), r[1].AsY(), r[1].AsY())
	if r[0].Size() == 64 {
		VSHUFF32X4(U8(0), r[1], r[1], r[0])
	} else {
		VMOVAPS(r[1], r[0])
	}
	TESTQ(RCX, RCX)
	JZ(LabelRef(name + "_done"))
	Label(name + "_loop")
	Comment("independent: no result feeds another instruction")
	VSQRTPS(r[0], r[2])
	VDIVPS(r[0], r[0], r[3])
	VSQRTPS(r[0], r[4])
	VDIVPS(r[0], r[0], r[5])
	DECQ(RCX)
	JNZ(LabelRef(name + "_loop"))
	Label(name + "_done")
	VZEROUPPER()
	RET()
}
