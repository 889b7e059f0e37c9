package server_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rosterhq/roster/ent/auditevent"
	"github.com/rosterhq/roster/ent/membership"
	"github.com/rosterhq/roster/server"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/domain/dnstest"
	"github.com/rosterhq/roster/server/mail/mailtest"
	"github.com/rosterhq/roster/server/servertest"
)

const domainFields = `id domain displayName verified verifiedAt autoJoin status verificationRecordName verificationRecordValue organization { id }`

type domainOut struct {
	ID, Domain, DisplayName, Status string
	Verified, AutoJoin              bool
	VerifiedAt                      *string
	VerificationRecordName          string
	VerificationRecordValue         string
	Organization                    struct{ ID string }
}

// startWithDNS runs a server whose domain verification asks a real DNS
// server on loopback.
func startWithDNS(t *testing.T, options ...func(*server.Config)) (*servertest.Env, *dnstest.Server) {
	t.Helper()
	dns := dnstest.Start(t)
	options = append([]func(*server.Config){func(c *server.Config) { c.DNSResolver = dns.Addr }}, options...)
	return servertest.Start(t, options...), dns
}

func addDomain(t *testing.T, c *servertest.Client, org servertest.Org, name string) domainOut {
	t.Helper()
	var out struct{ AddDomain domainOut }
	c.MustDo(`mutation($o: ID!, $d: String!) { addDomain(organizationID: $o, domain: $d) { `+domainFields+` } }`,
		map[string]any{"o": org.ID, "d": name}, &out)
	return out.AddDomain
}

func verifyDomain(c *servertest.Client, id string) *servertest.Response {
	return c.Do(`mutation($id: ID!) { verifyDomain(id: $id) { `+domainFields+` } }`, map[string]any{"id": id})
}

// verifiedAutoJoin adds name to org, publishes its record, verifies it and
// switches auto-join on.
func verifiedAutoJoin(t *testing.T, c *servertest.Client, dns *dnstest.Server, org servertest.Org, name string) domainOut {
	t.Helper()
	d := addDomain(t, c, org, name)
	dns.SetTXT(d.VerificationRecordName, d.VerificationRecordValue)
	if res := verifyDomain(c, d.ID); len(res.Errors) > 0 {
		t.Fatalf("verifyDomain %s: %+v", name, res.Errors)
	}
	c.MustDo(`mutation($id: ID!) { setDomainAutoJoin(id: $id, enabled: true) { id } }`, map[string]any{"id": d.ID}, nil)
	return d
}

// TestDomainVerificationThroughDNS: the record Roster asks for, looked up
// through the configured resolver: absent and wrong are
// VERIFICATION_FAILED naming the record; present among other records, and
// in an answer truncated over UDP (asked again over TCP), verifies.
func TestDomainVerificationThroughDNS(t *testing.T) {
	env, dns := startWithDNS(t)
	owner := env.User("owner@corp.example.com", "Olive Owner")
	org := owner.CreateOrg("Corp")

	d := addDomain(t, owner, org, "  Corp.Example.COM. ")
	if d.Domain != "corp.example.com" || d.Status != "PENDING" || d.Verified || d.AutoJoin || d.VerifiedAt != nil {
		t.Fatalf("added: %+v", d)
	}
	if d.VerificationRecordName != "_roster-challenge.corp.example.com" || !strings.HasPrefix(d.VerificationRecordValue, "roster-verification=") ||
		len(d.VerificationRecordValue) < len("roster-verification=")+26 {
		t.Fatalf("record: %s = %s", d.VerificationRecordName, d.VerificationRecordValue)
	}
	other := addDomain(t, owner, org, "other.example.com")
	if other.VerificationRecordValue == d.VerificationRecordValue {
		t.Fatal("two domains share a token")
	}

	failed := func(why string) {
		t.Helper()
		res := verifyDomain(owner, d.ID)
		if res.Code() != "VERIFICATION_FAILED" || !strings.Contains(res.Errors[0].Message, d.VerificationRecordName) {
			t.Fatalf("%s: %+v, want VERIFICATION_FAILED naming %s", why, res.Errors, d.VerificationRecordName)
		}
	}
	failed("absent")
	dns.SetTXT(d.VerificationRecordName, "roster-verification=wrong")
	failed("wrong value")
	dns.SetTXT(d.VerificationRecordName, other.VerificationRecordValue)
	failed("another domain's value")
	dns.SetTXT("_roster-challenge.evil.test", d.VerificationRecordValue)
	failed("the value under another name")

	dns.SetTXT(d.VerificationRecordName, "google-site-verification=x", d.VerificationRecordValue, "v=spf1 -all")
	dns.TruncateUDP(true)
	tcp := dns.TCPQueries.Load()
	res := verifyDomain(owner, d.ID)
	if len(res.Errors) > 0 {
		t.Fatalf("verify: %+v", res.Errors)
	}
	if dns.TCPQueries.Load() == tcp {
		t.Error("the truncated answer was not asked again over TCP")
	}
	var got struct{ VerifyDomain domainOut }
	decodeData(t, res.Data, &got)
	if !got.VerifyDomain.Verified || got.VerifyDomain.Status != "VERIFIED" || got.VerifyDomain.VerifiedAt == nil {
		t.Fatalf("verified: %+v", got.VerifyDomain)
	}

	// Members see the organization's domains.
	member, _ := env.Join(owner, org, "mia@corp.example.com", "MEMBER")
	var q struct {
		Organization struct{ Domains []domainOut }
	}
	member.MustDo(`query($s: String!) { organization(slug: $s) { domains { `+domainFields+` } } }`, map[string]any{"s": org.Slug}, &q)
	if len(q.Organization.Domains) != 2 {
		t.Fatalf("a member sees %d domains, want 2", len(q.Organization.Domains))
	}
}

// TestDomainNamesAreOneDomainAndRefusals: the same domain typed another
// way is the same domain (CONFLICT in the same organization); what may not
// be claimed is BAD_USER_INPUT; auto-join needs a verified domain.
func TestDomainNamesAreOneDomainAndRefusals(t *testing.T) {
	env, _ := startWithDNS(t)
	owner := env.User("owner@idn.test", "Olive")
	org := owner.CreateOrg("IDN")
	d := addDomain(t, owner, org, "bücher.example")
	if d.Domain != "xn--bcher-kva.example" || d.DisplayName != "bücher.example" {
		t.Fatalf("IDN stored as %q shown as %q", d.Domain, d.DisplayName)
	}
	for _, same := range []string{"BÜCHER.example.", "xn--bcher-kva.example", " XN--BCHER-KVA.EXAMPLE "} {
		res := owner.Do(`mutation($o: ID!, $d: String!) { addDomain(organizationID: $o, domain: $d) { id } }`, map[string]any{"o": org.ID, "d": same})
		if res.Code() != "CONFLICT" {
			t.Errorf("adding %q again: %+v, want CONFLICT", same, res.Errors)
		}
	}
	for _, bad := range []string{"gmail.com", "Outlook.com.", "proton.me", "com", "co.uk", "192.0.2.1", "not a domain", "a@b.example"} {
		res := owner.Do(`mutation($o: ID!, $d: String!) { addDomain(organizationID: $o, domain: $d) { id } }`, map[string]any{"o": org.ID, "d": bad})
		if res.Code() != "BAD_USER_INPUT" {
			t.Errorf("adding %q: %+v, want BAD_USER_INPUT", bad, res.Errors)
		}
	}
	res := owner.Do(`mutation($id: ID!) { setDomainAutoJoin(id: $id, enabled: true) { id } }`, map[string]any{"id": d.ID})
	if res.Code() != "BAD_USER_INPUT" {
		t.Errorf("auto-join on an unverified domain: %+v, want BAD_USER_INPUT", res.Errors)
	}
}

// TestDomainVerifiedByOneOrganization: a domain verified by one
// organization is CONFLICT for another, whether it adds it afterwards or
// had added it before and verifies it now (its own record published too).
func TestDomainVerifiedByOneOrganization(t *testing.T) {
	env, dns := startWithDNS(t)
	alice := env.User("alice@a.test", "Alice")
	mallory := env.User("mallory@m.test", "Mallory")
	orgA, orgM := alice.CreateOrg("A"), mallory.CreateOrg("M")
	early := addDomain(t, mallory, orgM, "corp.example.com")
	verifiedAutoJoin(t, alice, dns, orgA, "corp.example.com")

	res := mallory.Do(`mutation($o: ID!, $d: String!) { addDomain(organizationID: $o, domain: $d) { id } }`, map[string]any{"o": orgM.ID, "d": "CORP.example.com"})
	if res.Code() != "CONFLICT" {
		t.Errorf("adding a domain verified elsewhere: %+v, want CONFLICT", res.Errors)
	}
	dns.SetTXT(early.VerificationRecordName, early.VerificationRecordValue)
	if res := verifyDomain(mallory, early.ID); res.Code() != "CONFLICT" {
		t.Errorf("verifying a domain verified elsewhere: %+v, want CONFLICT", res.Errors)
	}
	// Deleting the organization frees the domain (its rows go with it).
	alice.MustDo(`mutation($id: ID!, $s: String!) { deleteOrganization(id: $id, confirmSlug: $s) }`, map[string]any{"id": orgA.ID, "s": orgA.Slug}, nil)
	if res := verifyDomain(mallory, early.ID); len(res.Errors) > 0 {
		t.Errorf("verifying after the holder was deleted: %+v", res.Errors)
	}
}

// TestDomainRoleMatrix: every domain mutation for the owner, an admin, a
// member, another organization's admin and an anonymous caller.
func TestDomainRoleMatrix(t *testing.T) {
	env, dns := startWithDNS(t)
	owner := env.User("owner@matrix.test", "Olive")
	org := owner.CreateOrg("Matrix")
	admin, _ := env.Join(owner, org, "ada@matrix.test", "ADMIN")
	member, _ := env.Join(owner, org, "mo@matrix.test", "MEMBER")
	outsider := env.User("eve@elsewhere.test", "Eve")
	outsider.CreateOrg("Elsewhere")
	anonymous := env.NewClient()
	bearer := env.NewClient() // a token no API key or OAuth client issued
	bearer.Header.Set("Authorization", "Bearer rk_not-a-real-key-0123456789abcdef")

	n := 0
	fresh := func() domainOut { // a domain of org, its record published
		n++
		d := addDomain(t, owner, org, fmt.Sprintf("d%d.matrix.example", n))
		dns.SetTXT(d.VerificationRecordName, d.VerificationRecordValue)
		return d
	}
	verified := func() domainOut {
		d := fresh()
		if res := verifyDomain(owner, d.ID); len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		return d
	}
	mutations := []struct {
		name   string
		target func() domainOut
		do     func(c *servertest.Client, d domainOut) *servertest.Response
	}{
		{"addDomain", func() domainOut { n++; return domainOut{Domain: fmt.Sprintf("d%d.matrix.example", n)} },
			func(c *servertest.Client, d domainOut) *servertest.Response {
				return c.Do(`mutation($o: ID!, $d: String!) { addDomain(organizationID: $o, domain: $d) { id } }`, map[string]any{"o": org.ID, "d": d.Domain})
			}},
		{"verifyDomain", fresh, func(c *servertest.Client, d domainOut) *servertest.Response { return verifyDomain(c, d.ID) }},
		{"setDomainAutoJoin", verified, func(c *servertest.Client, d domainOut) *servertest.Response {
			return c.Do(`mutation($id: ID!) { setDomainAutoJoin(id: $id, enabled: true) { id autoJoin } }`, map[string]any{"id": d.ID})
		}},
		{"removeDomain", fresh, func(c *servertest.Client, d domainOut) *servertest.Response {
			return c.Do(`mutation($id: ID!) { removeDomain(id: $id) }`, map[string]any{"id": d.ID})
		}},
	}
	callers := []struct {
		name string
		c    *servertest.Client
		want string // "" allowed
	}{{"owner", owner, ""}, {"admin", admin, ""}, {"member", member, "FORBIDDEN"}, {"another organization's owner", outsider, "NOT_FOUND"}, {"anonymous", anonymous, "UNAUTHENTICATED"}, {"unknown bearer token", bearer, "UNAUTHENTICATED"}}
	for _, m := range mutations {
		for _, caller := range callers {
			t.Run(m.name+"/"+caller.name, func(t *testing.T) {
				target := m.target()
				before := domainCount(t, env, org.ID)
				res := m.do(caller.c, target)
				if res.Code() != caller.want {
					t.Fatalf("%+v, want %q", res.Errors, caller.want)
				}
				if caller.want != "" && domainCount(t, env, org.ID) != before {
					t.Fatal("a refused mutation changed the domains")
				}
			})
		}
	}
}

func domainCount(t *testing.T, env *servertest.Env, orgID string) string {
	t.Helper()
	ctx := database.System(context.Background())
	ds, err := env.App.Client().Domain.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range ds {
		if d.OrganizationID == orgID {
			fmt.Fprintf(&b, "%s:%v:%v;", d.Domain, d.Verified, d.AutoJoin)
		}
	}
	return b.String()
}

// TestAnotherOrganizationsDomainsAreNotFound: another organization's
// domain IDs give NOT_FOUND and no data, through every mutation and node.
func TestAnotherOrganizationsDomainsAreNotFound(t *testing.T) {
	env, dns := startWithDNS(t)
	alice := env.User("alice@a.test", "Alice")
	orgA := alice.CreateOrg("A")
	d := verifiedAutoJoin(t, alice, dns, orgA, "secret.example.com")
	eve := env.User("eve@e.test", "Eve")
	eve.CreateOrg("E")
	for name, q := range map[string]string{
		"verifyDomain":      `mutation($id: ID!) { verifyDomain(id: $id) { id domain verificationRecordValue } }`,
		"setDomainAutoJoin": `mutation($id: ID!) { setDomainAutoJoin(id: $id, enabled: false) { id domain } }`,
		"removeDomain":      `mutation($id: ID!) { removeDomain(id: $id) }`,
	} {
		res := eve.Do(q, map[string]any{"id": d.ID})
		if res.Code() != "NOT_FOUND" || strings.Contains(string(res.Data), "secret") || strings.Contains(res.Errors[0].Message, "secret") {
			t.Errorf("%s: %s %+v, want NOT_FOUND and nothing of the domain", name, res.Data, res.Errors)
		}
	}
	res := eve.Do(`query($id: ID!) { node(id: $id) { id ... on Domain { domain verificationRecordValue } } }`, map[string]any{"id": d.ID})
	if strings.Contains(string(res.Data), "secret") || strings.Contains(string(res.Data), d.VerificationRecordValue) {
		t.Errorf("node: %s", res.Data)
	}
	if got := domainCount(t, env, orgA.ID); got != "secret.example.com:true:true;" {
		t.Errorf("alice's domain after eve's attempts: %s", got)
	}
	// Alice reads it by node.
	var out struct{ Node *struct{ Domain string } }
	alice.MustDo(`query($id: ID!) { node(id: $id) { ... on Domain { domain } } }`, map[string]any{"id": d.ID}, &out)
	if out.Node == nil || out.Node.Domain != "secret.example.com" {
		t.Errorf("alice's node: %+v", out.Node)
	}
}

type verifiedUser struct {
	VerifyEmail struct {
		Memberships []struct {
			Role         string
			Organization struct{ ID string }
		}
	}
}

// signUpAndVerify signs email up and verifies it, returning the client and
// the memberships verifyEmail's own response shows.
func signUpAndVerify(t *testing.T, env *servertest.Env, email string) (*servertest.Client, verifiedUser) {
	t.Helper()
	c := env.SignUp(email, strings.Split(email, "@")[0])
	tok := env.Token(email, "/verify-email")
	var out verifiedUser
	c.MustDo(`mutation($t: String!) { verifyEmail(token: $t) { memberships { role organization { id } } } }`, map[string]any{"t": tok}, &out)
	return c, out
}

func membersOf(t *testing.T, env *servertest.Env, orgID string) int {
	t.Helper()
	n, err := env.App.Client().Membership.Query().Where(membership.OrganizationID(orgID)).Count(database.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAutoJoin: a user whose email becomes verified at a verified domain
// with auto-join on joins as a Member in the verifyEmail call itself (the
// answer shows it); not before verifying, not with auto-join off, not for
// look-alike domains or subdomains, not after the domain is removed.
func TestAutoJoin(t *testing.T) {
	env, dns := startWithDNS(t)
	owner := env.User("owner@corp.example.com", "Olive")
	org := owner.CreateOrg("Corp")
	d := verifiedAutoJoin(t, owner, dns, org, "corp.example.com")
	off := verifiedAutoJoin(t, owner, dns, org, "quiet.example.com")
	owner.MustDo(`mutation($id: ID!) { setDomainAutoJoin(id: $id, enabled: false) { id } }`, map[string]any{"id": off.ID}, nil)

	unverified := env.SignUp("slow@corp.example.com", "Slow")
	if n := membersOf(t, env, org.ID); n != 1 {
		t.Fatalf("%d members after an unverified sign-up, want 1", n)
	}
	var me struct {
		Viewer struct{ Memberships []struct{ Role string } }
	}
	unverified.MustDo(`{ viewer { memberships { role } } }`, nil, &me)
	if len(me.Viewer.Memberships) != 0 {
		t.Fatalf("an unverified user has memberships: %+v", me)
	}

	ann, got := signUpAndVerify(t, env, "Ann@Corp.Example.com")
	if len(got.VerifyEmail.Memberships) != 1 || got.VerifyEmail.Memberships[0].Organization.ID != org.ID || got.VerifyEmail.Memberships[0].Role != "MEMBER" {
		t.Fatalf("verifyEmail's answer: %+v, want a Member of %s", got.VerifyEmail.Memberships, org.ID)
	}
	var seen struct{ Organization *struct{ Name string } }
	ann.MustDo(`query($s: String!) { organization(slug: $s) { name } }`, map[string]any{"s": org.Slug}, &seen)
	if seen.Organization == nil {
		t.Fatal("the new member cannot see the organization")
	}
	events, err := env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(org.ID), auditevent.Action(string(change.ActionMemberJoined)), auditevent.Target("ann@corp.example.com")).
		All(database.System(context.Background()))
	if err != nil || len(events) != 1 || events[0].Data["autoJoinDomain"] != "corp.example.com" || events[0].Sequence == nil {
		t.Fatalf("member.joined audit: %+v, %v", events, err)
	}

	for _, email := range []string{
		"quiet@quiet.example.com",        // auto-join off
		"eve@corp.example.com.evil.test", // look-alike: the domain as a prefix
		"eve@evilcorp.example.com",       // look-alike: the domain as a suffix
		"eve@sub.corp.example.com",       // subdomains are other domains
		"eve@corp-example.com",           // punctuation
	} {
		_, got := signUpAndVerify(t, env, email)
		if len(got.VerifyEmail.Memberships) != 0 {
			t.Errorf("%s joined: %+v", email, got.VerifyEmail.Memberships)
		}
	}
	if n := membersOf(t, env, org.ID); n != 2 {
		t.Fatalf("%d members, want the owner and ann", n)
	}

	owner.MustDo(`mutation($id: ID!) { removeDomain(id: $id) }`, map[string]any{"id": d.ID}, nil)
	if _, got := signUpAndVerify(t, env, "late@corp.example.com"); len(got.VerifyEmail.Memberships) != 0 {
		t.Errorf("joined by a removed domain: %+v", got.VerifyEmail.Memberships)
	}
}

// TestAutoJoinSeatLimit: without a free seat nobody joins; the skip is
// audited (auto_join.skipped_seat_limit) and the owner and admins, not the
// members, get an email suggesting an upgrade. A pending invitation for
// the address is accepted instead, with its role and its seat.
func TestAutoJoinSeatLimit(t *testing.T) {
	env, dns := startWithDNS(t, func(c *server.Config) { c.DefaultSeatLimit = 3 })
	owner := env.User("owner@full.example.com", "Olive")
	org := owner.CreateOrg("Full")
	env.Join(owner, org, "ada@full.example.com", "ADMIN")
	verifiedAutoJoin(t, owner, dns, org, "full.example.com")
	owner.Invite(org, "invited@full.example.com", "ADMIN") // the third seat
	if s := owner.Seats(org); s.Used != 3 || s.Available != 0 {
		t.Fatalf("seats: %+v", s)
	}

	_, got := signUpAndVerify(t, env, "invited@full.example.com")
	if len(got.VerifyEmail.Memberships) != 1 || got.VerifyEmail.Memberships[0].Role != "ADMIN" {
		t.Fatalf("the invited user: %+v, want to join as the invitation's ADMIN", got.VerifyEmail.Memberships)
	}
	if s := owner.Seats(org); s.Active != 3 || s.Pending != 0 || s.Used != 3 {
		t.Fatalf("seats after the invitation was accepted: %+v, want its seat taken over", s)
	}

	_, got = signUpAndVerify(t, env, "extra@full.example.com")
	if len(got.VerifyEmail.Memberships) != 0 {
		t.Fatalf("joined past the seat limit: %+v", got.VerifyEmail.Memberships)
	}
	if s := owner.Seats(org); s.Used != 3 {
		t.Fatalf("seats: %+v", s)
	}
	skipped, err := env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(org.ID), auditevent.Action(string(change.ActionAutoJoinSkippedSeatLimit))).
		All(database.System(context.Background()))
	if err != nil || len(skipped) != 1 || skipped[0].Target != "extra@full.example.com" || skipped[0].Data["domain"] != "full.example.com" {
		t.Fatalf("skipped events: %+v, %v", skipped, err)
	}
	for _, to := range []string{"owner@full.example.com", "ada@full.example.com", "invited@full.example.com"} {
		m := env.Mail.WaitFor(t, to, func(m mailtest.Message) bool { return strings.Contains(m.Subject, "could not join") }, servertest.MailTimeout)
		if !strings.Contains(m.Text, "extra@full.example.com") || !strings.Contains(m.Text, "/orgs/"+org.Slug+"/settings/organization") {
			t.Errorf("email to %s: %s", to, m.Text)
		}
	}
}

// TestAutoJoinNeverOversells: many users of the domain verify their
// emails at once at a nearly full organization; exactly the free seats are
// taken, every other one is a recorded skip.
func TestAutoJoinNeverOversells(t *testing.T) {
	const seats, users = 4, 12
	env, dns := startWithDNS(t, func(c *server.Config) { c.DefaultSeatLimit = seats })
	owner := env.User("owner@rush.example.com", "Olive")
	org := owner.CreateOrg("Rush")
	verifiedAutoJoin(t, owner, dns, org, "rush.example.com")

	clients := make([]*servertest.Client, users)
	tokens := make([]string, users)
	for i := range users {
		email := fmt.Sprintf("u%d@rush.example.com", i)
		clients[i] = env.SignUp(email, "U")
		tokens[i] = env.Token(email, "/verify-email")
	}
	var wg sync.WaitGroup
	errs := make(chan string, users)
	for i := range users {
		wg.Go(func() {
			res := clients[i].Do(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": tokens[i]})
			if len(res.Errors) > 0 {
				errs <- fmt.Sprint(res.Errors)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("verifyEmail: %s", e)
	}
	if n := membersOf(t, env, org.ID); n != seats {
		t.Fatalf("%d members, want exactly %d", n, seats)
	}
	skipped, err := env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(org.ID), auditevent.Action(string(change.ActionAutoJoinSkippedSeatLimit))).
		Count(database.System(context.Background()))
	if err != nil || skipped != users-(seats-1) {
		t.Fatalf("%d skips (%v), want %d", skipped, err, users-(seats-1))
	}
}

// TestDomainChangesAreRecorded: each domain mutation is an audit row with
// its actor and the domain; an auto-join is MEMBER_JOINED on
// organizationChanged (numbered, with the seats it took) and a new usage on
// seatUsageChanged.
func TestDomainChangesAreRecorded(t *testing.T) {
	env, dns := startWithDNS(t)
	owner := env.User("owner@log.example.com", "Olive")
	org := owner.CreateOrg("Log")
	vars := map[string]any{"o": org.ID}
	changes := owner.Subscribe(changeSubscription, vars, servertest.DialOptions{Protocol: servertest.TransportWS})
	if hello := nextChange(t, changes); hello.Kind != "SUBSCRIBED" {
		t.Fatalf("first event: %+v", hello)
	}
	usage := owner.Subscribe(`subscription($o: ID!) { seatUsageChanged(organizationID: $o) { active } }`, vars, servertest.DialOptions{Protocol: servertest.TransportWS})
	if ev, ok := usage.Next(10e9); !ok || !strings.Contains(string(ev.Data), `"active":1`) {
		t.Fatalf("first usage: %+v", ev)
	}

	d := verifiedAutoJoin(t, owner, dns, org, "log.example.com")
	_, got := signUpAndVerify(t, env, "new@log.example.com")
	if len(got.VerifyEmail.Memberships) != 1 {
		t.Fatalf("no auto-join: %+v", got)
	}
	joined := nextChange(t, changes)
	if joined.Kind != "MEMBER_JOINED" || joined.Sequence != 1 || joined.Membership == nil || joined.Membership.User.Email != "new@log.example.com" ||
		joined.Membership.Role != "MEMBER" || joined.SeatUsage.Active != 2 {
		t.Fatalf("the auto-join's change: %+v", joined)
	}
	if ev, ok := usage.Next(10e9); !ok || !strings.Contains(string(ev.Data), `"active":2`) {
		t.Fatalf("usage after the auto-join: %+v", ev)
	}
	owner.MustDo(`mutation($id: ID!) { removeDomain(id: $id) }`, map[string]any{"id": d.ID}, nil)

	rows, err := env.App.Client().AuditEvent.Query().
		Where(auditevent.OrganizationID(org.ID), auditevent.ActionHasPrefix("domain.")).
		Order(auditevent.ByCreatedAt()).
		All(database.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range rows {
		actions = append(actions, r.Action)
		if r.Target != "log.example.com" || r.TargetID != d.ID || r.ActorLabel != "owner@log.example.com" || r.Sequence != nil {
			t.Errorf("%s: target %s (%s), actor %s, sequence %v", r.Action, r.Target, r.TargetID, r.ActorLabel, r.Sequence)
		}
	}
	want := []string{"domain.added", "domain.verified", "domain.auto_join_changed", "domain.removed"}
	if strings.Join(actions, ",") != strings.Join(want, ",") {
		t.Fatalf("audited %v, want %v", actions, want)
	}
}
