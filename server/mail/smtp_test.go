package mail

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/mail/mailtest"
)

func TestNewSMTPSenderURLs(t *testing.T) {
	tests := []struct {
		url, from string
		wantErr   bool
	}{
		{url: "smtp://127.0.0.1:2525"},
		{url: "smtp://user:p%40ss@mail.example.com:587", from: "Acme <team@acme.example>"},
		{url: "smtp://mail.example.com"},
		{url: "smtps://mail.example.com"},
		{url: "smtps://user:pass@mail.example.com:465", from: "roster@acme.example"},
		{url: "", wantErr: true},
		{url: "mail.example.com:587", wantErr: true},
		{url: "http://mail.example.com", wantErr: true},
		{url: "smtp://", wantErr: true},
		{url: "smtp://mail.example.com:0", wantErr: true},
		{url: "smtp://mail.example.com:70000", wantErr: true},
		{url: "smtp://mail.example.com:port", wantErr: true},
		{url: "smtp://user:p%40ss@mail.example.com:port", wantErr: true},
		{url: "smtp://user:p%40ss@mail.example.com:70000", wantErr: true},
		{url: "ftp://user:p%40ss@mail.example.com", wantErr: true},
		{url: "smtp://mail.example.com", from: "not an address", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.url+" "+tt.from, func(t *testing.T) {
			s, err := NewSMTPSender(tt.url, tt.from)
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewSMTPSender(%q, %q) error = %v, want error: %v", tt.url, tt.from, err, tt.wantErr)
			}
			if err != nil && (strings.Contains(err.Error(), "p@ss") || strings.Contains(err.Error(), "p%40ss")) {
				t.Errorf("error shows the password: %v", err)
			}
			if err == nil && s == nil {
				t.Error("no sender and no error")
			}
		})
	}
}

func TestSMTPSenderDelivers(t *testing.T) {
	plain, secure := mailtest.NewServer(t), mailtest.NewTLSServer(t)
	port := func(s *mailtest.Server) string { return strings.TrimPrefix(s.URL(), "smtp://127.0.0.1") }
	invitation := InvitationEmail("ann@example.com", "Acme & <Sons>", "Bob Smith", "ADMIN",
		"http://localhost:8080/invitations/accept?token="+strings.Repeat("t", 120), time.Now().Add(7*24*time.Hour))
	tests := []struct {
		name, url, from string
		server          *mailtest.Server
		wantFrom        string
		wantAuth        bool
	}{
		{"no authentication, default From", plain.URL(), "", plain, "roster@localhost", false},
		{"by host name", "smtp://localhost" + port(plain), "roster@acme.example", plain, "roster@acme.example", false},
		{"no authentication, STARTTLS offered", secure.URL(), "", secure, "roster@localhost", false},
		{"PLAIN authentication after STARTTLS", "smtp://user:secret@localhost" + port(secure), "Acme Team <team@acme.example>", secure, "team@acme.example", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sender, err := newSMTPSender(tt.url, tt.from, tt.server.ClientTLS())
			if err != nil {
				t.Fatal(err)
			}
			before := len(tt.server.Auths())
			if err := sender.Send(context.Background(), invitation); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := tt.server.WaitFor(t, "ANN@example.com", nil, 5*time.Second)
			if got.From != tt.wantFrom || len(got.To) != 1 || got.To[0] != "ann@example.com" {
				t.Errorf("envelope from %q to %v, want %q to [ann@example.com]", got.From, got.To, tt.wantFrom)
			}
			if got.Subject != invitation.Subject {
				t.Errorf("subject %q, want %q", got.Subject, invitation.Subject)
			}
			if got.Text != invitation.Text {
				t.Errorf("text part:\n%s\nwant:\n%s", got.Text, invitation.Text)
			}
			if got.HTML != invitation.HTML {
				t.Errorf("HTML part:\n%s\nwant:\n%s", got.HTML, invitation.HTML)
			}
			if !strings.Contains(string(got.Raw), "multipart/alternative") {
				t.Errorf("not multipart/alternative:\n%s", got.Raw)
			}
			if tok := mailtest.TokenFrom(t, got, "/invitations/accept"); tok != strings.Repeat("t", 120) {
				t.Errorf("token %q", tok)
			}
			auths := tt.server.Auths()[before:]
			switch {
			case !tt.wantAuth && len(auths) > 0:
				t.Errorf("authenticated without credentials: %+v", auths)
			case tt.wantAuth && (len(auths) != 1 || auths[0] != mailtest.Auth{Username: "user", Password: "secret", TLS: true}):
				t.Errorf("authentications %+v, want user/secret once, over TLS", auths)
			}
		})
	}
}

// With credentials in the URL the connection must be encrypted: to a
// server that does not offer STARTTLS (or an attacker on the path who
// strips it from the server's answer) the sender sends neither the
// password nor the email, even on localhost. Without credentials the same
// server gets the email in the clear (there is nothing to steal but the
// email, which the server itself would read).
func TestSMTPSenderRequiresTLSWithCredentials(t *testing.T) {
	server := newRefusingServer(t, "127.0.0.1:0", 0)
	email := VerificationEmail("ann@example.com", "Ann", "http://localhost/verify-email?token=wireTokenZ9")
	for _, url := range []string{
		"smtp://user:s3cret-pw@" + server.addr,
		"smtp://user@" + server.addr, // a user without a password is still credentials
	} {
		sender, err := NewSMTPSender(url, "")
		if err != nil {
			t.Fatal(err)
		}
		err = sender.Send(context.Background(), email)
		if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
			t.Errorf("send with credentials to a server without STARTTLS: error %v, want one about STARTTLS", err)
		}
	}
	wire := server.sent()
	if !strings.Contains(wire, "EHLO") {
		t.Fatalf("the sender never reached the server (nothing to judge):\n%s", wire)
	}
	for _, leak := range []string{"AUTH", "s3cret-pw", base64.StdEncoding.EncodeToString([]byte("\x00user\x00s3cret-pw")), "MAIL FROM", "wireTokenZ9"} {
		if strings.Contains(wire, leak) {
			t.Errorf("sent in the clear: %q\n%s", leak, wire)
		}
	}
	if _, accepted := server.counts(); accepted != 0 || server.auths != 0 {
		t.Errorf("server accepted %d emails and %d authentications", accepted, server.auths)
	}

	// Without credentials the same server takes the email.
	sender, err := NewSMTPSender(server.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), email); err != nil {
		t.Fatal(err)
	}
	if _, accepted := server.counts(); accepted != 1 {
		t.Errorf("server accepted %d emails, want 1", accepted)
	}
}
