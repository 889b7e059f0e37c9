// Package mail owns Roster's email: the messages it sends (invitations,
// reminders, address verification), the outbox that queues them in the
// transaction of the change that causes them, the worker that delivers the
// outbox with retries, and the two ways of delivering (an SMTP server, or the
// dev mailbox that logs and shows emails when no SMTP server is configured).
package mail

import "context"

// Message is one email.
type Message struct {
	// Kind names what the email is for ("invitation", "verification"); it is
	// stored with the outbox row and logged, never shown to the recipient.
	Kind    string
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
