package live

import (
	"context"
	"slices"
	"testing"

	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/policy"
)

// TestRolesAfterEachChange: read in one batch, each change carries the
// subscriber's role after that change, not after the batch; a change that
// ends their access shows as no role.
func TestRolesAfterEachChange(t *testing.T) {
	roleChanged := func(user string, from policy.Role) *Change {
		return &Change{Kind: change.KindMemberRoleChanged, user: user, roleBefore: from}
	}
	other := &Change{Kind: change.KindInvitationCreated}
	tests := []struct {
		name   string
		read   []*Change
		now    policy.Role
		member bool
		want   []policy.Role
	}{
		{"demoted then promoted", []*Change{other, roleChanged("ada", policy.Admin), other, roleChanged("ada", policy.Member)},
			policy.Admin, true, []policy.Role{policy.Admin, policy.Member, policy.Member, policy.Admin}},
		{"someone else's role", []*Change{roleChanged("bob", policy.Member)}, policy.Admin, true, []policy.Role{policy.Admin}},
		{"removed mid-batch", []*Change{other, {Kind: change.KindMemberRemoved, user: "ada", roleBefore: policy.Admin}, other},
			"", false, []policy.Role{policy.Admin, "", ""}},
		{"joined mid-batch", []*Change{other, {Kind: change.KindMemberJoined, user: "ada"}, other},
			policy.Member, true, []policy.Role{"", policy.Member, policy.Member}},
		{"ownership to ada", []*Change{{Kind: change.KindOwnershipTransferred, user: "ada", otherUser: "olga", roleBefore: policy.Member}, other},
			policy.Owner, true, []policy.Role{policy.Owner, policy.Owner}},
		{"ownership from ada", []*Change{other, {Kind: change.KindOwnershipTransferred, user: "bob", otherUser: "ada", roleBefore: policy.Member}},
			policy.Admin, true, []policy.Role{policy.Owner, policy.Admin}},
	}
	for _, tt := range tests {
		if got := rolesAfter(tt.read, "ada", tt.now, tt.member); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestSlowSubscriberIsCompletedPastMaxBehind: a subscriber that does not
// read gets everything up to MaxBehind waiting; one more completes its
// stream (it refetches on resubscribing), and sending never blocks.
func TestSlowSubscriberIsCompletedPastMaxBehind(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := &changeSub{stream: stream{ctx: ctx}, out: make(chan *Change, 16)}
	for n := 1; n <= cap(sub.out)+MaxBehind; n++ {
		sub.send(&Change{Sequence: n})
	}
	if sub.ended {
		t.Fatal("ended with MaxBehind waiting")
	}
	got := 0
	for c := range sub.out { // in order, none lost
		got++
		if c.Sequence != got {
			t.Fatalf("event %d has number %d", got, c.Sequence)
		}
		if got == cap(sub.out)+MaxBehind {
			break
		}
	}
	// The channel's room, the one the drain holds, MaxBehind waiting: the
	// next is one too many.
	for n := 1; n <= cap(sub.out)+1+MaxBehind+1; n++ {
		sub.send(&Change{Sequence: n})
	}
	for range sub.out { // drains what was sent before the end, then closes
	}
	if !sub.ended {
		t.Error("a subscriber more than MaxBehind behind was not ended")
	}
}
