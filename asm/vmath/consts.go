package main

import (
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
)

// Constants, each repeated over 64 bytes so that both a ymm and a zmm
// operand can read it from memory. Values as in exp_generic.go.
var (
	cExpMax, cExpMin, cLog2e, cLn2Hi, cLn2Lo Mem
	cC2, cC3, cC4, cC5, cC6, cOne, cMinus2   Mem
	cTanhLim, cT3, cT5, cT7, cT9, cT11       Mem
	cAbs, cSign, cBias                       Mem
)

func consts() {
	f := func(name string, v float32) Mem { return splat(name, math.Float32bits(v)) }
	cExpMax = f("expmax", 89.0)
	cExpMin = f("expmin", -104.0)
	cLog2e = f("log2e", 1.44269504088896341)
	cLn2Hi = f("ln2hi", 0.693359375)
	cLn2Lo = f("ln2lo", -2.12194440e-4)
	cC2 = f("expc2", 0.4999999403953552)
	cC3 = f("expc3", 0.1666652113199234)
	cC4 = f("expc4", 0.04166838899254799)
	cC5 = f("expc5", 0.008368710055947304)
	cC6 = f("expc6", 0.001381461275741458)
	cOne = f("one", 1)
	cMinus2 = f("minus2", -2)
	cTanhLim = f("tanhlim", 0.625)
	cT3 = f("tanhc3", -0.3333328068256378)
	cT5 = f("tanhc5", 0.13331441581249237)
	cT7 = f("tanhc7", -0.05373971536755562)
	cT9 = f("tanhc9", 0.0206390842795372)
	cT11 = f("tanhc11", -0.005704983603209257)
	cAbs = splat("absmask", 0x7fffffff)
	cSign = splat("signmask", 0x80000000)
	cBias = splat("expbias", 127)
}

func splat(name string, bits uint32) Mem {
	m := GLOBL(name, RODATA|NOPTR)
	for i := 0; i < 16; i++ {
		DATA(4*i, U32(bits))
	}
	return m
}
