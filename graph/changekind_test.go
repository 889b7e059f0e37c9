package graph_test

import (
	"testing"

	"github.com/rosterhq/roster/graph"
	"github.com/rosterhq/roster/server/change"
)

// TestOrganizationChangeKindsAreTheServers: the served enum names exactly
// the kinds server/change gives its events (SUBSCRIBED and
// ORGANIZATION_UPDATED, whose mutation comes later, aside), so no change is
// streamed under a name the schema lacks, and no name goes unsent.
func TestOrganizationChangeKindsAreTheServers(t *testing.T) {
	enum := graph.NewSchema(&graph.Resolver{}).Schema().Types["OrganizationChangeKind"]
	if enum == nil {
		t.Fatal("the schema has no OrganizationChangeKind")
	}
	served := map[string]bool{}
	for _, v := range enum.EnumValues {
		served[v.Name] = true
	}
	sent := map[string]bool{string(change.KindSubscribed): true, string(change.KindOrganizationUpdated): true}
	for _, a := range change.Actions() {
		if k, ok := a.Kind(); ok {
			sent[string(k)] = true
		}
	}
	for k := range sent {
		if !served[k] {
			t.Errorf("server/change sends %s, which the schema's OrganizationChangeKind lacks", k)
		}
	}
	for k := range served {
		if !sent[k] {
			t.Errorf("the schema's OrganizationChangeKind has %s, which no event of server/change carries", k)
		}
	}
}
