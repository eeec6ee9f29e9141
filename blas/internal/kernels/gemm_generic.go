package kernels

// Tile size of the portable Go micro-kernel.
const (
	gemmGenericMR = 4
	gemmGenericNR = 8
)

// gemmTileGeneric is GemmTile for gemmGenericMR x gemmGenericNR in plain Go.
func gemmTileGeneric(kc int, a []float32, aRS, aCS int, b []float32, bCS int,
	c []float32, ldc int, alpha, beta float32) {
	var acc [gemmGenericMR][gemmGenericNR]float32
	for p := 0; p < kc; p++ {
		bp := (*[gemmGenericNR]float32)(b[p*bCS : p*bCS+gemmGenericNR])
		ap := p * aCS
		for i := range acc {
			av := a[ap+i*aRS]
			r := &acc[i]
			r[0] += av * bp[0]
			r[1] += av * bp[1]
			r[2] += av * bp[2]
			r[3] += av * bp[3]
			r[4] += av * bp[4]
			r[5] += av * bp[5]
			r[6] += av * bp[6]
			r[7] += av * bp[7]
		}
	}
	for i := range acc {
		row := (*[gemmGenericNR]float32)(c[i*ldc : i*ldc+gemmGenericNR])
		if beta == 0 {
			for j, s := range acc[i] {
				row[j] = alpha * s
			}
			continue
		}
		for j, s := range acc[i] {
			row[j] = alpha*s + beta*row[j]
		}
	}
}
