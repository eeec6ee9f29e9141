package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkHandler measures one single-image request through the handler
// (JSON decode, validation, prediction, JSON encode), without the network.
func BenchmarkHandler(b *testing.B) {
	h := newServer(testModel(b), 1<<20, 8).handler()
	body := pixelsBody(image(1))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/predict", bytes.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Body.String())
		}
	}
}
