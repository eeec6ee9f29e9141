// Command optim writes optim/internal/update/update_amd64.s: the fused
// optimizer update loops of package optim for AVX2 and AVX-512.
//
// Every loop performs exactly the sequence of rounded float32 operations of
// the generic Go loop of the same name (update_generic.go): separate multiply
// and add instructions (never FMA), correctly rounded VSQRTPS and VDIVPS, and
// VMAXPS with the generic loop's operand order. The results are therefore
// bitwise equal at every level. Each loop handles n elements, n a multiple of
// the vector width (8 for AVX2, 16 for AVX-512); the Go caller runs the
// generic loop on the remaining tail.
//
// Register map (all levels): the pointer arguments stay in general registers,
// i is the element index (scaled by 4 in the addresses), every coefficient is
// broadcast once into its own vector register before the loop, and the
// remaining vector registers are temporaries named after the Go variables of
// the reference loop.
package main

import (
	"flag"
	"fmt"
	"log"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

const out = "../optim/internal/update/update_amd64.s"

// level is one amd64 kernel level.
type level struct {
	name  string // function name suffix
	width int    // float32 lanes per vector
	vec   func() reg.VecVirtual
}

var levels = []level{
	{"AVX2", 8, YMM},
	{"AVX512", 16, ZMM},
}

// kernel is the state of one function being generated.
type kernel struct {
	l   level
	i   reg.GPVirtual
	n   reg.GPVirtual
	ptr map[string]reg.GPVirtual
	c   reg.GPVirtual // coefficient array
}

// begin starts function name with the given pointer arguments and loads them.
func begin(l level, name, doc string, ptrs ...string) *kernel {
	sig := "func("
	for _, p := range ptrs {
		sig += p + ", "
	}
	sig = sig[:len(sig)-2] + " *float32, n int, c *float32)"
	TEXT(name+l.name, NOSPLIT, sig)
	k := &kernel{l: l, ptr: map[string]reg.GPVirtual{}}
	Comment(fmt.Sprintf("%s%s: the %s loop of update.%s for n a multiple of %d.", name, l.name, l.name, doc, l.width),
		"Register map: the first MOVQs load the pointers, n and c; the XORQ'd register is i;",
		"each broadcast coefficient keeps its own vector register for the whole loop.")
	for _, p := range ptrs {
		k.ptr[p] = Load(Param(p), GP64()).(reg.GPVirtual)
	}
	k.n = Load(Param("n"), GP64()).(reg.GPVirtual)
	k.c = Load(Param("c"), GP64()).(reg.GPVirtual)
	return k
}

// coef broadcasts coefficient j (c[j]) into a new vector register.
func (k *kernel) coef(j int, name string) reg.VecVirtual {
	v := k.l.vec()
	Commentf("%s = broadcast(c[%d])", name, j)
	VBROADCASTSS(Mem{Base: k.c, Disp: 4 * j}, v)
	return v
}

// at is the address of element i of the named array.
func (k *kernel) at(name string) Mem {
	return Mem{Base: k.ptr[name], Index: k.i, Scale: 4}
}

// loop emits `for i := 0; i < n; i += width { body() }` and the return.
func (k *kernel) loop(body func()) {
	k.i = GP64()
	XORQ(k.i, k.i)
	Label("loop")
	CMPQ(k.i, k.n)
	JAE(LabelRef("done"))
	body()
	ADDQ(Imm(uint64(k.l.width)), k.i)
	JMP(LabelRef("loop"))
	Label("done")
	VZEROUPPER()
	RET()
}

// sgd: d = g + wd·p; p = p + negLR·d. c = {wd, negLR}.
func sgd(l level) {
	k := begin(l, "sgd", "SGD", "p", "grad")
	wd, nlr := k.coef(0, "wd"), k.coef(1, "negLR")
	k.loop(func() {
		p, t := l.vec(), l.vec()
		Comment("d = grad[i] + wd·p[i]")
		VMOVUPS(k.at("p"), p)
		VMULPS(p, wd, t)
		VADDPS(k.at("grad"), t, t)
		Comment("p[i] = p[i] + negLR·d")
		VMULPS(t, nlr, t)
		VADDPS(t, p, p)
		VMOVUPS(p, k.at("p"))
	})
}

// sgdMomentum: c = {WD, Mom, Damp1, A, B, NegLR} (SGDCoef).
func sgdMomentum(l level) {
	k := begin(l, "sgdMomentum", "SGDMomentum", "p", "grad", "buf")
	wd, mom, damp1 := k.coef(0, "wd"), k.coef(1, "mom"), k.coef(2, "damp1")
	a, b, nlr := k.coef(3, "a"), k.coef(4, "b"), k.coef(5, "negLR")
	k.loop(func() {
		p, d, bf, t := l.vec(), l.vec(), l.vec(), l.vec()
		Comment("d = grad[i] + wd·p[i]")
		VMOVUPS(k.at("p"), p)
		VMULPS(p, wd, d)
		VADDPS(k.at("grad"), d, d)
		Comment("buf[i] = mom·buf[i] + damp1·d")
		VMULPS(k.at("buf"), mom, bf)
		VMULPS(d, damp1, t)
		VADDPS(t, bf, bf)
		VMOVUPS(bf, k.at("buf"))
		Comment("u = a·d + b·buf[i]; p[i] = p[i] + negLR·u")
		VMULPS(d, a, d)
		VMULPS(bf, b, bf)
		VADDPS(bf, d, d)
		VMULPS(d, nlr, d)
		VADDPS(d, p, p)
		VMOVUPS(p, k.at("p"))
	})
}

// adagrad: c = {wd, negCLR, eps}.
func adagrad(l level) {
	k := begin(l, "adagrad", "AdaGrad", "p", "grad", "sum")
	wd, nclr, eps := k.coef(0, "wd"), k.coef(1, "negCLR"), k.coef(2, "eps")
	k.loop(func() {
		p, d, s, t := l.vec(), l.vec(), l.vec(), l.vec()
		Comment("d = grad[i] + wd·p[i]")
		VMOVUPS(k.at("p"), p)
		VMULPS(p, wd, d)
		VADDPS(k.at("grad"), d, d)
		Comment("sum[i] = sum[i] + d·d")
		VMULPS(d, d, s)
		VADDPS(k.at("sum"), s, s)
		VMOVUPS(s, k.at("sum"))
		Comment("p[i] = p[i] + (negCLR·d) / (sqrt(sum[i]) + eps)")
		VSQRTPS(s, s)
		VADDPS(eps, s, s)
		VMULPS(d, nclr, t)
		VDIVPS(s, t, t)
		VADDPS(t, p, p)
		VMOVUPS(p, k.at("p"))
	})
}

// rmsprop: c = {WD, Alpha, C, Eps, Mom, NegLR} (RMSPropCoef).
func rmsprop(l level, centered, momentum bool) {
	name := "rmsprop"
	ptrs := []string{"p", "grad", "sq"}
	if centered {
		name += "Centered"
		ptrs = append(ptrs, "ga")
	}
	if momentum {
		name += "Momentum"
		ptrs = append(ptrs, "buf")
	}
	k := begin(l, name, "RMSProp", ptrs...)
	wd, alpha, c, eps := k.coef(0, "wd"), k.coef(1, "alpha"), k.coef(2, "c"), k.coef(3, "eps")
	var mom reg.VecVirtual
	if momentum {
		mom = k.coef(4, "mom")
	}
	nlr := k.coef(5, "negLR")
	k.loop(func() {
		p, d, s, t := l.vec(), l.vec(), l.vec(), l.vec()
		Comment("d = grad[i] + wd·p[i]")
		VMOVUPS(k.at("p"), p)
		VMULPS(p, wd, d)
		VADDPS(k.at("grad"), d, d)
		Comment("sq[i] = alpha·sq[i] + (c·d)·d")
		VMULPS(k.at("sq"), alpha, s)
		VMULPS(d, c, t)
		VMULPS(d, t, t)
		VADDPS(t, s, s)
		VMOVUPS(s, k.at("sq"))
		if centered {
			m := l.vec()
			Comment("ga[i] = alpha·ga[i] + c·d; a = sqrt(sq[i] − ga[i]·ga[i]) + eps")
			VMULPS(k.at("ga"), alpha, m)
			VMULPS(d, c, t)
			VADDPS(t, m, m)
			VMOVUPS(m, k.at("ga"))
			VMULPS(m, m, m)
			VSUBPS(m, s, s)
		} else {
			Comment("a = sqrt(sq[i]) + eps")
		}
		VSQRTPS(s, s)
		VADDPS(eps, s, s)
		if momentum {
			Comment("buf[i] = mom·buf[i] + d/a; p[i] = p[i] + negLR·buf[i]")
			VDIVPS(s, d, d)
			VMULPS(k.at("buf"), mom, t)
			VADDPS(d, t, t)
			VMOVUPS(t, k.at("buf"))
			VMULPS(t, nlr, t)
		} else {
			Comment("p[i] = p[i] + (negLR·d)/a")
			VMULPS(d, nlr, t)
			VDIVPS(s, t, t)
		}
		VADDPS(t, p, p)
		VMOVUPS(p, k.at("p"))
	})
}

// adam: c = {Decay, WD, B1, C1, B2, C2, Eps, NegStep} (AdamCoef).
func adam(l level, amsgrad bool) {
	name, ptrs := "adam", []string{"p", "grad", "m", "v"}
	if amsgrad {
		name, ptrs = "adamAMSGrad", append(ptrs, "vmax")
	}
	k := begin(l, name, "Adam", ptrs...)
	decay, wd := k.coef(0, "decay"), k.coef(1, "wd")
	b1, c1, b2, c2 := k.coef(2, "b1"), k.coef(3, "c1"), k.coef(4, "b2"), k.coef(5, "c2")
	eps, nstep := k.coef(6, "eps"), k.coef(7, "negStep")
	k.loop(func() {
		q, d, m, v, t := l.vec(), l.vec(), l.vec(), l.vec(), l.vec()
		Comment("q = decay·p[i]; d = grad[i] + wd·q")
		VMULPS(k.at("p"), decay, q)
		VMULPS(q, wd, d)
		VADDPS(k.at("grad"), d, d)
		Comment("m[i] = b1·m[i] + c1·d")
		VMULPS(k.at("m"), b1, m)
		VMULPS(d, c1, t)
		VADDPS(t, m, m)
		VMOVUPS(m, k.at("m"))
		Comment("v[i] = b2·v[i] + (c2·d)·d")
		VMULPS(k.at("v"), b2, v)
		VMULPS(d, c2, t)
		VMULPS(d, t, t)
		VADDPS(t, v, v)
		VMOVUPS(v, k.at("v"))
		if amsgrad {
			Comment("vmax[i] = vmax[i] > v[i] ? vmax[i] : v[i]")
			VMOVUPS(k.at("vmax"), t)
			VMAXPS(v, t, v)
			VMOVUPS(v, k.at("vmax"))
		}
		Comment("p[i] = q + (negStep·m[i]) / (sqrt(s) + eps)")
		VSQRTPS(v, v)
		VADDPS(eps, v, v)
		VMULPS(m, nstep, m)
		VDIVPS(v, m, m)
		VADDPS(m, q, q)
		VMOVUPS(q, k.at("p"))
	})
}

func main() {
	flag.Parse()
	if err := flag.Set("out", out); err != nil {
		log.Fatal(err)
	}
	ConstraintExpr("!purego")
	for _, l := range levels {
		sgd(l)
		sgdMomentum(l)
		adagrad(l)
		for _, centered := range []bool{false, true} {
			for _, momentum := range []bool{false, true} {
				rmsprop(l, centered, momentum)
			}
		}
		adam(l, false)
		adam(l, true)
	}
	Generate()
}
