// Package change describes each change of an organization once, as a typed
// event (MemberRoleChanged, InvitationCreated, …: event.go), and records it
// in the transaction that makes the change. Recording gives, in that one
// transaction:
//
//   - the audit row, under the event's action name (Action);
//   - the organization's next change number: every change adds exactly
//     one to the organization's counter, under its seat lock, so numbers
//     follow commit order on every replica (the audit row keeps it, with
//     the seat usage the change committed);
//   - the live notices to every replica (pubsub.Hub.PublishInTx: NOTIFY in
//     the transaction on PostgreSQL, delivered at commit; after the commit
//     in one process), on which organizationChanged and seatUsageChanged
//     read what changed;
//   - the hooks, where the webhook outbox attaches (nothing is sent yet).
//
// A domain service therefore never writes an audit row or a notice of its
// own: it changes the rows and calls Record once.
package change

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/pubsub"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/viewer"
)

// Action is an event's name in the audit log and, later, in webhooks:
// the contract's event types (developer.graphql).
type Action string

// The actions.
const (
	ActionMemberJoined         Action = "member.joined"
	ActionMemberRemoved        Action = "member.removed"
	ActionMemberLeft           Action = "member.left"
	ActionMemberRoleChanged    Action = "member.role_changed"
	ActionInvitationCreated    Action = "invitation.created"
	ActionInvitationResent     Action = "invitation.resent"
	ActionInvitationCanceled   Action = "invitation.canceled"
	ActionInvitationAccepted   Action = "invitation.accepted"
	ActionInvitationDeclined   Action = "invitation.declined"
	ActionInvitationExpired    Action = "invitation.expired"
	ActionSeatLimitChanged     Action = "seats.changed"
	ActionOwnershipTransferred Action = "organization.ownership_transferred"
	ActionOrganizationCreated  Action = "organization.created"
	ActionOrganizationDeleted  Action = "organization.deleted"
	ActionOrganizationUpdated  Action = "organization.updated"
	// Domains and auto-join: audit rows outside the organization's stream
	// (the contract has no kind for them), except the member an auto-join
	// adds, which is member.joined.
	ActionDomainAdded              Action = "domain.added"
	ActionDomainVerified           Action = "domain.verified"
	ActionDomainAutoJoinChanged    Action = "domain.auto_join_changed"
	ActionDomainRemoved            Action = "domain.removed"
	ActionDomainVerificationLost   Action = "domain.verification_lost"
	ActionAutoJoinSkippedSeatLimit Action = "auto_join.skipped_seat_limit"
	ActionAPIKeyCreated            Action = "api_key.created"
	ActionAPIKeyRevoked            Action = "api_key.revoked"
	ActionOAuthClientCreated       Action = "oauth_client.created"
	ActionOAuthClientRevoked       Action = "oauth_client.revoked"
	ActionWebhookCreated           Action = "webhook.created"
	ActionWebhookDeleted           Action = "webhook.deleted"
)

// Kind is an event's name in the organization's stream: the contract's
// OrganizationChangeKind (capabilities.graphql).
type Kind string

// The kinds. KindSubscribed is the first event of every stream, not a change.
const (
	KindSubscribed           Kind = "SUBSCRIBED"
	KindMemberJoined         Kind = "MEMBER_JOINED"
	KindMemberRemoved        Kind = "MEMBER_REMOVED"
	KindMemberLeft           Kind = "MEMBER_LEFT"
	KindMemberRoleChanged    Kind = "MEMBER_ROLE_CHANGED"
	KindInvitationCreated    Kind = "INVITATION_CREATED"
	KindInvitationResent     Kind = "INVITATION_RESENT"
	KindInvitationCanceled   Kind = "INVITATION_CANCELED"
	KindInvitationAccepted   Kind = "INVITATION_ACCEPTED"
	KindInvitationDeclined   Kind = "INVITATION_DECLINED"
	KindInvitationExpired    Kind = "INVITATION_EXPIRED"
	KindSeatLimitChanged     Kind = "SEAT_LIMIT_CHANGED"
	KindOwnershipTransferred Kind = "OWNERSHIP_TRANSFERRED"
	KindOrganizationUpdated  Kind = "ORGANIZATION_UPDATED"
)

// kinds maps the actions that are changes of an organization (numbered,
// streamed) to their kind. Creating and deleting an organization are not:
// a new organization's counter is 0, and a deleted one has no stream.
var kinds = map[Action]Kind{
	ActionMemberJoined:         KindMemberJoined,
	ActionMemberRemoved:        KindMemberRemoved,
	ActionMemberLeft:           KindMemberLeft,
	ActionMemberRoleChanged:    KindMemberRoleChanged,
	ActionInvitationCreated:    KindInvitationCreated,
	ActionInvitationResent:     KindInvitationResent,
	ActionInvitationCanceled:   KindInvitationCanceled,
	ActionInvitationAccepted:   KindInvitationAccepted,
	ActionInvitationDeclined:   KindInvitationDeclined,
	ActionInvitationExpired:    KindInvitationExpired,
	ActionSeatLimitChanged:     KindSeatLimitChanged,
	ActionOwnershipTransferred: KindOwnershipTransferred,
	ActionOrganizationUpdated:  KindOrganizationUpdated,
}

// Actions lists every action, in the order above.
func Actions() []Action {
	return []Action{
		ActionMemberJoined, ActionMemberRemoved, ActionMemberLeft, ActionMemberRoleChanged,
		ActionInvitationCreated, ActionInvitationResent, ActionInvitationCanceled,
		ActionInvitationAccepted, ActionInvitationDeclined, ActionInvitationExpired,
		ActionSeatLimitChanged, ActionOwnershipTransferred, ActionOrganizationCreated, ActionOrganizationDeleted,
		ActionOrganizationUpdated,
		ActionDomainAdded, ActionDomainVerified, ActionDomainAutoJoinChanged, ActionDomainRemoved,
		ActionDomainVerificationLost, ActionAutoJoinSkippedSeatLimit,
		ActionAPIKeyCreated, ActionAPIKeyRevoked, ActionOAuthClientCreated, ActionOAuthClientRevoked,
		ActionWebhookCreated, ActionWebhookDeleted,
	}
}

// Kind returns the action's kind in the organization's stream, and false
// for an action outside it.
func (a Action) Kind() (Kind, bool) {
	k, ok := kinds[a]
	return k, ok
}

// MarshalGQL writes the kind as a GraphQL enum value.
func (k Kind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads a GraphQL enum value.
func (k *Kind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("kind must be a string")
	}
	*k = Kind(s)
	return nil
}

// Event is one change, described once (see event.go for the events).
type Event interface {
	describe() description
}

// description is what Record needs of an event.
type description struct {
	action    Action
	orgID     string
	subjectID string         // the membership, invitation or organization acted on
	subject   string         // the subject as people read it: an email, a name
	data      map[string]any // the rest, e.g. a role change's from and to
	users     []string       // users whose access to the organization this changes
	// seats is the usage an event outside the stream starts the
	// organization with (its creation), kept on its audit row for the seat
	// history (seat.History) but not numbered or announced.
	seats *seat.Usage
}

// Recorded is an event as Record wrote it: the audit row, and what a hook
// (the coming webhook outbox) sends.
type Recorded struct {
	ID             string // the audit event's
	Action         Action
	Kind           Kind // "" outside the organization's stream
	OrganizationID string
	Sequence       int    // the organization's change number; 0 outside its stream
	ActorID        string // the acting user's; "" for a program or the system
	ActorKind      policy.ActorKind
	ProgramID      string // the acting API key's or OAuth client's
	ActorLabel     string
	SubjectID      string
	Subject        string
	Data           map[string]any
	Usage          *seat.Usage // the seats this change committed; nil outside the stream
	At             time.Time
}

// Hook runs in the transaction of the changes it is given, after their
// audit rows are written; an error rolls the changes back.
type Hook func(ctx context.Context, tx *ent.Tx, events []Recorded) error

// Recorder records changes. Its zero value is not usable: see NewRecorder.
type Recorder struct {
	hub   *pubsub.Hub
	hooks []Hook
	clock database.Clock
}

// NewRecorder returns a recorder that announces changes on hub.
func NewRecorder(hub *pubsub.Hub) *Recorder {
	return &Recorder{hub: hub, clock: database.SystemClock{}}
}

// UseClock has the recorder date the changes by c (tests move time to
// record changes on several days: seat.History). Call it before serving.
func (r *Recorder) UseClock(c database.Clock) { r.clock = c }

// OnRecord adds a hook. Call it before serving.
func (r *Recorder) OnRecord(h Hook) { r.hooks = append(r.hooks, h) }

// Record records events in tx, in order, with the viewer of ctx as their
// actor (the system when there is none). The caller holds the seat lock of
// each event's organization (seat.Lock), has made the changes, and has
// checked that the actor may; Record itself reads and writes as the system.
func (r *Recorder) Record(ctx context.Context, tx *ent.Tx, events ...Event) ([]Recorded, error) {
	if len(events) == 0 {
		return nil, nil
	}
	actorID, actorLabel, programID := "", "system", ""
	var actorKind policy.ActorKind
	if v := viewer.FromContext(ctx); v != nil {
		actorLabel, actorKind = v.Label(), v.ActorKind()
		if v.Program() { // actor_id names users only
			programID = v.UserID
		} else {
			actorID = v.UserID
		}
	}
	sys := database.System(ctx)
	at := r.clock.Now().UTC()
	recorded := make([]Recorded, len(events))
	descs := make([]description, len(events))
	numbered := map[string][]int{} // organization ID -> indexes of its streamed events
	var orgs []string
	for i, e := range events {
		d := e.describe()
		descs[i] = d
		kind, streamed := d.action.Kind()
		recorded[i] = Recorded{
			Action: d.action, Kind: kind, OrganizationID: d.orgID,
			ActorID: actorID, ActorLabel: actorLabel, ActorKind: actorKind, ProgramID: programID,
			SubjectID: d.subjectID, Subject: d.subject, Data: d.data, At: at,
		}
		if streamed {
			if numbered[d.orgID] == nil {
				orgs = append(orgs, d.orgID)
			}
			numbered[d.orgID] = append(numbered[d.orgID], i)
		}
	}
	for _, orgID := range orgs {
		if err := number(sys, tx, orgID, recorded, numbered[orgID]); err != nil {
			return nil, err
		}
	}
	if err := write(sys, tx, recorded, descs); err != nil {
		return nil, err
	}
	for _, h := range r.hooks {
		if err := h(sys, tx, recorded); err != nil {
			return nil, err
		}
	}
	if err := r.announce(sys, tx, descs); err != nil {
		return nil, err
	}
	return recorded, nil
}

// number gives the events at idx the organization's next change numbers,
// and the seat usage they commit.
func number(ctx context.Context, tx *ent.Tx, orgID string, recorded []Recorded, idx []int) error {
	org, err := tx.Organization.UpdateOneID(orgID).AddChangeSequence(len(idx)).Save(ctx)
	if err != nil {
		return err
	}
	u, err := seat.Of(ctx, tx.Client(), org)
	if err != nil {
		return err
	}
	first := org.ChangeSequence - len(idx) + 1
	for n, i := range idx {
		recorded[i].Sequence = first + n
		recorded[i].Usage = &u
	}
	return nil
}

// write inserts the audit rows.
func write(ctx context.Context, tx *ent.Tx, recorded []Recorded, descs []description) error {
	builders := make([]*ent.AuditEventCreate, len(recorded))
	for i, e := range recorded {
		c := tx.AuditEvent.Create().
			SetAction(string(e.Action)).
			SetOrganizationID(e.OrganizationID).
			SetTarget(e.Subject).
			SetTargetID(e.SubjectID).
			SetActorLabel(e.ActorLabel).
			SetCreatedAt(e.At)
		if e.ActorID != "" {
			c.SetActorID(e.ActorID)
		}
		if e.Data != nil {
			c.SetData(e.Data)
		}
		usage := e.Usage
		if usage != nil {
			c.SetSequence(e.Sequence)
		} else {
			usage = descs[i].seats
		}
		if usage != nil {
			c.SetSeatsActive(usage.Active).
				SetSeatsPending(usage.Pending).
				SetSeatsTotal(usage.Total)
		}
		builders[i] = c
	}
	written := 0
	for batch := range slices.Chunk(builders, database.Batch) {
		rows, err := tx.AuditEvent.CreateBulk(batch...).Save(ctx)
		if err != nil {
			return err
		}
		for _, row := range rows {
			recorded[written].ID = row.ID
			written++
		}
	}
	return nil
}

// announce sends, as tx commits, one notice per organization changed and
// one per user whose access changed (joined, re-roled, removed): their
// websockets and streams read who they are again.
func (r *Recorder) announce(ctx context.Context, tx *ent.Tx, descs []description) error {
	topics := map[string]bool{}
	var order []string
	add := func(t string) {
		if !topics[t] {
			topics[t] = true
			order = append(order, t)
		}
	}
	for _, d := range descs {
		add(pubsub.Organization(d.orgID))
		for _, u := range d.users {
			add(pubsub.User(u))
		}
	}
	for _, t := range order {
		if err := r.hub.PublishInTx(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}
