package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/simdml/simdml/nn"
)

// testModel returns a small seeded 784-16-10 model.
func testModel(t testing.TB) *nn.Sequential {
	r := rand.New(rand.NewPCG(7, 8))
	m, err := nn.NewSequential(nn.NewDense(784, 16, nn.InitDefault, r), nn.NewReLU(), nn.NewDense(16, 10, nn.InitDefault, r))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func image(seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0))
	img := make([]byte, 784)
	for i := range img {
		img[i] = byte(r.IntN(256))
	}
	return img
}

func postBody(t testing.TB, url, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestPredict(t *testing.T) {
	model := testModel(t)
	ts := httptest.NewServer(newServer(model, 1<<20, 8).handler())
	defer ts.Close()
	img := image(1)
	code, b := postBody(t, ts.URL+"/predict", string(pixelsBody(img)))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var p prediction
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	// The same image through the model directly.
	x, logits := make([]float32, 784), make([]float32, 10)
	for i, v := range img {
		x[i] = float32((float64(v)/255 - 0.1307) / 0.3081)
	}
	if err := model.Predict(logits, x); err != nil {
		t.Fatal(err)
	}
	want := softmax(logits)
	var sum float64
	for i, v := range p.Probabilities {
		sum += float64(v)
		if v != want.Probabilities[i] {
			t.Fatalf("probabilities %v, want %v", p.Probabilities, want.Probabilities)
		}
	}
	if p.Class != want.Class || math.Abs(sum-1) > 1e-5 {
		t.Fatalf("class %d (want %d), probabilities sum to %v", p.Class, want.Class, sum)
	}

	// A batch answers each image as the single requests do.
	batch := fmt.Sprintf(`{"images":[%s,%s]}`, jsonInts(img), jsonInts(image(2)))
	code, b = postBody(t, ts.URL+"/predict", batch)
	var br batchResponse
	if code != http.StatusOK || json.Unmarshal(b, &br) != nil || len(br.Predictions) != 2 || br.Predictions[0].Class != p.Class {
		t.Fatalf("batch: status %d, %s", code, b)
	}
}

func jsonInts(img []byte) string {
	b := pixelsBody(img)
	return string(b[len(`{"pixels":`) : len(b)-1])
}

func TestBadRequests(t *testing.T) {
	ts := httptest.NewServer(newServer(testModel(t), 64<<10, 2).handler())
	defer ts.Close()
	ok := jsonInts(image(1))
	for _, tc := range []struct {
		name, body string
		code       int
		want       string
	}{
		{"empty", ``, 400, "invalid JSON"},
		{"not json", `hello`, 400, "invalid JSON"},
		{"array", `[1,2]`, 400, "invalid JSON"},
		{"no field", `{}`, 400, "missing"},
		{"unknown field", `{"pixel":[1]}`, 400, "unknown field"},
		{"short", `{"pixels":[1,2,3]}`, 400, "has 3 values, want 784"},
		{"negative", `{"pixels":[-1` + strings.Repeat(",0", 783) + `]}`, 400, "pixels[0] = -1"},
		{"too bright", `{"pixels":[0,256` + strings.Repeat(",0", 782) + `]}`, 400, "pixels[1] = 256"},
		{"string", `{"pixels":["a"]}`, 400, "invalid JSON"},
		{"both", `{"pixels":` + ok + `,"images":[` + ok + `]}`, 400, "not both"},
		{"empty batch", `{"images":[]}`, 400, "want 1 to 2"},
		{"big batch", `{"images":[` + ok + `,` + ok + `,` + ok + `]}`, 400, "want 1 to 2"},
		{"bad batch image", `{"images":[` + ok + `,[1]]}`, 400, "images[1]"},
		{"trailing", `{"pixels":` + ok + `} {}`, 400, "after the request"},
		{"huge number", `{"pixels":[1e999]}`, 400, "invalid JSON"},
		{"oversized", `{"pixels":[` + strings.Repeat("0,", 40<<10) + `0]}`, 413, "exceeds"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, b := postBody(t, ts.URL+"/predict", tc.body)
			var er errorResponse
			if code != tc.code || json.Unmarshal(b, &er) != nil || !strings.Contains(er.Error, tc.want) {
				t.Fatalf("status %d, body %s; want %d with %q", code, b, tc.code, tc.want)
			}
		})
	}
	resp, err := http.Get(ts.URL + "/predict")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /predict: status %d", resp.StatusCode)
	}
	resp, err = http.Post(ts.URL+"/predict", "text/plain", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("text/plain: status %d", resp.StatusCode)
	}
}

// TestConcurrent sends the same images from 64 goroutines and expects
// identical answers (run with -race).
func TestConcurrent(t *testing.T) {
	ts := httptest.NewServer(newServer(testModel(t), 1<<20, 8).handler())
	defer ts.Close()
	bodies := [][]byte{pixelsBody(image(1)), pixelsBody(image(2)), pixelsBody(image(3))}
	want := make([]string, len(bodies))
	for i, b := range bodies {
		_, r := postBody(t, ts.URL+"/predict", string(b))
		want[i] = string(r)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 10 {
				i := (g + k) % len(bodies)
				resp, err := http.Post(ts.URL+"/predict", "application/json", bytes.NewReader(bodies[i]))
				if err != nil {
					errs <- err.Error()
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(b) != want[i] {
					errs <- fmt.Sprintf("goroutine %d: %s, want %s", g, b, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestLoadMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.safetensors")
	if err := testModel(t).Save(path); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseFlags([]string{"-model", path, "-load", "-clients", "8", "-requests", "200", "-duration", "20s"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(cfg, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"sent 200 requests", "0 errors", "p99", "p999"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		if _, err := checkLoopback(ok); err != nil {
			t.Errorf("checkLoopback(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"http://example.com", "http://10.0.0.1:80", "ftp://127.0.0.1", "127.0.0.1:80", ":"} {
		if _, err := checkLoopback(bad); err == nil {
			t.Errorf("checkLoopback(%q) accepted", bad)
		}
	}
}

func TestPercentile(t *testing.T) {
	l := make([]time.Duration, 1000)
	for i := range l {
		l[i] = time.Duration(i + 1)
	}
	if percentile(l, 0.5) != 500 || percentile(l, 0.99) != 990 || percentile(l, 0.999) != 999 || percentile(nil, 0.5) != 0 {
		t.Fatal("percentile")
	}
}

func TestParseFlags(t *testing.T) {
	for _, args := range [][]string{{}, {"-model", "m", "-clients", "0"}, {"-model", "m", "-requests", "0"},
		{"-model", "m", "-duration", "1h"}, {"-model", "m", "-target", "http://127.0.0.1:1"}, {"-model", "m", "x"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) succeeded", args)
		}
	}
}
