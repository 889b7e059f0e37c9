package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server/servertest"
)

// TestEveryErrorHasACode sends requests that no resolver sees (the wrong
// method or media type, a mutation over GET, a broken document): each
// answer is an error with a contract code and a fitting HTTP status.
func TestEveryErrorHasACode(t *testing.T) {
	env := servertest.Start(t)
	tests := []struct {
		name   string
		method string
		path   string
		ctype  string
		body   string
		status int
		code   string
	}{
		{"a query over GET", http.MethodGet, "/graphql?query=" + url.QueryEscape("{ viewer { id } }"), "", "", 200, ""},
		{"a mutation over GET", http.MethodGet, "/graphql?query=" + url.QueryEscape("mutation { signOut }"), "", "", 405, "BAD_USER_INPUT"},
		{"PUT", http.MethodPut, "/graphql", "application/json", `{"query":"{ viewer { id } }"}`, 405, "BAD_USER_INPUT"},
		{"text/plain", http.MethodPost, "/graphql", "text/plain", `{"query":"{ viewer { id } }"}`, 415, "BAD_USER_INPUT"},
		{"a form post", http.MethodPost, "/graphql", "application/x-www-form-urlencoded", `query=x`, 415, "BAD_USER_INPUT"},
		{"a body that is not JSON", http.MethodPost, "/graphql", "application/json", `not json`, 400, "BAD_USER_INPUT"},
		{"no query", http.MethodPost, "/graphql", "application/json", `{}`, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"a broken document", http.MethodPost, "/graphql", "application/json", `{"query":"{ viewer { "}`, 200, "GRAPHQL_PARSE_FAILED"},
		{"an unknown field", http.MethodPost, "/graphql", "application/json", `{"query":"{ nope }"}`, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"a missing variable", http.MethodPost, "/graphql", "application/json", `{"query":"query($t: String!) { invitationByToken(token: $t) { organizationName } }","variables":{}}`, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"connections nested in connections", http.MethodPost, "/graphql", "application/json", `{"query":"{ organization(slug: \"a\") { members(first: 100) { edges { node { organization { members(first: 100) { edges { node { id } } } } } } } } }"}`, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"two operations and no operationName", http.MethodPost, "/graphql", "application/json", `{"query":"query A { viewer { id } } query B { viewer { id } }"}`, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"a query that is not a string", http.MethodPost, "/graphql", "application/json", `{"query":{"a":1}}`, 400, "BAD_USER_INPUT"},
		{"variables that are not a map", http.MethodPost, "/graphql", "application/json", `{"query":"{ viewer { id } }","variables":"x"}`, 400, "BAD_USER_INPUT"},
		{"JSON with a charset", http.MethodPost, "/graphql", "application/json; charset=utf-8", `{"query":"{ viewer { id } }"}`, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, raw := send(t, tt.method, env.URL+tt.path, tt.body, "Content-Type", tt.ctype)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.status, raw)
			}
			var out struct {
				Errors []struct {
					Message    string
					Extensions map[string]any
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatalf("not JSON: %s", raw)
			}
			for _, e := range out.Errors {
				if len(tt.body) > 4 && strings.Contains(e.Message, tt.body) {
					t.Errorf("the error quotes the request back: %q", e.Message)
				}
			}
			if tt.code == "" {
				if len(out.Errors) > 0 {
					t.Errorf("errors: %s", raw)
				}
				return
			}
			if len(out.Errors) == 0 || out.Errors[0].Extensions["code"] != tt.code {
				t.Errorf("want code %s: %s", tt.code, raw)
			}
		})
	}
}

// TestGraphQLOverHTTPMediaTypes: a client that accepts
// application/graphql-response+json gets it, with 400 for a request that
// cannot run; in either media type, a request error has no data entry.
func TestGraphQLOverHTTPMediaTypes(t *testing.T) {
	env := servertest.Start(t)
	tests := []struct {
		name, accept, body string
		status             int
		requestError       bool
	}{
		{"a query", "application/graphql-response+json", `{"query":"{ viewer { id } }"}`, 200, false},
		{"a broken document", "application/graphql-response+json", `{"query":"{ viewer { "}`, 400, true},
		{"an unknown field", "application/graphql-response+json", `{"query":"{ nope }"}`, 400, true},
		{"a body that is not JSON", "application/graphql-response+json", `{`, 400, true},
		{"connections nested in connections", "application/graphql-response+json", `{"query":"{ organization(slug: \"a\") { members(first: 100) { edges { node { organization { members(first: 100) { edges { node { id } } } } } } } } }"}`, 400, true},
		{"connections nested in connections", "application/json", `{"query":"{ organization(slug: \"a\") { members(first: 100) { edges { node { organization { members(first: 100) { edges { node { id } } } } } } } } }"}`, 200, true},
		{"a broken document", "application/json", `{"query":"{ viewer { "}`, 200, true},
		{"a query", "*/*", `{"query":"{ viewer { id } }"}`, 200, false},
		{"a query", "", `{"query":"{ viewer { id } }"}`, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name+" accepting "+tt.accept, func(t *testing.T) {
			res, raw := send(t, http.MethodPost, env.URL+"/graphql", tt.body, "Content-Type", "application/json", "Accept", tt.accept)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d: %s", res.StatusCode, tt.status, raw)
			}
			want := "application/json"
			if tt.accept == "application/graphql-response+json" {
				want = tt.accept
			}
			if got := res.Header.Get("Content-Type"); got != want {
				t.Errorf("Content-Type %q, want %q", got, want)
			}
			var out map[string]json.RawMessage
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatalf("not JSON: %s", raw)
			}
			_, hasData := out["data"]
			_, hasErrors := out["errors"]
			if tt.requestError && (hasData || !hasErrors) {
				t.Errorf("a request error has errors and no data entry: %s", raw)
			}
			if !tt.requestError && (!hasData || hasErrors) {
				t.Errorf("want data and no errors: %s", raw)
			}
		})
	}
}

// TestCostLimitNamesTheCost: a document over the cost limit is refused for
// its cost, not for any other fault: the error gives the cost by the
// schema's rules (graph.NewSchema) and the limit. Members nested in members,
// 100 a page: inner members 1+100*(edges 1+node(1+id 1)) = 301; organization
// 302, node 303, edges 304; outer members 1+100*304 = 30,401; organization
// 30,402.
func TestCostLimitNamesTheCost(t *testing.T) {
	env := servertest.Start(t)
	const query = `{ organization(slug: "a") { members(first: 100) { edges { node { organization { members(first: 100) { edges { node { id } } } } } } } } }`
	body, _ := json.Marshal(map[string]string{"query": query})
	_, raw := send(t, http.MethodPost, env.URL+"/graphql", string(body), "Content-Type", "application/json")
	var out struct {
		Errors []struct {
			Message    string
			Extensions struct {
				Code          string
				Complexity    int
				MaxComplexity int
			}
		}
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) != 1 {
		t.Fatalf("want one error: %s", raw)
	}
	e := out.Errors[0]
	if e.Extensions.Code != "GRAPHQL_VALIDATION_FAILED" || e.Extensions.Complexity != 30_402 || e.Extensions.MaxComplexity != graph.MaxComplexity {
		t.Errorf("extensions %+v, want GRAPHQL_VALIDATION_FAILED, complexity 30402, maxComplexity %d", e.Extensions, graph.MaxComplexity)
	}
	if want := "(it costs 30402, at most 10000)"; !strings.Contains(e.Message, want) {
		t.Errorf("message %q, want it to say %q", e.Message, want)
	}

	// The same shape with 30 inner members costs 1+100*(3+(1+30*3))+1 = 9,402,
	// under the limit: it runs.
	_, raw = send(t, http.MethodPost, env.URL+"/graphql", strings.Replace(string(body), "members(first: 100) { edges { node { id", "members(first: 30) { edges { node { id", 1), "Content-Type", "application/json")
	if strings.Contains(string(raw), "maxComplexity") {
		t.Errorf("a query under the limit is refused for its cost: %s", raw)
	}
}

// send makes a request with the headers of the name and value pairs that
// have a value, and returns the answer with its body read.
func send(t *testing.T, method, url, body string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] != "" {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, raw
}
