package blas

import "github.com/simdml/simdml/blas/internal/kernels"

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
	if unitPair(incX, incY) {
		// Increments 1,1 and -1,-1 pair x[k] with y[k] alike.
		kernels.Axpy(alpha, x[:n], y[:n])
		return
	}
	ix, iy := start(n, incX), start(n, incY)
	for i := 0; i < n; i++ {
		y[iy] += alpha * x[ix]
		ix += incX
		iy += incY
	}
}

// Sdot returns the dot product of n elements of x and y at strides incX and
// incY. The summation order (and so the rounding) depends on the kernel
// level; the result is within the usual n·ε·Σ|x_i·y_i| error bound.
func Sdot(n int, x []float32, incX int, y []float32, incY int) float32 {
	if n < 0 {
		panicf("Sdot: n = %d < 0", n)
	}
	checkVector("Sdot", "X", n, x, incX)
	checkVector("Sdot", "Y", n, y, incY)
	if n == 0 {
		return 0
	}
	if unitPair(incX, incY) {
		return kernels.Dot(x[:n], y[:n])
	}
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
// reference BLAS, incX must be positive, and alpha == 0 still multiplies (NaN
// and Inf in x become NaN).
func Sscal(n int, alpha float32, x []float32, incX int) {
	if n < 0 {
		panicf("Sscal: n = %d < 0", n)
	}
	if incX <= 0 {
		panicf("Sscal: incX = %d, must be positive", incX)
	}
	checkVector("Sscal", "X", n, x, incX)
	if incX == 1 {
		kernels.Scal(alpha, x[:n])
		return
	}
	for i := 0; i < n; i++ {
		x[i*incX] *= alpha
	}
}

// unitPair reports whether increments incX and incY visit x[k] together
// with y[k] for k < n, so the unit-stride kernels apply (the order of the
// visits does not matter to Saxpy and only changes Sdot's rounding).
func unitPair(incX, incY int) bool { return incX == incY && (incX == 1 || incX == -1) }

// start returns the index of a vector's first element: 0 for a positive
// increment, (n-1)*|inc| for a negative one.
func start(n, inc int) int {
	if inc < 0 {
		return (n - 1) * -inc
	}
	return 0
}
