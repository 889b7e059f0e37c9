package mail

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/outboxemail"
	"github.com/rosterhq/roster/ent/predicate"
	"github.com/rosterhq/roster/server/database"
)

// DefaultRetention is how long a sent or abandoned email's row stays in
// the outbox, for an operator to see what left and when.
const DefaultRetention = 7 * 24 * time.Hour

// Worker delivers the outbox. Any number of workers, in one process or in
// several replicas, may share a database: each email is claimed with a
// conditional update (a lease) before it is sent, so only one of them sends
// it, and a lease left by a worker that died expires and the email is sent
// again by another.
//
// An email's body holds working links (tokens that are otherwise stored
// only as hashes), so it stays in the database no longer than it must:
// the update that marks an email SENT (or FAILED, given up) also empties
// its text and HTML, leaving who, what kind, the subject and when. Those
// rows are deleted once they are older than the retention, by every
// worker every hour (a plain DELETE: replicas doing it at once is
// harmless).
type Worker struct {
	client *ent.Client
	outbox *Outbox
	sender Sender
	logger *slog.Logger

	// The tunables; tests shorten them.
	maxAttempts  int           // attempts before an email is FAILED
	backoffBase  time.Duration // wait after the first failure, doubled after each
	backoffMax   time.Duration
	lease        time.Duration // how long a claim keeps other workers off a row
	sendTimeout  time.Duration // one delivery attempt; well under lease
	pollInterval time.Duration // looks for retries and other replicas' rows
	batchSize    int
	retention    time.Duration // how long finished rows are kept
	purgeEvery   time.Duration
}

// NewWorker returns a worker that takes emails from client's outbox and
// delivers them with sender. Run starts it; outbox wakes it after each
// commit that queued mail.
func NewWorker(client *ent.Client, outbox *Outbox, sender Sender, logger *slog.Logger) *Worker {
	if logger == nil {
		logger = slog.Default()
	}
	return &Worker{
		client:       client,
		outbox:       outbox,
		sender:       sender,
		logger:       logger,
		maxAttempts:  10,
		backoffBase:  2 * time.Second,
		backoffMax:   10 * time.Minute,
		lease:        time.Minute,
		sendTimeout:  30 * time.Second,
		pollInterval: time.Second,
		batchSize:    20,
		retention:    DefaultRetention,
		purgeEvery:   time.Hour,
	}
}

// KeepSentFor sets how long sent and abandoned emails' rows are kept
// (DefaultRetention when d is not positive) and returns w.
func (w *Worker) KeepSentFor(d time.Duration) *Worker {
	if d <= 0 {
		d = DefaultRetention
	}
	w.retention = d
	return w
}

// Run delivers until ctx is done: at once (whatever is due from before a
// restart), on every wake-up from the outbox, and every poll interval for
// retries, expired leases and rows queued by other replicas.
func (w *Worker) Run(ctx context.Context) {
	// The outbox belongs to no organization: the worker is system work.
	ctx = database.System(ctx)
	var wake <-chan struct{}
	if w.outbox != nil {
		wake = w.outbox.wake
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	purge := time.NewTicker(w.purgeEvery)
	defer purge.Stop()
	w.purgeFinished(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-purge.C:
			w.purgeFinished(ctx)
			continue
		case <-wake:
		case <-timer.C:
		}
		// A full batch may mean more is due: take the next at once.
		for more := true; more && ctx.Err() == nil; {
			more = w.deliverDue(ctx)
		}
		timer.Reset(w.pollInterval)
	}
}

// deliverDue sends one batch of due emails, each after claiming it, and
// reports whether the batch was full.
func (w *Worker) deliverDue(ctx context.Context) (full bool) {
	due, err := w.client.OutboxEmail.Query().
		Where(dueAt(database.Now())...).
		Order(outboxemail.ByNextAttemptAt(), outboxemail.ByID()).
		Limit(w.batchSize).
		All(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.logger.ErrorContext(ctx, "mail: read outbox", "error", err)
		}
		return false
	}
	for _, e := range due {
		if ctx.Err() != nil {
			return false
		}
		if lease, ok := w.claim(ctx, e); ok {
			w.deliver(ctx, e, lease)
		}
	}
	return len(due) == w.batchSize
}

// dueAt selects the emails to send at t: pending, due, and not leased.
func dueAt(t time.Time) []predicate.OutboxEmail {
	return []predicate.OutboxEmail{
		outboxemail.StatusEQ(outboxemail.StatusPENDING),
		outboxemail.NextAttemptAtLTE(t),
		outboxemail.Or(outboxemail.LockedUntilIsNil(), outboxemail.LockedUntilLT(t)),
	}
}

// claim leases e to this worker. The update repeats the conditions of the
// query, and the attempts it read, so it changes the row only if no other
// worker claimed or tried it in between; the database serializes the
// updates, so of several workers exactly one sees one row affected.
func (w *Worker) claim(ctx context.Context, e *ent.OutboxEmail) (lease time.Time, ok bool) {
	now := database.Now()
	lease = now.Add(w.lease)
	n, err := w.client.OutboxEmail.Update().
		Where(append(dueAt(now), outboxemail.IDEQ(e.ID), outboxemail.AttemptsEQ(e.Attempts))...).
		SetLockedUntil(lease).
		Save(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.logger.ErrorContext(ctx, "mail: claim email", "id", e.ID, "error", err)
		}
		return time.Time{}, false
	}
	return lease, n == 1
}

// deliver sends e, which this worker holds until lease, and records the
// outcome.
func (w *Worker) deliver(ctx context.Context, e *ent.OutboxEmail, lease time.Time) {
	sendCtx, cancel := context.WithTimeout(ctx, w.sendTimeout)
	err := w.sender.Send(sendCtx, Message{
		Kind: e.Kind, To: e.ToAddress, Subject: e.Subject, Text: e.TextBody, HTML: e.HTMLBody,
	})
	cancel()

	// The outcome is recorded even when shutdown cut the send short.
	dbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	// Only while the lease is ours: a worker that overran its lease has no
	// say over a row another worker may now hold.
	update := w.client.OutboxEmail.Update().
		Where(outboxemail.IDEQ(e.ID), outboxemail.LockedUntilEQ(lease)).
		ClearLockedUntil()
	log := w.logger.With("id", e.ID, "kind", e.Kind, "to", e.ToAddress)
	now := database.Now()
	attempts := e.Attempts + 1
	switch {
	case err == nil:
		update.SetStatus(outboxemail.StatusSENT).SetSentAt(now).SetTextBody("").SetHTMLBody("")
		log.InfoContext(ctx, "mail: email sent")
	case ctx.Err() != nil:
		// Shutting down: hand the email back untried.
		log.InfoContext(ctx, "mail: send interrupted by shutdown", "error", err)
	case attempts >= w.maxAttempts:
		update.SetAttempts(attempts).SetLastError(truncate(err.Error(), 500)).
			SetStatus(outboxemail.StatusFAILED).SetTextBody("").SetHTMLBody("")
		log.ErrorContext(ctx, "mail: email failed, giving up", "attempts", attempts, "error", err)
	default:
		retry := w.backoff(attempts)
		update.SetAttempts(attempts).SetLastError(truncate(err.Error(), 500)).
			SetNextAttemptAt(now.Add(retry))
		log.WarnContext(ctx, "mail: send failed, will retry", "attempts", attempts, "retryIn", retry, "error", err)
	}
	n, uerr := update.Save(dbCtx)
	switch {
	case uerr != nil:
		// The lease runs out and the email is tried again: at worst it is
		// sent twice, never lost.
		log.ErrorContext(ctx, "mail: record delivery", "error", uerr)
	case n == 0:
		log.WarnContext(ctx, "mail: lease expired before the delivery was recorded")
	}
}

// purgeFinished deletes the sent and abandoned emails queued longer ago
// than the retention. Their bodies are already empty; what goes is the
// record of who was sent what.
func (w *Worker) purgeFinished(ctx context.Context) {
	n, err := w.client.OutboxEmail.Delete().
		Where(
			outboxemail.StatusIn(outboxemail.StatusSENT, outboxemail.StatusFAILED),
			outboxemail.CreatedAtLT(database.Now().Add(-w.retention)),
		).
		Exec(ctx)
	switch {
	case err != nil && ctx.Err() == nil:
		w.logger.ErrorContext(ctx, "mail: purge sent emails", "error", err)
	case n > 0:
		w.logger.InfoContext(ctx, "mail: purged sent emails", "deleted", n, "olderThan", w.retention)
	}
}

// backoff is the wait before attempt number attempts+1: backoffBase doubled
// per failure, capped at backoffMax, give or take a tenth so that emails
// failing together do not retry together.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.backoffBase
	for i := 1; i < attempts && d < w.backoffMax; i++ {
		d *= 2
	}
	d = min(d, w.backoffMax)
	return d - d/10 + rand.N(d/5+1)
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
