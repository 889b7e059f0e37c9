package mail

import (
	"context"
	"net"
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
	server := mailtest.NewServer(t)
	port := strings.TrimPrefix(server.URL(), "smtp://127.0.0.1")
	invitation := InvitationEmail("ann@example.com", "Acme & <Sons>", "Bob Smith", "ADMIN",
		"http://localhost:8080/invitations/accept?token="+strings.Repeat("t", 120), time.Now().Add(7*24*time.Hour))
	tests := []struct {
		name, url, from string
		wantFrom        string
	}{
		{"no authentication, default From", server.URL(), "", "roster@localhost"},
		{"PLAIN authentication on localhost", "smtp://user:secret@127.0.0.1" + port, "Acme Team <team@acme.example>", "team@acme.example"},
		{"by host name", "smtp://localhost" + port, "roster@acme.example", "roster@acme.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sender, err := NewSMTPSender(tt.url, tt.from)
			if err != nil {
				t.Fatal(err)
			}
			if err := sender.Send(context.Background(), invitation); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := server.WaitFor(t, "ANN@example.com", nil, 5*time.Second)
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
		})
	}
}

// A password goes in the clear only to localhost: to any other server
// without TLS the sender refuses to authenticate.
func TestSMTPSenderKeepsPasswordsOffPlainConnections(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address here: %v", err)
	}
	_ = l.Close()
	server := newRefusingServer(t, "127.0.0.2:0", 0)
	sender, err := NewSMTPSender("smtp://user:secret@"+server.addr, "")
	if err != nil {
		t.Fatal(err)
	}
	err = sender.Send(context.Background(), VerificationEmail("ann@example.com", "Ann", "http://localhost/verify-email?token=x"))
	if err == nil || !strings.Contains(err.Error(), "unencrypted") {
		t.Errorf("send with a password over plain SMTP to 127.0.0.2: error %v, want one about an unencrypted connection", err)
	}
	if _, accepted := server.counts(); accepted != 0 {
		t.Errorf("server accepted %d emails", accepted)
	}
	// Without a password the same server takes the email.
	sender, err = NewSMTPSender(server.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sender.Send(context.Background(), VerificationEmail("ann@example.com", "Ann", "http://localhost/verify-email?token=x")); err != nil {
		t.Fatal(err)
	}
	if _, accepted := server.counts(); accepted != 1 {
		t.Errorf("server accepted %d emails, want 1", accepted)
	}
}
