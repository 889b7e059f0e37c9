package servertest

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rosterhq/roster/server/mail/mailtest"
)

// run is what the servers of one test share: their captured logs and the
// secrets the test was given (passwords it sent, session cookies and
// bearer tokens it held, tokens in the emails it received). When the test
// ends, after the servers have stopped, no log may hold any of them: the
// guide promises that tokens never reach the log.
type run struct {
	mu      sync.Mutex
	logs    []*logCapture
	secrets map[string]string // the secret, and what it is
	mails   []*mailtest.Server
}

func newRun(t testing.TB) *run {
	r := &run{secrets: map[string]string{}}
	r.add(Password, "the helpers' password")
	// Registered before the servers start, so it runs after they stop and
	// sees everything they logged.
	t.Cleanup(func() { r.check(t) })
	return r
}

// minSecret is the length below which a value is too common to look for.
const minSecret = 8

func (r *run) add(secret, what string) {
	if r == nil || len(secret) < minSecret {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.secrets[secret]; !ok {
		r.secrets[secret] = what
	}
}

// addVariables records the passwords among a request's variables.
func (r *run) addVariables(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && strings.Contains(strings.ToLower(k), "password") {
				r.add(s, "a password sent as "+k)
			} else {
				r.addVariables(x)
			}
		}
	case []any:
		for _, x := range v {
			r.addVariables(x)
		}
	}
}

// tokenInLink finds the token of a link in an email.
var tokenInLink = regexp.MustCompile(`[?&](?:token|code)=([^&\s"'<>]+)`)

func (r *run) check(t testing.TB) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.mails {
		for _, msg := range m.Messages() {
			for _, body := range []string{msg.Text, msg.HTML} {
				for _, match := range tokenInLink.FindAllStringSubmatch(body, -1) {
					tok, err := url.QueryUnescape(match[1])
					if err != nil {
						tok = match[1]
					}
					if _, ok := r.secrets[tok]; !ok && len(tok) >= minSecret {
						r.secrets[tok] = fmt.Sprintf("the token of a link in the email %q to %v", msg.Subject, msg.To)
					}
				}
			}
		}
	}
	for i, l := range r.logs {
		for _, leak := range leaks(l.String(), r.secrets) {
			t.Errorf("the log of server %d holds %s", i+1, leak)
		}
	}
}

// leaks returns, for each secret that log holds as it is or URL-encoded, what
// it is and the first line that holds it.
func leaks(log string, secrets map[string]string) []string {
	var out []string
	for secret, what := range secrets {
		for _, form := range slices.Compact([]string{secret, url.QueryEscape(secret), url.PathEscape(secret)}) {
			i := strings.Index(log, form)
			if i < 0 {
				continue
			}
			start := strings.LastIndexByte(log[:i], '\n') + 1
			end := strings.IndexByte(log[i:], '\n')
			if end < 0 {
				end = len(log) - i
			}
			out = append(out, fmt.Sprintf("%s: %s", what, log[start:i+end]))
			break
		}
	}
	slices.Sort(out)
	return out
}

// logCapture keeps what a server logs, for the check above.
type logCapture struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *logCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *logCapture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

func (c *logCapture) handler() slog.Handler {
	return slog.NewTextHandler(c, &slog.HandlerOptions{Level: slog.LevelDebug})
}

// recordCookies records the session cookies a client is given.
type recordCookies struct {
	next http.RoundTripper
	run  *run
}

func (rc recordCookies) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := rc.next.RoundTrip(req)
	if err == nil {
		for _, ck := range res.Cookies() {
			rc.run.add(ck.Value, "the value of the cookie "+ck.Name)
		}
	}
	return res, err
}

// Secret records a secret the test was given another way (a token read from
// the dev mailbox, say), which no server log may hold.
func (e *Env) Secret(value, what string) { e.run.add(value, what) }
