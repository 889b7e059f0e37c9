package mail

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/mail/mailtest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func testEmail(to string) Message {
	return VerificationEmail(to, "", "http://localhost:8080/verify-email?token="+strings.ReplaceAll(to, "@", "-"))
}

func outboxRows(t *testing.T, client *ent.Client) []*ent.OutboxEmail {
	t.Helper()
	rows, err := client.OutboxEmail.Query().Order(outboxemail.ByCreatedAt(), outboxemail.ByID()).All(database.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func rowTo(t *testing.T, client *ent.Client, to string) *ent.OutboxEmail {
	t.Helper()
	row, err := client.OutboxEmail.Query().Where(outboxemail.ToAddress(to)).Only(database.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// The outbox is part of the caller's transaction: a rolled-back change
// sends nothing, a committed one is sent at once, woken by the commit
// rather than found by polling.
func TestOutboxFollowsTheTransaction(t *testing.T) {
	server := mailtest.NewServer(t)
	client := newClient(t)
	sender, err := NewSMTPSender(server.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	outbox := NewOutbox()
	w := NewWorker(client, outbox, sender, quiet)
	w.pollInterval = time.Hour // only a wake-up can deliver
	start(t, w)

	tests := []struct {
		name   string
		commit bool
	}{
		{"committed", true},
		{"rolled back", false},
		{"committed after a rollback", true},
		{"committed again", true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			to := fmt.Sprintf("user%d@example.com", i)
			enqueue(t, client, outbox, tt.commit, testEmail(to))
			if !tt.commit {
				return // checked below: it never reaches the outbox
			}
			m := server.WaitFor(t, to, nil, time.Second)
			if want := "http://localhost:8080/verify-email?token=" + strings.ReplaceAll(to, "@", "-"); !strings.Contains(m.Text, want) {
				t.Errorf("delivered text lacks %s:\n%s", want, m.Text)
			}
		})
	}

	// Everything committed arrived (WaitFor above); now nothing else did.
	var rows []*ent.OutboxEmail
	eventually(t, 5*time.Second, "the deliveries to be recorded", func() bool {
		rows = outboxRows(t, client)
		for _, r := range rows {
			if r.Status == outboxemail.StatusPENDING {
				return false
			}
		}
		return true
	})
	if len(rows) != 3 {
		t.Errorf("%d emails in the outbox, want the 3 committed", len(rows))
	}
	for _, r := range rows {
		if r.ToAddress == "user1@example.com" {
			t.Errorf("rolled-back email is in the outbox: %+v", r)
		}
		if r.Status != outboxemail.StatusSENT || r.SentAt == nil || r.LockedUntil != nil || r.Attempts != 0 || r.Kind != KindVerification {
			t.Errorf("row after delivery: %+v", r)
		}
		// The body (and the working link in it) goes with the delivery;
		// who, what and when stay.
		if r.TextBody != "" || r.HTMLBody != "" || r.Subject == "" || r.ToAddress == "" {
			t.Errorf("row after delivery keeps text %q, HTML %q (subject %q, to %q)", r.TextBody, r.HTMLBody, r.Subject, r.ToAddress)
		}
	}
	if got := server.Messages(); len(got) != 3 {
		t.Errorf("server got %d emails, want 3", len(got))
	}
}

func TestOutboxWakesAfterCommitOnly(t *testing.T) {
	client := newClient(t)
	tests := []struct {
		name     string
		commit   bool
		wantWake int
	}{
		{"rolled back", false, 0},
		{"committed", true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outbox := NewOutbox()
			// Two emails in one transaction make one wake-up, and the
			// commit never blocks on a worker that is not listening.
			enqueue(t, client, outbox, tt.commit, testEmail("ann@example.com"), testEmail("bob@example.com"))
			if got := len(outbox.wake); got != tt.wantWake {
				t.Errorf("%d wake-ups pending, want %d", got, tt.wantWake)
			}
		})
	}
}

// A lease protects an email while its worker sends it; the lease of a
// worker that died runs out and another worker sends the email.
func TestWorkerLeases(t *testing.T) {
	server := mailtest.NewServer(t)
	client := newClient(t)
	outbox := NewOutbox()
	enqueue(t, client, outbox, true, testEmail("held@example.com"), testEmail("orphan@example.com"))
	ctx := database.System(context.Background())
	leases := map[string]time.Time{
		"held@example.com":   database.Now().Add(time.Hour),    // a live worker is sending it
		"orphan@example.com": database.Now().Add(-time.Second), // its worker died
	}
	for to, until := range leases {
		if err := client.OutboxEmail.Update().Where(outboxemail.ToAddress(to)).SetLockedUntil(until).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sender, err := NewSMTPSender(server.URL(), "")
	if err != nil {
		t.Fatal(err)
	}
	start(t, fast(NewWorker(client, outbox, sender, quiet), 10))

	server.WaitFor(t, "orphan@example.com", nil, 5*time.Second)
	eventually(t, 5*time.Second, "the orphan to be recorded as sent", func() bool {
		return rowTo(t, client, "orphan@example.com").Status == outboxemail.StatusSENT
	})
	if held := rowTo(t, client, "held@example.com"); held.Status != outboxemail.StatusPENDING || held.Attempts != 0 || !strings.Contains(held.TextBody, "token=") {
		t.Errorf("leased email was touched: %+v", held)
	}
	for _, m := range server.Messages() {
		if m.To[0] == "held@example.com" {
			t.Error("leased email was sent by a second worker")
		}
	}
}

// A server that is down or refuses is retried with backoff until it takes
// the email or the attempts run out.
func TestWorkerRetries(t *testing.T) {
	const maxAttempts = 4
	tests := []struct {
		name         string
		refuse       int  // times the server refuses; -1 for ever
		down         bool // nothing listens
		wantStatus   outboxemail.Status
		wantAttempts int
		wantError    string
		wantAccepted int
	}{
		{name: "refused twice, then sent", refuse: 2, wantStatus: outboxemail.StatusSENT, wantAttempts: 2, wantError: "try again later", wantAccepted: 1},
		{name: "always refused", refuse: -1, wantStatus: outboxemail.StatusFAILED, wantAttempts: maxAttempts, wantError: "try again later"},
		{name: "server down", down: true, wantStatus: outboxemail.StatusFAILED, wantAttempts: maxAttempts, wantError: "connection refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var server *refusingServer
			url := "smtp://" + deadAddress(t)
			if !tt.down {
				server = newRefusingServer(t, "127.0.0.1:0", tt.refuse)
				url = server.URL()
			}
			client := newClient(t)
			sender, err := NewSMTPSender(url, "")
			if err != nil {
				t.Fatal(err)
			}
			outbox := NewOutbox()
			start(t, fast(NewWorker(client, outbox, sender, quiet), maxAttempts))
			enqueue(t, client, outbox, true, testEmail("ann@example.com"))

			var row *ent.OutboxEmail
			eventually(t, 10*time.Second, "the email to be sent or given up", func() bool {
				row = outboxRows(t, client)[0]
				return row.Status != outboxemail.StatusPENDING
			})
			if row.Status != tt.wantStatus || row.Attempts != tt.wantAttempts {
				t.Errorf("status %s after %d attempts, want %s after %d", row.Status, row.Attempts, tt.wantStatus, tt.wantAttempts)
			}
			if !strings.Contains(row.LastError, tt.wantError) || len(row.LastError) > 500 {
				t.Errorf("last error %q, want one containing %q", row.LastError, tt.wantError)
			}
			if row.LockedUntil != nil {
				t.Errorf("lease left on the row: %v", row.LockedUntil)
			}
			if (row.SentAt != nil) != (tt.wantStatus == outboxemail.StatusSENT) {
				t.Errorf("sent_at %v with status %s", row.SentAt, row.Status)
			}
			// Sent or given up, nothing will read the body again.
			if row.TextBody != "" || row.HTMLBody != "" {
				t.Errorf("%s row keeps its body: text %q, HTML %q", row.Status, row.TextBody, row.HTMLBody)
			}
			if server != nil {
				refused, accepted := server.counts()
				wantRefused := tt.refuse
				if tt.refuse < 0 {
					wantRefused = maxAttempts
				}
				if refused != wantRefused || accepted != tt.wantAccepted {
					t.Errorf("server refused %d and accepted %d, want %d and %d", refused, accepted, wantRefused, tt.wantAccepted)
				}
			}
		})
	}
}

// Several workers (replicas) on one database send each email exactly once.
func TestWorkersSendEachEmailOnce(t *testing.T) {
	const emails = 200
	server := mailtest.NewServer(t)
	client := newClient(t)
	outbox := NewOutbox()
	msgs := make([]Message, emails)
	for i := range msgs {
		msgs[i] = testEmail(fmt.Sprintf("user%03d@example.com", i))
	}
	enqueue(t, client, outbox, true, msgs...)

	for _, from := range []string{"worker-a@example.com", "worker-b@example.com"} {
		sender, err := NewSMTPSender(server.URL(), from)
		if err != nil {
			t.Fatal(err)
		}
		// Each replica has its own outbox; only polling tells one about
		// the other's rows.
		start(t, fast(NewWorker(client, NewOutbox(), sender, quiet), 10))
	}

	eventually(t, 15*time.Second, "every email to be recorded as sent", func() bool {
		n, err := client.OutboxEmail.Query().Where(outboxemail.StatusEQ(outboxemail.StatusSENT)).Count(database.System(context.Background()))
		if err != nil {
			t.Fatal(err)
		}
		return n == emails
	})
	got := map[string]int{}
	byWorker := map[string]int{}
	for _, m := range server.Messages() {
		for _, to := range m.To {
			got[to]++
		}
		byWorker[m.From]++
	}
	for i := range emails {
		to := fmt.Sprintf("user%03d@example.com", i)
		if got[to] != 1 {
			t.Errorf("%s got %d emails, want 1", to, got[to])
		}
	}
	if len(server.Messages()) != emails {
		t.Errorf("server got %d emails, want %d", len(server.Messages()), emails)
	}
	t.Logf("emails sent by worker: %v", byWorker)
}

func TestBackoff(t *testing.T) {
	w := NewWorker(nil, nil, nil, quiet)
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{1, 2 * time.Second},
		{2, 4 * time.Second},
		{3, 8 * time.Second},
		{9, 512 * time.Second},
		{10, 10 * time.Minute},
		{50, 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.attempts), func(t *testing.T) {
			for range 100 {
				if got := w.backoff(tt.attempts); got < tt.want-tt.want/10 || got > tt.want+tt.want/10 {
					t.Fatalf("backoff(%d) = %s, want %s ± 10%%", tt.attempts, got, tt.want)
				}
			}
		})
	}
}

func TestEnqueueRefuses(t *testing.T) {
	client := newClient(t)
	tests := []struct {
		name string
		msg  Message
	}{
		{"no recipient", Message{Kind: "test", Subject: "s"}},
		{"no kind", Message{To: "ann@example.com", Subject: "s"}},
		{"line break in recipient", Message{Kind: "test", To: "ann@example.com\r\nBcc: eve@example.com", Subject: "s"}},
		{"line break in subject", Message{Kind: "test", To: "ann@example.com", Subject: "s\nBcc: eve@example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := client.Tx(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if err := NewOutbox().Enqueue(context.Background(), tx, tt.msg); err == nil {
				t.Error("Enqueue accepted the message")
			}
		})
	}
}

// Rows of sent and abandoned emails are deleted once older than the
// retention, by the worker as it starts (and hourly); pending emails stay
// however old, and so do finished ones inside the retention.
func TestWorkerPurgesFinishedEmails(t *testing.T) {
	client := newClient(t)
	outbox := NewOutbox()
	ctx := database.System(context.Background())
	day := 24 * time.Hour
	rows := []struct {
		to     string
		status outboxemail.Status
		age    time.Duration
		kept   bool
	}{
		{"sent-old@example.com", outboxemail.StatusSENT, 8 * day, false},
		{"failed-old@example.com", outboxemail.StatusFAILED, 8 * day, false},
		{"sent-recent@example.com", outboxemail.StatusSENT, 6 * day, true},
		{"pending-old@example.com", outboxemail.StatusPENDING, 8 * day, true},
	}
	for _, r := range rows {
		m := testEmail(r.to)
		// A pending one is not due: the worker must not deliver it here.
		if err := client.OutboxEmail.Create().SetKind(m.Kind).SetToAddress(m.To).SetSubject(m.Subject).
			SetTextBody(m.Text).SetHTMLBody(m.HTML).SetStatus(r.status).
			SetCreatedAt(database.Now().Add(-r.age)).SetNextAttemptAt(database.Now().Add(time.Hour)).
			Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Two workers, as two replicas: both purge, neither fails.
	for range 2 {
		start(t, NewWorker(client, outbox, NewDevMailbox(quiet), quiet).KeepSentFor(7*day))
	}
	eventually(t, 5*time.Second, "the old finished rows to be purged", func() bool { return len(outboxRows(t, client)) == 2 })
	left := map[string]bool{}
	for _, r := range outboxRows(t, client) {
		left[r.ToAddress] = true
	}
	for _, r := range rows {
		if left[r.to] != r.kept {
			t.Errorf("%s (%s, %s old): kept %v, want %v", r.to, r.status, r.age, left[r.to], r.kept)
		}
	}
}
