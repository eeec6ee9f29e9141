package kernels

// gemvNPortable is gemvN at the generic level: y = b, the generic GEMV
// adding alpha*A·x, then the ReLU if asked (b is y or does not overlap it).
func gemvNPortable(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, relu bool) {
	y = y[:m]
	copy(y, b)
	gemvNGeneric(m, n, alpha, a, lda, x, y)
	if relu {
		reluInPlace(y)
	}
}

// reluInPlace sets y[i] = 0 where y[i] < 0; NaN and -0 stay, as in
// tensor.ReLU.
func reluInPlace(y []float32) {
	for i, v := range y {
		if v < 0 {
			y[i] = 0
		}
	}
}

// gemvNGeneric computes y[i] += alpha * Σ_j a[i*lda+j]*x[j] for i < m,
// four rows per pass so each x[j] load feeds four products.
func gemvNGeneric(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	x = x[:n]
	i := 0
	for ; i <= m-4; i += 4 {
		r0 := a[i*lda : i*lda+n]
		r1 := a[(i+1)*lda : (i+1)*lda+n]
		r2 := a[(i+2)*lda : (i+2)*lda+n]
		r3 := a[(i+3)*lda : (i+3)*lda+n]
		var s0, s1, s2, s3 float32
		for j, xv := range x {
			s0 += r0[j] * xv
			s1 += r1[j] * xv
			s2 += r2[j] * xv
			s3 += r3[j] * xv
		}
		ys := y[i : i+4 : i+4]
		ys[0] += alpha * s0
		ys[1] += alpha * s1
		ys[2] += alpha * s2
		ys[3] += alpha * s3
	}
	for ; i < m; i++ {
		y[i] += alpha * dotGeneric(a[i*lda:i*lda+n], x)
	}
}

// gemvTGeneric computes y[j] += alpha * Σ_i x[i]*a[i*lda+j] for j < n,
// four rows per pass so y is loaded and stored once per four rows.
func gemvTGeneric(m, n int, alpha float32, a []float32, lda int, x, y []float32) {
	y = y[:n]
	i := 0
	for ; i <= m-4; i += 4 {
		r0 := a[i*lda : i*lda+n]
		r1 := a[(i+1)*lda : (i+1)*lda+n]
		r2 := a[(i+2)*lda : (i+2)*lda+n]
		r3 := a[(i+3)*lda : (i+3)*lda+n]
		t0, t1, t2, t3 := alpha*x[i], alpha*x[i+1], alpha*x[i+2], alpha*x[i+3]
		for j := range y {
			y[j] += t0*r0[j] + t1*r1[j] + t2*r2[j] + t3*r3[j]
		}
	}
	for ; i < m; i++ {
		axpyGeneric(alpha*x[i], a[i*lda:i*lda+n], y)
	}
}
