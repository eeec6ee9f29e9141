package nn

import (
	"fmt"

	"github.com/simdml/simdml/tensor"
)

// Predictor runs inference for one goroutine at a time with its own
// buffers, so it allocates nothing per call once it has seen a batch size.
// Several Predictors of one model may run concurrently; the model's own
// Predict methods draw Predictors from a pool. Results are bit-identical to
// Sequential.Forward on the same batch: both run each layer's one forward
// routine (for one example, the matrix-vector path). The same example in
// batches of different sizes may differ in the last bits, because the
// matrix products block and sum differently.
type Predictor struct {
	s    *Sequential
	in   matBuf           // single-example input, when the first layer is not Dense
	outs []matBuf         // per-layer outputs
	vec  []*tensor.Tensor // single-example per-layer outputs (1 x width; nil: in place or Identity)
}

// NewPredictor returns a Predictor for the model.
func (s *Sequential) NewPredictor() *Predictor {
	p := &Predictor{s: s, outs: make([]matBuf, len(s.layers)), vec: make([]*tensor.Tensor, len(s.layers))}
	w := s.in
	for i, l := range s.layers {
		w, _ = l.outWidth(w)
		if _, ok := l.(*Identity); !ok && !reluInPlace(s.layers, i) {
			p.vec[i] = tensor.New(1, w)
		}
	}
	return p
}

// reluInPlace reports whether layer i is a ReLU after a Dense layer, which
// inference runs in place on the Dense layer's output.
func reluInPlace(layers []Layer, i int) bool {
	_, ok := layers[i].(*ReLU)
	return ok && i > 0 && isDense(layers[i-1])
}

// Predict computes the outputs of one example x (InputSize values) into
// dst (OutputSize values).
func (p *Predictor) Predict(dst, x []float32) error {
	s := p.s
	if len(x) != s.in {
		return fmt.Errorf("nn: Predict: input has %d values, model takes %d", len(x), s.in)
	}
	if len(dst) != s.out {
		return fmt.Errorf("nn: Predict: output buffer has %d values, model gives %d", len(dst), s.out)
	}
	copy(dst, p.run1(x).Data())
	return nil
}

// run1 passes one example through every layer's forward routine: a first
// Dense layer reads x in place, each Dense layer writes its own buffer and
// a ReLU after it works in place there, as run does for a batch.
func (p *Predictor) run1(x []float32) *tensor.Tensor {
	layers := p.s.layers
	d0, ok := layers[0].(*Dense)
	if !ok {
		in := p.in.get(1, p.s.in)
		copy(in.Data(), x)
		return p.run(in)
	}
	cur := p.vec[0]
	d0.forwardVec(cur.Data(), x)
	for i, l := range layers[1:] {
		i++
		switch {
		case p.vec[i] == nil && reluInPlace(layers, i):
			tensor.ReLU(cur, cur)
		case p.vec[i] == nil: // Identity
		default:
			if d, ok := l.(*Dense); ok {
				d.forwardVec(p.vec[i].Data(), cur.Data())
			} else {
				l.forwardInto(p.vec[i], cur)
			}
			cur = p.vec[i]
		}
	}
	return cur
}

// PredictBatch computes the outputs of the batch x (m x InputSize) into dst
// (m x OutputSize).
func (p *Predictor) PredictBatch(dst, x *tensor.Tensor) error {
	s := p.s
	if err := s.checkInput("PredictBatch", x); err != nil {
		return err
	}
	if dst == nil || dst.Dims() != 2 || dst.Rows() != x.Rows() || dst.Cols() != s.out {
		return fmt.Errorf("nn: PredictBatch: output shape %v, want [%d %d]", shapeOf(dst), x.Rows(), s.out)
	}
	dst.CopyFrom(p.run(x))
	return nil
}

// run passes x through every layer's forward routine into p's buffers.
func (p *Predictor) run(x *tensor.Tensor) *tensor.Tensor {
	m := x.Rows()
	w := p.s.in
	for i, l := range p.s.layers {
		if _, ok := l.(*Identity); ok {
			continue
		}
		if reluInPlace(p.s.layers, i) {
			tensor.ReLU(x, x)
			continue
		}
		w, _ = l.outWidth(w)
		y := p.outs[i].get(m, w)
		l.forwardInto(y, x)
		x = y
	}
	return x
}

// Predict computes the outputs of one example x (InputSize values) into
// dst (OutputSize values). It is safe for concurrent use and allocates
// nothing in steady state.
func (s *Sequential) Predict(dst, x []float32) error {
	p := s.pool.Get().(*Predictor)
	defer s.pool.Put(p)
	return p.Predict(dst, x)
}

// PredictBatch computes the outputs of the batch x (m x InputSize) into dst
// (m x OutputSize). It is safe for concurrent use and allocates nothing in
// steady state (each pooled Predictor keeps buffers for up to 8 batch sizes).
func (s *Sequential) PredictBatch(dst, x *tensor.Tensor) error {
	p := s.pool.Get().(*Predictor)
	defer s.pool.Put(p)
	return p.PredictBatch(dst, x)
}
