package kernels

// gemmRank1Generic is GemmRank1 in plain Go; the arguments are checked.
func gemmRank1Generic(m, n int, alpha float32, x []float32, incX int, y []float32, beta float32, c []float32, ldc int) {
	y = y[:n]
	for i := 0; i < m; i++ {
		s := alpha * x[i*incX]
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			for j, v := range y {
				row[j] = s * v
			}
		case 1:
			for j, v := range y {
				row[j] += s * v
			}
		default:
			for j, v := range y {
				row[j] = s*v + beta*row[j]
			}
		}
	}
}
