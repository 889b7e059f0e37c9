package ratelimit

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rules are the limits Roster applies. Defaults returns those the README
// documents; ROSTER_RATE_LIMITS overrides any of them by name.
type Rules struct {
	// Wrong passwords for one account from one client address: tight,
	// since that is one guesser.
	SignInPair Rule
	// Wrong passwords for one account from anywhere: looser, so that
	// someone guessing elsewhere cannot keep the owner out for long.
	SignInAccount Rule
	SignUpIP      Rule
	SignUpAddress Rule
	// Password-reset emails asked for one address, and from one client.
	ResetRequestAddress Rule
	ResetRequestIP      Rule
	// Password resets (with a token) from one client address.
	ResetPasswordIP Rule
	// Password changes (each checks the current password) of one user.
	ChangePasswordUser Rule
	// Verification emails asked for by one user, and from one client.
	VerificationUser Rule
	VerificationIP   Rule
	// Invitation emails of one organization, each line of a bulk invite and
	// each resend counted.
	InvitationsOrg Rule
	// Sends of one invitation, the first (its creation) included.
	InvitationSends Rule
	// Token requests at /oauth/token from one client address, counted
	// until the client authenticates: failures, in effect.
	OAuthIP Rule
	// Access tokens issued to one OAuth client: a program should keep its
	// token until it expires, not ask for one per call.
	OAuthTokens Rule
	// DNS checks of one organization's domains (verifyDomain).
	DomainChecks Rule
}

// Defaults returns the rules of a server run with no settings.
func Defaults() Rules {
	return Rules{
		SignInPair:          Rule{"signin.pair", 5, 10 * time.Minute, "Too many failed sign-in attempts for this account from your network."},
		SignInAccount:       Rule{"signin.account", 20, time.Hour, "Too many failed sign-in attempts for this account."},
		SignUpIP:            Rule{"signup.ip", 20, time.Hour, "Too many sign-ups from your network."},
		SignUpAddress:       Rule{"signup.address", 5, time.Hour, "Too many sign-ups with this email address."},
		ResetRequestAddress: Rule{"reset.address", 3, time.Hour, "Too many password-reset emails for this address."},
		ResetRequestIP:      Rule{"reset.ip", 20, time.Hour, "Too many password-reset requests from your network."},
		ResetPasswordIP:     Rule{"resetpassword.ip", 20, time.Hour, "Too many password resets from your network."},
		ChangePasswordUser:  Rule{"changepassword.user", 10, time.Hour, "Too many password changes for this account."},
		VerificationUser:    Rule{"verification.user", 5, time.Hour, "Too many verification emails for this account."},
		VerificationIP:      Rule{"verification.ip", 20, time.Hour, "Too many verification emails asked from your network."},
		InvitationsOrg:      Rule{"invitations.org", 200, time.Hour, "This organization has sent too many invitations in the last hour."},
		InvitationSends:     Rule{"invitation.sends", 3, time.Hour, "This invitation was sent too often."},
		OAuthIP:             Rule{"oauth.ip", 20, 10 * time.Minute, "Too many failed client authentications from your network."},
		OAuthTokens:         Rule{"oauth.tokens", 600, time.Hour, "This client asked for too many access tokens; keep each until it expires."},
		DomainChecks:        Rule{"domain.checks", 30, time.Hour, "This organization has checked its domains too often."},
	}
}

// All returns pointers to every rule, in the order of the README.
func (r *Rules) All() []*Rule {
	return []*Rule{&r.SignInPair, &r.SignInAccount, &r.SignUpIP, &r.SignUpAddress,
		&r.ResetRequestAddress, &r.ResetRequestIP, &r.ResetPasswordIP, &r.ChangePasswordUser,
		&r.VerificationUser, &r.VerificationIP, &r.InvitationsOrg, &r.InvitationSends,
		&r.OAuthIP, &r.OAuthTokens, &r.DomainChecks}
}

func (r Rules) validate() error {
	seen := map[string]bool{}
	for _, rule := range r.All() {
		switch {
		case rule.Name == "" || seen[rule.Name]:
			return fmt.Errorf("rate limits: rule name %q is empty or repeated", rule.Name)
		case rule.Limit > 0 && rule.Window < time.Second:
			return fmt.Errorf("rate limits: %s: the window must be at least a second", rule.Name)
		}
		seen[rule.Name] = true
	}
	return nil
}

// Set changes rules from a list such as "signin.pair=10/15m,
// invitations.org=500/1h, signup.ip=off" (ROSTER_RATE_LIMITS): each item
// names a rule and gives its limit and window, or off.
func (r *Rules) Set(list string) error {
	byName := map[string]*Rule{}
	var names []string
	for _, rule := range r.All() {
		byName[rule.Name] = rule
		names = append(names, rule.Name)
	}
	var errs []error
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, value, ok := strings.Cut(item, "=")
		rule := byName[strings.TrimSpace(name)]
		if !ok || rule == nil {
			errs = append(errs, fmt.Errorf("rate limit %q: want name=count/window or name=off, with a name among %s", item, strings.Join(names, ", ")))
			continue
		}
		value = strings.TrimSpace(value)
		if strings.EqualFold(value, "off") {
			rule.Limit = 0
			continue
		}
		count, window, ok := strings.Cut(value, "/")
		n, err := strconv.Atoi(strings.TrimSpace(count))
		d, derr := time.ParseDuration(strings.TrimSpace(window))
		if !ok || err != nil || derr != nil || n < 1 || d < time.Second {
			errs = append(errs, fmt.Errorf("rate limit %q: want a count of at least 1 and a window of at least 1s, e.g. %s=5/10m", item, rule.Name))
			continue
		}
		rule.Limit, rule.Window = n, d
	}
	return errors.Join(errs...)
}

// String lists the rules as Set takes them.
func (r Rules) String() string {
	var parts []string
	for _, rule := range r.All() {
		parts = append(parts, rule.String())
	}
	return strings.Join(parts, ",")
}
