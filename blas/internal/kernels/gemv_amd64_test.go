//go:build !purego

package kernels

import (
	"math/rand/v2"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/testutil"
)

// TestGemvNAVX512ShortRows calls gemvNAVX512 directly for rows shorter than
// one zmm, which the dispatch sends to the AVX2 kernel, so the all-masked
// path of the AVX-512 kernel stays tested.
func TestGemvNAVX512ShortRows(t *testing.T) {
	if !cpu.Has(cpu.AVX512) {
		t.Skip("no AVX-512 level in this process")
	}
	r := rand.New(rand.NewPCG(9, 10))
	for m := 1; m <= 9; m++ {
		for n := 1; n < gemvNShortRow; n++ {
			lda := n + m%3
			a := testutil.NewGuarded(r, (m-1)*lda+n, m)
			x, y := testutil.NewGuarded(r, n, n), testutil.NewGuarded(r, m, 3)
			y0 := testutil.Clone(y.Data())
			gemvNAVX512(m, n, 0.75, a.Data(), lda, x.Data(), y.Data())
			want, abs := testutil.GemvRef(false, m, n, 0.75, a.Data(), lda, x.Data(), 1, 1, y0)
			tol := make([]float64, m)
			for i := range tol {
				tol[i] = testutil.SumTol(n+1, abs[i])
			}
			testutil.CheckClose(t, "gemvNAVX512", y.Data(), want, tol)
			y.Check(t, "gemvNAVX512 y")
		}
	}
}
