// Package audit owns reading the audit log: an organization's recorded
// changes (written by server/change, in each change's own transaction),
// newest first, to those with VIEW_AUDIT_LOGS, as a page of the API or as a
// CSV file. Every row names its actor as people read it: a user's email,
// "API key <name>", "OAuth client <name>" or "system".
package audit

import (
	"context"
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/rosterhq/roster/server/relay"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/ent/user"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/viewer"
)

// Service reads the audit log.
type Service struct{ client *ent.Client }

// NewService returns the audit log reader.
func NewService(client *ent.Client) *Service { return &Service{client: client} }

// newestFirst orders the log: by time, then by ID (time-ordered too) for
// events of the same microsecond.
var newestFirst = &ent.AuditEventOrder{Direction: relay.OrderDirectionDesc, Field: ent.AuditEventOrderFieldCreatedAt}

// query is the organization's log, filtered by exact action when it is
// not empty, after the permission check.
func (s *Service) query(ctx context.Context, orgID, action string) (*ent.AuditEventQuery, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.ViewAuditLogs); err != nil {
		return nil, err
	}
	q := s.client.AuditEvent.Query().Where(auditevent.OrganizationID(orgID))
	if action != "" {
		q.Where(auditevent.Action(action))
	}
	return q, nil
}

// Page returns a page of an organization's log, newest first.
func (s *Service) Page(ctx context.Context, orgID string, after *relay.Cursor[string], first *int,
	before *relay.Cursor[string], last *int, action string,
) (*ent.AuditEventConnection, error) {
	q, err := s.query(ctx, orgID, action)
	if err != nil {
		return nil, err
	}
	return q.Paginate(ctx, after, first, before, last, ent.WithAuditEventOrder(newestFirst))
}

// Actor returns the user who acted in e, nil for a program or the system.
// The user is read whatever their memberships now: whoever may read the
// log may know who acted, as the event's label already says.
func (s *Service) Actor(ctx context.Context, e *ent.AuditEvent) (*ent.User, error) {
	if e.ActorID == "" {
		return nil, nil
	}
	u, err := s.client.User.Query().Where(user.ID(e.ActorID)).Only(database.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// csvBatch is how many rows WriteCSV reads at a time.
const csvBatch = 500

// CSVHeader is the first line of the CSV export.
var CSVHeader = []string{"time", "action", "actor", "target"}

// WriteCSV writes an organization's whole log, newest first, as CSV (RFC
// 4180, by encoding/csv), after the permission check. Cells that a
// spreadsheet would run as a formula are neutralised (see cell).
func (s *Service) WriteCSV(ctx context.Context, w io.Writer, orgID, action string) error {
	q, err := s.query(ctx, orgID, action)
	if err != nil {
		return err
	}
	out := csv.NewWriter(w)
	if err := out.Write(CSVHeader); err != nil {
		return err
	}
	// Keyset pagination: each batch starts after the last row written, so
	// rows recorded meanwhile neither repeat nor shift the rest.
	var after *ent.AuditEvent
	for {
		batch := q.Clone()
		if after != nil {
			batch.Where(auditevent.Or(
				auditevent.CreatedAtLT(after.CreatedAt),
				auditevent.And(auditevent.CreatedAt(after.CreatedAt), auditevent.IDLT(after.ID)),
			))
		}
		rows, err := batch.Order(ent.Desc(auditevent.FieldCreatedAt), ent.Desc(auditevent.FieldID)).
			Limit(csvBatch).All(ctx)
		if err != nil {
			return err
		}
		for _, e := range rows {
			rec := []string{e.CreatedAt.UTC().Format(time.RFC3339Nano), cell(e.Action), cell(e.ActorLabel), cell(e.Target)}
			if err := out.Write(rec); err != nil {
				return err
			}
		}
		out.Flush()
		if err := out.Error(); err != nil {
			return err
		}
		if len(rows) < csvBatch {
			return nil
		}
		after = rows[len(rows)-1]
	}
}

// cell neutralises CSV injection (OWASP): a value starting with =, +, -,
// @, a tab or a carriage return is a formula to Excel, LibreOffice and
// Google Sheets, so it is written after a single quote, which they show
// as text. Names and targets come from people outside the organization
// (an invited address, a key's name), so none is trusted.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
