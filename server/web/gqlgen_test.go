package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// These tests pin the gqlgen (and entgql) behaviours that server/web
// matches by their text: when an upgrade changes one, its test fails here,
// not a rewrite that silently stops applying.

func postToGqlgen(t *testing.T, body string) []map[string]any {
	t.Helper()
	srv := testserver.New()
	srv.AddTransport(transport.POST{})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var res struct {
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) == 0 {
		t.Fatalf("gqlgen answered %d %s, want errors", rec.Code, rec.Body)
	}
	return res.Errors
}

// TestGqlgenQuotesBodyInDecodeError: gqlgen answers a body that is not a
// JSON request with "json request body could not be decoded: " followed by
// the body itself and Go's decoding error, and no code. codingWriter
// recognises the message by that prefix to replace it.
func TestGqlgenQuotesBodyInDecodeError(t *testing.T) {
	errs := postToGqlgen(t, `{"query": 12, "secret-looking": "abc"}`)
	msg, _ := errs[0]["message"].(string)
	if !strings.HasPrefix(msg, "json request body could not be decoded") || !strings.Contains(msg, "secret-looking") {
		t.Fatalf("gqlgen's decode error is %q: codingWriter's prefix match no longer applies", msg)
	}
	if ext, _ := errs[0]["extensions"].(map[string]any); ext["code"] != nil {
		t.Fatalf("gqlgen now gives its decode error a code (%v): codingWriter may keep it", ext["code"])
	}
}

// TestGqlgenSaysOperationNotFoundWithoutAName: a document with several
// operations and no operationName fails with "operation  not found" (two
// spaces: the empty name), with a code. presentError replaces that text.
func TestGqlgenSaysOperationNotFoundWithoutAName(t *testing.T) {
	errs := postToGqlgen(t, `{"query": "query A { name } query B { name }"}`)
	if msg := errs[0]["message"]; msg != "operation  not found" {
		t.Fatalf("gqlgen's message is %q: presentError's match no longer applies", msg)
	}
	if ext, _ := errs[0]["extensions"].(map[string]any); ext["code"] == nil {
		t.Fatal("gqlgen's operation error has no code: presentError's case for gqlgen's own no longer catches it")
	}
}
