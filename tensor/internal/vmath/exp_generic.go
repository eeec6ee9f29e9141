package vmath

import "math"

// Constants of the exp approximation, shared by every level.
//
// exp(x) = 2^n · e^r with n = round(x·log2(e)) and r = x − n·ln2 reduced in
// two steps (Cody-Waite): ln2Hi has 9 significant bits, so n·ln2Hi is exact
// for |n| ≤ 2^15, and ln2Lo carries the rest of ln2. Then |r| ≤ ln2/2 and
// e^r = 1 + r + r²·(c2 + c3·r + c4·r² + c5·r³ + c6·r⁴), a degree-6
// polynomial fitted for minimal relative error on [−ln2/2, ln2/2] (its own
// error is 3.1e-9, 0.05 ulp; the rest of the error is float32 rounding).
// The scale 2^n is applied as 2^(n>>1) · 2^(n−n>>1), each a normal float32
// built from exponent bits, so results from 2^128 (overflow to +Inf) down to
// the smallest denormal round once, correctly (gradual underflow).
const (
	expMax  = 89.0   // exp(x) = +Inf for x ≥ 88.7228394 (rounds above MaxFloat32)
	expMin  = -104.0 // exp(x) rounds to 0 for x ≤ −103.972084 (below 2^−150)
	log2e   = 1.44269504088896341
	ln2Hi   = 0.693359375
	ln2Lo   = -2.12194440e-4
	roundK  = 12582912.0 // 1.5·2^23: adding and subtracting it rounds to an integer
	expC2   = 0.4999999403953552
	expC3   = 0.1666652113199234
	expC4   = 0.04166838899254799
	expC5   = 0.008368710055947304
	expC6   = 0.001381461275741458
	tanhLim = 0.625 // below, tanh uses its odd polynomial
	tanhC3  = -0.3333328068256378
	tanhC5  = 0.13331441581249237
	tanhC7  = -0.05373971536755562
	tanhC9  = 0.0206390842795372
	tanhC11 = -0.005704983603209257
)

// exp32 is the scalar form of the vector exp: see the constants above.
// NaN gives NaN, +Inf gives +Inf and −Inf gives 0.
func exp32(x float32) float32 {
	if x > expMax {
		x = expMax
	}
	if x < expMin {
		x = expMin
	}
	t := float32(x*log2e) + roundK
	n := t - roundK
	r := x - n*ln2Hi
	r = r - n*ln2Lo
	p := float32(expC6)
	p = p*r + expC5
	p = p*r + expC4
	p = p*r + expC3
	p = p*r + expC2
	p = 1 + (r + r*r*p)
	ni := int32(n)
	n1 := ni >> 1
	n2 := ni - n1
	s1 := math.Float32frombits(uint32(n1+127) << 23)
	s2 := math.Float32frombits(uint32(n2+127) << 23)
	return p * s1 * s2
}

// sigmoid32 is 1/(1+e^−x) in the stable form: with e = exp(−|x|) ≤ 1 it is
// 1/(1+e) for x ≥ 0 and e/(1+e) for x < 0, so nothing overflows and
// sigmoid of a large negative x keeps its relative accuracy down to the
// denormals.
func sigmoid32(x float32) float32 {
	e := exp32(-abs32(x))
	num := float32(1)
	if x < 0 {
		num = e
	}
	return num / (1 + e)
}

// tanh32 is tanh(x): for |x| < 0.625 an odd minimax polynomial (no
// cancellation near 0), otherwise (1−e)/(1+e) with e = exp(−2|x|), which
// saturates to exactly ±1; the sign is copied from x.
func tanh32(x float32) float32 {
	a := abs32(x)
	var y float32
	if a < tanhLim {
		z := a * a
		q := float32(tanhC11)
		q = q*z + tanhC9
		q = q*z + tanhC7
		q = q*z + tanhC5
		q = q*z + tanhC3
		y = a + a*z*q
	} else {
		e := exp32(-2 * a)
		y = (1 - e) / (1 + e)
	}
	return math.Float32frombits(math.Float32bits(y) | math.Float32bits(x)&(1<<31))
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

func expGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = exp32(v)
	}
}

func sigmoidGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = sigmoid32(v)
	}
}

func tanhGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = tanh32(v)
	}
}
