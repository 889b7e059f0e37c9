package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
	}
	return rec.Body.String()
}

// TestOperationNamesAreBounded: a caller sending ever new operation names
// gets a bounded number of series; the rest are "other".
func TestOperationNamesAreBounded(t *testing.T) {
	n := newOperationNames(3)
	for i := range 1000 {
		n.label(fmt.Sprintf("Op%d", i))
	}
	if got := n.label("Op1"); got != "Op1" {
		t.Errorf("a name seen early = %q, want it kept", got)
	}
	if got := n.label("Late"); got != "other" {
		t.Errorf("a name past the bound = %q, want other", got)
	}
	if got := n.label(""); got != "anonymous" {
		t.Errorf("no name = %q", got)
	}
	if got := newOperationNames(10).label(strings.Repeat("A", 65)); got != "other" {
		t.Errorf("a 65-character name = %q, want other", got)
	}
	if len(n.seen) != 3 {
		t.Errorf("%d names kept, want 3", len(n.seen))
	}
}

func TestCodeLabel(t *testing.T) {
	for code, want := range map[string]string{
		"":                      "BAD_USER_INPUT",
		"NOT_FOUND":             "NOT_FOUND",
		"RATE_LIMITED":          "RATE_LIMITED",
		"not a code":            "OTHER",
		"<script>":              "OTHER",
		strings.Repeat("A", 41): "OTHER",
	} {
		if got := codeLabel(code); got != want {
			t.Errorf("codeLabel(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestCountersAndOutbox: the counters the other packages call, the outbox
// read at scrape time, and a failing outbox read that leaves the rest
// served.
func TestCountersAndOutbox(t *testing.T) {
	m := New(slog.New(slog.NewTextHandler(io.Discard, nil)))
	m.RateLimited("sign_in_account")
	m.RateLimited("sign_in_account")
	m.WebsocketOpened()
	m.WebsocketOpened()
	m.WebsocketClosed()
	m.AnswerCache(true)
	m.AnswerCache(true)
	m.AnswerCache(false)
	var fail bool
	m.WatchOutbox(func(context.Context) (int, time.Time, error) {
		if fail {
			return 0, time.Time{}, errors.New("database down")
		}
		return 3, time.Now().Add(-90 * time.Second), nil
	})
	out := scrape(t, m)
	for _, want := range []string{
		`roster_rate_limited_total{limit="sign_in_account"} 2`,
		"roster_websockets_open 1",
		`roster_answer_cache_total{result="hit"} 2`,
		`roster_answer_cache_total{result="miss"} 1`,
		"roster_outbox_unsent 3",
		"roster_outbox_oldest_unsent_age_seconds 9", // 90.x
		"go_goroutines ",
		"process_resident_memory_bytes ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("scrape lacks %q:\n%s", want, out)
		}
	}
	fail = true
	out = scrape(t, m)
	if strings.Contains(out, "roster_outbox_unsent") || !strings.Contains(out, "roster_websockets_open 1") {
		t.Errorf("with the outbox unreadable, the scrape should leave it out and keep the rest:\n%s", out)
	}

	var none *Metrics // nil: every method does nothing
	none.RateLimited("x")
	none.WebsocketOpened()
	none.WebsocketClosed()
	none.AnswerCache(true)
	none.WatchOutbox(nil)
}
