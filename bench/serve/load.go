package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/simdml/simdml/bench/internal/mnistdata"
)

// payloads holds pre-encoded request bodies and the expected classes
// (label -1 when the images are synthetic).
type payloads struct {
	bodies [][]byte
	labels []int
	source string
}

// maxPayloads bounds the distinct request bodies kept in memory.
const maxPayloads = 2000

// testPayloads encodes MNIST test images as single-image requests, or
// seeded random images when MNIST cannot be found.
func testPayloads(dataDir string, width int) payloads {
	if width == mnistdata.Side*mnistdata.Side {
		if dir, err := mnistdata.Locate(dataDir); err == nil {
			if raw, err := mnistdata.LoadRaw(dir, mnistdata.TestImages, mnistdata.TestLabels); err == nil {
				p := payloads{source: "MNIST test images"}
				for i := 0; i < min(raw.N, maxPayloads); i++ {
					p.bodies = append(p.bodies, pixelsBody(raw.Image(i)))
					p.labels = append(p.labels, int(raw.Labels[i]))
				}
				return p
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	p := payloads{source: "random images"}
	img := make([]byte, width)
	for range 256 {
		for i := range img {
			img[i] = byte(r.IntN(256))
		}
		p.bodies = append(p.bodies, pixelsBody(img))
		p.labels = append(p.labels, -1)
	}
	return p
}

// pixelsBody encodes {"pixels":[...]} with integer pixel values.
func pixelsBody(img []byte) []byte {
	b := append(make([]byte, 0, 4*len(img)+16), `{"pixels":[`...)
	for i, v := range img {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	return append(b, "]}"...)
}

// checkLoopback refuses targets that are not on this machine: the load
// mode must not be pointed at someone else's service.
func checkLoopback(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("-target %q: want http://127.0.0.1:PORT", base)
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("-target %q: load mode only targets loopback addresses", base)
	}
	return u, nil
}

// loadStats is the outcome of a load run.
type loadStats struct {
	sent, failed, correct, labelled int
	elapsed                         time.Duration
	latencies                       []time.Duration // successful requests, sorted
	firstErr                        error
}

// loadTest sends cfg.requests single-image predictions from cfg.clients
// concurrent clients to base/predict and prints throughput and latency.
func loadTest(cfg *config, base string, stdout io.Writer) error {
	u, err := checkLoopback(base)
	if err != nil {
		return err
	}
	p := testPayloads(cfg.data, mnistdata.Side*mnistdata.Side)
	target := u.JoinPath("predict").String()
	fmt.Fprintf(stdout, "load: %d clients, %d requests (at most %v) to %s, %s\n",
		cfg.clients, cfg.requests, cfg.duration, target, p.source)
	st := sendAll(target, p, cfg.clients, cfg.requests, cfg.duration)
	fmt.Fprint(stdout, st.summary())
	if st.failed > 0 {
		return fmt.Errorf("%d of %d requests failed; first: %w", st.failed, st.sent, st.firstErr)
	}
	if st.sent < cfg.requests {
		fmt.Fprintf(stdout, "stopped after %v with %d of %d requests sent\n", cfg.duration, st.sent, cfg.requests)
	}
	return nil
}

// sendAll runs the clients and gathers their results.
func sendAll(target string, p payloads, clients, requests int, limit time.Duration) loadStats {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients,
		IdleConnTimeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var next atomic.Int64
	deadline := time.Now().Add(limit)
	results := make([]loadStats, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &results[c]
			res.latencies = make([]time.Duration, 0, requests/clients+1)
			for {
				i := int(next.Add(1) - 1)
				if i >= requests || time.Now().After(deadline) {
					return
				}
				k := i % len(p.bodies)
				t0 := time.Now()
				class, err := post(client, target, p.bodies[k])
				d := time.Since(t0)
				res.sent++
				if err != nil {
					res.failed++
					if res.firstErr == nil {
						res.firstErr = err
					}
					continue
				}
				res.latencies = append(res.latencies, d)
				if p.labels[k] >= 0 {
					res.labelled++
					if class == p.labels[k] {
						res.correct++
					}
				}
			}
		}()
	}
	wg.Wait()
	total := loadStats{elapsed: time.Since(start)}
	for _, r := range results {
		total.sent += r.sent
		total.failed += r.failed
		total.correct += r.correct
		total.labelled += r.labelled
		total.latencies = append(total.latencies, r.latencies...)
		if total.firstErr == nil {
			total.firstErr = r.firstErr
		}
	}
	slices.Sort(total.latencies)
	return total
}

// post sends one request and returns the predicted class.
func post(client *http.Client, target string, body []byte) (int, error) {
	resp, err := client.Post(target, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("status %s: %s", resp.Status, bytes.TrimSpace(b))
	}
	var pr prediction
	if err := json.Unmarshal(b, &pr); err != nil {
		return 0, fmt.Errorf("response: %w", err)
	}
	if len(pr.Probabilities) == 0 {
		return 0, errors.New("response without probabilities")
	}
	return pr.Class, nil
}

// percentile returns the q-quantile (0 < q <= 1) of sorted latencies.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func (s loadStats) summary() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "sent %d requests in %v: %d ok, %d errors; %.0f requests/s\n",
		s.sent, s.elapsed.Round(time.Millisecond), s.sent-s.failed, s.failed, float64(s.sent)/s.elapsed.Seconds())
	l := s.latencies
	if len(l) > 0 {
		fmt.Fprintf(&b, "latency: p50 %v  p90 %v  p99 %v  p999 %v  max %v\n",
			rd(percentile(l, 0.5)), rd(percentile(l, 0.9)), rd(percentile(l, 0.99)), rd(percentile(l, 0.999)), rd(l[len(l)-1]))
	}
	if s.labelled > 0 {
		fmt.Fprintf(&b, "accuracy of the answers: %.2f%% (%d of %d labelled)\n",
			100*float64(s.correct)/float64(s.labelled), s.correct, s.labelled)
	}
	return b.String()
}

func rd(d time.Duration) time.Duration {
	switch {
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(100 * time.Nanosecond)
	}
}
