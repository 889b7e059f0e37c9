package mail

import (
	"context"
	"encoding/json"
	"html/template"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// devMailboxSize is how many emails the dev mailbox keeps.
const devMailboxSize = 500

// DevMailbox is the Sender used in development (ROSTER_DEV) when no SMTP
// server is configured: it keeps the last 500 emails in memory, shown at
// /dev/mail, so that someone running Roster locally can follow every
// invitation and verification link without a mail server. It logs that an
// email arrived, never its links: those carry tokens, and logs travel
// further than the mailbox.
type DevMailbox struct {
	logger *slog.Logger

	mu       sync.Mutex
	messages []DevMessage // oldest first
}

// DevMessage is an email as the dev mailbox received it.
type DevMessage struct {
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Text    string    `json:"text"`
	HTML    string    `json:"html"`
	SentAt  time.Time `json:"sentAt"`
}

// NewDevMailbox returns an empty dev mailbox logging to logger.
func NewDevMailbox(logger *slog.Logger) *DevMailbox {
	if logger == nil {
		logger = slog.Default()
	}
	return &DevMailbox{logger: logger}
}

// Send keeps m and logs that it came (without its body or links).
func (d *DevMailbox) Send(ctx context.Context, m Message) error {
	dm := DevMessage{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, SentAt: time.Now().UTC()}
	d.mu.Lock()
	if len(d.messages) >= devMailboxSize {
		d.messages = slices.Delete(d.messages, 0, len(d.messages)-devMailboxSize+1)
	}
	d.messages = append(d.messages, dm)
	d.mu.Unlock()
	d.logger.InfoContext(ctx, "dev mailbox: email (no SMTP server configured; see /dev/mail)",
		"kind", m.Kind, "to", m.To, "subject", m.Subject)
	return nil
}

// Messages returns the kept emails, newest first.
func (d *DevMailbox) Messages() []DevMessage {
	d.mu.Lock()
	out := slices.Clone(d.messages)
	d.mu.Unlock()
	slices.Reverse(out)
	return out
}

// Handler serves the mailbox: a page at /dev/mail and a JSON array at
// /dev/mail.json (any path ending in ".json"), newest email first.
func (d *DevMailbox) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		msgs := d.Messages()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if strings.HasSuffix(r.URL.Path, ".json") {
			w.Header().Set("Content-Type", "application/json")
			if msgs == nil {
				msgs = []DevMessage{}
			}
			_ = json.NewEncoder(w).Encode(msgs)
			return
		}
		page := make([]devPageMessage, len(msgs))
		for i, m := range msgs {
			page[i] = devPageMessage{DevMessage: m, Links: links(m.Text)}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// Everything shown is escaped; the HTML parts also run in a sandbox
		// (no scripts, an opaque origin), and the page needs no script. Added
		// to (not replacing) the policy the router gives every page: both
		// hold.
		w.Header().Add("Content-Security-Policy", "script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
		if err := devMailPage.Execute(w, page); err != nil {
			d.logger.ErrorContext(r.Context(), "dev mailbox: render page", "error", err)
		}
	})
}

type devPageMessage struct {
	DevMessage
	Links []string
}

// linkPattern finds the links in a text part; they end at white space or
// at characters that cannot end a URL in prose.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"']+[^\s<>"'.,;:!?)\]]`)

// links returns the links in text, in order.
func links(text string) []string { return linkPattern.FindAllString(text, -1) }

var devMailPage = template.Must(template.New("devmail").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Roster dev mailbox</title>
<style>
body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;max-width:960px;padding:0 16px;color:#1d1d1f}
article{border:1px solid #d2d2d7;border-radius:8px;padding:16px;margin:16px 0}
h2{font-size:17px;margin:0 0 4px}
.meta{color:#6e6e73;font-size:13px;margin:0 0 12px}
pre{white-space:pre-wrap;background:#f5f5f7;padding:12px;border-radius:6px;font-size:13px}
iframe{width:100%;height:420px;border:1px solid #d2d2d7;border-radius:6px}
ul.links{padding-left:20px}
</style>
</head>
<body>
<h1>Dev mailbox</h1>
<p>Emails Roster sent while no SMTP server is configured (ROSTER_SMTP_URL), newest first; the last 500 are kept until restart. Also as <a href="/dev/mail.json">JSON</a>.</p>
{{range .}}
<article>
<h2>{{.Subject}}</h2>
<p class="meta">To {{.To}} &middot; <time datetime="{{.SentAt.Format "2006-01-02T15:04:05Z07:00"}}">{{.SentAt.Format "2006-01-02 15:04:05 UTC"}}</time></p>
{{if .Links}}<ul class="links">{{range .Links}}<li><a href="{{.}}">{{.}}</a></li>{{end}}</ul>{{end}}
<pre>{{.Text}}</pre>
{{if .HTML}}<details><summary>HTML part</summary><iframe sandbox srcdoc="{{.HTML}}" title="HTML part"></iframe></details>{{end}}
</article>
{{else}}
<p>No emails yet.</p>
{{end}}
</body>
</html>
`))
