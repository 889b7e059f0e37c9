package change

import (
	"net/url"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
)

// The events. Each names its subject: the membership or invitation acted
// on (the organization itself for settings), with the email or name people
// read it by.

// MemberJoined: an accepted invitation became a membership, or a user
// joined by a verified domain's auto-join (Domain names it then).
type MemberJoined struct {
	Membership *ent.Membership
	Email      string
	Domain     string
}

// MemberRemoved: an admin or the owner removed a member.
type MemberRemoved struct {
	Membership *ent.Membership
	Email      string
}

// MemberLeft: a member left on their own.
type MemberLeft struct {
	Membership *ent.Membership
	Email      string
}

// MemberRoleChanged: a member's role went from From to To.
type MemberRoleChanged struct {
	Membership *ent.Membership
	Email      string
	From, To   policy.Role
}

// InvitationCreated: an address was invited (one line of a bulk invite too).
type InvitationCreated struct{ Invitation *ent.Invitation }

// InvitationResent: a new email, token and expiry for an invitation.
type InvitationResent struct{ Invitation *ent.Invitation }

// InvitationCanceled: an admin ended a pending invitation.
type InvitationCanceled struct{ Invitation *ent.Invitation }

// InvitationAccepted: the invitee accepted; Membership is what it became.
type InvitationAccepted struct {
	Invitation *ent.Invitation
	Membership *ent.Membership
}

// InvitationDeclined: the invitee declined.
type InvitationDeclined struct{ Invitation *ent.Invitation }

// InvitationExpired: a pending invitation passed its expiry and was
// recorded as expired.
type InvitationExpired struct{ Invitation *ent.Invitation }

// SeatLimitChanged: the owner changed the seat limit.
type SeatLimitChanged struct {
	Organization *ent.Organization
	From, To     int
}

// OrganizationRenamed: the owner renamed the organization (its slug stays).
type OrganizationRenamed struct {
	Organization *ent.Organization
	From         string
}

// OwnershipTransferred: To (a membership) became the owner; the previous
// owner, From, became an admin. ToPreviousRole is To's role before.
type OwnershipTransferred struct {
	OrganizationID string
	From, To       *ent.Membership
	ToEmail        string
	ToPreviousRole policy.Role
}

// OrganizationCreated: an organization was created, with its owner. Its
// change counter starts at 0: this is not one of its changes.
type OrganizationCreated struct {
	Organization *ent.Organization
	OwnerUserID  string
}

// OrganizationDeleted: an organization was deleted with its memberships and
// invitations; MemberUserIDs are the users who were its members.
type OrganizationDeleted struct {
	Organization  *ent.Organization
	MemberUserIDs []string
}

func (e MemberJoined) describe() description {
	data := map[string]any{"role": string(e.Membership.Role), "user": e.Membership.UserID}
	if e.Domain != "" {
		data["autoJoinDomain"] = e.Domain
	}
	return description{action: ActionMemberJoined, orgID: e.Membership.OrganizationID,
		subjectID: e.Membership.ID, subject: e.Email, data: data,
		users: []string{e.Membership.UserID}}
}

func (e MemberRemoved) describe() description {
	return description{action: ActionMemberRemoved, orgID: e.Membership.OrganizationID,
		subjectID: e.Membership.ID, subject: e.Email,
		data:  map[string]any{"role": string(e.Membership.Role), "user": e.Membership.UserID},
		users: []string{e.Membership.UserID}}
}

func (e MemberLeft) describe() description {
	return description{action: ActionMemberLeft, orgID: e.Membership.OrganizationID,
		subjectID: e.Membership.ID, subject: e.Email,
		data:  map[string]any{"role": string(e.Membership.Role), "user": e.Membership.UserID},
		users: []string{e.Membership.UserID}}
}

func (e MemberRoleChanged) describe() description {
	return description{action: ActionMemberRoleChanged, orgID: e.Membership.OrganizationID,
		subjectID: e.Membership.ID, subject: e.Email,
		data:  map[string]any{"from": string(e.From), "to": string(e.To), "user": e.Membership.UserID},
		users: []string{e.Membership.UserID}}
}

func invitationEvent(a Action, inv *ent.Invitation, data map[string]any) description {
	return description{action: a, orgID: inv.OrganizationID, subjectID: inv.ID, subject: inv.Email, data: data}
}

func (e InvitationCreated) describe() description {
	return invitationEvent(ActionInvitationCreated, e.Invitation, map[string]any{"role": string(e.Invitation.Role)})
}

func (e InvitationResent) describe() description {
	return invitationEvent(ActionInvitationResent, e.Invitation, nil)
}

func (e InvitationCanceled) describe() description {
	return invitationEvent(ActionInvitationCanceled, e.Invitation, nil)
}

func (e InvitationAccepted) describe() description {
	return invitationEvent(ActionInvitationAccepted, e.Invitation,
		map[string]any{"role": string(e.Invitation.Role), "membership": e.Membership.ID})
}

func (e InvitationDeclined) describe() description {
	return invitationEvent(ActionInvitationDeclined, e.Invitation, nil)
}

func (e InvitationExpired) describe() description {
	return invitationEvent(ActionInvitationExpired, e.Invitation, nil)
}

func (e SeatLimitChanged) describe() description {
	return description{action: ActionSeatLimitChanged, orgID: e.Organization.ID,
		subjectID: e.Organization.ID, subject: e.Organization.Name,
		data: map[string]any{"from": e.From, "to": e.To}}
}

func (e OrganizationRenamed) describe() description {
	return description{action: ActionOrganizationUpdated, orgID: e.Organization.ID,
		subjectID: e.Organization.ID, subject: e.Organization.Name,
		data: map[string]any{"name": map[string]any{"from": e.From, "to": e.Organization.Name}}}
}

func (e OwnershipTransferred) describe() description {
	return description{action: ActionOwnershipTransferred, orgID: e.OrganizationID,
		subjectID: e.To.ID, subject: e.ToEmail,
		data: map[string]any{"from": e.From.UserID, "to": e.To.UserID, "fromMembership": e.From.ID,
			"toPreviousRole": string(e.ToPreviousRole)},
		users: []string{e.From.UserID, e.To.UserID}}
}

func (e OrganizationCreated) describe() description {
	return description{action: ActionOrganizationCreated, orgID: e.Organization.ID,
		subjectID: e.Organization.ID, subject: e.Organization.Name,
		data:  map[string]any{"slug": e.Organization.Slug, "seats": e.Organization.SeatLimit},
		users: []string{e.OwnerUserID},
		// The owner alone: the usage the seat history starts from.
		seats: &seat.Usage{OrganizationID: e.Organization.ID, Active: 1, Total: e.Organization.SeatLimit}}
}

func (e OrganizationDeleted) describe() description {
	return description{action: ActionOrganizationDeleted, orgID: e.Organization.ID,
		subjectID: e.Organization.ID, subject: e.Organization.Name,
		data:  map[string]any{"slug": e.Organization.Slug},
		users: e.MemberUserIDs}
}

// DomainAdded: a domain was added, pending verification.
type DomainAdded struct{ Domain *ent.Domain }

// DomainVerified: its TXT record was found (verifyDomain).
type DomainVerified struct{ Domain *ent.Domain }

// DomainAutoJoinChanged: auto-join was switched on or off.
type DomainAutoJoinChanged struct{ Domain *ent.Domain }

// DomainRemoved: the domain was removed from the organization.
type DomainRemoved struct{ Domain *ent.Domain }

// DomainVerificationLost: re-verification found no record Checks times in
// a row; the domain is no longer verified and auto-join pauses.
type DomainVerificationLost struct {
	Domain *ent.Domain
	Checks int
}

// AutoJoinSkippedSeatLimit: a user of a verified auto-join domain verified
// their email, but no seat was free, so they did not join.
type AutoJoinSkippedSeatLimit struct {
	Domain *ent.Domain
	UserID string
	Email  string
}

func domainEvent(a Action, d *ent.Domain, data map[string]any) description {
	return description{action: a, orgID: d.OrganizationID, subjectID: d.ID, subject: d.Domain, data: data}
}

func (e DomainAdded) describe() description {
	return domainEvent(ActionDomainAdded, e.Domain, nil)
}

func (e DomainVerified) describe() description {
	return domainEvent(ActionDomainVerified, e.Domain, nil)
}

func (e DomainAutoJoinChanged) describe() description {
	return domainEvent(ActionDomainAutoJoinChanged, e.Domain, map[string]any{"autoJoin": e.Domain.AutoJoin})
}

func (e DomainRemoved) describe() description {
	return domainEvent(ActionDomainRemoved, e.Domain, map[string]any{"verified": e.Domain.Verified})
}

func (e DomainVerificationLost) describe() description {
	return domainEvent(ActionDomainVerificationLost, e.Domain, map[string]any{"failedChecks": e.Checks})
}

func (e AutoJoinSkippedSeatLimit) describe() description {
	return description{action: ActionAutoJoinSkippedSeatLimit, orgID: e.Domain.OrganizationID,
		subjectID: e.UserID, subject: e.Email,
		data: map[string]any{"domain": e.Domain.Domain, "domainID": e.Domain.ID, "user": e.UserID}}
}

// APIKeyCreated: a person made an API key.
type APIKeyCreated struct{ Key *ent.APIKey }

// APIKeyRevoked: a person revoked an API key; whatever it has open ends.
type APIKeyRevoked struct{ Key *ent.APIKey }

func (e APIKeyCreated) describe() description {
	return description{action: ActionAPIKeyCreated, orgID: e.Key.OrganizationID, subjectID: e.Key.ID,
		subject: "API key " + e.Key.Name, data: map[string]any{"role": string(e.Key.Role), "prefix": e.Key.Prefix}}
}

func (e APIKeyRevoked) describe() description {
	return description{action: ActionAPIKeyRevoked, orgID: e.Key.OrganizationID, subjectID: e.Key.ID,
		subject: "API key " + e.Key.Name, users: []string{e.Key.ID}} // its websockets and streams check again
}

// OAuthClientCreated: a person registered an OAuth client.
type OAuthClientCreated struct{ Client *ent.OAuthClient }

// OAuthClientRevoked: a person revoked an OAuth client; its tokens end.
type OAuthClientRevoked struct{ Client *ent.OAuthClient }

func (e OAuthClientCreated) describe() description {
	return description{action: ActionOAuthClientCreated, orgID: e.Client.OrganizationID, subjectID: e.Client.ID,
		subject: "OAuth client " + e.Client.Name, data: map[string]any{"role": string(e.Client.Role), "client_id": e.Client.ClientID}}
}

func (e OAuthClientRevoked) describe() description {
	return description{action: ActionOAuthClientRevoked, orgID: e.Client.OrganizationID, subjectID: e.Client.ID,
		subject: "OAuth client " + e.Client.Name, users: []string{e.Client.ID}} // its websockets and streams check again
}

// WebhookCreated: a person added a webhook.
type WebhookCreated struct{ Webhook *ent.Webhook }

// WebhookDeleted: a person deleted a webhook.
type WebhookDeleted struct{ Webhook *ent.Webhook }

func (e WebhookCreated) describe() description {
	return description{action: ActionWebhookCreated, orgID: e.Webhook.OrganizationID, subjectID: e.Webhook.ID,
		subject: withoutQuery(e.Webhook.URL), data: map[string]any{"events": e.Webhook.Events}}
}

func (e WebhookDeleted) describe() description {
	return description{action: ActionWebhookDeleted, orgID: e.Webhook.OrganizationID, subjectID: e.Webhook.ID,
		subject: withoutQuery(e.Webhook.URL)}
}

// withoutQuery is a webhook's URL as the audit log shows it: its query may
// carry the receiver's own token.
func withoutQuery(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
