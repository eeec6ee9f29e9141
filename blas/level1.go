package blas

// Saxpy computes y += alpha * x for n elements of x and y at strides incX and
// incY. A negative increment walks the vector from its end, as in the
// reference BLAS.
func Saxpy(n int, alpha float32, x []float32, incX int, y []float32, incY int) {
	if n < 0 {
		panicf("Saxpy: n = %d < 0", n)
	}
	checkVector("Saxpy", "X", n, x, incX)
	checkVector("Saxpy", "Y", n, y, incY)
	if n == 0 || alpha == 0 {
		return
	}
	ix, iy := start(n, incX), start(n, incY)
	for i := 0; i < n; i++ {
		y[iy] += alpha * x[ix]
		ix += incX
		iy += incY
	}
}

// Sdot returns the dot product of n elements of x and y at strides incX and incY.
func Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if n < 0 {
		panicf("Sdot: n = %d < 0", n)
	}
	checkVector("Sdot", "X", n, x, incX)
	checkVector("Sdot", "Y", n, y, incY)
	var s float32
	ix, iy := start(n, incX), start(n, incY)
	for i := 0; i < n; i++ {
		s += x[ix] * y[iy]
		ix += incX
		iy += incY
	}
	return s
}

// Sscal computes x *= alpha for n elements of x at stride incX. As in the
// reference BLAS, incX must be positive.
func Sscal(n int, alpha float32, x []float32, incX int) {
	if n < 0 {
		panicf("Sscal: n = %d < 0", n)
	}
	if incX <= 0 {
		panicf("Sscal: incX = %d, must be positive", incX)
	}
	checkVector("Sscal", "X", n, x, incX)
	for i := 0; i < n; i++ {
		x[i*incX] *= alpha
	}
}

// start returns the index of a vector's first element: 0 for a positive
// increment, (n-1)*|inc| for a negative one.
func start(n, inc int) int {
	if inc < 0 {
		return (n - 1) * -inc
	}
	return 0
}
