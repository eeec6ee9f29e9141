//go:build amd64 && !purego

package update

import "github.com/simdml/simdml/internal/cpu"

const guardHasAsm = true

func init() {
	a2, a5 := cpu.AVX2, cpu.AVX512
	guardCases = append(guardCases,
		guardSGD("sgdAVX2", a2, sgdAVX2), guardSGD("sgdAVX512", a5, sgdAVX512),
		guardSGDMomentum("sgdMomentumAVX2", a2, sgdMomentumAVX2), guardSGDMomentum("sgdMomentumAVX512", a5, sgdMomentumAVX512),
		guardAdaGrad("adagradAVX2", a2, adagradAVX2), guardAdaGrad("adagradAVX512", a5, adagradAVX512),
		guardRMS3("rmspropAVX2", a2, rmspropAVX2), guardRMS3("rmspropAVX512", a5, rmspropAVX512),
		guardRMS4("rmspropMomentumAVX2", a2, rmspropMomentumAVX2), guardRMS4("rmspropMomentumAVX512", a5, rmspropMomentumAVX512),
		guardRMS4("rmspropCenteredAVX2", a2, rmspropCenteredAVX2), guardRMS4("rmspropCenteredAVX512", a5, rmspropCenteredAVX512),
		guardRMS5("rmspropCenteredMomentumAVX2", a2, rmspropCenteredMomentumAVX2),
		guardRMS5("rmspropCenteredMomentumAVX512", a5, rmspropCenteredMomentumAVX512),
		guardAdam4("adamAVX2", a2, adamAVX2), guardAdam4("adamAVX512", a5, adamAVX512),
		guardAdam5("adamAMSGradAVX2", a2, adamAMSGradAVX2), guardAdam5("adamAMSGradAVX512", a5, adamAMSGradAVX512),
	)
}
