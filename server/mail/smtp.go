package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/url"
	"slices"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// DefaultFrom is the From address when ROSTER_MAIL_FROM is unset.
const DefaultFrom = "Roster <roster@localhost>"

// smtpTimeout bounds connecting and each step of the SMTP conversation, so
// that a stalled server costs the worker one attempt, not its lease.
const smtpTimeout = 15 * time.Second

// smtpSender delivers over SMTP. It dials once per message: Roster sends
// few emails, and a fresh connection never trips over a server that closed
// an idle one.
type smtpSender struct {
	host       string
	from       string
	opts       []gomail.Option
	user, pass string // no authentication when user is empty
}

// NewSMTPSender returns a Sender for the server at rawURL:
//
//	smtp://host:port            STARTTLS when the server offers it (port 587 by default)
//	smtp://user:pass@host:port  STARTTLS required, then PLAIN or LOGIN authentication
//	smtps://host:port           TLS from the first byte (port 465 by default)
//
// Credentials are sent only over TLS, whatever the host: a server that
// does not offer STARTTLS gets no password (and no email), since anyone on
// the path, or a downgrade that strips STARTTLS from the server's answer,
// would otherwise read it. from is the From address; empty means
// DefaultFrom.
func NewSMTPSender(rawURL, from string) (Sender, error) {
	return newSMTPSender(rawURL, from, nil)
}

// newSMTPSender is NewSMTPSender with a TLS configuration (tests trust
// their own certificate with it); nil means go-mail's default, which
// verifies the server's certificate against the system's roots.
func newSMTPSender(rawURL, from string, tlsConfig *tls.Config) (Sender, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error quotes the URL, password and all: keep only the reason.
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("mail: SMTP URL: %w", err)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("mail: SMTP URL %q has no host", u.Redacted())
	}
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	var port int
	switch u.Scheme {
	case "smtp":
		port = 587
		if u.User != nil {
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		} else {
			opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
		}
	case "smtps":
		port = 465
		opts = append(opts, gomail.WithSSL())
	default:
		return nil, fmt.Errorf("mail: SMTP URL %q: scheme must be smtp or smtps", u.Redacted())
	}
	if p := u.Port(); p != "" {
		port, err = strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("mail: SMTP URL %q: bad port", u.Redacted())
		}
	}
	opts = append(opts, gomail.WithPort(port))
	if tlsConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(tlsConfig))
	}
	if from == "" {
		from = DefaultFrom
	}
	if _, err := netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("mail: From address %q: %w", from, err)
	}
	// Fail now, at start-up, on options go-mail refuses.
	if _, err := gomail.NewClient(host, opts...); err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	s := &smtpSender{host: host, from: from, opts: opts}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

// Send delivers m as multipart/alternative (text, then HTML).
func (s *smtpSender) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	opts := s.opts
	if s.user != "" {
		// A new Auth for each message: it keeps the chosen mechanism.
		auth := &plainOrLogin{user: s.user, pass: s.pass, host: s.host}
		opts = append(slices.Clip(opts), gomail.WithSMTPAuthCustom(auth))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}

// plainOrLogin authenticates with PLAIN, or LOGIN when the server offers
// only that: what submission servers take. It runs only over TLS (the
// policy above); the mechanisms themselves would also refuse to send a
// password in the clear to anything but localhost.
type plainOrLogin struct {
	user, pass, host string
	smtp.Auth
}

func (a *plainOrLogin) Start(server *smtp.ServerInfo) (string, []byte, error) {
	switch {
	case slices.Contains(server.Auth, "PLAIN"):
		a.Auth = smtp.PlainAuth("", a.user, a.pass, a.host, false)
	case slices.Contains(server.Auth, "LOGIN"):
		a.Auth = smtp.LoginAuth(a.user, a.pass, a.host, false)
	default:
		return "", nil, errors.New("SMTP server offers neither PLAIN nor LOGIN authentication")
	}
	return a.Auth.Start(server)
}
