// Live seat usage: the pure decisions behind the seatUsageChanged
// subscription (see components/organizations/useLiveSeatUsage.ts). The
// stream sends the current usage at once, then the usage after every change;
// it completes when the subscriber loses access to the organization.
import type { SeatCounts } from './seats';

/** The extension lib/client.ts stamps on every subscription event: which websocket connection it came over. */
export const CONNECTION_EXTENSION = 'rosterConnection';

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

/**
 * Turns seat-usage events into (debounced) refetches of what the page
 * lists. An event that matches what the page shows needs nothing: the
 * first event repeats the usage the page loaded with, and the viewer's own
 * changes already refetched. After a reconnection (a new connection, or a
 * new subscription after a failure) the first event refetches anyway: a
 * change may have been missed.
 */
export class SeatUsageSync {
  private readonly refetch: () => void;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstScheduledAt = 0;
  private connection: unknown = undefined;
  private resync: boolean;
  private disposed = false;

  /** resync: refetch on the first event (a subscription started again after a failure). */
  constructor(refetch: () => void, opts: { resync?: boolean; debounceMs?: number; maxWaitMs?: number } = {}) {
    this.refetch = refetch;
    this.resync = opts.resync ?? false;
    this.debounceMs = opts.debounceMs ?? REFETCH_DEBOUNCE_MS;
    this.maxWaitMs = opts.maxWaitMs ?? REFETCH_MAX_WAIT_MS;
  }

  /**
   * An event arrived with `usage`, over `connection`, while the page shows
   * `shown`. Returns whether the usage differs from what is shown (the
   * page then shows the event's usage at once).
   */
  receive(usage: SeatCounts, shown: SeatCounts | null | undefined, connection?: unknown): boolean {
    if (this.disposed) return false;
    const resumed = this.connection !== undefined && connection !== undefined && connection !== this.connection;
    if (connection !== undefined) this.connection = connection;
    const changed = !sameSeatUsage(usage, shown);
    if (changed || resumed || this.resync) {
      this.resync = false;
      this.schedule();
    }
    return changed;
  }

  /** Whether a refetch is waiting. */
  get pending(): boolean {
    return this.timer !== null;
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
