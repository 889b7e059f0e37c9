package mail

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestDevMailbox(t *testing.T) {
	var logs strings.Builder
	d := NewDevMailbox(slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := context.Background()
	verify := VerificationEmail("ann@example.com", "Ann", "http://localhost:8080/verify-email?token=tokVerify7q")
	invite := InvitationEmail("bob@example.com", `<script>alert(1)</script>`, "Ann", "MEMBER",
		"http://localhost:8080/invitations/accept?token=tokInvite7q", time.Now().Add(time.Hour))
	hostile := Message{Kind: "test", To: "eve@example.com", Subject: `<img src=x onerror=alert(1)>`,
		Text: "see javascript:alert(1) and </pre><script>alert(2)</script>", HTML: `<script>alert(3)</script>`}
	for _, m := range []Message{verify, invite, hostile} {
		if err := d.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"to=ann@example.com", "Verify your email address for Roster"} {
		if !strings.Contains(logs.String(), s) {
			t.Errorf("log lacks %q:\n%s", s, logs.String())
		}
	}
	// The links carry tokens: they stay in the mailbox, out of the log.
	for _, s := range []string{"token=", "tokVerify7q", "tokInvite7q", "/verify-email", "/invitations/accept"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("log shows %q:\n%s", s, logs.String())
		}
	}

	get := func(t *testing.T, method, path string) (*http.Response, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		d.Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		body, _ := io.ReadAll(rec.Result().Body)
		return rec.Result(), string(body)
	}

	t.Run("page", func(t *testing.T) {
		res, body := get(t, http.MethodGet, "/dev/mail")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("got %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		for _, s := range []string{
			"ann@example.com", "Verify your email address for Roster",
			`<a href="http://localhost:8080/verify-email?token=tokVerify7q">`,
			`<a href="http://localhost:8080/invitations/accept?token=tokInvite7q">`,
			"&lt;img src=x onerror=alert(1)&gt;",
			"&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
		} {
			if !strings.Contains(body, s) {
				t.Errorf("page lacks %q", s)
			}
		}
		for _, s := range []string{"<script", "<img", `href="javascript`} {
			if strings.Contains(body, s) {
				t.Errorf("page contains unescaped %q", s)
			}
		}
		// Newest first.
		if i, j := strings.Index(body, "eve@example.com"), strings.Index(body, "ann@example.com"); i < 0 || j < 0 || i > j {
			t.Errorf("page not newest first (eve at %d, ann at %d)", i, j)
		}
	})

	t.Run("json", func(t *testing.T) {
		res, body := get(t, http.MethodGet, "/dev/mail.json")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("got %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		var got []map[string]any
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		want := []Message{hostile, invite, verify}
		if len(got) != len(want) {
			t.Fatalf("got %d emails, want %d", len(got), len(want))
		}
		for i, w := range want {
			if got[i]["to"] != w.To || got[i]["subject"] != w.Subject || got[i]["text"] != w.Text || got[i]["html"] != w.HTML {
				t.Errorf("email %d = %v, want %+v", i, got[i], w)
			}
			if _, err := time.Parse(time.RFC3339, fmt.Sprint(got[i]["sentAt"])); err != nil {
				t.Errorf("email %d sentAt: %v", i, err)
			}
		}
	})

	t.Run("not GET", func(t *testing.T) {
		if res, _ := get(t, http.MethodPost, "/dev/mail"); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST: got %d", res.StatusCode)
		}
	})
}

func TestDevMailboxKeepsTheLast500(t *testing.T) {
	d := NewDevMailbox(slog.New(slog.NewTextHandler(io.Discard, nil)))
	rec := httptest.NewRecorder()
	d.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/dev/mail.json", nil))
	if got := strings.TrimSpace(rec.Body.String()); got != "[]" {
		t.Errorf("empty mailbox as JSON: %s", got)
	}
	for i := range 501 {
		if err := d.Send(context.Background(), Message{Kind: "test", To: fmt.Sprintf("u%d@example.com", i), Subject: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	got := d.Messages()
	if len(got) != 500 || got[0].To != "u500@example.com" || got[499].To != "u1@example.com" {
		t.Errorf("got %d emails, first %s, last %s; want 500, u500, u1", len(got), got[0].To, got[len(got)-1].To)
	}
}
