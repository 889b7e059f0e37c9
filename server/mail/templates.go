package mail

import (
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/rosterhq/roster/server/policy"
)

// The kinds of email Roster sends.
const (
	KindInvitation    = "invitation"
	KindVerification  = "verification"
	KindPasswordReset = "password_reset"
	KindDomain        = "domain"
)

// InvitationEmail asks to to join orgName with role; link accepts (or lets
// the invitee sign up first) and carries the invitation's token.
func InvitationEmail(to, orgName, inviterName string, role policy.Role, link string, expiresAt time.Time) Message {
	d := invitationData(orgName, inviterName, role, link, expiresAt)
	return render(KindInvitation, to, d.Inviter+" invited you to join "+d.Org+" on Roster", "invitation", d)
}

// InvitationResentEmail is the email of a resent invitation: a new link
// (the earlier one no longer works) and a new expiry.
func InvitationResentEmail(to, orgName, inviterName string, role policy.Role, link string, expiresAt time.Time) Message {
	d := invitationData(orgName, inviterName, role, link, expiresAt)
	d.Reminder = true
	return render(KindInvitation, to, "Reminder: "+d.Inviter+" invited you to join "+d.Org+" on Roster", "invitation", d)
}

// VerificationEmail asks a new user to confirm that to is their address.
func VerificationEmail(to, name, link string) Message {
	d := templateData{Name: oneLine(name), Link: link}
	return render(KindVerification, to, "Verify your email address for Roster", "verification", d)
}

// PasswordResetEmail sends the link that sets a new password for the
// account of to; it works once and until expiresAt.
func PasswordResetEmail(to, name, link string, expiresAt time.Time) Message {
	d := templateData{Name: oneLine(name), Link: link, Expires: expiresAt.UTC().Format("January 2, 2006 at 15:04 UTC")}
	return render(KindPasswordReset, to, "Reset your Roster password", "password_reset", d)
}

// AutoJoinSkippedEmail tells an owner or admin of orgName that joiner, of
// the verified domain, could not join by auto-join because no seat was
// free; link opens the organization's seat settings.
func AutoJoinSkippedEmail(to, orgName, domain, joiner, link string) Message {
	d := templateData{Org: oneLine(orgName), Domain: oneLine(domain), Joiner: oneLine(joiner), Link: link}
	return render(KindDomain, to, joiner+" could not join "+d.Org+": no seat is free", "auto_join_skipped", d)
}

// DomainVerificationLostEmail tells an owner or admin of orgName that the
// TXT record of domain was not found in the last checks re-verifications:
// it is no longer verified and auto-join is paused; link opens the
// organization's domain settings.
func DomainVerificationLostEmail(to, orgName, domain, recordName, recordValue string, checks int, link string) Message {
	d := templateData{Org: oneLine(orgName), Domain: oneLine(domain), RecordName: recordName, RecordValue: recordValue,
		Checks: checks, Link: link}
	return render(KindDomain, to, "Verification of "+d.Domain+" was lost for "+d.Org, "domain_verification_lost", d)
}

// templateData is what the templates may show. Names come from users, so
// the HTML templates escape them and the subject takes them on one line.
type templateData struct {
	Name    string // the recipient's name, if known
	Org     string
	Inviter string
	Role    string // "Admin", "Member"
	Article string // "a" or "an", before Role
	Link    string
	Expires string
	// Reminder marks a resent invitation, whose new link replaces the old.
	Reminder bool
	// Domain emails: the domain, who tried to join, the TXT record, and
	// how many checks in a row failed.
	Domain      string
	Joiner      string
	RecordName  string
	RecordValue string
	Checks      int
}

func invitationData(orgName, inviterName string, role policy.Role, link string, expiresAt time.Time) templateData {
	d := templateData{
		Org:     oneLine(orgName),
		Inviter: oneLine(inviterName),
		Role:    roleName(role),
		Link:    link,
		Expires: expiresAt.UTC().Format("January 2, 2006 at 15:04 UTC"),
	}
	if d.Inviter == "" {
		d.Inviter = "Someone"
	}
	d.Article = "a"
	if strings.ContainsRune("AEIOU", rune(d.Role[0])) {
		d.Article = "an"
	}
	return d
}

// roleName shows a role the way the portal does.
func roleName(r policy.Role) string {
	switch r {
	case policy.Owner:
		return "Owner"
	case policy.Admin:
		return "Admin"
	case policy.Member:
		return "Member"
	}
	s := strings.ToLower(oneLine(string(r)))
	if s == "" {
		return "Member"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// oneLine folds runs of white space (line breaks included) into one space,
// so that a name cannot break a header or the layout of the text part.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func render(kind, to, subject, name string, d templateData) Message {
	var text, html strings.Builder
	// The templates are fixed and the data are strings: executing cannot
	// fail unless the templates are broken, which the tests would show.
	if err := textTemplates.ExecuteTemplate(&text, name, d); err != nil {
		panic(err)
	}
	if err := htmlTemplates.ExecuteTemplate(&html, name, d); err != nil {
		panic(err)
	}
	return Message{Kind: kind, To: to, Subject: subject, Text: text.String(), HTML: html.String()}
}

var textTemplates = texttemplate.Must(texttemplate.New("text").Parse(`
{{- define "invitation" -}}
Hi,

{{if .Reminder}}A reminder: {{end}}{{.Inviter}} invited you to join {{.Org}} on Roster as {{.Article}} {{.Role}}.

Accept the invitation:
{{.Link}}

{{if .Reminder}}This link replaces any earlier one, which no longer works. {{end -}}
The invitation expires on {{.Expires}}. If you did not expect it, you can ignore this email.
{{end}}

{{- define "verification" -}}
Hi{{with .Name}} {{.}}{{end}},

Confirm that this is your email address for Roster:
{{.Link}}

If you did not sign up for Roster, you can ignore this email.
{{end}}

{{- define "password_reset" -}}
Hi{{with .Name}} {{.}}{{end}},

Someone asked to reset the password of your Roster account. Choose a new password:
{{.Link}}

The link works once, until {{.Expires}}, and signs you out everywhere else. If you did not ask for it, you can ignore this email: your password stays as it is.
{{end}}

{{- define "auto_join_skipped" -}}
Hi,

{{.Joiner}} verified their email address at {{.Domain}}, a verified domain of {{.Org}} with auto-join on, but did not join: every seat is taken.

Upgrade to more seats, remove members or cancel pending invitations, then invite them:
{{.Link}}
{{end}}

{{- define "domain_verification_lost" -}}
Hi,

Roster could not find the DNS TXT record of {{.Domain}} in its last {{.Checks}} checks, so the domain is no longer verified for {{.Org}} and auto-join is paused.

Add the record again and verify the domain:
  Name:  {{.RecordName}}
  Value: {{.RecordValue}}

{{.Link}}
{{end}}
`))

// The HTML part keeps to tables and inline styles, which is what mail
// clients render alike; html/template escapes every name and checks links.
var htmlTemplates = htmltemplate.Must(htmltemplate.New("html").Parse(`
{{- define "head" -}}
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;background:#f5f5f7;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1d1d1f;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px;">
<tr><td style="font-size:15px;line-height:1.5;">
{{- end}}

{{- define "link" -}}
<p style="font-size:13px;color:#6e6e73;">Or paste this link into your browser:<br><a href="{{.}}" style="color:#1d4ed8;word-break:break-all;">{{.}}</a></p>
{{- end}}

{{- define "foot" -}}
</td></tr></table>
<p style="font-size:12px;color:#86868b;">Sent by Roster.</p>
</td></tr></table>
</body>
</html>
{{end}}

{{- define "invitation" -}}
{{template "head"}}
<h1 style="font-size:20px;margin:0 0 16px;">{{if .Reminder}}Reminder: join{{else}}Join{{end}} {{.Org}} on Roster</h1>
<p><strong>{{.Inviter}}</strong> invited you to join <strong>{{.Org}}</strong> on Roster as {{.Article}} {{.Role}}.</p>
<p style="margin:28px 0;"><a href="{{.Link}}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block;">Accept the invitation</a></p>
{{template "link" .Link}}
<p style="font-size:13px;color:#6e6e73;">{{if .Reminder}}This link replaces any earlier one, which no longer works. {{end -}}
The invitation expires on {{.Expires}}. If you did not expect it, you can ignore this email.</p>
{{template "foot"}}
{{- end}}

{{- define "verification" -}}
{{template "head"}}
<h1 style="font-size:20px;margin:0 0 16px;">Verify your email address</h1>
<p>Hi{{with .Name}} {{.}}{{end}}, confirm that this is your email address for Roster.</p>
<p style="margin:28px 0;"><a href="{{.Link}}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block;">Verify email address</a></p>
{{template "link" .Link}}
<p style="font-size:13px;color:#6e6e73;">If you did not sign up for Roster, you can ignore this email.</p>
{{template "foot"}}
{{- end}}

{{- define "password_reset" -}}
{{template "head"}}
<h1 style="font-size:20px;margin:0 0 16px;">Reset your password</h1>
<p>Hi{{with .Name}} {{.}}{{end}}, someone asked to reset the password of your Roster account.</p>
<p style="margin:28px 0;"><a href="{{.Link}}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block;">Choose a new password</a></p>
{{template "link" .Link}}
<p style="font-size:13px;color:#6e6e73;">The link works once, until {{.Expires}}, and signs you out everywhere else. If you did not ask for it, you can ignore this email: your password stays as it is.</p>
{{template "foot"}}
{{- end}}

{{- define "auto_join_skipped" -}}
{{template "head"}}
<h1 style="font-size:20px;margin:0 0 16px;">No seat for a new member of {{.Org}}</h1>
<p><strong>{{.Joiner}}</strong> verified their email address at <strong>{{.Domain}}</strong>, a verified domain of {{.Org}} with auto-join on, but did not join: every seat is taken.</p>
<p style="margin:28px 0;"><a href="{{.Link}}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block;">Upgrade seats</a></p>
{{template "link" .Link}}
<p style="font-size:13px;color:#6e6e73;">Upgrade to more seats, remove members or cancel pending invitations, then invite them.</p>
{{template "foot"}}
{{- end}}

{{- define "domain_verification_lost" -}}
{{template "head"}}
<h1 style="font-size:20px;margin:0 0 16px;">Verification of {{.Domain}} was lost</h1>
<p>Roster could not find the DNS TXT record of <strong>{{.Domain}}</strong> in its last {{.Checks}} checks, so the domain is no longer verified for <strong>{{.Org}}</strong> and auto-join is paused.</p>
<p>Add the record again and verify the domain:</p>
<p style="font-family:monospace;font-size:13px;word-break:break-all;">Name: {{.RecordName}}<br>Value: {{.RecordValue}}</p>
<p style="margin:28px 0;"><a href="{{.Link}}" style="background:#1d4ed8;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;display:inline-block;">Open domain settings</a></p>
{{template "link" .Link}}
{{template "foot"}}
{{- end}}
`))
