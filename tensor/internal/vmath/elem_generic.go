package vmath

func reluGeneric(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		if v < 0 {
			v = 0
		}
		dst[i] = v
	}
}

func reluBackwardGeneric(dst, z, g []float32) {
	z, g = z[:len(dst)], g[:len(dst)]
	for i, v := range z {
		if v > 0 {
			dst[i] = g[i]
		} else {
			dst[i] = 0
		}
	}
}

func sigmoidBackwardGeneric(dst, s, g []float32) {
	s, g = s[:len(dst)], g[:len(dst)]
	for i, v := range s {
		dst[i] = g[i] * (v * (1 - v))
	}
}

func tanhBackwardGeneric(dst, t, g []float32) {
	t, g = t[:len(dst)], g[:len(dst)]
	for i, v := range t {
		dst[i] = g[i] * (1 - v*v)
	}
}

func addGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func subGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func mulGeneric(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func scaleGeneric(dst, a []float32, s float32) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * s
	}
}

func axpyGeneric(dst []float32, alpha float32, x []float32) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] += alpha * x[i]
	}
}

func addScalarGeneric(dst, a []float32, s float32) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + s
	}
}

func maxGeneric(x []float32) float32 {
	m := x[0]
	for _, v := range x[1:] {
		if v > m || v != v {
			m = v
		}
	}
	return m
}

func sumGeneric(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

// expShiftSumGeneric sets dst[i] = exp(x[i] − m) and returns their sum.
func expShiftSumGeneric(dst, x []float32, m float32) float32 {
	x = x[:len(dst)]
	var s float32
	for i, v := range x {
		e := exp32(v - m)
		dst[i] = e
		s += e
	}
	return s
}
