package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRetryAfterHeaderIsTheLongestWait: of several refused fields, the
// client must wait for the slowest; a response without one has no header.
func TestRetryAfterHeaderIsTheLongestWait(t *testing.T) {
	for _, tc := range []struct {
		waits []int
		want  string
	}{
		{nil, ""},
		{[]int{5}, "5"},
		{[]int{5, 30, 10}, "30"},
	} {
		h := withRetryAfter(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, s := range tc.waits {
				noteRetryAfter(r.Context(), s)
			}
			_, _ = w.Write([]byte(`{"data":null}`))
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", nil))
		if got := rec.Header().Get("Retry-After"); got != tc.want {
			t.Errorf("waits %v: Retry-After %q, want %q", tc.waits, got, tc.want)
		}
	}
}
