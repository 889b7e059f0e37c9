package mail

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/database/databasetest"
)

// newClient opens a migrated, empty database of the test's own (the outbox
// tests count rows, so they cannot share one with other tests).
func newClient(t *testing.T) *ent.Client {
	t.Helper()
	client, err := database.Open(databasetest.URL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	if err := database.Migrate(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	return client
}

// start runs w until the test ends.
func start(t *testing.T, w *Worker) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// fast shortens w's waits so that retries happen within a test.
func fast(w *Worker, maxAttempts int) *Worker {
	w.maxAttempts = maxAttempts
	w.backoffBase = 10 * time.Millisecond
	w.backoffMax = 40 * time.Millisecond
	w.pollInterval = 10 * time.Millisecond
	w.sendTimeout = 5 * time.Second
	return w
}

// enqueue queues msgs in one transaction and commits it, or rolls it back.
func enqueue(t *testing.T, client *ent.Client, outbox *Outbox, commit bool, msgs ...Message) {
	t.Helper()
	ctx := context.Background()
	tx, err := client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := outbox.Enqueue(ctx, tx, m); err != nil {
			_ = tx.Rollback()
			t.Fatal(err)
		}
	}
	if commit {
		err = tx.Commit()
	} else {
		err = tx.Rollback()
	}
	if err != nil {
		t.Fatal(err)
	}
}

// eventually polls cond until it holds, failing the test after timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// refusingServer is a real SMTP server that answers DATA with a temporary
// failure (451) the first refuse times and accepts afterwards; refuse < 0
// refuses for ever. It stands for a mail relay that is down or throttling.
type refusingServer struct {
	addr string

	mu       sync.Mutex
	refuse   int
	refused  int
	accepted int
	auths    int
	wire     []byte // every byte clients sent, as an eavesdropper sees them
}

func newRefusingServer(t *testing.T, addr string, refuse int) *refusingServer {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	s := &refusingServer{addr: l.Addr().String(), refuse: refuse}
	l = recordingListener{Listener: l, s: s}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &refusingSession{s}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		_ = srv.Close()
		<-done
	})
	return s
}

func (s *refusingServer) URL() string { return "smtp://" + s.addr }

// sent returns what clients sent it, byte for byte.
func (s *refusingServer) sent() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.wire)
}

// recordingListener keeps what its connections read, for refusingServer.
type recordingListener struct {
	net.Listener
	s *refusingServer
}

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return recordingConn{Conn: c, s: l.s}, nil
}

type recordingConn struct {
	net.Conn
	s *refusingServer
}

func (c recordingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.s.mu.Lock()
	c.s.wire = append(c.s.wire, b[:n]...)
	c.s.mu.Unlock()
	return n, err
}

func (s *refusingServer) counts() (refused, accepted int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refused, s.accepted
}

type refusingSession struct{ s *refusingServer }

func (r *refusingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (r *refusingSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (r *refusingSession) Reset()                               {}
func (r *refusingSession) Logout() error                        { return nil }

// It offers PLAIN, with any password, like mailtest's server.
func (r *refusingSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (r *refusingSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(string, string, string) error {
		r.s.mu.Lock()
		r.s.auths++
		r.s.mu.Unlock()
		return nil
	}), nil
}

func (r *refusingSession) Data(body io.Reader) error {
	if _, err := io.Copy(io.Discard, body); err != nil {
		return err
	}
	r.s.mu.Lock()
	defer r.s.mu.Unlock()
	if r.s.refuse < 0 || r.s.refused < r.s.refuse {
		r.s.refused++
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	r.s.accepted++
	return nil
}

// deadAddress returns a loopback address nothing listens on.
func deadAddress(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}
