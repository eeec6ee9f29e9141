package fuzz

import (
	"fmt"
	"math"
	"testing"

	"github.com/simdml/simdml/internal/cpu"
	"github.com/simdml/simdml/internal/guard"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/optim"
	"github.com/simdml/simdml/tensor"
)

// Optimizer targets: one per update kernel (optim/internal/update), through
// optim's public Step, at every level. The update loops are documented to
// perform the same float32 operations at every level (no fused
// multiply-add, IEEE sqrt and divide) after computing the coefficients in
// float64, so the oracle is exact: an emulation of the documented loop in
// float32 (explicit conversions stop Go from fusing) with the documented
// coefficients, compared bit for bit (any NaN matches any NaN) after every
// step. A decoded run is 1..4 steps of a fresh optimizer over one parameter
// (value and gradient flush against guard pages), each step with a new
// gradient and a learning rate that may be invalid (NaN, negative, Inf:
// Step must return an error and change nothing).

// optimCase is a decoded optimizer run.
type optimCase struct {
	n     int
	p0    []float32
	grads [][]float32
	lrs   []float64
	hyper [8]byte // hyperparameter choices, read by each target
	sides byte
}

var optimLRs = [...]float64{0.1, 0.01, 1e-3, 0, 1, 0.5, 3.7e-4, 100, math.NaN(), -0.1, math.Inf(1), 0.25}

func decodeOptimCase(data []byte) *optimCase {
	d := newDecoder(data)
	c := &optimCase{n: d.size(l1Small, 2100)}
	steps := 1 + int(d.byte()%4)
	for i := range c.hyper {
		c.hyper[i] = d.byte()
	}
	for i := 0; i < steps; i++ {
		c.lrs = append(c.lrs, optimLRs[d.byte()%byte(len(optimLRs))])
	}
	c.sides = d.byte()
	d.startData()
	c.p0 = make([]float32, c.n)
	for i := range c.p0 {
		c.p0[i] = d.value()
	}
	for s := 0; s < steps; s++ {
		g := make([]float32, c.n)
		for i := range g {
			g[i] = d.value()
		}
		c.grads = append(c.grads, g)
	}
	return c
}

func pick[T any](b byte, choices ...T) T { return choices[int(b)%len(choices)] }

// optimEmu is the float32 emulation of one optimizer: step updates p (and
// its own state) for step t (from 1) with gradient g and learning rate lr.
type optimEmu func(p, g []float32, t int, lr float64)

// run checks opt against emu over the decoded steps at every level.
func (c *optimCase) run(t *testing.T, name string, newOpt func() (nn.Optimizer, error), newEmu func() optimEmu) {
	if _, err := newOpt(); err != nil {
		return // an invalid configuration: the constructor said so
	}
	var ar guard.Arena
	defer ar.Free()
	pb := ar.FloatsOf(c.p0, side(c.sides&1 != 0))
	gb := ar.Floats(c.n, side(c.sides&2 != 0))
	params := []nn.Param{{Name: "0.weight", Value: tensor.FromSlice(pb, c.n), Grad: tensor.FromSlice(gb, c.n)}}
	eachLevel(t, func(l cpu.Level) {
		opt, _ := newOpt()
		emu := newEmu()
		copy(pb, c.p0)
		want := append([]float32(nil), c.p0...)
		steps := 0
		for s, lr := range c.lrs {
			copy(gb, c.grads[s])
			var err error
			desc := fmt.Sprintf("%s n=%d step %d lr=%v hyper=%x", name, c.n, s+1, lr, c.hyper)
			call(t, l, &ar, desc, func() { err = opt.Step(params, lr) })
			checkUnchanged(t, l, desc+": gradient", gb, c.grads[s])
			if !(lr >= 0) || math.IsInf(lr, 0) {
				if err == nil {
					t.Fatalf("%v: %s: no error for an invalid learning rate", l, desc)
				}
				checkUnchanged(t, l, desc+": parameter after a refused step", pb, want)
				continue
			}
			if err != nil {
				t.Fatalf("%v: %s: %v", l, desc, err)
			}
			steps++
			emu(want, c.grads[s], steps, lr)
			for i := range want {
				if math.Float32bits(pb[i]) != math.Float32bits(want[i]) && !(pb[i] != pb[i] && want[i] != want[i]) {
					t.Fatalf("%v: %s: p[%d] = %s, want %s (p0 %s, g %s)", l, desc, i, fmtF(pb[i]), fmtF(want[i]),
						fmtF(c.p0[i]), fmtF(c.grads[s][i]))
				}
			}
		}
	})
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }

// FuzzOptimSGD covers the plain SGD loop (momentum 0):
// d = g + λ·p; p = p + (−lr)·d.
func FuzzOptimSGD(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeOptimCase(data)
		wd := pick(c.hyper[0], 0, 0.01, 0.5)
		cfg := optim.SGDConfig{WeightDecay: wd}
		c.run(t, "SGD", func() (nn.Optimizer, error) { return optim.NewSGD(cfg) }, func() optimEmu {
			return func(p, g []float32, _ int, lr float64) {
				w, nlr := float32(wd), float32(-lr)
				for i := range p {
					d := g[i] + float32(w*p[i])
					p[i] = p[i] + float32(nlr*d)
				}
			}
		})
	})
}

// FuzzOptimSGDMomentum covers the momentum loop (plain, dampened,
// Nesterov): d = g + λp; buf = μ·buf + (1−τ)·d (buf = d on step 1);
// u = A·d + B·buf; p = p + (−lr)·u.
func FuzzOptimSGDMomentum(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeOptimCase(data)
		cfg := optim.SGDConfig{Momentum: pick(c.hyper[0], 0.9, 0.5, 0.99), Dampening: pick(c.hyper[1], 0, 0.1, 1),
			WeightDecay: pick(c.hyper[2], 0, 0.01), Nesterov: c.hyper[3]&1 == 1}
		c.run(t, "SGDMomentum", func() (nn.Optimizer, error) { return optim.NewSGD(cfg) }, func() optimEmu {
			buf := make([]float32, c.n)
			return func(p, g []float32, step int, lr float64) {
				wd, mom, damp1 := float32(cfg.WeightDecay), float32(cfg.Momentum), float32(1-cfg.Dampening)
				a, b, nlr := float32(0), float32(1), float32(-lr)
				if step == 1 {
					mom, damp1 = 0, 1
				}
				if cfg.Nesterov {
					a, b = 1, float32(cfg.Momentum)
				}
				for i := range p {
					d := g[i] + float32(wd*p[i])
					buf[i] = float32(mom*buf[i]) + float32(damp1*d)
					u := float32(a*d) + float32(b*buf[i])
					p[i] = p[i] + float32(nlr*u)
				}
			}
		})
	})
}

// FuzzOptimAdaGrad: d = g + λp; sum += d·d; p += (−clr·d)/(√sum + ε),
// clr = lr/(1 + (t−1)η).
func FuzzOptimAdaGrad(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeOptimCase(data)
		cfg := optim.AdaGradConfig{LRDecay: pick(c.hyper[0], 0, 0.1), WeightDecay: pick(c.hyper[1], 0, 0.01),
			InitialAccumulator: pick(c.hyper[2], 0, 0.1), Eps: pick(c.hyper[3], 1e-10, 1e-3)}
		c.run(t, "AdaGrad", func() (nn.Optimizer, error) { return optim.NewAdaGrad(cfg) }, func() optimEmu {
			sum := make([]float32, c.n)
			for i := range sum {
				sum[i] = float32(cfg.InitialAccumulator)
			}
			return func(p, g []float32, step int, lr float64) {
				clr := lr / (1 + float64(step-1)*cfg.LRDecay)
				wd, ncl, eps := float32(cfg.WeightDecay), float32(-clr), float32(cfg.Eps)
				for i := range p {
					d := g[i] + float32(wd*p[i])
					sum[i] = sum[i] + float32(d*d)
					p[i] = p[i] + float32(ncl*d)/(sqrt32(sum[i])+eps)
				}
			}
		})
	})
}

// FuzzOptimRMSProp covers the four RMSProp loops (plain, momentum,
// centered, both): see update.RMSProp's documented loop.
func FuzzOptimRMSProp(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeOptimCase(data)
		cfg := optim.RMSPropConfig{Alpha: pick(c.hyper[0], 0.99, 0.9, 0), Eps: pick(c.hyper[1], 1e-8, 1e-3),
			WeightDecay: pick(c.hyper[2], 0, 0.01), Momentum: pick(c.hyper[3], 0, 0.9), Centered: c.hyper[4]&1 == 1}
		c.run(t, "RMSProp", func() (nn.Optimizer, error) { return optim.NewRMSProp(cfg) }, func() optimEmu {
			sq, ga, buf := make([]float32, c.n), make([]float32, c.n), make([]float32, c.n)
			return func(p, g []float32, _ int, lr float64) {
				wd, al, cc := float32(cfg.WeightDecay), float32(cfg.Alpha), float32(1-cfg.Alpha)
				eps, mom, nlr := float32(cfg.Eps), float32(cfg.Momentum), float32(-lr)
				for i := range p {
					d := g[i] + float32(wd*p[i])
					sq[i] = float32(al*sq[i]) + float32(float32(cc*d)*d)
					var a float32
					if cfg.Centered {
						ga[i] = float32(al*ga[i]) + float32(cc*d)
						a = sqrt32(sq[i]-float32(ga[i]*ga[i])) + eps
					} else {
						a = sqrt32(sq[i]) + eps
					}
					if cfg.Momentum > 0 {
						buf[i] = float32(mom*buf[i]) + d/a
						p[i] = p[i] + float32(nlr*buf[i])
					} else {
						p[i] = p[i] + float32(nlr*d)/a
					}
				}
			}
		})
	})
}

// FuzzOptimAdam covers Adam and AdamW, with and without AMSGrad: see
// update.Adam's documented loop and optim.Adam's coefficients.
func FuzzOptimAdam(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c := decodeOptimCase(data)
		cfg := optim.AdamConfig{Beta1: pick(c.hyper[0], 0.9, 0, 0.5), Beta2: pick(c.hyper[1], 0.999, 0.9, 0),
			Eps: pick(c.hyper[2], 1e-8, 1e-3), WeightDecay: pick(c.hyper[3], 0, 0.01, 0.1), AMSGrad: c.hyper[4]&1 == 1}
		decoupled := c.hyper[5]&1 == 1
		name := "Adam"
		newOpt := func() (nn.Optimizer, error) { return optim.NewAdam(cfg) }
		if decoupled {
			name = "AdamW"
			newOpt = func() (nn.Optimizer, error) { return optim.NewAdamW(cfg) }
		}
		c.run(t, name, newOpt, func() optimEmu {
			m, v, vmax := make([]float32, c.n), make([]float32, c.n), make([]float32, c.n)
			return func(p, g []float32, step int, lr float64) {
				decay, wd := float32(1), float32(cfg.WeightDecay)
				if decoupled {
					decay, wd = float32(1-lr*cfg.WeightDecay), 0
				}
				b1, c1 := float32(cfg.Beta1), float32(1-cfg.Beta1)
				b2, c2 := float32(cfg.Beta2), float32(1-cfg.Beta2)
				tt := float64(step)
				bc2s := math.Sqrt(1 - math.Pow(cfg.Beta2, tt))
				negStep := float32(-(lr / (1 - math.Pow(cfg.Beta1, tt))) * bc2s)
				eps := float32(cfg.Eps * bc2s)
				for i := range p {
					q := float32(decay * p[i])
					d := g[i] + float32(wd*q)
					m[i] = float32(b1*m[i]) + float32(c1*d)
					v[i] = float32(b2*v[i]) + float32(float32(c2*d)*d)
					s := v[i]
					if cfg.AMSGrad {
						if !(vmax[i] > v[i]) {
							vmax[i] = v[i]
						}
						s = vmax[i]
					}
					p[i] = q + float32(negStep*m[i])/(sqrt32(s)+eps)
				}
			}
		})
	})
}
