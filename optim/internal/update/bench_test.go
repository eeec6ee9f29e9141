package update

import (
	"math/rand"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
)

// BenchmarkKernel runs every update loop at every level over the 235,146
// parameters of 784-256-128-10, next to a plain Go y += a·x loop over as
// many floats (kernel=goaxpy, the same memory traffic as SGD):
//
//	go test -run '^$' -bench Kernel -count 5 ./optim/internal/update
func BenchmarkKernel(b *testing.B) {
	const n = 235146
	r := rand.New(rand.NewSource(1))
	a := make([][]float32, 5)
	for j := range a {
		// Stagger the arrays by 256 bytes, as optim does its state, to avoid
		// 4K aliasing between page-aligned streams.
		a[j] = make([]float32, n+64*(j+1))[64*(j+1):]
		for i := range a[j] {
			a[j][i] = positive(r) * 0.01
		}
	}
	b.Run("kernel=goaxpy/level=generic", func(b *testing.B) {
		x, y := a[0], a[1]
		for i := 0; i < b.N; i++ {
			for j := range x {
				y[j] += 1e-7 * x[j]
			}
		}
	})
	for _, l := range cpu.Available() {
		restore, _ := cpu.Set(l)
		for _, k := range kases() {
			b.Run("kernel="+k.name+"/level="+l.String(), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					k.run(a)
				}
			})
		}
		restore()
	}
}
