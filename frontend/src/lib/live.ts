// A live organization: the pure decisions behind the organizationChanged
// subscription (see components/organizations/live.ts). The stream sends
// SUBSCRIBED with the state now (the organization's change counter, the seat
// usage, the viewer's role), then one event per committed change, numbered
// one after another; it completes when the subscriber loses access.
import type { SeatCounts } from './seats';

/** Quiet time after the last event before the page refetches its lists. */
export const REFETCH_DEBOUNCE_MS = 250;
/** Under a steady stream of events the lists still refetch this often. */
export const REFETCH_MAX_WAIT_MS = 1_500;

const FIELDS = ['used', 'total', 'available', 'active', 'pending'] as const;

export function sameSeatUsage(a: SeatCounts | null | undefined, b: SeatCounts | null | undefined): boolean {
  if (!a || !b) return a === b;
  return FIELDS.every((f) => a[f] === b[f]);
}

/**
 * Milliseconds before reconnection attempt `retries` (0, 1, 2, …): 1 s,
 * 2 s, 4 s … at most 30 s, plus up to half again at random, so that a
 * server coming back is not met by every browser at the same moment.
 */
export function reconnectDelay(retries: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, Math.min(retries, 15)));
  return Math.round(base + random() * base * 0.5);
}

interface StreamError {
  graphQLErrors: readonly { extensions?: Record<string, unknown> | null }[];
  networkError?: unknown;
}

/**
 * What to do when a stream ends:
 * - 'check-access': it completed, or the server refused the organization
 *   (NOT_FOUND, FORBIDDEN): ask who the viewer is now; they have probably
 *   lost access.
 * - 'signed-out': the session ended (the client's error handler already
 *   asks for the viewer again, which sends the person to sign in).
 * - 'retry': the network or the server failed: subscribe again later.
 */
export type StreamEnd = 'check-access' | 'signed-out' | 'retry';

export function streamEnd(error?: StreamError | null): StreamEnd {
  if (!error) return 'check-access';
  const codes = error.graphQLErrors.map((e) => e.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return 'signed-out';
  if (codes.includes('NOT_FOUND') || codes.includes('FORBIDDEN')) return 'check-access';
  return 'retry';
}

/** After the stream ended and the viewer was asked for again: what the page does. */
export type AccessOutcome = 'lost-access' | 'signed-out' | 'resubscribe' | 'ignore';

export function accessOutcome(opts: {
  /** The viewer as the server sees them now: null when signed out, undefined when it could not be asked. */
  viewer: { memberships?: readonly { organization: { id: string } }[] | null } | null | undefined;
  organizationId: string;
  /** The viewer is leaving or deleting the organization on this page; that flow says so itself. */
  departing: boolean;
}): AccessOutcome {
  if (opts.departing) return 'ignore';
  if (opts.viewer === null) return 'signed-out';
  if (opts.viewer === undefined) return 'resubscribe';
  const member = (opts.viewer.memberships ?? []).some((m) => m.organization.id === opts.organizationId);
  return member ? 'resubscribe' : 'lost-access';
}

/** One organizationChanged event, as far as the page's decisions go. */
export interface OrganizationChangeEvent {
  kind: string;
  /** The organization's change counter after this change (SUBSCRIBED: the current value). */
  sequence: number;
  seatUsage: SeatCounts;
  /** The viewer's role after the change. */
  viewerRole: string;
}

/** What the page shows now: the seat usage and the role its controls follow. */
export interface ShownOrganization {
  seatUsage: SeatCounts | null | undefined;
  viewerRole: string | null | undefined;
}

/**
 * Turns organizationChanged events into refetches of what the page shows.
 * - A change refetches the organization and the lists, debounced: a burst
 *   (a bulk invite is one event a line) costs one refetch.
 * - A change that gives the viewer another role than the page shows
 *   refetches at once (and drops the debounced one): the controls follow the
 *   role, and a demoted admin's must go now.
 * - SUBSCRIBED numbered after the last event seen (a reconnection, or a new
 *   subscription after a failure) means changes were missed: refetch at
 *   once; numbered the same, nothing (numbered before it, which the counter
 *   never does, refetches too). The first SUBSCRIBED of a page has
 *   nothing to compare its number with: it refetches at once when its usage
 *   or role differ from what the page loaded.
 * - An event numbered at or before the last seen is a repeat: ignored. One
 *   numbered past the next means some were missed: refetch at once.
 */
export class OrganizationChangeSync {
  private readonly refetch: () => void;
  private readonly onRoleChange: (role: string) => void;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstScheduledAt = 0;
  private last: number | null;
  /** The role a refetch at once was last asked for, so that the events after it do not ask again. */
  private askedRole: string | null = null;
  private disposed = false;

  /**
   * refetch: fetches the organization and the lists again. lastSequence: the
   * last number an earlier subscription of this page saw (null: none).
   * onRoleChange: called with the viewer's new role, with the refetch it
   * causes (once a role).
   */
  constructor(
    refetch: () => void,
    opts: { lastSequence?: number | null; onRoleChange?: (role: string) => void; debounceMs?: number; maxWaitMs?: number } = {},
  ) {
    this.refetch = refetch;
    this.onRoleChange = opts.onRoleChange ?? (() => {});
    this.last = opts.lastSequence ?? null;
    this.debounceMs = opts.debounceMs ?? REFETCH_DEBOUNCE_MS;
    this.maxWaitMs = opts.maxWaitMs ?? REFETCH_MAX_WAIT_MS;
  }

  /** The number of the last event taken in (null before the first). */
  get lastSequence(): number | null {
    return this.last;
  }

  /**
   * An event arrived while the page shows `shown`. Returns whether the page
   * should show the event's seat usage at once (it is news, and differs
   * from what is shown).
   */
  receive(event: OrganizationChangeEvent, shown: ShownOrganization): boolean {
    if (this.disposed) return false;
    const last = this.last;
    const subscribed = event.kind === 'SUBSCRIBED';
    if (!subscribed && last !== null && event.sequence <= last) return false;
    this.last = event.sequence;
    const usageDiffers = !sameSeatUsage(event.seatUsage, shown.seatUsage);
    const roleDiffers = shown.viewerRole != null && event.viewerRole !== shown.viewerRole;
    if (!roleDiffers) this.askedRole = null;
    if (roleDiffers && event.viewerRole !== this.askedRole) {
      this.askedRole = event.viewerRole;
      this.refetchNow();
      this.onRoleChange(event.viewerRole);
    } else if (subscribed) {
      // A number below the last seen cannot come from the same counter:
      // the page's data may be from anywhere, so it refetches too.
      const missed = last === null ? usageDiffers || roleDiffers : event.sequence !== last;
      if (missed) this.refetchNow();
    } else if (last !== null && event.sequence > last + 1) {
      this.refetchNow();
    } else {
      this.schedule();
    }
    return usageDiffers;
  }

  /** Whether a debounced refetch is waiting. */
  get pending(): boolean {
    return this.timer !== null;
  }

  private refetchNow(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.refetch();
  }

  private schedule(): void {
    const now = Date.now();
    if (this.timer === null) this.firstScheduledAt = now;
    else clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstScheduledAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.disposed) this.refetch();
    }, wait);
  }

  /** Stops: no refetch after this. */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
