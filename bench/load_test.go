package bench

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Clients is the number of concurrent clients of every load figure (the
// issue's "16 clients on the same machine").
const Clients = 16

// loadDuration is how long each target of a comparison is loaded in all,
// from ROSTER_BENCH_LOAD (a Go duration, default 15s): split into rounds
// that alternate with the other targets', so that a burst of noise from
// the rest of the machine falls on both sides of a ratio.
func loadDuration(tb testing.TB) time.Duration {
	d, err := time.ParseDuration(cmp.Or(os.Getenv("ROSTER_BENCH_LOAD"), "15s"))
	if err != nil || d <= 0 {
		tb.Fatalf("ROSTER_BENCH_LOAD=%q: want a positive Go duration such as 10s", os.Getenv("ROSTER_BENCH_LOAD"))
	}
	return d
}

// rounds is how many alternating rounds a comparison's load is split into.
const rounds = 3

// target is one kind of request to load a server with: a POST of body to
// url with header, whose 200 answers must not contain an "errors" key
// (a GraphQL error comes with a 200 too).
type target struct {
	name   string
	url    string
	body   []byte
	header http.Header
}

// graphQL is a target for a GraphQL query, with a cookie when cookie is
// not empty.
func graphQL(name, url, query string, vars map[string]any, cookie string) target {
	body := mustJSON(map[string]any{"query": query, "variables": vars})
	h := http.Header{"Content-Type": {"application/json"}}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	return target{name: name, url: url, body: body, header: h}
}

// result is what a closed-loop load gave: every latency, in microseconds,
// and how many requests were answered in how much time.
type result struct {
	hist    *hdrhistogram.Histogram
	n       int64
	errors  int64
	elapsed time.Duration
	sample  string // the first failed answer, if any
}

func newResult() *result { return &result{hist: hdrhistogram.New(1, 60_000_000, 3)} }

func (r *result) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

// ms is the latency at quantile q (0–100) in milliseconds.
func (r *result) ms(q float64) float64 { return float64(r.hist.ValueAtQuantile(q)) / 1000 }

func (r *result) String() string {
	return fmt.Sprintf("%.0f req/s, p50 %.1f ms, p99 %.1f ms (%d requests, %d errors)", r.rate(), r.ms(50), r.ms(99), r.n, r.errors)
}

// merge adds another round's figures.
func (r *result) merge(o *result) {
	r.hist.Merge(o.hist)
	r.n += o.n
	r.errors += o.errors
	r.elapsed += o.elapsed
	if r.sample == "" {
		r.sample = o.sample
	}
}

// closedLoop runs Clients clients against t for d, each sending its next
// request as soon as the previous one was answered (a closed loop: the
// rate is what the server sustains, and the latency is measured from the
// request's start, so none is hidden by a schedule the server fell behind).
// Each client has a transport of its own with one keep-alive connection,
// which it reuses throughout.
func closedLoop(tb testing.TB, t target, d time.Duration) *result {
	tb.Helper()
	var (
		stop   atomic.Bool
		wg     sync.WaitGroup
		parts  = make([]*result, Clients)
		start  = time.Now()
		failed atomic.Value
	)
	for i := range parts {
		parts[i] = newResult()
		tr := &http.Transport{MaxIdleConnsPerHost: 1, MaxConnsPerHost: 1, DisableCompression: true}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
		wg.Add(1)
		go func(r *result) {
			defer wg.Done()
			for !stop.Load() {
				req, _ := http.NewRequest(http.MethodPost, t.url, bytes.NewReader(t.body))
				req.Header = t.header.Clone()
				sent := time.Now()
				res, err := hc.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(res.Body)
					res.Body.Close()
				}
				took := time.Since(sent)
				if err != nil || res.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) {
					r.errors++
					if err != nil {
						failed.CompareAndSwap(nil, err.Error())
					} else {
						failed.CompareAndSwap(nil, fmt.Sprintf("%d %.300s", res.StatusCode, body))
					}
					continue
				}
				_ = r.hist.RecordValue(took.Microseconds())
				r.n++
			}
		}(parts[i])
	}
	time.Sleep(d)
	stop.Store(true)
	wg.Wait()
	out := newResult()
	for _, p := range parts {
		out.merge(p)
	}
	out.elapsed = time.Since(start)
	if s, ok := failed.Load().(string); ok {
		out.sample = s
	}
	return out
}

// compare loads each target for loadDuration in all, in rounds that
// alternate between them after a short warm-up of each, and returns each
// target's merged result by name. Any failed request fails tb.
func compare(tb testing.TB, targets ...target) map[string]*result {
	tb.Helper()
	total := loadDuration(tb)
	out := make(map[string]*result, len(targets))
	for _, t := range targets {
		closedLoop(tb, t, min(total/10, time.Second)) // warm-up: connections, caches, JIT (the peer's)
		out[t.name] = newResult()
	}
	for range rounds {
		for _, t := range targets {
			out[t.name].merge(closedLoop(tb, t, total/rounds))
		}
	}
	for _, t := range targets {
		r := out[t.name]
		tb.Logf("%-28s %s", t.name, r)
		if r.errors > 0 {
			tb.Errorf("%s: %d requests failed, e.g. %s", t.name, r.errors, r.sample)
		}
	}
	return out
}

// reportLoad adds a target's rate, p50 and p99 to b's metrics, prefixed
// with name.
func reportLoad(b *testing.B, name string, r *result) {
	b.ReportMetric(r.rate(), name+"-req/s")
	b.ReportMetric(r.ms(50), name+"-p50-ms")
	b.ReportMetric(r.ms(99), name+"-p99-ms")
}

// profileUnder writes a CPU profile of the Roster process at serverURL
// (served at /debug/pprof in development mode, as the bench runs it) to
// ROSTER_BENCH_PROFILE/<file> while t loads it, when ROSTER_BENCH_PROFILE
// names a folder; read it with `go tool pprof -top <binary> <file>`.
func profileUnder(tb testing.TB, serverURL string, t target, file string) {
	tb.Helper()
	dir := os.Getenv("ROSTER_BENCH_PROFILE")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		res, err := http.Get(serverURL + "/debug/pprof/profile?seconds=8")
		if err != nil {
			done <- err
			return
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			done <- fmt.Errorf("GET /debug/pprof/profile: %s", res.Status)
			return
		}
		f, err := os.Create(filepath.Join(dir, file))
		if err != nil {
			done <- err
			return
		}
		_, err = io.Copy(f, res.Body)
		done <- errors.Join(err, f.Close())
	}()
	tb.Logf("profiling %s: %s", t.name, closedLoop(tb, t, 10*time.Second))
	if err := <-done; err != nil {
		tb.Errorf("profile of %s: %v", t.name, err)
	}
}
