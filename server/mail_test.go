package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/database/databasetest"
	"github.com/rosterhq/roster/server/mail/mailtest"
	"github.com/rosterhq/roster/server/servertest"
)

// Without an SMTP server, outside development, the server does not start:
// its emails (and their links) would have nowhere to go but a page anyone
// could read.
func TestRefusesToStartWithoutSMTPOutsideDev(t *testing.T) {
	cfg := server.Defaults()
	cfg.DatabaseURL = databasetest.URL(t)
	cfg.SMTPURL, cfg.Dev = "", false
	app, err := server.New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil {
		_ = app.Close()
		t.Fatal("the server started without SMTP, outside development")
	}
	if !errors.Is(err, server.ErrNoMailServer) || !strings.Contains(err.Error(), "ROSTER_SMTP_URL") {
		t.Errorf("error %q, want ErrNoMailServer naming ROSTER_SMTP_URL", err)
	}
}

// The dev mailbox exists only in development without SMTP; anywhere else
// /dev/mail and /dev/mail.json are 404, not even the portal's page.
func TestDevMailboxOnlyInDevelopment(t *testing.T) {
	tests := []struct {
		name       string
		dev, smtp  bool
		wantStatus int
	}{
		{"production, SMTP", false, true, http.StatusNotFound},
		{"development, SMTP", true, true, http.StatusNotFound},
		{"development, no SMTP", true, false, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := servertest.Start(t, func(c *server.Config) {
				c.Dev = tt.dev
				if !tt.smtp {
					c.SMTPURL = ""
				}
			})
			env.SignUp("ann@example.com", "Ann")
			if tt.smtp {
				env.Token("ann@example.com", "/verify-email") // sent, so it would be there
			} else {
				(&devMailbox{env: env, seen: map[string]bool{}}).token(t, "ann@example.com", "/verify-email")
			}
			for _, path := range []string{"/dev/mail", "/dev/mail.json"} {
				res, err := http.Get(env.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != tt.wantStatus {
					t.Errorf("GET %s: %d, want %d", path, res.StatusCode, tt.wantStatus)
				}
				if shows := strings.Contains(string(body), "token="); shows != (tt.wantStatus == http.StatusOK) {
					t.Errorf("GET %s shows a link: %v", path, shows)
				}
			}
		})
	}
}

// devMailbox reads a development server's mailbox.
type devMailbox struct {
	env  *servertest.Env
	seen map[string]bool
}

// token waits for an email to address with a link to path that it has not
// returned before, and returns the link's token.
func (d *devMailbox) token(t *testing.T, address, path string) string {
	t.Helper()
	deadline := time.Now().Add(servertest.MailTimeout)
	for time.Now().Before(deadline) {
		res, err := http.Get(d.env.URL + "/dev/mail.json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs []struct{ To, Text string }
		err = json.NewDecoder(res.Body).Decode(&msgs)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.To != address || !strings.Contains(m.Text, path) {
				continue
			}
			if tok := mailtest.TokenFrom(t, mailtest.Message{Text: m.Text}, path); !d.seen[tok] {
				d.seen[tok] = true
				return tok
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no new email to %s with a link to %s in the dev mailbox", address, path)
	return ""
}

// Every secret a flow hands out (verification and invitation tokens,
// session cookies, the password) stays out of the server's log, SQL
// statements included, whether emails go over SMTP or to the dev mailbox;
// and once sent, no email's body is left in the outbox.
func TestNoSecretInTheLog(t *testing.T) {
	tests := []struct {
		name     string
		dev      bool
		wantLine string // proves the log was captured while mail went out
	}{
		{"SMTP", false, "mail: email sent"},
		{"dev mailbox", true, "dev mailbox: email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logs := new(servertest.Logs)
			env := servertest.StartLogged(t, logs, func(c *server.Config) {
				if tt.dev {
					c.SMTPURL, c.Dev = "", true
				}
			})
			tokenFor := env.Token
			if tt.dev {
				d := &devMailbox{env: env, seen: map[string]bool{}}
				tokenFor = func(address, path string) string { return d.token(t, address, path) }
			}
			var secrets []string
			signUp := func(email, name string) *servertest.Client {
				c := env.SignUp(email, name)
				tok := tokenFor(email, "/verify-email")
				c.MustDo(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": tok}, nil)
				secrets = append(secrets, tok, cookieValue(c.CookieHeader()))
				return c
			}

			owner := signUp("owner@example.com", "Olivia")
			org := owner.CreateOrg("Acme")
			invitation := owner.Invite(org, "ada@example.com", "MEMBER")
			first := tokenFor("ada@example.com", "/invitations/accept")
			owner.MustDo(`mutation($id: ID!) { resendInvitation(id: $id) { id } }`, map[string]any{"id": invitation}, nil)
			second := tokenFor("ada@example.com", "/invitations/accept")
			secrets = append(secrets, first, second)
			ada := signUp("ada@example.com", "Ada")
			ada.Accept(second)

			// Every email delivered and recorded.
			client := env.App.Client()
			deadline := time.Now().Add(servertest.MailTimeout)
			for {
				pending, err := client.OutboxEmail.Query().Where(outboxemail.StatusNEQ(outboxemail.StatusSENT)).Count(systemContext())
				if err != nil {
					t.Fatal(err)
				}
				if pending == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d emails not recorded as sent", pending)
				}
				time.Sleep(20 * time.Millisecond)
			}
			rows, err := client.OutboxEmail.Query().All(systemContext())
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 4 {
				t.Errorf("%d emails in the outbox, want 4 (two verifications, an invitation and its resend)", len(rows))
			}
			for _, r := range rows {
				if r.TextBody != "" || r.HTMLBody != "" {
					t.Errorf("sent %s email to %s keeps its body in the outbox", r.Kind, r.ToAddress)
				}
			}

			log := logs.String()
			for _, want := range []string{tt.wantLine, "msg=request", "msg=sql"} {
				if !strings.Contains(log, want) {
					t.Fatalf("the captured log lacks %q: it does not show what the test judges", want)
				}
			}
			secrets = append(secrets, servertest.Password)
			for _, s := range secrets {
				if len(s) < 16 {
					t.Fatalf("secret %q is too short to search for", s)
				}
				if strings.Contains(log, s) {
					t.Errorf("the log shows a secret: %s…", s[:6])
				}
			}
			if strings.Contains(log, "token=") {
				t.Errorf("the log shows a token link")
			}
		})
	}
}

// cookieValue returns the value of the first cookie in a Cookie header.
func cookieValue(header string) string {
	first, _, _ := strings.Cut(header, ";")
	_, v, _ := strings.Cut(first, "=")
	return v
}
