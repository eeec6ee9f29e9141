// Package update holds the fused optimizer update loops of package optim:
// one pass over a parameter vector reads and writes each parameter, gradient
// and state element once.
//
// Every loop performs the same sequence of float32 operations at every kernel
// level (generic Go, AVX2, AVX-512, NEON): each product and sum is rounded to
// float32 on its own (no fused multiply-add: the generic loops wrap products in
// float32() conversions, which the Go spec says prevents fusion, and the
// assembly uses separate multiply and add instructions), and sqrt and divide
// are the correctly rounded IEEE operations. Results are therefore bitwise
// identical across levels (NaN payloads aside), so a checkpoint written at
// one level resumes exactly at another.
//
// The scalar coefficients are computed by the caller in float64 and rounded
// once to float32. Slices passed to one call must all have the length of p
// (the function panics otherwise, with a message naming the slice and the
// lengths); nil optional state selects the variant without it.
package update

import "fmt"

// SGDCoef are the coefficients of SGDMomentum.
type SGDCoef struct {
	WD    float32 // weight decay λ
	Mom   float32 // momentum μ (0 on the first step, when the buffer starts as d)
	Damp1 float32 // 1 − dampening (1 on the first step)
	A, B  float32 // u = A·d + B·buf: Nesterov A = 1, B = μ; plain A = 0, B = 1
	NegLR float32 // −lr
}

// RMSPropCoef are the coefficients of RMSProp.
type RMSPropCoef struct {
	WD    float32 // weight decay λ
	Alpha float32 // smoothing constant α
	C     float32 // 1 − α
	Eps   float32 // ε, added outside the square root
	Mom   float32 // momentum μ (used only with a momentum buffer)
	NegLR float32 // −lr
}

// AdamCoef are the coefficients of Adam and AdamW.
type AdamCoef struct {
	Decay   float32 // AdamW's 1 − lr·λ (1 for Adam)
	WD      float32 // Adam's L2 weight decay λ (0 for AdamW)
	B1, C1  float32 // β1 and 1 − β1
	B2, C2  float32 // β2 and 1 − β2
	Eps     float32 // ε·sqrt(1 − β2^t)
	NegStep float32 // −lr·sqrt(1 − β2^t) / (1 − β1^t)
}

// SGD computes, for every i,
//
//	d = g[i] + wd·p[i];  p[i] = p[i] + negLR·d
func SGD(p, g []float32, wd, negLR float32) {
	check("SGD", "g", len(p), len(g))
	sgd(p, g, wd, negLR)
}

// SGDMomentum computes, for every i,
//
//	d = g[i] + c.WD·p[i]
//	buf[i] = c.Mom·buf[i] + c.Damp1·d
//	u = c.A·d + c.B·buf[i]
//	p[i] = p[i] + c.NegLR·u
func SGDMomentum(p, g, buf []float32, c SGDCoef) {
	check("SGDMomentum", "g", len(p), len(g))
	check("SGDMomentum", "buf", len(p), len(buf))
	sgdMomentum(p, g, buf, c)
}

// AdaGrad computes, for every i,
//
//	d = g[i] + wd·p[i]
//	sum[i] = sum[i] + d·d
//	p[i] = p[i] + (negCLR·d) / (sqrt(sum[i]) + eps)
func AdaGrad(p, g, sum []float32, wd, negCLR, eps float32) {
	check("AdaGrad", "g", len(p), len(g))
	check("AdaGrad", "sum", len(p), len(sum))
	adagrad(p, g, sum, wd, negCLR, eps)
}

// RMSProp computes, for every i,
//
//	d = g[i] + c.WD·p[i]
//	sq[i] = c.Alpha·sq[i] + (c.C·d)·d
//	centered (ga != nil):  ga[i] = c.Alpha·ga[i] + c.C·d;  a = sqrt(sq[i] − ga[i]·ga[i]) + c.Eps
//	otherwise:             a = sqrt(sq[i]) + c.Eps
//	momentum (buf != nil): buf[i] = c.Mom·buf[i] + d/a;  p[i] = p[i] + c.NegLR·buf[i]
//	otherwise:             p[i] = p[i] + (c.NegLR·d)/a
func RMSProp(p, g, sq, ga, buf []float32, c RMSPropCoef) {
	check("RMSProp", "g", len(p), len(g))
	check("RMSProp", "sq", len(p), len(sq))
	if ga != nil {
		check("RMSProp", "ga", len(p), len(ga))
	}
	if buf != nil {
		check("RMSProp", "buf", len(p), len(buf))
	}
	rmsprop(p, g, sq, ga, buf, c)
}

// Adam computes, for every i,
//
//	q = c.Decay·p[i]
//	d = g[i] + c.WD·q
//	m[i] = c.B1·m[i] + c.C1·d
//	v[i] = c.B2·v[i] + (c.C2·d)·d
//	amsgrad (vmax != nil): vmax[i] = vmax[i] > v[i] ? vmax[i] : v[i];  s = vmax[i]
//	otherwise:             s = v[i]
//	p[i] = q + (c.NegStep·m[i]) / (sqrt(s) + c.Eps)
//
// PyTorch divides sqrt(s) by sqrt(1 − β2^t) before adding ε; multiplying
// numerator and denominator by that factor (folded into c.Eps and c.NegStep
// in float64) gives the same value with one division instead of two, which
// matters on cores whose divider is the bottleneck (Zen 4: an Adam step
// spent most of its time in VDIVPS/VSQRTPS). The result differs from
// PyTorch's order by a few float32 roundings, far inside the golden tests'
// 1e-5.
func Adam(p, g, m, v, vmax []float32, c AdamCoef) {
	check("Adam", "g", len(p), len(g))
	check("Adam", "m", len(p), len(m))
	check("Adam", "v", len(p), len(v))
	if vmax != nil {
		check("Adam", "vmax", len(p), len(vmax))
	}
	adam(p, g, m, v, vmax, c)
}

// check panics unless l, the length of the slice named name, equals n = len(p).
func check(fn, name string, n, l int) {
	if l != n {
		panic(fmt.Sprintf("update: %s: len(%s) = %d, want len(p) = %d", fn, name, l, n))
	}
}
