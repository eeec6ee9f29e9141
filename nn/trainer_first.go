package nn

import (
	"runtime"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/tensor"
)

// The first layer split. When the model starts with a Dense layer whose
// weight the workers' parameter ranges (SplitOptimizer.StepPart's) divide
// at row boundaries, a data-parallel step splits that layer by rows of its
// weight instead of by rows of the batch: each worker computes its weight
// rows' outputs (columns of the layer's output) and later those rows of
// the weight gradient, over the whole batch, and the optimizer updates
// those rows on the same worker. The rest of the network runs on the
// worker's shard of the batch as before.
//
// Why: the first weight is 85% of the parameters of a 784-256-128-10
// network. Split by batch rows, every worker reads all of it in the
// forward pass and the optimizer then writes each half on one core, so
// every step moves half of it between the cores' caches twice; on the
// 2-vCPU Zen 4 VM the optimizer's update of lines the other core had read
// took 2.5 times as long as of lines only its own core had touched. Split
// by weight rows, a weight row, its gradient and its optimizer state stay
// on one core; the workers exchange only the batch's inputs, the layer's
// outputs and its δ, which are smaller. The weight gradient also needs no
// sum over workers.

// directWeight returns 0 (the first Dense weight's index in the model's
// parameters) if this step splits the first layer (see above), else -1:
// it needs several shards, a Dense first layer, and every worker's range
// of its weight (elements [i·len/n, (i+1)·len/n)) on row boundaries; the
// bias ranges then hold the same rows.
func (t *Trainer) directWeight() int {
	d, ok := t.s.layers[0].(*Dense)
	if t.shards < 2 || !ok {
		return -1
	}
	n := d.w.Len()
	for i := 1; i < t.shards; i++ {
		if i*n/t.shards%d.in != 0 {
			return -1
		}
	}
	return 0
}

// firstLayer runs the first layer split by weight rows: each worker
// gathers its shard of the batch (StepRows) and computes its columns of
// the layer's output, on its own rows first and then on each other
// worker's rows once that worker has gathered them.
func (t *Trainer) firstLayer(b *batch) {
	d := t.s.layers[0].(*Dense)
	t.xcat, t.gather = b.x, b.x == nil
	if t.gather {
		t.xcat = t.xall.get(t.m, b.data.Cols())
	}
	t.z1.get(t.m, d.out)
	t.dall.get(t.m, d.out)
	t.seq++
	t.runPhase(phaseFirst)
}

// weightRows returns the first layer's weight rows r0:r1 of the worker.
func (w *worker) weightRows() (r0, r1 int) {
	d := w.t.s.layers[0].(*Dense)
	n := d.w.Len()
	return w.id * n / w.t.shards / d.in, (w.id + 1) * n / w.t.shards / d.in
}

// gatherShard copies the worker's rows of the dataset into its rows of
// Trainer.xall.
func (w *worker) gatherShard() {
	w.xv.set(w.t.xcat, w.lo, w.hi)
	x := w.xv.t
	for i, r := range w.rows {
		copy(x.Row(i), w.data.Row(r))
	}
}

// firstForward writes the first layer's outputs of the worker's weight
// rows r0:r1 for the whole batch, X·W[r0:r1]ᵀ + b[r0:r1], into columns
// r0:r1 of Trainer.z1. With StepRows it first gathers its shard's inputs
// and announces them (gathered), computes its own rows, then every other
// worker's in worker order, each once gathered. A row's outputs do not
// depend on which product computes it (Sgemm's rows are independent of
// m), so the bits are those of one product over the batch.
func (w *worker) firstForward() {
	t := w.t
	if !t.gather {
		w.firstRows(0, t.m)
		return
	}
	w.gatherShard()
	w.gathered.Store(t.seq)
	w.firstRows(w.lo, w.hi)
	for _, o := range t.workers[:t.shards] {
		if o == w {
			continue
		}
		for i := 0; o.gathered.Load() != t.seq; i++ {
			if i%64 == 63 {
				runtime.Gosched() // o may need this processor
			}
		}
		w.firstRows(o.lo, o.hi)
	}
}

// firstRows writes the outputs of the worker's weight rows r0:r1 for the
// batch rows lo:hi: the bias first, then the product added.
func (w *worker) firstRows(lo, hi int) {
	t := w.t
	d := t.s.layers[0].(*Dense)
	r0, r1 := w.weightRows()
	if r0 == r1 || lo == hi {
		return
	}
	z, b := t.z1.last.Data()[lo*d.out:hi*d.out], d.b.Data()[r0:r1]
	for i := 0; i < hi-lo; i++ {
		copy(z[i*d.out+r0:i*d.out+r1], b)
	}
	blas.Sgemm(blas.NoTrans, blas.Trans, hi-lo, r1-r0, d.in, 1, t.xcat.Data()[lo*d.in:], d.in,
		d.w.Data()[r0*d.in:], d.in, 1, z[r0:], d.out)
}

// firstWeightGrad writes the worker's rows of the first layer's weight
// gradient, δ[:, r0:r1]ᵀ·X over the whole batch (one product, rows of the
// batch in order).
func (w *worker) firstWeightGrad() {
	t := w.t
	d := t.s.layers[0].(*Dense)
	r0, r1 := w.weightRows()
	if r0 == r1 {
		return
	}
	blas.Sgemm(blas.Trans, blas.NoTrans, r1-r0, d.in, t.m, 1, t.dall.last.Data()[r0:], d.out,
		t.xcat.Data(), d.in, 0, d.dw.Data()[r0*d.in:r1*d.in], d.in)
}

// backwardSkipFirstWeight runs backwardLayers down to the first layer, of
// which only the bias gradient, and writes the first layer's δ
// (∂J/∂output) on the shard into delta. A ReLU second layer writes it
// there directly.
func backwardSkipFirstWeight(layers []Layer, grad, delta *tensor.Tensor) {
	for i := len(layers) - 1; i > 0; i-- {
		r, ok := layers[i].(*ReLU)
		switch {
		case ok && i == 1:
			grad = tensor.ReLUBackward(delta, r.y, grad)
		case ok && i+1 < len(layers) && isDense(layers[i+1]):
			grad = r.backwardInPlace(grad)
		default:
			grad = layers[i].backward(grad, true, true)
		}
	}
	if grad != delta {
		copy(delta.Data(), grad.Data())
	}
	layers[0].(*Dense).biasGrad(delta, true)
}
