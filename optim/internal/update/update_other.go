//go:build purego || !(amd64 || arm64)

package update

func sgd(p, g []float32, wd, negLR float32)           { sgdGeneric(p, g, wd, negLR) }
func sgdMomentum(p, g, buf []float32, c SGDCoef)      { sgdMomentumGeneric(p, g, buf, c) }
func adagrad(p, g, sum []float32, wd, ncl, e float32) { adagradGeneric(p, g, sum, wd, ncl, e) }
func rmsprop(p, g, sq, ga, buf []float32, c RMSPropCoef) {
	rmspropGeneric(p, g, sq, ga, buf, c)
}
func adam(p, g, m, v, vmax []float32, c AdamCoef) { adamGeneric(p, g, m, v, vmax, c) }
