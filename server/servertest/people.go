package servertest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/rosterhq/roster/server/mail/mailtest"
)

// Password is the password of every user the helpers sign up.
const Password = "correct horse battery staple"

// MailTimeout is how long helpers wait for an email.
const MailTimeout = 5 * time.Second

// SignUp signs a new user up, without verifying their email.
func (e *Env) SignUp(email, name string) *Client {
	e.T.Helper()
	c := e.NewClient()
	c.MustDo(`mutation($in: SignUpInput!) { signUp(input: $in) { user { id } } }`,
		map[string]any{"in": map[string]any{"email": email, "password": Password, "name": name}}, nil)
	return c
}

// User signs a new user up and verifies their email from the email's link.
func (e *Env) User(email, name string) *Client {
	e.T.Helper()
	c := e.SignUp(email, name)
	tok := e.Token(email, "/verify-email")
	c.MustDo(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": tok}, nil)
	return c
}

// Token waits for the next email to address with a link to path, and
// returns the link's token.
func (e *Env) Token(address, path string) string {
	e.T.Helper()
	m := e.Mail.WaitFor(e.T, address, func(m mailtest.Message) bool { return strings.Contains(m.Text, path) }, MailTimeout)
	return mailtest.TokenFrom(e.T, m, path)
}

// Org is an organization made by a test.
type Org struct{ ID, Slug string }

// CreateOrg makes an organization owned by c.
func (c *Client) CreateOrg(name string) Org {
	c.env.T.Helper()
	var out struct{ CreateOrganization Org }
	c.MustDo(`mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id slug } }`,
		map[string]any{"in": map[string]any{"name": name}}, &out)
	return out.CreateOrganization
}

// Invite invites an address and returns the invitation's ID.
func (c *Client) Invite(org Org, email, role string) string {
	c.env.T.Helper()
	var out struct{ InviteMember struct{ ID string } }
	c.MustDo(`mutation($in: InviteMemberInput!) { inviteMember(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"organizationID": org.ID, "email": email, "role": role}}, &out)
	return out.InviteMember.ID
}

// Accept accepts an invitation by its token and returns the membership ID.
func (c *Client) Accept(token string) string {
	c.env.T.Helper()
	var out struct{ AcceptInvitation struct{ ID string } }
	c.MustDo(`mutation($t: String!) { acceptInvitation(token: $t) { id } }`, map[string]any{"t": token}, &out)
	return out.AcceptInvitation.ID
}

// Join has owner invite a new, verified user with role, who accepts from
// the emailed link. It returns the new member's client and membership ID.
func (e *Env) Join(owner *Client, org Org, email, role string) (*Client, string) {
	e.T.Helper()
	owner.Invite(org, email, role)
	tok := e.Token(email, "/invitations/accept")
	member := e.User(email, strings.Split(email, "@")[0])
	return member, member.Accept(tok)
}

// SeatUsage is an organization's seat usage as the API reports it.
type SeatUsage struct{ Active, Pending, Used, Total, Available int }

// Seats returns the seat usage of an organization, read by c.
func (c *Client) Seats(org Org) SeatUsage {
	c.env.T.Helper()
	var out struct {
		Organization struct{ SeatUsage SeatUsage }
	}
	c.MustDo(`query($s: String!) { organization(slug: $s) { seatUsage { active pending used total available } } }`,
		map[string]any{"s": org.Slug}, &out)
	return out.Organization.SeatUsage
}

// VerifyFromDevMailbox verifies the email of c, signed in as address, from
// the newest verification link in the dev mailbox (/dev/mail.json) of a
// server in another process, waiting for it.
func (c *Client) VerifyFromDevMailbox(address string) {
	c.env.T.Helper()
	for deadline := time.Now().Add(MailTimeout); ; time.Sleep(50 * time.Millisecond) {
		res, err := c.http.Get(c.env.URL + "/dev/mail.json")
		if err != nil {
			c.env.T.Fatalf("GET /dev/mail.json: %v", err)
		}
		var msgs []struct{ To, Subject, Text string }
		err = json.NewDecoder(res.Body).Decode(&msgs)
		res.Body.Close()
		if err != nil {
			c.env.T.Fatalf("GET /dev/mail.json: status %d: %v", res.StatusCode, err)
		}
		for _, m := range msgs { // newest first
			if strings.EqualFold(m.To, address) && strings.Contains(m.Text, "/verify-email?token=") {
				tok := mailtest.TokenFrom(c.env.T, mailtest.Message{To: []string{m.To}, Subject: m.Subject, Text: m.Text}, "/verify-email")
				c.MustDo(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, map[string]any{"t": tok}, nil)
				return
			}
		}
		if time.Now().After(deadline) {
			c.env.T.Fatalf("no verification email to %s in the dev mailbox within %s", address, MailTimeout)
		}
	}
}
