package blas

import "github.com/simdml/simdml/blas/internal/kernels"

// gemvBlock is the number of elements of a non-unit-stride x or y that
// Sgemv stages at a time in a stack buffer (2 KiB each), so strided calls,
// such as Sgemm's one-column products on a column of B and C, still run the
// vector kernels and allocate nothing.
const gemvBlock = 512

// sgemvStrided is Sgemv for incX != 1 or incY != 1 (m, n >= 1, arguments
// valid). Negative increments address the vectors from their far end.
func sgemvStrided(tA Transpose, m, n int, alpha float32, a []float32, lda int,
	x []float32, incX int, beta float32, y []float32, incY int) {
	lenX, lenY := n, m
	if tA == Trans {
		lenX, lenY = m, n
	}
	if alpha == 0 {
		gemvScaleStrided(lenY, beta, y, incY)
		return
	}
	var xbuf, ybuf [gemvBlock]float32
	x0, y0 := start(lenX, incX), start(lenY, incY)
	// Blocks of y (rows of op(A)); for each, blocks of x (columns of
	// op(A)) accumulated into it with beta on the first block only.
	for i0 := 0; i0 < lenY; i0 += gemvBlock {
		rows := min(gemvBlock, lenY-i0)
		yv, b := ybuf[:rows], float32(0)
		if incY == 1 {
			yv, b = y[i0:i0+rows], beta
		}
		for j0 := 0; j0 < lenX; j0 += gemvBlock {
			cols := min(gemvBlock, lenX-j0)
			xv := gemvGather(xbuf[:cols], x, x0, j0, incX)
			if j0 > 0 {
				b = 1
			}
			if tA == NoTrans {
				kernels.GemvN(rows, cols, alpha, a[i0*lda+j0:], lda, xv, b, yv)
			} else {
				kernels.GemvT(cols, rows, alpha, a[j0*lda+i0:], lda, xv, b, yv)
			}
		}
		if incY != 1 {
			gemvScatter(yv, beta, y, y0, i0, incY)
		}
	}
}

// gemvGather returns elements k0, k0+1, ... of the vector x (first element
// at x[first], increment inc): x itself for inc == 1, else a copy in dst.
func gemvGather(dst, x []float32, first, k0, inc int) []float32 {
	if inc == 1 {
		return x[k0 : k0+len(dst)]
	}
	ix := first + k0*inc
	for i := range dst {
		dst[i] = x[ix]
		ix += inc
	}
	return dst
}

// gemvScatter sets elements k0, k0+1, ... of the vector y (first element at
// y[first], increment inc) to t + beta*y, not reading y when beta == 0.
func gemvScatter(t []float32, beta float32, y []float32, first, k0, inc int) {
	iy := first + k0*inc
	for _, v := range t {
		if beta == 0 {
			y[iy] = v
		} else {
			y[iy] = v + beta*y[iy]
		}
		iy += inc
	}
}

// gemvScaleStrided sets y = beta*y for n elements at increment inc, writing
// zeros when beta == 0 so NaN in y does not survive.
func gemvScaleStrided(n int, beta float32, y []float32, inc int) {
	if beta == 1 {
		return
	}
	iy := start(n, inc)
	for i := 0; i < n; i++ {
		if beta == 0 {
			y[iy] = 0
		} else {
			y[iy] *= beta
		}
		iy += inc
	}
}
