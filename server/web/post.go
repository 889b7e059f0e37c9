package web

import (
	"bytes"
	"context"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// rawPOST is gqlgen's POST transport, but a response of data alone is
// written as the executor made it. gqlgen writes every response with
// json.Marshal, which compacts the data (a json.RawMessage: scanned and
// copied byte by byte) although the executor wrote it compact: 7% of the
// members page's CPU. Responses with errors, extensions or anything else
// but data are gqlgen's own. See docs/upstream.md.
type rawPOST struct{ transport.POST }

func (t rawPOST) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	rw := &rawDataWriter{ResponseWriter: w}
	t.POST.Do(rw, r, rawDataExecutor{GraphExecutor: exec, w: rw})
}

// rawDataExecutor takes the data of a response of data alone to its
// writer, and gives the transport an empty response (data null) instead.
type rawDataExecutor struct {
	graphql.GraphExecutor
	w *rawDataWriter
}

func (e rawDataExecutor) DispatchOperation(ctx context.Context, rc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	next, ctx := e.GraphExecutor.DispatchOperation(ctx, rc)
	return func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if resp == nil || len(resp.Data) == 0 || len(resp.Errors) > 0 || len(resp.Extensions) > 0 ||
			resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
			return resp
		}
		e.w.data = resp.Data
		return &graphql.Response{}
	}, ctx
}

// nullData is how gqlgen writes the empty response rawDataExecutor gives
// it.
var nullData = []byte(`{"data":null}`)

// rawDataWriter writes the data rawDataExecutor took in place of the empty
// response gqlgen writes.
type rawDataWriter struct {
	http.ResponseWriter
	data []byte
}

func (w *rawDataWriter) Write(b []byte) (int, error) {
	data := w.data
	if data == nil || !bytes.Equal(b, nullData) {
		return w.ResponseWriter.Write(b)
	}
	w.data = nil
	for _, part := range [][]byte{nullData[:len(`{"data":`)], data, nullData[len(nullData)-1:]} {
		if _, err := w.ResponseWriter.Write(part); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *rawDataWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
