package update

import "math"

// The generic loops are the reference every assembly kernel must equal bit
// for bit. Every product is wrapped in float32(), which rounds it and so
// forbids the compiler to fuse it into a multiply-add (it does fuse on arm64
// otherwise); sqrt32 is the correctly rounded float32 square root (the
// float64 root of a float32 rounded to float32 is correctly rounded).

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

func sgdGeneric(p, g []float32, wd, negLR float32) {
	g = g[:len(p)]
	for i, pi := range p {
		d := g[i] + float32(wd*pi)
		p[i] = pi + float32(negLR*d)
	}
}

func sgdMomentumGeneric(p, g, buf []float32, c SGDCoef) {
	g, buf = g[:len(p)], buf[:len(p)]
	for i, pi := range p {
		d := g[i] + float32(c.WD*pi)
		b := float32(c.Mom*buf[i]) + float32(c.Damp1*d)
		buf[i] = b
		u := float32(c.A*d) + float32(c.B*b)
		p[i] = pi + float32(c.NegLR*u)
	}
}

func adagradGeneric(p, g, sum []float32, wd, negCLR, eps float32) {
	g, sum = g[:len(p)], sum[:len(p)]
	for i, pi := range p {
		d := g[i] + float32(wd*pi)
		s := sum[i] + float32(d*d)
		sum[i] = s
		p[i] = pi + float32(negCLR*d)/(sqrt32(s)+eps)
	}
}

func rmspropGeneric(p, g, sq, ga, buf []float32, c RMSPropCoef) {
	g, sq = g[:len(p)], sq[:len(p)]
	centered, momentum := ga != nil, buf != nil
	if centered {
		ga = ga[:len(p)]
	}
	if momentum {
		buf = buf[:len(p)]
	}
	for i, pi := range p {
		d := g[i] + float32(c.WD*pi)
		s := float32(c.Alpha*sq[i]) + float32(float32(c.C*d)*d)
		sq[i] = s
		var a float32
		if centered {
			m := float32(c.Alpha*ga[i]) + float32(c.C*d)
			ga[i] = m
			a = sqrt32(s-float32(m*m)) + c.Eps
		} else {
			a = sqrt32(s) + c.Eps
		}
		if momentum {
			b := float32(c.Mom*buf[i]) + d/a
			buf[i] = b
			p[i] = pi + float32(c.NegLR*b)
		} else {
			p[i] = pi + float32(c.NegLR*d)/a
		}
	}
}

func adamGeneric(p, g, m, v, vmax []float32, c AdamCoef) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	ams := vmax != nil
	if ams {
		vmax = vmax[:len(p)]
	}
	for i, pi := range p {
		q := float32(c.Decay * pi)
		d := g[i] + float32(c.WD*q)
		mi := float32(c.B1*m[i]) + float32(c.C1*d)
		m[i] = mi
		vi := float32(c.B2*v[i]) + float32(float32(c.C2*d)*d)
		v[i] = vi
		if ams {
			if mx := vmax[i]; mx > vi {
				vi = mx
			}
			vmax[i] = vi
		}
		p[i] = q + float32(c.NegStep*mi)/(sqrt32(vi)+c.Eps)
	}
}
