//go:build arm64 && !purego

package update

import (
	"github.com/simdml/simdml/internal/cpu"
	guardpage "github.com/simdml/simdml/internal/guard"
)

const guardHasAsm = true

func init() {
	ne := cpu.NEON
	guardCases = append(guardCases,
		guardSGD("sgdNEON", ne, sgdNEON),
		guardSGDMomentum("sgdMomentumNEON", ne, sgdMomentumNEON),
		guardAdaGrad("adagradNEON", ne, adagradNEON),
		// Every flag combination; the arrays a variant does not use are nil.
		guardpage.Case{Name: "rmspropNEON", Level: ne, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
			for flags := 0; flags < 4; flags++ {
				n, a := guardArrays(ar, ne, s, side, 5)
				if flags&1 == 0 {
					a[3] = nil
				}
				if flags&2 == 0 {
					a[4] = nil
				}
				c := guardRMSCoef
				rmspropNEON(a[0], a[1], a[2], a[3], a[4], n, &c, flags)
			}
		}},
		guardpage.Case{Name: "adamNEON", Level: ne, Run: func(ar *guardpage.Arena, s int, side guardpage.Side) {
			for ams := 0; ams < 2; ams++ {
				n, a := guardArrays(ar, ne, s, side, 5)
				if ams == 0 {
					a[4] = nil
				}
				c := guardAdamCoef
				adamNEON(a[0], a[1], a[2], a[3], a[4], n, &c, ams)
			}
		}},
	)
}
