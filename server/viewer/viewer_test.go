package viewer

import (
	"context"
	"testing"

	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/policy"
)

func TestRequire(t *testing.T) {
	v := New("usr_1", "a@x.io", "A", true, map[string]policy.Role{"org_a": policy.Admin, "org_m": policy.Member})
	ctx := NewContext(context.Background(), v)
	tests := []struct {
		name string
		ctx  context.Context
		org  string
		p    policy.Permission
		want errcode.Code // "" when allowed
	}{
		{"admin manages members", ctx, "org_a", policy.ManageMembers, ""},
		{"admin manages billing", ctx, "org_a", policy.ManageBilling, errcode.Forbidden},
		{"member uses products", ctx, "org_m", policy.UseProducts, ""},
		{"member manages members", ctx, "org_m", policy.ManageMembers, errcode.Forbidden},
		{"not a member", ctx, "org_other", policy.UseProducts, errcode.NotFound},
		{"anonymous", NewContext(context.Background(), nil), "org_a", policy.UseProducts, errcode.Unauthenticated},
		{"no viewer at all", context.Background(), "org_a", policy.UseProducts, errcode.Unauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Require(tt.ctx, tt.org, tt.p)
			if tt.want == "" && err != nil || tt.want != "" && !errcode.Is(err, tt.want) {
				t.Errorf("Require = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestReplaceChangesTheRestOfTheRequest(t *testing.T) {
	ctx := NewContext(context.Background(), nil)
	if FromContext(ctx) != nil {
		t.Fatal("anonymous context has a viewer")
	}
	v := New("usr_1", "a@x.io", "A", true, nil)
	Replace(ctx, v)
	if FromContext(ctx) != v {
		t.Fatal("Replace did not sign the request in")
	}
	v.SetRole("org_1", policy.Owner)
	if r, ok := FromContext(ctx).Role("org_1"); !ok || r != policy.Owner {
		t.Error("SetRole is not seen")
	}
	v.Forget("org_1")
	if ids := v.OrganizationIDs(); len(ids) != 0 {
		t.Errorf("after Forget: %v", ids)
	}
}
