//go:build amd64 && !purego

package update

import (
	"github.com/simdml/simdml/internal/cpu"
	guardpage "github.com/simdml/simdml/internal/guard"
)

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

// guardRMS3/4/5 adapt the amd64 RMSProp loops with 3, 4 and 5 arrays.
func guardRMS3(name string, l cpu.Level, f func(p, grad, sq *float32, n int, c *RMSPropCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 3)
		c := guardRMSCoef
		f(a[0], a[1], a[2], n, &c)
	}}
}

func guardRMS4(name string, l cpu.Level, f func(p, grad, sq, x *float32, n int, c *RMSPropCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 4)
		c := guardRMSCoef
		f(a[0], a[1], a[2], a[3], n, &c)
	}}
}

func guardRMS5(name string, l cpu.Level, f func(p, grad, sq, ga, buf *float32, n int, c *RMSPropCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 5)
		c := guardRMSCoef
		f(a[0], a[1], a[2], a[3], a[4], n, &c)
	}}
}

func guardAdam4(name string, l cpu.Level, f func(p, grad, m, v *float32, n int, c *AdamCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 4)
		c := guardAdamCoef
		f(a[0], a[1], a[2], a[3], n, &c)
	}}
}

func guardAdam5(name string, l cpu.Level, f func(p, grad, m, v, vmax *float32, n int, c *AdamCoef)) guardpage.Case {
	return guardpage.Case{Name: name, Level: l, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
		n, a := guardArrays(ar, l, s, side, 5)
		c := guardAdamCoef
		f(a[0], a[1], a[2], a[3], a[4], n, &c)
	}}
}
