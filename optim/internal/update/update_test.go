package update

import (
	"fmt"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/simdml/simdml/internal/testutil"
)

// kase is one kernel variant: arrays[0] is p, arrays[1] the gradient
// (read only), the rest state; run calls the exported (dispatching) function
// and ref the generic loop on the same arrays.
type kase struct {
	name   string
	arrays int
	run    func(a [][]float32)
	ref    func(a [][]float32)
}

func kases() []kase {
	sc := SGDCoef{WD: 0.01, Mom: 0.9, Damp1: 0.75, A: 1, B: 0.9, NegLR: -0.05}
	ac := AdamCoef{Decay: 0.999, WD: 0.02, B1: 0.9, C1: 0.1, B2: 0.999, C2: 0.001, Eps: 3e-9, NegStep: -0.01}
	rc := RMSPropCoef{WD: 0.01, Alpha: 0.99, C: 0.01, Eps: 1e-8, Mom: 0.9, NegLR: -0.01}
	ks := []kase{
		{"SGD", 2, func(a [][]float32) { SGD(a[0], a[1], 0.01, -0.1) },
			func(a [][]float32) { sgdGeneric(a[0], a[1], 0.01, -0.1) }},
		{"SGDMomentum", 3, func(a [][]float32) { SGDMomentum(a[0], a[1], a[2], sc) },
			func(a [][]float32) { sgdMomentumGeneric(a[0], a[1], a[2], sc) }},
		{"AdaGrad", 3, func(a [][]float32) { AdaGrad(a[0], a[1], a[2], 0.01, -0.1, 1e-10) },
			func(a [][]float32) { adagradGeneric(a[0], a[1], a[2], 0.01, -0.1, 1e-10) }},
	}
	for _, centered := range []bool{false, true} {
		for _, momentum := range []bool{false, true} {
			name, n := "RMSProp", 3
			ga, buf := -1, -1
			if centered {
				name, ga, n = name+"/centered", n, n+1
			}
			if momentum {
				name, buf, n = name+"/momentum", n, n+1
			}
			ks = append(ks, kase{name, n,
				func(a [][]float32) { RMSProp(a[0], a[1], a[2], pick(a, ga), pick(a, buf), rc) },
				func(a [][]float32) { rmspropGeneric(a[0], a[1], a[2], pick(a, ga), pick(a, buf), rc) }})
		}
	}
	ks = append(ks,
		kase{"Adam", 4, func(a [][]float32) { Adam(a[0], a[1], a[2], a[3], nil, ac) },
			func(a [][]float32) { adamGeneric(a[0], a[1], a[2], a[3], nil, ac) }},
		kase{"Adam/amsgrad", 5, func(a [][]float32) { Adam(a[0], a[1], a[2], a[3], a[4], ac) },
			func(a [][]float32) { adamGeneric(a[0], a[1], a[2], a[3], a[4], ac) }},
	)
	return ks
}

func pick(a [][]float32, i int) []float32 {
	if i < 0 {
		return nil
	}
	return a[i]
}

const guard = 12345.678

// fill returns a slice of off guard values, n values from gen, and 16 guard
// values after, and the window of the n values.
func fill(r *rand.Rand, off, n int, gen func(*rand.Rand) float32) (all, win []float32) {
	all = make([]float32, off+n+16)
	for i := range all {
		all[i] = guard
	}
	win = all[off : off+n]
	for i := range win {
		win[i] = gen(r)
	}
	return all, win
}

func normal(r *rand.Rand) float32 { return float32(r.NormFloat64()) }

// positive values for second-moment state; sometimes exactly zero.
func positive(r *rand.Rand) float32 {
	if r.Intn(8) == 0 {
		return 0
	}
	return float32(math.Abs(r.NormFloat64()))
}

// special sprinkles NaN, ±Inf, ±0, tiny and huge values.
func special(r *rand.Rand) float32 {
	switch r.Intn(10) {
	case 0:
		return float32(math.NaN())
	case 1:
		return float32(math.Inf(1 - 2*r.Intn(2)))
	case 2:
		return float32(math.Copysign(0, float64(1-2*r.Intn(2))))
	case 3:
		return 1e-30
	case 4:
		return -3e30
	}
	return normal(r)
}

func same(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

// sizes covers 0..2·16+1, the unroll edges and a few large n.
func sizes() []int {
	var s []int
	for n := 0; n <= 33; n++ {
		s = append(s, n)
	}
	return append(s, 47, 48, 49, 63, 64, 65, 255, 1000, 4099)
}

// TestKernelsEqualGeneric checks every kernel at every level against the
// generic loop: bitwise equal outputs (NaN equal to NaN), no write outside
// [off, off+n), the gradient unchanged.
func TestKernelsEqualGeneric(t *testing.T) {
	for _, withSpecial := range []bool{false, true} {
		testutil.ForEachLevel(t, func(t *testing.T) {
			for _, k := range kases() {
				r := rand.New(rand.NewSource(1))
				for _, n := range sizes() {
					off := r.Intn(16)
					checkKernel(t, r, k, n, off, withSpecial)
				}
			}
		})
	}
}

func checkKernel(t *testing.T, r *rand.Rand, k kase, n, off int, withSpecial bool) {
	t.Helper()
	all := make([][]float32, k.arrays)
	win := make([][]float32, k.arrays)
	for j := range all {
		gen := normal
		if j >= 2 {
			gen = positive // second moments are non-negative
		}
		if withSpecial && j < 2 {
			gen = special
		}
		all[j], win[j] = fill(r, off, n, gen)
	}
	// Adam's first moment m (index 2) is signed.
	if strings.HasPrefix(k.name, "Adam") && n > 0 {
		for i := range win[2] {
			win[2][i] = normal(r)
		}
	}
	ref := make([][]float32, k.arrays)
	rwin := make([][]float32, k.arrays)
	for j := range all {
		ref[j] = append([]float32(nil), all[j]...)
		rwin[j] = ref[j][off : off+n]
	}
	k.run(win)
	k.ref(rwin)
	for j := range all {
		for i := range all[j] {
			if !same(all[j][i], ref[j][i]) {
				what := "in range"
				if i < off || i >= off+n {
					what = "guard"
				}
				t.Fatalf("%s n=%d off=%d special=%v: array %d element %d (%s) = %v (%#x), generic %v (%#x)",
					k.name, n, off, withSpecial, j, i-off, what, all[j][i], math.Float32bits(all[j][i]),
					ref[j][i], math.Float32bits(ref[j][i]))
			}
		}
	}
}

// TestGradientUnchanged checks that no kernel writes its gradient argument.
func TestGradientUnchanged(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, k := range kases() {
			r := rand.New(rand.NewSource(2))
			a := make([][]float32, k.arrays)
			for j := range a {
				_, a[j] = fill(r, 0, 100, positive)
			}
			g := append([]float32(nil), a[1]...)
			k.run(a)
			for i := range g {
				if !same(g[i], a[1][i]) {
					t.Fatalf("%s wrote its gradient at %d", k.name, i)
				}
			}
		}
	})
}

// TestLengthPanics checks the documented panics.
func TestLengthPanics(t *testing.T) {
	a, b := make([]float32, 4), make([]float32, 3)
	cases := map[string]func(){
		"update: SGD: len(g) = 3, want len(p) = 4":           func() { SGD(a, b, 0, 0) },
		"update: SGDMomentum: len(buf) = 3, want len(p) = 4": func() { SGDMomentum(a, a, b, SGDCoef{}) },
		"update: AdaGrad: len(sum) = 3, want len(p) = 4":     func() { AdaGrad(a, a, b, 0, 0, 0) },
		"update: RMSProp: len(ga) = 3, want len(p) = 4":      func() { RMSProp(a, a, a, b, nil, RMSPropCoef{}) },
		"update: RMSProp: len(buf) = 3, want len(p) = 4":     func() { RMSProp(a, a, a, nil, b, RMSPropCoef{}) },
		"update: Adam: len(v) = 3, want len(p) = 4":          func() { Adam(a, a, a, b, nil, AdamCoef{}) },
		"update: Adam: len(vmax) = 3, want len(p) = 4":       func() { Adam(a, a, a, a, b, AdamCoef{}) },
	}
	for want, f := range cases {
		func() {
			defer func() {
				if got := fmt.Sprint(recover()); got != want {
					t.Errorf("panic %q, want %q", got, want)
				}
			}()
			f()
		}()
	}
}

// TestNoAllocs checks the kernels allocate nothing.
func TestNoAllocs(t *testing.T) {
	testutil.ForEachLevel(t, func(t *testing.T) {
		for _, k := range kases() {
			a := make([][]float32, k.arrays)
			for j := range a {
				a[j] = make([]float32, 1001)
			}
			if n := testing.AllocsPerRun(10, func() { k.run(a) }); n != 0 {
				t.Errorf("%s: %v allocs per run", k.name, n)
			}
		}
	})
}
