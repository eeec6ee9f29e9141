package fuzz

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var writeSeeds = flag.Bool("writeseeds", false, "write the designed seed corpora to testdata/fuzz/<Target>/seed-*")

// enc builds fuzz inputs in the order the targets decode them.
type enc []byte

func (e *enc) raw(b ...byte) *enc { *e = append(*e, b...); return e }

// size encodes n for decoder.size(small, max).
func (e *enc) size(n, small int) *enc {
	if n < small {
		return e.raw(byte(n))
	}
	v := n - small
	return e.raw(192, byte(v), byte(v>>8))
}

// scalar encodes a value of scalarTable.
func (e *enc) scalar(v float32) *enc {
	for i, s := range scalarTable {
		if math.Float32bits(s) == math.Float32bits(v) || v != v && s != s {
			return e.raw(byte(i))
		}
	}
	panic(fmt.Sprintf("scalar %v not in scalarTable", v))
}

// inc encodes an increment of incTable.
func (e *enc) inc(v int) *enc {
	for i, s := range incTable {
		if s == v {
			return e.raw(byte(i))
		}
	}
	panic(fmt.Sprintf("increment %d not in incTable", v))
}

// pad encodes a leading-dimension padding below 8.
func (e *enc) pad(p int) *enc { return e.raw(byte(p)) }

// prng ends the parameters: PRNG seed, special-value rate, value kind.
func (e *enc) prng(seed byte, rate, kind byte) *enc {
	return e.raw(seed, 0, 0, 0, 0, rate, kind)
}

type seed struct {
	name string
	data []byte
}

// seedsFor returns the designed seeds of every target (see seeds*_test.go).
var seedRegistry = map[string]func() []seed{}

func TestSeedCorpora(t *testing.T) {
	for target, gen := range seedRegistry {
		dir := filepath.Join("testdata", "fuzz", target)
		for _, s := range gen() {
			path := filepath.Join(dir, "seed-"+s.name)
			body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", s.data)
			if *writeSeeds {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil || string(got) != body {
				t.Errorf("%s: missing or stale (err %v): run go test ./fuzz -run TestSeedCorpora -writeseeds", path, err)
			}
		}
	}
}

func init() {
	seedRegistry["FuzzSaxpy"] = func() []seed { return level1Seeds(true, false) }
	seedRegistry["FuzzSdot"] = func() []seed { return level1Seeds(false, false) }
	seedRegistry["FuzzSscal"] = func() []seed { return level1Seeds(true, true) }
	seedRegistry["FuzzSgemv"] = gemvSeeds
	seedRegistry["FuzzSgemm"] = gemmSeeds
}

// level1Sizes covers 0..2·16+1, the unroll edges of up to 8 vectors of 16
// or 4 lanes, and a few large sizes.
var level1Sizes = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65,
	127, 128, 129, 139, 255, 256, 257, 1000, 4099}

// level1Seeds: Saxpy (alpha, two incs), Sdot (two incs), Sscal (alpha, one positive inc).
func level1Seeds(hasAlpha, oneVec bool) []seed {
	var out []seed
	add := func(name string, n int, alpha float32, incX, incY int, flags byte, data ...byte) {
		var e enc
		e.size(n, l1Small)
		if hasAlpha {
			e.scalar(alpha)
		}
		e.inc(incX)
		if !oneVec {
			e.inc(incY)
		}
		e.raw(flags).prng(byte(n), 0, 0).raw(data...)
		out = append(out, seed{name, e})
	}
	for _, n := range level1Sizes {
		add(fmt.Sprintf("n%d", n), n, 0.5, 1, 1, byte(n%4))
	}
	incs := [][2]int{{2, 1}, {1, 3}, {-1, 1}, {1, -1}, {-3, -2}, {7, -5}, {16, 4}}
	for _, ic := range incs {
		if oneVec && ic[0] < 0 {
			continue
		}
		add(fmt.Sprintf("n37-inc%d,%d", ic[0], ic[1]), 37, 2, ic[0], ic[1], 1)
	}
	if hasAlpha {
		for _, a := range []float32{0, 1, -1, float32(math.NaN()), float32(math.Inf(1)), float32(math.Copysign(0, -1))} {
			add(fmt.Sprintf("alpha%v", a), 33, a, 1, 1, 2)
		}
	}
	// Explicit data: NaN, ±Inf, -0, subnormals and huge values in the first lanes.
	special := []byte{224, 112, 225, 120, 226, 227, 230, 232, 231, 100, 228, 229}
	add("specials", 17, 1, 1, 1, 0, append(special, special...)...)
	return out
}

var gemvShapes = [][2]int{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {1, 33}, {33, 1}, {2, 3}, {7, 17},
	{16, 16}, {17, 31}, {32, 33}, {65, 64}, {69, 69}, {128, 10}, {256, 128}, {784, 150}, {10, 128}}

func gemvSeeds() []seed {
	var out []seed
	add := func(name string, trans bool, m, n int, alpha, beta float32, pad, incX, incY int, flags byte) {
		if trans {
			flags |= 1
		}
		var e enc
		e.raw(flags).size(m, gemvSmall).size(n, gemvSmall).scalar(alpha).scalar(beta).pad(pad).inc(incX).inc(incY).prng(byte(m+n), 0, 0)
		out = append(out, seed{name, e})
	}
	for _, tr := range []bool{false, true} {
		t := map[bool]string{false: "N", true: "T"}[tr]
		for i, s := range gemvShapes {
			add(fmt.Sprintf("%s-m%d-n%d", t, s[0], s[1]), tr, s[0], s[1], 0.5, 1, i%3, 1, 1, byte(i)<<1)
		}
		add(t+"-beta0-nanY", tr, 9, 21, 1, 0, 1, 1, 1, 32)
		add(t+"-alpha0", tr, 9, 21, 0, -1, 0, 1, 1, 0)
		add(t+"-alphaNaN", tr, 9, 21, float32(math.NaN()), 1, 0, 1, 1, 0)
		add(t+"-strided", tr, 13, 19, 2, 0.5, 3, -3, 2, 6)
		add(t+"-strided2", tr, 19, 13, -1, 2, 5, 7, -1, 10)
	}
	return out
}

var gemmShapes = [][3]int{{0, 0, 0}, {0, 5, 3}, {5, 0, 3}, {5, 3, 0}, {1, 1, 1}, {1, 40, 30},
	{40, 1, 30}, {2, 2, 2}, {6, 16, 4}, {7, 17, 9}, {12, 32, 5}, {13, 33, 7}, {14, 32, 3},
	{15, 31, 2}, {6, 64, 11}, {8, 8, 8}, {12, 8, 13}, {47, 47, 47}, {32, 10, 128}, {128, 10, 32},
	{100, 20, 260}, {300, 40, 40}, {40, 300, 40}, {8, 600, 100}, {64, 64, 64}}

func gemmSeeds() []seed {
	var out []seed
	add := func(name string, tr byte, m, n, k int, alpha, beta float32, pads [3]int, flags byte) {
		var e enc
		e.raw(flags|tr).size(m, gemmSmall).size(n, gemmSmall).size(k, gemmSmall).scalar(alpha).scalar(beta)
		e.pad(pads[0]).pad(pads[1]).pad(pads[2]).prng(byte(m+n+k), 0, 0)
		out = append(out, seed{name, e})
	}
	for tr := byte(0); tr < 4; tr++ {
		t := string("NT"[tr&1]) + string("NT"[tr>>1])
		for i, s := range gemmShapes {
			add(fmt.Sprintf("%s-m%d-n%d-k%d", t, s[0], s[1], s[2]), tr, s[0], s[1], s[2], 0.5, 1,
				[3]int{i % 3, i % 5, i % 2}, byte(i)<<2&28)
		}
		add(t+"-beta0-nanC", tr, 13, 17, 9, 1, 0, [3]int{1, 2, 3}, 32)
		add(t+"-alpha0", tr, 13, 17, 9, 0, -1, [3]int{}, 0)
		add(t+"-alphaNaN", tr, 13, 17, 9, float32(math.NaN()), 1, [3]int{}, 0)
		add(t+"-k0-alphaNaN", tr, 13, 17, 0, float32(math.NaN()), 0.5, [3]int{}, 0)
		add(t+"-betaInf", tr, 7, 18, 5, 2, float32(math.Inf(1)), [3]int{7, 0, 1}, 28)
		// Packing paths: 4 KiB-multiple leading dimensions (flag 64) with
		// m >= 4 tiles and n >= 4 panels, and Trans A with k > 256.
		add(t+"-conflict-m48-n130-k70", tr, 48, 130, 70, 1, 0.5, [3]int{0, 3, 1}, 64)
		add(t+"-conflict-m50-n40-k67", tr, 50, 40, 67, -1, 1, [3]int{2, 0, 0}, 64|4)
		add(t+"-m25-n131-k300", tr, 25, 131, 300, 0.5, 0, [3]int{1, 1, 1}, 8)
	}
	return out
}

// TestDecoderSeedsRoundTrip checks the encoder against the decoder.
func TestDecoderSeedsRoundTrip(t *testing.T) {
	var e enc
	e.size(5, 48).size(100, 48).scalar(float32(math.NaN())).inc(-3).pad(6)
	d := newDecoder(e)
	if n := d.size(48, 648); n != 5 {
		t.Fatalf("size = %d", n)
	}
	if n := d.size(48, 648); n != 100 {
		t.Fatalf("size = %d", n)
	}
	if a := d.scalar(); a == a {
		t.Fatalf("scalar = %v", a)
	}
	if i := d.inc(false); i != -3 {
		t.Fatalf("inc = %d", i)
	}
	if p := d.pad(); p != 6 {
		t.Fatalf("pad = %d", p)
	}
	if !strings.HasPrefix(fmt.Sprintf("%q", []byte{0}), `"`) {
		t.Fatal("corpus quoting")
	}
}
