package seat

import (
	"context"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/viewer"
)

// Point is an organization's seat usage at the end of one day (UTC), as the
// contract's SeatUsagePoint.
type Point struct {
	Day     time.Time // 00:00 UTC of that day
	Active  int
	Pending int
	Total   int // the seat limit that day
}

// MaxHistoryDays is the most days History gives.
const MaxHistoryDays = 366

// History returns one point a day for the last days days up to now's day
// (UTC), oldest first: the days before the organization existed are left
// out; a past day's point is the usage committed by that day's last change
// (server/change records each change's usage on its audit row, and the
// owner alone on the creation's), or the day before's when it had none;
// today's point is current, the usage at this moment. It reads as whoever
// may read the organization's seatUsage: a viewer of the organization
// (NOT_FOUND for anyone else).
//
// The past is one statement, whatever the window: the last change of each
// day in it, the last change before it, and the day of the organization's
// first event (its creation).
func History(ctx context.Context, client *ent.Client, org *ent.Organization, days int, now time.Time, current Usage) ([]Point, error) {
	if days < 1 || days > MaxHistoryDays {
		return nil, errcode.Invalid("days", "days must be between 1 and %d.", MaxHistoryDays)
	}
	if _, ok := viewer.FromContext(ctx).Role(org.ID); !ok {
		return nil, errcode.NotFoundf("organization")
	}
	today := Day(now)
	start := today.AddDate(0, 0, -(days - 1))
	d, err := database.Dialect(ctx, client)
	if err != nil {
		return nil, err
	}
	query, args := historyQuery(d, org.ID, start, today)
	// The viewer may read the organization (checked above); the statement
	// names it.
	rows, err := client.QueryContext(database.System(ctx), query, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	byDay := map[time.Time]Usage{}
	var (
		before  *Usage
		created *time.Time
	)
	for rows.Next() {
		var (
			part    string
			day     *string
			a, p, t *int64
		)
		if err := rows.Scan(&part, &day, &a, &p, &t); err != nil {
			return nil, err
		}
		var at time.Time
		if day != nil {
			if at, err = time.Parse(time.DateOnly, *day); err != nil {
				return nil, fmt.Errorf("seat history: day %q: %w", *day, err)
			}
		}
		switch part {
		case "created":
			if day != nil {
				created = &at
			}
		case "before":
			before = &Usage{Active: int(*a), Pending: int(*p), Total: int(*t)}
		default:
			byDay[at] = Usage{Active: int(*a), Pending: int(*p), Total: int(*t)}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	first := start
	if created != nil && created.After(first) {
		first = *created
	}
	if first.After(today) {
		first = today
	}
	last := before
	points := make([]Point, 0, days)
	for day := first; day.Before(today); day = day.AddDate(0, 0, 1) {
		if u, ok := byDay[day]; ok {
			last = &u
		}
		// Before the first usage recorded (an organization created before
		// changes recorded their usage): the owner alone, within the limit
		// of the first usage known.
		u := Usage{Active: 1, Total: current.Total}
		if last != nil {
			u = *last
		} else if next := firstAfter(byDay, day); next != nil {
			u.Total = next.Total
		}
		points = append(points, Point{Day: day, Active: u.Active, Pending: u.Pending, Total: u.Total})
	}
	points = append(points, Point{Day: today, Active: current.Active, Pending: current.Pending, Total: current.Total})
	return points, nil
}

// Day returns 00:00 UTC of t's day.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// firstAfter returns the usage of the earliest day after day in byDay.
func firstAfter(byDay map[time.Time]Usage, day time.Time) *Usage {
	var (
		best *Usage
		at   time.Time
	)
	for d, u := range byDay {
		if d.After(day) && (best == nil || d.Before(at)) {
			best, at = &u, d
		}
	}
	return best
}

// historyQuery is History's statement. Its rows are (part, day, active,
// pending, total): part "day" for the last change of each day of
// [start, end), "before" for the last change before start, "created" for
// the day of the organization's first event.
func historyQuery(d, orgID string, start, end time.Time) (string, []any) {
	dayOf := func(col string) string { return "substr(" + col + ", 1, 10)" } // SQLite keeps UTC times as text
	if d == dialect.Postgres {
		dayOf = func(col string) string { return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD')" }
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		if d == dialect.Postgres {
			return fmt.Sprintf("$%d", len(args))
		}
		return "?"
	}
	// Two changes may share a microsecond; their numbers order them (the
	// creation has none, and comes first).
	latest := "created_at DESC, COALESCE(sequence, 0) DESC"
	var b strings.Builder
	fmt.Fprintf(&b, `SELECT 'day', d, seats_active, seats_pending, seats_total FROM (
	SELECT %s AS d, seats_active, seats_pending, seats_total,
		ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s) AS rn
	FROM audit_events
	WHERE organization_id = %s AND seats_active IS NOT NULL AND created_at >= %s AND created_at < %s
) w WHERE rn = 1
UNION ALL
SELECT 'before', NULL, seats_active, seats_pending, seats_total FROM (
	SELECT seats_active, seats_pending, seats_total FROM audit_events
	WHERE organization_id = %s AND seats_active IS NOT NULL AND created_at < %s
	ORDER BY %s LIMIT 1
) b
UNION ALL
SELECT 'created', %s, NULL, NULL, NULL FROM audit_events WHERE organization_id = %s`,
		dayOf("created_at"), dayOf("created_at"), latest,
		arg(orgID), arg(start), arg(end),
		arg(orgID), arg(start), latest,
		dayOf("MIN(created_at)"), arg(orgID))
	return b.String(), args
}
