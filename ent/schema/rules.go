package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"github.com/rosterhq/roster/ent/privacy"
	"github.com/rosterhq/roster/server/viewer"
)

// Tenant scoping. Every query and every update or delete of an
// organization's rows is narrowed to the organizations of the viewer in the
// context, and a row is created only in one of them, so no code path can
// read, change or write another organization's rows by forgetting a check.
// Work that must cross organizations (sign-in, token links, the mail
// worker, joining an organization) runs with privacy.DecisionContext(ctx,
// privacy.Allow), which skips these rules; see server/database.System.

// The policies of the types.

func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{usersVisibleToViewer(), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{onlyTheViewerThemself(), privacy.AlwaysAllowRule()},
	}
}

// Any signed-in viewer may create an organization (the filter denies a
// caller without a viewer, creates included); they then change only their
// own.
func (Organization) Policy() ent.Policy {
	rule := organizationsOfViewer()
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{rule, privacy.AlwaysAllowRule()},
	}
}

func (Membership) Policy() ent.Policy {
	rule := rowsOfViewersOrganizations()
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{createsInViewersOrganizations(), rule, privacy.AlwaysAllowRule()},
	}
}

func (Invitation) Policy() ent.Policy {
	rule := rowsOfViewersOrganizations()
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{createsInViewersOrganizations(), rule, privacy.AlwaysAllowRule()},
	}
}

func (Session) Policy() ent.Policy { return systemOnly() }

// organizationRows is the policy of a type that belongs to one
// organization (API keys, OAuth clients, webhooks): its rows are read,
// changed and made only in the viewer's organizations.
func organizationRows() ent.Policy {
	rule := rowsOfViewersOrganizations()
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{createsInViewersOrganizations(), rule, privacy.AlwaysAllowRule()},
	}
}

func (AuditEvent) Policy() ent.Policy {
	rule := rowsOfViewersOrganizations()
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule, privacy.AlwaysAllowRule()},
		// Written by the domain in the transaction of the change it records,
		// and never changed.
		Mutation: privacy.MutationPolicy{
			createsInViewersOrganizations(),
			privacy.OnMutationOperation(privacy.AlwaysAllowRule(), ent.OpCreate),
			privacy.AlwaysDenyRule(),
		},
	}
}

func (OutboxEmail) Policy() ent.Policy { return systemOnly() }

func (RateCounter) Policy() ent.Policy { return systemOnly() }

// rowsOfViewersOrganizations limits a type with an organization_id to the
// viewer's organizations.
func rowsOfViewersOrganizations() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer")
		}
		f.Where(inOrganizations("organization_id", v.OrganizationIDs()))
		return privacy.Skip
	})
}

// createsInViewersOrganizations lets a row with an organization_id be
// created only in one of the viewer's organizations. The filters above
// narrow queries, updates and deletes, but ent applies no filter to a
// create (it has no rows to narrow), so this reads the organization the new
// row names. A row without one (an audit event of an account) is left to
// the rules after it. The viewer's organizations are those read at the
// start of the request (and changed by it): joining an organization, the
// one write into an organization its actor does not belong to yet, runs as
// System.
func createsInViewersOrganizations() privacy.MutationRule {
	return privacy.OnMutationOperation(privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer")
		}
		value, ok := m.Field("organization_id")
		if !ok {
			return privacy.Skip
		}
		id, _ := value.(string)
		if _, member := v.Role(id); !member {
			return privacy.Denyf("%s in organization %s, to which the viewer does not belong", m.Type(), id)
		}
		return privacy.Skip
	}), ent.OpCreate)
}

// organizationsOfViewer limits organizations to the viewer's.
func organizationsOfViewer() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer")
		}
		f.Where(inOrganizations("id", v.OrganizationIDs()))
		return privacy.Skip
	})
}

// usersVisibleToViewer limits users to the viewer and the people who share
// an organization with them.
func usersVisibleToViewer() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer")
		}
		f.Where(entql.Or(
			entql.FieldEQ("id", v.UserID),
			entql.HasEdgeWith("memberships", inOrganizations("organization_id", v.OrganizationIDs())),
		))
		return privacy.Skip
	})
}

// onlyTheViewerThemself lets a user change only their own account.
func onlyTheViewerThemself() privacy.MutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("no viewer")
		}
		f.Where(entql.FieldEQ("id", v.UserID))
		return privacy.Skip
	})
}

// systemOnly is the policy of internal tables (sessions, the mail outbox):
// only system work, under privacy.Allow, touches them.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// inOrganizations matches rows whose field is one of ids. entql writes an
// empty list as "IN ()", which SQLite reads as false and PostgreSQL
// rejects, so no organizations is written as a condition nothing meets.
func inOrganizations(field string, ids []string) entql.P {
	if len(ids) == 0 {
		return entql.And(entql.FieldNil(field), entql.FieldNotNil(field))
	}
	return entql.FieldIn(field, anys(ids)...)
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
