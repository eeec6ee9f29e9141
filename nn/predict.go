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
	last int              // the Dense layer > 0 whose output is the model's (Predict writes dst there), or -1
}

// NewPredictor returns a Predictor for the model.
func (s *Sequential) NewPredictor() *Predictor {
	p := &Predictor{s: s, outs: make([]matBuf, len(s.layers)), vec: make([]*tensor.Tensor, len(s.layers)), last: -1}
	w := s.in
	for i, l := range s.layers {
		w, _ = l.outWidth(w)
		if _, ok := l.(*Identity); !ok && !reluInPlace(s.layers, i) {
			p.vec[i] = tensor.New(1, w)
		}
	}
	p.last = lastDense(s.layers)
	return p
}

// reluInPlace reports whether layer i is a ReLU after a Dense layer, which
// inference runs in place on the Dense layer's output (for one example, in
// the Dense layer's own call).
func reluInPlace(layers []Layer, i int) bool {
	if i >= len(layers) {
		return false
	}
	_, ok := layers[i].(*ReLU)
	return ok && i > 0 && isDense(layers[i-1])
}

// lastDense returns the index of the Dense layer whose output, after at
// most its in-place ReLU and Identity layers, is the model's output, if it
// is not the first layer (which reads the caller's x, so it must not write
// the caller's dst); otherwise -1.
func lastDense(layers []Layer) int {
	i := len(layers) - 1
	for i > 0 {
		if _, ok := layers[i].(*Identity); !ok {
			break
		}
		i--
	}
	if reluInPlace(layers, i) {
		i--
	}
	if i > 0 && isDense(layers[i]) {
		return i
	}
	return -1
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
	p.run1(dst, x)
	return nil
}

// run1 passes one example through every layer's forward routine into dst,
// as run does for a batch: a first Dense layer reads x in place; each Dense
// layer writes its own buffer, with a ReLU after it applied in the same
// call, and the last one (p.last) writes dst.
func (p *Predictor) run1(dst, x []float32) {
	layers := p.s.layers
	if _, ok := layers[0].(*Dense); !ok {
		in := p.in.get(1, p.s.in)
		copy(in.Data(), x)
		copy(dst, p.run(in).Data())
		return
	}
	in, cur := x, (*tensor.Tensor)(nil)
	for i := 0; i < len(layers); i++ {
		switch l := layers[i].(type) {
		case *Identity:
		case *Dense:
			relu := reluInPlace(layers, i+1)
			if i == p.last {
				l.forwardVec(dst, in, relu)
				return
			}
			cur = p.vec[i]
			l.forwardVec(cur.Data(), in, relu)
			in = cur.Data()
			if relu {
				i++
			}
		default:
			l.forwardInto(p.vec[i], cur)
			cur = p.vec[i]
			in = cur.Data()
		}
	}
	copy(dst, in)
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
	err := p.Predict(dst, x)
	s.pool.Put(p)
	return err
}

// PredictBatch computes the outputs of the batch x (m x InputSize) into dst
// (m x OutputSize). It is safe for concurrent use and allocates nothing in
// steady state (each pooled Predictor keeps buffers for up to 8 batch sizes).
func (s *Sequential) PredictBatch(dst, x *tensor.Tensor) error {
	p := s.pool.Get().(*Predictor)
	defer s.pool.Put(p)
	return p.PredictBatch(dst, x)
}
