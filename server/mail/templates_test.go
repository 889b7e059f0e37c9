package mail

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/server/policy"
)

func TestTemplates(t *testing.T) {
	expires := time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC)
	const link = "http://localhost:8080/invitations/accept?token=tok_abc-123"
	const verifyLink = "http://localhost:8080/verify-email?token=tok_v456"
	const resetLink = "http://localhost:8080/reset-password?token=tok_r789"
	hostile := `<script>alert("x")</script> & "Co"`

	tests := []struct {
		name        string
		msg         Message
		wantKind    string
		wantSubject string
		wantBoth    []string // in the text part as is, in the HTML part escaped
		wantText    []string
		link        string
	}{
		{
			name:        "invitation",
			msg:         InvitationEmail("ann@example.com", "Acme", "Bob Smith", policy.Admin, link, expires),
			wantKind:    "invitation",
			wantSubject: "Bob Smith invited you to join Acme on Roster",
			wantBoth:    []string{"Acme", "Bob Smith", "an Admin", "March 14, 2030"},
			link:        link,
		},
		{
			name:        "invitation as member",
			msg:         InvitationEmail("ann@example.com", "Acme", "Bob", policy.Member, link, expires),
			wantKind:    "invitation",
			wantSubject: "Bob invited you to join Acme on Roster",
			wantBoth:    []string{"Acme", "Bob", "a Member"},
			link:        link,
		},
		{
			name:        "resent invitation",
			msg:         InvitationResentEmail("ann@example.com", "Acme", "Bob Smith", policy.Member, link, expires),
			wantKind:    "invitation",
			wantSubject: "Reminder: Bob Smith invited you to join Acme on Roster",
			wantBoth:    []string{"Acme", "Bob Smith", "a Member", "no longer works"},
			link:        link,
		},
		{
			name:        "hostile organization and inviter",
			msg:         InvitationEmail("ann@example.com", hostile+"\r\nBcc: eve@example.com", "<b>Mallory</b>", policy.Admin, link, expires),
			wantKind:    "invitation",
			wantSubject: `<b>Mallory</b> invited you to join ` + hostile + ` Bcc: eve@example.com on Roster`,
			wantBoth:    []string{hostile, "<b>Mallory</b>"},
			link:        link,
		},
		{
			name:        "verification",
			msg:         VerificationEmail("ann@example.com", "Ann Lee", verifyLink),
			wantKind:    "verification",
			wantSubject: "Verify your email address for Roster",
			wantBoth:    []string{"Hi Ann Lee,"},
			link:        verifyLink,
		},
		{
			name:        "password reset",
			msg:         PasswordResetEmail("ann@example.com", hostile, resetLink, expires),
			wantKind:    "password_reset",
			wantSubject: "Reset your Roster password",
			wantBoth:    []string{"Hi " + hostile + ",", "works once", "March 14, 2030 at 09:30 UTC"},
			link:        resetLink,
		},
		{
			name:        "verification without a name",
			msg:         VerificationEmail("ann@example.com", "", verifyLink),
			wantKind:    "verification",
			wantSubject: "Verify your email address for Roster",
			wantText:    []string{"Hi,\n"},
			link:        verifyLink,
		},
	}
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.msg
			if m.Kind != tt.wantKind || m.To != "ann@example.com" || m.Subject != tt.wantSubject {
				t.Errorf("got kind %q, to %q, subject %q; want %q, ann@example.com, %q", m.Kind, m.To, m.Subject, tt.wantKind, tt.wantSubject)
			}
			if err := m.check(); err != nil {
				t.Errorf("message refused by the outbox: %v", err)
			}
			for _, s := range append(tt.wantBoth, tt.wantText...) {
				if !strings.Contains(m.Text, s) {
					t.Errorf("text part lacks %q:\n%s", s, m.Text)
				}
			}
			for _, s := range tt.wantBoth {
				if !strings.Contains(m.HTML, html.EscapeString(s)) {
					t.Errorf("HTML part lacks %q:\n%s", html.EscapeString(s), m.HTML)
				}
			}
			if !strings.Contains(m.Text, "\n"+tt.link+"\n") {
				t.Errorf("text part lacks the link on a line of its own:\n%s", m.Text)
			}
			hrefs := href.FindAllStringSubmatch(m.HTML, -1)
			if len(hrefs) == 0 {
				t.Fatalf("HTML part has no link:\n%s", m.HTML)
			}
			for _, h := range hrefs {
				if got := html.UnescapeString(h[1]); got != tt.link {
					t.Errorf("HTML link %q, want %q", got, tt.link)
				}
			}
			for _, bad := range []string{"<script", "<b>", `"Co"`} {
				if strings.Contains(m.HTML, bad) {
					t.Errorf("HTML part contains unescaped %q", bad)
				}
			}
		})
	}
}
