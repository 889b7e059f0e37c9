import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessOutcome, reconnectDelay, REFETCH_DEBOUNCE_MS, REFETCH_MAX_WAIT_MS, sameSeatUsage, SeatUsageSync, streamEnd } from './live';

const usage = (used: number, total = 10, pending = 0) => ({ used, total, available: Math.max(0, total - used), active: used - pending, pending });

describe('sameSeatUsage', () => {
  it('compares the counts, not the objects', () => {
    expect(sameSeatUsage(usage(3), usage(3))).toBe(true);
    expect(sameSeatUsage(usage(3), usage(4))).toBe(false);
    expect(sameSeatUsage(usage(3, 10), usage(3, 12))).toBe(false);
    // An invitation accepted: used stays, active and pending move.
    expect(sameSeatUsage(usage(3, 10, 1), usage(3, 10, 0))).toBe(false);
    expect(sameSeatUsage(null, usage(1))).toBe(false);
    expect(sameSeatUsage(null, null)).toBe(true);
  });
});

describe('reconnectDelay', () => {
  it('doubles from 1 s up to 30 s, with up to half again at random', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => reconnectDelay(n, () => 0))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(reconnectDelay(0, () => 0.999)).toBe(1500);
    expect(reconnectDelay(50, () => 1)).toBe(45000);
  });
});

describe('streamEnd', () => {
  const gql = (code: string) => ({ graphQLErrors: [{ extensions: { code } }] });
  it('checks access when the stream completes or the organization is refused', () => {
    expect(streamEnd(undefined)).toBe('check-access');
    expect(streamEnd(gql('NOT_FOUND'))).toBe('check-access');
    expect(streamEnd(gql('FORBIDDEN'))).toBe('check-access');
  });
  it('leaves a signed-out person to the session', () => {
    expect(streamEnd(gql('UNAUTHENTICATED'))).toBe('signed-out');
  });
  it('tries again after network and server failures', () => {
    expect(streamEnd({ graphQLErrors: [], networkError: new Error('socket closed') })).toBe('retry');
    expect(streamEnd(gql('INTERNAL'))).toBe('retry');
  });
});

describe('accessOutcome', () => {
  const viewer = (...orgIds: string[]) => ({ memberships: orgIds.map((id) => ({ organization: { id } })) });
  it('is lost access when the organization left the viewer’s memberships', () => {
    expect(accessOutcome({ viewer: viewer('org-2'), organizationId: 'org-1', departing: false })).toBe('lost-access');
    expect(accessOutcome({ viewer: viewer(), organizationId: 'org-1', departing: false })).toBe('lost-access');
  });
  it('subscribes again when the viewer is still a member, or the server could not say', () => {
    expect(accessOutcome({ viewer: viewer('org-1'), organizationId: 'org-1', departing: false })).toBe('resubscribe');
    expect(accessOutcome({ viewer: undefined, organizationId: 'org-1', departing: false })).toBe('resubscribe');
  });
  it('leaves a signed-out person to sign in, and a departure to its own flow', () => {
    expect(accessOutcome({ viewer: null, organizationId: 'org-1', departing: false })).toBe('signed-out');
    expect(accessOutcome({ viewer: viewer(), organizationId: 'org-1', departing: true })).toBe('ignore');
  });
});

describe('SeatUsageSync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does nothing for the first event when it matches what the page shows', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch);
    expect(sync.receive(usage(3), usage(3), 1)).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(refetch).not.toHaveBeenCalled();
  });

  it('refetches once, after a quiet moment, for a burst of changes', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch);
    expect(sync.receive(usage(4), usage(3), 1)).toBe(true);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS - 50);
    expect(sync.receive(usage(5), usage(4), 1)).toBe(true);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS - 50);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('still refetches under a steady stream of changes', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch);
    for (let i = 0; i < 20; i++) {
      sync.receive(usage(i + 1, 100), usage(i, 100), 1);
      vi.advanceTimersByTime(100);
    }
    // 2 s of events 100 ms apart: at least one refetch by the max wait.
    expect(refetch.mock.calls.length).toBeGreaterThanOrEqual(Math.floor(2_000 / REFETCH_MAX_WAIT_MS));
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('refetches after resuming on a new connection, even when the counts match', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch);
    sync.receive(usage(3), usage(3), 1);
    sync.receive(usage(3), usage(3), 2);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('refetches on the first event of a subscription started again after a failure', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch, { resync: true });
    sync.receive(usage(3), usage(3), 7);
    sync.receive(usage(3), usage(3), 7);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('never refetches after dispose', () => {
    const refetch = vi.fn();
    const sync = new SeatUsageSync(refetch);
    sync.receive(usage(4), usage(3), 1);
    expect(sync.pending).toBe(true);
    sync.dispose();
    vi.advanceTimersByTime(5_000);
    expect(sync.receive(usage(5), usage(4), 1)).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(refetch).not.toHaveBeenCalled();
  });
});
