package invitation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/address"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Limits of one bulk invitation.
const (
	MaxBulkLines = 1000
	maxBulkBytes = MaxBulkLines * 300
)

// Codes of the lines a bulk invitation did not invite.
const (
	InvalidEmail   = "INVALID_EMAIL"
	Duplicate      = "DUPLICATE"
	AlreadyMember  = "ALREADY_MEMBER"
	AlreadyInvited = "ALREADY_INVITED"
)

// Rejection is a line of a bulk invitation that was not invited. Line
// counts from 1, blank lines included.
type Rejection struct {
	Line    int
	Input   string
	Code    string
	Message string
}

// BulkInvite invites every address of text (one a line, as pasted by a
// person) with one role. Lines that cannot be invited are reported and the
// rest invited in one transaction; if they need more seats than are free,
// nothing is created and the error is SEAT_LIMIT_REACHED.
func (s *Service) BulkInvite(ctx context.Context, orgID, text string, role policy.Role) ([]*ent.Invitation, []Rejection, error) {
	if _, err := viewer.RequireVerified(ctx); err != nil {
		return nil, nil, err
	}
	v, actorRole, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, nil, err
	}
	if err := policy.Invite(actorRole, role).Err(); err != nil {
		return nil, nil, err
	}
	valid, rejected, err := parseBulk(text)
	if err != nil {
		return nil, nil, err
	}

	var invs []*ent.Invitation
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err := seat.Lock(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if err := s.expireStale(ctx, tx, orgID); err != nil {
			return err
		}
		var invite []string
		invite, rejected, err = s.sortTaken(ctx, tx, orgID, valid, rejected)
		if err != nil {
			return err
		}
		if len(invite) == 0 {
			return nil
		}
		if _, err := seat.Reserve(ctx, tx, org, len(invite)); err != nil {
			return err
		}
		invs, err = s.create(ctx, tx, org, v, invite, role)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	for _, inv := range invs {
		inv.Unwrap()
	}
	slices.SortFunc(rejected, func(a, b Rejection) int { return a.Line - b.Line })
	return invs, rejected, nil
}

// sortTaken splits the parsed lines into the addresses to invite and the
// lines refused because the address is already a member or invited.
func (s *Service) sortTaken(ctx context.Context, tx *ent.Tx, orgID string, valid []line, rejected []Rejection) ([]string, []Rejection, error) {
	emails := make([]string, len(valid))
	for i, l := range valid {
		emails[i] = l.text
	}
	taken, err := s.taken(ctx, tx, orgID, emails)
	if err != nil {
		return nil, nil, err
	}
	invite := emails[:0:0]
	for _, l := range valid {
		switch taken[l.text] {
		case alreadyMember:
			rejected = append(rejected, l.reject(AlreadyMember, "This address is already a member."))
		case alreadyInvited:
			rejected = append(rejected, l.reject(AlreadyInvited, "This address already has a pending invitation."))
		default:
			invite = append(invite, l.text)
		}
	}
	return invite, rejected, nil
}

// BulkPreview is what BulkInvite would do with the same text now.
type BulkPreview struct {
	Valid          int
	Rejected       []Rejection
	SeatsNeeded    int
	SeatsAvailable int
	Fits           bool
}

// PreviewBulk runs BulkInvite's checks and parser on text, and its taken
// and seat checks against the organization as it is, and writes nothing:
// it refuses what BulkInvite refuses, with the same error, and reports the
// lines BulkInvite would report. (Pending invitations past their expiry are
// not counted, as BulkInvite would expire them first.) The rate limit is
// not counted: a preview sends nothing.
func (s *Service) PreviewBulk(ctx context.Context, orgID, text string, role policy.Role) (*BulkPreview, error) {
	if _, err := viewer.RequireVerified(ctx); err != nil {
		return nil, err
	}
	_, actorRole, err := viewer.Require(ctx, orgID, policy.UseProducts)
	if err != nil {
		return nil, err
	}
	if err := policy.Invite(actorRole, role).Err(); err != nil {
		return nil, err
	}
	valid, rejected, err := parseBulk(text)
	if err != nil {
		return nil, err
	}
	var out *BulkPreview
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		org, err := tx.Organization.Get(ctx, orgID)
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("organization")
		}
		if err != nil {
			return err
		}
		invite, rejected, err := s.sortTaken(ctx, tx, orgID, valid, rejected)
		if err != nil {
			return err
		}
		u, err := seat.Of(ctx, tx.Client(), org)
		if err != nil {
			return err
		}
		slices.SortFunc(rejected, func(a, b Rejection) int { return a.Line - b.Line })
		out = &BulkPreview{
			Valid: len(invite), Rejected: rejected,
			SeatsNeeded: len(invite), SeatsAvailable: u.Available(),
			Fits: len(invite) <= u.Available(),
		}
		return nil
	})
	return out, err
}

type line struct {
	number int
	text   string
}

func (l line) reject(code, message string) Rejection {
	input := l.text
	if len(input) > 300 {
		// Cut before a character, not inside one: the quote is sent back as a string.
		n := 300
		for n > 0 && !utf8.RuneStart(input[n]) {
			n--
		}
		input = input[:n]
	}
	return Rejection{Line: l.number, Input: input, Code: code, Message: message}
}

// parseBulk reads a pasted list of addresses: the lines to invite, their
// addresses normalized and each once, and the lines refused before looking at
// the organization (not an address, or a repeat of an earlier line). It
// refuses the whole text when it is empty or over the limits.
func parseBulk(text string) (valid []line, rejected []Rejection, err error) {
	if len(text) > maxBulkBytes {
		return nil, nil, errcode.Invalid("emails", "Paste at most %d addresses at a time.", MaxBulkLines)
	}
	lines := parseLines(text)
	switch {
	case len(lines) == 0:
		return nil, nil, errcode.Invalid("emails", "Enter at least one email address, one a line.")
	case len(lines) > MaxBulkLines:
		return nil, nil, errcode.Invalid("emails", "Paste at most %d addresses at a time; this has %d.", MaxBulkLines, len(lines))
	}
	seen := make(map[string]int, len(lines))
	for _, l := range lines {
		email, err := address.Normalize("emails", l.text)
		if err != nil {
			rejected = append(rejected, l.reject(InvalidEmail, "This is not a valid email address."))
			continue
		}
		if first, dup := seen[email]; dup {
			rejected = append(rejected, l.reject(Duplicate, "This address is already on line "+strconv.Itoa(first)+"."))
			continue
		}
		seen[email] = l.number
		valid = append(valid, line{number: l.number, text: email})
	}
	return valid, rejected, nil
}

// parseLines returns the non-blank lines of text, trimmed, with their
// numbers counted from 1 over every line.
func parseLines(text string) []line {
	var out []line
	for i, raw := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(raw); t != "" {
			out = append(out, line{number: i + 1, text: t})
		}
	}
	return out
}
