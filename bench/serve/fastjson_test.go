package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestParsePixelsAgrees checks the fast path against encoding/json: when it
// accepts a body, the values are bit-identical; the bodies it rejects are
// left to encoding/json.
func TestParsePixelsAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []string{
		`{"pixels":[1,2,3]}`, ` { "pixels" : [ 0 , 255 , 7 ] } `, "{\"pixels\":[\n1,\t2,\r3]}\n",
		`{"pixels":[0.5,12.25,-0]}`, `{"pixels":[1.000001,254.999999,0.1]}`,
	}
	for range 200 {
		var b strings.Builder
		b.WriteString(`{"pixels":[`)
		for k := range 3 {
			if k > 0 {
				b.WriteByte(',')
			}
			if r.IntN(2) == 0 {
				b.WriteString(strconv.Itoa(r.IntN(256)))
			} else {
				b.WriteString(strconv.FormatFloat(r.Float64()*255, 'f', 1+r.IntN(6), 64))
			}
		}
		b.WriteString(`]}`)
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		got := make([]float64, 3)
		if !parsePixels([]byte(c), []byte("pixels"), got) {
			t.Errorf("fast path rejected %q", c)
			continue
		}
		var want request
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatalf("%q: %v", c, err)
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want.Pixels[i]) {
				t.Errorf("%q: value %d = %v, encoding/json %v", c, i, got[i], want.Pixels[i])
			}
		}
	}
}

func TestParsePixelsRejects(t *testing.T) {
	for _, c := range []string{
		``, `{}`, `[1,2,3]`, `{"pixels":[1,2]}`, `{"pixels":[1,2,3,4]}`, `{"pixels":[1,2,3]`, `{"pixels":[1,2,3]} x`,
		`{"pixels":[1,2,3],"x":1}`, `{"Pixels":[1,2,3]}`, `{"pixels":[01,2,3]}`, `{"pixels":[1e2,2,3]}`,
		`{"pixels":[1.,2,3]}`, `{"pixels":[.5,2,3]}`, `{"pixels":["1",2,3]}`, `{"pixels":[1234567,2,3]}`,
		`{"pixels":[1.1234567,2,3]}`, `{"pixels":[1,,3]}`, `{"pixels":[+1,2,3]}`, `{"pixels" [1,2,3]}`,
		`{"pixels":[1 2 3]}`, `{"pixels":[1,2,3,]}`, `{"pixels":[-,2,3]}`, `{"pixels":null}`,
	} {
		if parsePixels([]byte(c), []byte("pixels"), make([]float64, 3)) {
			t.Errorf("fast path accepted %q", c)
		}
	}
}

func FuzzParsePixels(f *testing.F) {
	f.Add([]byte(`{"pixels":[1,2.5,3]}`))
	f.Add([]byte(`{"pixels":[-0,255,0.000001]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := make([]float64, 3)
		if !parsePixels(b, []byte("pixels"), got) {
			return
		}
		var want request
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("fast path accepted %q, encoding/json: %v", b, err)
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(want.Pixels[i]) {
				t.Fatalf("%q: value %d = %v, encoding/json %v", b, i, got[i], want.Pixels[i])
			}
		}
	})
}
