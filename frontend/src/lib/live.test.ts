import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { accessOutcome, OrganizationChangeSync, reconnectDelay, REFETCH_DEBOUNCE_MS, REFETCH_MAX_WAIT_MS, sameSeatUsage, streamEnd } from './live';

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

describe('OrganizationChangeSync', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const subscribed = (sequence: number, used = 3, viewerRole = 'ADMIN') => ({ kind: 'SUBSCRIBED', sequence, seatUsage: usage(used), viewerRole });
  const changed = (sequence: number, used = 3, viewerRole = 'ADMIN', kind = 'INVITATION_CREATED') => ({ kind, sequence, seatUsage: usage(used), viewerRole });
  const shown = (used = 3, viewerRole = 'ADMIN') => ({ seatUsage: usage(used), viewerRole });

  it('does nothing for the first SUBSCRIBED when it matches what the page shows', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    expect(sync.receive(subscribed(7), shown())).toBe(false);
    expect(sync.lastSequence).toBe(7);
    vi.advanceTimersByTime(5_000);
    expect(refetch).not.toHaveBeenCalled();
  });

  it('refetches at once when the first SUBSCRIBED differs from what the page loaded', () => {
    const refetch = vi.fn();
    expect(new OrganizationChangeSync(refetch).receive(subscribed(7, 4), shown(3))).toBe(true);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it('shows each change’s usage and refetches once, after a quiet moment, for a burst', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    sync.receive(subscribed(7), shown());
    expect(sync.receive(changed(8, 4), shown(3))).toBe(true);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS - 50);
    // A change that leaves the seats alone (someone else's role) still refetches the lists.
    expect(sync.receive(changed(9, 4, 'ADMIN', 'MEMBER_ROLE_CHANGED'), shown(4))).toBe(false);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS - 50);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(sync.lastSequence).toBe(9);
  });

  it('still refetches under a steady stream of changes', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    sync.receive(subscribed(0, 0), shown(0));
    for (let i = 1; i <= 20; i++) {
      sync.receive(changed(i, i), shown(i - 1));
      vi.advanceTimersByTime(100);
    }
    // 2 s of events 100 ms apart: at least one refetch by the max wait.
    expect(refetch.mock.calls.length).toBeGreaterThanOrEqual(Math.floor(2_000 / REFETCH_MAX_WAIT_MS));
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('refetches at once, and once, when the viewer’s role changes', () => {
    const refetch = vi.fn();
    const onRoleChange = vi.fn();
    const sync = new OrganizationChangeSync(refetch, { onRoleChange });
    sync.receive(subscribed(7), shown(3, 'ADMIN'));
    sync.receive(changed(8, 4), shown(3, 'ADMIN'));
    expect(sync.pending).toBe(true);
    sync.receive(changed(9, 4, 'MEMBER', 'MEMBER_ROLE_CHANGED'), shown(4, 'ADMIN'));
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(onRoleChange).toHaveBeenCalledWith('MEMBER');
    // The debounced refetch it replaced does not follow.
    expect(sync.pending).toBe(false);
    // The next change arrives before the refetch brought the new role: no second refetch at once.
    sync.receive(changed(10, 5), shown(4, 'ADMIN'));
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(onRoleChange).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch).toHaveBeenCalledTimes(2);
  });

  it('refetches at once again when the role changes back and then again', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    sync.receive(subscribed(1), shown(3, 'ADMIN'));
    sync.receive(changed(2, 3, 'MEMBER', 'MEMBER_ROLE_CHANGED'), shown(3, 'ADMIN'));
    sync.receive(changed(3, 3, 'ADMIN', 'MEMBER_ROLE_CHANGED'), shown(3, 'MEMBER'));
    sync.receive(changed(4, 3, 'MEMBER', 'MEMBER_ROLE_CHANGED'), shown(3, 'ADMIN'));
    expect(refetch).toHaveBeenCalledTimes(3);
  });

  it('refetches at once after a reconnection that missed changes, and not when it missed none', () => {
    const refetch = vi.fn();
    const first = new OrganizationChangeSync(refetch);
    first.receive(subscribed(7), shown());
    first.receive(changed(8, 4), shown(3));
    vi.advanceTimersByTime(REFETCH_DEBOUNCE_MS);
    expect(refetch).toHaveBeenCalledTimes(1);

    // The same stream, resubscribed by graphql-ws on a new connection.
    first.receive(subscribed(8, 4), shown(4));
    expect(refetch).toHaveBeenCalledTimes(1);
    first.receive(subscribed(10, 4), shown(4));
    expect(refetch).toHaveBeenCalledTimes(2);
    expect(first.pending).toBe(false);

    // A new subscription after a failure starts from the last number seen.
    const second = new OrganizationChangeSync(refetch, { lastSequence: first.lastSequence });
    second.receive(subscribed(10, 4), shown(4));
    expect(refetch).toHaveBeenCalledTimes(2);
    const third = new OrganizationChangeSync(refetch, { lastSequence: 10 });
    third.receive(subscribed(11, 4), shown(4));
    expect(refetch).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(5_000);
    expect(refetch).toHaveBeenCalledTimes(3);
  });

  it('refetches at once on a gap in the numbers, and ignores a repeat', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    sync.receive(subscribed(7), shown());
    expect(sync.receive(changed(7, 9), shown())).toBe(false);
    expect(sync.pending).toBe(false);
    sync.receive(changed(9, 4), shown());
    expect(refetch).toHaveBeenCalledTimes(1);
    expect(sync.lastSequence).toBe(9);
  });

  it('never refetches after dispose', () => {
    const refetch = vi.fn();
    const sync = new OrganizationChangeSync(refetch);
    sync.receive(subscribed(1), shown());
    sync.receive(changed(2, 4), shown(3));
    expect(sync.pending).toBe(true);
    sync.dispose();
    vi.advanceTimersByTime(5_000);
    expect(sync.receive(changed(3, 5, 'MEMBER'), shown(4))).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(refetch).not.toHaveBeenCalled();
  });
});
