// Package webhook owns webhooks: endpoints that get an organization's
// events (developer.graphql's list), signed per the Standard Webhooks
// specification with the reference library
// (github.com/standard-webhooks/standard-webhooks/libraries).
//
// Deliveries are an outbox: the change.Recorder hook writes one row per
// event and webhook in the transaction of the change itself, so an event
// is delivered if and only if its change committed. A worker on every
// replica sends them, claiming each row with a conditional update (so one
// replica sends it), with a timeout per attempt, no redirects followed,
// and retries with exponential backoff (MaxAttempts in all). Each
// delivery keeps its body and ID across retries and resends, so receivers
// can drop duplicates by the webhook-id header.
//
// SSRF: a URL's host is resolved at creation and every address checked,
// and every connection is checked again as it is dialed (Guard), unless
// private networks are allowed (ROSTER_WEBHOOK_ALLOW_PRIVATE_NETWORKS).
package webhook

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rosterhq/roster/server/relay"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/rosterhq/roster/ent"
	"github.com/rosterhq/roster/ent/organization"
	entwebhook "github.com/rosterhq/roster/ent/webhook"
	"github.com/rosterhq/roster/ent/webhookdelivery"
	"github.com/rosterhq/roster/server/change"
	"github.com/rosterhq/roster/server/database"
	"github.com/rosterhq/roster/server/errcode"
	"github.com/rosterhq/roster/server/globalid"
	"github.com/rosterhq/roster/server/policy"
	"github.com/rosterhq/roster/server/seat"
	"github.com/rosterhq/roster/server/secretbox"
	"github.com/rosterhq/roster/server/viewer"
)

// EventTypes are the events a webhook may get (developer.graphql).
var EventTypes = []string{
	"invitation.created", "invitation.resent", "invitation.canceled", "invitation.accepted",
	"invitation.expired", "member.joined", "member.removed", "member.role_changed",
	"organization.ownership_transferred", "seats.changed", "domain.verified",
}

// Delivery statuses.
const (
	Pending   = "PENDING"
	Succeeded = "SUCCEEDED"
	Failed    = "FAILED"
)

// MaxAttempts is how many times a delivery is tried before it is FAILED.
const MaxAttempts = 5

// firstRetry is the wait after the first failure; each next one is four
// times longer (30 s, 2 min, 8 min, 32 min).
const firstRetry = 30 * time.Second

// DefaultTimeout is how long one attempt may take, connection included.
const DefaultTimeout = 10 * time.Second

// Backoff is the wait after the attempt-th failed attempt.
func Backoff(attempt int) time.Duration {
	d := firstRetry
	for i := 1; i < attempt; i++ {
		d *= 4
	}
	return d
}

// Options configure the service.
type Options struct {
	Guard   Guard
	Timeout time.Duration  // per attempt; DefaultTimeout when zero
	Clock   database.Clock // schedules retries; the real time when nil
	Logger  *slog.Logger
}

// Service makes and deletes webhooks, queues their deliveries and sends
// them.
type Service struct {
	client  *ent.Client
	changes *change.Recorder
	box     *secretbox.Box
	opts    Options
	http    *http.Client
	wake    chan struct{}
}

// NewService returns the webhook service and attaches its outbox to
// changes.
func NewService(client *ent.Client, changes *change.Recorder, box *secretbox.Box, opts Options) *Service {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Clock == nil {
		opts.Clock = database.SystemClock{}
	}
	s := &Service{
		client: client, changes: changes, box: box, opts: opts, wake: make(chan struct{}, 1),
		http: newHTTPClient(opts.Guard, opts.Timeout),
	}
	changes.OnRecord(s.enqueue)
	return s
}

// newHTTPClient is the client deliveries are sent with: every connection
// checked by guard as it is dialed, no proxy (which would dial in our
// place), no redirects followed, and timeout for the whole attempt.
func newHTTPClient(guard Guard, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: guard.control}
	return &http.Client{
		Timeout: timeout,
		// A redirect is the endpoint's answer, not a place to go: it could
		// point anywhere, the metadata service included.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         dialer.DialContext,
			TLSHandshakeTimeout: timeout,
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     30 * time.Second,
		},
	}
}

// Created is a new webhook with its signing secret, shown this once.
type Created struct {
	Webhook       *ent.Webhook
	SigningSecret string
}

// Create adds a webhook to an organization for events. Only a person with
// CREATE_WEBHOOKS may.
func (s *Service) Create(ctx context.Context, orgID, rawURL string, events []string) (*Created, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return nil, err
	}
	v, _, err := viewer.Require(ctx, orgID, policy.CreateWebhooks)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, errcode.Invalid("events", "Choose at least one event.")
	}
	var types []string
	for _, e := range events {
		if !slices.Contains(EventTypes, e) {
			return nil, errcode.Invalid("events", "Unknown event %q; the events are %s.", e, strings.Join(EventTypes, ", "))
		}
		if !slices.Contains(types, e) {
			types = append(types, e)
		}
	}
	u, err := s.opts.Guard.CheckURL(ctx, rawURL)
	if err != nil {
		return nil, errcode.Invalid("url", "%s", err.Error())
	}
	key := make([]byte, 24)
	_, _ = rand.Read(key)
	secret := "whsec_" + base64.StdEncoding.EncodeToString(key)
	id := globalid.New(globalid.Webhook)
	var hook *ent.Webhook
	err = database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := seat.Lock(ctx, tx, orgID); err != nil {
			return err
		}
		hook, err = tx.Webhook.Create().
			SetID(id).
			SetOrganizationID(orgID).
			SetURL(u.String()).
			SetEvents(types).
			SetSecretSealed(s.box.Seal(secret, id)).
			SetCreatedByID(v.UserID).
			SetCreatedAt(database.Now()).
			Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.WebhookCreated{Webhook: hook})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Created{Webhook: hook.Unwrap(), SigningSecret: secret}, nil
}

// Delete removes a webhook and its deliveries.
func (s *Service) Delete(ctx context.Context, id string) (bool, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return false, err
	}
	err := database.InTx(ctx, s.client, func(tx *ent.Tx) error {
		hook, err := tx.Webhook.Get(ctx, id) // tenant-scoped
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("webhook")
		}
		if err != nil {
			return err
		}
		if _, _, err := viewer.Require(ctx, hook.OrganizationID, policy.CreateWebhooks); err != nil {
			return err
		}
		if _, err := seat.Lock(ctx, tx, hook.OrganizationID); err != nil {
			return err
		}
		if _, err := tx.WebhookDelivery.Delete().Where(webhookdelivery.WebhookID(id)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.Webhook.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		_, err = s.changes.Record(ctx, tx, change.WebhookDeleted{Webhook: hook})
		return err
	})
	return err == nil, err
}

// List returns an organization's webhooks, newest first, to those who may
// create them (FORBIDDEN to other members).
func (s *Service) List(ctx context.Context, orgID string) ([]*ent.Webhook, error) {
	if _, _, err := viewer.Require(ctx, orgID, policy.CreateWebhooks); err != nil {
		return nil, err
	}
	return s.client.Webhook.Query().Where(entwebhook.OrganizationID(orgID)).
		Order(ent.Desc(entwebhook.FieldCreatedAt), ent.Desc(entwebhook.FieldID)).All(ctx)
}

var newestFirst = &ent.WebhookDeliveryOrder{Direction: relay.OrderDirectionDesc, Field: ent.WebhookDeliveryOrderFieldCreatedAt}

// Deliveries returns a page of a webhook's deliveries, newest first.
func (s *Service) Deliveries(ctx context.Context, hook *ent.Webhook, after *relay.Cursor[string], first *int,
	before *relay.Cursor[string], last *int,
) (*ent.WebhookDeliveryConnection, error) {
	if _, _, err := viewer.Require(ctx, hook.OrganizationID, policy.CreateWebhooks); err != nil {
		return nil, err
	}
	return s.client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(hook.ID)).
		Paginate(ctx, after, first, before, last, ent.WithWebhookDeliveryOrder(newestFirst))
}

// Resend queues a delivery again, with its body and ID, for a full set of
// attempts (a FAILED one, typically, once its endpoint is fixed).
func (s *Service) Resend(ctx context.Context, id string) (*ent.WebhookDelivery, error) {
	if _, err := viewer.RequirePerson(ctx); err != nil {
		return nil, err
	}
	d, err := s.client.WebhookDelivery.Get(ctx, id) // tenant-scoped
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("webhook delivery")
	}
	if err != nil {
		return nil, err
	}
	if _, _, err := viewer.Require(ctx, d.OrganizationID, policy.CreateWebhooks); err != nil {
		return nil, err
	}
	d, err = s.client.WebhookDelivery.UpdateOneID(id).
		SetStatus(Pending).SetAttempts(0).SetNextAttemptAt(s.opts.Clock.Now().UTC()).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	s.Wake()
	return d, nil
}

// Wake makes the worker look for due deliveries now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// enqueue is the change.Recorder hook: one delivery per event and webhook
// that wants it, in the change's transaction.
func (s *Service) enqueue(ctx context.Context, tx *ent.Tx, events []change.Recorded) error {
	var orgs []string
	for _, e := range events {
		if slices.Contains(EventTypes, string(e.Action)) && !slices.Contains(orgs, e.OrganizationID) {
			orgs = append(orgs, e.OrganizationID)
		}
	}
	if len(orgs) == 0 {
		return nil
	}
	hooks, err := tx.Webhook.Query().Where(entwebhook.OrganizationIDIn(orgs...), entwebhook.Active(true)).All(ctx)
	if err != nil || len(hooks) == 0 {
		return err
	}
	names := map[string]*ent.Organization{}
	found, err := tx.Organization.Query().Where(organization.IDIn(orgs...)).All(ctx)
	if err != nil {
		return err
	}
	for _, o := range found {
		names[o.ID] = o
	}
	now := s.opts.Clock.Now().UTC()
	var builders []*ent.WebhookDeliveryCreate
	for _, e := range events {
		typ := string(e.Action)
		if !slices.Contains(EventTypes, typ) {
			continue
		}
		var body []byte
		for _, h := range hooks {
			if h.OrganizationID != e.OrganizationID || !slices.Contains(h.Events, typ) {
				continue
			}
			if body == nil {
				if body, err = payload(e, names[e.OrganizationID]); err != nil {
					return err
				}
			}
			builders = append(builders, tx.WebhookDelivery.Create().
				SetWebhookID(h.ID).SetOrganizationID(h.OrganizationID).SetEventType(typ).
				SetPayload(string(body)).SetPayloadTimestamp(e.At).
				SetNextAttemptAt(now).SetCreatedAt(database.Now()))
		}
	}
	for batch := range slices.Chunk(builders, database.Batch) {
		if err := tx.WebhookDelivery.CreateBulk(batch...).Exec(ctx); err != nil {
			return err
		}
	}
	if len(builders) > 0 {
		database.AfterCommit(tx, s.Wake)
	}
	return nil
}

// payload is an event's body: {"type", "timestamp", "data"}, data naming
// the organization, the actor and the subject, and the event's details.
func payload(e change.Recorded, org *ent.Organization) ([]byte, error) {
	orgData := map[string]any{"id": e.OrganizationID}
	if org != nil {
		orgData["name"], orgData["slug"] = org.Name, org.Slug
	}
	actor := map[string]any{"type": "system", "label": e.ActorLabel}
	switch {
	case e.ActorKind == policy.APIKey:
		actor["type"], actor["id"] = "api_key", e.ProgramID
	case e.ActorKind == policy.OAuthClient:
		actor["type"], actor["id"] = "oauth_client", e.ProgramID
	case e.ActorID != "":
		actor["type"], actor["id"], actor["email"] = "user", e.ActorID, e.ActorLabel
	}
	data := map[string]any{}
	for k, v := range e.Data {
		data[k] = v
	}
	data["organization"] = orgData
	data["actor"] = actor
	data["subject"] = map[string]any{"id": e.SubjectID, "label": e.Subject}
	if e.Usage != nil {
		data["seats"] = map[string]any{"active": e.Usage.Active, "pending": e.Usage.Pending, "total": e.Usage.Total}
	}
	return json.Marshal(map[string]any{
		"type":      string(e.Action),
		"timestamp": e.At.UTC().Format(time.RFC3339Nano),
		"data":      data,
	})
}

// poll is how often the worker looks for due deliveries without being
// woken (retries coming due; other replicas' changes).
const poll = 2 * time.Second

// concurrency is how many deliveries one replica sends at once.
const concurrency = 4

// Run sends due deliveries until ctx is done.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for s.sendDue(ctx) {
		}
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
		case <-t.C:
		}
	}
}

// sendDue sends one batch of due deliveries, and reports whether there may
// be more.
func (s *Service) sendDue(ctx context.Context) bool {
	sys := database.System(ctx)
	now := s.opts.Clock.Now().UTC()
	due, err := s.client.WebhookDelivery.Query().
		Where(webhookdelivery.Status(Pending), webhookdelivery.NextAttemptAtLTE(now)).
		Order(ent.Asc(webhookdelivery.FieldNextAttemptAt)).Limit(20).All(sys)
	if err != nil {
		if ctx.Err() == nil {
			s.opts.Logger.Error("webhooks: read due deliveries", "error", err)
		}
		return false
	}
	var wg sync.WaitGroup
	slots := make(chan struct{}, concurrency)
	for _, d := range due {
		// Claim it: one replica, one attempt at a time. The lease outlasts
		// the attempt; a replica that dies mid-attempt leaves it due again.
		n, err := s.client.WebhookDelivery.Update().
			Where(webhookdelivery.ID(d.ID), webhookdelivery.Status(Pending), webhookdelivery.NextAttemptAt(d.NextAttemptAt)).
			SetNextAttemptAt(now.Add(2*s.opts.Timeout + time.Minute)).Save(sys)
		if err != nil || n == 0 {
			continue
		}
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			s.attempt(sys, d)
		})
	}
	wg.Wait()
	return len(due) == 20
}

// attempt sends a delivery once and records the outcome.
func (s *Service) attempt(ctx context.Context, d *ent.WebhookDelivery) {
	status, err := s.send(ctx, d)
	attempts := d.Attempts + 1
	upd := s.client.WebhookDelivery.UpdateOneID(d.ID).SetAttempts(attempts)
	if status != 0 {
		upd.SetResponseStatus(status)
	} else {
		upd.ClearResponseStatus()
	}
	switch {
	case err == nil:
		upd.SetStatus(Succeeded).SetLastError("")
	case attempts >= MaxAttempts:
		upd.SetStatus(Failed).SetLastError(err.Error())
	default:
		upd.SetNextAttemptAt(s.opts.Clock.Now().UTC().Add(Backoff(attempts))).SetLastError(err.Error())
	}
	if err != nil {
		// The URL may carry a token of the receiver's: it is not logged.
		s.opts.Logger.Warn("webhooks: delivery failed", "delivery", d.ID, "webhook", d.WebhookID, "attempt", attempts, "status", status, "error", err)
	}
	if uerr := upd.Exec(ctx); uerr != nil && !ent.IsNotFound(uerr) {
		s.opts.Logger.Error("webhooks: record an attempt", "delivery", d.ID, "error", uerr)
	}
}

// send posts the delivery, signed; a status outside 2xx is an error.
func (s *Service) send(ctx context.Context, d *ent.WebhookDelivery) (int, error) {
	hook, err := s.client.Webhook.Get(ctx, d.WebhookID)
	if err != nil {
		return 0, fmt.Errorf("the webhook is gone: %w", err)
	}
	secret, err := s.box.Open(hook.SecretSealed, hook.ID)
	if err != nil {
		return 0, err
	}
	signer, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		return 0, err
	}
	// Signed at each attempt, by the real time: receivers check the
	// timestamp against their own clock.
	at := time.Now()
	sig, err := signer.Sign(d.ID, at, []byte(d.Payload))
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, strings.NewReader(d.Payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Roster-Webhooks/1")
	req.Header.Set(standardwebhooks.HeaderWebhookID, d.ID)
	req.Header.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(at.Unix(), 10))
	req.Header.Set(standardwebhooks.HeaderWebhookSignature, sig)
	res, err := s.http.Do(req)
	if err != nil {
		return 0, sanitize(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("the endpoint answered %d", res.StatusCode)
	}
	return res.StatusCode, nil
}

// sanitize keeps an HTTP client error's reason without its URL, which may
// carry the receiver's own token.
func sanitize(err error) error {
	var ue interface{ Unwrap() error }
	if u, ok := err.(interface {
		Unwrap() error
		Timeout() bool
	}); ok {
		if u.Timeout() {
			return fmt.Errorf("the attempt timed out")
		}
		ue = u
	}
	if ue != nil {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}
