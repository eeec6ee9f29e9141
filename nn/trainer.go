package nn

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/simdml/simdml/blas"
	"github.com/simdml/simdml/tensor"
)

// TrainerConfig sets up a Trainer.
type TrainerConfig struct {
	// Loss is the cost to minimise (required).
	Loss Loss
	// Optimizer updates the parameters after each batch; nil means
	// GradientDescent.
	Optimizer Optimizer
	// Workers is the number of goroutines a step runs on (0 means 1). With
	// W > 1 each batch's rows are split into W contiguous shards; each
	// worker runs forward and backward on its shard into its own gradient
	// buffers, the gradients are summed in worker order (each worker summing
	// its own range of every parameter) and the optimizer steps once, each
	// worker updating its range. When the model starts with a Dense layer
	// whose weight those ranges divide at row boundaries, that layer is
	// split by weight rows instead: each worker computes its rows' outputs
	// and weight gradient over the whole batch, which keeps the largest
	// parameter on one core and needs no sum for it. The matrix products
	// of a worker are smaller, so set blas.SetMaxProcs(1) to keep them on
	// their worker. Results depend only on the data, the seed and W: they
	// differ from W = 1 in the last bits (the sums are grouped
	// differently), as PyTorch's do between thread counts. Between phases
	// and steps an idle worker spins for up to half a millisecond before
	// it parks (see signal), so a training loop keeps its CPUs busy.
	Workers int
	// CheckGrads makes Step reject a gradient with NaN or ±Inf entries
	// (one pass over the gradients; Train sets it). The loss is always
	// checked.
	CheckGrads bool
}

// StepResult describes one training step.
type StepResult struct {
	Loss    float64 // mean loss over the batch, before the update
	Correct int     // examples classified correctly before the update (0 unless the loss is a Classifier)
}

// Trainer runs training steps on one model: forward, loss, backward and an
// optimizer update for one mini-batch at a time, allocating nothing per
// step once it has seen a batch size. A Trainer is used by one goroutine at
// a time, and the model must not be trained by anything else meanwhile.
// Close stops its worker goroutines.
type Trainer struct {
	s       *Sequential
	loss    Loss
	cls     Classifier
	opt     Optimizer
	split   SplitOptimizer // opt, if it splits and there are several workers
	check   bool
	workers []*worker // workers[0] runs on the caller with the model's own layers
	wg      sync.WaitGroup
	closed  bool
	m       int            // rows of the current batch
	inv     float64        // 1/m
	shards  int            // workers with rows in the current step
	direct  int            // 0 if the step splits the first layer by rows of its weight (see splitFirst), else -1
	labels  []int          // StepRows: the batch's labels
	xcat    *tensor.Tensor // with direct: the batch's inputs, the shards' rows in order (b.x, or xall)
	xall    matBuf         // with direct, StepRows: the workers gather their shards here
	z1      matBuf         // with direct: the first layer's output over the batch
	gather  bool           // with direct: the workers gather the batch's rows into xall (StepRows)
	seq     uint64         // with direct: counts the steps, for worker.gathered
	dall    matBuf         // with direct: the shards' δ of the first Dense layer, rows in batch order
	yb      matBuf         // StepRows: the batch's Y rows
}

// NewTrainer returns a Trainer for s with cfg, starting cfg.Workers-1
// goroutines (stopped by Close).
func (s *Sequential) NewTrainer(cfg TrainerConfig) (*Trainer, error) {
	switch {
	case cfg.Loss == nil:
		return nil, errors.New("nn: NewTrainer: no Loss")
	case cfg.Workers < 0:
		return nil, fmt.Errorf("nn: NewTrainer: Workers = %d is negative", cfg.Workers)
	}
	if err := s.checkOutputForLoss(cfg.Loss); err != nil {
		return nil, err
	}
	if cfg.Optimizer == nil {
		cfg.Optimizer = GradientDescent{}
	}
	t := &Trainer{s: s, loss: cfg.Loss, opt: cfg.Optimizer, check: cfg.CheckGrads}
	t.cls, _ = cfg.Loss.(Classifier)
	w := max(1, cfg.Workers)
	if w > 1 {
		t.split, _ = cfg.Optimizer.(SplitOptimizer)
	}
	t.workers = make([]*worker, w)
	t.workers[0] = &worker{t: t, layers: s.layers, params: s.params}
	if w == 1 {
		return t, nil
	}
	for i := 1; i < w; i++ {
		wk := &worker{t: t, id: i, start: newSignal(), done: newSignal()}
		for _, l := range s.layers {
			r := l.replica()
			wk.layers = append(wk.layers, r)
			wk.params = append(wk.params, r.Params()...)
		}
		t.workers[i] = wk
		t.wg.Add(1)
		go wk.loop()
	}
	return t, nil
}

// Workers returns the number of goroutines a step runs on.
func (t *Trainer) Workers() int { return len(t.workers) }

// Close stops the worker goroutines and waits for them; the Trainer must
// not be used afterwards. Closing twice is harmless.
func (t *Trainer) Close() {
	if t.closed {
		return
	}
	t.closed = true
	for _, w := range t.workers[1:] {
		w.ph = phaseStop
		w.start.post()
	}
	t.wg.Wait()
}

// Step trains on the batch x (m x InputSize) with targets tg and learning
// rate lr. It returns an error, and leaves the model unchanged, for inputs
// or targets that do not fit the model and loss, a non-finite loss or
// learning rate, a non-finite gradient (with CheckGrads), or an optimizer
// error.
func (t *Trainer) Step(x *tensor.Tensor, tg Targets, lr float64) (StepResult, error) {
	if t.closed {
		return StepResult{}, errors.New("nn: Trainer.Step: Trainer is closed")
	}
	if err := t.s.checkInput("Trainer.Step", x); err != nil {
		return StepResult{}, err
	}
	if n := tg.Len(); n != x.Rows() {
		return StepResult{}, fmt.Errorf("nn: Trainer.Step: %d targets for %d examples", n, x.Rows())
	}
	if err := t.loss.Validate(tg, t.s.out); err != nil {
		return StepResult{}, fmt.Errorf("nn: Trainer.Step: %w", err)
	}
	res, err := t.step(x, tg, lr)
	if err != nil {
		err = fmt.Errorf("nn: Trainer.Step: %w", err)
	}
	return res, err
}

// StepRows trains on the examples rows (indices into data's rows, in
// order) of the dataset data with targets tg (one per row of data) and
// learning rate lr, as Step on those rows gathered into a batch. Each
// worker gathers its own shard of the rows, so a shuffled epoch needs no
// copy of its batch beforehand. Errors as Step's; only the selected
// examples' targets are validated.
func (t *Trainer) StepRows(data *tensor.Tensor, tg Targets, rows []int, lr float64) (StepResult, error) {
	if t.closed {
		return StepResult{}, errors.New("nn: Trainer.StepRows: Trainer is closed")
	}
	if err := t.s.checkInput("Trainer.StepRows", data); err != nil {
		return StepResult{}, err
	}
	if n := tg.Len(); n != data.Rows() {
		return StepResult{}, fmt.Errorf("nn: Trainer.StepRows: %d targets for %d examples", n, data.Rows())
	}
	if len(rows) == 0 {
		return StepResult{}, errors.New("nn: Trainer.StepRows: no rows")
	}
	for i, r := range rows {
		if r < 0 || r >= data.Rows() {
			return StepResult{}, fmt.Errorf("nn: Trainer.StepRows: rows[%d] = %d is out of range [0, %d)", i, r, data.Rows())
		}
	}
	bt := t.gatherTargets(tg, rows)
	if err := t.loss.Validate(bt, t.s.out); err != nil {
		return StepResult{}, fmt.Errorf("nn: Trainer.StepRows: %w", err)
	}
	res, err := t.stepRows(data, bt, rows, lr)
	if err != nil {
		err = fmt.Errorf("nn: Trainer.StepRows: %w", err)
	}
	return res, err
}

// gatherTargets returns the targets of rows, copied into t's buffers.
func (t *Trainer) gatherTargets(tg Targets, rows []int) Targets {
	if tg.Labels != nil {
		t.labels = t.labels[:0]
		for _, r := range rows {
			t.labels = append(t.labels, tg.Labels[r])
		}
		return Targets{Labels: t.labels}
	}
	y := t.yb.get(len(rows), tg.Y.Cols())
	for i, r := range rows {
		copy(y.Row(i), tg.Y.Row(r))
	}
	return Targets{Y: y}
}

// step is Step without the checks of x and tg.
func (t *Trainer) step(x *tensor.Tensor, tg Targets, lr float64) (StepResult, error) {
	return t.run(batch{x: x, tg: tg}, lr)
}

// stepRows is StepRows with bt the targets of rows, all checked.
func (t *Trainer) stepRows(data *tensor.Tensor, bt Targets, rows []int, lr float64) (StepResult, error) {
	return t.run(batch{data: data, rows: rows, tg: bt}, lr)
}

// batch is one step's examples: x, or the rows of data; tg holds the
// targets of the batch's examples in order.
type batch struct {
	x    *tensor.Tensor
	data *tensor.Tensor
	rows []int
	tg   Targets
}

func (b *batch) len() int {
	if b.x != nil {
		return b.x.Rows()
	}
	return len(b.rows)
}

// run trains on b: forward and backward on one or several workers, then
// the optimizer.
func (t *Trainer) run(b batch, lr float64) (StepResult, error) {
	if !isFinite(lr) {
		return StepResult{}, fmt.Errorf("learning rate %v is not finite", lr)
	}
	if len(t.workers) > 1 && b.len() > 1 {
		return t.parallel(&b, lr)
	}
	res, err := t.workers[0].whole(&b)
	if err != nil {
		return res, err
	}
	return res, t.opt.Step(t.s.params, lr)
}

// parallel runs forward and backward on every worker's shard, sums the
// gradients into the model's and updates the parameters. A SplitOptimizer
// updates each worker's range of the parameters right after the worker has
// summed it (after a check of the whole gradient, with CheckGrads).
func (t *Trainer) parallel(b *batch, lr float64) (StepResult, error) {
	t.m = b.len()
	t.inv = 1 / float64(t.m)
	t.shards = min(len(t.workers), t.m)
	t.direct = t.directWeight()
	for i, w := range t.workers[:t.shards] {
		w.setShard(b, i*t.m/t.shards, (i+1)*t.m/t.shards)
	}
	if t.direct >= 0 {
		t.firstLayer(b)
	}
	t.runPhase(phaseShard)
	var res StepResult
	sum := 0.0
	for _, w := range t.workers[:t.shards] {
		sum += w.lossSum
		res.Correct += w.correct
	}
	res.Loss = sum * t.inv
	if !isFinite(res.Loss) {
		return res, fmt.Errorf("loss is %v", res.Loss)
	}
	if t.split != nil && !t.check {
		if err := t.split.BeginStep(t.s.params, lr); err != nil {
			return res, err
		}
		t.runPhase(phaseReduceUpdate)
		return res, nil
	}
	t.runPhase(phaseReduce)
	if t.check {
		for _, w := range t.workers[:t.shards] {
			if w.bad >= 0 {
				return res, checkGrad(t.s.params[w.bad])
			}
		}
	}
	if t.split == nil {
		return res, t.opt.Step(t.s.params, lr)
	}
	if err := t.split.BeginStep(t.s.params, lr); err != nil {
		return res, err
	}
	t.runPhase(phaseUpdate)
	return res, nil
}

// runPhase runs ph on every worker with a shard, worker 0 on the caller,
// and waits for all of them.
func (t *Trainer) runPhase(ph phase) {
	for _, w := range t.workers[1:t.shards] {
		w.ph = ph
		w.start.post()
	}
	t.workers[0].do(ph)
	for _, w := range t.workers[1:t.shards] {
		w.doneSeen = w.done.wait(w.doneSeen)
	}
}

// phase is one part of a data-parallel step.
type phase uint8

const (
	phaseShard        phase = iota // forward, loss and backward on the worker's rows
	phaseReduce                    // sum the gradients of the worker's parameter range
	phaseUpdate                    // the optimizer's update of that range
	phaseReduceUpdate              // both
	phaseFirst                     // with Trainer.direct: the first layer's outputs of the worker's rows of its weight
	phaseStop                      // end the worker's goroutine
)

// worker is one goroutine's share of a Trainer: its layers (the model's
// own for worker 0, replicas sharing the parameters for the others), its
// parameter gradients, and its shard of the current batch.
type worker struct {
	t        *Trainer
	id       int
	layers   []Layer
	params   []Param // the model's parameters (worker 0) or the replica's gradients
	ph       phase   // the phase to run, set before start.post
	start    *signal // the caller posts a phase
	done     *signal // the worker posts when it has run it
	doneSeen uint32  // the caller's last seen count of done
	grad     matBuf  // ∂J/∂output of the shard

	x      view // shard inputs (a view of the batch)
	xv     view // with direct, StepRows: the shard's rows of Trainer.xall
	zv     view // with direct: the shard's rows of Trainer.z1
	dv     view // with direct: the shard\'s rows of Trainer.dall
	lo, hi int  // the shard's rows of the batch
	// gathered is Trainer.seq once the worker has gathered its shard's
	// inputs into Trainer.xall in this step (with Trainer.gather).
	gathered atomic.Uint64
	xb       matBuf // shard inputs gathered from rows of a dataset
	data     *tensor.Tensor
	rows     []int // rows of data in the shard (nil: x holds the shard)
	y        view  // shard targets Y
	labels   []int
	lossSum  float64
	correct  int
	bad      int // after reduce with CheckGrads: a parameter whose range is not finite, or -1
}

// loop runs phases until phaseStop.
func (w *worker) loop() {
	defer w.t.wg.Done()
	var seen uint32
	for {
		seen = w.start.wait(seen)
		if w.ph == phaseStop {
			return
		}
		w.do(w.ph)
		w.done.post()
	}
}

func (w *worker) do(ph phase) {
	switch ph {
	case phaseShard:
		w.shard()
	case phaseReduce:
		w.reduce()
	case phaseUpdate:
		w.t.split.StepPart(w.id, w.t.shards)
	case phaseReduceUpdate:
		w.reduce()
		w.t.split.StepPart(w.id, w.t.shards)
	case phaseFirst:
		w.firstForward()
	}
}

// whole runs forward, loss and backward on the whole batch with the
// model's own layers (one worker, or a batch of one row).
func (w *worker) whole(b *batch) (StepResult, error) {
	t := w.t
	x, tg := b.x, b.tg
	if x == nil {
		x = gatherRows(&w.xb, b.data, b.rows)
	}
	out := forwardLayers(w.layers, x)
	g := w.grad.get(out.Rows(), out.Cols())
	res := StepResult{Loss: t.loss.Eval(out, tg, g)}
	if !isFinite(res.Loss) {
		return res, fmt.Errorf("loss is %v", res.Loss)
	}
	if t.cls != nil {
		res.Correct = t.cls.Correct(out, tg)
	}
	backwardLayers(w.layers, g, true)
	if t.check {
		for _, p := range t.s.params {
			if err := checkGrad(p); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// setShard points the worker at rows lo:hi of the batch.
func (w *worker) setShard(b *batch, lo, hi int) {
	tg := b.tg
	w.lo, w.hi = lo, hi
	w.rows = nil
	if b.x != nil {
		w.x.set(b.x, lo, hi)
	} else {
		w.data, w.rows = b.data, b.rows[lo:hi]
	}
	w.labels = nil
	if tg.Labels != nil {
		w.labels = tg.Labels[lo:hi]
	} else {
		w.y.set(tg.Y, lo, hi)
	}
}

// shard runs forward, loss (as a sum, its gradient scaled by 1/m of the
// whole batch) and backward on the worker's rows.
func (w *worker) shard() {
	t := w.t
	var out *tensor.Tensor
	if t.direct >= 0 {
		w.zv.set(t.z1.last, w.lo, w.hi)
		out = forwardLayersFrom(w.layers, w.zv.t, 1)
	} else {
		x := w.x.t
		if w.rows != nil {
			x = gatherRows(&w.xb, w.data, w.rows)
		}
		out = forwardLayers(w.layers, x)
	}
	tg := Targets{Labels: w.labels}
	if w.labels == nil {
		tg.Y = w.y.t
	}
	g := w.grad.get(out.Rows(), out.Cols())
	w.lossSum = evalSum(t.loss, out, tg, g, t.inv)
	w.correct = 0
	if t.cls != nil {
		w.correct = t.cls.Correct(out, tg)
	}
	if t.direct >= 0 {
		w.dv.set(t.dall.last, w.lo, w.hi)
		backwardSkipFirstWeight(w.layers, g, w.dv.t)
		return
	}
	backwardLayers(w.layers, g, true)
}

// reduce adds every other worker's gradients, in worker order, into the
// model's over this worker's range of each parameter (the range
// SplitOptimizer.StepPart updates), or with Trainer.direct computes that
// range of the first Dense weight's gradient from every shard, and with
// CheckGrads notes a parameter whose range is not finite.
func (w *worker) reduce() {
	t := w.t
	n := t.shards
	w.bad = -1
	for pi, p := range t.s.params {
		g := p.Grad.Data()
		lo, hi := w.id*len(g)/n, (w.id+1)*len(g)/n
		dst := g[lo:hi]
		if pi == t.direct {
			w.firstWeightGrad()
		} else {
			for _, o := range t.workers[1:n] {
				addTo(dst, o.params[pi].Grad.Data()[lo:hi])
			}
		}
		if t.check && w.bad < 0 && !finiteSlice(dst) {
			w.bad = pi
		}
	}
}

// gatherRows copies the rows of data into buf and returns it.
func gatherRows(buf *matBuf, data *tensor.Tensor, rows []int) *tensor.Tensor {
	x := buf.get(len(rows), data.Cols())
	for i, r := range rows {
		copy(x.Row(i), data.Row(r))
	}
	return x
}

// forwardLayers runs Forward through layers.
func forwardLayers(layers []Layer, x *tensor.Tensor) *tensor.Tensor {
	return forwardLayersFrom(layers, x, 0)
}

// forwardLayersFrom runs Forward through layers[from:], x being the input
// of layers[from]. A ReLU after a Dense layer works in place on the Dense
// layer's output buffer, which nothing else reads (Dense's backward needs
// its input, not its output): one buffer less to stream through the caches.
func forwardLayersFrom(layers []Layer, x *tensor.Tensor, from int) *tensor.Tensor {
	for i := from; i < len(layers); i++ {
		l := layers[i]
		if r, ok := l.(*ReLU); ok && i > 0 && isDense(layers[i-1]) {
			x = r.forwardInPlace(x)
			continue
		}
		x = l.Forward(x)
	}
	return x
}

// backwardLayers runs every layer's backward from the last; overwrite
// replaces the parameter gradients instead of adding to them. Nothing
// below the first Dense layer runs, nor that layer's input gradient. A
// ReLU before a Dense layer writes its input gradient over the Dense
// layer's (its own buffer, read by nobody after the ReLU).
func backwardLayers(layers []Layer, grad *tensor.Tensor, overwrite bool) {
	// Layers before the first Dense one have no parameters: nothing needs
	// their gradients.
	first := 0
	for first < len(layers)-1 && !isDense(layers[first]) {
		first++
	}
	for i := len(layers) - 1; i >= first; i-- {
		if r, ok := layers[i].(*ReLU); ok && i+1 < len(layers) && isDense(layers[i+1]) {
			grad = r.backwardInPlace(grad)
			continue
		}
		grad = layers[i].backward(grad, i > first, overwrite)
	}
}

func isDense(l Layer) bool {
	_, ok := l.(*Dense)
	return ok
}

// sumLoss is implemented by losses that can return the sum of their
// per-example losses with the gradient scaled by a given 1/m, which a
// shard of a batch needs.
type sumLoss interface {
	evalSum(out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64
}

// evalSum returns the sum of loss's per-example losses over out's rows and
// writes their gradient scaled by inv (1/m of the whole batch) into grad.
func evalSum(loss Loss, out *tensor.Tensor, t Targets, grad *tensor.Tensor, inv float64) float64 {
	if l, ok := loss.(sumLoss); ok {
		return l.evalSum(out, t, grad, inv)
	}
	rows := float64(out.Rows())
	mean := loss.Eval(out, t, grad)
	tensor.Scale(grad, grad, float32(rows*inv))
	return mean * rows
}

// view is a reusable tensor over rows lo:hi of another tensor; it
// allocates only when the rows or the underlying storage change.
type view struct {
	t    *tensor.Tensor
	base *float32
	rows int
}

func (v *view) set(src *tensor.Tensor, lo, hi int) {
	d := src.Data()[lo*src.Cols() : hi*src.Cols()]
	var base *float32
	if len(d) > 0 {
		base = &d[0]
	}
	if v.t != nil && base == v.base && hi-lo == v.rows && v.t.Cols() == src.Cols() {
		return
	}
	v.t, v.base, v.rows = src.RowSlice(lo, hi), base, hi-lo
}

// addTo adds src to dst elementwise (Saxpy with alpha 1 rounds each sum
// once, as dst[i] += src[i] does).
func addTo(dst, src []float32) {
	blas.Saxpy(len(dst), 1, src[:len(dst)], 1, dst, 1)
}
