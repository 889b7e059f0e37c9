// Package mailtest runs a real SMTP server in tests: it listens on
// loopback, takes every message (with or without authentication), parses
// it, and lets a test wait for the email a change should have sent and pull
// the token out of its link.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one email the server received.
type Message struct {
	From    string   // the envelope sender (MAIL FROM)
	To      []string // the envelope recipients (RCPT TO)
	Subject string   // decoded
	Text    string   // the text/plain part, decoded, lines ending in "\n"
	HTML    string   // the text/html part, decoded, lines ending in "\n"
	Raw     []byte   // the message as received
}

// Server is a real SMTP server on 127.0.0.1 that keeps every message.
type Server struct {
	srv  *smtp.Server
	addr string

	mu       sync.Mutex
	messages []Message
	auths    []Auth
	returned map[int]bool  // indexes of messages a WaitFor returned
	changed  chan struct{} // closed and replaced on each new message

	clientTLS *tls.Config // trusts the server's certificate; nil without TLS
}

// Auth is one successful authentication the server received.
type Auth struct {
	Username, Password string
	TLS                bool // the connection was encrypted (STARTTLS) when it came
}

// NewServer starts a server on a random loopback port; it stops when the
// test ends. It accepts any credentials or none and offers no TLS, so a
// client URL without TLS and without credentials (smtp://host:port)
// reaches it directly.
func NewServer(t testing.TB) *Server {
	t.Helper()
	return newServer(t, nil)
}

// NewTLSServer starts a server that offers STARTTLS with a certificate of
// its own for 127.0.0.1 and localhost, and takes credentials only after
// it; ClientTLS gives a configuration that trusts that certificate.
func NewTLSServer(t testing.TB) *Server {
	t.Helper()
	cert, pool := selfSigned(t)
	return newServer(t, &tlsPair{
		server: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		client: &tls.Config{RootCAs: pool, ServerName: "localhost", MinVersion: tls.VersionTLS12},
	})
}

type tlsPair struct{ server, client *tls.Config }

func newServer(t testing.TB, tp *tlsPair) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s := &Server{addr: l.Addr().String(), returned: map[int]bool{}, changed: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{server: s, conn: c}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = tp == nil
	if tp != nil {
		s.srv.TLSConfig = tp.server
		s.clientTLS = tp.client
	}
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.MaxRecipients = 100
	s.srv.ReadTimeout = 30 * time.Second
	s.srv.WriteTimeout = 30 * time.Second
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("mailtest: serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = s.srv.Close()
		<-done
	})
	return s
}

// URL is the server's address for ROSTER_SMTP_URL.
func (s *Server) URL() string { return "smtp://" + s.addr }

// ClientTLS is a TLS configuration that trusts a NewTLSServer's
// certificate (nil for NewServer).
func (s *Server) ClientTLS() *tls.Config { return s.clientTLS }

// Auths returns the authentications received so far, oldest first.
func (s *Server) Auths() []Auth {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Auth(nil), s.auths...)
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool
// that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mailtest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Messages returns every message received so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// WaitFor returns the first message to the address to (compared without
// case) that match accepts (nil accepts any) and that no earlier WaitFor
// returned; it fails the test if none arrives within timeout.
func (s *Server) WaitFor(t testing.TB, to string, match func(Message) bool, timeout time.Duration) Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, changed := s.messages[:len(s.messages):len(s.messages)], s.changed
		s.mu.Unlock()
		// match runs without the lock: it may call Messages.
		for i, m := range msgs {
			if !addressedTo(m, to) || (match != nil && !match(m)) {
				continue
			}
			if s.take(i) {
				return m
			}
		}
		n := len(msgs)
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("mailtest: no matching email to %s within %s (%d received: %s)", to, timeout, n, s.summary())
			return Message{}
		}
	}
}

// take marks message i returned, unless a WaitFor already returned it.
func (s *Server) take(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.returned[i] {
		return false
	}
	s.returned[i] = true
	return true
}

func addressedTo(m Message, to string) bool {
	for _, rcpt := range m.To {
		if strings.EqualFold(rcpt, to) {
			return true
		}
	}
	return false
}

// summary lists what was received, for the message of a failed wait.
func (s *Server) summary() string {
	var b strings.Builder
	for i, m := range s.Messages() {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%v %q", m.To, m.Subject)
	}
	return b.String()
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// TokenFrom returns the token= query value of the first link in m's text
// part whose URL contains pathPart (e.g. "/invitations/accept"); it fails
// the test if there is none.
func TokenFrom(t testing.TB, m Message, pathPart string) string {
	t.Helper()
	for _, raw := range linkPattern.FindAllString(m.Text, -1) {
		if !strings.Contains(raw, pathPart) {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if token := u.Query().Get("token"); token != "" {
			return token
		}
	}
	t.Fatalf("mailtest: no link containing %q with a token in email %q to %v:\n%s", pathPart, m.Subject, m.To, m.Text)
	return ""
}

// linkPattern finds links in text; a link ends at white space, or before
// punctuation that ends a sentence.
var linkPattern = regexp.MustCompile(`https?://[^\s<>"']+[^\s<>"'.,;:!?)\]]`)

// session is one SMTP conversation; it takes any sender, recipient and
// credentials.
type session struct {
	server *Server
	conn   *smtp.Conn
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		_, encrypted := s.conn.TLSConnectionState()
		s.server.mu.Lock()
		defer s.server.mu.Unlock()
		s.server.auths = append(s.server.auths, Auth{Username: user, Password: pass, TLS: encrypted})
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		// Roster sent something a mail client could not read: keep it for
		// the test to see, and refuse it as a real server might.
		m = Message{Raw: raw}
		err = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "mailtest: " + err.Error()}
	}
	m.From, m.To = s.from, append([]string(nil), s.to...)
	s.server.add(m)
	return err
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }

// parse reads a message's subject and its text and HTML parts.
func parse(raw []byte) (Message, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Raw: raw}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, fmt.Errorf("subject: %w", err)
	}
	if err := walk(&m, msg.Header, msg.Body); err != nil {
		return Message{}, err
	}
	return m, nil
}

// header is what walk needs of a message's or a part's header.
type header interface{ Get(string) string }

// walk finds the text/plain and text/html parts in a (possibly nested)
// MIME body and decodes them.
func walk(m *Message, h header, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain"
	}
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", mediaType, err)
			}
			if err := walk(m, p.Header, p); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))); enc {
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // skips line breaks
	case "", "7bit", "8bit", "binary":
	default:
		return fmt.Errorf("unknown transfer encoding %q", enc)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s body: %w", mediaType, err)
	}
	// SMTP carries lines ending in CRLF; tests compare with what Roster
	// rendered, which ends them in LF.
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch {
	case mediaType == "text/plain" && m.Text == "":
		m.Text = text
	case mediaType == "text/html" && m.HTML == "":
		m.HTML = text
	}
	return nil
}
