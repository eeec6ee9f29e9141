package blasbench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/simdml/simdml/blas"
)

// gemvShapes are the batch-1 shapes of the 784-256-128-10 network, in both
// storage orientations. With PyTorch's W (out x in), the forward pass is
// y = W·x: Sgemv NoTrans with m = out, n = in (256x784, 128x256, 10x128);
// the backward pass δ_prev = Wᵀ·δ is Trans on the same matrices. The
// transposed storage (784x256, 256x128, 128x10: W stored in x out, as the
// issue lists the shapes) swaps which orientation each pass uses. Every
// shape runs with both trans values.
var gemvShapes = [][2]int{{784, 256}, {256, 128}, {128, 10}, {256, 784}, {128, 256}, {10, 128}}

var gemvSink float32

// BenchmarkSgemv: y = op(A)·x with beta = 0; GFLOPS counts 2·m·n flops;
// bytes are the 4·m·n bytes of A read.
func BenchmarkSgemv(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, impl := range level1Impls() {
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, s := range gemvShapes {
				m, n := s[0], s[1]
				a := level1Vector(r, m*n)
				x, y := level1Vector(r, max(m, n)), make([]float32, max(m, n))
				lx, ly := n, m
				if tA == blas.Trans {
					lx, ly = m, n
				}
				b.Run(fmt.Sprintf("impl=%s/trans=%c/m=%d/n=%d", impl.name, tA, m, n), func(b *testing.B) {
					defer impl.activate()()
					b.SetBytes(int64(4 * m * n))
					b.ReportAllocs()
					start := time.Now()
					for range b.N {
						impl.api.Sgemv(tA, m, n, 1, a, n, x[:lx], 1, 0, y[:ly], 1)
					}
					reportGFLOPS(b, 2*float64(m*n), start)
					gemvSink += y[0]
				})
			}
		}
	}
}

// BenchmarkSgemvNet runs the batch-1 forward pass of the 784-256-128-10
// network as its three NoTrans GEMVs in sequence (y = W·x + y, W out x in,
// each layer's output the next one's input), so the weights (939 KB) share
// the cache as they do in nn's Predict; the per-layer benchmarks above each
// have the cache to themselves. Bytes are the weights read per pass.
func BenchmarkSgemvNet(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 7))
	dims := []int{784, 256, 128, 10}
	ws := make([][]float32, len(dims)-1)
	vs := make([][]float32, len(dims))
	bytes := 0
	for i := range vs {
		vs[i] = level1Vector(r, dims[i])
	}
	for l := range ws {
		ws[l] = level1Vector(r, dims[l+1]*dims[l])
		bytes += 4 * len(ws[l])
	}
	for _, impl := range level1Impls() {
		b.Run(fmt.Sprintf("impl=%s/net=784-256-128-10", impl.name), func(b *testing.B) {
			defer impl.activate()()
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				for l, w := range ws {
					impl.api.Sgemv(blas.NoTrans, dims[l+1], dims[l], 1, w, dims[l], vs[l], 1, 0, vs[l+1], 1)
				}
			}
			gemvSink += vs[len(vs)-1][0]
		})
	}
}
