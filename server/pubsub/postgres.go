package pubsub

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rosterhq/roster/ent"
)

// channel is the PostgreSQL NOTIFY channel of Roster's notices.
const channel = "roster_changes"

// Postgres is the Transport of replicas sharing one PostgreSQL database:
// NOTIFY to send, one LISTEN connection per replica to receive.
type Postgres struct {
	url    string
	pool   *pgxpool.Pool
	hub    *Hub
	logger *slog.Logger
}

// NewPostgres connects a hub to the other replicas through the database at
// url. Run must be running for notices to arrive.
func NewPostgres(ctx context.Context, url string, hub *Hub, logger *slog.Logger) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Postgres{url: url, pool: pool, hub: hub, logger: logger}, nil
}

// Send notifies every replica. A failure is logged: subscribers on every
// replica miss this change until the next one.
func (p *Postgres) Send(ctx context.Context, topic string) error {
	_, err := p.pool.Exec(ctx, "SELECT pg_notify($1, $2)", channel, topic)
	if err != nil {
		p.logger.WarnContext(ctx, "pubsub: sending a change notice failed", "topic", topic, "error", err)
	}
	return err
}

// SendInTx notifies every replica when tx commits: NOTIFY inside a
// transaction is delivered by PostgreSQL at commit, and dropped on
// rollback. Notices of one transaction with the same topic are sent once.
func (p *Postgres) SendInTx(ctx context.Context, tx *ent.Tx, topic string) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, topic)
	return err
}

// Run listens until ctx is done, reconnecting after failures; after a
// reconnect every subscriber reads the state again, as notices may have
// been missed meanwhile.
func (p *Postgres) Run(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for first := true; ctx.Err() == nil; first = false {
		err := p.listen(ctx, func() {
			backoff = 100 * time.Millisecond
			if !first {
				p.hub.DeliverAll()
			}
		})
		if ctx.Err() != nil {
			return
		}
		p.logger.Warn("pubsub: listening to PostgreSQL failed; reconnecting", "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func (p *Postgres) listen(ctx context.Context, connected func()) error {
	conn, err := pgx.Connect(ctx, p.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return err
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == channel {
			p.hub.Deliver(n.Payload)
		}
	}
}

// Close closes the connections.
func (p *Postgres) Close() { p.pool.Close() }
