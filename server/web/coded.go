package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/websocket"

	"github.com/rosterhq/roster/server/errcode"
)

// withCodedErrors makes every error of the GraphQL endpoint carry a code,
// as the contract promises, including those gqlgen's transports write
// themselves before any resolver runs (an unsupported method or media
// type, a mutation over GET): it refuses what no transport takes with the
// right HTTP status, refuses a body over MaxBodyBytes with 413, and adds
// BAD_USER_INPUT to transport errors that have no code.
func withCodedErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if websocket.IsWebSocketUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodOptions:
		case http.MethodPost:
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				w.Header().Set("Accept-Post", "application/json")
				writeError(w, http.StatusUnsupportedMediaType, "Send GraphQL requests as application/json.")
				return
			}
			if !readBody(w, r) {
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, "Use POST (or GET for queries).")
			return
		}
		cw := &codingWriter{ResponseWriter: w, method: r.Method}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// MaxBodyBytes is the largest request body /graphql reads: far above any
// real operation (the largest, a bulk invitation of 1,000 addresses, is
// about 40 KiB), far below what would cost memory.
const MaxBodyBytes = 1 << 20

// readBody reads r's body whole, refusing one over MaxBodyBytes with 413
// before gqlgen sees it (gqlgen reads it whole too, and would answer a cut
// body with 200 and a decoding error). It reports whether to go on.
func readBody(w http.ResponseWriter, r *http.Request) bool {
	if r.ContentLength > MaxBodyBytes {
		tooLarge(w)
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		tooLarge(w)
		return false
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "The request body could not be read.")
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

func tooLarge(w http.ResponseWriter) {
	// The rest of the body is not read: the connection cannot serve another
	// request.
	w.Header().Set("Connection", "close")
	writeError(w, http.StatusRequestEntityTooLarge, "The request body is over 1 MiB.")
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeCodedError(w, status, errcode.BadUserInput, message)
}

func writeCodedError(w http.ResponseWriter, status int, code errcode.Code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{
		"message": message, "extensions": map[string]any{"code": string(code)},
	}}})
}

// codingWriter passes successful responses through and holds back error
// responses (status 400 and up, written by gqlgen's transports) to add
// codes to their errors and give them the status GraphQL over HTTP asks.
type codingWriter struct {
	http.ResponseWriter
	method string
	status int
	held   bytes.Buffer
}

func (c *codingWriter) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	c.status = status
	if status < http.StatusBadRequest {
		c.ResponseWriter.WriteHeader(status)
	}
}

func (c *codingWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.status < http.StatusBadRequest {
		return c.ResponseWriter.Write(b)
	}
	return c.held.Write(b)
}

func (c *codingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *codingWriter) finish() {
	if c.status < http.StatusBadRequest {
		return
	}
	body := c.held.Bytes()
	// A request error: nothing was executed, so the answer has no data
	// entry (GraphQL over HTTP), only errors.
	var res struct {
		Errors     []map[string]any `json:"errors"`
		Extensions map[string]any   `json:"extensions,omitempty"`
	}
	if json.Unmarshal(body, &res) == nil && len(res.Errors) > 0 {
		for _, e := range res.Errors {
			ext, _ := e["extensions"].(map[string]any)
			if ext == nil {
				ext = map[string]any{}
				e["extensions"] = ext
			}
			if _, ok := ext["code"]; !ok {
				ext["code"] = string(errcode.BadUserInput)
			}
			if msg, _ := e["message"].(string); strings.HasPrefix(msg, "json request body could not be decoded") {
				// gqlgen's message quotes the whole body back, and Go's
				// decoding error with it.
				e["message"] = "The body is not a GraphQL request: send a JSON object with a string query, and optionally variables and extensions objects and an operationName string."
			}
		}
		if b, err := json.Marshal(res); err == nil {
			body = b
		}
	}
	if mt, _, _ := mime.ParseMediaType(c.Header().Get("Content-Type")); mt == "application/json" && c.status == http.StatusUnprocessableEntity {
		// A document that does not parse or validate, or variables that do
		// not fit it: GraphQL over HTTP answers these with 200 in
		// application/json (clients read the errors), and with 400 in
		// application/graphql-response+json, as gqlgen already does.
		c.status = http.StatusOK
	}
	if c.method == http.MethodGet && c.status == http.StatusNotAcceptable {
		// A mutation over GET: GraphQL over HTTP answers 405, naming POST.
		c.status = http.StatusMethodNotAllowed
		c.Header().Set("Allow", "POST")
	}
	c.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.ResponseWriter.WriteHeader(c.status)
	_, _ = c.ResponseWriter.Write(body)
}
