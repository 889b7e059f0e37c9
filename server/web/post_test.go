package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestRawPOSTAnswersAsGqlgensPOST: rawPOST writes a response of data alone
// as the executor made it, and gives every request the status, headers
// and (as JSON) the body gqlgen's POST gives: data, errors of execution,
// of validation and of decoding.
func TestRawPOSTAnswersAsGqlgensPOST(t *testing.T) {
	const data = `{"name":"<b>Ann & Bob</b> \u2028 é","list":[1,{"a":null}]}`
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `type Query { name: String list: [Int] } type Mutation { name: String }`})
	serve := func(tr graphql.Transport, body string) *httptest.ResponseRecorder {
		srv := handler.New(&graphql.ExecutableSchemaMock{
			SchemaFunc: func() *ast.Schema { return schema },
			ExecFunc: func(ctx context.Context) graphql.ResponseHandler {
				if graphql.GetOperationContext(ctx).Operation.Operation == ast.Mutation {
					return graphql.OneShot(graphql.ErrorResponse(ctx, "no <mutations>"))
				}
				return graphql.OneShot(&graphql.Response{Data: json.RawMessage(data)})
			},
			ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) { return 1, true },
		})
		srv.AddTransport(tr)
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	for _, body := range []string{
		`{"query": "{ name list }"}`,
		`{"query": "mutation { name }"}`,
		`{"query": "{ nothing }"}`,
		`{"query": 12}`,
	} {
		want, got := serve(transport.POST{}, body), serve(rawPOST{}, body)
		var w, g any
		if json.Unmarshal(want.Body.Bytes(), &w) != nil || json.Unmarshal(got.Body.Bytes(), &g) != nil ||
			!reflect.DeepEqual(w, g) || want.Code != got.Code || !reflect.DeepEqual(want.Header(), got.Header()) {
			t.Errorf("%s:\ngqlgen: %d %v %s\nraw:    %d %v %s", body, want.Code, want.Header(), want.Body, got.Code, got.Header(), got.Body)
		}
	}
	if got := serve(rawPOST{}, `{"query": "{ name list }"}`).Body.String(); got != `{"data":`+data+`}` {
		t.Errorf("data written as %s, want it as the executor made it", got)
	}
}
