//go:build !purego

package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

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
			gemvNAVX512(m, n, 0.75, a.Data(), lda, x.Data(), y.Data(), y.Data(), m%2 == 0, false)
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

// TestGemvNOrder runs the NoTrans kernels with their row blocks in both
// orders: the results must be right and have the same bits, with the guard
// values around y intact.
func TestGemvNOrder(t *testing.T) {
	kernels := []struct {
		name string
		l    cpu.Level
		f    func(m, n int, alpha float32, a []float32, lda int, x, b, y []float32, back, relu bool)
	}{{"gemvNAVX2", cpu.AVX2, gemvNAVX2}, {"gemvNAVX512", cpu.AVX512, gemvNAVX512}}
	r := rand.New(rand.NewPCG(11, 12))
	dims := []int{1, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 33, 64, 67}
	for _, k := range kernels {
		if !cpu.Has(k.l) {
			continue
		}
		for _, m := range dims {
			for _, n := range dims {
				lda := n + r.IntN(3)
				a := testutil.NewGuarded(r, (m-1)*lda+n, r.IntN(16))
				x := testutil.NewGuarded(r, n, r.IntN(16))
				y0 := testutil.Clone(testutil.NewGuarded(r, m, 0).Data())
				want, abs := testutil.GemvRef(false, m, n, -1.25, a.Data(), lda, x.Data(), 1, 1, y0)
				tol := make([]float64, m)
				for i := range tol {
					tol[i] = testutil.SumTol(n+1, abs[i])
				}
				var got [2][]float32
				for i, back := range []bool{false, true} {
					y := testutil.NewGuarded(r, m, 5)
					copy(y.Data(), y0)
					k.f(m, n, -1.25, a.Data(), lda, x.Data(), y.Data(), y.Data(), back, false)
					name := fmt.Sprintf("%s m=%d n=%d lda=%d back=%v", k.name, m, n, lda, back)
					testutil.CheckClose(t, name, y.Data(), want, tol)
					y.Check(t, name+" y")
					got[i] = y.Data()
				}
				for i := range got[0] {
					if math.Float32bits(got[0][i]) != math.Float32bits(got[1][i]) {
						t.Fatalf("%s m=%d n=%d: y[%d] = %v forward, %v backward", k.name, m, n, i, got[0][i], got[1][i])
					}
				}
			}
		}
	}
}

// TestGemvNBackAlternates checks that consecutive GemvN calls on a large
// matrix alternate the block order, also for two matrices called in turn
// (each keeps its own parity), and give the same bits; small matrices
// always run forward.
func TestGemvNBackAlternates(t *testing.T) {
	big := make([]float32, gemvNFlipMin)
	var other []float32 // a large matrix in another slot of the table
	for other == nil || gemvNSlot(uintptr(unsafe.Pointer(&other[0]))) == gemvNSlot(uintptr(unsafe.Pointer(&big[0]))) {
		other = make([]float32, gemvNFlipMin)
	}
	var prev [2]bool
	for call := range 6 {
		for i, a := range [][]float32{big, other} {
			back := gemvNBack(1, gemvNFlipMin, a)
			if call > 1 && back == prev[i] {
				t.Fatalf("matrix %d, call %d: gemvNBack = %v, as on the call before", i, call, back)
			}
			prev[i] = back
		}
	}
	small := make([]float32, gemvNFlipMin-1)
	for range 3 {
		if gemvNBack(1, gemvNFlipMin-1, small) {
			t.Error("gemvNBack: a small matrix ran backward")
		}
	}
	testutil.ForEachLevel(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(13, 14))
		const m, n = 256, 129
		a, x := make([]float32, m*n), make([]float32, n)
		testutil.Fill(r, a)
		testutil.Fill(r, x)
		var y [3][]float32
		for i := range y {
			y[i] = make([]float32, m)
			GemvN(m, n, 1, a, n, x, 0, y[i])
		}
		for i := 1; i < len(y); i++ {
			for j := range y[0] {
				if math.Float32bits(y[i][j]) != math.Float32bits(y[0][j]) {
					t.Fatalf("call %d: y[%d] = %v, first call %v", i, j, y[i][j], y[0][j])
				}
			}
		}
	})
}
