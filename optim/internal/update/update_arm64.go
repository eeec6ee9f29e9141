//go:build !purego

package update

import "github.com/simdml/simdml/internal/cpu"

// The NEON loops (update_arm64.s, hand-written) handle n elements, n a
// multiple of 4; the pointers must address n float32s each (the unused
// optional ones may be nil). Each rounds every product and sum to float32
// on its own (no FMA), so it is bitwise equal to the generic loop of the
// same name (update_generic.go); the loops are written out on the amd64
// stubs and on the exported functions.

// sgdNEON: for i < n, d := grad[i] + c[0]·p[i]; p[i] = p[i] + c[1]·d.
//
//go:noescape
func sgdNEON(p, grad *float32, n int, c *[2]float32)

// sgdMomentumNEON: for i < n,
//
//	d := grad[i] + c.WD·p[i]
//	buf[i] = c.Mom·buf[i] + c.Damp1·d
//	p[i] = p[i] + c.NegLR·(c.A·d + c.B·buf[i])
//
//go:noescape
func sgdMomentumNEON(p, grad, buf *float32, n int, c *SGDCoef)

// adagradNEON, with c = {wd, negCLR, eps}: for i < n,
//
//	d := grad[i] + wd·p[i]
//	sum[i] = sum[i] + d·d
//	p[i] = p[i] + (negCLR·d) / (sqrt(sum[i]) + eps)
//
//go:noescape
func adagradNEON(p, grad, sum *float32, n int, c *[3]float32)

// rmspropNEON is RMSProp's loop; flags bit 0 selects the centered variant
// (ga), bit 1 the momentum variant (buf).
//
//go:noescape
func rmspropNEON(p, grad, sq, ga, buf *float32, n int, c *RMSPropCoef, flags int)

// adamNEON is Adam's loop; amsgrad != 0 selects the AMSGrad variant (vmax).
//
//go:noescape
func adamNEON(p, grad, m, v, vmax *float32, n int, c *AdamCoef, amsgrad int)

// vectorLen returns how many leading elements of n the NEON loops handle.
func vectorLen(n int) int {
	if cpu.Active() == cpu.NEON {
		return n &^ 3
	}
	return 0
}

// first returns &s[0], or nil for an empty or nil s.
func first(s []float32) *float32 {
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

func sgd(p, g []float32, wd, negLR float32) {
	k := vectorLen(len(p))
	if k > 0 {
		c := [2]float32{wd, negLR}
		sgdNEON(&p[0], &g[0], k, &c)
	}
	sgdGeneric(p[k:], g[k:], wd, negLR)
}

func sgdMomentum(p, g, buf []float32, c SGDCoef) {
	k := vectorLen(len(p))
	if k > 0 {
		sgdMomentumNEON(&p[0], &g[0], &buf[0], k, &c)
	}
	sgdMomentumGeneric(p[k:], g[k:], buf[k:], c)
}

func adagrad(p, g, sum []float32, wd, negCLR, eps float32) {
	k := vectorLen(len(p))
	if k > 0 {
		c := [3]float32{wd, negCLR, eps}
		adagradNEON(&p[0], &g[0], &sum[0], k, &c)
	}
	adagradGeneric(p[k:], g[k:], sum[k:], wd, negCLR, eps)
}

func rmsprop(p, g, sq, ga, buf []float32, c RMSPropCoef) {
	k := vectorLen(len(p))
	if k > 0 {
		flags := 0
		if ga != nil {
			flags |= 1
		}
		if buf != nil {
			flags |= 2
		}
		rmspropNEON(&p[0], &g[0], &sq[0], first(ga), first(buf), k, &c, flags)
	}
	rmspropGeneric(p[k:], g[k:], sq[k:], tail(ga, k), tail(buf, k), c)
}

func adam(p, g, m, v, vmax []float32, c AdamCoef) {
	k := vectorLen(len(p))
	if k > 0 {
		ams := 0
		if vmax != nil {
			ams = 1
		}
		adamNEON(&p[0], &g[0], &m[0], &v[0], first(vmax), k, &c, ams)
	}
	adamGeneric(p[k:], g[k:], m[k:], v[k:], tail(vmax, k), c)
}
