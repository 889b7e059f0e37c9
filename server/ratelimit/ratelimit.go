// Package ratelimit owns Roster's rate limits: how many sign-in failures,
// sign-ups, emails and invitations a client address, an account or an
// organization may cause in a window of time, and the refusal
// (RATE_LIMITED, with extensions.retryAfter in whole seconds) when that is
// exceeded.
//
// Counts live in the database (the rate_counters table), not in a process,
// so that every replica of a PostgreSQL deployment sees the same counts.
// Each rule is a sliding window approximated from two fixed windows, as
// Cloudflare's and go-chi/httprate's limiters do: the rate at a moment is
// the current window's count plus the previous window's count weighted by
// how much of the previous window still lies inside the sliding one. Two
// rows per key, whatever the traffic.
//
// Why it cannot admit more than a rule allows, on any number of replicas:
// an attempt adds itself to the current window with one upsert
// (INSERT … ON CONFLICT DO UPDATE SET count = count + n RETURNING count),
// which is atomic and, on PostgreSQL, locks the row until the transaction
// ends; the check then sees every attempt counted before it, and a refused
// attempt rolls its transaction back, so it does not count. Two attempts
// that race for the last place are serialized by the row lock (SQLite takes
// its write lock at BEGIN): the second sees the first.
//
// The windows' times come from the Limiter's clock, so tests move it
// instead of sleeping; replicas are assumed to keep the same time (NTP).
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/ratecounter"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
)

// Rule is a limit: at most Limit events in any Window.
type Rule struct {
	// Name identifies the rule in keys and in ROSTER_RATE_LIMITS.
	Name string
	// Limit is how many events any window may hold; 0 turns the rule off.
	Limit int
	// Window is the length of the sliding window.
	Window time.Duration
	// Message says what was refused; "Try again in …" follows it.
	Message string
}

func (r Rule) String() string {
	if r.Limit <= 0 {
		return r.Name + "=off"
	}
	return r.Name + "=" + strconv.Itoa(r.Limit) + "/" + shortDuration(r.Window)
}

// Limiter counts events in the database and refuses those over a rule's
// limit. A nil Limiter, or one made with Enabled false, refuses nothing.
type Limiter struct {
	client  *ent.Client
	dialect string
	rules   Rules
	now     func() time.Time
	logger  *slog.Logger
	enabled bool
	refused func(rule string)
}

// Options configure a Limiter.
type Options struct {
	// Enabled turns the limits on (ROSTER_RATE_LIMIT); a disabled Limiter
	// still purges old counts.
	Enabled bool
	Rules   Rules
	// Now is the clock of the windows (time.Now when nil).
	Now    func() time.Time
	Logger *slog.Logger
	// Refused hears the name of each rule that refuses an attempt (the
	// metrics' count of refusals); nil: nobody.
	Refused func(rule string)
}

// New returns a Limiter that counts in client's database.
func New(ctx context.Context, client *ent.Client, opts Options) (*Limiter, error) {
	d, err := database.Dialect(ctx, client)
	if err != nil {
		return nil, err
	}
	if err := opts.Rules.validate(); err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Refused == nil {
		opts.Refused = func(string) {}
	}
	return &Limiter{client: client, dialect: d, rules: opts.Rules, now: opts.Now, logger: opts.Logger, enabled: opts.Enabled, refused: opts.Refused}, nil
}

// Enabled reports whether the limiter refuses anything.
func (l *Limiter) Enabled() bool { return l != nil && l.enabled }

// charge is n events of rule for one subject (an address, an IP, an ID).
type charge struct {
	rule    Rule
	subject string
	n       int
	// earlier is an event that happened at that time and is not in the
	// table (an invitation's first send is its creation).
	earlier time.Time
}

func (c charge) key() string {
	sum := sha256.Sum256([]byte(c.subject))
	return c.rule.Name + ":" + base64.RawURLEncoding.EncodeToString(sum[:18])
}

// take counts every charge, in tx or (when tx is nil) in a transaction of
// its own, and refuses all of them with RATE_LIMITED when one would go
// over its limit. A refusal is returned as an error so that the caller's
// transaction rolls back: a refused attempt is not counted.
func (l *Limiter) take(ctx context.Context, tx *ent.Tx, charges ...charge) error {
	if !l.Enabled() {
		return nil
	}
	charges = slices.DeleteFunc(slices.Clone(charges), func(c charge) bool { return c.rule.Limit <= 0 || c.n <= 0 })
	if len(charges) == 0 {
		return nil
	}
	// One order of keys for every transaction: two that charge the same
	// keys cannot deadlock on their row locks.
	slices.SortFunc(charges, func(a, b charge) int { return strings.Compare(a.key(), b.key()) })
	now := l.clock()
	run := func(tx *ent.Tx) error {
		var (
			worst   charge
			refusal *decision
		)
		for _, c := range charges {
			cur, prev, err := l.count(ctx, tx, c, now)
			if err != nil {
				return err
			}
			d := c.rule.allowance(now, prev, cur-c.n, c.n)
			if !d.ok && (refusal == nil || d.wait > refusal.wait) {
				worst, refusal = c, &d
			}
		}
		if refusal == nil {
			return nil
		}
		err := refused(worst, *refusal)
		l.logger.InfoContext(ctx, "rate limited", "rule", worst.rule.Name, "retry_after", err.Extensions["retryAfter"])
		l.refused(worst.rule.Name)
		return err
	}
	if tx != nil {
		return run(tx)
	}
	return database.InTx(database.System(ctx), l.client, run)
}

// count adds c to its key's current window and returns the current
// window's count (c included) and the previous window's.
func (l *Limiter) count(ctx context.Context, tx *ent.Tx, c charge, now time.Time) (cur, prev int, err error) {
	key := c.key()
	start := now.Truncate(c.rule.Window)
	before := start.Add(-c.rule.Window)
	b := entsql.Dialect(l.dialect)
	table := b.Table(ratecounter.Table)
	query, args := b.Insert(ratecounter.Table).
		Columns(ratecounter.FieldKey, ratecounter.FieldWindowStart, ratecounter.FieldCount, ratecounter.FieldExpiresAt).
		Values(key, start, c.n, start.Add(2*c.rule.Window)).
		OnConflict(
			entsql.ConflictColumns(ratecounter.FieldKey, ratecounter.FieldWindowStart),
			entsql.ResolveWith(func(u *entsql.UpdateSet) { u.Add(ratecounter.FieldCount, c.n) }),
		).
		Returning(table.C(ratecounter.FieldCount)).
		Query()
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, 0, fmt.Errorf("rate limit %s: %w", c.rule.Name, err)
	}
	if err := entsql.ScanOne(rows, &cur); err != nil {
		_ = rows.Close()
		return 0, 0, fmt.Errorf("rate limit %s: %w", c.rule.Name, err)
	}
	_ = rows.Close()
	counts, err := tx.RateCounter.Query().
		Where(ratecounter.Key(key), ratecounter.WindowStart(before)).
		Select(ratecounter.FieldCount).
		Ints(database.System(ctx))
	if err != nil {
		return 0, 0, fmt.Errorf("rate limit %s: %w", c.rule.Name, err)
	}
	for _, n := range counts {
		prev += n
	}
	// An earlier event stamped after now (another replica's clock a
	// little ahead) is in the current window.
	if e := c.earlier; !e.IsZero() {
		switch {
		case !e.Before(start):
			cur++
		case !e.Before(before):
			prev++
		}
	}
	return cur, prev, nil
}

// refund takes back n events of rule for subject from the current window
// (an attempt that turned out not to count, such as a successful sign-in).
func (l *Limiter) refund(ctx context.Context, rule Rule, subject string, n int) {
	if !l.Enabled() || rule.Limit <= 0 {
		return
	}
	c := charge{rule: rule, subject: subject, n: n}
	_, err := l.client.RateCounter.Update().
		Where(ratecounter.Key(c.key()), ratecounter.WindowStart(l.clock().Truncate(rule.Window)), ratecounter.CountGTE(n)).
		AddCount(-n).
		Save(database.System(ctx))
	if err != nil {
		l.logger.ErrorContext(ctx, "rate limit refund", "rule", rule.Name, "error", err)
	}
}

// reset forgets every count of rule for subject.
func (l *Limiter) reset(ctx context.Context, rule Rule, subject string) {
	if !l.Enabled() || rule.Limit <= 0 {
		return
	}
	c := charge{rule: rule, subject: subject}
	if _, err := l.client.RateCounter.Delete().Where(ratecounter.Key(c.key())).Exec(database.System(ctx)); err != nil {
		l.logger.ErrorContext(ctx, "rate limit reset", "rule", rule.Name, "error", err)
	}
}

func (l *Limiter) clock() time.Time { return l.now().UTC().Truncate(time.Microsecond) }

// decision is whether n more events fit now, and if not, how long until
// they do (never: more than the limit at once).
type decision struct {
	ok    bool
	wait  time.Duration
	never bool
	// room is how many events fit now.
	room int
}

// epsilon absorbs floating-point error at a window's exact boundary.
const epsilon = 1e-9

// allowance decides whether n events fit in the rule's sliding window at
// now, when the previous fixed window holds prev events and the current
// one cur (without the n).
func (r Rule) allowance(now time.Time, prev, cur, n int) decision {
	w := float64(r.Window)
	e := float64(now.Sub(now.Truncate(r.Window)))
	limit := float64(r.Limit)
	rate := float64(prev)*(w-e)/w + float64(cur)
	d := decision{room: max(0, int(math.Floor(limit-rate+epsilon)))}
	if rate+float64(n) <= limit+epsilon {
		d.ok = true
		return d
	}
	var t float64
	switch {
	case cur+n <= r.Limit:
		// Within this window, as the previous one slides out.
		t = w - e - (limit-float64(cur+n))*w/float64(prev)
	case n > r.Limit:
		d.never = true
		t = 2*w - e // when every count has left the window
	case cur == 0:
		t = w - e
	default:
		// In the next window, as this one slides out.
		t = max(w-e, 2*w-e-(limit-float64(n))*w/float64(cur))
	}
	d.wait = time.Duration(math.Ceil(t))
	return d
}

// refused is the RATE_LIMITED error of a charge that does not fit.
func refused(c charge, d decision) *errcode.Error {
	secs := max(1, int(math.Ceil(d.wait.Seconds())))
	msg := c.rule.Message
	switch {
	case d.never:
		msg += fmt.Sprintf(" At most %d are allowed in %s, and this asks for %d.", c.rule.Limit, longDuration(int(c.rule.Window.Seconds())), c.n)
	case c.n > 1 && d.room > 0:
		msg += fmt.Sprintf(" Only %d more are allowed now; all %d in %s.", d.room, c.n, longDuration(secs))
	default:
		msg += " Try again in " + longDuration(secs) + "."
	}
	return &errcode.Error{Code: errcode.RateLimited, Message: msg, Extensions: map[string]any{"retryAfter": secs}}
}

// Purge deletes the counts whose windows no longer matter and returns how
// many.
func (l *Limiter) Purge(ctx context.Context) (int, error) {
	return l.client.RateCounter.Delete().
		Where(ratecounter.ExpiresAtLTE(l.clock())).
		Exec(database.System(ctx))
}

// RunCleanup purges old counts every interval until ctx is done. It is
// safe on several replicas at once.
func (l *Limiter) RunCleanup(ctx context.Context, interval time.Duration, logger *slog.Logger) {
	for {
		if n, err := l.Purge(ctx); err != nil && ctx.Err() == nil {
			logger.Error("rate limit cleanup", "error", err)
		} else if n > 0 {
			logger.Debug("rate limit cleanup", "deleted", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// longDuration says a number of seconds for people: "40 seconds",
// "7 minutes", "1 hour 5 minutes", rounded up.
func longDuration(secs int) string {
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + one + "s"
	}
	switch {
	case secs < 60:
		return unit(secs, "second")
	case secs < 3600:
		return unit((secs+59)/60, "minute")
	}
	mins := (secs + 59) / 60
	if mins%60 == 0 {
		return unit(mins/60, "hour")
	}
	return unit(mins/60, "hour") + " " + unit(mins%60, "minute")
}

// shortDuration writes a window as ROSTER_RATE_LIMITS takes it: 10m, 1h.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
