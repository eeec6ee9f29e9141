package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"

	"github.com/simdml/simdml/bench/internal/mnistdata"
	"github.com/simdml/simdml/nn"
	"github.com/simdml/simdml/tensor"
)

// request is the JSON body of POST /predict: one image in "pixels" or up
// to maxBatch images in "images", each InputSize raw pixel values in
// [0, 255] (0 is background, as in the MNIST files). The server applies the
// training normalisation.
type request struct {
	Pixels []float64   `json:"pixels,omitempty"`
	Images [][]float64 `json:"images,omitempty"`
}

// prediction is the class with the largest probability and every class's
// probability (softmax of the model's logits).
type prediction struct {
	Class         int       `json:"class"`
	Probabilities []float32 `json:"probabilities"`
}

// batchResponse answers a request with "images".
type batchResponse struct {
	Predictions []prediction `json:"predictions"`
}

type errorResponse struct {
	Error string `json:"error"`
}

// server answers predictions from one model shared by every request; the
// model's Predict is safe for concurrent use.
type server struct {
	model    *nn.Sequential
	in, out  int
	maxBody  int64
	maxBatch int
	bufs     sync.Pool // *buffers
}

// buffers are one request's input and output vectors, reused across requests.
type buffers struct{ x, logits []float32 }

func newServer(model *nn.Sequential, maxBody int64, maxBatch int) *server {
	s := &server{model: model, in: model.InputSize(), out: model.OutputSize(), maxBody: maxBody, maxBatch: maxBatch}
	s.bufs.New = func() any { return &buffers{x: make([]float32, s.in), logits: make([]float32, s.out)} }
	return s
}

// handler routes /predict, /healthz and /model.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/predict", s.predict)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("/model", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"inputs": s.in, "outputs": s.out, "parameters": s.model.NumParams(), "layers": s.model.String(),
		})
	})
	return mux
}

// httpError is a client error with its status code.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func (s *server) predict(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, errorResponse{"use POST with a JSON body"})
		return
	}
	req, err := s.decode(w, r)
	if err != nil {
		var he *httpError
		if !errors.As(err, &he) {
			he = &httpError{http.StatusInternalServerError, err.Error()}
		}
		writeJSON(w, he.code, errorResponse{he.msg})
		return
	}
	if req.Pixels != nil {
		p, err := s.classify(req.Pixels)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, errorResponse{err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, p)
		return
	}
	resp, err := s.classifyBatch(req.Images)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, errorResponse{err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// decode reads and validates the body: bounded size, one JSON object with
// known fields, exactly one of pixels and images, right widths, finite
// values in [0, 255]. The common single-image body takes a fast parser.
func (s *server) decode(w http.ResponseWriter, r *http.Request) (*request, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return nil, &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: want application/json", ct)}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("body exceeds %d bytes", s.maxBody)}
		}
		return nil, badRequest("reading body: %v", err)
	}
	req := &request{Pixels: make([]float64, s.in)}
	if parsePixels(body, []byte("pixels"), req.Pixels) {
		return req, s.checkImage("pixels", req.Pixels)
	}
	*req = request{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(req); err != nil {
		return nil, badRequest("invalid JSON: %v", err)
	}
	if dec.More() {
		return nil, badRequest("invalid JSON: data after the request object")
	}
	switch {
	case req.Pixels != nil && req.Images != nil:
		return nil, badRequest(`give "pixels" (one image) or "images" (a batch), not both`)
	case req.Pixels != nil:
		return req, s.checkImage("pixels", req.Pixels)
	case req.Images != nil:
		if len(req.Images) == 0 || len(req.Images) > s.maxBatch {
			return nil, badRequest(`"images" has %d images, want 1 to %d`, len(req.Images), s.maxBatch)
		}
		for i, img := range req.Images {
			if err := s.checkImage(fmt.Sprintf("images[%d]", i), img); err != nil {
				return nil, err
			}
		}
		return req, nil
	}
	return nil, badRequest(`missing "pixels" (%d values in [0, 255]) or "images"`, s.in)
}

func (s *server) checkImage(name string, v []float64) error {
	if len(v) != s.in {
		return badRequest("%q has %d values, want %d", name, len(v), s.in)
	}
	for i, p := range v {
		if math.IsNaN(p) || p < 0 || p > 255 {
			return badRequest("%s[%d] = %v, want a value in [0, 255]", name, i, p)
		}
	}
	return nil
}

// classify normalises one image, runs the model and turns logits into
// probabilities.
func (s *server) classify(pixels []float64) (prediction, error) {
	b := s.bufs.Get().(*buffers)
	defer s.bufs.Put(b)
	for i, p := range pixels {
		b.x[i] = float32((p/255 - mnistdata.Mean) / mnistdata.Std)
	}
	if err := s.model.Predict(b.logits, b.x); err != nil {
		return prediction{}, fmt.Errorf("predict: %w", err)
	}
	return softmax(b.logits), nil
}

// classifyBatch runs several images through the model as one batch (one
// matrix product per layer instead of one matrix-vector product per image).
func (s *server) classifyBatch(images [][]float64) (batchResponse, error) {
	m := len(images)
	x, logits := tensor.New(m, s.in), tensor.New(m, s.out)
	for i, img := range images {
		row := x.Row(i)
		for j, p := range img {
			row[j] = float32((p/255 - mnistdata.Mean) / mnistdata.Std)
		}
	}
	if err := s.model.PredictBatch(logits, x); err != nil {
		return batchResponse{}, fmt.Errorf("predict: %w", err)
	}
	resp := batchResponse{Predictions: make([]prediction, m)}
	for i := range resp.Predictions {
		resp.Predictions[i] = softmax(logits.Row(i))
	}
	return resp, nil
}

// softmax returns the probabilities of logits (max-subtracted, in float64)
// and the index of the largest.
func softmax(logits []float32) prediction {
	best := 0
	for i, v := range logits {
		if v > logits[best] {
			best = i
		}
	}
	probs := make([]float32, len(logits))
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v - logits[best]))
	}
	for i, v := range logits {
		probs[i] = float32(math.Exp(float64(v-logits[best])) / sum)
	}
	return prediction{Class: best, Probabilities: probs}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
