package server_test

import (
	"regexp"
	"testing"

	"github.com/rosterhq/roster/server/servertest"
)

// TestTakenSlugRevealsNoTenant: asking for another tenant's slug, chosen or
// derived from the same name, is not an error that would confirm the
// tenant: the new organization gets the slug with a random suffix, and
// the answer holds nothing of the other's.
func TestTakenSlugRevealsNoTenant(t *testing.T) {
	env := servertest.Start(t)
	victim := env.User("owner@victim.test", "Victim")
	var first struct {
		CreateOrganization struct{ ID, Slug, Name string }
	}
	victim.MustDo(`mutation { createOrganization(input: {name: "Acme Secret Project", slug: "acme"}) { id slug name } }`, nil, &first)
	if first.CreateOrganization.Slug != "acme" {
		t.Fatalf("first slug = %q", first.CreateOrganization.Slug)
	}

	prober := env.User("prober@elsewhere.test", "Prober")
	suffixed := regexp.MustCompile(`^acme-[a-z0-9]{4}$`)
	seen := map[string]bool{"acme": true}
	for _, input := range []map[string]any{
		{"name": "Probe", "slug": "acme"},
		{"name": "Probe again", "slug": "acme"},
		{"name": "Acme"}, // derived: acme
	} {
		res := prober.Do(`mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id slug name } }`, map[string]any{"in": input})
		if len(res.Errors) > 0 {
			t.Fatalf("%v: %+v; a taken slug must not be an error", input, res.Errors)
		}
		var out struct {
			CreateOrganization struct{ ID, Slug, Name string }
		}
		decodeData(t, res.Data, &out)
		org := out.CreateOrganization
		if !suffixed.MatchString(org.Slug) || seen[org.Slug] {
			t.Errorf("%v: slug %q; want acme-<4 random characters>, new each time", input, org.Slug)
		}
		seen[org.Slug] = true
		if org.ID == first.CreateOrganization.ID || org.Name != input["name"] {
			t.Errorf("%v: answered %+v", input, org)
		}
	}
	var look struct{ Organization *struct{ ID string } }
	prober.MustDo(`{ organization(slug: "acme") { id } }`, nil, &look)
	if look.Organization != nil {
		t.Error("the prober can read the victim's organization by its slug")
	}
}
