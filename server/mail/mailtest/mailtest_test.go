package mailtest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// send submits raw as one message over SMTP, authenticating if auth is set.
func send(t *testing.T, s *Server, auth sasl.Client, from string, to []string, raw string) {
	t.Helper()
	if err := trySend(s, auth, from, to, raw); err != nil {
		t.Fatal(err)
	}
}

func trySend(s *Server, auth sasl.Client, from string, to []string, raw string) error {
	c, err := smtp.Dial(strings.TrimPrefix(s.URL(), "smtp://"))
	if err != nil {
		return err
	}
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.SendMail(from, to, strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n"))); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return c.Quit()
}

func TestServerParsesMessages(t *testing.T) {
	tests := []struct {
		name                    string
		auth                    sasl.Client
		raw                     string
		wantSubject             string
		wantText, wantHTML      string
		wantToken, tokenPathFor string
	}{
		{
			name: "plain text, no authentication",
			raw: `From: roster@localhost
To: ann@example.com
Subject: Hello

Hi Ann,
http://localhost:8080/verify-email?token=abc123
`,
			wantSubject: "Hello",
			wantText:    "Hi Ann,\nhttp://localhost:8080/verify-email?token=abc123\n",
			wantToken:   "abc123", tokenPathFor: "/verify-email",
		},
		{
			name: "quoted-printable alternative, PLAIN authentication",
			auth: sasl.NewPlainClient("", "user", "any password"),
			raw: `From: roster@localhost
To: ann@example.com
Subject: =?UTF-8?q?Join_Acme_=C3=9Cnicode?=
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=b1

--b1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

Join =C3=9Cnicode: http://localhost:8080/invitations/accept?token=3Dtok_=
long-1 now
--b1
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

<a href=3D"http://localhost:8080/invitations/accept?token=3Dtok_long-1">Join</a>
--b1--
`,
			wantSubject: "Join Acme Ünicode",
			wantText:    "Join Ünicode: http://localhost:8080/invitations/accept?token=tok_long-1 now",
			wantHTML:    `<a href="http://localhost:8080/invitations/accept?token=tok_long-1">Join</a>`,
			wantToken:   "tok_long-1", tokenPathFor: "/invitations/accept",
		},
		{
			name: "base64 parts nested in multipart/mixed",
			raw: `From: roster@localhost
To: ann@example.com
Subject: Nested
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64

aHR0cDovL2xvY2FsaG9zdC92ZXJpZnktZW1haWw/dG9rZW49
eHl6
--inner
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: base64

PHA+SGk8L3A+
--inner--
--outer--
`,
			wantSubject: "Nested",
			wantText:    "http://localhost/verify-email?token=xyz",
			wantHTML:    "<p>Hi</p>",
			wantToken:   "xyz", tokenPathFor: "/verify-email",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer(t)
			send(t, s, tt.auth, "roster@localhost", []string{"Ann@Example.com"}, tt.raw)
			m := s.WaitFor(t, "ann@example.com", nil, 5*time.Second)
			if m.From != "roster@localhost" || len(m.To) != 1 || m.To[0] != "Ann@Example.com" {
				t.Errorf("envelope %q -> %v", m.From, m.To)
			}
			if m.Subject != tt.wantSubject || m.Text != tt.wantText || m.HTML != tt.wantHTML {
				t.Errorf("got subject %q, text %q, HTML %q\nwant %q, %q, %q", m.Subject, m.Text, m.HTML, tt.wantSubject, tt.wantText, tt.wantHTML)
			}
			if !strings.Contains(string(m.Raw), "Subject: ") {
				t.Errorf("raw message lacks its header:\n%s", m.Raw)
			}
			if got := TokenFrom(t, m, tt.tokenPathFor); got != tt.wantToken {
				t.Errorf("TokenFrom = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

func TestWaitForReturnsEachMessageOnce(t *testing.T) {
	s := NewServer(t)
	msg := func(subject string) string {
		return "From: roster@localhost\nTo: ann@example.com\nSubject: " + subject + "\n\nbody\n"
	}
	send(t, s, nil, "roster@localhost", []string{"bob@example.com"}, msg("to Bob"))
	send(t, s, nil, "roster@localhost", []string{"ann@example.com"}, msg("first"))
	send(t, s, nil, "roster@localhost", []string{"ann@example.com"}, msg("second"))
	send(t, s, nil, "roster@localhost", []string{"ann@example.com"}, msg("third"))

	subject := func(want string) func(Message) bool {
		return func(m Message) bool { return m.Subject == want }
	}
	tests := []struct {
		name  string
		match func(Message) bool
		want  string
	}{
		{"a match skips earlier messages", subject("second"), "second"},
		{"any: the oldest not yet returned", nil, "first"},
		{"any again", nil, "third"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.WaitFor(t, "ANN@example.com", tt.match, time.Second); got.Subject != tt.want {
				t.Errorf("got %q, want %q", got.Subject, tt.want)
			}
		})
	}

	// A message that arrives while WaitFor waits ends the wait.
	sent := make(chan error, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		sent <- trySend(s, nil, "roster@localhost", []string{"ann@example.com"}, msg("late"))
	}()
	if got := s.WaitFor(t, "ann@example.com", nil, 5*time.Second); got.Subject != "late" {
		t.Errorf("got %q, want late", got.Subject)
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 5 {
		t.Errorf("Messages has %d, want 5", n)
	}
}

// WaitFor and TokenFrom fail the test when there is nothing to find.
func TestFailures(t *testing.T) {
	s := NewServer(t)
	tests := []struct {
		name string
		run  func(tb testing.TB)
	}{
		{"WaitFor times out", func(tb testing.TB) { s.WaitFor(tb, "nobody@example.com", nil, 20*time.Millisecond) }},
		{"TokenFrom without a link", func(tb testing.TB) {
			TokenFrom(tb, Message{Text: "no link here"}, "/verify-email")
		}},
		{"TokenFrom with another path", func(tb testing.TB) {
			TokenFrom(tb, Message{Text: "http://localhost/invitations/accept?token=a"}, "/verify-email")
		}},
		{"TokenFrom without a token", func(tb testing.TB) {
			TokenFrom(tb, Message{Text: "http://localhost/verify-email?code=a"}, "/verify-email")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			done := make(chan struct{})
			// Fatal ends the goroutine it runs in, as in a real test.
			go func() {
				defer close(done)
				tt.run(rec)
			}()
			<-done
			if !rec.failed {
				t.Error("did not fail the test")
			}
		})
	}
}

// recorder notes a fatal failure instead of failing the real test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	r.TB.Logf("(expected) "+format, args...)
	runtime.Goexit()
}

func TestTokenFrom(t *testing.T) {
	tests := []struct {
		name, text, path, want string
	}{
		{"own line", "Accept:\nhttp://localhost:8080/invitations/accept?token=abc\n", "/invitations/accept", "abc"},
		{"end of a sentence", "Open http://localhost/verify-email?token=abc.", "/verify-email", "abc"},
		{"first matching path", "http://x/verify-email?token=v http://x/invitations/accept?token=i&next=%2F", "/invitations/accept", "i"},
		{"escaped value", "https://roster.example/verify-email?token=a%2Bb", "/verify-email", "a+b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TokenFrom(t, Message{Text: tt.text}, tt.path); got != tt.want {
				t.Errorf("TokenFrom(%q, %q) = %q, want %q", tt.text, tt.path, got, tt.want)
			}
		})
	}
}
