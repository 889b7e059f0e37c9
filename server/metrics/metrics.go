// Package metrics owns what Roster tells Prometheus: GraphQL latency by
// operation, errors by code, open websockets, the mail outbox's backlog,
// rate-limit refusals, and Go's and the process's own figures. Everything is
// registered on a registry of its own (made by New and passed down), never
// on client_golang's global one, so two servers in one test process keep
// their counts apart and nothing registers behind the server's back.
//
// Every method works on a nil *Metrics, doing nothing: packages and tests
// that run without metrics pass nil.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are one server's metrics.
type Metrics struct {
	registry    *prometheus.Registry
	operations  *prometheus.HistogramVec
	errors      *prometheus.CounterVec
	websockets  prometheus.Gauge
	rateLimited *prometheus.CounterVec
	answers     *prometheus.CounterVec
	names       *operationNames
	logger      *slog.Logger
}

// New returns metrics on a registry of their own, with Go's runtime and the
// process's collectors already on it.
func New(logger *slog.Logger) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "roster_graphql_operation_duration_seconds",
			Help: "Time from reading a GraphQL query or mutation to its response, by operation name (see README: names are bounded) and type.",
			// From a cached read to a bulk invitation of 1,000 lines.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation", "type"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_graphql_errors_total",
			Help: "GraphQL errors answered, by extensions.code.",
		}, []string{"code"}),
		websockets: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "roster_websockets_open",
			Help: "GraphQL websockets open now.",
		}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_rate_limited_total",
			Help: "Requests refused by a rate limit, by the limit's name.",
		}, []string{"limit"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "roster_answer_cache_total",
			Help: "Queries the answer cache could keep (SQLite), by result: hit (answered from memory) or miss (run).",
		}, []string{"result"}),
		names:  newOperationNames(maxOperationNames),
		logger: logger,
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.operations, m.errors, m.websockets, m.rateLimited, m.answers,
	)
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(m.logger.Handler(), slog.LevelWarn),
		// A collector that fails (the outbox's, when the database is down)
		// leaves its figures out; the rest is still served.
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// WebsocketOpened counts a websocket that was accepted; call
// WebsocketClosed when it ends.
func (m *Metrics) WebsocketOpened() {
	if m != nil {
		m.websockets.Inc()
	}
}

// WebsocketClosed counts the end of a websocket counted by WebsocketOpened.
func (m *Metrics) WebsocketClosed() {
	if m != nil {
		m.websockets.Dec()
	}
}

// RateLimited counts a refusal by the rate limit named limit (e.g.
// "sign_in_account"). Names are the rate-limit code's own constants, a
// fixed set: never pass anything a caller chose.
func (m *Metrics) RateLimited(limit string) {
	if m != nil {
		m.rateLimited.WithLabelValues(limit).Inc()
	}
}

// AnswerCache counts a query the answer cache could keep: answered from
// memory (hit) or run.
func (m *Metrics) AnswerCache(hit bool) {
	if m == nil {
		return
	}
	result := "miss"
	if hit {
		result = "hit"
	}
	m.answers.WithLabelValues(result).Inc()
}

// Backlog reports the mail outbox's unsent emails and when the oldest of
// them was queued (zero when there is none).
type Backlog func(ctx context.Context) (unsent int, oldest time.Time, err error)

// WatchOutbox reports the outbox's backlog at each scrape, read by backlog
// with a short deadline.
func (m *Metrics) WatchOutbox(backlog Backlog) {
	if m == nil {
		return
	}
	m.registry.MustRegister(&outboxCollector{backlog: backlog})
}

var (
	outboxUnsent = prometheus.NewDesc("roster_outbox_unsent",
		"Emails in the outbox not sent yet (pending or being retried).", nil, nil)
	outboxOldest = prometheus.NewDesc("roster_outbox_oldest_unsent_age_seconds",
		"Age of the oldest unsent email in the outbox; 0 when none waits.", nil, nil)
)

// outboxCollector reads the outbox when Prometheus scrapes, so the figures
// are those of the database, shared by every replica, not of one process.
type outboxCollector struct{ backlog Backlog }

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxUnsent
	ch <- outboxOldest
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, oldest, err := c.backlog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxUnsent, err)
		return
	}
	age := 0.0
	if n > 0 && !oldest.IsZero() {
		age = max(time.Since(oldest).Seconds(), 0)
	}
	ch <- prometheus.MustNewConstMetric(outboxUnsent, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(outboxOldest, prometheus.GaugeValue, age)
}

// maxOperationNames bounds the operation label's values; see
// operationNames.
const maxOperationNames = 200

// operationNames bounds the cardinality of the operation label. Operation
// names are chosen by callers, and every distinct label value is a series
// that Prometheus keeps for good, so a caller sending random names would
// grow the server's memory and Prometheus's without end. The first
// maxOperationNames names of valid documents get a series each (a client's
// operations are a fixed set: the portal has a few dozen); later ones are
// counted as "other", unnamed ones as "anonymous". Only documents that
// parsed and validated reach here, and names longer than 64 characters are
// "other" too.
//
// (Naming only documents in gqlgen's query cache would bound nothing: the
// cache is an LRU that any caller refills, and a series outlives its entry.)
type operationNames struct {
	max  int
	mu   sync.Mutex
	seen map[string]struct{}
}

func newOperationNames(max int) *operationNames {
	return &operationNames{max: max, seen: map[string]struct{}{}}
}

func (n *operationNames) label(name string) string {
	switch {
	case name == "":
		return "anonymous"
	case len(name) > 64:
		return "other"
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if _, ok := n.seen[name]; ok {
		return name
	}
	if len(n.seen) >= n.max {
		return "other"
	}
	n.seen[name] = struct{}{}
	return name
}
